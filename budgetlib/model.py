"""The records that cross a stage boundary, in one place, and the facts schema.

read → ``Grid`` and ``PageText``; tidy → ``TableRead`` (its ``Column`` s and ``Cell`` s) and facts
rows; checks → ``Row``, ``Check``, ``Finding``; the pipeline → ``Budget`` (``DocumentMeta``,
``Narrative`` of ``Figure`` s). Findings, checks and the document record also read like the dicts
they are written as (``finding["rule"]``).
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pandas as pd

from .tables import TABLE_NAMES

Severity = Literal["defect", "warning", "info"]
Status = Literal["ok", "rounding", "break"]
SEVERITIES: tuple[Severity, ...] = ("defect", "warning", "info")
STATUSES: tuple[Status, ...] = ("ok", "rounding", "break")
Origin = tuple[int, int]


class Record:
    """Dict-style reading of a dataclass record: ``r["rule"]``, ``r.get("page")``, ``{**r}``."""

    _omit: tuple[str, ...] = ()  # fields kept out of the written form

    def __getitem__(self, key: str):
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key) if key in self.keys() else default

    def keys(self) -> list[str]:
        return [f.name for f in fields(self) if f.name not in self._omit]

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.keys()}


@dataclass
class Grid:
    """One ruled table as camelot saw it on one page."""

    page: int
    bbox: tuple[float, float, float, float]  # x1, y1 (bottom), x2, y2 (top), PDF points
    cols: list[tuple[float, float]]
    rows: list[tuple[float, float]]  # (top, bottom)
    text: list[list[str]]
    origin: list[list[Origin]]  # the top-left cell of the merged block each cell belongs to
    key: str | None = None
    title: str = ""
    context: str = ""  # the page text between the previous grid (or page top) and this one
    continued: bool = False  # True when this grid continues the previous page's table
    engine: str = "vector"
    blocks: dict[Origin, str] = field(default_factory=dict, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.text), len(self.cols)

    def block(self, r: int, c: int) -> str:
        """Text of the merged block that cell (r, c) belongs to."""
        return self.blocks.get(self.origin[r][c], "")

    def own(self, r: int, c: int) -> str:
        """Text of cell (r, c) if the cell starts its block (so merged text is read once)."""
        return self.blocks.get((r, c), "") if self.origin[r][c] == (r, c) else ""


@dataclass
class PageText:
    """The text part as one string ``s``, with the page of every offset."""

    s: str
    starts: list[int]  # offset in ``s`` where each page's text begins
    pages: list[int]  # the 1-based page number of each part
    lines: list[tuple[int, str]] = field(default_factory=list, repr=False)  # (page, line) as printed

    def page(self, offset: int) -> int:
        return self.pages[max(0, bisect.bisect_right(self.starts, offset) - 1)] if self.pages else 0

    def sentence(self, start: int, end: int) -> str:
        """The sentence around [start, end): from the previous 。/； to the next one."""
        left = max(self.s.rfind(p, 0, start) for p in "。;") + 1
        rights = [i for i in (self.s.find(p, end) for p in "。;") if i >= 0]
        right = min(rights) + 1 if rights else len(self.s)
        return self.s[left:right]


@dataclass
class Figure:
    """A figure stated in the text part, with its sentence and page."""

    key: str
    value: Decimal | None
    unit: str  # 万元, %, 人, 个, 辆, 场, text
    page: int
    sentence: str
    label: str = ""
    text: str = ""


@dataclass
class Narrative:
    figures: list[Figure] = field(default_factory=list)
    text: str = ""
    source: PageText | None = field(default=None, repr=False)

    def page_at(self, offset: int) -> int | None:
        return self.source.page(offset) if self.source else None

    def sentence_at(self, start: int, end: int) -> str:
        return self.source.sentence(start, end) if self.source else self.text[start:end]

    def get(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def value(self, key: str):
        f = self.get(key)
        return f.value if f else None

    def prefix(self, prefix: str) -> list[Figure]:
        return [f for f in self.figures if f.key.startswith(prefix)]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([f.__dict__ for f in self.figures],
                            columns=["key", "value", "unit", "page", "label", "text", "sentence"])


@dataclass(frozen=True)
class Cell:
    text: str
    page: int
    row: int  # row index inside the page's grid
    col: int  # column index inside the page's grid
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class Column:
    index: int
    path: tuple[str, ...]  # header texts from the top block down to the leaf, whitespace removed
    role: str = "amount"  # unit | code | label | amount | extra
    measure: str = ""
    side: str = ""  # 收入 / 支出 in a two-sided table

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class TableRead:
    """One standard table, stitched over its pages, with its columns understood."""

    key: str
    title: str
    pages: list[int]
    money_unit: str | None
    unit: str  # the 单位名称 the table's heading gives (or the form's 部门（单位）名称)
    columns: list[Column]
    rows: list[dict[int, Cell]]  # data rows: column index → cell
    residue: list[dict] = field(default_factory=list)  # cells of the table no row holds
    groups: list[list[Column]] = field(default_factory=list)  # label columns + their amount columns

    @property
    def two_sided(self) -> bool:
        return any(c.side for c in self.columns)


# -- checks -----------------------------------------------------------------------------------

@dataclass
class Row:
    """One printed row of a table: its labels and its amounts by measure."""

    table: str
    unit: str
    code: str
    name: str
    subject_code: str
    level: str
    side: str
    page: int
    values: dict[str, Decimal] = field(default_factory=dict)
    seq: int = 0  # the row's index in its table's data rows (print order with the page)

    @property
    def is_unit_row(self) -> bool:
        return not self.code and not self.name

    @property
    def label(self) -> str:
        return self.name or self.code or self.unit


@dataclass
class Check(Record):
    """One identity tested: ``lhs`` (the printed figure) against the sum of ``terms``; or, of kind
    ``statement``, a fact about the document that is wrong by itself (a placeholder, a wrong year)."""

    rule: str
    table: str
    unit: str
    code: str
    name: str
    measure: str
    page: int | None
    description: str
    lhs: str
    rhs: str
    difference: str
    tolerance: str
    status: Status
    terms: list[str]
    severity: Severity
    kind: Literal["sum", "statement"] = "sum"
    _omit = ("kind",)  # validation.json says it by an empty lhs, as it always has


@dataclass
class Finding(Record):
    rule: str
    severity: Severity
    page: int | None
    table: str | None
    message: str
    evidence: str
    expected: str | None = None
    printed: str | None = None


FINDING_COLUMNS = [f.name for f in fields(Finding)]


@dataclass(frozen=True)
class DocumentMeta(Record):
    file: str
    sha256: str
    pages: int
    year: int | None
    unit: str
    kind: str  # 预算 / 决算
    level: str  # 省 / 市 / 区 / 县
    money_unit: str | None
    tables: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {**super().to_dict(), "tables": list(self.tables)}


# -- the facts schema (DESIGN.md "The facts table") -------------------------------------------

# what tidy writes for every numeric cell, in this order
TIDY_COLUMNS = ["table", "unit", "code", "name", "measure", "amount", "money_unit", "page", "row", "side", "group",
                "gov_economic_code", "gov_economic_name"]
# the contract's columns, in the order facts.csv starts with
FACT_COLUMNS = ["table", "unit", "code", "name", "measure", "amount", "money_unit",
                "subject_code", "level", "parent_code", "classification", "page"]
RESIDUE_COLUMNS = ["table", "page", "row", "col", "x1", "y1", "x2", "y2", "text", "reason"]
_TEXT = ["table", "unit", "code", "name", "measure", "money_unit", "side", "gov_economic_code", "gov_economic_name"]


def facts_frame(rows: list[dict]) -> pd.DataFrame:
    """The typed facts frame of tidy's rows: text columns str, ``amount`` Decimal, positions int.
    Raises ``ValueError`` on a row that breaks the schema (a bug upstream, never the document's)."""
    frame = pd.DataFrame(rows, columns=TIDY_COLUMNS)
    for col in _TEXT:
        if not frame[col].map(lambda v: isinstance(v, str)).all():
            raise ValueError(f"facts column {col!r} holds a value that is not text")
    if not frame["amount"].map(lambda v: isinstance(v, Decimal)).all():
        raise ValueError("facts column 'amount' holds a value that is not a Decimal")
    for col in ("page", "row", "group"):
        if not frame[col].map(lambda v: isinstance(v, int)).all():
            raise ValueError(f"facts column {col!r} holds a value that is not a whole number")
    return frame


def contract_order(facts: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns first, then any others in their order."""
    return facts[FACT_COLUMNS + [c for c in facts.columns if c not in FACT_COLUMNS]]


def unit_rows(facts: pd.DataFrame) -> pd.Series:
    """Rows that are a 预算单位's own totals: neither code nor name (DESIGN.md)."""
    return (facts["code"] == "") & (facts["name"] == "")


# -- the document -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Budget:
    """One document's tidy data: ``facts`` (the DESIGN.md contract), ``residue`` (cells not
    placed), ``checks`` and ``findings`` (validation), ``document`` (metadata)."""

    path: Path
    document: DocumentMeta
    facts: pd.DataFrame = field(repr=False)
    residue: pd.DataFrame = field(repr=False)
    checks: list[Check] = field(default_factory=list, repr=False)
    findings: list[Finding] = field(default_factory=list, repr=False)
    tables: list[TableRead] = field(default_factory=list, repr=False)
    narrative: Narrative | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        d = self.document
        t = self.tally()["findings"]
        return (f"<Budget {d.file!r}: {d.unit or '?'} {d.year or '?'} {d.kind or '?'}, {len(self.tables)} tables, "
                f"{len(self.facts)} facts, findings {t['defect']} defect / {t['warning']} warning / {t['info']} info>")

    def _repr_html_(self) -> str:
        """The summary JupyterLab shows for ``budget`` in a cell: unit, year, the tables with
        their facts, the totals the text states, findings by severity (document text escaped)."""
        d, t = self.document, self.tally()
        esc = lambda v: html.escape(str(v)) if v not in (None, "") else "?"  # noqa: E731
        counts = self.facts.groupby("table").size() if not self.facts.empty else {}
        tables = "".join(f"<tr><td><code>{esc(key)}</code></td><td>{esc(TABLE_NAMES.get(key, key))}</td>"
                         f"<td style='text-align:right'>{int(counts.get(key, 0))}</td></tr>" for key in d.tables)
        totals = [(f.key, f.value, f.unit, f.page) for f in (self.narrative.figures if self.narrative else [])
                  if f.key in ("totals.income", "totals.expense", "totals.expense_change")]
        stated = "".join(f"<li>{esc(k)}: {esc(f'{v:,}')} {esc(u)} (p.{esc(p)})</li>" for k, v, u, p in totals)
        f = t["findings"]
        return (f"<div><b>{esc(d.unit)}</b> · {esc(d.year)} · {esc(d.kind)} · {esc(d.file)} · {d.pages} pages · "
                f"amounts in {esc(d.money_unit)}<br>{len(self.tables)} tables, {len(self.facts)} facts, "
                f"{len(self.checks)} checks; findings: <b>{f['defect']} defect</b>, {f['warning']} warning, "
                f"{f['info']} info" + (f"<ul>{stated}</ul>" if stated else "") +
                f"<table><tr><th>key</th><th>table</th><th>facts</th></tr>{tables}</table></div>")

    def table(self, key: str) -> pd.DataFrame:
        """One standard table as a tidy frame (its facts rows)."""
        if key not in TABLE_NAMES:
            raise KeyError(f"unknown table key {key!r}; known: {', '.join(TABLE_NAMES)}")
        return self.facts[self.facts["table"] == key].reset_index(drop=True)

    def tally(self) -> dict[str, dict[str, int]]:
        """Checks by status and findings by severity: {"checks": {...}, "findings": {...}}."""
        return {"checks": {s: sum(c.status == s for c in self.checks) for s in STATUSES},
                "findings": {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}}

    @property
    def findings_frame(self) -> pd.DataFrame:
        return pd.DataFrame([f.to_dict() for f in self.findings], columns=FINDING_COLUMNS)
