"""A standard table printed over several pages → one header and one list of data rows.

A continuation part is matched to the first part by column position (its columns need not be
the same count), its repeated header is dropped, and a row label cut by the page break is
rejoined — whether the amounts follow the break (预 | 算准备金 10.00 …) or precede it (杭州市综合
交通运输研究 5,290.70 … | 中心).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..clean import clean_label, is_amount
from ..model import Cell, Grid
from ..settings import DEFAULT, Settings

RowCells = dict[int, Cell]  # base column index → cell


@dataclass(frozen=True)
class Stitched:
    header_rows: int  # rows of the first part above its first amount: the header
    parts: list[list[RowCells]]  # each part's data rows
    stray: list[Cell]  # cells of continuation parts under no column of the first part


def grid_cell(grid: Grid, r: int, c: int, text: str) -> Cell:
    """A cell with its page position (PDF points, rounded to 0.1)."""
    x1, x2 = grid.cols[c]
    top, bottom = grid.rows[r]
    return Cell(text, grid.page, r, c, (round(x1, 1), round(bottom, 1), round(x2, 1), round(top, 1)))


def column_map(base: Grid, part: Grid, overlap: float = DEFAULT.column_overlap) -> dict[int, int | None]:
    """Each column of a continuation part → the base column it overlaps most (by at least
    ``overlap`` of the narrower one's width), or None."""
    out = {}
    for j, (a1, a2) in enumerate(part.cols):
        best, best_overlap = None, 0.0
        for i, (b1, b2) in enumerate(base.cols):
            shared = min(a2, b2) - max(a1, b1)
            if shared > best_overlap:
                best, best_overlap = i, shared
        width = min(a2 - a1, (base.cols[best][1] - base.cols[best][0]) if best is not None else 0)
        out[j] = best if best is not None and best_overlap >= overlap * width else None
    return out


def header_end(grid: Grid) -> int:
    """Index of the first row holding an amount: the rows above it are the header."""
    for r in range(len(grid.text)):
        if any(is_amount(grid.own(r, c)) for c in range(len(grid.cols))):
            return r
    return len(grid.text)


def header_of(grid: Grid, end: int) -> list[str]:
    """Each column's header: the texts of its blocks above row ``end``, top down."""
    return ["|".join(dict.fromkeys(clean_label(grid.block(r, c)) for r in range(end) if grid.block(r, c).strip()))
            for c in range(len(grid.cols))]


def continuation_map(base: Grid, head: list[str], part: Grid, overlap: float) -> dict[int, int | None]:
    """A continuation's columns → the base's: by position, unless the part prints the base's
    header ``head`` again column for column (a landscape or turned page places the same columns
    elsewhere: the repeated header says which is which)."""
    if any(head) and len(part.cols) == len(base.cols) and header_of(part, header_end(part)) == head:
        return {c: c for c in range(len(part.cols))}
    return column_map(base, part, overlap)


def stitch(parts: list[Grid], settings: Settings = DEFAULT) -> Stitched:
    """The header row count of the first part, the data rows of all parts, and the cells of
    continuation parts that map to no column."""
    base = parts[0]
    end = header_end(base)
    header_texts = {clean_label(t) for o, t in base.blocks.items() if o[0] < end}
    head = header_of(base, end)
    out, stray = [], []
    for n, part in enumerate(parts):
        cmap = {c: c for c in range(len(part.cols))} if n == 0 else continuation_map(base, head, part, settings.column_overlap)
        first = end if n == 0 else 0
        rows: list[RowCells] = []
        for r in range(first, len(part.text)):
            row: RowCells = {}
            for c in range(len(part.cols)):
                text = part.own(r, c)
                if not text:
                    continue
                b = cmap.get(c)
                if b is None:
                    stray.append(grid_cell(part, r, c, text))
                elif b in row:  # two narrower columns under one base column
                    row[b] = replace(row[b], text=row[b].text + "\n" + text)
                else:
                    row[b] = grid_cell(part, r, c, text)
            if n > 0 and not rows and is_repeated_header(row, header_texts):
                continue
            rows.append(row)
        out.append(rows)
    return Stitched(end, out, stray)


def is_repeated_header(row: RowCells, header_texts: set[str]) -> bool:
    texts = [clean_label(c.text) for c in row.values()]
    return bool(texts) and not any(is_amount(c.text) for c in row.values()) and all(t in header_texts for t in texts)


def is_label_tail(head: RowCells, tail: RowCells, max_chars: int = 6) -> bool:
    """A first row of a page that holds only a few characters of text, each under a column in
    which the previous page's last row prints a label."""
    return bool(head) and all(
        col in tail and not is_amount(tail[col].text) and tail[col].text.strip()
        and not is_amount(cell.text) and 0 < len(clean_label(cell.text)) <= max_chars
        for col, cell in head.items())


def rejoin_page_breaks(part_rows: list[list[RowCells]]) -> list[RowCells]:
    """One list of rows; a label cut by a page break — the last row of a part holds only label
    text and the first row of the next continues it with the amounts — becomes one row."""
    rows: list[RowCells] = []
    for n, part in enumerate(part_rows):
        part = list(part)
        if n > 0 and rows and part:
            tail, head = rows[-1], part[0]
            if tail and not any(is_amount(c.text) for c in tail.values()) and any(is_amount(c.text) for c in head.values()):
                merged = dict(head)
                for col, cell in tail.items():
                    merged[col] = replace(merged[col], text=cell.text + merged[col].text) if col in merged else cell
                rows[-1] = merged
                part = part[1:]
            elif tail and any(is_amount(c.text) for c in tail.values()) and is_label_tail(head, tail):
                # the end of the last row's label wrapped onto the next page (杭州 p24 “杭州市综合交通
                # 运输研究” / p25 “中心”): it belongs to that row
                rows[-1] = {**tail, **{col: replace(tail[col], text=tail[col].text + cell.text) for col, cell in head.items()}}
                part = part[1:]
        rows.extend(part)
    return rows


def _page(row: RowCells) -> int:
    return min(c.page for c in row.values())


def reprinted_blocks(rows: list[RowCells], name_cols: list[int], amount_cols: list[int]) -> tuple[list[RowCells], list[Cell]]:
    """A block merged down many rows (a 绩效目标表's project: 单位编码 | 名称 | 资金总额 beside its
    indicator rows) that a page break cuts is printed again at the top of the next page, its 单位编码
    sometimes left out. The first row of a page that prints a name and an amount, each as the last
    such row of the page before printed it, holds that block again: those cells leave the row
    (the rows, and the cells taken)."""
    out, taken, last, last_page = [], [], {}, None
    for row in rows:
        shown = {c: clean_label(row[c].text) for c in name_cols + amount_cols if c in row and row[c].text.strip()}
        if not (set(shown) & set(name_cols) and set(shown) & set(amount_cols)):
            out.append(row)
            continue
        page = _page(row)
        common = set(shown) & set(last)
        if (page != last_page and common & set(name_cols) and common & set(amount_cols)
                and all(shown[c] == last[c] for c in common)):
            taken += [row[c] for c in shown]
            row = {c: cell for c, cell in row.items() if c not in shown}
        last, last_page = shown, page
        out.append(row)
    return out, taken
