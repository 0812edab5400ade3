"""Figures of the text part against the hand-checked narrative.json."""
import json
from decimal import Decimal

import pytest

from conftest import TRUTH

TRUTH_NARRATIVE = json.loads((TRUTH / "narrative.json").read_text(encoding="utf-8"))


def D(x):
    return Decimal(str(x))


@pytest.fixture(scope="module")
def n(sample):
    return sample.narrative


def test_totals(n):
    t = TRUTH_NARRATIVE["totals"]
    assert n.value("totals.income") == D(t["income_2024"]) == n.value("totals.expense")
    assert n.value("totals.income_change") == D(t["income_change_vs_2023_initial_budget"])
    assert n.value("totals.expense_change") == D(t["expense_change_vs_2023_initial_budget"])
    assert n.value("totals.income_change_pct") == D(t["income_change_pct"]) == n.value("totals.expense_change_pct")
    f = n.get("totals.expense_change")
    assert f.page == 4 and "减少68.66万元" in f.sentence


def test_change_reasons(n):
    t = TRUTH_NARRATIVE["change_reasons"]
    assert n.value("change_reasons.project_funds") == D(t["general_public_budget_project_funds_change"])
    assert n.value("change_reasons.personnel_funds") == D(t["personnel_funds_change"])
    assert len(n.prefix("change_reasons.")) == 2


def test_expense_split(n):
    t = TRUTH_NARRATIVE["expense_split_2024"]
    for key in ("personnel", "public", "household_subsidy", "project"):
        assert n.value(f"expense_split.{key}") == D(t[key]), key


@pytest.mark.parametrize("project", TRUTH_NARRATIVE["projects"], ids=lambda p: p["name"])
def test_projects(n, project):
    key = f"projects.{project['name']}"
    assert n.value(f"{key}.amount") == D(project["amount"])
    if project.get("change_vs_2023") is None:
        assert n.get(f"{key}.change") is None
    else:
        assert n.value(f"{key}.change") == D(project["change_vs_2023"])
    if "change_pct" in project:
        assert n.value(f"{key}.change_pct") == D(project["change_pct"])
    if "purpose" in project:
        assert n.get(f"{key}.purpose").text == project["purpose"]
    if "components" in project:
        got = [(f.label, f.value) for f in n.prefix(f"{key}.components.")]
        assert got == [(c["name"], D(c["amount"])) for c in project["components"]]
    if "change_components" in project:
        assert [f.value for f in n.prefix(f"{key}.change_components.")] == [D(c["change"]) for c in project["change_components"]]


def test_key_projects_table(n):
    got = [(f.label, f.value) for f in n.prefix("key_projects.")]
    assert got == [(p["name"], D(p["budget"])) for p in TRUTH_NARRATIVE["key_projects_table_part7"]]


def test_three_public(n):
    t = TRUTH_NARRATIVE["three_public"]
    assert n.value("three_public.total") == D(t["total_2024"])
    assert n.value("three_public.total_change") == D(t["total_change_vs_2023"])
    for key in ("overseas_travel", "reception", "vehicle_purchase", "vehicle_operation"):
        assert n.value(f"three_public.{key}") == D(t[key]["2024"]), key
        assert n.value(f"three_public.{key}_change") == D(t[key]["change_vs_2023"]), key


@pytest.mark.parametrize("section", ["staff", "assets", "procurement", "performance_management"])
def test_counts(n, section):
    t = TRUTH_NARRATIVE[section]
    renamed = {"planned_vehicle_purchases_2024": "planned_vehicle_purchases",
               "planned_equipment_over_1m_2024": "planned_equipment_over_1m"}
    checked = 0
    for key, value in t.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert n.value(f"{section}.{renamed.get(key, key)}") == D(value), key
            checked += 1
    assert checked >= 3


def test_derived_last_year_total(n):
    total, change = n.value("totals.expense"), n.value("totals.expense_change")
    assert total - change == D(TRUTH_NARRATIVE["derived"]["total_2023_initial_budget"])


def test_text_against_tables(sample):
    narrative_rules = {"text_total", "text_percent", "text_change_reasons", "text_split", "text_project",
                       "text_components", "text_three_public"}
    checks = [c for c in sample.checks if c["rule"] in narrative_rules]
    assert {c["rule"] for c in checks} == narrative_rules
    broken = [c for c in checks if c["status"] != "ok"]
    assert [(c["rule"], c["lhs"], c["rhs"], c["difference"]) for c in broken] == [
        ("text_change_reasons", "-68.66", "-69.05", "0.39")]
    split = {c["name"]: (c["lhs"], c["rhs"]) for c in checks if c["rule"] == "text_split"}
    assert split["expense_split.personnel"] == ("344.60", "344.60")  # 人员支出 = 工资福利支出 (301)
    assert split["expense_split.public"] == ("13.05", "13.05")  # 公用支出 = 商品和服务支出 (302)


def test_quantity_targets(n):
    """至少18场 新闻发布会; 人民网 reports 至少18场 (narrative.json: press_conferences_min and
    people_cn_live_reports_min)."""
    targets = n.prefix("projects.新闻发布业务工作.targets.")
    assert [f.value for f in targets] == [D(TRUTH_NARRATIVE["press_conferences_min"]),
                                          D(TRUTH_NARRATIVE["people_cn_live_reports_min"])]
    assert "新闻发布会" in targets[0].text and "人民网" in targets[1].text
    assert {f.unit for f in targets} == {"场"}
