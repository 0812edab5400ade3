"""The amounts a list of reasons gives for a change (主要原因：…), each with its direction.

A reason states its direction before its amount, not always right before it: 基本支出增加人员
工资、住房公积金、提租补贴等3397.18万元; 新增转拨项目A、B31000万元. Money that a budget takes in
for the first time is an increase by all of it, whether the text says 新增 before the amount or
列入/纳入 (…部门预算) after it: 项目法分配资金13,200.00万元列入市民政局部门预算. An amount with
neither (a base figure, 上年为X万元) is no reason."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from ..model import Figure, PageText

NUM = re.compile(r"(?P<amt>\d+(?:,\d{3})*(?:\.\d+)?)万元")
# longest first: 减少 before 减
DIRECTION = re.compile(r"增加|增长|新增|追加|提高|上升|减少|下降|核减|压减|调减|取消|降低|减")
DOWN = {"减少", "下降", "核减", "压减", "调减", "取消", "降低", "减"}
NEGATED = re.compile(r"(?:未|不|无|没有)(?:安排)?$")
INCLUDED = re.compile(r"(?:列入|纳入|转入)")
EXCLUDED = re.compile(r"(?:不再列入|不再纳入|调出|划出|移出|转出)")
# money moved rather than changed: 2025年度结转1,036.60万元; 市文化旅游委划转…资金30万元. With no
# direction word of its own such a reason goes the way of the change it explains (money carried
# over or moved in explains an increase; last year's carry-over, gone, a decrease); 划出/调出 is out.
MOVED = re.compile(r"结转|划转|划入|调入|转入|拨入")
MOVED_OUT = re.compile(r"划出|调出|转出|移出")


class Reason(NamedTuple):
    start: int  # of the clause, in the body
    amount_start: int
    label: str  # the words before the direction (or before the amount), the last comma part
    value: Decimal  # signed


def _label(words: str) -> str:
    return re.split(r"[,，]", words)[-1]


def reason_amounts(body: str, sign: int | None = None) -> list[Reason]:
    """Each amount of ``body`` that a direction word precedes within its clause (the text since
    the last amount or the last ,/;/。), or that 列入/纳入 follows; signed by that word. Given the
    ``sign`` of the change explained, an amount of money moved (``MOVED``) counts too."""
    out, since = [], 0
    for m in NUM.finditer(body):
        start = max(since, max(body.rfind(p, since, m.start()) for p in ";。,") + 1)
        clause = body[start:m.start()]
        after = body[m.end():m.end() + 6]
        # 未安排新增预算，177.92万元是上年结转的…: a change denied is no reason
        words = [w for w in DIRECTION.finditer(clause) if not NEGATED.search(clause[:w.start()])]
        since = m.end()
        amount = Decimal(m["amt"].replace(",", ""))
        if EXCLUDED.match(after):
            out.append(Reason(start, m.start(), _label(clause), -amount))
        elif words:
            last = words[-1]
            # 增加873.28万元: the subject is before the word; 增加了项目法资金，…分配资金13,200.00万元: before the amount
            near = len(clause) - last.end() <= 2
            out.append(Reason(start, m.start(), _label(clause[:last.start()]) if near else _label(clause),
                              -amount if last.group(0) in DOWN else amount))
        elif INCLUDED.match(after):
            out.append(Reason(start, m.start(), _label(clause), amount))
        elif MOVED_OUT.search(clause):
            out.append(Reason(start, m.start(), _label(clause), -amount))
        elif sign and MOVED.search(clause):
            out.append(Reason(start, m.start(), _label(clause), sign * amount))
    return out


AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
# a change, its percent, and the reasons that open right after it: 增加4016.19万元，增长12.11%。主要原因是…
EXPLAINED = re.compile(r"(?P<dir>增加|减少)(?P<chg>" + AMOUNT + r")万元(?:[,(]?(?:增长|下降|增加|减少|增幅|减幅)" + AMOUNT + r"%\)?)?"
                       r"[,。;]?(?:(?:增长|增加|减少|下降)的)?(?:主要(?:变动|增减|变化)?原因(?:是|为|说明)?:?|主要是(?:因为)?)"
                       # (the list runs on past a ; that opens its next numbered reason: 一是…；二是…)
                       r"(?P<body>[^。;]*(?:;(?:[二三四五六七八九十]是|\(?[2-9]\)|[2-9][.、]|其次|此外)[^。;]*)*)")


class Explained(NamedTuple):
    change: Decimal  # signed
    change_start: int
    body_start: int
    reasons: list[Reason]


def explained_changes(s: str) -> list[Explained]:
    """Each change followed at once by a list of reasons for it (to the end of that clause) that
    states two amounts or more; one amount names the main cause only, the rest unexplained by design."""
    out = []
    for m in EXPLAINED.finditer(s):
        sign = -1 if m["dir"] == "减少" else 1
        reasons = reason_amounts(m["body"], sign)
        if len(reasons) >= 2:
            out.append(Explained(sign * Decimal(m["chg"].replace(",", "")), m.start("chg"), m.start("body"), reasons))
    return out


def explained_figures(t: PageText, known: set[tuple[int, Decimal]]) -> list[Figure]:
    """``explained.N.change`` and its ``explained.N.reasons.M``, less a change already read with
    its reasons (``known``: page and value)."""
    out, n = [], 0
    for e in explained_changes(t.s):
        page = t.page(e.change_start)
        if (page, e.change) in known:
            continue
        n += 1
        sentence = t.sentence(e.change_start, e.body_start)
        out.append(Figure(f"explained.{n}.change", e.change, "万元", page, sentence))
        for k, r in enumerate(e.reasons, 1):
            out.append(Figure(f"explained.{n}.reasons.{k}", r.value, "万元", t.page(e.body_start + r.amount_start),
                              sentence, label=r.label))
    return out
