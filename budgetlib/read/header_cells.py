"""The header of a table without vertical rules: which columns each header text heads — widened
over the blank cells it is centred over, split between group headers, or stacked from the text
lines of a header printed without rules."""
from __future__ import annotations

import re

from .columns import SAME_Y, columns_under
from .text_runs import Run


def _band_lines(band: list[Run]) -> list[list[Run]]:
    """The runs of one band in its text lines, top to bottom."""
    lines: list[list[Run]] = []
    for run in sorted(band, key=lambda r: (r.top, r.x0)):
        if lines and abs(run.top - lines[-1][0].top) < run.size / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    return lines


def _group_span(run: Run, k: int, lines: list[list[Run]], cols) -> tuple[int, int] | None:
    """The columns a run on line ``k`` of a header band heads as a group header, or None: its own,
    widened over each neighbour whose header lies only on the band's last line (a header cell of
    its own would be centred in the band, as 功能科目名称 is): 一般公共预算支出 over 小计 | 其中：基本支出 |
    项目支出, 基本支出预算 over 小计 | 人员支出 | 日常公用支出."""
    placed = [(i, columns_under(r, cols)) for i, ln in enumerate(lines) for r in ln]

    def under(c: int) -> bool:  # the column's headers lie on the band's last line only
        return {i for i, (a, b) in placed if a <= c <= b} == {len(lines) - 1}

    first, last = columns_under(run, cols)
    while first > 0 and under(first - 1):
        first -= 1
    while last + 1 < len(cols) and under(last + 1):
        last += 1
    return (first, last) if last > first and k < len(lines) - 1 else None


def _wrapped_groups(lines: list[list[Run]], groups: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """The other lines of a group header wrapped over several: the runs on the lines above and
    below it centred on it (其中： / 2024年政府采购项目中 / 预留), up to a line printing something else
    under it, with its columns."""
    out: dict[int, tuple[int, int]] = {}
    for k, line in enumerate(lines):
        for g in (r for r in line if id(r) in groups):
            centre = (g.x0 + g.x1) / 2
            for step in (-1, 1):
                j = k + step
                while 0 <= j < len(lines) - 1:  # lines printing nothing under it (other columns' text) are passed
                    near = [r for r in lines[j] if r.x0 < g.x1 and g.x0 < r.x1]
                    hit = next((r for r in near if abs((r.x0 + r.x1) / 2 - centre) <= g.size / 2
                                and id(r) not in groups), None)
                    if near and hit is None:
                        break
                    if hit is not None:
                        out[id(hit)] = groups[id(g)]
                    j += step
    return out


def split_group_lines(ys: list[float], runs: list[list[Run]], head: int, cols):
    """A header band of several text lines, one of which holds a group header, split into a row
    per line (with no rules, a header's levels are as close as a wrapped cell's lines); and the
    rows so made, by band (``_grid`` joins a column's lines again where no group header parts them),
    and the group headers' columns, by run."""
    out_ys, out_runs, stacked, fixed, grouped = [ys[0]], [], [], {}, set()
    for i, band in enumerate(runs):
        lines = _band_lines(band) if i < head else []
        groups = {id(r): g for k, ln in enumerate(lines) for r in ln if (g := _group_span(r, k, lines, cols))}
        if len(lines) > 1 and groups:  # each line's runs keep their columns; a group header its group's
            groups |= _wrapped_groups(lines, groups)
            fixed.update({id(r): groups.get(id(r)) or columns_under(r, cols) for r in band})
            grouped |= set(groups)
            stacked.append(range(len(out_runs), len(out_runs) + len(lines)))
            for upper, lower in zip(lines, lines[1:]):
                out_runs.append(upper)
                out_ys.append((max(r.top + r.size for r in upper) + min(r.top for r in lower)) / 2)
            out_runs.append(lines[-1])
        else:
            out_runs.append(band)
        out_ys.append(ys[i + 1])
    return out_ys, out_runs, stacked, fixed, grouped


def _centre(cell: list[Run]) -> float:
    return (min(r.x0 for r in cell) + max(r.x1 for r in cell)) / 2


def stack_lines(origin, cells, spans, rows: range, grouped: set[int] = frozenset()) -> None:
    """The lines of one header band split into rows: lines one above the other over the same
    columns are one cell (a wrapped header), unless a header over other columns lies between; so
    are two lines centred on each other when neither is a group header (2025年预算 / 数: the first
    line wider than its column)."""
    for c in range(len(cells[0])):
        above = None  # (row, span end) of the last cell in this column
        for r in rows:
            if origin[r][c] != (r, c) or not cells[r][c]:
                continue
            last = spans.get((r, c), c)
            if above is not None and (above[1] == last or _centred_lines(cells[above[0]][c], cells[r][c], grouped)):
                for x in range(c, max(last, above[1]) + 1):
                    origin[r][x] = origin[above[0]][c]
                above = (above[0], max(last, above[1]))
            else:
                above = (r, last)


def _centred_lines(upper: list[Run], lower: list[Run], grouped: set[int]) -> bool:
    if any(id(r) in grouped for r in upper + lower):
        return False
    return abs(_centre(upper) - _centre(lower)) <= max(r.size for r in upper + lower) / 2


def repeated_sides(lowest: list[list[Run]]) -> list[tuple[int, int]] | None:
    """The side-by-side groups of a header whose lowest row repeats itself (项目 | 预算数 | 项目 |
    预算数: a 收入 side and a 支出 side): the columns of each repetition, or None."""
    labels = [re.sub(r"\s+", "", "".join(r.text for r in cell)) for cell in lowest]
    n = len(labels)
    for period in range(2, n // 2 + 1):
        if n % period == 0 and any(labels[:period]) and all(labels[i] == labels[i % period] for i in range(n)):
            return [(i, i + period - 1) for i in range(0, n, period)]
    return None


def side_block(sides, row: list[list[Run]], first: int, last: int) -> tuple[int, int] | None:
    """The side a group header heads, when its row prints one header over each side (and only
    there: each side's columns but one blank in this row)."""
    if not sides:
        return None
    filled = [c for c, cell in enumerate(row) if cell]
    if len(filled) != len(sides) or any(sum(a <= c <= b for c in filled) != 1 for a, b in sides):
        return None
    return next(((a, b) for a, b in sides if a <= first and last <= b), None)


def share_underline(band: list[Run], spans: list[tuple[int, int]], cols) -> list[tuple[int, int]]:
    """Group headers of one row whose underlines join into one rule (本年收入 | 上年结转结余, each
    underlined up to the other's): the columns between them are split where both are best centred
    over their own (a group header is centred over the columns it heads)."""
    order = sorted(range(len(band)), key=lambda i: band[i].x0)
    out = list(spans)
    for i, j in zip(order, order[1:]):
        (a0, a1), (b0, b1) = out[i], out[j]
        if a1 < b0:
            continue
        own_a, own_b = columns_under(band[i], cols)[1], columns_under(band[j], cols)[0]
        if own_a >= own_b:
            continue  # one cell's two lines, not two headers

        def off(run, lo, hi):
            return abs((cols[lo][0] + cols[hi][1]) / 2 - (run.x0 + run.x1) / 2)

        k = min(range(own_a, own_b), key=lambda k: off(band[i], a0, k) + off(band[j], k + 1, b1))
        out[i], out[j] = (a0, k), (k + 1, b1)
    return out


def widen_to_centre(first: int, last: int, x0: float, x1: float, cols, free) -> tuple[int, int]:
    """A header cell's columns, widened over free (empty) neighbours while that brings the columns'
    centre nearer to its text's: header text is centred over the columns it heads (收入 over 项目
    and 金额)."""
    centre = (x0 + x1) / 2

    def off(a: int, b: int) -> float:
        return abs((cols[a][0] + cols[b][1]) / 2 - centre)

    while True:
        options = [(a, b) for a, b in ((first - 1, last), (first, last + 1), (first - 1, last + 1))
                   if 0 <= a and b < len(cols) and (a == first or free(a)) and (b == last or free(b))
                   and off(a, b) < off(first, last) - (2 * SAME_Y if b - a == last - first + 2 else 0)]
        if not options:
            return first, last
        first, last = min(options, key=lambda ab: off(*ab))


def centred_groups(heads: list[tuple[int, int]], centres: list[float], cols, free,
                   tol: float) -> list[tuple[int, int]] | None:
    """The columns each of a header row's group headers heads where no rule shows it (收入 | 支出 over
    项目 | 预算数 | 项目 | 预算数 …): the one way to widen them over blank cells, each group adjoining the
    next, in which every group's text is centred over its columns (within ``tol``); None where there
    is no such way or more than one (nothing is guessed). ``heads``: each text's own columns."""
    def mid(a: int, b: int) -> float:
        return (cols[a][0] + cols[b][1]) / 2

    chains: list[list[tuple[int, int]]] = [[]]
    for i, ((first, last), centre) in enumerate(zip(heads, centres)):
        lo = heads[i - 1][1] + 1 if i else 0
        hi = heads[i + 1][0] - 1 if i + 1 < len(heads) else len(cols) - 1
        options = [(a, b) for a in range(lo, first + 1) for b in range(last, hi + 1)
                   if all(free(x) for x in range(a, first)) and all(free(x) for x in range(last + 1, b + 1))
                   and abs(mid(a, b) - centre) <= tol]
        chains = [chain + [o] for chain in chains for o in options if not chain or chain[-1][1] + 1 == o[0]]
        if len(chains) > 64:  # too many ways: no evidence for one
            return None
    return chains[0] if len(chains) == 1 else None
