"""Layouts of templates none of the shared documents prints, found by a generated probe of 北京 /
四川 / 河南 / central-ministry style tables (2026-12-04): each document below is internally
consistent, so it must read with every printed amount placed and no warning or defect — and a
planted error must still be found.

- a continuation page titled …（续表） / …（续） / 续表3 … continues its table (it started a new
  one: false total_row_sum defects);
- an 增减率（%） column is no money (it was summed into parent_sum: a false defect);
- 单位：元 printed inside the grid, or not at all on one table of a 元 document (money_unit was
  blank and compared as 万元: a false grand_total defect);
- codes joined to the name by a dash (2010101-行政运行) or in one column 科目编码及名称;
- side headers with a qualifier (支出（按功能分类）) and list columns headed 支出用途;
- a “三公” table printing its parts as rows: 合计 = the parts is checked;
- an empty table's note printed inside its frame, or a title and its note with no grid."""
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlib import read_budget
from pdfmaker import budget_pdf

FUNCTION_ROWS = [("201", "一般公共服务支出", "30.00", "10.00", "20.00"), ("20101", "人大事务", "30.00", "10.00", "20.00"),
                 ("2010101", "行政运行", "10.00", "10.00", "0.00"), ("2010102", "一般行政管理事务", "20.00", "0.00", "20.00")]


def serious(b) -> list[tuple[str, int | None]]:
    return [(f["rule"], f["page"]) for f in b.findings if f["severity"] != "info"]


def amounts(b, table: str) -> dict[tuple[str, str], Decimal]:
    f = b.facts[b.facts["table"] == table]
    return dict(zip(zip(f["code"], f["measure"]), f["amount"]))


@pytest.mark.parametrize("continued", ["表3 一般公共预算支出表（续表）", "表3 一般公共预算支出表（续）", "续表3 一般公共预算支出表"])
def test_a_continuation_titled_as_such_continues_its_table(tmp_path, continued):
    header = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    first = [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "10.00", "10.00", "0.00"],
             ["20101", "人大事务", "10.00", "10.00", "0.00"], ["2010101", "行政运行", "10.00", "10.00", "0.00"]]
    rest = [["205", "教育支出", "20.00", "0.00", "20.00"], ["20502", "普通教育", "20.00", "0.00", "20.00"],
            ["2050201", "学前教育", "20.00", "0.00", "20.00"]]
    b = read_budget(budget_pdf(tmp_path / "continued.pdf", [("表3 一般公共预算支出表", header, first), (continued, header, rest)],
                               contents=["表3 一般公共预算支出表"]))
    assert [(t.key, t.pages) for t in b.tables] == [("gpb_by_function", [3, 4])]
    assert serious(b) == []
    # the 合计 of page 3 is checked against the 类 of both pages (30.00 = 10.00 + 20.00)
    held = [c for c in b.checks if c.rule == "total_row_sum" and c.measure == "合计"]
    assert held and all(c.status == "ok" for c in held)


RATE_HEADER = ["科目编码", "科目名称", "2024年执行数", "2025年预算数", "增减额", "增减率（%）"]
RATE_ROWS = [["", "合计", "15.00", "15.00", "0.00", "0.00"], ["201", "一般公共服务支出", "15.00", "15.00", "0.00", "0.00"],
             ["20101", "人大事务", "15.00", "15.00", "0.00", "0.00"], ["2010101", "行政运行", "9.00", "10.00", "1.00", "11.11"],
             ["2010102", "一般行政管理事务", "6.00", "5.00", "-1.00", "-16.67"]]


def test_a_percent_column_is_no_money(tmp_path):
    b = read_budget(budget_pdf(tmp_path / "rate.pdf", [("表5 一般公共预算支出表", RATE_HEADER, RATE_ROWS)], cover="2025年测试局部门预算"))
    rates = b.facts[b.facts["measure"] == "增减率（%）"]
    assert dict(zip(rates["code"], rates["amount"]))["2010102"] == Decimal("-16.67")  # still a fact, as printed
    assert set(rates["money_unit"]) == {""}
    assert serious(b) == []
    assert not any(c.measure == "增减率（%）" for c in b.checks)
    # the money columns are summed still: a planted 增减额 breaks its parent
    planted = [r[:] for r in RATE_ROWS]
    planted[3][4] = "2.00"
    assert ("parent_sum", 3) in serious(read_budget(budget_pdf(tmp_path / "rate2.pdf", [("表5 一般公共预算支出表", RATE_HEADER, planted)],
                                                               cover="2025年测试局部门预算")))


BIG = "17,345,678.00"
SUMMARY = ("表1 部门收支总表", [("收入", 2), ("支出", 2)],
           [["项目", "预算数", "项目", "预算数"], ["一、一般公共预算拨款收入", BIG, "一、一般公共服务支出", BIG],
            ["本年收入合计", BIG, "本年支出合计", BIG], ["收入总计", BIG, "支出总计", BIG]])
EXPENSE_ROWS = [["", "合计", BIG, "12,345,678.00", "5,000,000.00"], ["201", "一般公共服务支出", BIG, "12,345,678.00", "5,000,000.00"]]
EXPENSE_HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


@pytest.mark.parametrize("where", ["in the grid", "nowhere"])
def test_a_table_without_its_unit_line_is_read_in_the_documents_unit(tmp_path, where):
    if where == "in the grid":
        expense = ("表3 部门支出总表", [("部门名称：测试局", 3), ("单位：元", 2)], [EXPENSE_HEADER] + EXPENSE_ROWS)
    else:
        expense = ("表3 部门支出总表", EXPENSE_HEADER, EXPENSE_ROWS)
    b = read_budget(budget_pdf(tmp_path / "unit.pdf", [SUMMARY, expense], amounts_right=True,
                               money={"表1 部门收支总表": "元", "表3 部门支出总表": ""}))
    assert set(b.facts["money_unit"]) == {"元"}
    assert serious(b) == []  # 17,345,678.00 元 was compared as 万元 with the 元 summary
    held = [c for c in b.checks if c.rule == "grand_total"]
    assert held and all(c.status == "ok" for c in held)
    assumed = [f for f in b.findings if f["rule"] == "money_unit_assumed"]
    assert [(f["page"], f["severity"]) for f in assumed] == ([] if where == "in the grid" else [(4, "info")])


@pytest.mark.parametrize("header, cell", [("功能分类科目", "{}-{}"), ("科目编码及名称", "{} {}"), ("功能分类科目", "{}．{}")])
def test_a_code_printed_with_its_name_in_one_cell_is_the_code(tmp_path, header, cell):
    rows = [["合计", "30.00", "10.00", "20.00"]] + [[cell.format(c, n), *v] for c, n, *v in FUNCTION_ROWS]
    b = read_budget(budget_pdf(tmp_path / "codes.pdf", [("表3 部门支出总表", [header, "合计", "基本支出", "项目支出"], rows)]))
    got = b.facts.drop_duplicates("code")
    assert list(zip(got["code"], got["name"], got["level"])) == [
        ("", "合计", ""), ("201", "一般公共服务支出", "类"), ("20101", "人大事务", "款"), ("2010101", "行政运行", "项"),
        ("2010102", "一般行政管理事务", "项")]
    assert "parent_sum" in {c.rule for c in b.checks} and serious(b) == []


def test_a_name_after_its_code_keeps_its_printed_brackets(tmp_path):
    b = read_budget(budget_pdf(tmp_path / "室.pdf", [("表3 部门支出总表", ["功能分类科目", "合计"],
                                                       [["20103 政府办公厅（室）及相关机构事务", "1.00"]])]))
    assert b.facts[["code", "name"]].values.tolist() == [["20103", "政府办公厅（室）及相关机构事务"]]


def test_side_headers_with_a_qualifier_and_use_columns_are_sides_and_lists(tmp_path):
    rows = [["项目", "预算数", "项目", "预算数", "项目", "预算数"],
            ["一、一般公共预算拨款收入", "140.00", "一般公共服务支出", "140.00", "工资福利支出", "140.00"],
            ["本年收入合计", "140.00", "本年支出合计", "140.00", "本年支出合计", "140.00"],
            ["收入总计", "140.00", "支出总计", "140.00", "支出总计", "140.00"]]
    b = read_budget(budget_pdf(tmp_path / "sides.pdf", [("表1 部门收支总表", [("收入", 2), ("支出（按功能分类）", 2), ("支出（按经济分类）", 2)],
                                                         rows)], amounts_right=True))
    assert set(b.facts["side"]) == {"收入", "支出"}
    assert {"收入:本年收入合计", "支出:一般公共服务支出", "支出:工资福利支出"} <= set(b.facts["name"])
    assert {"two_sided_balance", "grand_total"} <= {c.rule for c in b.checks} and serious(b) == []
    rows = [["项目", "预算数", "功能分类", "预算数", "经济分类", "预算数", "支出用途", "预算数"],
            ["一、一般公共预算拨款收入", "140.00", "一般公共服务支出", "140.00", "工资福利支出", "80.00", "基本支出", "80.00"],
            ["", "", "", "", "商品和服务支出", "60.00", "项目支出", "60.00"],
            ["本年收入合计", "140.00", "本年支出合计", "140.00", "本年支出合计", "140.00", "本年支出合计", "140.00"],
            ["收入总计", "140.00", "支出总计", "140.00", "支出总计", "140.00", "支出总计", "140.00"]]
    b = read_budget(budget_pdf(tmp_path / "use.pdf", [("表1 部门收支总表", [("收入", 2), ("支出", 6)], rows)], amounts_right=True))
    named = b.facts[b.facts["amount"].isin([Decimal("80.00"), Decimal("60.00")])]
    assert sorted(zip(named["name"], named["measure"])) == [
        ("支出:商品和服务支出", "经济分类/预算数"), ("支出:基本支出", "支出用途/预算数"), ("支出:工资福利支出", "经济分类/预算数"),
        ("支出:项目支出", "支出用途/预算数")]
    assert b.residue.empty


THREE_ROWS = [["合计", "6.00", "5.00"], ["1.因公出国（境）费", "1.00", "0.00"], ["2.公务用车购置及运行维护费", "3.00", "3.00"],
              ["其中：（1）公务用车购置费", "0.00", "0.00"], ["（2）公务用车运行维护费", "3.00", "3.00"], ["3.公务接待费", "2.00", "2.00"]]


TOTAL_SUM = "“三公”经费合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费"
VEHICLE_SUM = "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费"


@pytest.mark.parametrize("row, col, planted, description, broken", [
    (0, 2, "9.00", TOTAL_SUM, [TOTAL_SUM]),
    # a wrong 公务用车购置及运行维护费 agrees neither with its parts nor with the 合计
    (2, 1, "4.00", VEHICLE_SUM, [TOTAL_SUM, VEHICLE_SUM]),
])
def test_a_three_public_table_printing_its_parts_as_rows_adds_them_up(tmp_path, row, col, planted, description, broken):
    def read(rows, name):
        return read_budget(budget_pdf(tmp_path / f"{name}.pdf", [("财政拨款“三公”经费支出决算表", ["项目", "预算数", "决算数"], rows)],
                                      cover="2025年度测试局部门决算", amounts_right=True))
    clean = read(THREE_ROWS, "clean")
    sums = {(c.description, c.measure, c.status) for c in clean.checks if c.rule == "three_public_parts"}
    assert {(description, "预算数", "ok"), (description, "决算数", "ok")} <= sums and serious(clean) == []
    rows = [r[:] for r in THREE_ROWS]
    rows[row][col] = planted
    got = [c for c in read(rows, "planted").checks if c.rule == "three_public_parts" and c.status == "break"]
    assert [(c.description, c.page) for c in got] == [(d, 3) for d in broken]


NOTE = "本部门2025年无政府性基金预算收支，故本表为空表。"


@pytest.mark.parametrize("layout", ["note in the frame", "title and note, no grid"])
def test_an_empty_tables_note_is_read_wherever_it_is_printed(tmp_path, layout):
    title = "表8 政府性基金预算支出表"
    expense = ("表3 部门支出总表", EXPENSE_HEADER, [["", "合计", "30.00", "10.00", "20.00"]] + [list(r) for r in FUNCTION_ROWS])
    empty = (title, EXPENSE_HEADER, [[(NOTE, 5)]]) if layout == "note in the frame" else (title, None, [])
    b = read_budget(budget_pdf(tmp_path / "empty.pdf", [expense, empty], notes={title: NOTE} if empty[1] is None else None))
    assert serious(b) == []
    # the note is what explains it: without it the empty table is a warning
    bare = (title, EXPENSE_HEADER, [[("", 5)]])
    assert ("empty_table_unexplained", 4) in serious(read_budget(budget_pdf(tmp_path / "bare.pdf", [expense, bare])))
