"""The spending by 类 the text lists after stating its total — of the 一般公共预算, of the whole
department (部门支出 / 支出预算) and of the 政府性基金:

    一般公共预算拨款支出68632.12万元，其中：一般公共服务支出3.00万元，占0.00%；公共安全支出68629.12万元，占100.00%
    2026年一般公共预算当年拨款432,564.30万元，…。2.一般公共预算当年拨款结构情况。一般公共服务(类)支出6,701.98万元，占1.6%；…

The list belongs to the total stated last before it in the same section (a heading 五、 or （二）
ends it); its entries follow one another with nothing but punctuation between them. Which names
are 类 is the checks' business (the catalogue); here a name is the words before 支出/(类)."""
from __future__ import annotations

import re

from ..clean import decimal_of
from ..model import Figure, PageText

AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
# 一般公共预算支出 / 一般公共预算财政拨款支出 / 一般公共预算拨款支出 / 一般公共预算当年拨款 (a 决算's 年初预算 is not its total)
WHOLE = re.compile(r"一般公共预算(?:财政)?(?:拨款)?(?:当年拨款)?(?:支出)?(?:预算|决算)?(?:数)?(?:为)?(?P<amt>" + AMOUNT + r")万元")
ENTRY = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,14}?)(?:\(类\)支出|支出\(类\)|\(类\)|支出)(?:预算|决算)?(?:数)?(?:为)?"
                   r"(?P<amt>" + AMOUNT + r")万元(?:,?占(?:比)?(?P<pct>" + AMOUNT + r")%)?")
# the department's whole spending, listed by 类 (按支出功能分类，包括…): (二)支出预算:2026年年初预算数45,369.18万元
DEPARTMENT = re.compile(r"(?:(?<=\))支出预算:?(?:(?:19|20)\d\d年)?(?:年初预算数)?|部门(?:预算)?支出(?:预算)?(?:总额|合计)?(?:为)?)"
                        r"(?P<amt>" + AMOUNT + r")万元")
# the 政府性基金 spending, listed by 类 under it
FUND = re.compile(r"政府性基金预算(?:财政)?(?:拨款)?支出(?:预算|决算)?(?:数)?(?:为)?(?P<amt>" + AMOUNT + r")万元")
# scope → the total that opens its list (a 决算's 年初预算 is the plan, not the total: skipped for 一般公共预算)
SCOPES = {"gpb_classes": WHOLE, "dept_classes": DEPARTMENT, "fund_classes": FUND}
LEAD = re.compile(r"^(?:其中|包括|主要是|分别是|分别为)")
HEADING = re.compile(r"[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分")
CHANGE = re.compile(r"增加|减少|增长|下降|比|较|其中|合计|总计|预算")  # a fund (一般公共预算…) is no 类
STRUCTURE = re.compile(r"[^。;\d]{0,24}?结构(?:情况)?(?:说明)?")
BETWEEN = re.compile(r"[,;、。:]?(?:其中|主要用于以下方面|包括)?[,;、。:]?")




def _entries(s: str, start: int, end: int) -> list[re.Match]:
    """The first run of two or more entries after ``start``, before ``end``."""
    for first in ENTRY.finditer(s, start, end):
        if CHANGE.search(first["name"]):
            continue  # 比上年执行数减少83261.53万元 is no entry
        run, m = [], first
        while m is not None and m.end() <= end and not CHANGE.search(m["name"]):
            run.append(m)
            gap = BETWEEN.match(s, m.end(), end)
            m = ENTRY.match(s, gap.end(), end) if gap else None
        if len(run) >= 2:
            return run
    return []


def class_lists(t: PageText, window: int = 300) -> list[Figure]:
    """For each scope (``SCOPES``): ``<scope>.N.whole`` (the total), ``.K.amount`` and ``.K.share``
    for each listed entry; ``label`` is the entry's name as printed (less a leading 其中/包括),
    ``text`` says whether the list opens a new sentence."""
    out = []
    for scope, whole in SCOPES.items():
        out += _scope_lists(t, scope, whole, window)
    return out


def _scope_lists(t: PageText, scope: str, whole: re.Pattern, window: int) -> list[Figure]:
    out, n = [], 0
    for w in whole.finditer(t.s):
        if scope == "gpb_classes" and "年初" in t.s[max(0, w.start() - 12):w.end()]:
            continue
        heading, start = HEADING.search(t.s, w.end()), w.end()
        own = STRUCTURE.match(t.s, heading.end()) if heading else None
        if own:  # （二）一般公共预算当年拨款结构情况 — the list's own heading, after the total under （一）
            start = own.end()
            heading = HEADING.search(t.s, start)
        end = min(heading.start() if heading else len(t.s), start + window)
        entries = _entries(t.s, start, end)
        if not entries or any(f.sentence == t.sentence(entries[0].start(), entries[0].end()) for f in out):
            continue
        n += 1
        apart = "。" in t.s[w.end():entries[0].start()]
        out.append(Figure(f"{scope}.{n}.whole", decimal_of(w["amt"]), "万元", t.page(w.start("amt")),
                          t.sentence(w.start(), w.end()), text="apart" if apart else "same"))
        for k, e in enumerate(entries, 1):
            name, sentence = LEAD.sub("", e["name"]), t.sentence(e.start(), e.end())
            out.append(Figure(f"{scope}.{n}.{k}.amount", decimal_of(e["amt"]), "万元", t.page(e.start("amt")), sentence,
                              label=name, text="apart" if apart else "same"))
            if e["pct"] is not None:
                out.append(Figure(f"{scope}.{n}.{k}.share", decimal_of(e["pct"]), "%", t.page(e.start("pct")), sentence,
                                  label=name, text="apart" if apart else "same"))
    return out
