"""Text of a page without cell rules, in runs: the characters printed without a gap on one line —
one cell's text, as budget tables are typeset (cells' texts are at least their paddings apart)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..clean import counts_columns

GAP = 0.25  # a gap wider than this share of the font size ends a run of text
ALIGNED = 1.5  # points: texts whose edges differ by at most this are aligned on that edge
OVERLAP = 0.15  # glyphs overlapping by more than this share of a glyph's width are printed over each other


@dataclass(frozen=True)
class Run:
    """Text printed without a gap on one line of one row band."""

    x0: float
    x1: float
    top: float
    text: str
    size: float
    overflow: bool = False  # printed on past its cell, under the next cell's text (clipped in the print)


def text_lines(chars) -> list[list[dict]]:
    """The chars of one band in text lines (by vertical centre), each sorted left to right."""
    lines: list[list[dict]] = []
    order = {id(c): i for i, c in enumerate(chars)}  # the content stream's order
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if lines and abs(mid - lines[-1][0]["_mid"]) <= (ch["bottom"] - ch["top"]) / 2:
            lines[-1].append({**ch, "_order": order[id(ch)]})
        else:
            lines.append([{**ch, "_mid": mid, "_order": order[id(ch)]}])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _overprinted(line: list[dict]) -> bool:
    """Whether two texts of a line are printed over each other: a glyph starting inside the one
    before it, where glyphs of one string abut (a long label run on under the next cell's amount,
    clipped in the print). The same glyph printed twice, a little offset (faked bold), is no
    overprint."""
    for a, b in zip(line, line[1:]):
        width = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
        if b["x0"] < a["x1"] - OVERLAP * width and not (b["text"] == a["text"] and b["x0"] - a["x0"] < 0.5 * width):
            return True
    return False


def _strings(line: list[dict]) -> list[list[dict]]:
    """An overprinted line's texts as printed, one after the other: the glyphs in the content
    stream's order, a string ending where the next glyph does not follow on from the last."""
    out: list[list[dict]] = []
    for ch in sorted(line, key=lambda c: c["_order"]):
        last = out[-1][-1] if out else None
        if last is not None and last["x0"] < ch["x0"] and abs(ch["x0"] - last["x1"]) <= GAP * (last["bottom"] - last["top"]):
            out[-1].append(ch)
        else:
            out.append([ch])
    return out


# a label's last character, then an amount with its decimals: two cells' texts touching (a long
# label run up to the right-aligned amount of the next cell: 人员经费和公用经费支出1839311.66)
_TOUCHING = re.compile(r"[\u4e00-\u9fff）)](?=[\d,]*\d\.\d+$)")


# a code, then its name's first character (not a date: 2024年): a right-aligned code column's text
# touching the left-aligned name beside it (3010201津贴补贴)
_CODE_THEN_NAME = re.compile(r"^\d{3,}(?=[\u4e00-\u9fff（(])(?![年月日])")


def part_runs(part: list[dict], seams: tuple[float, ...] = ()) -> list[Run]:
    solid = [c for c in part if c["text"].strip()]
    if not solid:
        return []
    text = "".join(c["text"] for c in solid)
    if m := _TOUCHING.search(text):  # the label may run on past its cell: no evidence of where it ends
        return [replace(r, overflow=True) for r in part_runs(solid[:m.end()], seams)] + part_runs(solid[m.end():], seams)
    if m := _at_seam(solid, text, seams):
        return part_runs(solid[:m.end()], seams) + part_runs(solid[m.end():], seams)
    return [Run(solid[0]["x0"], solid[-1]["x1"], min(c["top"] for c in solid), "".join(c["text"] for c in part).strip(),
                max(c["bottom"] - c["top"] for c in solid))]


def _at_seam(solid: list[dict], text: str, seams) -> re.Match | None:
    m = _CODE_THEN_NAME.match(text)
    return m if m and any(abs(solid[m.end() - 1]["x1"] - x) <= ALIGNED for x in seams) else None


def code_seams(bands: list[list[dict]]) -> tuple[float, ...]:
    """The x where a column of right-aligned codes meets the names beside it with no gap between
    (301工资福利支出 | 30101基本工资, printed as ruled, the rules left out): at least three codes
    of two lengths or more end there, one of them touching its name."""
    touching, alone = [], []
    for chars in bands:
        for line in text_lines(chars):
            for part in _gapped_parts(line):
                solid = [c for c in part if c["text"].strip()]
                text = "".join(c["text"] for c in solid)
                if (m := _CODE_THEN_NAME.match(text)):
                    touching.append((solid[0]["x0"], solid[m.end() - 1]["x1"]))
                elif re.fullmatch(r"\d{3,}", text):
                    alone.append((solid[0]["x0"], solid[-1]["x1"]))
    out: list[float] = []
    for _, x in touching:
        starts = [a for a, b in touching + alone if abs(b - x) <= ALIGNED]
        if len(starts) >= 3 and max(starts) - min(starts) > ALIGNED and not any(abs(x - s) <= ALIGNED for s in out):
            out.append(x)
    return tuple(out)


def band_runs(chars, seams: tuple[float, ...] = ()) -> list[Run]:
    """Runs of text of one band: a gap wider than a quarter of a character ends a run (glyphs of one
    cell abut; two cells' texts are at least their paddings apart); a space character does not.
    ``seams``: the x where two columns' texts touch (``code_seams``); a run is split there."""
    out = []
    for line in text_lines(chars):
        out += (_overprinted(line) and _run_on(line, seams)) or [r for p in _gapped_parts(line) for r in part_runs(p, seams)]
    return out


def _run_on(line: list[dict], seams) -> list[Run] | None:
    """An overprinted line's runs as printed (``_strings``), those running on under a later one
    marked ``overflow``; None where no run goes on under another (glyphs stacked at one place, a
    mark under a bracket: read as placed)."""
    runs = sorted((r for s in _strings(line) for p in _gapped_parts(s) for r in part_runs(p, seams)), key=lambda r: r.x0)
    over = [any(r.x0 + r.size <= s.x0 < r.x1 for s in runs) for r in runs]
    return [replace(r, overflow=True) if o else r for r, o in zip(runs, over)] if any(over) else None


def _gapped_parts(line: list[dict]) -> list[list[dict]]:
    """The chars of a line (left to right) in parts: a gap wider than a quarter of a character ends one."""
    out: list[list[dict]] = []
    for ch in line:
        if out and ch["x0"] - out[-1][-1]["x1"] <= GAP * (out[-1][-1]["bottom"] - out[-1][-1]["top"]):
            out[-1].append(ch)
        else:
            out.append([ch])
    return out


def is_column_numbers(band: list[Run]) -> bool:
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
    return counts_columns(numbers, any(t in ("栏次", "行次") for t in others))


