"""Raw grids → long facts rows (table, unit, code, name, measure, amount) and residue.

A standard table is read by meaning, not by position:
- the header is every row above the first row holding an amount; each column's header path
  follows the merged blocks down to its leaf, which names the measure;
- columns are unit (预算单位), code (科目编码, possibly 类 | 款 | 项), label or amount columns,
  decided from the header words and from what the data cells hold;
- a two-sided table (收入 | 支出 side by side) is read side by side;
- a table continued on the next page is stitched to its first part by column position, its
  repeated header dropped and a row label cut by the page break rejoined.
Every non-empty cell ends up in a fact, a label, the header, or the residue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .clean import MalformedAmount, clean_amount, clean_code, clean_label, is_amount, is_dash, money_unit
from .extract import Grid

CODE_HEADER = re.compile(r"编码|代码")
CODE_PART = {"类", "款", "项"}
UNIT_HEADER = re.compile(r"^(预算)?单位(名称)?$|^部门(（单位）|\(单位\))?名称$")
NAME_HEADER = re.compile(r"名称|项目|类别|年度")
TWO_SIDES = ("收入", "支出")
SIDE_HEADER = re.compile(r"^(?:本年)?(收入|支出)(?:项目)?$")
# Organisations end in these words (the value of a form's 部门（单位）名称 field).
ORG_SUFFIX = re.compile(r"(部|委员会|委|中心|局|办公室|办|厅|院|所|处|站|队|馆|学校|政府|法院|检察院|联合会|协会|集团|公司)$")
# A form's text sections after its amounts (绩效目标表: 年度总体目标, 年度绩效指标) end the data rows.
SECTION_BREAK = re.compile(r"^(年度)?(总体目标|绩效指标)$")
FIELD_KEY = re.compile(r"^(部门|单位|部门（单位）|部门\(单位\))名称$|^主管部门$")


@dataclass
class Cell:
    text: str
    page: int
    row: int  # row index inside the page's grid
    col: int  # column index inside the page's grid
    bbox: tuple[float, float, float, float]


@dataclass
class Column:
    index: int
    path: list[str]  # header texts from the top block down to the leaf, whitespace removed
    role: str = "amount"  # unit | code | label | amount | extra
    measure: str = ""
    side: str = ""  # 收入 / 支出 in a two-sided table

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass
class TableRead:
    """One standard table, stitched over its pages, with its columns understood."""

    key: str
    title: str
    pages: list[int]
    money_unit: str | None
    unit: str  # the 单位名称 the table's heading gives (or the form's 部门（单位）名称)
    columns: list[Column]
    rows: list[dict[int, Cell]]  # data rows: column index → cell
    residue: list[dict] = field(default_factory=list)
    groups: list[list[Column]] = field(default_factory=list)  # label columns + their amount columns

    @property
    def two_sided(self) -> bool:
        return any(c.side for c in self.columns)


# -- stitching ------------------------------------------------------------------------------

def _cell(grid: Grid, r: int, c: int, text: str) -> Cell:
    x1, x2 = grid.cols[c]
    top, bottom = grid.rows[r]
    return Cell(text, grid.page, r, c, (round(x1, 1), round(bottom, 1), round(x2, 1), round(top, 1)))


def _column_map(base: Grid, part: Grid) -> dict[int, int | None]:
    """Each column of a continuation part → the base column it overlaps most."""
    out = {}
    for j, (a1, a2) in enumerate(part.cols):
        best, best_overlap = None, 0.0
        for i, (b1, b2) in enumerate(base.cols):
            overlap = min(a2, b2) - max(a1, b1)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        width = min(a2 - a1, (base.cols[best][1] - base.cols[best][0]) if best is not None else 0)
        out[j] = best if best is not None and best_overlap >= 0.5 * width else None
    return out


def _header_end(grid: Grid) -> int:
    """Index of the first row holding an amount: the rows above it are the header."""
    for r in range(len(grid.text)):
        if any(is_amount(grid.own(r, c)) for c in range(len(grid.cols))):
            return r
    return len(grid.text)


def stitch(parts: list[Grid]) -> tuple[int, list[list[dict[int, Cell]]], list[Cell]]:
    """The header row count of the first part, the data rows of all parts (each row a mapping
    base column → cell, per part), and the cells of continuation parts that map to no column."""
    base = parts[0]
    end = _header_end(base)
    header_texts = {clean_label(t) for o, t in base.blocks.items() if o[0] < end}
    out, stray = [], []
    for n, part in enumerate(parts):
        cmap = {c: c for c in range(len(part.cols))} if n == 0 else _column_map(base, part)
        first = end if n == 0 else 0
        rows = []
        for r in range(first, len(part.text)):
            row: dict[int, Cell] = {}
            for c in range(len(part.cols)):
                text = part.own(r, c)
                if not text:
                    continue
                b = cmap.get(c)
                if b is None:
                    stray.append(_cell(part, r, c, text))
                elif b in row:
                    row[b].text += "\n" + text
                else:
                    row[b] = _cell(part, r, c, text)
            if n > 0 and not rows and _is_repeated_header(row, header_texts):
                continue
            rows.append(row)
        out.append(rows)
    return end, out, stray


def _is_repeated_header(row: dict[int, Cell], header_texts: set[str]) -> bool:
    texts = [clean_label(c.text) for c in row.values()]
    return bool(texts) and not any(is_amount(c.text) for c in row.values()) and all(t in header_texts for t in texts)


# -- the header -----------------------------------------------------------------------------

def _form_fields(grid: Grid, end: int) -> dict[str, tuple[str, tuple]]:
    """Key/value blocks in the header of a form-like table (部门（单位）名称 | 某单位)."""
    fields = {}
    for r in range(end):
        row = []
        for c in range(len(grid.cols)):
            o = grid.origin[r][c]
            if o[0] == r and (not row or row[-1] != o):
                row.append(o)
        for key_o, value_o in zip(row, row[1:]):
            key = clean_label(grid.blocks.get(key_o, ""))
            value = clean_label(grid.blocks.get(value_o, ""))
            if FIELD_KEY.search(key) and ORG_SUFFIX.search(value) and key not in fields:
                fields[key] = (value, value_o)
    return fields


def header_columns(grid: Grid, end: int, skip: set) -> list[Column]:
    columns = []
    for c in range(len(grid.cols)):
        path, seen = [], set()
        for r in range(end):
            o = grid.origin[r][c]
            text = clean_label(grid.blocks.get(o, ""))
            if text and o not in seen and o not in skip:
                seen.add(o)
                path.append(text)
        columns.append(Column(c, path))
    return columns


def _two_sided(grid: Grid, end: int, columns: list[Column]) -> None:
    """Mark the 收入 / 支出 sides of a two-sided table from its top header row."""
    if end == 0:
        return
    sides = {}
    for c in range(len(grid.cols)):
        m = SIDE_HEADER.match(clean_label(grid.block(0, c)))
        if m:
            sides[c] = m.group(1)
    if set(sides.values()) == set(TWO_SIDES):
        for col in columns:
            col.side = sides.get(col.index, "")
            if col.side and col.path and col.path[0] == col.side:
                col.path = col.path[1:]  # the side is not a parent of the measure


def assign_roles(columns: list[Column], rows: list[dict[int, Cell]]) -> None:
    for col in columns:
        cells = [row[col.index].text for row in rows if col.index in row]
        amounts = sum(is_amount(t) for t in cells)
        parent = col.path[-2] if len(col.path) > 1 else ""
        if CODE_HEADER.search(col.leaf) or (col.leaf in CODE_PART and CODE_HEADER.search(parent)):
            col.role = "code"
        elif cells and amounts >= 0.6 * len(cells):
            col.role = "amount"
        elif UNIT_HEADER.search(col.leaf) and not col.side:
            col.role = "unit"
        elif cells or NAME_HEADER.search(col.leaf) or not col.leaf:
            col.role = "label"
        else:
            col.role = "amount"  # an empty column under an amount header
    for group in column_groups(columns):
        labels = [c for c in group if c.role == "label"]
        named = [c for c in labels if "名称" in c.leaf and any(c.index in r for r in rows)]
        keep = named[0] if named else next((c for c in labels if any(c.index in r for r in rows)), None)
        for c in labels:
            if keep is not None and c is not keep:
                c.role = "extra"
    for side in {c.side for c in columns}:
        _measure_names([c for c in columns if c.role == "amount" and c.side == side])


def column_groups(columns: list[Column]) -> list[list[Column]]:
    """Side-by-side layouts (科目 | 金额 | 科目 | 金额): a label column after amount columns, or
    a new side of a two-sided table, starts a new group; each group is read as its own rows."""
    groups: list[list[Column]] = []
    for col in columns:
        starts = not groups or col.side != groups[-1][-1].side or (
            col.role != "amount" and any(c.role == "amount" for c in groups[-1]))
        if starts:
            groups.append([col])
        else:
            groups[-1].append(col)
    return groups


def _measure_names(amount_columns: list[Column]) -> None:
    """The leaf, prefixed by as many parents as it takes to tell repeated leaves apart."""
    for col in amount_columns:
        col.measure = col.leaf
    depth = 1
    while depth < 6:
        counts: dict[str, int] = {}
        for col in amount_columns:
            counts[col.measure] = counts.get(col.measure, 0) + 1
        dupes = [c for c in amount_columns if counts[c.measure] > 1 and len(c.path) > depth]
        if not dupes:
            break
        for col in dupes:
            col.measure = "/".join(col.path[-depth - 1:])
        depth += 1


# -- reading a table ------------------------------------------------------------------------

def heading_unit(context: str) -> str:
    """The unit a table's heading names: 单位名称：深圳市…中心 (line breaks allowed)."""
    text = clean_label(context)
    m = re.search(r"(?:单位名称|部门名称|预算单位|部门(?!名称))[:：](?!(?:金额)?单位[:：])(.+?)(?:(?:金额)?单位[:：]|公开|$)", text)
    unit = m.group(1) if m else ""
    return "" if re.match(r"^(万元|千元|元)", unit) else unit


def read_table(parts: list[Grid]) -> TableRead:
    base = parts[0]
    end, part_rows, stray = stitch(parts)
    fields = _form_fields(base, end)
    skip = {o for _, o in fields.values()} | {
        base.origin[r][c] for r in range(end) for c in range(len(base.cols))
        if FIELD_KEY.search(clean_label(base.block(r, c))) and clean_label(base.block(r, c)) in fields
    }
    columns = header_columns(base, end, skip)
    _two_sided(base, end, columns)
    rows = _rejoin_page_breaks(part_rows, columns)
    rows, trailing = _split_sections(rows)
    assign_roles(columns, rows)
    unit = heading_unit(base.context) or next((v for k, (v, _) in fields.items() if "单位" in k or "部门" in k), "")
    table = TableRead(
        key=base.key, title=base.title, pages=[p.page for p in parts],
        money_unit=money_unit(clean_label(base.context)) or _header_money_unit(columns),
        unit=unit, columns=columns, rows=rows,
    )
    table.groups = column_groups(columns)
    table.residue += [_residue(table, c, "cell outside the table's columns") for c in stray]
    table.residue += [_residue(table, c, "text section after the amounts") for row in trailing for c in row.values()]
    return table


def _split_sections(rows: list[dict[int, Cell]]) -> tuple[list[dict[int, Cell]], list[dict[int, Cell]]]:
    for i, row in enumerate(rows):
        first = min(row) if row else None
        if first is not None and SECTION_BREAK.search(clean_label(row[first].text)):
            return rows[:i], rows[i:]
    return rows, []


def _header_money_unit(columns: list[Column]) -> str | None:
    for col in columns:
        for text in col.path:
            m = re.search(r"[（(](万元|千元|元)[)）]", text)
            if m:
                return m.group(1)
    return None


def _rejoin_page_breaks(part_rows: list[list[dict[int, Cell]]], columns: list[Column]) -> list[dict[int, Cell]]:
    """A label cut by a page break: the last row of a part holds only label text and the first
    row of the next part continues it with the amounts (预 | 算准备金 10.00 …)."""
    rows: list[dict[int, Cell]] = []
    for n, part in enumerate(part_rows):
        part = list(part)
        if n > 0 and rows and part:
            tail, head = rows[-1], part[0]
            if tail and not any(is_amount(c.text) for c in tail.values()) and any(is_amount(c.text) for c in head.values()):
                merged = dict(head)
                for col, cell in tail.items():
                    if col in merged:
                        merged[col] = Cell(cell.text + merged[col].text, merged[col].page, merged[col].row,
                                           merged[col].col, merged[col].bbox)
                    else:
                        merged[col] = cell
                rows[-1] = merged
                part = part[1:]
        rows.extend(part)
    return rows


def _residue(table: TableRead, cell: Cell, reason: str) -> dict:
    x1, y1, x2, y2 = cell.bbox
    return {"table": table.key, "page": cell.page, "row": cell.row, "col": cell.col,
            "x1": x1, "y1": y1, "x2": x2, "y2": y2, "text": cell.text, "reason": reason}


# -- rows → facts ---------------------------------------------------------------------------

def _first_text(row: dict[int, Cell], cols: list[Column]) -> str:
    """A row whose name column is blank but which prints its label in another text column
    (nested procurement tables: 大类 | 专项 | 物品 each on its own row)."""
    for c in cols:
        if c.role == "extra" and c.index in row and not is_amount(row[c.index].text):
            return clean_label(row[c.index].text)
    return ""


def _code_column_label(row: dict[int, Cell], code_cols: list[Column]) -> str:
    """Text in a code column that is no code (合计 printed where the codes stand) labels the row."""
    texts = [clean_label(row[c.index].text) for c in code_cols if c.index in row]
    return "".join(t for t in texts if t and not clean_code(t))


def _code(row: dict[int, Cell], code_cols: list[Column], carry: dict[str, str]) -> str:
    """The row's 科目编码; a code printed over 类 | 款 | 项 columns is joined (201|13|50 → 2011350),
    a blank 类 (or 款) cell taking the one printed above it."""
    if len(code_cols) == 1:
        return clean_code(row[code_cols[0].index].text) if code_cols[0].index in row else ""
    parts = [clean_code(row[c.index].text) if c.index in row else "" for c in code_cols]
    if not any(parts):
        return ""
    for i, level in enumerate(code_cols[:-1]):
        if parts[i]:
            carry[level.leaf] = parts[i]
        elif any(parts[i + 1:]):
            parts[i] = carry.get(level.leaf, "")
    return "".join(parts)


def _borrowed_labels(table: TableRead, groups: list[list[Column]]) -> dict[tuple[int, int], str]:
    """A label merged across two groups of one side (当年支出小计 over 功能分类 and 支出用途) sits in
    the first group while the amount stands in the second: the second borrows it."""
    out = {}
    for seq, row in enumerate(table.rows):
        labelled, amounted = {}, {}
        for g, cols in enumerate(groups):
            label = "".join(clean_label(row[c.index].text) for c in cols if c.role in ("label", "code") and c.index in row)
            labelled[g] = label
            amounted[g] = any(c.role == "amount" and c.index in row and is_amount(row[c.index].text) for c in cols)
        for g, cols in enumerate(groups):
            if amounted[g] and not labelled[g]:
                donors = [d for d, other in enumerate(groups) if d != g and other[0].side == cols[0].side
                          and labelled[d] and not amounted[d]]
                if len(donors) == 1:
                    out[(g, seq)] = labelled[donors[0]]
    return out


def table_facts(table: TableRead, known_units: set[str], doc_unit: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Facts, residue and findings (malformed cells, unplaceable rows) of one table."""
    facts, problems = [], []
    groups = table.groups or column_groups(table.columns)
    borrowed = _borrowed_labels(table, groups)
    for group, cols in enumerate(groups):
        side = cols[0].side
        unit_col = next((c for c in cols if c.role == "unit"), None)
        code_cols = [c for c in cols if c.role == "code"]
        name_col = next((c for c in cols if c.role == "label"), None)
        amount_cols = [c for c in cols if c.role == "amount"]
        current_unit = table.unit or doc_unit
        seen_item, seen_unit, carry = False, False, {}
        for seq, row in enumerate(table.rows):
            unit_text = clean_label(row[unit_col.index].text) if unit_col and unit_col.index in row else ""
            code = _code(row, code_cols, carry)
            name = clean_label(row[name_col.index].text) if name_col and name_col.index in row else ""
            name = name or _code_column_label(row, code_cols) or _first_text(row, cols) or borrowed.get((group, seq), "")
            values = [(c, row[c.index]) for c in amount_cols if c.index in row]
            if (not (unit_text or code or name) and values and not seen_item and not seen_unit and current_unit
                    and any(is_amount(c.text) and clean_amount(c.text) != 0 for _, c in values)):
                # the first row carries amounts but no label: the table's total (合计) row,
                # printed without its word — it is the unit's total
                unit_text = current_unit
                problems.append(_problem("unlabelled_total_row", "info", table, values[0][1],
                                         "首行金额没有标签，按本表单位的合计行读取", values))
            is_unit_row = bool(unit_text) and not code and not name
            if not unit_col and name and not code and name in known_units:
                unit_text, name, is_unit_row = name, "", True
            if unit_text:
                current_unit = unit_text
            seen_unit = seen_unit or is_unit_row
            if not is_unit_row and (code or name):
                seen_item = True
            labelled = is_unit_row or code or name
            for col in cols:
                if col.role == "extra" and col.index in row:
                    table.residue.append(_residue(table, row[col.index], "descriptive text"))
            if not labelled:
                if values:
                    zero = all(is_amount(cell.text) and clean_amount(cell.text) == 0 for _, cell in values)
                    reason = "placeholder row (no label, only zeros)" if zero else "amounts in a row without a label"
                    table.residue += [_residue(table, cell, reason) for _, cell in values]
                    if not zero:
                        problems.append(_problem("unlabelled_row", "warning", table, values[0][1],
                                                 "金额所在行没有单位、编码或名称，无法归属", values))
                continue
            if not values and (code or name) and not is_unit_row:
                label_cell = row.get(name_col.index) if name_col else None
                if label_cell is not None:
                    table.residue.append(_residue(table, label_cell, "label without amounts"))
                continue
            for col, cell in values:
                try:
                    amount = clean_amount(cell.text)
                except MalformedAmount:
                    if is_dash(cell.text):
                        table.residue.append(_residue(table, cell, "dash instead of a number"))
                        problems.append(_problem("dash_cell", "info", table, cell,
                                                 f"单元格印为“{cell.text.strip()}”而非数字，未记为 0", [(col, cell)]))
                    else:
                        table.residue.append(_residue(table, cell, "malformed amount"))
                        problems.append(_problem("malformed_amount", "warning", table, cell,
                                                 f"金额单元格无法读作数字：{cell.text!r}", [(col, cell)]))
                    continue
                if amount < 0 and re.search(r"[(（]", cell.text):
                    problems.append(_problem("parenthesised_negative", "info", table, cell,
                                             f"括号表示的负数 {cell.text.strip()} 读作 {amount}", [(col, cell)]))
                facts.append({
                    "table": table.key, "unit": current_unit,
                    "code": "" if is_unit_row else code,
                    "name": "" if is_unit_row else (f"{side}:{name}" if side else name),
                    "measure": col.measure, "amount": amount, "money_unit": table.money_unit or "",
                    "page": cell.page, "row": seq, "side": side, "group": group,
                })
    return facts, table.residue, problems




def _problem(rule: str, severity: str, table: TableRead, cell: Cell, message: str, cells) -> dict:
    return {"rule": rule, "severity": severity, "page": cell.page, "table": table.key, "message": message,
            "evidence": " | ".join(f"{c.measure or c.leaf}={x.text!r}" for c, x in cells),
            "expected": None, "printed": cell.text}


def unit_names(tables: list[TableRead]) -> set[str]:
    """Every unit name the document prints in a 预算单位 column or a table heading."""
    names = {t.unit for t in tables if t.unit}
    for t in tables:
        for col in t.columns:
            if col.role == "unit":
                names |= {clean_label(row[col.index].text) for row in t.rows if col.index in row}
    return {n for n in names if n}
