"""Faults three probes found (2026-12-06): reviewer alterations planted in real 预算 of seven
cities, two generated 决算 in 北京 and 四川 wording, and 88 unseen table layouts. Each planted error
is reported on its page; the clean text gives no warning or defect. Generated documents whose text
agrees with their tables (the tables of test_text_phrasings)."""
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlib import read_budget
from budgetlib.checks.record import Recorder
from budgetlib.checks.text_figures import rate_against_comparison
from budgetlib.read.cover import cover_unit
from budgetlib.read.narrative import read_narrative
from budgetlib.read.text_norm import squeeze
from budgetlib.tables import recognise
from pdfmaker import budget_pdf
from test_text_phrasings import BASIC, EXPENSE

TEXT = ("第二部分 收支预算情况\n一、收支预算总体情况\n2026年收支预算总额1 200.00万元，比2025年预算增加100.00万元，增长9.09%。"
        "收入预算1,200.00万元，比2025年预算增加100.00万元。其中：一般公共预算拨款收入1,150.00万元，占95.83%。"
        "2026年测试市审计局部门预算支出1,200.00万元。（1）一般公共服务支出（类）支出1,200.00万元，主要用于机关运行。"
        "2010101-行政运行800.00万元。纳入绩效目标管理的金额为1,200.00万元，其中，基本支出800.00万元，项目支出400.00万元。\n"
        "2026年政府采购预算150.00万元，其中：政府采购货物预算50万元、政府采购工程预算0.00万元、"
        "政府采购服务预算100.00万元。截至2025年12月31日，共有公务用车4辆，其中，一般公务用车1辆，执法执勤用车3辆；"
        "单位价值50万元以上设备2台，其中，单位价值100万元以上设备1台。\n"
        "五、政府性基金预算支出2026年本单位无政府性基金安排的支出。测试市审计局负责本市审计工作。")


def budget(tmp_path: Path, name: str, text: str = TEXT, cover: str = "2026年测试市审计局部门预算"):
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", [EXPENSE, BASIC], text=text, cover=cover,
                                  unit="测试市审计局"))


def serious(b) -> list[tuple[str, int | None]]:
    return [(f["rule"], f["page"]) for f in b.findings if f["severity"] != "info"]


def test_the_clean_text_is_read_and_clean(tmp_path):
    b = budget(tmp_path, "clean")
    assert serious(b) == []
    held = {(c.rule, c.lhs) for c in b.checks if c.status == "ok"}
    assert ("share_claim", "95.83") in held  # 其中 opening the sentence after its whole
    assert ("text_components", "4") in held  # 共有公务用车4辆 = 1 + 3
    assert b.narrative.get("totals.income").value == Decimal("1200.00")  # 1 200.00: a space between thousands


@pytest.mark.parametrize("printed, altered, rule", [
    ("占95.83%", "占96.83%", "share_claim"),
    ("共有公务用车4辆", "共有公务用车5辆", "text_components"),
    ("100万元以上设备1台", "100万元以上设备3台", "text_components"),  # a part larger than its whole
    ("（类）支出1,200.00万元", "（类）支出1,210.00万元", "text_class"),  # a 类 named, no table named
    ("2010101-行政运行800.00万元", "2010101-行政运行810.00万元", "text_class"),  # a 项 by its code
    ("2026年测试市审计局部门预算支出", "2025年测试市审计局部门预算支出", "text_year_mismatch"),
    ("支出2026年本单位无", "支出2025年本单位无", "text_year_mismatch"),  # a heading runs into the sentence
    ("测试市审计局负责", "测试市审1局负责", "text_unit_mismatch"),  # the cover's name, one character off
    # 50 + 0.00 + 100.2 = 150.20: a whole number (50) drops its zeros, it widens no rounding allowance
    ("政府采购服务预算100.00万元", "政府采购服务预算100.2万元", "text_components"),
    ("项目支出400.00万元。\n", "项目支出400.00万元。。\n", "doubled_punctuation"),
    ("管理的金额为1,200.00万元", "管理的金额为1,210.00万元", "text_components"),  # 基本支出 + 项目支出 = the whole
])
def test_each_planted_error_is_reported_on_its_page(tmp_path, printed, altered, rule):
    assert printed in TEXT
    b = budget(tmp_path, "planted", TEXT.replace(printed, altered, 1))
    assert (rule, 2) in serious(b), serious(b)


def test_a_full_stop_the_text_layer_puts_on_a_line_of_its_own_is_no_doubled_one(tmp_path):
    b = budget(tmp_path, "alone", TEXT.replace("项目支出400.00万元。\n", "项目支出400.00万元。\n。\n", 1))
    assert "doubled_punctuation" not in {rule for rule, _ in serious(b)}


def test_a_cover_naming_another_year_than_the_body_is_the_finding(tmp_path):
    text = TEXT + "\n2026年部门预算情况说明\n2026年部门预算收支情况\n2026年部门预算支出情况"
    b = budget(tmp_path, "cover", text, cover="2025年测试市审计局部门预算")
    assert b.document["year"] == 2026  # the body's year: the cover's is the typo
    assert [(r, p) for r, p in serious(b)] == [("year_mismatch", 1)]
    assert "封面年度 2025" in next(f["message"] for f in b.findings if f["rule"] == "year_mismatch")


def test_a_transposed_year_is_reported():
    from budgetlib.checks.hygiene import FAR_YEAR
    assert FAR_YEAR.search("第二部分2203年度部门决算情况说明").group(1) == "2203"


@pytest.mark.parametrize("text, stated", [
    # 四川: the 项 with its 决算 and percent only, the comparison in the same sentence
    ("行政运行(项):支出决算为858.45万元,完成预算87.60%,决算数大于预算数的主要原因是严格控制。", "决算数大于预算数"),
    ("完成预算105.97%。决算数小于预算数的主要原因是年中追加。", "决算数小于预算数"),
    ("完成预算100.00%。决算数大于预算数。", "决算数大于预算数"),
])
def test_a_comparison_the_completion_rate_contradicts_is_reported(text, stated):
    rec = Recorder()
    rate_against_comparison(None, rec, read_narrative([(4, text)], kind="决算"), None)
    assert [(c.rule, c.page, c.status) for c in rec.checks] == [("comparison_claim", 4, "break")]
    assert stated in rec.checks[0].description


@pytest.mark.parametrize("text", [
    "完成预算87.60%,决算数小于预算数的主要原因是严格控制。",
    "完成预算100.00%。决算数与预算数持平。",
    "因公出国(境)经费支出0万元,完成预算0%。决算数等于预算数。",  # a 0% tells nothing: the budget may be 0
])
def test_a_comparison_the_rate_bears_out_is_no_finding(text):
    rec = Recorder()
    rate_against_comparison(None, rec, read_narrative([(4, text)], kind="决算"), None)
    assert [c for c in rec.checks if c.status == "break"] == []


@pytest.mark.parametrize("line, squeezed", [
    ("支出3 630.56 万元", "支出3630.56万元"), ("资金1 385.38万元", "资金1385.38万元"),
    ("共 12 345 678.90 元", "共12345678.90元"), ("2023 年 3 个", "2023年3个"),
])
def test_a_space_as_thousands_separator_joins_the_number(line, squeezed):
    assert squeeze(line) == squeezed


@pytest.mark.parametrize("title, key", [
    ("表7 专项业务经费支出预算表", "project_expense"), ("表7 项目支出预算明细表", "project_expense"),
    ("基本支出预算明细表", "basic_expense"), ("部门综合预算基本支出明细表（按经济科目）", "basic_expense"),
    ("测试大学收入预算表", "income_summary"), ("测试大学支出预算表", "expense_summary"),
    ("收入预算明细表", "income_summary"), ("支出预算明细表", "expense_summary"),
    ("财政专户管理资金收支总表", None),  # another table than the 收支总表
    ("一般公共预算基本支出明细表（按支出功能分类科目）", None),
])
def test_more_title_families_are_recognised(title, key):
    assert recognise(title).key == key


def test_a_year_first_cover_over_its_contents_names_its_unit():
    assert cover_unit("2025年测试大学单位预算\n目录\n测试大学2025年单位预算支出总表") == "测试大学"


@pytest.mark.parametrize("unit_cells", [
    [("单位名称：测试大学", 4), ("金额单位：万元", 2)],
    [("编制单位：测试大学", 3), ("2024年度", 1), ("金额单位：万元", 2)],
])
def test_a_unit_line_split_over_cells_inside_the_frame_is_no_header(tmp_path, unit_cells):
    """The national 决算 总表 with its title as the frame's first row and its 单位 line in cells of
    its own: the sides 收入 | 支出 stay sides, and the two sides are checked against each other."""
    rows = [[("收入", 3), ("支出", 3)], ["项目", "行次", "金额", "项目", "行次", "金额"],
            ["一、财政拨款收入", "1", "120.00", "一、教育支出", "6", "130.00"],
            ["二、事业收入", "2", "30.00", "二、社会保障和就业支出", "7", "20.00"],
            ["本年收入合计", "3", "150.00", "本年支出合计", "8", "150.00"],
            ["年初结转和结余", "4", "10.00", "年末结转和结余", "9", "10.00"],
            ["总计", "5", "160.00", "总计", "10", "160.00"]]
    pdf = budget_pdf(tmp_path / "final.pdf", [("高等学校收入支出决算总表", unit_cells, rows)], title_in_grid=True,
                     cover="测试大学2024年度单位决算", unit="测试大学")
    b = read_budget(pdf)
    facts = b.facts[b.facts["table"] == "final_income_expense_summary"]
    assert ("收入:二、事业收入", "30.00") in set(zip(facts["name"], facts["amount"].map(str)))
    assert ("支出:总计", "160.00") in set(zip(facts["name"], facts["amount"].map(str)))
    assert "行次" not in set(facts["measure"])
    assert any(c.rule == "two_sided_balance" and c.status == "ok" for c in b.checks)


DECREE = ("2023年度收入总计3,630.56万元，支出总计3,630.56万元。与2022年度相比，收入总计、支出总计各增加217.69万元，"
          "增长6.38%。主要原因：一是承接职能，项目支出增加150.00万元；二是人员调入，人员经费增加67.69万元。")


@pytest.mark.parametrize("text, broken", [(DECREE, False), (DECREE.replace("增加150.00", "增加160.00"), True)])
def test_a_change_of_both_totals_is_explained_by_its_numbered_reasons(text, broken):
    """北京 wording: 收入总计、支出总计各增加X万元 is the change of both; its reasons 一是…；二是… are summed
    across the ；."""
    from budgetlib.read.narrative import read_narrative as read
    n = read([(14, text)], kind="决算")
    assert any(f.key.endswith(".change") and f.value == Decimal("217.69") for f in n.figures)
    from budgetlib.read.reasons import explained_changes
    (e,) = explained_changes(n.text)
    assert sum(r.value for r in e.reasons) == (Decimal("227.69") if broken else Decimal("217.69"))


def test_completion_rates_without_de_are_read():
    """四川 wording: 完成预算86.79% (no 的), and a part's rate in a clause without 决算 — each then checked
    against the “三公” table's 预算数 (the text states none)."""
    text = ("2023年“三公”经费财政拨款支出决算为24.30万元，完成预算86.79%。其中：1.因公出国（境）经费支出0万元，完成预算0%。"
            "2.公务用车购置及运行维护费支出21.46万元，完成预算89.42%。3.公务接待费2.84万元，完成预算71.00%。")
    n = read_narrative([(5, text)], kind="决算")
    got = {f.key: str(f.value) for f in n.figures if f.key.endswith("_rate")}
    assert got == {"three_public.total_rate": "86.79", "three_public.overseas_travel_rate": "0",
                   "three_public.vehicle_rate": "89.42", "three_public.reception_rate": "71.00"}


GOV_FUND = ("表九 政府性基金预算支出表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            [["", "合计", "50.00", "0.00", "50.00"], ["229", "其他支出", "50.00", "0.00", "50.00"]])


@pytest.mark.parametrize("sentence, reported", [
    ("本部门2026年度无政府性基金预算财政拨款收入、支出及结转结余。", True),  # carry-over listed with the rest: all nil
    ("本部门无2025年结转的政府性基金预算资金。", False),  # only the carried-over part is nil
])
def test_a_fund_declared_empty_with_its_carry_over_listed(tmp_path, sentence, reported):
    b = read_budget(budget_pdf(tmp_path / "gf.pdf", [EXPENSE, GOV_FUND], text="第二部分 情况说明\n" + sentence,
                               cover="2026年测试局部门预算"))
    assert (("declared_empty", 2) in serious(b)) == reported, serious(b)


WIDE = ("表3 部门支出总表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [["", "合计", "150.00", "100.00", "50.00"], ["201", "一般公共服务支出", "130.00", "90.00", "40.00"],
         ["20101", "人大事务", "130.00", "90.00", "40.00"], ["2010101", "行政运行", "90.00", "90.00", "0.00"],
         ["2010102", "一般行政管理事务", "40.00", "0.00", "40.00"], ["208", "社会保障和就业支出", "20.00", "10.00", "10.00"],
         ["20805", "行政事业单位养老支出", "20.00", "10.00", "10.00"],
         ["2080505", "机关事业单位基本养老保险缴费支出", "12.00", "10.00", "2.00"],
         ["2080506", "机关事业单位职业年金缴费支出", "8.00", "0.00", "8.00"]])


@pytest.mark.parametrize("borders", ["HORIZONTAL_LINES", "NONE"])
def test_an_unruled_table_with_wide_columns_reads_as_printed(tmp_path, borders):
    """Five equal columns across the page, headers left-aligned over right-aligned amounts (they do
    not overlap: the stream read gave each header a column of its own) and names wrapped over two
    lines beside amounts centred on them (read as three rows)."""
    b = read_budget(budget_pdf(tmp_path / "wide.pdf", [WIDE], borders=borders, amounts_right=True,
                               cover="2026年测试局部门预算"))
    got = {(r.subject_code or "", r.name, r.measure, str(r.amount)) for r in b.facts.itertuples()}
    want = {(code, name, m, v) for code, name, *values in WIDE[2] for m, v in zip(WIDE[1][2:], values)}
    assert got == want
    assert [f for f in b.findings if f["severity"] == "defect"] == []


def test_a_header_beside_its_column_joins_it_on_either_side():
    from budgetlib.read.columns import join_header_columns
    text = [["科目名称", "", "行次", "合计", ""], ["合计", "1", "", "", "150.00"], ["行政运行", "2", "", "", "90.00"]]
    cols = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50)]
    joined, joined_cols = join_header_columns(text, cols)
    assert joined == [["科目名称", "行次", "合计"], ["合计", "1", "150.00"], ["行政运行", "2", "90.00"]]
    assert joined_cols == [(0, 10), (10, 30), (30, 50)]


@pytest.mark.parametrize("borders, header_again", [("HORIZONTAL_LINES", True), ("NONE", False)])
def test_an_unruled_table_runs_on_to_its_next_page(tmp_path, borders, header_again):
    """The page after an unruled table, untitled, with the header printed again or not: read as the
    table's continuation (it was left unread: a coverage warning and false total_row_sum defects)."""
    first, rest = WIDE[2][:5], WIDE[2][5:]
    tables = [(WIDE[0], WIDE[1], first), ("", WIDE[1], rest) if header_again else ("", rest[0], rest[1:])]
    b = read_budget(budget_pdf(tmp_path / "runs-on.pdf", tables, borders=borders, amounts_right=True,
                               cover="2026年测试局部门预算", contents=[WIDE[0]]))
    got = {(r.subject_code or "", r.name, r.measure, str(r.amount)) for r in b.facts.itertuples()}
    want = {(code, name, m, v) for code, name, *values in WIDE[2] for m, v in zip(WIDE[1][2:], values)}
    assert got == want
    assert {f["rule"] for f in b.findings if f["severity"] != "info"} <= {"unruled_table"}


@pytest.mark.parametrize("cell, split", [("201 01 01 行政运行", ("2010101", "行政运行")), ("201 01 人大事务", ("20101", "人大事务")),
                                         ("301 01 基本工资", ("30101", "基本工资"))])
def test_a_code_printed_in_its_parts_in_the_name_cell(cell, split):
    from budgetlib.tidy.codes import split_code_name
    assert split_code_name(cell) == split


def test_functional_codes_under_an_economic_title_are_reported(tmp_path):
    """表6 …基本支出表（按经济分类） printing 201 / 20101 / 2010101: the title or the codes are wrong."""
    rows = [["", "合计", "800.00", "800.00", "0.00"], ["201", "一般公共服务支出", "800.00", "800.00", "0.00"],
            ["20101", "人大事务", "800.00", "800.00", "0.00"], ["2010101", "行政运行", "800.00", "800.00", "0.00"]]
    table = ("表6 一般公共预算基本支出表（按经济分类）", ["科目编码", "科目名称", "合计", "人员经费", "公用经费"], rows)
    b = read_budget(budget_pdf(tmp_path / "econ.pdf", [table], cover="2026年测试局部门预算"))
    assert ("title_header_mismatch", 3) in serious(b)  # the table's page
    clean = read_budget(budget_pdf(tmp_path / "basic.pdf", [("表6 一般公共预算基本支出表（按经济分类）", BASIC[1], BASIC[2])],
                                   cover="2026年测试局部门预算"))
    assert "title_header_mismatch" not in {r for r, _ in serious(clean)}
