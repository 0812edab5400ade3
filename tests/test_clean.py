"""Cell cleaners: printed text → Decimal exactly, or a refusal."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlib.clean import MalformedAmount, clean_amount, clean_code, clean_label, is_amount, is_count_measure, money_unit


@pytest.mark.parametrize("text, value", [
    ("667.95", "667.95"), ("66\n7.95", "667.95"), ("0.\n00", "0.00"), ("357.6\n5", "357.65"),
    ("0 . 0 0", "0.00"), ("21,601,733.00", "21601733.00"), ("127,886,849", "127886849"),
    ("-0.80", "-0.80"), ("（12.5）", "-12.5"), ("(12.5)", "-12.5"), ("１２.５", "12.5"), ("－3", "-3"),
])
def test_printed_amounts(text, value):
    got = clean_amount(text)
    assert got == Decimal(value) and str(got) == value


@pytest.mark.parametrize("text", ["1,23.4", "—", "-", "/", "－", "12..5", "1.2.3", "abc", "(-3)", "12万", "1,2345"])
def test_malformed_amounts_are_refused(text):
    with pytest.raises(MalformedAmount):
        clean_amount(text)
    assert not is_amount(text)


def test_blank_is_not_zero():
    assert clean_amount("") is None and clean_amount(" \n") is None


def test_a_bare_year_is_not_an_amount():
    assert not is_amount("2024") and is_amount("2024.00")


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_amount_round_trip(value):
    printed = f"{value:.2f}"
    assert clean_amount(printed) == value
    assert str(clean_amount(printed)) == printed
    grouped = f"{value:,.2f}"
    assert clean_amount(grouped) == value


@given(st.text(alphabet="0123456789,.-() \n（）—", max_size=12))
def test_any_accepted_string_round_trips(text):
    try:
        value = clean_amount(text)
    except MalformedAmount:
        return
    if value is not None:
        assert clean_amount(str(value)) == value


def test_labels_and_codes():
    assert clean_label("机关事业单位基本养老保险缴\n费支出") == "机关事业单位基本养老保险缴费支出"
    assert clean_label("1. 财政拨款结余、结转") == "1.财政拨款结余、结转"
    assert clean_code(" 2013350 ") == "2013350" and clean_code("合计") == ""


@pytest.mark.parametrize("text, unit", [("单位：万元", "万元"), ("单位: 元", "元"), ("金额单位：千元", "千元"),
                                        ("单位名称：某局", None)])
def test_money_unit(text, unit):
    assert money_unit(text) == unit


@pytest.mark.parametrize("measure,count", [("数量", True), ("部门数量", True), ("购置数（辆）", True),
                                           ("车辆数", True), ("预算金额", False), ("预算数", False),
                                           ("一般公共预算拨款/小计", False), ("2024年预算数", False)])
def test_a_count_measure_is_told_from_money(measure, count):
    assert is_count_measure(measure) is count
