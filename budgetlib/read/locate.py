"""Which pages hold which standard table, read from the text layer (no rendering)."""
from __future__ import annotations

import re

from ..settings import DEFAULT, Settings
from ..tables import title_lines
from .source import Source

# A table of contents lists titles without holding tables; a line of its own saying 目录 marks it
# (a column named 采购目录 does not)
_CONTENTS = re.compile(r"^\s*目\s*录\s*$", re.M)


def title_pages(source: Source, settings: Settings = DEFAULT) -> dict[int, list[tuple[str, str]]]:
    """1-based page → the standard-table titles printed on it, in reading order."""
    found: dict[int, list[tuple[str, str]]] = {}
    for number, text in enumerate(source.texts, start=1):
        if _CONTENTS.search(text[:settings.contents_window]):
            continue
        titles = [(t, k) for t, k in title_lines(text, settings.title_max_chars) if k]
        if titles:
            found[number] = titles
    return found


def locate_tables(source: Source, titled: dict[int, list[tuple[str, str]]] | None = None) -> list[int]:
    """Pages worth handing to camelot (``titled``: ``title_pages(source)``, if the caller has it):
    every page from the first with a table title on (a continued table prints no title)."""
    titled = title_pages(source) if titled is None else titled
    if not titled:
        return []
    first = min(titled)
    return list(range(first, source.n_pages + 1))


def contents_titles(source: Source, settings: Settings = DEFAULT) -> list[tuple[str, str]]:
    """The standard tables the document's own table of contents announces: (title, key)."""
    out = []
    for text in source.texts[:settings.contents_pages]:
        if not _CONTENTS.search(text[:settings.contents_window]):
            continue
        lines = "\n".join(re.sub(r"^[-•·\s]+", "", line) for line in text.splitlines())
        out += [(t, k) for t, k in title_lines(lines, settings.title_max_chars) if k]
    return out
