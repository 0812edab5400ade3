"""What the “三公” and 机关运行经费 paragraphs state beyond an amount and its change
(``figures_statements`` reads those):

- in a 决算, each part's 年初预算 and 执行率: “公务接待费预算1.86万元，支出决算0.11万元，完成预算的
  5.91%” / “因公出国（境）费支出决算为0万元，完成预算0万元的0%” → ``three_public.reception_budget``,
  ``three_public.reception_rate``;
- the reasons that give amounts for a stated change: “比上年减少5.00万元，主要原因是会议接待减少
  3.00万元、外事接待减少2.00万元” → ``reasons.three_public.reception.explained`` (the change, −5.00)
  and ``reasons.three_public.reception.1`` …, each signed.

A statement is read inside its own clause (up to 。 or ；), never across another part's name."""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import decimal_of
from ..model import Figure, PageText
from ..settings import DEFAULT, Settings
from .figures_statements import SUBJECTS

NUM = r"(?P<amt>\d+(?:,\d{3})*(?:\.\d+)?)"
PARTS = {k: v for k, v in SUBJECTS.items() if k.startswith("three_public.") and k != "three_public.total"}
ANY_PART = re.compile("|".join(PARTS.values()))
BUDGET = re.compile(r"(?:年初|全年|调整后)?预算(?:数)?(?:为|是)?" + NUM + r"万元")
BUDGET_IN_RATE = re.compile(r"完成(?:年初|全年)?预算(?:数)?" + NUM + r"万元的")
# (完成年初预算的71.00% / 完成预算71.00%)
RATE = re.compile(r"完成(?:年初|全年)?预算(?:数)?(?:\d+(?:\.\d+)?万元)?的?(?P<pct>\d+(?:\.\d+)?)%")
# 比上年减少5.00万元，主要原因是…: the reasons run to the sentence's end
CHANGE_THEN_REASON = re.compile(r"(?P<dir>增加|减少)(?P<chg>\d+(?:,\d{3})*(?:\.\d+)?)万元[^。;\d]{0,12}?"
                                r"(?:主要原因|原因)(?:是|为|主要是|有)?[:,]?(?P<body>[^。;]*)")
REASON = re.compile(r"(?P<dir>增加|减少|下降|增长|节约|压减|核减)了?" + NUM + r"万元")
DOWN = ("减少", "下降", "节约", "压减", "核减")


def next_statement(body: str) -> int:
    """Where a reason list runs into the next part's own statement (公务接待费279.19万元), not a
    reason naming a part (因公出国（境）费减少3万元)."""
    m = re.search(r"(?:" + ANY_PART.pattern + r")[^。;\d增减]{0,12}?\d", body)
    return m.start() if m else len(body)




def _clause(s: str, start: int) -> str:
    """From ``start`` to the clause's end (。 or ；), cut before the next part's name."""
    end = min([i for i in (s.find("。", start), s.find(";", start)) if i >= 0] or [len(s)])
    clause = s[start:end]
    other = ANY_PART.search(clause, 1)
    return clause[:other.start()] if other else clause


def _figure(t: PageText, key: str, value: Decimal, unit: str, start: int, end: int) -> Figure:
    return Figure(key, value, unit, t.page(start), t.sentence(start, end))


def final_parts(t: PageText, settings: Settings = DEFAULT, kind: str = "") -> list[Figure]:
    """决算: each part's 年初预算 and 完成预算的Z%, the first clause of the part that states them."""
    if kind != "决算":
        return []
    out, seen = [], set()
    for key, subject in PARTS.items():
        for m in re.finditer(subject, t.s):
            clause = _clause(t.s, m.end())
            if "决算" not in clause and not RATE.search(clause):  # (3.公务接待费2.84万元，完成预算71.00%)
                continue
            budget = BUDGET_IN_RATE.search(clause) or BUDGET.search(clause)
            rate = RATE.search(clause)
            at = m.end()
            if budget and f"{key}_budget" not in seen:
                seen.add(f"{key}_budget")
                out.append(_figure(t, f"{key}_budget", decimal_of(budget["amt"]), "万元", at + budget.start("amt"),
                                   at + budget.end("amt")))
            if rate and f"{key}_rate" not in seen:
                seen.add(f"{key}_rate")
                out.append(_figure(t, f"{key}_rate", decimal_of(rate["pct"]), "%", at + rate.start("pct"), at + rate.end("pct")))
    return out


def change_reasons(t: PageText, settings: Settings = DEFAULT, kind: str = "") -> list[Figure]:
    """The amounts a “三公” part's or 机关运行经费's change is explained by, signed, in order."""
    subjects = {**PARTS, "three_public.total": SUBJECTS["three_public.total"],
                "agency_operating_costs": SUBJECTS["agency_operating_costs"]}
    out = []
    for key, subject in subjects.items():
        for m in re.finditer(subject, t.s):
            end = t.s.find("。", m.end())
            sentence = t.s[m.end(): end if end >= 0 else len(t.s)]
            cm = CHANGE_THEN_REASON.search(sentence)
            if cm is None or ANY_PART.search(sentence[:cm.start()]):
                continue  # the change of another part named in between
            body = cm["body"][:next_statement(cm["body"])]
            reasons = list(REASON.finditer(body))
            if not reasons:
                continue
            body_at, chg_at = m.end() + cm.start("body"), m.end() + cm.start("chg")
            change = decimal_of(cm["chg"])
            out.append(_figure(t, f"reasons.{key}.explained", -change if cm["dir"] in DOWN else change, "万元",
                               chg_at, chg_at + len(cm["chg"])))
            for j, r in enumerate(reasons, 1):
                value = decimal_of(r["amt"])
                out.append(Figure(f"reasons.{key}.{j}", -value if r["dir"] in DOWN else value, "万元",
                                  t.page(body_at + r.start()), t.sentence(body_at + r.start(), body_at + r.end()),
                                  label=body[max(0, r.start() - 12):r.start()], text=r.group(0)))
            break  # the first explained change of a subject is the one its figures give
    return out
