"""Layouts of regions and templates none of the shared documents prints, generated: the national
决算 template's tables (a title inside the ruled frame, 公用经费合计 merged over five columns),
titles of 北京, 辽宁, 云南, 四川 and 陕西 templates, 河南's unit numbers in the code column, a
procurement table that counts, a “三公” table printing its vehicle parts flat. Each is read as
the table it is, and its numbers, which add up, give no defect or warning."""
from decimal import Decimal

import pytest

from budgetlib import read_budget
from budgetlib.tables import recognise, ruled_out, title_keys
from pdfmaker import budget_pdf

FINAL = "2025年度测试局部门决算"


def serious(budget) -> list[tuple[str, int | None]]:
    return [(f["rule"], f["page"]) for f in budget.findings if f["severity"] != "info"]


SUMMARY_ROWS = [["项目", "行次", "金额", "项目", "行次", "金额"],
                ["栏次", "", "1", "栏次", "", "2"],
                ["一、一般公共预算财政拨款收入", "1", "100.00", "一、一般公共服务支出", "5", "90.00"],
                ["二、事业收入", "2", "20.00", "二、教育支出", "6", "30.00"],
                ["本年收入合计", "3", "120.00", "本年支出合计", "7", "120.00"],
                ["年初结转和结余", "4", "10.00", "年末结转和结余", "8", "10.00"],
                ["总计", "9", "130.00", "总计", "10", "130.00"]]


def test_a_title_printed_inside_the_frame_is_read_as_a_title_above_it(tmp_path):
    """The title as the grid's first row, merged across: not a header row over 收入 | 支出 (the
    sides were lost, 总计 rows summed their side's items as if one column: false defects)."""
    tables = [("收入支出决算总表", [("收入", 3), ("支出", 3)], SUMMARY_ROWS)]
    above = read_budget(budget_pdf(tmp_path / "above.pdf", tables, cover=FINAL, amounts_right=True))
    inside = read_budget(budget_pdf(tmp_path / "inside.pdf", tables, cover=FINAL, amounts_right=True,
                                    title_in_grid=True))
    assert inside.facts.equals(above.facts)
    facts = inside.facts.set_index(["name", "side"])["amount"]
    assert facts[("收入:本年收入合计", "收入")] == Decimal("120.00") and facts[("支出:总计", "支出")] == Decimal("130.00")
    assert set(inside.facts["money_unit"]) == {"万元"} and serious(inside) == [] == serious(above)
    rules = {c.rule for c in inside.checks}
    assert {"two_sided_total", "carry_forward"} <= rules and "total_row_sum" not in rules


BASIC_FINAL = [["科目编码", "科目名称", "决算数"] * 3,
               ["301", "工资福利支出", "70.00", "302", "商品和服务支出", "14.00", "310", "资本性支出", "2.00"],
               ["30101", "基本工资", "70.00", "30201", "办公费", "10.00", "31002", "办公设备购置", "2.00"],
               ["303", "对个人和家庭的补助", "5.00", "30211", "差旅费", "4.00", "", "", ""],
               ["30302", "退休费", "5.00", "", "", "", "", "", ""],
               [("人员经费合计", 2), "75.00", ("公用经费合计", 5), "16.00"]]


def test_a_text_line_running_into_a_merged_cell_keeps_its_end(tmp_path):
    """National 决算 table 06: `75.00 | 公用经费合计` is one text line whose end lies in a cell merged
    over five columns; camelot cut it at the last right-ruled cell and dropped 公用经费合计, so 16.00
    was an unlabelled row and 公用经费 = 302 + 310 went unchecked."""
    b = read_budget(budget_pdf(tmp_path / "basic.pdf", [("一般公共预算财政拨款基本支出决算表", [("人员经费", 3), ("公用经费", 6)],
                                                         BASIC_FINAL)], cover=FINAL, amounts_right=True))
    totals = b.facts[b.facts["name"].str.endswith("经费合计")].set_index("name")["amount"]
    assert totals.to_dict() == {"人员经费合计": Decimal("75.00"), "公用经费合计": Decimal("16.00")}
    split = [(c.description, c.lhs, c.rhs, c.status) for c in b.checks if c.rule == "final_funds_split"]
    assert split == [("人员经费合计 = 301 + 303", "75.00", "75.00", "ok"), ("公用经费合计 = 302 + 310", "16.00", "16.00", "ok")]
    assert serious(b) == []


@pytest.mark.parametrize("title, header, key", [
    # 北京 / 辽宁: 一般公共预算财政拨款… is the 一般公共预算 table, not the one of all 财政拨款
    ("一般公共预算财政拨款支出表", "科目编码 科目名称 合计 基本支出 项目支出", "gpb_by_function"),
    ("一般公共预算财政拨款支出预算表", "科目编码 科目名称 合计 基本支出 项目支出", "gpb_by_function"),
    ("一般公共预算财政拨款基本支出表", "经济分类科目编码 经济分类科目名称 合计 人员经费 公用经费", "gpb_basic_by_economic"),
    ("一般公共预算财政拨款基本支出决算表", "经济分类科目编码 科目名称 人员经费 公用经费", "final_gpb_basic_expense"),
    # 云南 县级: 部门收入预算表 / 部门支出预算表 without 总
    ("2.部门收入预算表", "科目编码 科目名称 合计 一般公共预算 政府性基金", "income_summary"),
    ("3.部门支出预算表", "科目编码 科目名称 合计 基本支出 项目支出", "expense_summary"),
    ("2026年支出预算表", "科目编码 科目名称 合计 基本支出 项目支出", "expense_summary"),
    # …but a qualified 支出预算表 is its own table
    ("一般公共预算支出预算表", "科目编码 科目名称 合计 基本支出 项目支出", "gpb_by_function"),
    ("项目支出预算表", "项目名称 合计 财政拨款", "project_expense"),
    # 收入支出 spelled out, 政府预算拨款…预算总表, 收支预算表 (北京)
    ("2026年部门收入支出预算总表", "收入 项目 预算数 支出 项目 预算数", "income_expense_summary"),
    ("收入支出预算总表（表一）", "收入 项目 预算数 支出 项目 预算数", "income_expense_summary"),
    ("财政拨款收入支出预算总表", "收入 项目 预算数 支出 项目 预算数", "gov_funds_summary"),
    ("政府预算拨款收支预算总表", "收入 项目 预算数 支出 项目 预算数", "gov_funds_summary"),
    ("财政拨款收支情况表", "收入 项目 预算数 支出 项目 预算数", "gov_funds_summary"),
    ("部门收支预算表", "收入 项目 预算数 支出 项目 预算数", "income_expense_summary"),
    ("事业单位经营收支预算表", "收入 项目 预算数 支出 项目 预算数", None),
    # county 决算: 决算 before 收支 / 收入 / 支出, 收支 for 收入支出
    ("2025年度部门决算收支总表", "收入 项目 金额 支出 项目 金额", "final_income_expense_summary"),
    ("财政拨款收支决算总表", "收入 项目 金额 支出 项目 金额", "final_gov_funds_summary"),
    ("部门决算收入情况表", "科目编码 科目名称 本年收入合计 财政拨款收入 事业收入", "final_income"),
    ("部门决算支出情况表", "科目编码 科目名称 本年支出合计 基本支出 项目支出", "final_expense"),
])
def test_titles_of_other_regions(title, header, key):
    assert recognise(title, header).key == key


def test_a_three_public_table_of_the_government_funds_is_a_known_other_table():
    # 四川 表4-1: the “三公” spent from 政府性基金 is neither the department's “三公” table nor the
    # 政府性基金 spending table (it was read as three_public and summed with 表3-3)
    header = "合计 因公出国（境）费 公务用车购置及运行费 公务接待费"
    for title in ("表4-1 政府性基金预算“三公”经费支出预算表", "国有资本经营预算“三公”经费支出表"):
        assert recognise(title, header).key is None and ruled_out(title)
    assert recognise("一般公共预算“三公”经费支出表", header).key == "three_public"


def test_a_contents_family_title_is_the_member_its_tables_header_chose(tmp_path):
    """The 目录 lists 表2 一般公共预算支出表, a family title; the table prints an 经济分类 header, so it
    is gpb_by_economic: it is found, not reported missing."""
    assert title_keys("表2 一般公共预算支出表") == ["gpb_by_function", "gpb_by_economic"]
    economic = (["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"],
                [["", "合计", "30.00", "20.00", "10.00"], ["301", "工资福利支出", "20.00", "20.00", ""],
                 ["302", "商品和服务支出", "10.00", "", "10.00"]])
    b = read_budget(budget_pdf(tmp_path / "family.pdf", [("表2 一般公共预算支出表", *economic)]))
    assert [t.key for t in b.tables] == ["gpb_by_economic"]
    assert "table_missing" not in {f["rule"] for f in b.findings}


def test_a_count_column_is_no_part_of_the_money_total(tmp_path):
    # 云南 县级 政府采购预算表: 合计 = 一般公共预算 + 政府性基金; 数量 beside them counts purchases
    header = ["采购项目", "采购目录", "数量", "合计", "一般公共预算", "政府性基金"]
    rows = [["合计", "", "5", "30.00", "30.00", "0.00"], ["办公设备", "A02010104台式计算机", "5", "30.00", "30.00", "0.00"]]
    b = read_budget(budget_pdf(tmp_path / "procurement.pdf", [("11.部门政府采购预算表", header, rows)]))
    sums = [(c.rule, c.lhs, c.rhs, c.status) for c in b.checks if c.rule in ("subtotal_sum", "row_total_sum")]
    assert sums and all(status == "ok" for *_, status in sums) and serious(b) == []
    assert set(b.facts.loc[b.facts["measure"] == "数量", "money_unit"]) == {""}


def test_unit_numbers_in_the_code_column_are_units_not_subject_codes(tmp_path):
    """河南: 101 河南省测试厅 (the department), 101001 河南省测试厅本级, 101002 河南省测试中心 in the
    科目编码 column. 101 is no 功能 or 经济 code (they start with 2, 3 or 5): a unit number."""
    header = ["科目编码", "单位名称（科目）", "合计", "基本支出", "项目支出"]
    rows = [["", "合计", "30.00", "10.00", "20.00"], ["101", "河南省测试厅", "30.00", "10.00", "20.00"],
            ["101001", "河南省测试厅本级", "10.00", "10.00", "0.00"],
            ["201", "一般公共服务支出", "10.00", "10.00", "0.00"], ["20101", "人大事务", "10.00", "10.00", "0.00"],
            ["2010101", "行政运行", "10.00", "10.00", "0.00"],
            ["101002", "河南测试大学", "20.00", "0.00", "20.00"],
            ["205", "教育支出", "20.00", "0.00", "20.00"], ["20502", "普通教育", "20.00", "0.00", "20.00"],
            ["2050205", "高等教育", "20.00", "0.00", "20.00"]]
    b = read_budget(budget_pdf(tmp_path / "units.pdf", [("表三 部门支出总表", header, rows)], unit="河南省测试厅"))
    units = b.facts.drop_duplicates("unit").set_index("unit")["subject_code"]
    assert list(units.index) == ["河南省测试厅", "河南省测试厅本级", "河南测试大学"]
    coded = b.facts[b.facts["subject_code"] != ""]
    assert set(coded["subject_code"]) == {"201", "20101", "2010101", "205", "20502", "2050205"}
    assert serious(b) == []


def test_vehicle_parts_printed_flat_beside_their_sum(tmp_path):
    """四川: 合计 | 因公出国（境）费 | 公务用车购置及运行费 | 公务用车购置费 | 公务用车运行费 | 公务接待费 in
    one header row: 合计 = 出国 + 购置及运行 + 接待 (not + 购置 + 运行 again), 购置及运行 = 购置 + 运行."""
    header = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"]
    b = read_budget(budget_pdf(tmp_path / "three.pdf", [("表3-3 一般公共预算“三公”经费支出预算表", header,
                                                         [["30.00", "0.00", "20.00", "0.00", "20.00", "10.00"]])]))
    sums = {(c.description, c.status) for c in b.checks if c.rule == "subtotal_sum"}
    assert sums == {("合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费", "ok"),
                    ("公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费", "ok")}
    assert serious(b) == []


def test_a_sides_numbered_items_add_up_to_its_year_total(tmp_path):
    """本年收入合计 = 一、一般公共预算财政拨款收入 + 二、事业收入 (the 决算 总表's items, which nothing
    summed before): planted 20.00 → 25.00 is a side_items_sum defect on its page."""
    def read(rows, name):
        return read_budget(budget_pdf(tmp_path / f"{name}.pdf", [("收入支出决算总表", [("收入", 3), ("支出", 3)], rows)],
                                      cover=FINAL, amounts_right=True))
    clean = read(SUMMARY_ROWS, "clean")
    assert {(c.description, c.lhs, c.status) for c in clean.checks if c.rule == "side_items_sum"} == {
        ("本年收入合计 = 各项收入之和", "120.00", "ok"), ("本年支出合计 = 各项支出之和", "120.00", "ok")}
    planted = [row[:] for row in SUMMARY_ROWS]
    planted[3][2] = "25.00"
    assert serious(read(planted, "planted")) == [("side_items_sum", 3)]


def test_numbered_sides_of_a_summary_are_checked(tmp_path):
    """北京 / 四川: 一、本年收入 (its items （一）（二） under it) | 二、上年结转 | 收入总计, and 一、本年支出 |
    二、年末结转 | 支出总计: the totals are checked against the numbered rows, the items not counted twice."""
    rows = [["项目", "预算数", "项目", "预算数"],
            ["一、本年收入", "100.00", "一、本年支出", "105.00"],
            ["（一）一般公共预算拨款", "80.00", "（一）一般公共服务支出", "105.00"],
            ["（二）政府性基金预算拨款", "20.00", "", ""],
            ["二、上年结转", "10.00", "二、年末结转", "5.00"],
            ["收入总计", "110.00", "支出总计", "110.00"]]
    b = read_budget(budget_pdf(tmp_path / "numbered.pdf", [("财政拨款收支总表", [("收入", 2), ("支出", 2)], rows)]))
    totals = {(c.description, c.lhs, c.rhs) for c in b.checks if c.rule == "two_sided_total"}
    assert totals == {("收入总计 = 本年收入合计 + 上年结转", "110.00", "110.00"),
                      ("支出总计 = 本年支出合计 + 结转下年", "110.00", "110.00")}
    assert serious(b) == []


def test_three_public_parts_against_their_economic_codes_in_any_layout(tmp_path):
    """The “三公” table with its parts as columns (most regions) against the 一般公共预算支出表（按经济
    分类）: 公务接待费 = 30217, 公务用车运行维护费 = 30231 (checked only in the sample's year-row layout
    before); a planted 30217 of 4.00 is a three_public_code defect."""
    three = ("表7 一般公共预算“三公”经费支出表", ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费",
                                               "公务用车运行维护费", "公务接待费"],
             [["9.00", "0.00", "6.00", "0.00", "6.00", "3.00"]])

    def economic(reception):
        rows = [["", "合计", "29.00", "20.00", "9.00"], ["302", "商品和服务支出", "29.00", "20.00", "9.00"],
                ["30201", "办公费", f"{29 - 6 - reception:.2f}", "20.00", f"{9 - 6 - reception:.2f}"],
                ["30217", "公务接待费", f"{reception:.2f}", "0.00", f"{reception:.2f}"],
                ["30231", "公务用车运行维护费", "6.00", "0.00", "6.00"]]
        return ("表6 一般公共预算支出表（按经济分类）", ["经济分类科目编码", "经济分类科目名称", "合计", "基本支出", "项目支出"], rows)

    clean = read_budget(budget_pdf(tmp_path / "clean.pdf", [economic(3), three]))
    assert {(c.description, c.lhs, c.rhs, c.status) for c in clean.checks if c.rule == "three_public_code"} == {
        ("“三公”公务接待费 = 经济分类 30217", "3.00", "3.00", "ok"),
        ("“三公”公务用车运行维护费 = 经济分类 30231", "6.00", "6.00", "ok")}
    assert serious(clean) == []
    planted = read_budget(budget_pdf(tmp_path / "planted.pdf", [economic(4), three]))
    assert serious(planted) == [("three_public_code", 4)]


def test_a_continuation_page_turned_landscape_maps_its_columns_by_its_repeated_header(tmp_path):
    """A 支出总表 whose second page is landscape, header printed again: its columns stand elsewhere
    on the page, so position mapped 支出总计 under 基本支出 (false defects); the repeated header
    says which column is which."""
    from fpdf import FPDF

    from pdfmaker import FONT
    header = ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"]
    pages = [("P", [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "10.00", "10.00", "0.00"],
                    ["20101", "人大事务", "10.00", "10.00", "0.00"], ["2010101", "行政运行", "10.00", "10.00", "0.00"]]),
             ("L", [["205", "教育支出", "20.00", "0.00", "20.00"], ["20502", "普通教育", "20.00", "0.00", "20.00"],
                    ["2050201", "学前教育", "20.00", "0.00", "20.00"]])]
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(FONT))
    pdf.set_font("cjk", size=10)
    pdf.add_page()
    for line in ("2024年测试局部门预算", "目录", "表三 支出总表"):  # a 目录: the standard set is not asked for
        pdf.cell(0, 12, line, new_x="LMARGIN", new_y="NEXT")
    for orientation, rows in pages:
        pdf.add_page(orientation=orientation)
        if orientation == "P":
            pdf.cell(0, 10, "表三 支出总表", new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 8, "单位名称：测试局 单位：万元", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(first_row_as_headings=False) as table:
            for cells in [header] + rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
    path = tmp_path / "turned.pdf"
    pdf.output(str(path))
    b = read_budget(path)
    second = b.facts[b.facts["page"] == 3].set_index(["code", "measure"])["amount"]
    assert second[("205", "支出总计")] == Decimal("20.00") and second[("205", "基本支出")] == Decimal("0.00")
    assert second[("2050201", "项目支出")] == Decimal("20.00") and len(second) == 9
    assert serious(b) == [] and b.residue.empty


@pytest.mark.parametrize("title, key", [
    # 决算 titles in county and unit word orders: the 决算 table, never the budget one
    ("2025年度部门决算财政拨款收支总表", "final_gov_funds_summary"), ("部门决算收入总表", "final_income"),
    ("部门决算支出总表", "final_expense"), ("部门决算“三公”经费支出情况表", "final_three_public"),
    ("部门决算政府性基金预算财政拨款收支情况表", "final_gov_fund"),
    ("部门决算一般公共预算财政拨款基本支出情况表", "final_gpb_basic_expense"),
    ("一般公共预算财政拨款支出决算表（按功能分类）", "final_gpb_expense"),
    # a 附表 of a 决算 is its own table; the “三公” of the other funds is no standard table
    ("机关运行经费支出决算表", "agency_operating_costs"), ("政府采购支出决算表", "procurement"),
    ("政府性基金预算财政拨款“三公”经费支出决算表", None), ("国有资本经营预算财政拨款“三公”经费支出决算表", None),
    # the summaries without 总 (a unit's name before them), never the 支出决算表 their words contain;
    # a fund's 收入支出决算(总)表 is that fund's table
    ("XX局2025年度收入支出决算表", "final_income_expense_summary"), ("部门收支决算表", "final_income_expense_summary"),
    ("2025年度财政拨款收入支出决算表", "final_gov_funds_summary"),
    ("政府性基金预算财政拨款收入支出决算总表", "final_gov_fund"), ("国有资本经营预算财政拨款收入支出决算表", "final_soe_capital"),
])
def test_final_accounts_titles_of_other_templates(title, key):
    assert recognise(title, "").key == key
