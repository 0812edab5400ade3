"""The cells of a “三公” table by what they mean, whatever the layout prints them in.

Templates put the parts (因公出国（境）费, 公务用车购置及运行费 = 购置费 + 运行费, 公务接待费) in the
columns (上海, 江苏, 重庆, 烟台 …) or in the rows (福州, 广州); the years in the rows (深圳: 2025年,
2026年, 增减变化金额) or in column groups (重庆: 2025年预算数 / 2026年预算数); a 决算 prints 预算数
and 决算数 side by side or one above the other (西安); some split every part by fund (一般公共预算 |
政府性基金预算 | 国有资本经营预算). Each cell is named here by (when, part): ``when`` is ``this`` /
``last`` / ``change`` in a 预算, ``budget`` / ``final`` in a 决算."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Row
from .index import TOTAL_ROW, TableIndex

PARTS = ("total", "overseas_travel", "reception", "vehicle", "vehicle_purchase", "vehicle_operation")
# the deepest header (or row label) that names one of these decides; 会议费 / 培训费 / 机关运行经费 /
# 行政经费 are printed beside the “三公” in several templates and are none of its parts
_PART_OF = [("other", re.compile(r"会议费|培训费|运行经费|行政经费")),
            ("overseas_travel", re.compile(r"出国")),
            ("reception", re.compile(r"接待")),
            ("vehicle", re.compile(r"购置(?:及|和)运行")),
            ("vehicle_purchase", re.compile(r"购置")),
            ("vehicle_operation", re.compile(r"运行")),
            ("total", re.compile(r"三公"))]
GENERIC = re.compile(r"^(?:其中:?)?(?:金额)?(?:合计|总计|小计|总额)$")
FUND = re.compile(r"^(?:一般公共预算|政府性基金|国有资本经营|财政专户管理资金|其他资金)(?:预算)?(?:拨款)?$")
CHANGE = re.compile(r"增减|变化|增长|减少")


def segment_part(segments: tuple[str, ...]) -> str | None:
    """The part the deepest naming segment names; ``generic`` where only 合计/小计 is printed."""
    generic = False
    for s in reversed(segments):
        for part, pattern in _PART_OF:
            if pattern.search(s):
                return part
        generic = generic or bool(GENERIC.match(s))
    return "generic" if generic else None


def cell_part(row_name: str, path: tuple[str, ...], others_printed: bool) -> str | None:
    """A cell's part: the column's, else the row's; a bare 合计 is the “三公” total only where the
    table prints nothing but the “三公” (江苏's 合计 adds 会议费 and 培训费)."""
    by_column, by_row = segment_part(path), segment_part((row_name,))
    for part in (by_column, by_row):
        if part not in (None, "generic", "total"):
            return part
    if "total" in (by_column, by_row):
        return "total"
    if "generic" in (by_column, by_row) and not others_printed:
        return "total"
    return None


def cell_when(segments: tuple[str, ...], kind: str, year: int | None) -> str | None:
    """``change`` / ``this`` / ``last`` (预算) or ``budget`` / ``final`` (决算) from the labels."""
    text = "|".join(segments)
    if re.search(r"%|率|幅|比重|占比", text):
        return None  # a percent column is no amount
    if CHANGE.search(text):
        return "change"
    if kind == "决算":
        if any(re.search(r"决算数?$", s) for s in segments):
            return "final"
        return "budget" if any(re.fullmatch(r"(?:全年|年初|调整后)?预算数?", s) for s in segments) else "final"
    years = {int(y) for y in re.findall(r"((?:19|20)\d\d)年", text)}
    if years:
        return "this" if years == {year} else "last" if year and years == {year - 1} else None
    if re.search(r"上年预算", text):
        return "last"
    if re.search(r"上年|执行数", text) or any(re.fullmatch(r"决算数?", s) for s in segments):
        return None
    return "this"


def _fund(path: tuple[str, ...]) -> str:
    return next((s for s in path if FUND.match(s)), "")


def three_public_table(ix: TableIndex, kind: str) -> str:
    return "final_three_public" if kind == "决算" and "final_three_public" in ix.rows else "three_public"


def _others(paths: dict, rows: list[Row]) -> bool:
    return any(segment_part(p) == "other" for p in paths.values()) or any(segment_part((r.name,)) == "other" for r in rows)


def printed_parts(ix: TableIndex, table: str) -> set[str]:
    """The parts the table's header or row labels name (a place for the amount, filled or not)."""
    paths = {c.measure: c.path for c in ix.columns.get(table, []) if c.role == "amount"}
    rows = ix.rows.get(table, [])
    others = _others(paths, rows)
    names = {r.name for r in rows} | {""}
    return {p for name in names for path in paths.values() if (p := cell_part(name, path, others))}


def three_public_cells(ix: TableIndex, table: str, kind: str, year: int | None) -> dict[tuple[str, str], tuple[str, Decimal]]:
    """(when, part) → (where it is printed, amount) for the department: a 合计 row where the
    table prints one per unit, else the first row that prints the cell; a part split by fund
    only is the sum of its funds."""
    paths = {c.measure: c.path for c in ix.columns.get(table, []) if c.role == "amount"}
    rows = ix.rows.get(table, [])
    others = _others(paths, rows)
    found: dict[tuple[str, str], list[tuple[int, Row, str, str]]] = {}
    for i, row in enumerate(rows):
        for measure in row.values:
            path = paths.get(measure, tuple(measure.split("/")))
            part = cell_part(row.name, path, others)
            when = cell_when((row.name, *path), kind, year)
            if part and when:
                found.setdefault((when, part), []).append((i, row, measure, _fund(path)))
    out = {}
    for key, hits in found.items():
        totals = [h for h in hits if TOTAL_ROW.search(h[1].name)]
        first = (totals or hits)[0][0]
        cells = [h for h in hits if h[0] == first]
        whole = [h for h in cells if not h[3]]
        chosen = whole[:1] or cells
        row = chosen[0][1]
        label = f"{table}:{row.label or row.unit}:{'+'.join(h[2] for h in chosen)}"
        out[key] = (label, sum((row.values[h[2]] for h in chosen), Decimal(0)))
    return out


def with_change(cells: dict, kind: str) -> dict:
    """A 预算 table printing both years but no 增减 row: the change is this year − last year; a
    table printing 购置费 and 运行维护费 without their 小计: 公务用车购置及运行费 is their sum."""
    out = dict(cells)
    for when in {w for w, _ in cells}:
        purchase, operation = cells.get((when, "vehicle_purchase")), cells.get((when, "vehicle_operation"))
        if (when, "vehicle") not in cells and purchase and operation:
            out[(when, "vehicle")] = (f"{purchase[0]} + {operation[0]}", purchase[1] + operation[1])
    cells = dict(out)
    for part in PARTS:
        this, last = cells.get(("this", part)), cells.get(("last", part))
        if kind != "决算" and ("change", part) not in cells and this and last:
            out[("change", part)] = (f"{this[0]} − {last[0]}", this[1] - last[1])
    return out
