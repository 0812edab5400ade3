"""A table drawn with horizontal rules only, read into a ``Grid`` as exactly as a ruled one.

The rules give the rows: every horizontal rule inside the table's frame (the span of its long
rules) is a row boundary, as in a lattice grid. The columns come from the text, the way budget
tables are typeset: each data row (a band printing an amount) prints every column's cell inside
that column — amounts right-aligned, labels left-aligned — so an x where no cell text of any data
row lies is a gap between two columns. Header text is placed by position: a run of header text
over several columns is one merged cell (a group header such as 本年收入), widened to the columns
its own underline covers (the short rule drawn under a group header); a header cell with no rule
above it belongs to the cell above (a header printed once over several header rows, 预算单位).
"""
from __future__ import annotations

from dataclasses import dataclass

import pdfplumber

import re

from ..clean import is_amount
from ..model import Grid, Origin
from ..tables import title_lines

MIN_RULE = 5.0  # a horizontal edge shorter than this (points) is no rule
SAME_Y = 1.0  # rules closer than this are one row boundary
LONG = 0.5  # rules at least this share of the widest one frame the table
GAP = 0.25  # a gap wider than this share of the font size ends a run of text
# the title and 单位 lines, framed in above the header by a running head's rule
HEADING = re.compile(r"单位名称|(?:金额)?单位[:：]|编制(?:部门|单位)|(?:部门|单位)(?:[（(](?:单位|部门)[)）])?[:：]|公开表?\d+|表$|^附?表[一二三四五六七八九十\d]+$"
                     r"|^\S*\d{4}年\S*(?:预算|决算)(?:公开)?$")  # the last: the document's running head
ALIGNED = 1.5  # texts whose edges differ by at most this (points) are aligned on that edge


@dataclass(frozen=True)
class Run:
    """Text printed without a gap on one line of one row band."""

    x0: float
    x1: float
    top: float
    text: str
    size: float


def _rules(page) -> list[tuple[float, float, float]]:
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


def _heading(band: list[Run]) -> bool:
    """A band above the header holding only title and 单位 lines (公开12表 / 表一 / 部门：… / …预算表 /
    单位：万元), read run by run or as one line (a title spaced apart: 2026 年单位收支总体情况表)."""
    def heading(text: str) -> bool:
        return bool(HEADING.search(re.sub(r"\s+", "", text)) or title_lines(text))

    line = " ".join(r.text for r in sorted(band, key=lambda r: r.x0))
    return bool(band) and (all(heading(r.text) for r in band) or heading(line))


def _boundaries(rules, left: float, right: float) -> list[float]:
    ys = sorted(y for y, x0, x1 in rules if x1 > left + SAME_Y and x0 < right - SAME_Y)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > SAME_Y:
            out.append(y)
    return out


def _lines(chars) -> list[list[dict]]:
    """The chars of one band in text lines (by vertical centre), each sorted left to right."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if lines and abs(mid - lines[-1][0]["_mid"]) <= (ch["bottom"] - ch["top"]) / 2:
            lines[-1].append(ch)
        else:
            lines.append([{**ch, "_mid": mid}])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


# a label's last character, then an amount with its decimals: two cells' texts touching (a long
# label run up to the right-aligned amount of the next cell: 人员经费和公用经费支出1839311.66)
_TOUCHING = re.compile(r"[\u4e00-\u9fff）)](?=[\d,]*\d\.\d+$)")


def _run(part: list[dict]) -> list[Run]:
    solid = [c for c in part if c["text"].strip()]
    if not solid:
        return []
    text = "".join(c["text"] for c in solid)
    m = _TOUCHING.search(text)
    if m:
        return _run(solid[:m.end()]) + _run(solid[m.end():])
    return [Run(solid[0]["x0"], solid[-1]["x1"], min(c["top"] for c in solid), "".join(c["text"] for c in part).strip(),
                max(c["bottom"] - c["top"] for c in solid))]


def _runs(chars) -> list[Run]:
    """Runs of text of one band: a gap wider than a quarter of a character ends a run (glyphs of one
    cell abut; two cells' texts are at least their paddings apart); a space character does not."""
    out = []
    for line in _lines(chars):
        part: list[dict] = []
        for ch in line + [None]:
            if part and (ch is None or ch["x0"] - part[-1]["x1"] > GAP * (part[-1]["bottom"] - part[-1]["top"])):
                out += _run(part)
                part = []
            if ch is not None:
                part.append(ch)
    return out


def _clusters(runs: list[Run]) -> list[list[Run]]:
    """The data rows' runs grouped into columns: runs whose x-ranges overlap share a column."""
    groups: list[list] = []
    for run in sorted(runs, key=lambda r: r.x0):
        if groups and run.x0 <= groups[-1][0]:
            groups[-1][0] = max(groups[-1][0], run.x1)
            groups[-1][1].append(run)
        else:
            groups.append([run.x1, [run]])
    return [g[1] for g in groups]


def _aligned(column: list[Run], side: str) -> bool:
    xs = [r.x1 if side == "right" else r.x0 for r in column]
    return max(xs) - min(xs) <= ALIGNED


def _cut(a: list[Run], b: list[Run], ends: list[float], pad: tuple[float, float],
         verticals: list[float], heading: list[tuple[Run, Run]] = ()) -> tuple[float, bool]:
    """Where column ``a`` ends and ``b`` begins, inside the gap between their texts, and whether a
    vertical rule says so: at a vertical rule in the gap, else at a horizontal rule's end lying in
    the gap (cell rules end at column boundaries), else a padding away from the column whose text
    is aligned to that side (amounts are right-aligned), else in the middle. A header run in the
    header reaching into the gap (``heading``: a header run with a text of the column it heads)
    narrows it: the cut passes beside a column's header, not through it."""
    lo, hi = max(r.x1 for r in a), min(r.x0 for r in b)
    for h, of in heading:
        if of in b and lo < h.x0 < hi:
            hi = h.x0
        elif of in a and lo < h.x1 < hi:
            lo = h.x1
    want = min(lo + pad[1], hi) if _aligned(a, "right") else (
        max(hi - pad[0], lo) if _aligned(b, "left") else (lo + hi) / 2)
    for xs, ruled in ((verticals, True), (ends, False)):
        inside = [e for e in xs if lo - SAME_Y <= e <= hi + SAME_Y]
        if inside:
            return min(inside, key=lambda e: abs(e - want)), ruled
    return want, False


def _over(run: Run, column: list[Run]) -> bool:
    return any(r.x0 - SAME_Y < run.x1 and run.x0 < r.x1 + SAME_Y for r in column)


def _claimed(head: Run, heads: list[Run], data: list[list[Run]], left: float, right: float) -> int | None:
    """The data column a header run heads, or None: the one it lies over, else the one next to it
    that has no header of its own over its text (a run over it alone; one over several is a
    group's) when the run is centred over a cell reaching from that column's aligned edge
    (right-aligned amounts, left-aligned labels) into the blank gap, short of the neighbour's text.
    A run over several columns heads the first (it is a group's, not a column of its own)."""
    over = [i for i, col in enumerate(data) if _over(head, col)]
    if over:
        return over[0]
    centre = (head.x0 + head.x1) / 2

    def headed(col):
        return any(_over(h, col) and sum(_over(h, c) for c in data) == 1 and not (h.x1 < head.x0 or head.x1 < h.x0)
                   for h in heads) or not any(_over(h, col) and sum(_over(h, c) for c in data) == 1 for h in heads)

    before = [i for i, c in enumerate(data) if max(r.x1 for r in c) <= head.x0]
    after = [i for i, c in enumerate(data) if min(r.x0 for r in c) >= head.x1]
    if before and _side(data[before[-1]]) == "left" and headed(data[before[-1]]):
        reach = min(r.x0 for r in data[after[0]]) if after else right
        if 2 * centre - min(r.x0 for r in data[before[-1]]) <= reach + SAME_Y:
            return before[-1]
    if after and _side(data[after[0]]) == "right" and headed(data[after[0]]):
        reach = max(r.x1 for r in data[before[-1]]) if before else left
        if 2 * centre - max(r.x1 for r in data[after[0]]) >= reach - SAME_Y:
            return after[0]
    return None


def _side(column: list[Run]) -> str | None:
    """The edge a data column's texts are aligned on; a single text: amounts (with a decimal point
    or thousands separators) are right-aligned, labels and codes left-aligned."""
    if len(column) == 1:
        t = column[0].text
        return "right" if is_amount(t) and ("." in t or "," in t) else "left"
    return "right" if _aligned(column, "right") else "left" if _aligned(column, "left") else None


def _columns(runs: list[Run], heads: list[Run], left: float, right: float, ends: list[float],
             verticals: list[float]) -> tuple[list[tuple[float, float]], bool]:
    """Column extents from the data rows' runs: the x-ranges no run covers separate columns. A
    header run of the header's lowest level (``heads``) above no data (a column left blank in
    every row printed) is a column of its own; one that heads a data column beside it widens that
    column's text, so no boundary cuts through a column's header."""
    data = _clusters(runs)
    claims = {id(h): _claimed(h, heads, data, left, right) for h in heads}
    alone = [h for h in heads if claims[id(h)] is None]
    groups = _clusters(runs + alone)
    size = min(r.size for r in runs)  # a cell's padding: as measured at the frame, at most half a character
    pad = (min(0.5 * size, max(0.0, min(r.x0 for r in data[0]) - left)),
           min(0.5 * size, max(0.0, right - max(r.x1 for r in data[-1]))))
    heading = [(h, data[c][0]) for h in heads if (c := claims[id(h)]) is not None]
    cuts = [_cut(a, b, ends, pad, verticals, heading) for a, b in zip(groups, groups[1:])]
    edges = [left] + [x for x, _ in cuts] + [right]
    return list(zip(edges, edges[1:])), all(ruled for _, ruled in cuts)


def _column_of(x: float, cols) -> int:
    return next((i for i, (a, b) in enumerate(cols) if x < b), len(cols) - 1)


def _under(run: Run, cols) -> tuple[int, int]:
    """The first and last column a run of text lies over: those it covers at least half of (or
    half of it lies over); its centre's column when none does."""
    over = [i for i, (a, b) in enumerate(cols)
            if min(b, run.x1) - max(a, run.x0) >= 0.5 * min(b - a, run.x1 - run.x0)]
    if not over:
        over = [_column_of((run.x0 + run.x1) / 2, cols)]
    return over[0], over[-1]


def _covered(rules, y: float, x: float) -> bool:
    return any(abs(ry - y) <= SAME_Y and x0 - SAME_Y <= x <= x1 + SAME_Y for ry, x0, x1 in rules)


def _span(run: Run, cols, rules, bottom: float) -> tuple[int, int]:
    """The columns a header run covers, widened to its underline: a rule under it shorter than the
    table (a group header's; a rule across the whole table closes the header of every column)."""
    first, last = _under(run, cols)
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
    rules = _rules(page) if rules is None else rules
    if len(rules) < 2:
        return None
    widest = max(x1 - x0 for _, x0, x1 in rules)
    frame = [r for r in rules if r[2] - r[1] >= LONG * widest]
    left, right = min(r[1] for r in frame), max(r[2] for r in frame)
    top, bottom = min(r[0] for r in frame), max(r[0] for r in frame)
    ys = [y for y in _boundaries(rules, left, right) if top - SAME_Y <= y <= bottom + SAME_Y]
    if len(ys) < 2:
        return None
    bands: list[list[dict]] = [[] for _ in ys[1:]]
    for ch in page.chars:
        mid, x = (ch["top"] + ch["bottom"]) / 2, (ch["x0"] + ch["x1"]) / 2
        if left <= x <= right and ys[0] < mid < ys[-1]:
            bands[next(i for i, y in enumerate(ys[1:]) if mid < y)].append(ch)
    runs = [_runs(b) for b in bands]
    data = [i for i, rs in enumerate(runs) if any(is_amount(r.text) for r in rs) and not _column_numbers(rs)]
    if not data:
        return None
    # bands above the header: empty ones, and the title and 单位 lines framed in by a running head's rule
    top = next((i for i in range(data[0]) if runs[i] and not _heading(runs[i])), data[0])
    ys, runs, data = ys[top:], runs[top:], [i - top for i in data]
    head = data[0]
    ends = [x for _, x0, x1 in rules for x in (x0, x1) if left + SAME_Y < x < right - SAME_Y]
    verticals = [e["x0"] for e in page.edges if e["orientation"] == "v" and left < e["x0"] < right
                 and e["top"] < ys[-1] and e["bottom"] > ys[head]]
    body = [r for i in data for r in runs[i]]
    if head == 0 and columns and _fits(body, columns):
        return _grid(number, page.height, ys, list(columns), runs, head, rules, engine)
    cols, ruled = _columns(body, _lowest(runs, ys, head, rules), left, right, ends, verticals)
    ruled = ruled and engine == "hrules" and all(
        any(abs(x - a) <= 2 * SAME_Y for a, _ in cols[1:]) for x in _full(page, ys[head], ys[-1])
        if left + 2 * SAME_Y < x < right - 2 * SAME_Y)
    return _grid(number, page.height, ys, cols, runs, head, rules, "hrules+vrules" if ruled else engine)


def _column_numbers(band: list[Run]) -> bool:
    """A band that numbers the columns under the header (栏次 | 1 | 2 | 3 …): its numbers count up
    from left to right (at least two), or stand beside the word 栏次; its other texts are layout
    marks (栏次, 行次, **, 甲 乙). Layout, not data."""
    texts = [re.sub(r"\s+", "", r.text) for r in sorted(band, key=lambda r: r.x0)]
    numbers = [int(t) for t in texts if t.isdigit()]
    others = [t for t in texts if t and not t.isdigit()]
    if len(numbers) + len(others) != len([t for t in texts if t]) or not numbers:
        return False
    if not all(re.fullmatch(r"栏次|行次|\*+|[甲乙丙丁戊己庚辛壬癸]", t) for t in others):
        return False
    return any(t in ("栏次", "行次") for t in others) or (
        len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:])))


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


def _widen(first: int, last: int, x0: float, x1: float, cols, free) -> tuple[int, int]:
    """A header cell's columns, widened over free (empty) neighbours while that brings the columns'
    centre nearer to its text's: header text is centred over the columns it heads (收入 over 项目
    and 金额)."""
    centre = (x0 + x1) / 2

    def off(a: int, b: int) -> float:
        return abs((cols[a][0] + cols[b][1]) / 2 - centre)

    while True:
        options = [(a, b) for a, b in ((first - 1, last), (first, last + 1))
                   if 0 <= a and b < len(cols) and free(a if a < first else b) and off(a, b) < off(first, last)]
        if not options:
            return first, last
        first, last = min(options, key=lambda ab: off(*ab))


def _share(band: list[Run], spans: list[tuple[int, int]], cols) -> list[tuple[int, int]]:
    """Group headers of one row whose underlines join into one rule (本年收入 | 上年结转结余, each
    underlined up to the other's): the columns between them are split where both are best centred
    over their own (a group header is centred over the columns it heads)."""
    order = sorted(range(len(band)), key=lambda i: band[i].x0)
    out = list(spans)
    for i, j in zip(order, order[1:]):
        (a0, a1), (b0, b1) = out[i], out[j]
        if a1 < b0:
            continue
        own_a, own_b = _under(band[i], cols)[1], _under(band[j], cols)[0]
        if own_a >= own_b:
            continue  # one cell's two lines, not two headers

        def off(run, lo, hi):
            return abs((cols[lo][0] + cols[hi][1]) / 2 - (run.x0 + run.x1) / 2)

        k = min(range(own_a, own_b), key=lambda k: off(band[i], a0, k) + off(band[j], k + 1, b1))
        out[i], out[j] = (a0, k), (k + 1, b1)
    return out


def _sides(lowest: list[list[Run]]) -> list[tuple[int, int]] | None:
    """The side-by-side groups of a header whose lowest row repeats itself (项目 | 预算数 | 项目 |
    预算数: a 收入 side and a 支出 side): the columns of each repetition, or None."""
    labels = [re.sub(r"\s+", "", "".join(r.text for r in cell)) for cell in lowest]
    n = len(labels)
    for period in range(2, n // 2 + 1):
        if n % period == 0 and any(labels[:period]) and all(labels[i] == labels[i % period] for i in range(n)):
            return [(i, i + period - 1) for i in range(0, n, period)]
    return None


def _block(sides, row: list[list[Run]], first: int, last: int) -> tuple[int, int] | None:
    """The side a group header heads, when its row prints one header over each side (and only
    there: each side's columns but one blank in this row)."""
    if not sides:
        return None
    filled = [c for c, cell in enumerate(row) if cell]
    if len(filled) != len(sides) or any(sum(a <= c <= b for c in filled) != 1 for a, b in sides):
        return None
    return next(((a, b) for a, b in sides if a <= first and last <= b), None)


def _side_by_side(cell: list[Run]) -> bool:
    """Two runs of one cell on the same line, apart: texts of two columns taken as one."""
    return any(a.x1 < b.x0 and abs(a.top - b.top) < min(a.size, b.size) / 2 for a in cell for b in cell)


def _grid(number: int, height: float, ys, cols, runs, head: int, rules, engine: str) -> Grid:
    n_rows, n_cols = len(ys) - 1, len(cols)
    cells: list[list[list[Run]]] = [[[] for _ in cols] for _ in range(n_rows)]
    origin: list[list[Origin]] = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    spans: dict[tuple[int, int], int] = {}
    for r, band in enumerate(runs):
        # an underline is a group header's only where header cells lie under it
        placed = _share(band, [_span(run, cols, rules, ys[r + 1]) for run in band], cols) if r + 1 < head else [
            _under(run, cols) if r < head else (_under(run, cols)[0],) * 2 for run in band]
        for run, (first, last) in zip(band, placed):
            cells[r][first].append(run)
            spans[(r, first)] = max(last, spans.get((r, first), first))
    sides = _sides(cells[head - 1]) if head else None
    for (r, first), last in sorted(spans.items()):
        if r < head:
            def free(c, r=r):
                return not cells[r][c] and (r == 0 or _covered(rules, ys[r], (cols[c][0] + cols[c][1]) / 2))
            runs_here = cells[r][first]
            block = _block(sides, cells[r], first, last) if r < head - 1 else None
            if block is not None:  # one group header over each of side-by-side groups: 收入 | 支出
                a, last = block
            else:
                a, last = _widen(first, last, min(x.x0 for x in runs_here), max(x.x1 for x in runs_here), cols, free)
            if a < first:
                cells[r][a], cells[r][first] = cells[r][first], []
                first = a
        for c in range(first + 1, last + 1):
            origin[r][c] = (r, first)
    for r in range(1, n_rows):  # a cell without a rule above it continues the one above (as in a lattice)
        for c in range(n_cols):
            if origin[r][c] == (r, c) and not _covered(rules, ys[r], (cols[c][0] + cols[c][1]) / 2):
                origin[r][c] = origin[r - 1][c]
        origin[r] = [origin[o[0]][o[1]] for o in origin[r]]  # a span under a merged cell joins it
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


# a running page number: - 19 -, 第 3 页, 19
FOLIO = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?[-—–\s]*(?:/\s*\d+\s*)?$")
CLOSE = 0.5  # lines closer than this share of the table's usual line gap are one row (a wrapped cell)


def line_rules(page) -> list[tuple[float, float, float]]:
    """Row boundaries of a table printed without any rule, from its text lines: a boundary in each
    gap between two lines, except where the lines are much closer than the table's usual gap
    or overlap (the lines of one wrapped cell, an amount centred beside a label over two lines),
    spanning the text's width. Running page numbers are no row."""
    chars = [c for c in page.chars if c["text"].strip()]
    lines = [line for line in _lines(chars) if not FOLIO.match("".join(c["text"] for c in line))]
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
    for top, low in spans[1:]:
        if top - bottom >= CLOSE * usual_gap:
            ys.append((bottom + top) / 2)
        bottom = max(bottom, low)
    ys.append(bottom + SAME_Y)
    return [(y, x0, x1) for y in ys]


def read_unruled(page, number: int, columns=None) -> Grid | None:
    """The table of a page that prints no rule at all, its rows from its text lines (engine
    ``lines``); None when the page draws rules (the other readers' case)."""
    if len(_rules(page)) >= 2:
        return None
    rules = line_rules(page)
    return read_hrules(page, number, columns, rules=rules, engine="lines") if rules else None


def read_hrule_pages(path, password: str | None, pages: list[int], before: dict[int, Grid] | None = None,
                     reader=read_hrules) -> list[Grid]:
    """The tables drawn with horizontal rules only (or as ``reader`` reads them) on ``pages``
    (1-based) of the PDF at ``path``; ``before``: grids already read, by page (a page after one
    may continue its table)."""
    if not pages:
        return []
    out: list[Grid] = []
    found = dict(before or {})
    with pdfplumber.open(path, password=password or "") as pdf:
        for n in pages:
            previous = found.get(n - 1)
            g = reader(pdf.pages[n - 1], n, previous.cols if previous is not None else None)
            if g is not None:
                out.append(g)
                found[n] = g
    return out
