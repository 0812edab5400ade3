"""The five published documents in tests/data/real (sources in SOURCES.md).

The expected amounts below were read off the PDF pages by hand (page = 1-based PDF page index,
the table as its title prints it), not taken from the library's output.
"""
from collections import Counter
from decimal import Decimal

import pytest

from budgetlib import load
from budgetlib.read.locate import contents_titles
from budgetlib.read.source import open_source
from conftest import REAL

DOCS = {
    "江苏省人大常委会办公厅2019年部门预算公开表.pdf": {
        "meta": ("江苏省人大常委会办公厅", 2019, "预算", "万元", "省"),
        "tables": {"income_expense_summary", "income_summary", "expense_summary", "gov_funds_summary",
                   "gov_funds_by_function", "gov_funds_basic_by_economic", "gpb_by_function", "gpb_basic_by_economic",
                   "three_public", "gov_fund_budget", "agency_operating_costs", "procurement"},
        "figures": [
            # p1 公开表一 收支预算总表
            ("income_expense_summary", {"name": "收入:一、财政拨款"}, "金额", "18330.37", 1),
            ("income_expense_summary", {"name": "支出:一、一般公共服务支出"}, "功能分类/金额", "13907.78", 1),
            ("income_expense_summary", {"name": "支出:一、基本支出"}, "支出用途/金额", "9312.90", 1),
            # p5 公开表五 财政拨款支出预算表（功能科目）
            ("gov_funds_by_function", {"code": "20101"}, "金额", "13907.78", 5),
            ("gov_funds_by_function", {"code": "2010101"}, "金额", "7448.20", 5),
            # p6 公开表六 财政拨款基本支出预算表（经济科目）
            ("gov_funds_basic_by_economic", {"code": "301"}, "金额", "6481.41", 6),
            ("gov_funds_basic_by_economic", {"code": "30101"}, "金额", "1258.23", 6),
            # p9 公开表九 “三公”经费、会议费、培训费支出预算表 (one row, no label)
            ("three_public", {"name": ""}, "合计", "2600.71", 9),
            ("three_public", {"name": ""}, "会议费", "1469.73", 9),
            ("three_public", {"name": ""}, "培训费", "363.38", 9),
        ],
    },
    "江苏省高级人民法院2019年度部门预算公开.pdf": {
        "meta": ("江苏省高级人民法院", 2019, "预算", "万元", "省"),
        "figures": [
            # p8 公开01表 收支预算总表
            ("income_expense_summary", {"name": "收入:一、财政拨款"}, "金额", "37188.34", 8),
            ("income_expense_summary", {"name": "支出:一、基本支出"}, "支出用途/金额", "21968.00", 8),
            # p9 公开03表 支出预算总表 (one row under the header)
            ("expense_summary", {"name": ""}, "合计", "37188.34", 9),
            ("expense_summary", {"name": ""}, "项目支出", "10208.94", 9),
            ("expense_summary", {"name": ""}, "单位预留机动经费", "5011.40", 9),
            # p10 公开05表 财政拨款支出预算表（功能科目）
            ("gov_funds_by_function", {"code": "204"}, "金额", "27488.23", 10),
            ("gov_funds_by_function", {"code": "2040501"}, "金额", "17279.29", 10),
        ],
    },
    "上海市普陀区商务委员会25年预算.pdf": {
        "meta": ("上海市普陀区商务委员会", 2025, "预算", "元", "区"),
        "figures": [
            # p9 2025年部门财务收支预算总表 (元)
            ("income_expense_summary", {"name": "收入:一、财政拨款收入"}, "预算数", "371514655.00", 9),
            ("income_expense_summary", {"name": "支出:五、资源勘探工业信息等支出"}, "预算数", "293810000.00", 9),
            ("income_expense_summary", {"name": "收入:收入总计"}, "预算数", "371514655.00", 9),
            # p10 2025年部门收入预算总表: 201 13 01 行政运行 (three code columns joined)
            ("income_summary", {"code": "2011301"}, "合计", "9389913.00", 10),
            # p21 2025年部门“三公”经费和机关运行经费预算表 (万元)
            ("three_public", {"name": ""}, "机关运行经费预算数", "171.01", 21),
        ],
    },
    "上海市财政局25年预算.pdf": {
        "meta": ("上海市财政局", 2025, "预算", "元", "市"),
        "figures": [
            # p7 2025年预算单位财务收支预算总表 (元, no decimals)
            ("income_expense_summary", {"name": "收入:收入总计"}, "预算数", "171915169", 7),
            ("income_expense_summary", {"name": "支出:一、一般公共服务支出"}, "合计", "127886849", 7),
            ("income_expense_summary", {"name": "支出:一、一般公共服务支出"}, "项目支出", "43025130", 7),
            # p8 2025年预算单位收入预算总表: 201 06 01 行政运行
            ("income_summary", {"code": "2010601"}, "合计", "84861719", 8),
            ("income_summary", {"code": "2080505"}, "合计", "8000000", 8),
        ],
    },
    "上海市普陀区财政局2024年度部门决算.pdf": {
        "meta": ("上海市普陀区财政局", 2024, "决算", "万元", "区"),
        "figures": [
            # p6 收入支出决算总表
            ("final_income_expense_summary", {"name": "收入:一、一般公共预算财政拨款收入"}, "决算数", "2940.05", 6),
            ("final_income_expense_summary", {"name": "收入:本年收入合计"}, "决算数", "2946.25", 6),
            ("final_income_expense_summary", {"name": "支出:八、社会保障和就业支出"}, "决算数", "326.71", 6),
            # p10 支出决算表: its 合计 row and 201 06 01 行政运行
            ("final_expense", {"name": "合计"}, "本年支出合计", "2940.05", 10),
            ("final_expense", {"name": "合计"}, "基本支出", "2336.91", 10),
            ("final_expense", {"code": "2010601"}, "本年支出合计", "1511.89", 10),
            ("final_expense", {"code": "208"}, "本年支出合计", "326.72", 10),
        ],
    },
}


@pytest.fixture(scope="module")
def budgets():
    return {}


def budget_of(budgets, name):
    if name not in budgets:
        budgets[name] = load(REAL / name)
    return budgets[name]


@pytest.mark.parametrize("name", DOCS)
def test_metadata(budgets, name):
    d = budget_of(budgets, name).document
    assert (d["unit"], d["year"], d["kind"], d["money_unit"], d["level"]) == DOCS[name]["meta"]


@pytest.mark.parametrize("name", DOCS)
def test_every_table_the_contents_list_is_found(budgets, name):
    b = budget_of(budgets, name)
    source = open_source(REAL / name)
    announced = {key for _, key in contents_titles(source)}
    source.close()
    found = {t.key for t in b.tables}
    assert announced <= found
    assert [f for f in b.findings if f["rule"] == "table_missing"] == []
    if "tables" in DOCS[name]:  # 江苏人大 prints no contents: its twelve 公开表 instead
        assert found == DOCS[name]["tables"]


@pytest.mark.parametrize("name, table, where, measure, amount, page",
                         [(n, *fig) for n, doc in DOCS.items() for fig in doc["figures"]],
                         ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_totals_read_off_the_page(budgets, name, table, where, measure, amount, page):
    f = budget_of(budgets, name).table(table)
    mask = f["measure"] == measure
    for col, value in where.items():
        mask &= f[col] == value
    hits = f[mask]
    assert len(hits) == 1, f"{len(hits)} facts for {where} {measure}"
    assert hits["amount"].iloc[0] == Decimal(amount) and str(hits["amount"].iloc[0]) == amount
    assert hits["page"].iloc[0] == page


@pytest.mark.parametrize("name", DOCS)
def test_hierarchy_identities_hold(budgets, name):
    """Parent = sum of children on the extracted facts: all hold, exactly or within rounding."""
    checks = [c for c in budget_of(budgets, name).checks if c["rule"] in ("parent_sum", "unit_sum_classes")]
    tally = Counter(c["status"] for c in checks)
    assert len(checks) >= 19
    assert tally["break"] == 0, [c for c in checks if c["status"] == "break"]


def test_the_final_accounts_disagree_with_themselves_on_208():
    """上海市普陀区财政局 2024 决算 prints 208 社会保障和就业支出 as 326.71 in 收入支出决算总表 (p6)
    and 财政拨款收入支出决算总表 (p12), but as 326.72 in 支出决算表 (p10), whose items add up to
    326.72 (84.65 + 160.75 + 80.38 + 0.94). A genuine inconsistency of the document."""
    b = load(REAL / "上海市普陀区财政局2024年度部门决算.pdf")
    defects = [(f["page"], f["rule"], f["printed"], f["expected"]) for f in b.findings
               if f["severity"] == "defect" and f["rule"] == "cross_code"]
    assert defects == [(6, "cross_code", "326.71", "326.72"), (12, "cross_code", "326.71", "326.72")]


# Every finding on the five documents, each confirmed on the page:
#  - text_total and share_claim defects, p21 (the text part, after the tables): “财政拨款收入支出
#    总计0.3万元” while 财政拨款收入支出决算总表 (p12) prints 总计 2,961.68; “一般公共服务支出(类)
#    2106.66万元,占71.73%” while 2106.66 ÷ 2940.05 = 71.65% (the four printed shares add to 100.07%);
#  - cross_code defects: 208 printed 326.71 in 收入支出决算总表 (p6) and 财政拨款收入支出决算总表 (p12)
#    but 326.72 in 支出决算表 (p10) and 一般公共预算财政拨款支出决算表 (p15);
#  - total_row_sum / parent_sum infos: published rounding, e.g. p10 合计 2,940.05 while
#    2,106.66 + 326.72 + 60.99 + 445.69 = 2,940.06; p17 of 上海市财政局 302 商品和服务支出
#    24,840,779 元 while its items add up to 24,840,778;
#  - unlabelled_total_row infos: a single row of amounts printed without its 合计 word (p21 of
#    普陀商务委 三公 table “1.00 1.00 171.01”; p3/p9 of 江苏人大; p9/p14 of 江苏高院; …).
EXPECTED_FINDINGS = {
    "上海市普陀区商务委员会25年预算.pdf": [
        ("unlabelled_total_row", "info", 21, "1.00", None),
        # p7: “收入预算37,151.47万元…比2024年预算执行数增加24,558.18万元” and “支出预算37,151.47万元…
        # 比2024年预算增加24,491.71万元”: equal totals, two different changes
        ("text_change_mismatch", "warning", 7, "24491.71", "24558.18"),
    ],
    "上海市普陀区财政局2024年度部门决算.pdf": [
        ("cross_code", "defect", 6, "326.71", "326.72"),
        # the 合计 row of p8 (本年收入合计 2946.25, 财政拨款收入 2940.05), p10 and p15 (2940.05, 基本支出
        # 2336.91) is 0.01 short of its rows in both columns: one finding per row, listing both columns
        ("total_row_sum", "info", 8, "2946.25", "2946.26"),
        ("total_row_sum", "info", 10, "2940.05", "2940.06"),
        ("cross_code", "defect", 12, "326.71", "326.72"),
        ("total_row_sum", "info", 15, "2940.05", "2940.06"),
        ("parent_sum", "info", 16, "2082.85", "2082.86"),
        ("parent_sum", "info", 16, "171.07", "171.09"),
        ("unlabelled_total_row", "info", 18, "0.95", None),
        ("text_total", "defect", 21, "0.3", "2961.68"),
        ("share_claim", "defect", 21, "71.73", "71.65"),
        # p24: “政府采购金额…为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、服务采购金额
        # 246.47万元” — the parts add to 251.26: published rounding
        ("text_components", "info", 24, "251.25", "251.26"),
    ],
    "上海市财政局25年预算.pdf": [
        # p17: 302 商品和服务支出 prints 24840779 under 合计 and 公用经费 (children add to 24840778): one cause
        ("parent_sum", "info", 17, "24840779", "24840778"),
        ("unlabelled_total_row", "info", 20, "346.30", None),
        # p21: 2025年部门预算安排购置车辆0辆 in a 单位预算 (the cover: 上海市2025年市级单位预算)
        ("unit_wording", "info", 21, None, None),
    ],
    "江苏省人大常委会办公厅2019年部门预算公开表.pdf": [
        ("no_text_part", "info", None, None, None),  # a booklet of tables only: no page states an amount in a sentence
        # p10 公开表十 财政拨款政府性基金支出预算表 prints its header and “合计” with no amount, and no note says why
        # (the booklet has no text part either)
        ("empty_table_unexplained", "warning", 10, None, None),
        ("unlabelled_total_row", "info", 3, "18,330.37", None),
        ("unlabelled_total_row", "info", 9, "2,600.71", None),
    ],
    "江苏省高级人民法院2019年度部门预算公开.pdf": [
        # p23: “公务接待费支出86.95万元,占“三公”经费的16.93%”; 86.95 ÷ (160 + 266.8 + 86.95) = 16.92%
        ("share_claim", "defect", 23, "16.93", "16.92"),
        ("unlabelled_total_row", "info", 9, "37,188.34", None),
        ("unlabelled_total_row", "info", 14, "2,382.02", None),
    ],
}


@pytest.mark.parametrize("name", DOCS)
def test_every_finding_is_confirmed(budgets, name):
    got = [(f["rule"], f["severity"], f["page"], f["printed"], f["expected"]) for f in budget_of(budgets, name).findings]
    assert sorted(got, key=str) == sorted(EXPECTED_FINDINGS[name], key=str)


def test_the_text_of_the_final_accounts_contradicts_its_tables():
    """Two genuine text-against-table contradictions on p21 of 上海市普陀区财政局 2024 决算."""
    b = load(REAL / "上海市普陀区财政局2024年度部门决算.pdf")
    text = {(f["rule"], f["printed"], f["expected"]): f for f in b.findings if f["page"] == 21}
    total = text[("text_total", "0.3", "2961.68")]
    assert "财政拨款收入支出总计0.3万元" in total["evidence"] or "gov_funds_grand_total" in total["evidence"]
    share = text[("share_claim", "71.73", "71.65")]
    assert "2106.66" in share["evidence"] and share["severity"] == "defect"


def test_a_unit_budget_calling_itself_a_department_budget_is_noted(budgets):
    """上海市财政局's cover reads 上海市2025年市级单位预算; its p21 says 2025年部门预算安排购置车辆0辆:
    the one unit_wording note (info) of the five documents."""
    found = [(name, f["page"], f["severity"], f["evidence"][:15]) for name in DOCS
             for f in budget_of(budgets, name).findings if f["rule"] == "unit_wording"]
    assert found == [("上海市财政局25年预算.pdf", 21, "info", "2025年部门预算安排购置车辆")]
