"""A table printed without any rule: its rows from the text lines, read as a table of horizontal
rules (``hrules``) with a rule synthesised in each gap between two rows."""
from __future__ import annotations

import re

from ..clean import is_amount
from ..model import Grid
from .hrules import SAME_Y, heading_band, read_hrules
from .text_runs import band_runs, is_column_numbers, text_lines

# a running page number: - 19 -, 第 3 页, 19, 3/45, 第11页，共45页
FOLIO = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?[-—–\s]*(?:(?:/|[，,]?\s*共)\s*\d+\s*页?\s*)?$")
CLOSE = 0.5  # lines closer than this share of the table's usual line gap are one row (a wrapped cell)


def line_rules(page) -> list[tuple[float, float, float]]:
    """Row boundaries of a table printed without any rule, from its text lines: a boundary in each
    gap between two lines, except where the lines are much closer than the table's usual gap
    or overlap (the lines of one wrapped cell, an amount centred beside a label over two lines),
    spanning the text's width. Running page numbers are no row."""
    chars = [c for c in page.chars if c["text"].strip()]
    lines = [line for line in text_lines(chars) if not FOLIO.match("".join(c["text"] for c in line))]
    if len(lines) < 2:
        return []
    lines.sort(key=lambda line: min(c["top"] for c in line))
    spans = [(min(c["top"] for c in line), max(c["bottom"] for c in line)) for line in lines]
    gaps = [b[0] - a[1] for a, b in zip(spans, spans[1:])]
    usual = sorted(g for g in gaps if g > 0)
    if not usual:
        return []
    usual_gap = usual[len(usual) // 2]
    x0 = min(c["x0"] for line in lines for c in line) - SAME_Y
    x1 = max(c["x1"] for line in lines for c in line) + SAME_Y
    runs = [band_runs(line) for line in lines]
    # the title and 单位 lines above the table are rows of their own,
    headings = next((i for i, rs in enumerate(runs) if not heading_band(rs)), len(lines))
    # so is the column-number line under the header (栏次 | 1 | 2 | 3)
    numbers = [is_column_numbers(rs) for rs in runs]
    rows: list[list[int]] = [[0]]
    bottom = spans[0][1]
    for i, (top, low) in enumerate(spans[1:], start=1):
        own = i <= headings or numbers[i] or numbers[i - 1]
        if top - bottom >= CLOSE * usual_gap or own and top > bottom - SAME_Y:
            rows.append([])
        rows[-1].append(i)
        bottom = max(bottom, low)
    amounts = [any(is_amount(r.text) for r in rs) for rs in runs]
    rows = [part for row in rows for part in _one_amount_line_each(row, spans, amounts)]
    ys = [spans[0][0] - SAME_Y]
    for a, b in zip(rows, rows[1:]):
        ys.append((max(spans[i][1] for i in a) + spans[b[0]][0]) / 2)
    ys.append(max(low for _, low in spans) + SAME_Y)
    return [(y, x0, x1) for y in ys]


def _one_amount_line_each(row: list[int], spans, amounts: list[bool]) -> list[list[int]]:
    """A row of close lines split where two of its lines print amounts, each apart from the other:
    a data row prints its amounts on one line (centred beside a wrapped label), so two such lines
    are two rows, parted at the widest gap between them (rows set tighter than a table's usual
    gap: 西安 管理局 | 301 工资福利支出)."""
    with_amounts = [k for k, i in enumerate(row) if amounts[i]]
    for a, b in zip(with_amounts, with_amounts[1:]):
        gaps = [(spans[row[k + 1]][0] - max(spans[row[j]][1] for j in range(k + 1)), k) for k in range(a, b)]
        gap, k = max(gaps)
        if gap > -SAME_Y / 2:  # lines apart, or touching (set solid)
            return [row[:k + 1]] + _one_amount_line_each(row[k + 1:], spans, amounts)
    return [row]


def read_unruled(page, number: int, columns=None) -> Grid | None:
    """The table of a page whose rules give no rows (none at all, or a frame around it), its rows
    from its text lines (engine ``lines``); read after the readers of rules found nothing there."""
    rules = line_rules(page)
    return read_hrules(page, number, columns, rules=rules, engine="lines") if rules else None
