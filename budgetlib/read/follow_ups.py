"""A change stated in a sentence of its own, right after the sentence that states its subject's
amount — the subject not repeated, or repeated in other words:

    (1)一般公共服务支出(类)支出2,906.63万元，主要用于审计事务。与上年相比减少17.08万元，减少0.58%。
    财政拨款收、支总预算4,651.67万元。与上年相比，财政拨款收、支总计各增加47.15万元，增长1.02%。

The base of the percent is the amount of the sentence before, so that sentence must state exactly
one amount, or a plan and its outcome (年初预算…，支出决算…: the outcome changed), and no change
or reason of its own (else which amount changed is not certain). The
percent keeps its own direction word, so 增加…，下降Y% is seen as the contradiction it is."""
from __future__ import annotations

import re

from ..clean import decimal_of
from ..model import Figure, PageText

AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
OPENING = re.compile(r"(?:与|比|较)(?:上年|去年|上一年度?|\d{4}年度?)(?:年初)?(?:预算|执行|决算)?(?:数)?(?:相比)?,?"
                     r"(?P<subj>[^。;,\d]{0,24}?)(?:各|均)?(?P<dir>增加|减少)(?P<chg>" + AMOUNT + r")万元"
                     r"(?:[,(]?(?P<dir2>增长|下降|增加|减少|增幅|减幅|上升|降低)(?P<pct>" + AMOUNT + r")%)?")
STATED = re.compile(r"(?<![\d.])(" + AMOUNT + r")万元")
NOT_A_BASE = re.compile(r"增加|减少|增长|下降|原因|主要是|持平")
DOWN = ("减少", "下降", "减幅", "降低")




def _base(t: PageText, at: int) -> tuple[int, re.Match, str] | None:
    """(start of the sentence, its one amount, its subject) of the sentence ending just before ``at``."""
    start = max(t.s.rfind("。", 0, at - 1), t.s.rfind(";", 0, at - 1)) + 1
    before = t.s[start:at - 1]
    amounts = list(STATED.finditer(before))
    if NOT_A_BASE.search(before):
        return None
    # the subject: the words before the first amount (of a pair, the plan's words name it)
    label = before[:amounts[0].start()][-20:] if amounts else ""
    if len(amounts) == 2:
        amounts, label = _outcome(before, amounts), re.sub(r"年初预算数?$", "", label)
    return (start, amounts[0], label) if len(amounts) == 1 else None


def _outcome(before: str, pair: list[re.Match]) -> list[re.Match]:
    """Of a plan and its outcome in one sentence (年初预算A万元，支出决算B万元), the outcome: a 决算
    compares its 决算数 with last year's. Any other pair: both (which one changed is not certain)."""
    first, second = before[:pair[0].start()], before[pair[0].end():pair[1].start()]
    if "决算" in second and "决算" not in first.split("年初")[-1] and "预算" in first:
        return [pair[1]]
    return pair


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
        start, amount, label = base
        if m["subj"] and not any(ch in label for ch in m["subj"][:2]):
            continue  # a subject restated that is not the one before
        page, sentence = t.page(m.start()), t.s[start:m.end()]
        sign = -1 if m["dir"] in DOWN else 1
        group = [Figure(".value", decimal_of(amount.group(1)), "万元", t.page(start + amount.start()), sentence, label=label),
                 Figure(".change", sign * decimal_of(m["chg"]), "万元", page, sentence, label=label)]
        if m["pct"] is not None:
            pct_sign = -1 if m["dir2"] in DOWN else 1
            group.append(Figure(".change_pct", pct_sign * decimal_of(m["pct"]), "%", page, sentence, label=label))
        out.append(group)
    return out


# a sentence listing a total's parts: 按支出功能分类,包括…; 其中:…
PARTS = re.compile(r"(?:按[^,。;\d]{0,12}分类,?)?(?:包括|其中)")


def _sentence_after(s: str, at: int) -> tuple[int, int]:
    """(start, end) of the sentence that opens at ``at`` (its end after the 。)."""
    end = s.find("。", at)
    return at, (len(s) if end < 0 else end + 1)


def changes_after_parts(t: PageText, figures: list[Figure], keys=("totals.income", "totals.expense")) -> list[Figure]:
    """A total's change stated without its subject after the total's sentence and the one listing
    its parts: (二)支出预算:2026年年初预算数45,369.18万元。按支出功能分类,包括…。比2025年增加2,734.52万元.
    The change is the total's: its parts are no base (they do not change by one amount)."""
    out, have = [], {f.key for f in figures}
    for key in keys:
        total = next((f for f in figures if f.key == key), None)
        at = t.s.find(total.sentence) if total and f"{key}_change" not in have else -1
        if at < 0 or not total.sentence.endswith("。"):
            continue
        start, end = _sentence_after(t.s, at + len(total.sentence))
        if not PARTS.match(t.s, start) or NOT_A_BASE.search(t.s, start, end):
            continue
        m = OPENING.match(t.s, end)
        if m is None or m["subj"]:
            continue
        sentence, sign = t.s[end:m.end()], -1 if m["dir"] in DOWN else 1
        out.append(Figure(f"{key}_change", sign * decimal_of(m["chg"]), "万元", t.page(m.start("chg")), sentence))
        if m["pct"] is not None:
            pct_sign = -1 if m["dir2"] in DOWN else 1
            out.append(Figure(f"{key}_change_pct", pct_sign * decimal_of(m["pct"]), "%", t.page(m.start("pct")), sentence))
    return out
