"""A table drawn with horizontal rules only, read into a ``Grid`` as exactly as a ruled one.

The rules give the rows: every horizontal rule inside the table's frame (the span of its long
rules) is a row boundary, as in a lattice grid. The columns come from the text, the way budget
tables are typeset: each data row (a band printing an amount) prints every column's cell inside
that column — amounts right-aligned, labels left-aligned — so an x where no cell text of any data
row lies is a gap between two columns. Header text is placed by position: a run of header text
over several columns is one merged cell (a group header such as 本年收入), widened to the columns
its own underline covers (the short rule drawn under a group header); a header cell with no rule
above it belongs to the cell above (a header printed once over several header rows, 预算单位).
The text's runs come from ``text_runs``, the columns from ``columns``, the header cells' spans from
``header_cells``; a table with no rule at all is read here too, with rules synthesised from its
text lines (``lines``).
"""
from __future__ import annotations

import logging
import re

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from ..clean import is_amount
from ..model import Grid, Origin
from ..tables import title_lines
from .columns import SAME_Y, columns_under, infer_columns  # SAME_Y: rules closer than this are one row boundary
from .header_cells import centred_groups, repeated_sides, share_underline, side_block, split_group_lines, stack_lines, widen_to_centre
from .text_runs import Run, band_runs, code_seams, is_column_numbers

log = logging.getLogger(__name__)

MIN_RULE = 5.0  # a horizontal edge shorter than this (points) is no rule
LONG = 0.5  # rules at least this share of the widest one frame the table
# the title and 单位 lines, framed in above the header by a running head's rule
HEADING = re.compile(r"单位名称|(?:金额)?单位[:：]|编制(?:部门|单位)|(?:部门|单位)(?:[（(](?:单位|部门)[)）])?[:：]"
                     r"|公开表?\d+|表$|^附?表[一二三四五六七八九十\d]+$")
# a line that is a heading as a whole: the document's running head or a part's heading (2024年部门预算,
# 第二部分 佛山市轨道交通局2019年部门决算表), a table's number printed apart (表 1)
RUNNING_HEAD = re.compile(r"^\S*\d{4}年\S*(?:预算|决算)(?:公开)?表?$|^附?表[一二三四五六七八九十\d]+$")


def page_rules(page) -> list[tuple[float, float, float]]:
    """(y from the top, x0, x1) of the page's horizontal rules; collinear pieces that touch are one
    rule (a rule drawn cell by cell)."""
    edges = sorted((round(e["top"] / SAME_Y), e["x0"], e["x1"], e["top"]) for e in page.edges if e["orientation"] == "h")
    out: list[list[float]] = []
    for key, x0, x1, top in edges:
        if out and out[-1][3] == key and x0 <= out[-1][2] + SAME_Y:
            out[-1][2] = max(out[-1][2], x1)
        else:
            out.append([top, x0, x1, key])
    return [(y, x0, x1) for y, x0, x1, _ in out if x1 - x0 >= MIN_RULE]


def heading_band(band: list[Run]) -> bool:
    """A band above the header holding only title and 单位 lines (公开12表 / 表一 / 部门：… / …预算表 /
    单位：万元), read run by run or as one line (a title spaced apart: 2026 年单位收支总体情况表)."""
    def heading(text: str) -> bool:
        return bool(HEADING.search(re.sub(r"\s+", "", text)) or whole(text))

    def whole(text: str) -> bool:
        return bool(title_lines(text) or RUNNING_HEAD.match(re.sub(r"\s+", "", text)))

    line = " ".join(r.text for r in sorted(band, key=lambda r: r.x0))  # as one line: a title or running head only
    return bool(band) and (all(heading(r.text) for r in band) or whole(line))


def _boundaries(rules, left: float, right: float) -> list[float]:
    ys = sorted(y for y, x0, x1 in rules if x1 > left + SAME_Y and x0 < right - SAME_Y)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > SAME_Y:
            out.append(y)
    return out


def _covered(rules, y: float, x: float) -> bool:
    return any(abs(ry - y) <= SAME_Y and x0 - SAME_Y <= x <= x1 + SAME_Y for ry, x0, x1 in rules)


def _span(run: Run, cols, rules, bottom: float) -> tuple[int, int]:
    """The columns a header run covers, widened to its underline: a rule under it shorter than the
    table (a group header's; a rule across the whole table closes the header of every column)."""
    first, last = columns_under(run, cols)
    width = cols[-1][1] - cols[0][0]
    for ry, x0, x1 in rules:
        if (abs(ry - bottom) <= SAME_Y and x0 - SAME_Y <= run.x0 and run.x1 <= x1 + SAME_Y
                and x1 - x0 < width - 2 * SAME_Y):
            inside = [i for i, (a, b) in enumerate(cols) if x0 - SAME_Y <= (a + b) / 2 <= x1 + SAME_Y]
            if inside and inside[0] <= first and last <= inside[-1]:
                first, last = inside[0], inside[-1]
    return first, last


def read_hrules(page, number: int, columns: list[tuple[float, float]] | None = None, rules=None,
                engine: str = "hrules") -> Grid | None:
    """The table of a pdfplumber ``page`` drawn with horizontal rules only, or None when the page
    has no such table (fewer than two rules, no row printing an amount). pdfplumber places a
    turned page's text and rules as displayed, as camelot does. The engine is ``hrules+vrules``
    when a vertical rule confirms every column boundary (a ruled grid the lattice missed), else
    ``hrules`` (the columns are inferred from the text alone). ``columns``: those of the table
    this page may continue; a page printing no header takes them when its text fits them (a
    continuation page prints the same columns, though its rows may leave some of them blank).
    ``rules``: row boundaries to read instead of the page's rules (``line_rules``), with
    ``engine`` the name the grid is read under."""
    rules = page_rules(page) if rules is None else rules
    if len(rules) < 2:
        return None
    widest = max(x1 - x0 for _, x0, x1 in rules)
    frame = [r for r in rules if r[2] - r[1] >= LONG * widest]
    left, right = min(r[1] for r in frame), max(r[2] for r in frame)
    top, bottom = min(r[0] for r in frame), max(r[0] for r in frame)
    ys = [y for y in _boundaries(rules, left, right) if top - SAME_Y <= y <= bottom + SAME_Y]
    if len(ys) < 3:  # one band: a frame around the page or the text, no rows (read by its lines, if at all)
        return None
    bands: list[list[dict]] = [[] for _ in ys[1:]]
    for ch in page.chars:
        mid, x = (ch["top"] + ch["bottom"]) / 2, (ch["x0"] + ch["x1"]) / 2
        if left <= x <= right and ys[0] < mid < ys[-1]:
            bands[next(i for i, y in enumerate(ys[1:]) if mid < y)].append(ch)
    seams = code_seams(bands)
    runs = [band_runs(b, seams) for b in bands]
    data = [i for i, rs in enumerate(runs)
            if any(is_amount(r.text) for r in rs) and not is_column_numbers(rs) and not heading_band(rs)]
    if not data:  # an empty table (公开11表 …本表无数据): its column numbers under the header give the columns
        data = [i for i, rs in enumerate(runs) if is_column_numbers(rs)][:1]
        if not data:
            return None
    # bands above the header: empty ones, and the title and 单位 lines framed in by a running head's rule
    top = next((i for i in range(data[0]) if runs[i] and not heading_band(runs[i])), data[0])
    ys, runs, data = ys[top:], runs[top:], [i - top for i in data]
    head = data[0]
    ends = [x for _, x0, x1 in rules for x in (x0, x1) if left + SAME_Y < x < right - SAME_Y]
    verticals = [e["x0"] for e in page.edges if e["orientation"] == "v" and left < e["x0"] < right
                 and e["top"] < ys[-1] and e["bottom"] > ys[head]]
    # an overflowing label is placed by where it starts; the columns come from the texts inside theirs
    body = [r for i in data for r in runs[i] if not r.overflow] or [r for i in data for r in runs[i]]
    if head == 0 and columns and _fits(body, columns):
        if engine == "lines":  # a synthesised row boundary runs across the columns taken, not the text only
            rules = [(y, min(x0, columns[0][0]), max(x1, columns[-1][1])) for y, x0, x1 in rules]
        return _grid(number, page.height, ys, list(columns), runs, head, rules, engine)
    cols, ruled = infer_columns(body, _lowest(runs, ys, head, rules), left, right, ends, verticals)
    ruled = ruled and engine == "hrules" and all(
        any(abs(x - a) <= 2 * SAME_Y for a, _ in cols[1:]) for x in _full(page, ys[head], ys[-1])
        if left + 2 * SAME_Y < x < right - 2 * SAME_Y)
    stacked: list[range] = []
    fixed: dict[int, tuple[int, int]] = {}
    grouped: set[int] = set()
    if engine == "lines":  # no rule separates the header's levels: its lines do, where a line holds a group header
        bands = len(runs)
        ys, runs, stacked, fixed, grouped = split_group_lines(ys, runs, head, cols)
        head += len(runs) - bands  # only header bands are split
        rules = sorted(rules + [(y, left, right) for y in ys])
    return _grid(number, page.height, ys, cols, runs, head, rules, "hrules+vrules" if ruled else engine,
                 stacked, fixed, grouped)


def _lowest(runs: list[list[Run]], ys: list[float], head: int, rules) -> list[Run]:
    """The header runs of the header's lowest level: no rule lies between them and the body (a
    group header such as 本年收入 or 支出 has its sub-headers' rule under it)."""
    return [r for i, band in enumerate(runs[:head]) for r in band
            if not any(_covered(rules, ys[k], (r.x0 + r.x1) / 2) for k in range(i + 1, head))]


def _fits(body: list[Run], columns) -> bool:
    """Whether every text of the body lies inside one of ``columns``."""
    return all(any(a - SAME_Y <= r.x0 and r.x1 <= b + SAME_Y for a, b in columns) for r in body)


def _full(page, top: float, bottom: float) -> list[float]:
    """The x of the vertical rules running down the whole body of the table (pieces drawn cell by
    cell joined): each must be a column boundary for the columns to count as confirmed."""
    edges = sorted((round(e["x0"] / SAME_Y), e["top"], e["bottom"], e["x0"]) for e in page.edges
                   if e["orientation"] == "v")
    runs: list[list[float]] = []
    for key, y0, y1, x in edges:
        if runs and runs[-1][0] == key and y0 <= runs[-1][2] + SAME_Y:
            runs[-1][2] = max(runs[-1][2], y1)
        else:
            runs.append([key, y0, y1, x])
    return [x for _, y0, y1, x in runs if y0 <= top + 2 * SAME_Y and y1 >= bottom - 2 * SAME_Y]


def _side_by_side(cell: list[Run]) -> bool:
    """Two runs of one cell on the same line, apart: texts of two columns taken as one."""
    return any(a.x1 < b.x0 and abs(a.top - b.top) < min(a.size, b.size) / 2 for a in cell for b in cell)


def _fill_group_row(r: int, cells, spans, origin, cols, rules, ys) -> None:
    """A header row of group headers ruled off above and below across the whole table (收入 | 支出
    over 项目 | 行次 | 金额 | 项目 | 行次 | 合计 …): a blank cell of it belongs to a group, the one whose
    text is centred nearer (a group header need not be centred over its group, only nearer it)."""
    heads = _row_heads(r, cells, spans)
    mid = [(a + b) / 2 for a, b in cols]
    if len(heads) < 2 or not all(_covered(rules, ys[r], x) and _covered(rules, ys[r + 1], x) for x in mid):
        return
    centre = {a: _centre(cells[r][a]) for a, _ in heads}
    owner = {}
    for c in range(len(cols)):
        near = ([h for h in heads if h[0] <= c <= h[1]]
                or [h for h in heads if h[1] < c][-1:] + [h for h in heads if h[0] > c][:1])
        owner[c] = min(near, key=lambda h: abs(centre[h[0]] - mid[c]))[0]
    for a, _ in heads:
        _merge_header(r, cells, spans, origin, a, [c for c in owner if owner[c] == a])


def _centre_group_row(r: int, cells, spans, origin, cols) -> None:
    """A header row of group headers printed without rules: each widened over the blank cells
    beside it as far as the one way (``centred_groups``) that centres every group over its columns
    (西安 表1: 收入 over 序号 | 项目 | 预算数, 支出 over the six columns after)."""
    heads = _row_heads(r, cells, spans)
    if len(heads) < 2:
        return
    centres = [_centre(cells[r][a]) for a, _ in heads]
    tol = max(2 * SAME_Y, 0.25 * min(x.size for a, _ in heads for x in cells[r][a]))
    groups = centred_groups(heads, centres, cols, lambda c: not cells[r][c], tol)
    for (first, _), (a, b) in zip(heads, groups or ()):
        _merge_header(r, cells, spans, origin, first, list(range(a, b + 1)))


def _row_heads(r: int, cells, spans) -> list[tuple[int, int]]:
    """The (first, last) columns of each header cell of row ``r`` that prints text, left to right."""
    return sorted((first, last) for (row, first), last in spans.items() if row == r and cells[r][first])


def _centre(cell: list[Run]) -> float:
    return sum((x.x0 + x.x1) / 2 for x in cell) / len(cell)


def _merge_header(r: int, cells, spans, origin, at: int, columns: list[int]) -> None:
    """The header text at column ``at`` of row ``r`` made one merged cell over ``columns`` (its
    text moves to the first of them, the origin of the merged cell)."""
    first = columns[0]
    if first < at:
        cells[r][first], cells[r][at] = cells[r][at], []
        del spans[(r, at)]
    spans[(r, first)] = columns[-1]
    for c in columns:
        origin[r][c] = (r, first)


def _grid(number: int, height: float, ys, cols, runs, head: int, rules, engine: str,
          stacked: list[range] = (), fixed: dict[int, tuple[int, int]] | None = None,
          grouped: set[int] = frozenset()) -> Grid:
    n_rows, n_cols = len(ys) - 1, len(cols)
    fixed = fixed or {}
    cells: list[list[list[Run]]] = [[[] for _ in cols] for _ in range(n_rows)]
    origin: list[list[Origin]] = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    spans: dict[tuple[int, int], int] = {}
    for r, band in enumerate(runs):
        # an underline is a group header's only where header cells lie under it
        placed = share_underline(band, [_span(run, cols, rules, ys[r + 1]) for run in band], cols) if r + 1 < head else [
            columns_under(run, cols) if r < head else (columns_under(run, cols)[0],) * 2 for run in band]
        for run, (first, last) in zip(band, placed):
            first, last = fixed.get(id(run), (first, last))
            cells[r][first].append(run)
            spans[(r, first)] = max(last, spans.get((r, first), first))
    sides = repeated_sides(cells[head - 1]) if head else None
    for (r, first), last in sorted(spans.items()):
        if r < head:
            def free(c, r=r, own=first):  # blank, not another header cell's, and ruled above
                return (not cells[r][c] and not any(f <= c <= l for (rr, f), l in spans.items() if rr == r and f != own)
                        and (r == 0 or _covered(rules, ys[r], (cols[c][0] + cols[c][1]) / 2)))
            runs_here = cells[r][first]
            block = side_block(sides, cells[r], first, last) if r < head - 1 else None
            if any(id(x) in fixed for x in runs_here):
                a = first
            elif block is not None:  # one group header over each of side-by-side groups: 收入 | 支出
                a, last = block
            else:
                a, last = widen_to_centre(first, last, min(x.x0 for x in runs_here), max(x.x1 for x in runs_here), cols, free)
            if a < first:
                cells[r][a], cells[r][first] = cells[r][first], []
                del spans[(r, first)]
                first = a
            spans[(r, first)] = last
        for c in range(first + 1, last + 1):
            origin[r][c] = (r, first)
    for r in range(head - 1):
        if engine != "lines":
            _fill_group_row(r, cells, spans, origin, cols, rules, ys)
        else:  # no rule shows a group's columns: where the text's centring says it, and only so
            _centre_group_row(r, cells, spans, origin, cols)
    for r in range(1, n_rows):  # a cell without a rule above it continues the one above (as in a lattice)
        for c in range(n_cols):
            if origin[r][c] == (r, c) and not _covered(rules, ys[r], (cols[c][0] + cols[c][1]) / 2):
                origin[r][c] = origin[r - 1][c]
        origin[r] = [origin[o[0]][o[1]] for o in origin[r]]  # a span under a merged cell joins it
    for rows in stacked:
        stack_lines(origin, cells, spans, rows, grouped)
    if engine == "hrules+vrules" and any(_side_by_side(cell) for row in cells for cell in row):
        engine = "hrules"  # two texts beside each other in one cell: a column boundary was missed
    text = [["\n".join(run.text for run in sorted(cell, key=lambda x: (x.top, x.x0))) for cell in row]
            for row in cells]
    blocks: dict[Origin, list[str]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            if text[r][c]:
                blocks.setdefault(origin[r][c], []).append(text[r][c])
    return Grid(page=number, bbox=(cols[0][0], height - ys[-1], cols[-1][1], height - ys[0]),
                cols=list(cols), rows=[(height - a, height - b) for a, b in zip(ys, ys[1:])], text=text,
                origin=origin, engine=engine, blocks={o: "\n".join(t) for o, t in blocks.items()})


def read_hrule_pages(pdf: pdfplumber.PDF, pages: list[int], before: dict[int, Grid] | None = None,
                     reader=read_hrules) -> list[Grid]:
    """The tables drawn with horizontal rules only (or as ``reader`` reads them) on ``pages``
    (1-based) of ``pdf`` (open: its pages keep their parsed objects for the next reader);
    ``before``: grids already read, by page (a page after one may continue its table)."""
    out: list[Grid] = []
    found = dict(before or {})
    for n in pages:
        previous = found.get(n - 1)
        try:
            g = reader(pdf.pages[n - 1], n, previous.cols if previous is not None else None)
        except (PdfminerException, PSException) as exc:
            # a content stream pdfminer cannot parse (damage: read.streams reports it on its page)
            log.warning("page %d: its content cannot be parsed for rules (%s); skipped", n, str(exc)[:80])
            continue
        if g is not None:
            out.append(g)
            found[n] = g
    return out
