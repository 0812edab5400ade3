"""Which rows a total row stands for.

A unit row stands for the rows of its unit; where two unit rows bear one name (a department
and its 本级 unit, both 西安市气象局: the department's total row, then 234001 西安市气象局 with its
items), each stands for the rows printed under it, up to the next unit row, and the first,
standing for none, is the department's row over its units (``department_rows``). A 合计 row printed
above the unit rows is the table's total, not an item of the same-named unit.

Project lists nest: a 一级项目 row (专用项目) prints the total of the rows under it, which may
themselves be groups (其他履职尽责专项业务费 over its projects). Nothing in the printed row says
it is a group; its amounts do: a row is a group when the rows right after it — each read the
same way — add up to it. This reading is used only where the flat one (every row an item) does
not add up to the unit's total and the nested one does, so a row list that adds up as printed
is never re-read, and a break stays a break.
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Row
from .index import TOTAL_ROW
from .record import tolerance

def _printed_order(rows: list[Row]) -> list[Row]:
    """Rows top to bottom (side-by-side groups list theirs one group after the other)."""
    return sorted(rows, key=lambda r: (r.page, r.seq))


def unit_scopes(rows: list[Row]) -> dict[int, list[Row]]:
    """id(unit row) → the item rows it stands for (合计 rows left out)."""
    rows = _printed_order(rows)
    units = [r for r in rows if r.is_unit_row]
    shared = {u.unit for u in units if sum(v.unit == u.unit for v in units) > 1}
    out = {}
    for i, u in enumerate(rows):
        if not u.is_unit_row:
            continue
        if u.unit in shared:
            below = next((j for j in range(i + 1, len(rows)) if rows[j].is_unit_row), len(rows))
            items = [r for r in rows[i + 1:below] if r.unit == u.unit]
        else:
            items = [r for r in rows if not r.is_unit_row and r.unit == u.unit]
        out[id(u)] = [r for r in items if not TOTAL_ROW.search(r.name)]
    return out


def department_rows(rows: list[Row]) -> list[Row]:
    """The unit rows that stand for no item (``unit_scopes``) and are followed by a unit row of
    their name (125 | 西安市安全生产监督管理局 over 125001 | 西安市安全生产监督管理局): the
    department's row over its units, whose first, its own office, bears its name. Its parts
    are its units' rows."""
    scopes = unit_scopes(rows)
    units = [r for r in _printed_order(rows) if r.is_unit_row]
    return [u for u, nxt in zip(units, units[1:]) if u.unit == nxt.unit and not scopes[id(u)]]


def above_units(rows: list[Row], total: Row) -> list[Row] | None:
    """The item rows a 合计 row printed above several unit rows stands for: those printed before
    the first unit row; None when the 合计 row is not above several unit rows."""
    rows = _printed_order(rows)
    first = next((i for i, r in enumerate(rows) if r.is_unit_row), None)
    at = next(i for i, r in enumerate(rows) if r is total)
    if first is None or at > first or sum(r.is_unit_row for r in rows) < 2:
        return None  # over one unit, the 合计 row is that unit's total: the sum of its items
    return [r for r in rows[:first] if r is not total and not TOTAL_ROW.search(r.name)]


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
