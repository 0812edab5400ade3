"""``read_budget(path)``: the one place that runs the stages, in order, for one PDF.

    source → locate → extract → tidy → hierarchy → narrative → checks → Budget

Each stage takes what the one before returned and returns something new; none reaches back.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .clean import is_amount
from .checks import run_checks
from .checks.claims import EMPTY_NOTE
from .checks.coverage import unplaced_findings
from .checks.publication import table_order, unpublished_tables
from .errors import BudgetInputError
from .guard import check_cells
from .hierarchy import add_hierarchy
from .model import RESIDUE_COLUMNS, Budget, Finding, Grid, Narrative, TableRead, facts_frame
from .read.cover import document_meta
from .read.extract import header_text, read_grids
from .read.locate import contents_titles, locate_tables, title_pages
from .read.narrative import read_narrative
from .read.source import Source, open_source
from .read.text_pages import text_pages
from .settings import DEFAULT, Settings
from .tables import STANDARD_HEADER, TABLE_NAMES, normal_title, recognise, ruled_out, title_keys
from .tidy import read_table, table_facts, unit_names, with_document_unit


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


def read_budget(path, password: str | None = None, max_pages: int | None = None,
                settings: Settings = DEFAULT) -> Budget:
    """Extract, tidy, code and validate every standard table of one budget PDF."""
    if max_pages is not None:
        settings = replace(settings, max_pages=max_pages)
    source = open_source(path, password=password, max_pages=settings.max_pages, settings=settings)
    try:
        titled = title_pages(source, settings)  # one pass over the text layer serves locate and extract
        grids = read_grids(source, locate_tables(source, titled), titled, settings)
        check_cells(grids, settings, source.path)
        tables = [read_table(parts, settings) for parts in group_tables(grids)]
        meta = document_meta(source, tables, settings)
        tables, assumed = with_document_unit(tables, meta.money_unit)
        narrative = read_narrative(text_pages(source, grids), settings, kind=meta.kind)
        if not tables and not states_budget(narrative, meta):
            raise BudgetInputError(f"{source.path}: no budget tables found (no ruled table under a title "
                                   "such as 收支总表 or 支出总表)")
        known = unit_names(tables) | ({meta.unit} if meta.unit else set())
        facts, residue, findings = [], [], []
        for t in tables:
            f, r, p = table_facts(t, known, meta.unit)
            facts += f
            residue += r
            findings += p
        frame, problems = add_hierarchy(facts_frame(facts))
        findings += problems + (coverage_findings(source, tables, grids, settings, meta.kind) if tables
                                else [text_only_finding(meta, narrative)])
        findings += assumed + damage_findings(source)
        findings += unplaced_findings(source.texts, tables, frame, residue, after_unruled(grids, tables))
        if source.repaired:
            findings.append(Finding("repaired_xref", "info", None, None, "PDF 的交叉引用表损坏，已由阅读器重建后读取",
                                    "startxref"))
        draft = Budget(Path(path), meta, frame, pd.DataFrame(residue, columns=RESIDUE_COLUMNS),
                       tables=tables, narrative=narrative)
        checks, broken = run_checks(draft, settings)
        findings = sorted(findings + broken, key=lambda f: (f.page is not None, f.page or 0))
        return replace(draft, checks=checks, findings=findings)
    finally:
        source.close()


def states_budget(narrative: Narrative, meta) -> bool:
    """A 部门预算/决算 说明 published without its tables (they sit in a separate file, as in about a
    tenth of the documents published): the cover names the kind and the text states the totals."""
    return bool(meta.kind) and any(f.key.startswith("totals.") for f in narrative.figures)


def text_only_finding(meta, narrative: Narrative) -> Finding:
    """What a reviewer of a text-only document must know: its figures are checked against each
    other only; the standard tables to check them against are not in this file."""
    return Finding("text_only", "warning", None, None,
                   f"本文件只有部门{meta.kind}的文字说明，没有印出公开表（表格可能另成一个文件）：文字所述 "
                   f"{len(narrative.figures)} 个数字只做了相互核对，未与表格核对", meta.file)


def after_unruled(grids: list[Grid], tables: list[TableRead]) -> dict[int, TableRead]:
    """Pages where no grid was found that follow a page of a table read without rules: such a
    table may run on there (nothing finds an untitled unruled page), so its amounts are counted."""
    read = {g.page for g in grids}
    out = {}
    for g in grids:
        table = next((t for t in tables if g.page in t.pages and t.key == g.key), None)
        if g.engine in ("stream", "lines") and table is not None and g.page + 1 not in read:
            out.setdefault(g.page + 1, table)
    return out


def damage_findings(source: Source) -> list[Finding]:
    """A stream the readers could not decode: what it held (rows, a total) may be missing."""
    return [Finding("damaged_stream", "warning", d.page, None,
                    f"PDF 对象 {d.objid} 的数据流无法解码，该页内容可能不全（表格的行或合计可能缺失）",
                    d.reason) for d in source.damage]


def read_text_part(path, password: str | None = None, settings: Settings = DEFAULT, kind: str = "") -> Narrative:
    """The figures of the text part alone (the grids are read only to leave their cells out)."""
    source = open_source(path, password=password, max_pages=settings.max_pages)
    try:
        titled = title_pages(source, settings)
        grids = read_grids(source, locate_tables(source, titled), titled, settings)
        return read_narrative(text_pages(source, grids), settings, kind=kind)
    finally:
        source.close()


def printed_empty(source: Source, title: str) -> int | None:
    """The page that prints ``title`` with a note saying the table is empty (本表为空表) and no
    table under it, if any."""
    wanted = normal_title(title)
    for page, text in enumerate(source.texts, 1):
        flat = re.sub(r"\s+", "", text)
        if page > 1 and wanted in normal_title(flat) and EMPTY_NOTE.search(flat):
            return page
    return None


def coverage_findings(source: Source, tables: list[TableRead], grids: list[Grid],
                      settings: Settings = DEFAULT, kind: str = "") -> list[Finding]:
    """Tables the contents announce (or, without contents, the document's kind must publish) but
    the document lacks; grids that are no standard table."""
    found = {t.key for t in tables}
    # a family title in the 目录 (一般公共预算支出表) is the member its table's header chose
    listed = [(title, key if key in found else next((k for k in title_keys(title) if k in found), key))
              for title, key in contents_titles(source, settings)]
    out = unpublished_tables(kind, found, bool(listed))
    out += table_order(kind, [(t.key, t.pages[0]) for t in tables], listed)
    for title, key in listed:
        if key in found:
            continue
        page = printed_empty(source, title)
        if page:
            out.append(Finding("table_printed_empty", "info", page, key, f"“{title}”只印了表题和空表说明，没有表格", title))
        else:
            out.append(Finding("table_missing", "warning", None, key, f"目录列出的“{title}”未在文档中找到", title))
    doubt = False  # a table whose columns were inferred on one page is doubtful on its continuations
    for g in grids:
        doubt = (doubt and g.continued) or g.engine in ("hrules", "lines")
        if g.key and g.engine in ("stream", "lines") and not any(is_amount(t) for row in g.text for t in row):
            # no amount to misplace (a title over its 本表为空表 note): nothing for a reviewer to verify
            out.append(Finding("unruled_table", "info", g.page, g.key, "该表没有表格线，也没有印出金额", g.title))
        elif g.key and g.engine == "stream":
            # no rule confirms the columns and rows a stream read guesses: a reviewer must look
            out.append(Finding("unruled_table", "warning", g.page, g.key,
                               "该表没有表格线，按文字位置（camelot stream）读取，行列未经表格线核实，需核对", g.title))
        elif g.key and g.engine == "hrules+vrules" and not doubt:
            out.append(Finding("unruled_table", "info", g.page, g.key, "该表的网格由横线与竖线逐段读取（点阵识别未找到）",
                               g.title))
        elif g.key and g.engine.startswith("hrules"):  # the columns are inferred from text positions alone
            out.append(Finding("unruled_table", "warning", g.page, g.key,
                               "该表只有横线：行按横线、列按文字位置推断，需核对", g.title))
        elif g.key and g.engine == "lines":
            out.append(Finding("unruled_table", "warning", g.page, g.key,
                               "该表没有表格线：行按文字行、列按文字位置推断，需核对", g.title))
        if g.continued:
            continue
        header = header_text(g, settings)
        said = recognise(g.title, header).title_says if g.title else None
        if said:
            named = "仍按表题读取" if said == g.key else f"按表头读作{TABLE_NAMES[g.key]}"
            out.append(Finding("title_header_mismatch", "warning", g.page, g.key,
                               f"表题“{g.title}”是{TABLE_NAMES[said]}，但表头与之不符，{named}",
                               re.sub(r"\s+", " ", header)[:80]))
        if g.key is None:
            # a table of a known kind outside the standard ones (ruled out by its title) is no surprise
            standard = bool(STANDARD_HEADER.search(re.sub(r"\s+", "", header))) and not ruled_out(g.title)
            what = f"“{g.title}”" if g.title else "该页表格"
            message = (f"{what}的表头像标准预算表，但表题不是已知的标准表，未读入 facts" if standard
                       else f"{what}不是标准预算表，未读入 facts")
            out.append(Finding("other_table", "warning" if standard else "info", g.page, None, message,
                               re.sub(r"\s+", " ", g.context)[-80:]))
    return out
