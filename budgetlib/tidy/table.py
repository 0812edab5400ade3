"""The grids of one standard table (a first part and its continuations) → a ``TableRead``:
its header understood, its data rows stitched over the pages, its unit and money unit."""
from __future__ import annotations

import re
from dataclasses import replace

from ..clean import clean_label, money_unit
from ..model import Cell, Finding, Grid, TableRead
from ..settings import DEFAULT, Settings
from ..tables import NO_SUBJECTS
from .columns import (ORG_SUFFIX, assign_roles, column_groups, field_blocks, form_fields, header_columns, header_money_unit,
                      is_targets_form, mark_sides)
from .spill import rejoin_spilled_labels
from .stitch import grid_cell, rejoin_page_breaks, reprinted_blocks, stitch

AMOUNT_IN_TEXT = re.compile(r"\d\.\d\d")
# A form's text sections after its amounts (绩效目标表: 年度总体目标, 年度绩效指标, or the targets
# themselves, 目标1：…, in a row of their own) end the data rows.
SECTION_BREAK = re.compile(r"^(年度)?(总体目标|绩效指标)$|^目标\d+[：:]")
# the columns naming a targets form's project block (beside its money, not its indicators)
NAME_ROLES = ("unit_code", "unit", "code", "label")


def heading_unit(context: str) -> str:
    """The unit a table's heading names: 单位名称：深圳市…中心 (line breaks allowed)."""
    text = clean_label(context)
    m = re.search(r"(?:单位名称|部门名称|预算单位|部门(?!名称))[:：](?!(?:金额)?单位[:：])(.+?)(?:(?:金额)?单位[:：]|公开|$)", text)
    unit = m.group(1) if m else ""
    if re.search(r"[:：]", unit):
        # the heading runs on into another field (单位名称：某局保密审查情况：不设密): keep the
        # organisation before that field's key
        unit = re.split(r"[:：]", unit)[0]
        org = [unit[:i] for i in range(len(unit), 0, -1) if ORG_SUFFIX.search(unit[:i])]
        unit = org[0] if org else unit
    return "" if re.match(r"^(万元|千元|元)", unit) else unit


def residue_row(key: str, cell: Cell, reason: str) -> dict:
    """A cell no fact holds, with its page position and why (residue.csv)."""
    x1, y1, x2, y2 = cell.bbox
    return {"table": key, "page": cell.page, "row": cell.row, "col": cell.col,
            "x1": x1, "y1": y1, "x2": x2, "y2": y2, "text": cell.text, "reason": reason}


def split_sections(rows: list[dict[int, Cell]]) -> tuple[list[dict[int, Cell]], list[dict[int, Cell]]]:
    """The data rows, and the text sections a form prints after them (年度总体目标 …)."""
    for i, row in enumerate(rows):
        first = min(row) if row else None
        if first is not None and SECTION_BREAK.search(clean_label(row[first].text)):
            return rows[:i], rows[i:]
    return rows, []


def merged_header_amounts(base: Grid, end: int) -> list[Cell]:
    """With no row of amounts under the header, a header cell holding amounts is a data row the
    ruling merged into the header (合计 0.00 0.00 0.00 of an empty table): its cells are kept."""
    if end < len(base.text):
        return []
    return [grid_cell(base, r, c, t) for (r, c), t in sorted(base.blocks.items()) if AMOUNT_IN_TEXT.search(t)]


def read_table(parts: list[Grid], settings: Settings = DEFAULT) -> TableRead:
    base = parts[0]
    stitched = stitch(parts, settings)
    end = stitched.header_rows
    fields = form_fields(base, end)
    rows, trailing = split_sections(rejoin_page_breaks(stitched.parts))
    columns = mark_sides(base, end, header_columns(base, end, field_blocks(base, end, fields)), rows)
    targets = is_targets_form(base.key, columns)
    rows = rejoin_spilled_labels(rows, assign_roles(columns, rows, settings, targets=targets),
                                 words_are_values=base.key in NO_SUBJECTS)
    columns = assign_roles(columns, rows, settings, targets=targets)
    reprinted: list[Cell] = []
    if targets:
        rows, reprinted = reprinted_blocks(rows, [c.index for c in columns if c.role in NAME_ROLES],
                                           [c.index for c in columns if c.role == "amount"])
    unit = heading_unit(base.context) or next((v for k, (v, _) in fields.items() if "单位" in k or "部门" in k), "")
    residue = [residue_row(base.key, c, "cell outside the table's columns") for c in stitched.stray]
    residue += [residue_row(base.key, c, "amounts merged into the header (columns not ruled apart)")
                for c in merged_header_amounts(base, end)]
    residue += [residue_row(base.key, c, "text section after the amounts") for row in trailing for c in row.values()]
    residue += [residue_row(base.key, c, "printed again over the page break (one merged block)") for c in reprinted]
    return TableRead(
        key=base.key, title=base.title, pages=[p.page for p in parts],
        money_unit=money_unit(clean_label(base.context)) or header_money_unit(columns),
        unit=unit, columns=columns, rows=rows, residue=residue, groups=column_groups(columns),
    )


LABEL_UNIT = re.compile(r"[（(](万元|千元|元)[)）]")


def label_money_unit(table: TableRead) -> str | None:
    """A money unit a form prints beside its row labels: 资金金额（万元）."""
    units = {m.group(1) for row in table.rows for c in row.values() for m in LABEL_UNIT.finditer(c.text)}
    return units.pop() if len(units) == 1 else None


def with_document_unit(tables: list[TableRead], unit: str | None) -> tuple[list[TableRead], list[Finding]]:
    """A table that prints no money unit over its grid: the one its row labels print (资金金额
    （万元）), else — a table of the standard set, whose 单位：元 line was left off — the one the
    document's other tables print, with an info saying so. A 绩效 form stating none keeps none."""
    out, notes = [], []
    for t in tables:
        found = None if t.money_unit else label_money_unit(t)
        if found:
            t = replace(t, money_unit=found)
        elif not t.money_unit and unit and t.key != "performance_targets":
            notes.append(Finding("money_unit_assumed", "info", t.pages[0], t.key,
                                 f"《{t.title}》未印金额单位，按本文档其他表的金额单位“{unit}”读取", t.title))
            t = replace(t, money_unit=unit)
        out.append(t)
    return out, notes
