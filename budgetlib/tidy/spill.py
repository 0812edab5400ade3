"""A label wider than its cell runs on past the cell's rule. The printed page clips it, but the
text layer keeps the whole line, and the reader splits it at the rule: the label's end lands in
the amount or code cell on its right (``机关事业单位职业年金`` | ``缴费支出43608.96``,
``机关事业单位基本养老保`` | ``50501 险缴费``), and a centred label's start in the code cell on its
left (``气`` | ``象灾害…业务运`` | ``维 6540000``). Where the number cell is blank the piece
stands alone in it (``(3)对个人和家庭的补`` | ``助``).

Each piece goes back to the label it belongs to; the amount (code) cell keeps its number.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..clean import clean_code, is_amount
from ..model import Cell, Column
from .layout import is_total_label

# an amount with text (no digits) before or after it; the text is no unit or percent sign
_SPILLED = re.compile(r"^(?P<before>[^\d]*?)(?P<amount>[-+]?[\d,]*\d(?:\.\d+)?)(?P<after>[^\d]*)$", re.S)
_UNIT_OR_SIGN = re.compile(r"^(万元|千元|元|%|％)$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TEXT_ROLES = ("label", "unit", "extra", "label2")
_CODE_ROLES = ("code", "unit_code")
_NUMBER_ROLES = ("amount", "code", "code2")
_MAX_PIECE = 6  # characters of a label spilled alone into a blank number cell
_NONE_WORDS = {"无", "空", "不适用", "暂无"}
_MAX_HEAD = 4  # characters of a centred label that reach into the code cell on its left


def split_spilled_amount(text: str, label: str) -> tuple[str, str] | None:
    """(the spilled text, the amount) of an amount cell that also holds the end of ``label``
    (the cell on its left): Han text, or the bracket that closes one the label opens."""
    m = _SPILLED.match((text or "").strip())
    if not m or not is_amount(m["amount"]):
        return None
    spill = re.sub(r"\s+", "", m["before"] + m["after"])
    closes = bool(re.fullmatch(r"[)）]", spill)) and label.count("（") + label.count("(") > label.count("）") + label.count(")")
    # letters glued to the digits make an identifier (C0301电信服务), not a number
    if _UNIT_OR_SIGN.match(spill) or re.search(r"[A-Za-z]", spill) or not (_HAN.search(spill) or closes):
        return None
    return spill, m["amount"]


def _spilled_alone(text: str, label: str) -> tuple[str, str] | None:
    """(the spilled text, "") of a number cell left blank but for a few characters of the label
    on its left (助, 建设）); a word that says “none” (无) is the cell's own."""
    s = re.sub(r"\s+", "", text or "")
    if not s or len(s) > _MAX_PIECE or re.search(r"[\dA-Za-z]", s) or s in _NONE_WORDS:
        return None
    split = split_spilled_amount(s + "0", label)
    return (split[0], "") if split else None


def ends_in_amount(text: str) -> bool:
    """A cell of Han text ending in an amount (缴费支出43608.96): what a spill into an amount
    cell looks like. Text after the number (2010501 行政运行, 1、财政拨款) is a label's own."""
    m = _SPILLED.match((text or "").strip())
    return bool(m) and not m["after"].strip() and split_spilled_amount(text, "") is not None


def _spilled_head(text: str) -> bool:
    """A few characters of text (no digits, no total word) in a code cell: a label's start."""
    s = re.sub(r"\s+", "", text or "")
    return 0 < len(s) <= _MAX_HEAD and not re.search(r"\d", s) and not clean_code(s) and not is_total_label(s)


def rejoin_spilled_labels(rows: list[dict[int, Cell]], columns: list[Column], words_are_values: bool = False
                          ) -> list[dict[int, Cell]]:
    """The rows with each spilled piece of a label back in the label's cell. A piece in the code
    cell on the left is taken only when the same label also spilled on its right: a centred label
    spills both ways (a lone 项 beside 合计 is the code column's heading, not a label's start).
    Where a number column may hold words of its own (绩效目标表: 指标值 加强, 前三), a word alone
    in it is its value, not a spilled piece."""
    role = {c.index: c.role for c in columns}
    out = []
    for row in rows:
        row = dict(row)
        for c in sorted(row):
            label, number = row.get(c), row.get(c + 1)
            if (label is None or number is None or role.get(c) not in _TEXT_ROLES or role.get(c + 1) not in _NUMBER_ROLES
                    or not label.text.strip() or is_amount(label.text)):
                continue
            split = split_spilled_amount(number.text, label.text) or (
                None if words_are_values else _spilled_alone(number.text, label.text))
            if not split:
                continue
            text = label.text.rstrip() + split[0]
            head = row.get(c - 1)
            if head is not None and role.get(c - 1) in _CODE_ROLES and _spilled_head(head.text):
                text = head.text.strip() + text.lstrip()
                del row[c - 1]
            row[c] = replace(label, text=text)
            if split[1]:
                row[c + 1] = replace(number, text=split[1])
            else:
                del row[c + 1]
        out.append(row)
    return out
