"""An amount the text states under a 科目 it names — by code (2060101-行政运行693.69万元) or by a
类's name (（3）农林水支出（类）支出47,731.51万元, 包括一般公共服务支出6,701.98万元) — is that 科目's
amount in one of the document's tables. Which table the sentence means (all funds, 财政拨款, 一般公共
预算) is not always said, so the figure must equal some amount of some row of that 科目; one that
equals none is a warning that lists what the tables print. 科目 no table prints are not checked,
nor amounts already compared with their row (``text_classes``, ``final_accounts.stated_items``)."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..clean import decimal_of, is_money_measure, to_wan
from ..hierarchy import catalogue
from ..model import Budget, Narrative, Row
from .index import TableIndex
from .record import Recorder
from .text import as_stated, layout_row

NUM = r"(?P<amt>\d+(?:,\d{3})*(?:\.\d+)?)万元"
# what may stand between the 科目 and its amount: 支出 / 预算 / 为 / 安排 / 决算数
BRIDGE = r"(?:\((?:类|款|项)\))?(?:支出|预算|决算|安排|为|数|:){0,4}?"
# 功能分类 类 / 款 / 项 codes are 3 / 5 / 7 digits (经济分类 3 / 5), printed before the name
CODED = re.compile(r"(?<![\d.])(?P<code>\d{3}(?:\d{2}){0,2})(?![\d.])[-—:\s]?(?P<name>[\u4e00-\u9fff()、“”]{2,30}?)" + BRIDGE + NUM)
# (a change's base is another year's amount: 比上年 / 较2025年 … is not this year's)
OTHER_YEAR = re.compile(r"上年|执行数|比|较|同比|相比")


@lru_cache(maxsize=1)
def _class_names() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern of every 类 name of both classifications (longest first) and name → code; 其他支出
    names a 类 in neither sentence nor table for sure."""
    c = catalogue()
    rows = c[c["level"] == "类"]
    codes: dict[str, str] = {}
    for code, name in zip(rows["code"], rows["name"]):
        if not name.startswith("其他"):
            codes.setdefault(name, code)
    names = sorted(codes, key=len, reverse=True)
    # (not the end of a longer name: 职业教育支出 is a 款, not 教育支出)
    named = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=包括)|(?<=其中)|(?<=用于)|(?<=[和及、是]))(?P<name>" + "|".join(map(re.escape, names)) + r")" + BRIDGE + NUM)
    return named, codes


def _rows(ix: TableIndex, code: str) -> list[tuple[str, Row]]:
    return [(t, r) for t, rows in ix.rows.items() for r in rows if r.subject_code == code and not layout_row(r)]


def _amounts(ix: TableIndex, rows: list[tuple[str, Row]]) -> list[Decimal]:
    return [to_wan(v, ix.money_units.get(t, "万元")) for t, r in rows for m, v in r.values.items() if is_money_measure(m)]


def _stated(n: Narrative):
    """(start, end, code, name, amount) of each amount stated under a 科目."""
    named, codes = _class_names()
    for m in CODED.finditer(n.text):
        yield m.start(), m.end(), m["code"], m["name"], decimal_of(m["amt"])
    for m in named.finditer(n.text):
        yield m.start(), m.end(), codes[m["name"]], m["name"], decimal_of(m["amt"])


def subject_amounts(ix: TableIndex, rec: Recorder, n: Narrative | None, budget: Budget) -> None:
    if n is None:
        return
    compared = {(c.page, c.lhs) for c in rec.checks if c.rule in ("text_class", "text_total", "text_figure")}
    seen = set()
    for start, end, code, name, amount in _stated(n):
        page = n.page_at(start) or 0
        rows = _rows(ix, code)
        if not rows or (page, str(amount)) in compared or (page, code, amount) in seen:
            continue
        seen.add((page, code, amount))
        # the row must be the 科目 the sentence names (a count before a word is no code: 180名干部)
        if not any(name.removesuffix("支出") in r.name or r.name.removesuffix("支出") in name for _, r in rows):
            continue
        if OTHER_YEAR.search(n.text[max(0, start - 12):start]):
            continue
        printed = _amounts(ix, rows)
        if any(as_stated(v, amount) == amount for v in printed):
            continue
        shown = "、".join(f"{v}" for v in sorted(set(printed))[:6])
        rec.statement("text_class", page, f"文字中“{code} {name}”的金额 {amount} 万元与各表中该科目印出的金额（{shown}）都不符",
                      n.sentence_at(start, end), severity="warning")
