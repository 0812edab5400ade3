"""Accounting identities of a budget document's tables → checks (see ``record`` for the
rounding rule). Within a table: parents = their children, unit and 合计 rows = their items,
column totals along the header tree, the two sides of a 收支总表, year-on-year changes. Across
tables: the same total printed in several tables, each 科目 of a 收支总表 in its expense table,
“三公” against the 经济分类 codes that book the same money.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pandas as pd

from ..clean import is_count_measure
from ..hierarchy import parent_chain
from ..model import Check, Column, Row, TableRead
from ..tables import FLAT_ITEMS
from .index import SURPLUS_ALLOTTED, SURPLUS_USED, TOTAL_MEASURE, TOTAL_ROW, YEAR_ROW, TableIndex, index_tables, total_of
from .nesting import above_units, department_rows, nested_reading, unit_scopes
from .cross_tables import cross_tables
from .record import Recorder

SUBTOTAL = re.compile(r"^(小计|合计)$")
# columns that are part of the others, never an addend: 其中…, and the 政府采购 memo columns of
# a 支出总表 (2026年政府采购项目 | 小计 | 其中：预留给中小企业…)
OF_WHICH = re.compile(r"^其中|政府采购")
CHANGE_ROW = re.compile(r"^增减")
# a “三公”经费合计 column leaves out the 会议费 and 培训费 columns printed beside it
THREE_PUBLIC_TOTAL = re.compile(r"三公")
MEETINGS = re.compile(r"会议费|培训费")
# 公务用车购置及运行费 = 购置费 + 运行(维护)费: printed beside it at the same level, the two are its parts
VEHICLES = re.compile(r"公务用车购置及运行")
VEHICLE_PART = re.compile(r"(公务用车)?(购置|运行(维护)?)费$")


def run_identities(ix: TableIndex, rec: Recorder) -> None:
    """Every identity of every table, then across tables."""
    for table in ix.rows:
        for rows in ix.printed(table):
            parent_sums(rec, rows)
            unit_sums(rec, rows)
            supervising_sums(rec, rows)
            column_sums(rec, ix.columns.get(table, []), rows)
            two_sided(rec, rows)
            side_items(rec, rows)
            year_change(rec, rows)
    cross_tables(ix, rec)


def check_identities(facts: pd.DataFrame, tables: list[TableRead]) -> list[Check]:
    """The checks of ``run_identities`` on a facts frame (for altered copies of a document)."""
    rec = Recorder()
    run_identities(index_tables(facts, tables), rec)
    return rec.checks


# -- within a table ---------------------------------------------------------------------------

def parent_sums(rec: Recorder, rows: list[Row]) -> None:
    """A 类 (or 款) row equals the sum of its 款 (or 项) rows, per unit, side and measure."""
    groups = defaultdict(list)
    for r in rows:
        if r.subject_code:
            groups[(r.unit, r.side)].append(r)
    for members in groups.values():
        printed = defaultdict(int)
        for r in members:
            printed[r.subject_code] += 1
        for i, parent in enumerate(members):
            scope = _block(members, i) if printed[parent.subject_code] > 1 else members
            kids = [r for r in scope if _nearest_printed_parent(r.subject_code, printed) == parent.subject_code]
            if not kids:
                continue
            for m, v in parent.values.items():
                if any(m in k.values for k in kids):
                    rec.add("parent_sum", parent, m, v, [_term(k.label, k.values, m) for k in kids],
                             f"{parent.subject_code} = 下级科目之和")

def _nearest_printed_parent(code: str, printed) -> str:
    """The closest ancestor of ``code`` the table prints: a 项 printed without its 款 row
    (3010201 津贴补贴 under 301, no 30102 row) is a part of its 类."""
    return next((c for c in parent_chain(code)[1:] if c in printed), "")


def _block(members: list[Row], i: int) -> list[Row]:
    """The rows printed under members[i] up to the next row of its level or above: where a code
    is printed more than once (烟台 公开表6 lists 301 under 501 and again under 505), each
    printing is the subtotal of the rows below it."""
    level = len(members[i].subject_code)
    out = []
    for r in members[i + 1:]:
        if len(r.subject_code) <= level:
            break
        out.append(r)
    return out


def unit_sums(rec: Recorder, rows: list[Row]) -> None:
    """A unit row or a 合计 row equals its 类 rows (coded tables) or its items (project
    tables); 本年支出合计 equals the 支出 classes of a two-sided table."""
    department = department_rows(rows)
    scopes = unit_scopes(rows)
    for total in rows:
        if any(total is d for d in department):
            continue  # its units' rows are its parts (supervising_sums)
        if total.is_unit_row:
            scope = scopes[id(total)]
        elif TOTAL_ROW.search(total.name) and not total.side:
            # a 合计 row over items of several units (a 单位名称 column printed on every row) sums them all
            mixed = not any(r.is_unit_row for r in rows) and len({r.unit for r in rows}) > 1
            scope = above_units(rows, total)
            if scope is None:
                scope = [r for r in rows if not r.is_unit_row and (mixed or r.unit == total.unit) and r is not total]
        else:
            continue
        scope = [r for r in scope if not TOTAL_ROW.search(r.name)]
        classes = [r for r in scope if r.level == "类"]
        if classes:
            _sum_rows(rec, "unit_sum_classes" if total.is_unit_row else "total_row_sum", total, classes)
        elif scope and not any(r.subject_code for r in scope) and total.table in FLAT_ITEMS:
            nesting = nested_reading(total, scope)
            for group, members in nesting[1] if nesting else []:
                _sum_rows(rec, "total_row_sum", group, members)
            _sum_rows(rec, "unit_sum_items" if total.is_unit_row else "total_row_sum", total,
                      nesting[0] if nesting else scope)
    for total in [r for r in rows if r.side == "支出" and re.search(r"(本年|当年)支出(合计|小计)$", r.name)]:
        _sum_rows(rec, "total_sum_classes", total, [r for r in rows if r.side == "支出" and r.level == "类"])

def _sum_rows(rec: Recorder, rule: str, total: Row, parts: list[Row]) -> None:
    for m, v in total.values.items():
        if any(m in p.values for p in parts):
            rec.add(rule, total, m, v, [_term(p.label, p.values, m) for p in parts], f"{total.label} = 各行之和")

def supervising_sums(rec: Recorder, rows: list[Row]) -> None:
    """A supervising body's row (no items under it) equals the sum of its units' rows. Where the
    table prints a 合计 row over its unit rows, the first unit row is the supervising body's only
    when it repeats the 合计 row; otherwise the 合计 row is the sum of all the unit rows."""
    units = [r for r in rows if r.is_unit_row]
    if len(units) < 2:
        return
    total = next((r for r in rows if not r.is_unit_row and TOTAL_ROW.search(r.name) and not r.side), None)
    # a 合计 row is the table's total, not an item of the unit it is printed under
    scopes = unit_scopes(rows)
    with_items = {id(u) for u in units if scopes[id(u)]}
    if total is not None and not with_items and units[0].values != total.values:
        _sum_rows(rec, "total_row_sum", total, units)
        return
    department = department_rows(rows)
    sup = department or ([u for u in units if id(u) not in with_items] if with_items else units[:1])
    leaves = [u for u in units if all(u is not s for s in sup)]
    if not leaves:
        return
    for s in sup:
        for m, v in s.values.items():
            if any(m in u.values for u in leaves):
                rec.add("supervising_sum", s, m, v, [_term(u.unit, u.values, m) for u in leaves],
                         f"{s.unit} = 所属单位之和")

def column_sums(rec: Recorder, columns: list[Column], rows: list[Row]) -> None:
    """Row by row along the header tree: 小计 = its siblings; 总计 = the top-level columns.
    Columns under 其中 are subsets, never summed; a count (数量) is no part of a money total."""
    columns = [c for c in columns if c.role == "amount" and not c.side and not is_count_measure(c.measure)]
    if len(columns) < 2:
        return
    paths = {c.measure: tuple(c.path) for c in columns}
    for r in rows:
        for prefix in dict.fromkeys(p[:-1] for p in paths.values()):
            siblings = _children(paths, prefix)
            sub = next((s for s in siblings if SUBTOTAL.search(s[-1]) and s in paths.values()), None)
            if sub is not None:
                _column_sum(rec, r, paths, sub, [s for s in siblings if s != sub], "subtotal_sum")
            vehicles = next((s for s in siblings if VEHICLES.search(s[-1]) and s in paths.values()), None)
            parts = [s for s in siblings if s != vehicles and VEHICLE_PART.search(s[-1])]
            if vehicles is not None and len(parts) == 2:  # printed flat beside their sum
                _column_sum(rec, r, paths, vehicles, parts, "subtotal_sum")
        tops = _children(paths, ())
        total = next((t for t in tops if t in paths.values() and TOTAL_MEASURE.search(t[-1])), None)
        if total is not None:
            _column_sum(rec, r, paths, total, [t for t in tops if t != total], "row_total_sum")

def _column_sum(rec: Recorder, r: Row, paths, total_path, parts_paths, rule) -> None:
    measure = _measure_of(paths, total_path)
    parts_paths = [p for p in parts_paths if not (THREE_PUBLIC_TOTAL.search(measure or "") and MEETINGS.search(p[-1]))]
    if any(VEHICLES.search(p[-1]) for p in parts_paths):  # the vehicle parts beside their sum are no addends
        parts_paths = [p for p in parts_paths if VEHICLES.search(p[-1]) or not VEHICLE_PART.search(p[-1])]
    addends = [p for p in parts_paths if not OF_WHICH.search(p[-1])]
    if len(addends) == 1 and len(parts_paths) > 1:
        # 小计 | 其中：基本支出 | 项目支出 (广州 表5): the 其中 column is the first of two addends
        addends = parts_paths
    parts = [(p[-1], _node_value(r.values, paths, p)) for p in addends]
    if measure not in r.values or not parts or all(v is None for _, v in parts):
        return
    parts = [(name, v) if v is not None else (f"{name}(空)", Decimal(0)) for name, v in parts]
    rec.add(rule, r, measure, r.values[measure], parts, f"{measure} = " + " + ".join(n for n, _ in parts))

_NUMBERED = r"(?:[一二三四五六七八九十]+、)?"
_TOP_ITEM = re.compile(r"^(收入|支出):[一二三四五六七八九十]+、")


def side_items(rec: Recorder, rows: list[Row]) -> None:
    """本年收入合计 = the side's items numbered 一、二、… above it (一般公共预算拨款收入, 事业收入 …;
    the 支出 side's 类), where a side numbers them: their sub-items (（一）, 1.) and 其中 rows are
    parts of an item, not further items."""
    for side in ("收入", "支出"):
        listed = [r for r in rows if r.side == side]
        total = next((r for r in listed if re.fullmatch(rf"{side}:(本年|当年){side}(合计|小计)", r.name)), None)
        m = total_of(total)
        if m is None:
            continue
        items = [r for r in listed[:listed.index(total)] if _TOP_ITEM.match(r.name)]
        if len(items) >= 2 and any(m in r.values for r in items):
            rec.add("side_items_sum", total, m, total.values[m], [_term(r.name, r.values, m) for r in items],
                    f"本年{side}合计 = 各项{side}之和")


def two_sided(rec: Recorder, rows: list[Row]) -> None:
    """收入总计 = 本年收入合计 + 上年结转; 支出总计 = 本年支出合计 + 结转下年; the sides balance;
    上年结余结转 = its numbered sub-items. Each side is compared on its own total column."""
    by = {}
    for r in rows:
        if r.side:
            by.setdefault(r.name, r)
    get = lambda pat: next((r for n, r in by.items() if re.search(pat, n)), None)  # noqa: E731
    # the rows are also printed numbered: 一、本年收入 | 二、上年结转 | 收入总计 (北京, 四川)
    income, income_year = get(r"^收入:(收入)?(总计|合计)$"), get(rf"^收入:{_NUMBERED}(本年|当年)收入(合计|小计)?$")
    carried = get(rf"^收入:{_NUMBERED}(上年|年初)结[余转]")
    expense, expense_year = get(r"^支出:(支出)?(总计|合计)$"), get(rf"^支出:{_NUMBERED}(本年|当年)支出(合计|小计)?$")
    carry_out = get(rf"^支出:{_NUMBERED}(结转下年|年末结[转余])")
    used, allotted = get("^" + SURPLUS_USED), get("^" + SURPLUS_ALLOTTED)  # a 决算's: both count
    for total, parts, extra, text in (
            (income, (income_year, carried), used, "收入总计 = 本年收入合计 + 上年结转"),
            (expense, (expense_year, carry_out), allotted, "支出总计 = 本年支出合计 + 结转下年")):
        m = total_of(total)
        if m and all(parts) and all(m in p.values for p in parts):
            terms = [parts[0], *_printed_between(rows, *parts), parts[1]]
            terms += [extra] if extra and m in extra.values and extra not in terms else []
            shown = [_term(p.name, p.values, m) for p in terms]
            rec.add("two_sided_total", total, m, total.values[m], shown, text)
    mi, me = total_of(income), total_of(expense)
    if mi and me:
        rec.add("two_sided_balance", income, mi, income.values[mi], [(expense.name, expense.values[me])],
                 "收入总计 = 支出总计")
    m = total_of(carried)
    if m:
        side_rows = [r for r in rows if r.side == "收入"]
        subs = []
        for r in side_rows[side_rows.index(carried) + 1:]:
            if not re.match(r"^收入:(\d+[.、]|[（(][一二三四五六七八九十]+[)）])", r.name):  # 1. / （一） sub-items
                break
            subs.append(r)
        if subs and m in carried.values:
            rec.add("carryover_sum", carried, m, carried.values[m], [_term(x.name, x.values, m) for x in subs],
                     "上年结转 = 各项之和")

def _printed_between(rows: list[Row], first: Row, last: Row) -> list[Row]:
    """The items a side prints between its 本年收入合计 and its 上年结转 row (用事业基金弥补收支差额,
    上年实户资金余额): further parts of its total, as the carry-over row is (其中 rows are not)."""
    side = [r for r in rows if r.side == first.side]
    if first not in side or last not in side or side.index(first) > side.index(last):
        return []
    between = [r for r in side[side.index(first) + 1:side.index(last)] if not r.name.split(":", 1)[-1].startswith("其中")]
    # 一、本年收入 | （一）… | 二、上年结转: under a numbered first term only its peers (二、…) are terms
    return [r for r in between if _TOP_ITEM.match(r.name)] if _TOP_ITEM.match(first.name) else between


def year_change(rec: Recorder, rows: list[Row]) -> None:
    """增减变化金额 = this year − last year (“三公” table), per unit and measure."""
    for change in [r for r in rows if CHANGE_ROW.search(r.name)]:
        years = sorted(((int(YEAR_ROW.match(r.name).group(1)), r) for r in rows
                        if r.unit == change.unit and YEAR_ROW.match(r.name)), key=lambda t: t[0])
        if len(years) < 2:
            continue
        (y0, last), (y1, this) = years[-2], years[-1]
        for m, v in change.values.items():
            if m in last.values and m in this.values:
                rec.add("year_change", change, m, v, [(this.name, this.values[m]), (last.name, -last.values[m])],
                         f"增减变化金额 = {this.name} − {last.name}")


def _term(label: str, values: dict, measure: str) -> tuple[str, Decimal]:
    """A summed term; a cell the table leaves blank counts as 0 and says so."""
    return (label, values[measure]) if measure in values else (f"{label}(空)", Decimal(0))


def _children(paths: dict[str, tuple], prefix: tuple) -> list[tuple]:
    out = []
    for p in paths.values():
        if len(p) > len(prefix) and p[: len(prefix)] == prefix:
            child = p[: len(prefix) + 1]
            if child not in out:
                out.append(child)
    return out


def _measure_of(paths: dict[str, tuple], path: tuple) -> str | None:
    return next((m for m, p in paths.items() if p == path), None)


def _node_value(values: dict, paths: dict[str, tuple], node: tuple):
    """A header node's amount: its own column, else its 小计 column, else the sum of its children."""
    m = _measure_of(paths, node)
    if m is not None:
        return values.get(m)
    kids = _children(paths, node)
    sub = next((k for k in kids if SUBTOTAL.search(k[-1]) and _measure_of(paths, k)), None)
    if sub is not None:
        return values.get(_measure_of(paths, sub))
    parts = [_node_value(values, paths, k) for k in kids if not OF_WHICH.search(k[-1])]
    return None if all(p is None for p in parts) else sum((p for p in parts if p is not None), Decimal(0))

