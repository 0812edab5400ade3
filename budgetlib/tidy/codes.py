"""科目编码 as the rows print them → the full code.

- a code inside the name cell: ``[2010501]行政运行``, ``2010501 行政运行``, ``201 05 01 行政运行`` →
  (2010501, 行政运行);
- a code over 类 | 款 | 项 columns is joined (201 | 13 | 50 → 2011350); a blank 类 (or 款) cell
  takes the one printed above it (child rows print only their 2-digit 款 / 项); a whole code in a
  later column (208 | 20805: the levels shown by column) is the code;
- a code printed short in one column (类 ``208``, then 款 ``05``, then 项 ``2080505``) takes the
  code of its parent printed above it.
"""
from __future__ import annotations

import re
import unicodedata

from ..clean import clean_label

# 科目 codes are 3, 5, 7 or 9 digits and start with the classification digit (1 收入, 2 功能, 3/5 经济)
# (\d is any decimal digit, full-width ones too: the code is returned in ASCII digits)
_CODE = r"[1235１２３５](?:\d{2}|\d{4}|\d{6}|\d{8})"
_BRACKETED = re.compile(rf"^[\[【［(（]\s*({_CODE})\s*[\]】］)）]\s*(\S.*)$", re.S)
_SPACED = re.compile(rf"^({_CODE})\s+([^\d\s].*)$", re.S)
# a code joined to its name by a dash or a stop: 2010101-行政运行, 201．一般公共服务支出, 20101：人大事务
_JOINED = re.compile(rf"^({_CODE})\s*[-－—–_、.．:：]\s*([^\d\s].*)$", re.S)
# a run-on code (2010501行政运行): the name must start with a Han character
_RUN_ON = re.compile(rf"^({_CODE})([\u3400-\u9fff].*)$", re.S)


# the code printed in its parts, 类 款 项 apart: 201 01 01 行政运行
_PARTS = re.compile(r"^([1235１２３５]\d{2})((?:\s+\d{2}){1,3})\s+([^\d\s].*)$", re.S)


def split_code_name(text: str) -> tuple[str, str]:
    """(code, name) of a name cell that prints its code first; ("", name) otherwise. The name
    keeps its characters as printed (（室）, not (室))."""
    s = (text or "").strip()
    m = _PARTS.match(s)
    if m:
        return unicodedata.normalize("NFKC", m.group(1) + re.sub(r"\s+", "", m.group(2))), clean_label(m.group(3))
    for pattern in (_BRACKETED, _SPACED, _JOINED, _RUN_ON):
        m = pattern.match(s)
        if m:
            return unicodedata.normalize("NFKC", m.group(1)), clean_label(m.group(2))
    return "", clean_label(text)


def joined_code(parts: list[str], levels: list[str], carry: dict[str, str]) -> str:
    """The code of one row printed over several code columns (``levels`` are their headers:
    类, 款, 项); ``carry`` holds the parts last printed at each level and is updated."""
    if not any(parts):
        return ""
    # a whole code alone in a later column (类 208 in one, its 款 20805 in the next: levels shown by
    # column, not split over them) is the row's code; parts of a split code are 2 digits after the 类
    printed = [p for p in parts if p]
    if len(printed) == 1 and not parts[0] and len(printed[0]) > 2 and printed[0].isdigit():
        return printed[0]
    parts = list(parts)
    for i, level in enumerate(levels[:-1]):
        if parts[i]:
            carry[level] = parts[i]
        elif any(parts[i + 1:]):
            parts[i] = carry.get(level, "")
    return "".join(parts)


def expanded_code(code: str, carry: dict[str, str]) -> str:
    """A code printed in one column: a short (2-digit) code is appended to the code of its
    parent printed above it — the 款 under the last 类, or the 项 under the last 款 when the
    row above is that 款 or one of its short 项. ``carry`` keeps the last codes and is updated."""
    if len(code) == 2 and carry.get("类"):
        parent = carry["类"]
        if carry.get("款") and carry.get("last") in ("款", "short项"):
            parent = carry["款"]
        full = parent + code
        kind = "short项" if len(full) == 7 else "款"
    else:
        full, kind = code, {3: "类", 5: "款", 7: "项"}.get(len(code), "")
    if len(full) == 3:
        carry.pop("款", None)
        carry["类"] = full
    elif len(full) == 5:
        carry["款"] = full
    if kind:
        carry["last"] = kind
    return full
