"""The tables a 部门预算 / 部门决算 must publish: without a 目录 of its own, a document is held to
the standard set and each table it lacks is a warning naming it."""
from budgetlib import read_budget
from budgetlib.checks.publication import STANDARD_SET, unpublished_tables
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

TEXT = "第二部分 部门预算收支总体情况\n2024年测试局部门预算支出30.00万元，较2023年年初预算减少1.00万元，减少3.2%。"


def missing(budget):
    return sorted(f["evidence"] for f in budget.findings if f["rule"] == "table_not_published")


def test_a_budget_without_contents_that_prints_only_its_expense_table(tmp_path):
    pdf = budget_pdf(tmp_path / "one.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())], text=TEXT,
                     contents=False)
    b = read_budget(pdf)
    assert missing(b) == sorted(["收支总表", "收入总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表",
                                 "“三公”经费表", "政府性基金预算支出表"])
    assert all(f["severity"] == "warning" and f["evidence"] in f["message"]
               for f in b.findings if f["rule"] == "table_not_published")


def test_a_budget_whose_contents_list_its_tables_is_held_to_that_list(tmp_path):
    pdf = budget_pdf(tmp_path / "listed.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())], text=TEXT)
    assert missing(read_budget(pdf)) == []


def test_the_final_accounts_set_is_the_nine_tables():
    assert len(STANDARD_SET["决算"]) == 9
    found = {"final_income_expense_summary", "final_income", "final_expense", "final_gov_funds_summary",
             "final_gpb_expense", "final_gpb_basic_expense", "final_three_public", "final_gov_fund"}
    (f,) = unpublished_tables("决算", found, listed=False)
    assert f.evidence == "国有资本经营预算财政拨款支出决算表"
    assert unpublished_tables("决算", found, listed=True) == []
    # 深圳's template: 基本支出 by economic class is printed as 一般公共预算支出表（按经济分类） + 基本支出总表
    shenzhen = {"income_expense_summary", "income_summary", "expense_summary", "gov_funds_summary", "gpb_by_function",
                "gpb_by_economic", "basic_expense", "three_public", "gov_fund_budget"}
    assert unpublished_tables("预算", shenzhen, listed=False) == []


INCOME = ("表二：收入总表", ["科目编码", "科目名称", "合计", "财政拨款"],
          [["", "合计", "30.00", "30.00"], ["201", "一般公共服务支出", "30.00", "30.00"]])
EXPENSE = ("表三：支出总表", EXPENSE_HEADER, expense_rows())


def order_findings(budget):
    return [(f["severity"], f["page"], f["evidence"]) for f in budget.findings if f["rule"] == "table_order"]


def test_tables_printed_in_the_order_of_their_contents_are_in_order(tmp_path):
    b = read_budget(budget_pdf(tmp_path / "ordered.pdf", [INCOME, EXPENSE], text=TEXT))
    assert order_findings(b) == []


def test_a_table_printed_out_of_the_order_its_contents_list_is_a_warning(tmp_path):
    # the 目录 lists 收入总表 before 支出总表; the body prints 支出总表 (p3) first, 收入总表 on p4
    pdf = budget_pdf(tmp_path / "moved.pdf", [EXPENSE, INCOME], text=TEXT, contents=["表二：收入总表", "表三：支出总表"])
    b = read_budget(pdf)
    assert order_findings(b) == [("warning", 4, "表二：收入总表")], b.findings
    (f,) = [f for f in b.findings if f["rule"] == "table_order"]
    assert "目录" in f["message"] and "支出总表" in f["message"]


def test_without_contents_the_standard_order_is_only_an_info(tmp_path):
    # 财政部's 部门预算 公开 template: 收支总表 … 收入总表 … 支出总表; regional templates differ, hence info
    b = read_budget(budget_pdf(tmp_path / "bare.pdf", [EXPENSE, INCOME], text=TEXT, contents=False))
    assert order_findings(b) == [("info", 4, "收入总表")], b.findings


def test_a_contents_grid_is_read_in_the_order_it_prints():
    # 西安应急管理局 p2 目录 is a grid "表1 | 2019年部门综合预算收支总表 | 否" … "表15 | …"; its text layer lists
    # the 表N cells first and the titles scrambled (…基本支出明细表（按支出经济分类科目） first, 收支总表 near the end)
    from pathlib import Path

    from budgetlib.read.locate import contents_titles
    from budgetlib.read.source import open_source
    source = open_source(Path(__file__).parent / "data" / "regions" / "西安-应急管理局_2026年部门预算.pdf")
    try:
        listed = contents_titles(source)
    finally:
        source.close()
    assert [t for t, _ in listed[:2]] == ["2019年部门综合预算收支总表", "2019年部门综合预算收入总表"]
    assert [k for _, k in listed][:6] == ["income_expense_summary", "income_summary", "expense_summary",
                                          "gov_funds_summary", "gpb_by_function", "gpb_by_economic"]
