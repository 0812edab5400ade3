"""Project lists nest: a 一级项目 row (专用项目) prints the total of the rows under it, which may
themselves be groups (其他履职尽责专项业务费 over its projects). Nothing in the printed row says
it is a group; its amounts do: a row is a group when the rows right after it — each read the
same way — add up to it. This reading is used only where the flat one (every row an item) does
not add up to the unit's total and the nested one does, so a row list that adds up as printed
is never re-read, and a break stays a break.
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Row
from .record import tolerance

Nesting = tuple[list[Row], list[tuple[Row, list[Row]]]]  # top-level rows, (group, its members)


def _adds_up(total: dict, parts: list[Row]) -> bool:
    for m, v in total.items():
        terms = [p.values.get(m, Decimal(0)) for p in parts]
        if abs(v - sum(terms, Decimal(0))) > tolerance([v] + terms, len(terms)):
            return False
    return True


def _overshoots(total: dict, parts: list[Row]) -> bool:
    """Whether the parts already exceed a non-negative total in some column."""
    return any(v >= 0 and sum((p.values.get(m, Decimal(0)) for p in parts), Decimal(0)) > v
               for m, v in total.items())


def _extent(rows: list[Row], i: int, end: int, memo: dict) -> tuple[int, list]:
    """The index after row i and, if it is a group, after its members; with the groups found."""
    if (i, end) in memo:
        return memo[(i, end)]
    result: tuple[int, list] = (i + 1, [])
    k, members, found = i + 1, [], []
    while rows[i].values and k < end:
        nxt, nested = _extent(rows, k, end, memo)
        members.append(rows[k])
        found = found + nested
        k = nxt
        if _adds_up(rows[i].values, members):
            result = (k, found + [(rows[i], members)])
            break
        if _overshoots(rows[i].values, members):
            break
    memo[(i, end)] = result
    return result


def nested_reading(total: Row, items: list[Row]) -> Nesting | None:
    """The top-level rows and the groups of ``items`` under ``total``, when the flat list does not
    add up to it and the nested one does; else None."""
    if _adds_up(total.values, items):
        return None
    top, groups, i, memo = [], [], 0, {}
    while i < len(items):
        nxt, found = _extent(items, i, len(items), memo)
        top.append(items[i])
        groups += found
        i = nxt
    if not groups or not _adds_up(total.values, top):
        return None
    return top, groups
