"""Which pages hold which standard table, read from the text layer (no rendering)."""
from __future__ import annotations

import re

from ..settings import DEFAULT, Settings
from ..tables import title_lines
from .source import Source, reading_order_text

# A table of contents lists titles without holding tables; a line of its own saying 目录 marks it
# (a column named 采购目录 does not)
_CONTENTS = re.compile(r"^\s*目\s*录\s*$", re.M)
# the top share of a page where its heading stands: the text layer may list a page's heading last
HEADING_BAND = 0.15


def is_contents(source: Source, number: int, settings: Settings = DEFAULT) -> bool:
    """A table of contents: 目录 on a line of its own at the top of the text layer, or printed
    alone as the page's heading."""
    if _CONTENTS.search(source.texts[number - 1][:settings.contents_window]):
        return True
    width, height = source.page_size(number)
    return bool(_CONTENTS.search(source.text_in(number, 0, height * (1 - HEADING_BAND), width, height)))


def title_pages(source: Source, settings: Settings = DEFAULT) -> dict[int, list[tuple[str, str]]]:
    """1-based page → the standard-table titles printed on it, in reading order."""
    found: dict[int, list[tuple[str, str]]] = {}
    for number, text in enumerate(source.texts, start=1):
        if is_contents(source, number, settings):
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
    """The standard tables the document's own table of contents announces, in its order: (title,
    key). Its lines are read in reading order; a line that is a row of a contents grid (表1 |
    title | 是否空表 | 理由, or title | page) gives the field that is a title."""
    out = []
    for number, text in enumerate(source.texts[:settings.contents_pages], start=1):
        if not is_contents(source, number, settings):
            continue
        page = source.page(number)
        text = reading_order_text(page) if page.get_rotation() == 0 else text
        lines = [_contents_row_title(re.sub(r"^[-•·\s]+", "", line), settings.title_max_chars)
                 for line in text.splitlines()]
        out += [(t, k) for t, k in title_lines("\n".join(lines), settings.title_max_chars) if k]
    return out


def _contents_row_title(line: str, max_chars: int) -> str:
    """A contents line, or — where the line is a row of a contents grid whose whole is no title —
    its field that is one (表1 | 2019年部门综合预算收支总表 | 否). Lines stay lines, so a title
    wrapped over two of them is still read joined."""
    if any(k for _, k in title_lines(line, max_chars)) or len(line.split()) < 2:
        return line
    return next((f for f in line.split() if any(k for _, k in title_lines(f, max_chars))), line)
