"""Every identity the sample implies, each shown to fail on a deliberately altered table."""
from decimal import Decimal

import pytest

from budgetlib.checks.identities import check_identities
from budgetlib.checks.record import findings_from_checks, tolerance

RULES = {"parent_sum", "unit_sum_classes", "unit_sum_items", "total_row_sum", "total_sum_classes",
         "supervising_sum", "subtotal_sum", "row_total_sum", "two_sided_total", "two_sided_balance",
         "carryover_sum", "year_change", "grand_total", "basic_total", "project_total", "gpb_total",
         "cross_code", "three_public_code"}


def test_every_identity_is_checked_on_the_sample(sample):
    table_checks = [c for c in sample.checks if c["rule"] in RULES]
    assert {c["rule"] for c in table_checks} == RULES
    for c in sample.checks:
        assert Decimal(c["lhs"]) - Decimal(c["rhs"]) == Decimal(c["difference"])
    assert {c["status"] for c in table_checks} == {"ok", "rounding"}


def test_checks_record_both_sides(sample):
    c = next(c for c in sample.checks if c["rule"] == "year_change" and c["measure"] == "小计")
    assert (c["lhs"], c["rhs"], c["difference"], c["tolerance"], c["status"]) == ("-0.80", "-0.79", "-0.01", "0.010", "rounding")
    assert c["terms"] == ["2024年=1.86", "2023年=-2.65"]


def test_tolerance_is_half_a_unit_per_summed_term():
    assert tolerance([Decimal("1.86"), Decimal("2.65")], 2) == Decimal("0.01")
    assert tolerance([Decimal("667.95")] * 5, 4) == Decimal("0.02")
    assert tolerance([Decimal("12")], 1) == 0
    assert tolerance([Decimal("100"), Decimal("5")], 2) == Decimal("1")


def altered(sample, table, where, measure, amount):
    facts = sample.facts.copy()
    mask = (facts["table"] == table) & (facts["measure"] == measure)
    for col, value in where.items():
        mask &= facts[col] == value
    assert mask.sum() >= 1, "the alteration must hit a printed cell"
    facts.loc[mask, "amount"] = Decimal(amount)
    return check_identities(facts, sample.tables)


@pytest.mark.parametrize("table, where, measure, amount, rule", [
    ("expense_summary", {"code": "2013350"}, "项目支出", "1.00", "parent_sum"),
    ("expense_summary", {"code": "2013350"}, "项目支出", "1.00", "row_total_sum"),
    ("gpb_by_economic", {"code": "301"}, "支出总计", "350.00", "unit_sum_classes"),
    ("basic_expense", {"name": "办公费"}, "总计", "8.02", "parent_sum"),
    ("project_expense", {"name": "网信工作"}, "总计", "91.00", "unit_sum_items"),
    ("performance_targets", {"name": "预算准备金"}, "总额", "11.00", "total_row_sum"),
    ("income_expense_summary", {"name": "支出:住房保障支出"}, "2024年预算数", "98.52", "total_sum_classes"),
    ("income_summary", {"unit": "中共深圳市委宣传部", "name": ""}, "上年结转", "5.00", "supervising_sum"),
    ("income_summary", {"unit": "深圳市罗湖区互联网信息中心", "name": ""}, "履职类项目拨款", "300.30", "subtotal_sum"),
    ("basic_expense", {"name": "奖金"}, "事业收入", "1.00", "row_total_sum"),
    ("income_expense_summary", {"name": "收入:上年结余、结转"}, "2024年预算数", "1.00", "two_sided_total"),
    ("gov_funds_summary", {"name": "支出:支出总计"}, "2024年预算数", "600.00", "two_sided_balance"),
    ("gov_funds_summary", {"name": "收入:2.政府性基金预算拨款结余、结转"}, "2024年预算数", "3.00", "carryover_sum"),
    ("three_public", {"name": "2024年"}, "公务接待费", "0.50", "year_change"),
    ("income_summary", {"unit": "中共深圳市委宣传部", "name": ""}, "总计", "700.00", "grand_total"),
    ("basic_expense", {"unit": "中共深圳市罗湖区委宣传部", "name": ""}, "总计", "357.00", "basic_total"),
    ("project_expense", {"unit": "中共深圳市罗湖区委宣传部", "name": ""}, "总计", "300.00", "project_total"),
    ("gpb_by_economic", {"unit": "中共深圳市罗湖区委宣传部", "name": ""}, "基本支出", "350.00", "gpb_total"),
    ("income_expense_summary", {"name": "支出:事业运行"}, "2024年预算数", "222.83", "cross_code"),
    ("three_public", {"name": "2024年"}, "公务用车运行维护费", "2.00", "three_public_code"),
])
def test_identity_fails_on_an_altered_table(sample, table, where, measure, amount, rule):
    checks = altered(sample, table, where, measure, amount)
    broken = [c for c in checks if c["status"] == "break" and c["rule"] == rule]
    assert broken, f"{rule} did not notice the altered {table} cell"
    findings = findings_from_checks(broken)
    assert {f["severity"] for f in findings} == {"defect"}
    assert all(f["printed"] is not None and f["expected"] is not None and f["page"] for f in findings)


def test_rounding_beyond_the_allowance_is_a_defect(sample):
    # 1.86 − 2.65 printed as −0.80 is rounding; printed as −0.81 it is not
    checks = altered(sample, "three_public", {"name": "增减变化金额"}, "小计", "-0.81")
    c = next(c for c in checks if c["rule"] == "year_change" and c["measure"] == "小计")
    assert (c["difference"], c["status"]) == ("-0.02", "break")


def test_published_numbers_are_never_changed(sample, truth_rows):
    before = sample.facts["amount"].map(str).tolist()
    check_identities(sample.facts, sample.tables)
    assert sample.facts["amount"].map(str).tolist() == before
