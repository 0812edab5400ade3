"""The facts regrouped as printed rows, and the lookups the checks make across tables."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pandas as pd

from ..clean import is_count_measure, is_rate_measure
from ..model import Column, Row, TableRead
from ..tables import SPECS, TOTAL_MEASURE, total_measure

TOTAL_ROW = re.compile(r"^(金额)?(合计|总计)$")
YEAR_ROW = re.compile(r"^((?:19|20)\d\d)年$")
# a 决算 prints 使用非财政拨款结余 under the income and 结余分配 under the expense (row names with side)
SURPLUS_USED = r"收入:(?:[一二三四五六七八九十]+、)?使用非财政拨款结余"
SURPLUS_ALLOTTED = r"支出:(?:[一二三四五六七八九十]+、)?结余分配"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_SPENT = re.compile(r"^本年支出(合计)?$")
_SUBTOTAL = re.compile(r"^(小计|合计)$")
# measures that are not this year's figure of the document's kind: 上年执行数, and in a 预算 the
# 执行数 / 决算数 columns, in a 决算 the 预算数 columns beside the 决算数 ones
_NOT_CURRENT = {"预算": re.compile(r"上年|执行数|决算数"), "决算": re.compile(r"上年|^(?!.*决算).*预算数")}


def current_measures(measures, year: int | None = None, kind: str | None = None) -> list[str]:
    """The measures that print the document's own year and kind (2026年预算数, not 2025年预算数, 上年
    执行数 or 决算数), in order; all of them when none does."""
    measures = list(measures)
    other = _NOT_CURRENT.get(kind or "")

    def current(m: str) -> bool:
        years = {int(y) for y in _YEAR.findall(m)}
        return not (year and years and year not in years) and not (other and other.search(m))

    return [m for m in measures if current(m)] or measures


def table_rows(facts: pd.DataFrame) -> dict[str, list[Row]]:
    """table key → its printed rows, each with its amounts by measure, in print order. A row is
    one printed line of one page: the row index restarts where a table's title is printed again
    on a later page, so the page is part of a row's identity."""
    out: dict[str, list[Row]] = defaultdict(list)
    names = ["table", "page", "group", "row", "side", "unit", "code", "name", "subject_code", "level", "measure", "amount"]
    printed: dict[tuple, list[tuple]] = {}  # (table, page, group, row, side) → its cells, in print order
    for cell in zip(*(facts[c].tolist() for c in names)):
        if not is_rate_measure(cell[10]):  # a percentage is no amount of any identity
            printed.setdefault(cell[:5], []).append(cell)
    for (table, page, _, seq, side), cells in printed.items():
        first = cells[0]
        out[table].append(Row(table, first[5], first[6], first[7], first[8], first[9], side, int(page),
                              {c[10]: c[11] for c in cells}, int(seq)))
    return out


def total_of(row: Row | None) -> str | None:
    """The measure that holds a row's total: its only one, else the first named 合计/总计/预算数/决算数,
    else its first that counts money, not things (政府采购 数量 | 预算金额)."""
    if row is None or not row.values:
        return None
    if len(row.values) == 1:
        return next(iter(row.values))
    money = [m for m in row.values if not is_count_measure(m)] or list(row.values)
    return next((m for m in money if re.search(r"(合计|总计|预算数|决算数)$", m)), money[0])


def total_column(columns: list[Column], year: int | None = None, kind: str | None = None) -> str | None:
    """The table's total column among the amount columns of the document's year and kind (see
    ``current_measures``), by ``tables.total_measure``. A 收入支出 table without a 合计 column
    (年初结转和结余 | 本年收入 | 本年支出 小计 基本支出 项目支出 | 年末结转和结余) spends its 本年支出."""
    measures = current_measures([c.measure for c in columns if c.role == "amount"], year, kind)
    if not any(TOTAL_MEASURE.search(m) for m in measures):
        spent = [c.measure for c in columns if c.role == "amount" and c.measure in measures and c.path
                 and _SPENT.match(c.path[0]) and (len(c.path) == 1 or _SUBTOTAL.match(c.leaf))]
        if spent:
            return spent[0]
    return total_measure(measures)


@dataclass(frozen=True)
class TableIndex:
    rows: dict[str, list[Row]]  # table key → printed rows
    columns: dict[str, list[Column]]  # table key → its columns
    year: int | None = None  # the document's year and kind (预算 / 决算): cross-table checks compare
    kind: str | None = None  # this year's figures, not 上年执行数 or the 决算数 beside a 预算数
    pages: dict[str, list[list[int]]] = field(default_factory=dict)  # table key → the pages of each printed table
    titles: dict[int, str] = field(default_factory=dict)  # page → the title of the table read there
    money_units: dict[str, str] = field(default_factory=dict)  # table key → 万元 / 元 / 千元

    def printed(self, table: str) -> list[list[Row]]:
        """The rows of each printed table of a key (長沙 prints a 项目支出绩效目标表 and a 部门整体
        支出绩效目标表, both performance_targets): a table's identities hold within it."""
        rows, parts = self.rows.get(table, []), self.pages.get(table, [])
        if len(parts) < 2:
            return [rows]
        home = {}
        for i, pages in enumerate(parts):
            for p in pages:
                home.setdefault(p, i)
        out = [[] for _ in parts]
        for r in rows:
            out[home.get(r.page, 0)].append(r)
        return [part for part in out if part]

    def top(self, table: str) -> Row | None:
        """The table's top row: a 合计 row printed above the unit rows, else the supervising
        (first) unit row, else its 合计 row."""
        rows = self.rows.get(table, [])
        first_unit = next((i for i, r in enumerate(rows) if r.is_unit_row), None)
        total = next((i for i, r in enumerate(rows) if TOTAL_ROW.search(r.name) and not r.side), None)
        if total is not None and (first_unit is None or total < first_unit):
            return rows[total]  # a 合计 row printed above the unit rows totals them all
        return rows[first_unit] if first_unit is not None else None

    def figure(self, table: str, *measures: str, name: str | None = None, among: list[Row] | None = None):
        """(row, measure, amount) of a table's top row, or of the row called ``name`` (the first
        of ``among``, by default of all the table's rows), in the first of ``measures`` it prints
        (by default the spec's total columns); a row with a single measure (two-sided tables
        name it by year: 2024年预算数) needs none named."""
        measures = measures or SPECS[table].total_measures
        rows = self.rows.get(table, []) if among is None else among
        row = next((r for r in rows if r.name == name), None) if name else self.top(table)
        if row is None:
            return None
        m = next((m for m in measures if m in row.values), None)
        if m is None:  # under a year's group: 2026年预算数/合计
            current = current_measures(row.values, self.year, self.kind)
            m = next((v for want in measures for v in current if "/" in v and v.rsplit("/", 1)[1] == want), None)
        if m is None and len(row.values) == 1:
            m = next(iter(row.values))
        return (row, m, row.values[m]) if m else None

    def total(self, table: str):
        """(row, measure, amount) of a table's top row in its total column (``total_column``)."""
        row, m = self.top(table), total_column(self.columns.get(table, []), self.year, self.kind)
        return (row, m, row.values[m]) if row is not None and m in row.values else None

    def row_total(self, row: Row | None) -> str | None:
        """``total_of`` a row among the measures of the document's year and kind."""
        if row is None or not row.values:
            return None
        keep = current_measures(row.values, self.year, self.kind)
        return total_of(replace(row, values={m: row.values[m] for m in keep}))

    def _coded(self, tables: list[str]):
        """(subject_code, amount in the table's total column) of every coded row of ``tables``."""
        for t in tables:
            total = total_column(self.columns.get(t, []), self.year, self.kind)
            for r in self.rows.get(t, []):
                if r.subject_code and total in r.values:
                    yield r.subject_code, r.values[total]

    def code_rows(self, tables: list[str]) -> dict[str, int]:
        """subject_code → how many printed rows ``code_amounts`` adds up for it (one per unit)."""
        out: dict[str, int] = defaultdict(int)
        for code, _ in self._coded(tables):
            out[code] += 1
        return out

    def code_amounts(self, tables: list[str]) -> dict[str, Decimal]:
        """subject_code → its amount in the total column, summed over ``tables`` and their units."""
        out: dict[str, Decimal] = defaultdict(Decimal)
        for code, amount in self._coded(tables):
            out[code] += amount
        return out


def index_tables(facts: pd.DataFrame, tables: list[TableRead], year: int | None = None,
                 kind: str | None = None) -> TableIndex:
    pages: dict[str, list[list[int]]] = defaultdict(list)
    for t in tables:
        pages[t.key].append(list(t.pages))
    titles = {page: t.title for t in tables for page in t.pages}
    return TableIndex(table_rows(facts), {t.key: t.columns for t in tables}, year, kind, dict(pages), titles,
                      {t.key: t.money_unit for t in tables if t.money_unit})
