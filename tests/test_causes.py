"""Findings as causes: a broken row is one finding listing its columns, told in plain Chinese with
the table's Chinese title, the page, the printed and the expected value."""
from decimal import Decimal

from budgetlib.checks.identities import check_identities
from budgetlib.checks.record import findings_from_checks


def altered(sample, table, code, changes):
    facts = sample.facts.copy()
    for measure, amount in changes.items():
        mask = (facts["table"] == table) & (facts["code"] == code) & (facts["measure"] == measure)
        assert mask.sum() == 1
        facts.loc[mask, "amount"] = Decimal(amount)
    return check_identities(facts, sample.tables)


def test_a_broken_class_total_is_one_finding_listing_its_columns(sample):
    # p.11 支出总表: 208 社会保障和就业支出 prints 36.84 under 支出总计 and 基本支出 (children 36.68 + 0.17)
    checks = altered(sample, "expense_summary", "208", {"支出总计": "40.84", "基本支出": "40.84"})
    broken = [c for c in checks if c["status"] == "break" and c["rule"] == "parent_sum" and c["code"] == "208"]
    assert {c["measure"] for c in broken} == {"支出总计", "基本支出"}
    findings = [f for f in findings_from_checks(checks) if f["rule"] == "parent_sum" and f["severity"] == "defect"]
    assert len(findings) == 1
    (f,) = findings
    assert (f["page"], f["table"], f["printed"], f["expected"]) == (11, "expense_summary", "40.84", "36.85")
    for words in ("《支出总表》", "第11页", "208 社会保障和就业支出", "“支出总计”", "“基本支出”", "40.84", "36.85",
                  "数字有误"):
        assert words in f["message"], f["message"]
    assert "parent_sum" not in f["message"] and "expense_summary" not in f["message"]


def test_columns_broken_by_different_amounts_stay_separate_findings(sample):
    checks = altered(sample, "expense_summary", "208", {"支出总计": "40.84", "基本支出": "41.84"})
    findings = [f for f in findings_from_checks(checks) if f["rule"] == "parent_sum" and f["severity"] == "defect"]
    assert sorted(f["printed"] for f in findings) == ["40.84", "41.84"]


def test_every_check_is_kept_although_findings_are_grouped(sample):
    rounding = [c for c in sample.checks if c["status"] == "rounding" and c["rule"] == "year_change"]
    assert len(rounding) == 3  # p.19 增减变化金额 −0.80 under 总额, 小计 and 公务用车运行维护费 (1.86 − 2.65 = −0.79)
    (f,) = [f for f in sample.findings if f["rule"] == "year_change"]
    assert all(f"“{c['measure']}”" in f["message"] for c in rounding)


def test_a_figure_against_another_table_names_that_tables_page(sample):
    # p.9 收支总表 事业运行 (2080505…) against the same code in 支出总表 (pages 11–12)
    facts = sample.facts.copy()
    mask = (facts["table"] == "income_expense_summary") & (facts["name"] == "支出:事业运行")
    assert mask.sum() == 1
    facts.loc[mask, "amount"] = Decimal("222.83")
    checks = check_identities(facts, sample.tables)
    pages = {t.key: list(t.pages) for t in sample.tables}
    (f,) = [f for f in findings_from_checks(checks, pages) if f["rule"] == "cross_code"]
    assert "《支出总表》（第11、12页）" in f["message"], f["message"]
    assert f["page"] == 9 and f["printed"] == "222.83"


def test_a_wrong_figure_carried_into_the_rows_above_it_is_one_finding(sample):
    # p.11 支出总表: 2013350's 基本支出 typed 1.00 too high and summed into 20133, 201 and the unit's
    # total, while 支出总计 was summed apart: each row's 支出总计 ≠ 基本支出 + 项目支出 by −1.00, one cause
    facts = sample.facts.copy()
    for code in ("2013350", "20133", "201", ""):
        mask = ((facts["table"] == "expense_summary") & (facts["code"] == code) & (facts["measure"] == "基本支出"))
        assert mask.sum() == 1, code
        facts.loc[mask, "amount"] = facts.loc[mask, "amount"] + Decimal("1.00")
    checks = check_identities(facts, sample.tables)
    broken = [c for c in checks if c["status"] == "break" and c["table"] == "expense_summary" and c["page"] == 11]
    assert {c["code"] for c in broken} == {"2013350", "20133", "201", ""}
    findings = [f for f in findings_from_checks(checks) if f["table"] == "expense_summary" and f["page"] == 11
                and f["severity"] != "info"]
    assert len(findings) == 1, [f["message"] for f in findings]
    (f,) = findings
    for words in ("《支出总表》第11页", "“201 一般公共服务支出”行", "“20133 宣传事务”行", "“2013350", "“支出总计”",
                  "是一处差错"):
        assert words in f["message"], f["message"]
    # a different amount in another row is a cause of its own
    mask = (facts["table"] == "expense_summary") & (facts["code"] == "20133") & (facts["measure"] == "基本支出")
    facts.loc[mask, "amount"] = facts.loc[mask, "amount"] + Decimal("2.00")
    findings = [f for f in findings_from_checks(check_identities(facts, sample.tables))
                if f["table"] == "expense_summary" and f["page"] == 11 and f["severity"] != "info"]
    assert len(findings) >= 2
