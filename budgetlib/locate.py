"""Which pages hold which standard table, read from the text layer (no rendering)."""
from __future__ import annotations

import re

from .source import Source
from .tables import find_title

# A table of contents lists titles without holding tables; these words mark it.
_CONTENTS = re.compile(r"目\s*录")


def title_pages(source: Source) -> dict[int, list[tuple[str, str]]]:
    """1-based page → the standard-table titles printed on it, in reading order."""
    found: dict[int, list[tuple[str, str]]] = {}
    for number, text in enumerate(source.texts, start=1):
        if _CONTENTS.search(text[:200]):
            continue
        titles = []
        for line in text.splitlines():
            hit = find_title(line)
            if hit:
                titles.append(hit)
        if titles:
            found[number] = titles
    return found


def locate_tables(source: Source, titled: dict | None = None) -> list[int]:
    """Pages worth handing to camelot: every page with a table title, and the pages after it
    up to the next titled page (a table continued on the next page prints no title)."""
    titled = title_pages(source) if titled is None else titled
    if not titled:
        return []
    first = min(titled)
    return list(range(first, source.n_pages + 1))


def contents_titles(source: Source) -> list[tuple[str, str]]:
    """The standard tables the document's own table of contents announces: (title, key)."""
    out = []
    for text in source.texts[:5]:
        if not _CONTENTS.search(text[:200]):
            continue
        for line in text.splitlines():
            line = re.sub(r"^[-•·\s]+", "", line)
            hit = find_title(line)
            if hit:
                out.append(hit)
    return out
