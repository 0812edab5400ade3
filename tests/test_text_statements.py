"""Figures of the text part read off named pages of real documents, and checked: 财政拨款 totals,
一般公共预算 by 类 with its shares, changes stated in a sentence of their own, and the reasons
summed against a change. Each expected number is quoted from its page (page = 1-based PDF page)."""
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlib import load

DATA = Path(__file__).parent / "data"
SUZHOU = DATA / "regions" / "2026年苏州市审计局部门预算.pdf"
CHANGSHA = DATA / "regions" / "2026年长沙市公安局2025年部门预算.pdf"
HANGZHOU = DATA / "regions" / "2026年杭州市交通运输局部门预算.pdf"
SHENZHEN = DATA / "regions" / "2026年深圳市民政局部门预算.pdf"
XIAN = DATA / "regions" / "西安-卫生健康委员会_2026年部门预算.pdf"
COURT = DATA / "real" / "江苏省高级人民法院2019年度部门预算公开.pdf"


def figures(path, prefix):
    return [(f.key, f.value, f.page) for f in load(path).narrative.figures if f.key.startswith(prefix)]


def checks(path, name_prefix, rule=None):
    return [(c["rule"], c["lhs"], c["rhs"], c["status"]) for c in load(path).checks
            if c["name"].startswith(name_prefix) and (rule is None or c["rule"] == rule)]


# -- a) 财政拨款 totals against the 财政拨款收支总表 --------------------------------------------

@pytest.mark.parametrize("path,key,value,page,table_value", [
    # 苏州审计 p26: “苏州市审计局2026年度财政拨款收、支总预算4,651.67万元” (p13 收入总计 4,651.67)
    (SUZHOU, "totals.gov_funds_grand_total", "4651.67", 26, "4651.67"),
    # p26: “苏州市审计局2026年财政拨款预算支出4,651.67万元，占本年支出合计的100%” (p12 一、本年支出 4,651.67)
    (SUZHOU, "totals.gov_funds_year_expense", "4651.67", 26, "4651.67"),
    # 西安卫健委 p10: “2022年度财政拨款收入总计、支出总计均为864,177.93万元” (p153 总计 864,177.93)
    (XIAN, "totals.gov_funds_grand_total", "864177.93", 10, "864177.93"),
    # 江苏高院 p17: “包括：1.财政拨款收入预算总计37188.34万元” (p10 收入合计 37188.34)
    (COURT, "totals.gov_funds_grand_total", "37188.34", 17, "37188.34"),
])
def test_gov_funds_totals_are_read_and_checked(path, key, value, page, table_value):
    assert (key, Decimal(value), page) in figures(path, key)
    assert ("text_total", value, table_value, "ok") in checks(path, key)


# -- b) 一般公共预算 by 类 against the 一般公共预算支出表 -----------------------------------------

def test_classes_with_shares_in_the_totals_sentence():
    # 长沙 p8: “2025年本单位一般公共预算拨款支出68632.12万元，其中：一般公共服务支出3.00万元，占0.00%；
    # 公共安全支出68629.12万元，占100.00%”
    got = figures(CHANGSHA, "gpb_classes.")
    assert ("gpb_classes.1.whole", Decimal("68632.12"), 8) in got
    assert ("gpb_classes.1.2.amount", Decimal("68629.12"), 8) in got
    assert ("gpb_classes.1.2.share", Decimal("100.00"), 8) in got
    assert ("text_class", "68629.12", "68629.12", "ok") in checks(CHANGSHA, "gpb_classes.1.2.amount")


def test_classes_listed_apart_from_their_total_are_checked_and_one_share_is_wrong():
    # 杭州 p7: “2026年一般公共预算当年拨款432,564.30万元…。2.一般公共预算当年拨款结构情况。一般公共服务（类）
    # 支出6,701.98万元，占1.6%；…教育（类）支出22,262.08万元，占5.1%”: 6,701.98 ÷ 432,564.30 = 1.55%
    assert ("share_claim", "1.6", "1.5", "break") in checks(HANGZHOU, "gpb_classes.1.1.share")
    assert ("share_claim", "5.1", "5.1", "ok") in checks(HANGZHOU, "gpb_classes.1.3.share")
    # the table (p30 表5) prints 205 教育支出 22,262.08
    assert ("text_class", "22262.08", "22262.08", "ok") in checks(HANGZHOU, "gpb_classes.1.3.amount")


# -- c) a change in a sentence of its own --------------------------------------------------------

def test_a_change_after_the_sentence_stating_its_amount():
    # 苏州审计 p23–24: “(1)一般公共服务支出（类）支出2,906.63万元，主要用于审计事务。与上年相比减少17.08万元，
    # 减少0.58%。” — 17.08 ÷ (2,906.63 + 17.08) = 0.58%
    got = {(k.rsplit(".", 1)[-1], v, p) for k, v, p in figures(SUZHOU, "changes.")}
    assert {("value", Decimal("2906.63"), 23), ("change", Decimal("-17.08"), 24), ("change_pct", Decimal("-0.58"), 24)} <= got
    pcts = [c for c in load(SUZHOU).checks if c["rule"] == "text_percent" and c["lhs"] == "-0.58"]
    assert [(c["rhs"], c["status"]) for c in pcts] == [("-0.58", "ok")]


# -- d) the reasons summed against the change ----------------------------------------------------

def test_reasons_phrased_as_money_put_into_the_budget():
    # 深圳民政 p7: “较2025年年初预算增加14,309.95万元…预算收支增加主要原因说明：…2026年全市福利彩票公益金项目法
    # 分配资金13,200.00万元列入市民政局（本级）部门预算，以及…支出增加873.28万元。”
    assert sorted(v for _, v, _ in figures(SHENZHEN, "change_reasons.")) == [Decimal("873.28"), Decimal("13200.00")]
    assert ("text_change_reasons", "14309.95", "14073.28", "break") in checks(SHENZHEN, "totals.expense_change")


def test_reasons_listed_right_after_a_change_add_up():
    # 江苏高院 p17–18: “与上年相比增加4016.19万元，增长12.11%。主要原因是基本支出增加人员工资、住房公积金、提租补贴等
    # 3397.18万元、项目经费支出安排减少1134.33万元、单位预留机动经费增加1753.34万元。” 3397.18 − 1134.33 + 1753.34
    reasons = [v for k, v, _ in figures(COURT, "explained.1.reasons.")]
    assert reasons == [Decimal("3397.18"), Decimal("-1134.33"), Decimal("1753.34")]
    assert ("text_change_reasons", "4016.19", "4016.19", "ok") in checks(COURT, "explained.1.change")
