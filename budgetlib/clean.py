"""Cell text → amounts, codes and labels, exactly as printed.

Nothing here guesses: a cell is either a number equal to the printed one, blank, or a
``MalformedAmount`` that the caller records as a finding.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Digits with an optional decimal part; thousands separators only in groups of three.
_AMOUNT = re.compile(r"^(?P<sign>[-+]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?$")
# Printed markers for "nothing" that are not numbers (recorded, never read as zero).
DASHES = {"-", "—", "–", "－", "/", "——", "--", "…"}
_YEAR = re.compile(r"^(19|20)\d\d$")
_WS = re.compile(r"\s+")


class MalformedAmount(ValueError):
    """A cell in an amount column that is neither blank nor a well-formed number."""


def strip_space(text: str) -> str:
    """Remove every whitespace character, line breaks included (labels, headers, codes)."""
    return _WS.sub("", text or "")


def clean_label(text: str) -> str:
    """A row label or header as the facts table keeps it: whitespace removed, punctuation kept."""
    return strip_space(text)


def clean_amount(text: str) -> Decimal | None:
    """The printed amount as a Decimal with the printed scale, ``None`` for a blank cell.

    Digits wrapped inside a narrow cell (``"66\\n7.95"``) are rejoined; full-width digits,
    signs and parentheses are folded (NFKC); ``(12.5)`` is the accountants' negative.
    Anything else raises ``MalformedAmount``.
    """
    s = strip_space(unicodedata.normalize("NFKC", text or ""))
    if not s:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    m = _AMOUNT.match(s)
    if not m or (negative and m["sign"]):
        raise MalformedAmount(f"not a well-formed amount: {text!r}")
    value = Decimal(s.replace(",", ""))
    return -value if negative else value


def decimal_of(digits: str) -> Decimal:
    """A number a pattern matched in running text (1,150.00, -3.5), thousands separators dropped:
    the text part's figures, where ``clean_amount`` judges table cells."""
    return Decimal(digits.replace(",", ""))


def is_amount(text: str) -> bool:
    """True when the cell holds a number (a bare year such as ``2024`` does not count)."""
    s = strip_space(text)
    if _YEAR.match(s):
        return False
    try:
        return clean_amount(s) is not None
    except MalformedAmount:
        return False


def counts_columns(numbers: list[int], named: bool) -> bool:
    """Whole numbers that number a table's columns under its header (栏次 | 1 | 2 | 3): any beside
    the word 栏次 or 行次 (``named``), else at least two counting up by one from left to right."""
    return bool(numbers) and named or len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def is_dash(text: str) -> bool:
    return strip_space(unicodedata.normalize("NFKC", text or "")) in DASHES


def clean_code(text: str) -> str:
    """A 科目编码 cell: digits only, whitespace removed; empty when the cell holds none."""
    s = strip_space(unicodedata.normalize("NFKC", text or ""))
    return s if s.isdigit() else ""


def money_unit(text: str) -> str | None:
    """The money unit a ``单位：万元`` line declares (万元, 元 or 千元), or None."""
    m = re.search(r"(?:金额)?单位\s*[:：]\s*(万元|千元|元)", unicodedata.normalize("NFKC", text or "").replace("：", ":"))
    return m.group(1) if m else None


# -- printed precision: the one rounding rule ---------------------------------------------------
# Published figures are rounded cell by cell, so a printed figure stands for any value within
# half a unit of its last printed digit (667.95 → 667.945 … 667.955).

def scale(d: Decimal) -> int:
    """Decimal places the figure is printed with (667.95 → 2, 95 → 0)."""
    return max(0, -d.as_tuple().exponent)


def half_unit(d: Decimal) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for 667.95, 0.5 for 95."""
    return Decimal(5).scaleb(-scale(d) - 1)


# -- money units ---------------------------------------------------------------------------------

TO_WAN = {"万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}


# A column counting things (政府采购 数量, 车辆数（辆）) holds counts, not money: its facts carry no
# money unit.
COUNT_MEASURE = re.compile(r"(数量|人数|台数|辆数|车数|个数|套数)$|[（(](辆|台|人|个|套|件|项)[)）]$")


def is_count_measure(measure: str) -> bool:
    """Whether a measure counts things (数量, 部门数量, 购置数（辆）) rather than amounts money."""
    return bool(COUNT_MEASURE.search(measure or ""))


# A column of percentages (增减率（%）, 增长幅度, 执行率, 占比, 比上年增减%) is neither money nor a part
# of any sum: its facts carry no money unit and no identity adds it up.
RATE_MEASURE = re.compile(r"(?:率|幅度?|比例|比重|占比)(?:[（(](?:%|％)[)）])?$|[（(](?:%|％)[)）]$|(?:%|％)$")


def is_rate_measure(measure: str) -> bool:
    """Whether a measure holds percentages rather than amounts of money."""
    return bool(RATE_MEASURE.search(measure or ""))


def is_money_measure(measure: str) -> bool:
    """Whether a measure amounts money: neither a count nor a rate."""
    return not (is_count_measure(measure) or is_rate_measure(measure))


def to_wan(amount: Decimal, money_unit: str) -> Decimal:
    """An amount in the document's money unit, in 万元 (for charts and cross-document work)."""
    return amount * TO_WAN.get(money_unit or "万元", Decimal(1))
