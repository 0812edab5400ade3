"""The columns of a table without vertical rules, from its text: the x-ranges where no data row
prints text separate columns; headers are placed over the columns they head."""
from __future__ import annotations

from ..clean import is_amount
from .text_runs import ALIGNED, Run

SAME_Y = 1.0  # points: closer than this is the same position


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


def infer_columns(runs: list[Run], heads: list[Run], left: float, right: float, ends: list[float],
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


def columns_under(run: Run, cols) -> tuple[int, int]:
    """The first and last column a run of text lies over: those it covers at least half of (or
    half of it lies over); its centre's column when none does."""
    over = [i for i, (a, b) in enumerate(cols)
            if min(b, run.x1) - max(a, run.x0) >= 0.5 * min(b - a, run.x1 - run.x0)]
    if not over:
        over = [_column_of((run.x0 + run.x1) / 2, cols)]
    return over[0], over[-1]


def join_header_columns(text: list[list[str]], cols: list[tuple]) -> tuple[list[list[str]], list[tuple]]:
    """A stream read of an unruled table with wide columns puts a header centred (or left-aligned)
    over right-aligned amounts into a column of its own: a column with text in the header rows
    only, beside one with text below the header only (on either side), is one column (合计 over
    130.00)."""
    first = next((r for r, row in enumerate(text) if any(is_amount(t) for t in row)), None)
    if first is None or first == 0:
        return text, cols

    def filled(c: int, rows) -> bool:
        return any(text[r][c].strip() for r in rows)

    head, body = range(first), range(first, len(text))
    c = 0
    while c < len(cols) - 1:
        heads = [filled(k, head) and not filled(k, body) for k in (c, c + 1)]
        bodies = [filled(k, body) and not filled(k, head) for k in (c, c + 1)]
        if (heads[0] and bodies[1]) or (bodies[0] and heads[1]):  # (行次 printed right of its 1 2 3)
            text = [row[:c] + [row[c] + row[c + 1]] + row[c + 2:] for row in text]
            cols = cols[:c] + [(cols[c][0], cols[c + 1][1])] + cols[c + 2:]
        c += 1
    return text, cols


def _fragment(row: list[str]) -> int | None:
    """The one column a row prints text in, when it prints no amount (a wrapped label's line)."""
    filled = [k for k, t in enumerate(row) if t.strip()]
    return filled[0] if len(filled) == 1 and not is_amount(row[filled[0]]) else None


def join_wrapped_rows(text: list[list[str]], rows: list[tuple]) -> tuple[list[list[str]], list[tuple]]:
    """A stream read splits a label wrapped over two lines beside amounts centred on it into three
    rows: 机关事业单位基本养老保 / 2080505 12.00 10.00 2.00 / 险缴费支出. A row of amounts whose cell
    in some column is empty takes the lines printed alone in that column right above and below it
    (a line between two such rows belongs to neither)."""
    amounts = [any(is_amount(t) for t in row) for row in text]
    out_text, out_rows = [], []
    taken: dict[int, int] = {}  # fragment row → the row of amounts it labels
    for r, row in enumerate(text):
        if not amounts[r]:
            continue
        for k, cell in enumerate(row):
            if cell.strip():
                continue
            for side in (r - 1, r + 1):
                far = side - 1 if side < r else side + 1
                if 0 <= side < len(text) and side not in taken and _fragment(text[side]) == k and not (
                        0 <= far < len(text) and amounts[far] and not text[far][k].strip()):
                    taken[side] = r
    if not taken:
        return text, rows
    for r, row in enumerate(text):
        if r in taken:
            continue
        row, (top, bottom) = list(row), rows[r]
        for side in (r - 1, r + 1):
            if taken.get(side) == r:
                k = _fragment(text[side])
                row[k] = (text[side][k].strip() + row[k].strip()) if side < r else (row[k].strip() + text[side][k].strip())
                top, bottom = (rows[side][0], bottom) if side < r else (top, rows[side][1])
        out_text.append(row)
        out_rows.append((top, bottom))
    return out_text, out_rows
