"""Layout is not data: each layout rule on a small hand-built grid (DESIGN.md, "Rules for rows"
and "Rules for special tables"). The grids imitate tables of the real documents named in each
test; the expected facts are written out by hand."""
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd

from budgetlib.hierarchy import _catalogue_names, catalogue_order_codes, order_codes
from budgetlib.model import Grid
from budgetlib.tidy import read_table, table_facts

ROOT = Path(__file__).resolve().parents[1]
UNIT = "某某局"


def grid(rows: list[list[str]], merged: dict = None, key: str = "gpb_by_function", page: int = 3,
         context: str = f"单位名称：{UNIT} 单位：万元") -> Grid:
    """A grid from its rows of cell texts; ``merged`` maps a covered cell (r, c) to the origin of
    its block (the covered cell's text is ignored)."""
    merged = merged or {}
    n_cols = max(len(r) for r in rows)
    rows = [r + [""] * (n_cols - len(r)) for r in rows]
    origin = [[merged.get((r, c), (r, c)) for c in range(n_cols)] for r in range(len(rows))]
    blocks = {(r, c): rows[r][c] for r in range(len(rows)) for c in range(n_cols)
              if origin[r][c] == (r, c) and rows[r][c]}
    text = [[rows[r][c] if origin[r][c] == (r, c) else "" for c in range(n_cols)] for r in range(len(rows))]
    cols = [(50.0 + 60 * c, 110.0 + 60 * c) for c in range(n_cols)]
    tops = [(800.0 - 20 * r, 780.0 - 20 * r) for r in range(len(rows))]
    return Grid(page=page, bbox=(50.0, tops[-1][1], cols[-1][1], 800.0), cols=cols, rows=tops, text=text,
                origin=origin, key=key, title="表", context=context, blocks=blocks)


def facts_of(g: Grid, known=frozenset()):
    facts, residue, findings = table_facts(read_table([g]), set(known), UNIT)
    return facts, residue, findings


def cells(facts) -> list[tuple]:
    return [(f["unit"], f["code"], f["name"], f["measure"], f["amount"]) for f in facts]


def test_column_number_row_under_the_header_is_layout():
    # 杭州 p30 表5: the row "** | 1 | 2 | 3 | 4 | 5" under the header numbers the columns
    g = grid([["功能分类科目名称", "合计", "基本支出", "", "项目支出"],
              ["", "", "小计", "人员经费", ""],
              ["**", "1", "2", "3", "4"],
              ["合计", "30.00", "20.00", "20.00", "10.00"]],
             merged={(0, 3): (0, 2), (1, 0): (0, 0), (1, 1): (0, 1), (1, 4): (0, 4)})
    facts, residue, _ = facts_of(g)
    assert cells(facts) == [(UNIT, "", "合计", "合计", Decimal("30.00")), (UNIT, "", "合计", "小计", Decimal("20.00")),
                            (UNIT, "", "合计", "人员经费", Decimal("20.00")), (UNIT, "", "合计", "项目支出", Decimal("10.00"))]
    assert sorted(r["text"] for r in residue if r["reason"] == "column numbers (layout)") == ["**", "1", "2", "3", "4"]


def test_lanci_row_with_letters_is_layout():
    # 决算 tables: "栏次 | 1 | 2 | 3" (and 甲 | 乙 in the label columns)
    g = grid([["项目", "年初结转和结余", "本年收入合计", "本年支出合计"],
              ["栏次", "1", "2", "3"],
              ["一、财政拨款", "5.00", "4.00", "1.00"]], key="final_income_expense_summary")
    facts, _, _ = facts_of(g)
    assert [f["amount"] for f in facts] == [Decimal("5.00"), Decimal("4.00"), Decimal("1.00")]


def test_hangci_column_is_no_amount():
    # 收支总表 printing 项目 | 行次 | 金额: the 行次 numbers are layout
    g = grid([["项目", "行次", "金额"],
              ["一、财政拨款", "1", "100.00"],
              ["二、事业收入", "2", "5.00"],
              ["收入总计", "3", "105.00"]], key="income_summary")
    facts, residue, _ = facts_of(g)
    assert cells(facts) == [(UNIT, "", "一、财政拨款", "金额", Decimal("100.00")),
                            (UNIT, "", "二、事业收入", "金额", Decimal("5.00")),
                            (UNIT, "", "收入总计", "金额", Decimal("105.00"))]
    assert sorted(r["text"] for r in residue if r["reason"] == "row number (layout)") == ["1", "2", "3"]


def test_xuhao_column_is_no_amount():
    # 项目支出表 with a 序号 column: 1 | 项目A | 10.00
    g = grid([["序号", "项目名称", "金额"],
              ["1", "信息化运维", "10.00"],
              ["2", "课题研究", "2.50"]], key="project_expense")
    facts, _, _ = facts_of(g)
    assert cells(facts) == [(UNIT, "", "信息化运维", "金额", Decimal("10.00")),
                            (UNIT, "", "课题研究", "金额", Decimal("2.50"))]


def test_code_in_the_name_cell():
    # 广州 p11 表5 prints "[2014001]行政运行"; other documents print "2010501 行政运行"
    g = grid([["功能科目名称", "小计"],
              ["合计", "3.00"],
              ["[201]一般公共服务支出", "3.00"],
              ["20105 统计信息事务", "3.00"],
              ["2010501 行政运行", "3.00"],
              ["1.公务用车购置费", "0.00"]])
    facts, _, _ = facts_of(g)
    assert [(f["code"], f["name"]) for f in facts] == [
        ("", "合计"), ("201", "一般公共服务支出"), ("20105", "统计信息事务"), ("2010501", "行政运行"),
        ("", "1.公务用车购置费")]


def test_two_code_pairs_side_by_side():
    # 烟台 p16 公开表6: 部门经济分类 类|款|名称, then 政府经济分类 类|款|名称
    g = grid([["科目编码", "", "部门预算支出经济分类科目名称", "科目编码", "", "政府预算支出经济分类科目名称", "小计"],
              ["类", "款", "", "类", "款", "", ""],
              ["", "", "合计", "", "", "", "1.00"],
              ["301", "", "工资福利支出", "501", "", "机关工资福利支出", "1.00"],
              ["301", "01", "基本工资", "501", "01", "工资奖金津补贴", "1.00"]],
             merged={(0, 1): (0, 0), (0, 4): (0, 3), (1, 2): (0, 2), (1, 5): (0, 5), (1, 6): (0, 6),
                     (2, 1): (2, 0)}, key="gpb_basic_by_economic")
    facts, residue, _ = facts_of(g)
    assert [(f["code"], f["name"], f["gov_economic_code"], f["gov_economic_name"]) for f in facts] == [
        ("", "合计", "", ""), ("301", "工资福利支出", "501", "机关工资福利支出"), ("30101", "基本工资", "50101", "工资奖金津补贴")]
    assert not [r for r in residue if r["text"] == "工资奖金津补贴"]


def test_codes_over_lei_kuan_xiang_columns_child_rows_print_only_their_part():
    # 长沙 p18: 类 | 款 | 项 columns, 款 rows print only "02", 项 rows only "01"
    g = grid([["科目编码", "", "", "科目名称", "合计"],
              ["类", "款", "项", "", ""],
              ["204", "", "", "公共安全支出", "9.00"],
              ["", "02", "", "公安", "9.00"],
              ["", "", "01", "行政运行", "9.00"]],
             merged={(0, 1): (0, 0), (0, 2): (0, 0), (1, 3): (0, 3), (1, 4): (0, 4)})
    facts, _, _ = facts_of(g)
    assert [f["code"] for f in facts] == ["204", "20402", "2040201"]


def test_short_codes_in_one_column_take_their_parent():
    # 西安应急管理局 p7: 类 "208", 款 "05", 项 "2080505" in one 科目编码 column
    g = grid([["科目编码", "科目名称", "合计"],
              ["208", "社会保障和就业支出", "5.00"],
              ["05", "行政事业单位养老支出", "5.00"],
              ["2080505", "机关事业单位基本养老保险缴费支出", "5.00"],
              ["224", "灾害防治及应急管理支出", "1.00"],
              ["01", "应急管理事务", "1.00"],
              ["01", "行政运行", "1.00"]])
    facts, _, _ = facts_of(g)
    assert [f["code"] for f in facts] == ["208", "20805", "2080505", "224", "22401", "2240101"]


def test_total_row_is_never_a_unit():
    # 苏州 p12 公开02表: 合计 in the merged 单位代码+单位名称 cell, then "105001 | 苏州市水务局"
    g = grid([["单位代码", "单位名称", "合计"],
              ["合计", "", "9.00"],
              ["105001", "苏州市水务局", "9.00"]], merged={(1, 1): (1, 0)}, key="income_summary",
             context="单位名称：苏州市水务局 单位：万元")
    facts, residue, _ = facts_of(g)
    assert [(f["unit"], f["code"], f["name"]) for f in facts] == [("苏州市水务局", "", "合计"), ("苏州市水务局", "", "")]
    assert [r["text"] for r in residue if r["reason"] == "unit number (单位代码)"] == ["105001"]


def test_total_row_named_like_a_unit_elsewhere_stays_a_total():
    # a 合计 printed in another table's 单位名称 column does not make 合计 a unit name
    g = grid([["项目", "合计"], ["合计", "4.00"], ["工资福利支出", "4.00"]])
    facts, _, _ = facts_of(g, known={"合计", UNIT})
    assert [(f["unit"], f["name"]) for f in facts] == [(UNIT, "合计"), (UNIT, "工资福利支出")]


def test_rows_without_codes_take_catalogue_codes_by_their_order():
    # 杭州 p30 表5 prints names only, levels by indentation: 卫生健康支出 / 行政事业单位医疗 /
    # 行政单位医疗 / 事业单位医疗 (the catalogue: 210, 21011, 2101101, 2101102)
    options = _catalogue_names("2")
    assert order_codes(["社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休",
                        "机关事业单位基本养老保险缴费支出", "卫生健康支出", "行政事业单位医疗", "行政单位医疗"],
                       options) == ["208", "20805", "2080501", "2080505", "210", "21011", "2101101"]


def test_unit_number_in_the_code_column_is_a_unit_row():
    # 西安应急管理局 p7: "125001 | 西安市安全生产监督管理局 | 2,080.32" under 功能科目编码, then its 科目 rows
    g = grid([["功能科目编码", "功能科目名称", "合计"],
              ["", "合计", "3.00"],
              ["125001", "西安市安全生产监督管理局", "3.00"],
              ["208", "社会保障和就业支出", "3.00"],
              ["05", "行政事业单位离退休", "3.00"]])
    facts, residue, _ = facts_of(g)
    assert [(f["unit"], f["code"], f["name"]) for f in facts] == [
        (UNIT, "", "合计"), ("西安市安全生产监督管理局", "", ""),
        ("西安市安全生产监督管理局", "208", "社会保障和就业支出"), ("西安市安全生产监督管理局", "20805", "行政事业单位离退休")]
    assert [r["text"] for r in residue if r["reason"] == "unit number (单位代码)"] == ["125001"]


def test_label_end_wrapped_onto_the_next_page_joins_its_row():
    # 杭州 p24 prints "杭州市综合交通运输研究 | 5,290.70" as its last row; p25 starts with "中心"
    first = grid([["单位名称", "总计"], ["合计", "7.00"], ["某某局", "2.00"], ["杭州市综合交通运输研究", "5.00"]],
                 key="income_summary", page=24)
    second = grid([["中心", ""], ["某某站", "1.00"]], key="income_summary", page=25)
    second.continued = True
    facts, residue, _ = table_facts(read_table([first, second]), set(), UNIT)
    assert [(f["unit"], f["name"], f["amount"]) for f in facts] == [
        (UNIT, "合计", Decimal("7.00")), ("某某局", "", Decimal("2.00")),
        ("杭州市综合交通运输研究中心", "", Decimal("5.00")), ("某某站", "", Decimal("1.00"))]


def test_a_class_block_with_an_unknown_name_keeps_its_class_code():
    # 杭州 p30 表5: "一般公共服务支出 6,701.98 / 社会工作事务 1.98 / …" — 社会工作事务 (new in 2024)
    # is in no shipped document: its 类 row is coded, the rows of the block are not
    options = _catalogue_names("2")
    assert order_codes(["一般公共服务支出", "某未知款", "某未知项", "卫生健康支出", "行政事业单位医疗", "行政单位医疗"],
                       options) == ["201", "", "", "210", "21011", "2101101"]


def _name_rows(rows):
    return pd.DataFrame([{"table": "gpb_by_function", "unit": UNIT, "page": 30, "group": 0, "row": i,
                          "name": n, "measure": "合计", "amount": Decimal(a), "code": "", "side": ""}
                         for i, (n, a) in enumerate(rows)])


def test_partly_coded_table_only_when_its_class_rows_make_the_total():
    rows = [("合计", "24.00"), ("一般公共服务支出", "20.00"), ("某未知款", "20.00"),
            ("卫生健康支出", "4.00"), ("行政事业单位医疗", "4.00")]
    found, finding = catalogue_order_codes(_name_rows(rows))
    assert list(found) == ["", "201", "", "210", "21011"] and "3/4" in finding.message
    # an unknown name that is a 类 of its own: the coded 类 rows (20 + 4) miss its 5 of the 29
    rows = [("合计", "29.00")] + rows[1:3] + [("某未知类", "5.00")] + rows[3:]
    found, finding = catalogue_order_codes(_name_rows(rows))
    assert not any(found) and "0/5" in finding.message


def test_catalogue_builder_rejects_figures_before_text():
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_catalogue", ROOT / "scripts" / "build_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path  # the script puts the repository first on sys.path (its own imports)
    # 西安卫健委 prints "500 年初预算数", 长沙公安局 "500 新招录辅警…", 西安气象局 "575 万元/年"
    assert not module.plausible("500", "年初预算数") and not module.plausible("575", "万元/年")
    assert module.plausible("2013350", "事业运行") and module.plausible("30213", "维修（护）费")


def test_a_serial_column_headed_only_by_its_first_character_is_layout():
    # 西安气象局 p30 表13: "序号单位编码 单位名称 …" prints 序号 wrapped so its column reads "序"; the
    # row numbers "1 合计 12240 …" are no amounts
    from budgetlib.tidy.layout import is_layout_header
    assert is_layout_header("序") and is_layout_header("序号") and not is_layout_header("序列")


def test_lei_kuan_xiang_headed_alone_are_the_parts_of_one_code():
    # 长沙 p14 收入总表 prints 类 | 款 | 项 with no 科目编码 over them, then "** ** ** ** 1 2 3":
    #   201             一般公共服务支出      3.00   3.00   3.00
    #         11          纪检监察事务         3.00   3.00   3.00
    #   204   02   02     一般行政管理事务  36,490.02  36,490.02  18,228.51
    g = grid([["类", "款", "项", "功能科目", "合计", "本级财政拨款", ""],
              ["", "", "", "", "", "金额", "其中:经费拨款"],
              ["**", "**", "**", "**", "1", "2", "3"],
              ["201", "", "", "一般公共服务支出", "3.00", "3.00", "3.00"],
              ["", "11", "", "纪检监察事务", "3.00", "3.00", "3.00"],
              ["204", "02", "02", "一般行政管理事务", "36,490.02", "36,490.02", "18,228.51"]],
             merged={(0, 6): (0, 5), (1, 0): (0, 0), (1, 1): (0, 1), (1, 2): (0, 2), (1, 3): (0, 3), (1, 4): (0, 4)},
             key="income_summary", page=14)
    facts, residue, findings = facts_of(g)
    assert [(f["code"], f["name"], f["measure"], f["amount"]) for f in facts if f["measure"] == "其中:经费拨款"] == [
        ("201", "一般公共服务支出", "其中:经费拨款", Decimal("3.00")), ("20111", "纪检监察事务", "其中:经费拨款", Decimal("3.00")),
        ("2040202", "一般行政管理事务", "其中:经费拨款", Decimal("18228.51"))]
    assert {f["measure"] for f in facts} == {"合计", "金额", "其中:经费拨款"}
    assert sorted(r["text"] for r in residue if r["reason"] == "column numbers (layout)") == ["*" * 2] * 4 + list("123")
    assert not findings


def test_a_targets_form_reads_its_indicator_values_as_text():
    # 长沙 p24 项目支出绩效目标表: 资金总额 is money; 指标值 (10, 100, 符合要求) and 备注 (4, 6) are targets
    #   106001 大型警保卫及基础设施安全保护工作经费 428.69 发挥公安职能… 产出指标 数量指标 印发宣传手册、图画等资料 10 … 万份 ≥ 4
    g = grid([["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "绩效指标", "", "", ""],
              ["", "", "", "", "一级指标", "三级指标", "指标值", "备注"],
              ["106001", "大型警保卫及基础设施安全保护工作经费", "428.69", "发挥公安职能", "产出指标", "印发宣传手册、图画等资料",
               "10", "4"],
              ["", "", "", "", "", "三电安全隐患整改完成率", "100", "6"],
              ["", "", "", "", "", "警保卫任务质量", "符合要求", "2"]],
             merged={(0, 5): (0, 4), (0, 6): (0, 4), (0, 7): (0, 4), (1, 0): (0, 0), (1, 1): (0, 1), (1, 2): (0, 2),
                     (1, 3): (0, 3)}, key="performance_targets", page=24)
    facts, residue, findings = facts_of(g)
    assert cells(facts) == [(UNIT, "", "大型警保卫及基础设施安全保护工作经费", "资金总额", Decimal("428.69"))]
    targets = [r["text"] for r in residue if r["reason"].startswith("performance target")]
    assert {"10", "100", "符合要求", "4", "6", "2"} <= set(targets)
    assert not findings
