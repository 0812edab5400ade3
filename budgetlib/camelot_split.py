"""How camelot splits a text line over the cells it crosses, made to respect clipped text.

A spreadsheet exported to PDF keeps the whole text of a cell even where the cell is too narrow
to show it: the label runs on past the cell's right rule (its glyphs clipped in print), and a
centred header may start left of its cell. camelot's ``split_text`` cuts such a line at every
rule it crosses, so ``(3)对个人和家庭的补助`` lands as ``…的补`` in the label cell and ``助`` in the
amount cell beside it. Text that belongs to two cells is always parted by a space (each cell's
padding); text of one cell is a run of touching glyphs. So a run of touching glyphs goes whole
to the cell that holds most of it; lines parted by spaces are still cut at the rules. A label
clipped against a number (缴费支出43608.96, no space between) is two runs: digits and words part.
A run that starts at its cell's left edge is that cell's own text and is not moved right.
camelot also drops the end of a line that runs into a merged cell (``with_lost_glyphs``).
"""
from __future__ import annotations

# glyphs closer than this share of their size touch (pdfminer's word margin: a wider gap is a space)
TOUCHING = 0.1
NUMBER_GLYPHS = set("0123456789.,-")


def glyph_runs(objs: list) -> list[list[int]]:
    """Indices of the line's glyphs grouped into runs of touching glyphs (a space, a gap wider
    than ``TOUCHING`` of the glyph size, or a change between number glyphs and words ends a
    run). Objects without a box (the spaces and line ends the layout analysis inserts) belong
    to no run."""
    runs: list[list[int]] = []
    previous = None
    for i, obj in enumerate(objs):
        if not hasattr(obj, "x0") or not obj.get_text().strip():
            previous = None
            continue
        size = max(obj.width, obj.height, getattr(previous, "height", 0) or 0)
        same_kind = previous is not None and (obj.get_text() in NUMBER_GLYPHS) == (previous.get_text() in NUMBER_GLYPHS)
        if same_kind and obj.x0 - previous.x1 <= TOUCHING * size:
            runs[-1].append(i)
        else:
            runs.append([i])
        previous = obj
    return runs


def keep_runs_whole(cut: list[tuple[int, int, object]], lefts: list[float]) -> list[tuple[int, int, object]]:
    """camelot's per-glyph cell assignment (row, column, glyph) with each run of touching glyphs
    moved to the column that holds the widest part of it (``lefts``: each column's left edge) —
    unless the run starts at its first cell's left edge: that is this cell's own text, touching
    the next cell's (a narrow 序号 column's header against 单位编码)."""
    objs = [obj for _, _, obj in cut]
    out = list(cut)
    for run in glyph_runs(objs):
        columns = {cut[i][1] for i in run}
        if len(columns) < 2:
            continue
        width: dict[int, float] = {}
        for i in run:
            width[cut[i][1]] = width.get(cut[i][1], 0.0) + objs[i].width
        owner = max(sorted(width), key=lambda c: width[c])
        first, head = cut[run[0]][1], objs[run[0]]
        if owner > first and head.x0 - lefts[first] <= max(head.width, head.height):
            continue
        for i in run:
            out[i] = (cut[i][0], owner, objs[i])
    return out


def with_lost_glyphs(cut: list[tuple[int, int, object]], cols: list[tuple[float, float]],
                     band: tuple[float, float], textline) -> list[tuple[int, int, object]]:
    """camelot's cut cell by cell drops the glyphs right of the line's last cell that has a right
    rule: a line that runs from a plain cell into a merged one (775.00 | 公用经费合计 merged over
    five columns, the national 决算 table 06) loses its end. Those glyphs of the row's ``band``
    (top, bottom) go to the column they lie in, after the others (they are the line's rightmost)."""
    if not cut:
        return cut
    row, placed = cut[0][0], {id(obj) for _, _, obj in cut}
    lost = [obj for obj in textline._objs if hasattr(obj, "x0") and id(obj) not in placed and obj.get_text().strip()
            and band[1] <= (obj.y0 + obj.y1) / 2 <= band[0]]
    out = list(cut)
    for obj in lost:
        x = (obj.x0 + obj.x1) / 2
        column = next((c for c, (a, b) in enumerate(cols) if a <= x <= b), None)
        if column is not None:
            out.append((row, column, obj))
    return out


def install() -> None:
    """Route camelot's horizontal line splitting through ``with_lost_glyphs`` and ``keep_runs_whole``
    (idempotent)."""
    import camelot.utils as cu

    if getattr(cu._process_horizontal_cut, "keeps_runs_whole", False):
        return
    original = cu._process_horizontal_cut

    def process_horizontal_cut(table, textline, bbox):
        cut = original(table, textline, bbox)
        cut = with_lost_glyphs(cut, table.cols, table.rows[cut[0][0]], textline) if cut else cut
        return keep_runs_whole(cut, [c[0] for c in table.cols])

    process_horizontal_cut.keeps_runs_whole = True
    cu._process_horizontal_cut = process_horizontal_cut
