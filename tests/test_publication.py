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
