"""A table printed without any rule: its rows from the text lines, read as a table of horizontal
rules (``hrules``) with a rule synthesised in each gap between two rows."""
from __future__ import annotations

import re

from ..model import Grid
from .hrules import SAME_Y, heading_band, read_hrules
from .text_runs import band_runs, text_lines

# a running page number: - 19 -, 第 3 页, 19
FOLIO = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?[-—–\s]*(?:/\s*\d+\s*)?$")
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
    ys = [spans[0][0] - SAME_Y]
    bottom = spans[0][1]
    # the title and 单位 lines above the table are rows of their own
    headings = next((i for i, line in enumerate(lines) if not heading_band(band_runs(line))), len(lines))
    for i, (top, low) in enumerate(spans[1:], start=1):
        if top - bottom >= CLOSE * usual_gap or i <= headings and top > bottom - SAME_Y:
            ys.append((bottom + top) / 2)
        bottom = max(bottom, low)
    ys.append(bottom + SAME_Y)
    return [(y, x0, x1) for y in ys]


def read_unruled(page, number: int, columns=None) -> Grid | None:
    """The table of a page whose rules give no rows (none at all, or a frame around it), its rows
    from its text lines (engine ``lines``); read after the readers of rules found nothing there."""
    rules = line_rules(page)
    return read_hrules(page, number, columns, rules=rules, engine="lines") if rules else None
