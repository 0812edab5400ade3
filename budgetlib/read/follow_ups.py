"""A change stated in a sentence of its own, right after the sentence that states its subject's
amount — the subject not repeated, or repeated in other words:

    (1)一般公共服务支出(类)支出2,906.63万元，主要用于审计事务。与上年相比减少17.08万元，减少0.58%。
    财政拨款收、支总预算4,651.67万元。与上年相比，财政拨款收、支总计各增加47.15万元，增长1.02%。

The base of the percent is the amount of the sentence before, so that sentence must state exactly
one amount and no change or reason of its own (else which amount changed is not certain). The
percent keeps its own direction word, so 增加…，下降Y% is seen as the contradiction it is."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Figure, PageText

AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
OPENING = re.compile(r"(?:与|比|较)(?:上年|去年|上一年度?|\d{4}年度?)(?:年初)?(?:预算|执行|决算)?(?:数)?(?:相比)?,?"
                     r"(?P<subj>[^。;,\d]{0,24}?)(?:各|均)?(?P<dir>增加|减少)(?P<chg>" + AMOUNT + r")万元"
                     r"(?:[,(]?(?P<dir2>增长|下降|增加|减少|增幅|减幅|上升|降低)(?P<pct>" + AMOUNT + r")%)?")
STATED = re.compile(r"(?<![\d.])(" + AMOUNT + r")万元")
NOT_A_BASE = re.compile(r"增加|减少|增长|下降|原因|主要是|持平")
DOWN = ("减少", "下降", "减幅", "降低")


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _base(t: PageText, at: int) -> tuple[int, re.Match] | None:
    """(start of the sentence, its one amount) of the sentence ending just before ``at``."""
    start = max(t.s.rfind("。", 0, at - 1), t.s.rfind(";", 0, at - 1)) + 1
    before = t.s[start:at - 1]
    amounts = list(STATED.finditer(before))
    if len(amounts) != 1 or NOT_A_BASE.search(before):
        return None
    return start, amounts[0]


def follow_up_changes(t: PageText) -> list[list[Figure]]:
    """Each change sentence with its base: [value, change, change_pct?] figures, keys unnumbered
    (``.value``, ``.change``, ``.change_pct``); the caller numbers them."""
    out = []
    for m in OPENING.finditer(t.s):
        if m.start() == 0 or t.s[m.start() - 1] != "。":
            continue  # the comparison must open its sentence
        base = _base(t, m.start())
        if base is None:
            continue
        start, amount = base
        label = t.s[start:start + amount.start()][-20:]
        if m["subj"] and not any(ch in label for ch in m["subj"][:2]):
            continue  # a subject restated that is not the one before
        page, sentence = t.page(m.start()), t.s[start:m.end()]
        sign = -1 if m["dir"] in DOWN else 1
        group = [Figure(".value", _dec(amount.group(1)), "万元", t.page(start + amount.start()), sentence, label=label),
                 Figure(".change", sign * _dec(m["chg"]), "万元", page, sentence, label=label)]
        if m["pct"] is not None:
            pct_sign = -1 if m["dir2"] in DOWN else 1
            group.append(Figure(".change_pct", pct_sign * _dec(m["pct"]), "%", page, sentence, label=label))
        out.append(group)
    return out
