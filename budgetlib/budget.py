"""``read_budget(path)``: the whole flow for one PDF, returning a ``Budget``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import BudgetInputError
from .extract import Grid, read_grids
from .hierarchy import add_hierarchy
from .locate import contents_titles, locate_tables, title_pages
from .narrative import Narrative, read_narrative
from .source import Source, open_source
from .tables import TABLE_NAMES
from .tidy import TableRead, read_table, table_facts, unit_names

FACT_COLUMNS = ["table", "unit", "code", "name", "measure", "amount", "money_unit",
                "subject_code", "level", "parent_code", "classification", "page"]
RESIDUE_COLUMNS = ["table", "page", "row", "col", "x1", "y1", "x2", "y2", "text", "reason"]


@dataclass
class Budget:
    """One document's tidy data: ``facts`` (the DESIGN.md contract), ``residue`` (cells not
    placed), ``checks`` and ``findings`` (validation), ``document`` (metadata)."""

    path: Path
    document: dict
    facts: pd.DataFrame
    residue: pd.DataFrame
    checks: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    tables: list[TableRead] = field(default_factory=list, repr=False)
    narrative: Narrative | None = field(default=None, repr=False)

    def table(self, key: str) -> pd.DataFrame:
        """One standard table as a tidy frame (its facts rows)."""
        if key not in TABLE_NAMES:
            raise KeyError(f"unknown table key {key!r}; known: {', '.join(TABLE_NAMES)}")
        return self.facts[self.facts["table"] == key].reset_index(drop=True)

    def tally(self) -> dict[str, dict[str, int]]:
        """Checks by status and findings by severity: {"checks": {...}, "findings": {...}}."""
        return {"checks": {s: sum(c["status"] == s for c in self.checks) for s in ("ok", "rounding", "break")},
                "findings": {s: sum(f["severity"] == s for f in self.findings) for s in ("defect", "warning", "info")}}

    @property
    def findings_frame(self) -> pd.DataFrame:
        cols = ["rule", "severity", "page", "table", "message", "evidence", "expected", "printed"]
        return pd.DataFrame(self.findings, columns=cols)


def _most_common(values: list):
    values = [v for v in values if v]
    return max(values, key=lambda v: (values.count(v), -values.index(v))) if values else None


def document_meta(source: Source, tables: list[TableRead]) -> dict:
    """Unit, year, kind (预算/决算) and money unit: from the cover when it names them
    (2024年深圳市…中心部门预算), else from the tables' headings and titles."""
    first = "".join(source.texts[:1])
    cover = re.sub(r"\s+", "", first)
    headings = " ".join(t.title for t in tables)
    year = re.search(r"((?:19|20)\d\d)年度?", cover)
    years = re.findall(r"((?:19|20)\d\d)年", headings + cover[:300])
    kind = re.search(r"(预算|决算)", cover[year.end():] if year else cover)
    unit = cover_unit(first) or _most_common([t.unit for t in tables]) or ""
    return {
        "file": source.path.name,
        "sha256": source.sha256,
        "pages": source.n_pages,
        "year": int(year.group(1)) if year else (int(_most_common(years)) if years else None),
        "unit": unit,
        "kind": kind.group(1) if kind else (_most_common(re.findall(r"预算|决算", headings)) or ""),
        "level": government_level(cover, unit),
        "money_unit": _most_common([t.money_unit for t in tables]),
    }


def government_level(cover: str, unit: str) -> str:
    """省 / 市 / 区 / 县: as the cover says it (区级部门预算), else from the unit's name
    (江苏省人大… → 省, 上海市财政局 → 市, 深圳市罗湖区… → 区)."""
    m = re.search(r"(省|市|区|县)级", cover)
    if m:
        return m.group(1)
    m = re.match(r"^(?:中共)?(?:.{2,3}省)?(?:.{2,3}(?:市|自治州|州))?(?:.{1,4}(区|县))?", unit)
    if m and m.group(1):
        return m.group(1)
    if re.match(r"^(?:中共)?(?:.{2,3}省)?.{2,3}市", unit):
        return "市"
    if re.match(r"^(?:中共)?.{2,3}(省|自治区)", unit):
        return "省"
    return ""


def cover_unit(text: str) -> str:
    """The unit a cover names: 预算主管部门：X / 预算单位：X, else the words before the year
    (X 2024年度部门决算) or between the year and 部门预算 (2024年X部门预算)."""
    flat = re.sub(r"\s+", "", text[:400])
    m = re.search(r"(?:预算主管部门|主管部门|预算单位|部门名称|单位名称)[:：](.{2,40}?)(?=\d|$|单位|部门[:：])", flat)
    if m:
        return m.group(1)
    m = re.search(r"^\d*(?P<before>[^\d]{2,40}?)?(?:19|20)\d\d年度?(?P<after>[^\d]{0,40}?)(?:部门|单位)?(?:预算|决算)", flat)
    if m:
        return m.group("after") or m.group("before") or ""
    return ""


def group_tables(grids: list[Grid]) -> list[list[Grid]]:
    """Grids of one standard table (a first part and its continuations), in document order."""
    groups: list[list[Grid]] = []
    for g in grids:
        if g.key is None:
            continue
        if g.continued and groups and groups[-1][0].key == g.key:
            groups[-1].append(g)
        else:
            groups.append([g])
    return groups


def read_budget(path, password: str | None = None, max_pages: int | None = None) -> Budget:
    """Extract, tidy, code and validate every standard table of one budget PDF."""
    from .validate import validate  # validate imports Budget-free helpers only

    source = open_source(path, password=password, max_pages=max_pages)
    try:
        titled = title_pages(source)  # one pass over the text layer serves locate and extract
        grids = read_grids(source, locate_tables(source, titled), titled)
        tables = [read_table(parts) for parts in group_tables(grids)]
        if not tables:
            raise BudgetInputError(f"{source.path}: no budget tables found (no ruled table under a title "
                                   "such as 收支总表 or 支出总表)")
        meta = document_meta(source, tables)
        known = unit_names(tables) | ({meta["unit"]} if meta["unit"] else set())
        facts, residue, findings = [], [], []
        for t in tables:
            f, r, p = table_facts(t, known, meta["unit"])
            facts += f
            residue += r
            findings += p
        frame = pd.DataFrame(facts, columns=["table", "unit", "code", "name", "measure", "amount",
                                             "money_unit", "page", "row", "side", "group"])
        frame, problems = add_hierarchy(frame)
        findings += problems
        findings += coverage_findings(source, tables, grids)
        if source.repaired:
            findings.append({"rule": "repaired_xref", "severity": "info", "page": None, "table": None,
                             "message": "PDF 的交叉引用表损坏，已由阅读器重建后读取", "evidence": "startxref",
                             "expected": None, "printed": None})
        meta["tables"] = [t.key for t in tables]
        table_pages = {p for t in tables for p in t.pages}
        narrative = read_narrative([(n, source.texts[n - 1]) for n in range(1, source.n_pages + 1)
                                    if n not in table_pages])
        budget = Budget(Path(path), meta, frame, pd.DataFrame(residue, columns=RESIDUE_COLUMNS),
                        findings=findings, tables=tables, narrative=narrative)
        validate(budget)
        budget.findings.sort(key=lambda f: (f["page"] is not None, f["page"] or 0))
        return budget
    finally:
        source.close()


def coverage_findings(source: Source, tables: list[TableRead], grids: list[Grid]) -> list[dict]:
    """Tables the contents announce but the document lacks; grids that are no standard table."""
    out = []
    found = {t.key for t in tables}
    for title, key in contents_titles(source):
        if key not in found:
            out.append({"rule": "table_missing", "severity": "warning", "page": None, "table": key,
                        "message": f"目录列出的“{title}”未在文档中找到", "evidence": title,
                        "expected": None, "printed": None})
    for g in grids:
        if g.key and g.engine == "stream":
            out.append({"rule": "unruled_table", "severity": "info", "page": g.page, "table": g.key,
                        "message": "该表没有表格线，按文字位置（camelot stream）读取", "evidence": g.title,
                        "expected": None, "printed": None})
        if g.key is None:
            out.append({"rule": "other_table", "severity": "info", "page": g.page, "table": None,
                        "message": "该页表格不是标准预算表，未读入 facts",
                        "evidence": re.sub(r"\s+", " ", g.context)[-80:], "expected": None, "printed": None})
    return out
