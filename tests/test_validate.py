"""Every identity the sample implies, each shown to fail on a deliberately altered table."""
from dataclasses import replace
from decimal import Decimal

import pytest

from budgetlib.checks import run_checks
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
    return run_checks(replace(sample, facts=facts))[0]  # every check: the tables' and the “三公” ones


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


def _facts(table, rows):
    """A facts frame of (unit, name, amount) rows printed in this order on one page."""
    import pandas as pd
    return pd.DataFrame([{"table": table, "page": 25, "group": 0, "row": i, "side": "", "unit": unit, "code": "",
                          "name": name, "subject_code": "", "level": "", "measure": "项目金额", "amount": Decimal(a)}
                         for i, (unit, name, a) in enumerate(rows)])


def test_a_department_and_its_same_named_own_unit_are_two_rows():
    # 西安应急管理局 p25-27 专项业务经费支出表: “合计 1,620.98 / 125 西安市安全生产监督管理局 1,620.98 /
    # 125001 西安市安全生产监督管理局 1,008.45 / …642.50 75.15 5.00 20.00 215.80 50.00 / 125002
    # 西安市安全生产宣传教育中心 185.20 / … / 125003 …执法监察支队 279.16 / 125004 …应急救援中心 148.17”
    dept, own = "西安市安全生产监督管理局", "西安市安全生产监督管理局"
    rows = [(dept, "合计", "1620.98"), (dept, "", "1620.98"), (own, "", "1008.45")]
    rows += [(own, f"项目{i}", a) for i, a in enumerate(["642.50", "75.15", "5.00", "20.00", "215.80", "50.00"])]
    rows += [("西安市安全生产宣传教育中心", "", "185.20"), ("西安市安全生产宣传教育中心", "p", "185.20"),
             ("西安市安全生产执法监察支队", "", "279.16"), ("西安市安全生产执法监察支队", "q", "279.16"),
             ("西安市安全生产应急救援中心", "", "148.17"), ("西安市安全生产应急救援中心", "r", "148.17")]
    checks = check_identities(_facts("project_expense", rows), [])
    assert {(c.rule, c.lhs, c.rhs, c.status) for c in checks} == {
        ("unit_sum_items", "1008.45", "1008.45", "ok"), ("unit_sum_items", "185.20", "185.20", "ok"),
        ("unit_sum_items", "279.16", "279.16", "ok"), ("unit_sum_items", "148.17", "148.17", "ok"),
        ("supervising_sum", "1620.98", "1620.98", "ok")}


def test_nested_project_groups_are_read_where_the_flat_list_does_not_add_up():
    # 西安气象局 p27 专项业务经费支出表: “234001 西安市气象局 17159700 / 专用项目 17159700 / 其他履职尽责专项
    # 业务费 17159700 / 防雷及气象执法经费 285000 / …142500 / …2200000 / …6540000 / …3055700 / …4936500”
    unit = "西安市气象局"
    rows = [(unit, "", "17159700"), (unit, "专用项目", "17159700"), (unit, "其他履职尽责专项业务费", "17159700")]
    rows += [(unit, f"项目{a}", a) for a in ["285000", "142500", "2200000", "6540000", "3055700", "4936500"]]
    checks = check_identities(_facts("project_expense", rows), [])
    assert sorted((c.rule, c.name, c.rhs, c.status) for c in checks) == [
        ("total_row_sum", "专用项目", "17159700", "ok"), ("total_row_sum", "其他履职尽责专项业务费", "17159700", "ok"),
        ("unit_sum_items", "", "17159700", "ok")]
    # a list that adds up as printed is never re-read, and a break stays a break
    flat = check_identities(_facts("project_expense", [(unit, "", "17159700")] + rows[3:]), [])
    assert [(c.rule, c.status) for c in flat] == [("unit_sum_items", "ok")]
    broken = check_identities(_facts("project_expense", rows[:-1]), [])  # 4936500 left out
    assert [(c.rule, c.status) for c in broken] == [("unit_sum_items", "break")]


def test_a_table_without_a_total_column_spends_its_year_expense():
    # 西安卫健委 p159 政府性基金预算财政拨款收入支出决算表: 年初结转和结余 | 本年收入 | 本年支出 (小计 基本支出
    # 项目支出) | 年末结转和结余; “229 其他支出 58,830.98 509,220.66 568,051.63 568,051.63”: 229 spends 568,051.63
    from budgetlib.checks.index import total_column
    from budgetlib.model import Column
    paths = [("年初结转和结余",), ("本年收入",), ("本年支出", "小计"), ("本年支出", "基本支出"), ("本年支出", "项目支出"),
             ("年末结转和结余",)]
    columns = [Column(i, p, "amount", p[-1]) for i, p in enumerate(paths)]
    assert total_column(columns) == "小计"
    assert total_column([Column(0, ("合计",), "amount", "合计"), Column(1, ("基本支出",), "amount", "基本支出")]) == "合计"


def test_a_row_total_counts_money_not_things():
    # 西安气象局 p29 政府采购: “1 合计 10 7007500” under 数量 | 预算金额 (its 数量 heading reads 部门数量)
    from budgetlib.checks.index import total_of
    from budgetlib.model import Row
    row = Row("procurement", "西安市气象局", "", "合计", "", "", "", 29, {"部门数量": Decimal(10), "预算金额": Decimal(7007500)})
    assert total_of(row) == "预算金额"


def test_one_total_printed_in_yuan_and_in_wan_is_compared_in_wan():
    # 西安气象局: 项目支出总表 p27 “合计 17159700” (金额单位：元); 整体支出绩效目标表 p32 “金额合计 1493.51”
    # (预算金额（万元）): 1493.51 万元 against 1715.97 万元, not against 17159700
    from budgetlib.model import Row
    from budgetlib.checks.cross_tables import _agree
    from budgetlib.checks.record import Recorder
    rec = Recorder()
    project = (Row("project_expense", "西安市气象局", "", "合计", "", "", "", 27), "项目金额", Decimal("17159700"))
    targets = (Row("performance_targets", "西安市气象局", "", "金额合计", "", "", "", 32), "总额", Decimal("1493.51"))
    same = (Row("performance_targets", "西安市气象局", "", "金额合计", "", "", "", 32), "总额", Decimal("1715.97"))
    _agree(rec, {"project_expense": "元", "performance_targets": "万元"}, "project_total", [project, targets, same])
    assert [(c.lhs, c.rhs, c.status) for c in rec.checks] == [("1493.51", "1715.9700", "break"),
                                                              ("1715.97", "1715.9700", "ok")]
