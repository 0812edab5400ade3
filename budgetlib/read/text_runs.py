"""Text of a page without cell rules, in runs: the characters printed without a gap on one line —
one cell's text, as budget tables are typeset (cells' texts are at least their paddings apart)."""
from __future__ import annotations

import re
from dataclasses import dataclass

GAP = 0.25  # a gap wider than this share of the font size ends a run of text


@dataclass(frozen=True)
class Run:
    """Text printed without a gap on one line of one row band."""

    x0: float
    x1: float
    top: float
    text: str
    size: float


def text_lines(chars) -> list[list[dict]]:
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


def part_runs(part: list[dict]) -> list[Run]:
    solid = [c for c in part if c["text"].strip()]
    if not solid:
        return []
    text = "".join(c["text"] for c in solid)
    m = _TOUCHING.search(text)
    if m:
        return part_runs(solid[:m.end()]) + part_runs(solid[m.end():])
    return [Run(solid[0]["x0"], solid[-1]["x1"], min(c["top"] for c in solid), "".join(c["text"] for c in part).strip(),
                max(c["bottom"] - c["top"] for c in solid))]


def band_runs(chars) -> list[Run]:
    """Runs of text of one band: a gap wider than a quarter of a character ends a run (glyphs of one
    cell abut; two cells' texts are at least their paddings apart); a space character does not."""
    out = []
    for line in text_lines(chars):
        part: list[dict] = []
        for ch in line + [None]:
            if part and (ch is None or ch["x0"] - part[-1]["x1"] > GAP * (part[-1]["bottom"] - part[-1]["top"])):
                out += part_runs(part)
                part = []
            if ch is not None:
                part.append(ch)
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
    return any(t in ("栏次", "行次") for t in others) or (
        len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:])))


