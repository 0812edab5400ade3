"""Nothing silently dropped: on every page where a table is read, each amount the page's text
layer prints is a fact, a residue cell, or layout; the rest is listed in a ``coverage`` warning.

Counted as amounts: numbers with a decimal point or thousands separators (1,234.56, 0.00), and
on pages in 元 whole numbers of four or more digits. Layout, not counted: 行次 / 栏次 numbers and
page numbers (whole numbers of one to three digits), years (2026年), 科目编码 and unit numbers
the page's rows print, a number followed by a unit or a percent sign, or after a ，。； since the
number before it (narrative text on the page).
A cell whose digits wrap onto the next line (350,034.4 over 2, 66 over 7.95) is matched by either piece.
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

import pandas as pd

from ..model import Finding, TableRead

_TOKEN = re.compile(r"(?<![0-9A-Za-z.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)(?![0-9]|[.,][0-9])")
_UNIT_AFTER = re.compile(r"\s{0,2}(?:万\s*元|亿\s*元|千\s*元|元|[%％‰]|个|人|次|辆|台|套|项|年|月|日|号|名|倍|天|分|户|家|件|条|篇|册|张|座|批|期|届|周|吨|小时|㎡|平方|米|公里|千米)")
_YEAR = re.compile(r"^(19|20)\d\d$")
_PROSE = re.compile(r"[，。；]")


def page_tokens(text: str, whole_numbers: bool) -> list[str]:
    """The amount tokens of one page's text, as printed (see the module's rules)."""
    out = []
    lines = (text or "").splitlines()
    for i, line in enumerate(lines):
        prev_end = 0
        for m in _TOKEN.finditer(line):
            tok = m.group(1)
            before, prev_end = line[prev_end:m.start()], m.end()
            if _PROSE.search(before):
                continue  # a sentence: 与上年相比增加4016.19 (its 万元 on the next page)
            after = line[m.end():]
            if not after.strip() and i + 1 < len(lines):
                after = lines[i + 1]  # a sentence wrapped after its number: 运行费 8.00 / 万元
            if _UNIT_AFTER.match(after):
                continue
            if "." not in tok and "," not in tok:
                if not whole_numbers or len(tok) < 4 or _YEAR.match(tok):
                    continue
            out.append(tok)
    return out


def _value(token: str) -> Decimal | None:
    try:
        return abs(Decimal(token.replace(",", "")))
    except InvalidOperation:
        return None


def _numbers_in(text: str) -> list[Decimal]:
    return [v for v in (_value(t) for t in _TOKEN.findall(text or "")) if v is not None]


def unplaced_numbers(text: str, amounts: list[Decimal], residue_texts: list[str], codes: set[str],
                     whole_numbers: bool) -> list[str]:
    """The page's amount tokens that no fact, residue cell or printed code accounts for."""
    pool = Counter(abs(a) for a in amounts)
    for t in residue_texts:
        pool.update(_numbers_in(t))
    unplaced = []
    for tok in page_tokens(text, whole_numbers):
        value = _value(tok)
        if value is not None and pool[value] > 0:
            pool[value] -= 1
        elif tok in codes:
            continue
        else:
            unplaced.append(tok)
    out = []
    for tok in unplaced:  # a wrapped cell: the text layer prints its digits in two pieces
        head = tok.replace(",", "")
        match = next((v for v, n in pool.items() if n > 0 and _wrapped(str(v), head)), None)
        if match is not None:
            pool[match] -= 1
        else:
            out.append(tok)
    return out


def _wrapped(whole: str, piece: str) -> bool:
    """``piece`` is the start or the end of ``whole`` cut by a line break in a narrow cell."""
    return whole != piece and len(whole) - len(piece) <= 4 and (whole.startswith(piece) or whole.endswith(piece))


def unplaced_findings(texts: list[str], tables: list[TableRead], facts: pd.DataFrame,
                      residue: list[dict], also: dict[int, TableRead] | None = None,
                      max_listed: int = 40) -> list[Finding]:
    """One ``coverage`` warning per table page (and per page of ``also``, where a table may run on
    unread) whose text prints amounts that are nowhere."""
    out = []
    pages = {}
    for t in tables:
        for p in t.pages:
            pages.setdefault(p, t)
    for p, t in (also or {}).items():
        pages.setdefault(p, t)
    for page, table in sorted(pages.items()):
        if not 1 <= page <= len(texts):
            continue
        here = facts[facts["page"] == page]
        codes = {c for col in ("code", "gov_economic_code") if col in here for c in here[col] if c}
        codes |= {c[i:] for c in list(codes) for i in (3, 5, 7) if len(c) > i}  # 201 | 13 | 50 printed apart
        res = [r["text"] for r in residue if r.get("page") == page]
        whole = table.money_unit == "元"
        missing = unplaced_numbers(texts[page - 1], list(here["amount"]), res, codes, whole)
        if missing:
            out.append(Finding("coverage", "warning", page, table.key,
                               f"第 {page} 页印出的 {len(missing)} 个数字既不在 facts 中，也不在 residue 中",
                               " ".join(missing[:max_listed]), None, None))
    return out
