"""The text part of every page: a page without a table gives all its text; a page that holds
table grids gives only the text outside them (headings, notes and paragraphs beside a table),
so the narrative sees every sentence and no table cell."""
from __future__ import annotations

from ..model import Grid
from .source import Source


def bands_outside(grids: list[Grid], height: float) -> list[tuple[float, float]]:
    """(bottom, top) strips of the page, full width, that no grid covers, top first."""
    spans = sorted(((g.bbox[1], g.bbox[3]) for g in grids), key=lambda s: -s[1])
    bands, ceiling = [], height
    for bottom, top in spans:
        if top < ceiling:
            bands.append((top, ceiling))
        ceiling = min(ceiling, bottom)
    if ceiling > 0:
        bands.append((0.0, ceiling))
    return bands


def text_pages(source: Source, grids: list[Grid]) -> list[tuple[int, str]]:
    """(1-based page, text outside the page's grids) for every page of the document."""
    by_page: dict[int, list[Grid]] = {}
    for g in grids:
        by_page.setdefault(g.page, []).append(g)
    out = []
    for n in range(1, source.n_pages + 1):
        if n not in by_page:
            out.append((n, source.texts[n - 1]))
            continue
        width, height = source.page_size(n)
        parts = [source.text_in(n, 0, bottom, width, top) for bottom, top in bands_outside(by_page[n], height)]
        out.append((n, "\n".join(p for p in parts if p.strip())))
    return out
