"""camelot reads each located page's ruled grids into ``Grid`` objects: cell text plus the
geometry that tidy needs (merged-cell origins, column and row positions).

Lattice is the only flavor: budget tables are ruled. The render-free ``engine="vector"`` is
tried first; a page where it finds no grid although the text layer promised a table is read
again with the default (rendering) engine — unless the page draws nothing (text alone renders
no rules).
"""
from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import replace

import pdfplumber
import pypdfium2.raw as pdfium_raw

from ..camelot_import import import_camelot
from ..clean import is_amount
from ..model import Grid, Origin
from ..settings import DEFAULT, Settings
from ..tables import normal_title, recognise, title_lines
from .columns import join_header_columns, join_wrapped_rows
from .filled_rules import filled_polygon_rules_read
from .hrules import read_hrule_pages, read_hrules
from .lines import read_unruled
from .render import PageRenderer
from .source import Source

log = logging.getLogger(__name__)
# playa warns about every unusual font dictionary; keep that off stderr unless logging is set up
logging.getLogger("playa").addHandler(logging.NullHandler())

def _origins(table) -> list[list[Origin]]:
    """Follow missing left/top rules to the top-left cell of each merged block."""
    cells = table.cells
    origin: list[list[Origin]] = []
    for r, row in enumerate(cells):
        origin.append([])
        for c, cell in enumerate(row):
            if c > 0 and not cell.left:
                origin[r].append(origin[r][c - 1])
            elif r > 0 and not cell.top:
                origin[r].append(origin[r - 1][c])
            else:
                origin[r].append((r, c))
    return origin


# rows a stream read takes in above an unruled table: its title and heading lines
_HEADING_ROW = re.compile(r"单位名称|(?:金额)?单位[:：]|编制(?:部门|单位)|部门[:：]|表$|表[（(][^）)]*[)）]$")


def _peel_headings(text: list[list[str]]) -> tuple[list[list[str]], str]:
    """Leading rows of a stream grid that hold the title or 单位 lines, not table cells."""
    peeled = []
    while text and _HEADING_ROW.search(re.sub(r"\s+", "", "".join(text[0]))) and not any(
            is_amount(t) for t in text[0]):
        peeled.append(" ".join(t.strip() for t in text[0] if t.strip()))
        text = text[1:]
    return text, "\n".join(peeled)


def _grid(table, page: int, engine: str) -> Grid:
    text = [[cell.text or "" for cell in row] for row in table.cells]
    if engine == "stream":  # no rules: no merged cells; the title and 单位 lines may be rows
        text, peeled = _peel_headings(text)
        rows = [tuple(r) for r in table.rows][len(table.rows) - len(text):]
        text, cols = join_header_columns(text, [tuple(c) for c in table.cols])
        text, rows = join_wrapped_rows(text, rows)
        return Grid(page=page, bbox=tuple(table._bbox), cols=cols, rows=rows, text=text,
                    origin=[[(r, c) for c in range(len(row))] for r, row in enumerate(text)], engine=engine,
                    blocks={(r, c): t.strip() for r, row in enumerate(text) for c, t in enumerate(row) if t.strip()},
                    context=peeled)
    origin = _origins(table)
    blocks: dict[Origin, list[str]] = {}
    for r, row in enumerate(text):
        for c, t in enumerate(row):
            if t.strip():
                blocks.setdefault(origin[r][c], []).append(t.strip())
    return Grid(
        page=page,
        bbox=tuple(table._bbox),
        cols=[tuple(c) for c in table.cols],
        rows=[tuple(r) for r in table.rows],
        text=text,
        origin=origin,
        engine=engine,
        blocks={o: "\n".join(parts) for o, parts in blocks.items()},
    )


def _read(source: Source, pages: list[int], engine: str | None, flavor: str = "lattice") -> list[Grid]:
    camelot = import_camelot()
    # boxes_flow=None: no hierarchical grouping of text boxes (half of camelot's layout time);
    # tables need the text lines only, which do not depend on it
    kwargs = {"flavor": flavor, "split_text": True, "suppress_stdout": True, "layout_kwargs": {"boxes_flow": None}}
    if engine:
        kwargs["engine"] = engine
    with PageRenderer(source.path, source.password) as renderer, filled_polygon_rules_read():
        if flavor == "lattice" and not engine:  # the rendering read: pixels without camelot's PIL round trip
            kwargs["backend"] = renderer
        tables = camelot.read_pdf(
            str(source.path), pages=",".join(map(str, pages)), password=source.password, **kwargs
        )
    return [_grid(t, int(t.page), engine or ("default" if flavor == "lattice" else flavor)) for t in tables]


_PAGE_OBJECTS_RENDERED_AS_LINES = (pdfium_raw.FPDF_PAGEOBJ_PATH, pdfium_raw.FPDF_PAGEOBJ_IMAGE,
                                   pdfium_raw.FPDF_PAGEOBJ_SHADING, pdfium_raw.FPDF_PAGEOBJ_UNKNOWN)
# glyphs that draw a vertical rule when rendered (a table typed with box-drawing characters)
_RULE_GLYPHS = re.compile(r"[|｜│┃┆┇┊┋丨\u2500-\u257f]")


def _draws_anything(source: Source, page: int) -> bool:
    """Whether rendering the page could show a ruled grid the vector engine did not find: it
    draws a path, an image or a shading somewhere (inside forms too), or types rule glyphs. A
    page of text alone renders no rules, so the rendering retry is skipped there."""
    objects = source.page(page).get_objects(max_depth=32)
    if any(o.type in _PAGE_OBJECTS_RENDERED_AS_LINES for o in objects):
        return True
    return bool(_RULE_GLYPHS.search(source.texts[page - 1]))


def _rendered(source: Source, drawn: list[int], titled: dict, grids: list[Grid]) -> list[Grid]:
    """The rendering retry: grids of the pages the vector engine missed among those that draw
    something (``drawn``) — first the titled ones, then, page by page, an untitled page that
    follows a page with a grid (a table running on; without this its rows would be lost without a
    trace)."""
    found = {g.page for g in grids}
    drawn = [p for p in drawn if p not in found]
    todo, tried, out = [p for p in drawn if p in titled], set(), []
    while todo:
        log.info("vector engine found no grid on pages %s; rendering them", todo)
        new = _read(source, todo, None)
        out += new
        tried |= set(todo)
        found |= {g.page for g in new}
        todo = [p for p in drawn if p not in tried and p - 1 in found]
    return out


@contextmanager
def _sparse_grids_kept():
    """camelot drops a ruled grid whose cells are at least 90 % empty as detection noise; the last
    page of a long table is often such a grid — the full ruled form printed again with one or two
    rows filled in (烟台 p23: 基本支出预算情况表's header and the single row 30399)."""
    from camelot.parsers import lattice

    saved = lattice._GRID_WHITESPACE_REJECT
    lattice._GRID_WHITESPACE_REJECT = float("inf")
    try:
        yield
    finally:
        lattice._GRID_WHITESPACE_REJECT = saved


def _sparse(source: Source, drawn: list[int], titled: dict, grids: list[Grid]) -> list[Grid]:
    """Mostly empty ruled grids that print amounts, on the pages that draw something (``drawn``)
    where the vector engine kept no grid: titled ones, and those right after a page with a grid
    (a table running on)."""
    found = {g.page for g in grids}
    todo = [p for p in drawn if p not in found and (p in titled or p - 1 in found)]
    if not todo:
        return []
    with _sparse_grids_kept():
        new = _read(source, todo, "vector")
    return [g for g in new if len(g.cols) > 1 and len(g.rows) > 1 and any(is_amount(t) for t in g.blocks.values())]


def _horizontal_only(pdf: pdfplumber.PDF, pages: list[int], todo: list[int], grids: list[Grid], reader=read_hrules
                     ) -> list[Grid]:
    """Tables drawn with horizontal rules only (or as ``reader`` reads them) on the titled pages
    ``todo``, then on each untitled page after such a table (it runs on) where no other grid was
    found."""
    out, tried = [], {g.page for g in grids}
    while todo:
        new = read_hrule_pages(pdf, todo, {g.page: g for g in out}, reader)
        out += new
        tried |= set(todo)
        found = {g.page for g in new}
        todo = [p + 1 for p in sorted(found) if p + 1 in pages and p + 1 not in tried]
    return out


def read_grids(source: Source, pages: list[int], titled: dict[int, list[tuple[str, str]]],
               settings: Settings = DEFAULT) -> list[Grid]:
    """All ruled grids on ``pages``, titled and keyed, with the rendering fallback where the
    vector engine missed a page that ``titled`` (``locate.title_pages``) says holds a table, or
    one that continues a table."""
    if not pages:
        return []
    # a page that draws nothing (a page of the 说明 after the tables) holds no grid camelot could find
    drawn = [p for p in pages if _draws_anything(source, p)]
    grids = _read(source, drawn, "vector") if drawn else []
    missed = [p for p in pages if p in titled and p not in {g.page for g in grids}]
    grids += _sparse(source, drawn, titled, grids)
    grids += _rendered(source, drawn, titled, grids)
    if any(p not in {g.page for g in grids} for p in missed):
        # one pdfplumber document for both readers: a page is parsed once
        with pdfplumber.open(source.path, password=source.password or "") as pdf:
            grids += _horizontal_only(pdf, pages, [p for p in missed if p not in {g.page for g in grids}], grids)
            # no rule at all: rows from the text lines, columns from the text
            grids += _horizontal_only(pdf, pages, [p for p in missed if p not in {g.page for g in grids}], grids,
                                      reader=read_unruled)
    unruled = [p for p in missed if p not in {g.page for g in grids}]
    if unruled:
        log.info("no ruled grid on pages %s; reading them as unruled tables (camelot stream)", unruled)
        # a single column is the page's prose under a heading that reads as a title, not a table
        grids += _stream_runs_on(source, pages, [g for g in _read(source, unruled, None, flavor="stream") if len(g.cols) > 1],
                                 {g.page for g in grids})
    grids.sort(key=lambda g: (g.page, -g.bbox[3]))
    return name_grids(source, grids, settings)


def _stream_runs_on(source: Source, pages: list[int], found: list[Grid], taken: set[int]) -> list[Grid]:
    """The stream grids ``found``, and on each untitled page after one where nothing else was read,
    the grid that continues it: as many columns, amounts on most of its rows (a page of prose after
    the table reads otherwise)."""
    out, last = list(found), {g.page: g for g in found}
    todo = [p + 1 for p in sorted(last) if p + 1 in pages and p + 1 not in taken | set(last)]
    while todo:
        new = []
        for g in _read(source, todo, None, flavor="stream"):
            before = last.get(g.page - 1)
            amounts = sum(any(is_amount(t) for t in row) for row in g.text)
            if before is not None and len(g.cols) == len(before.cols) and amounts * 2 > len(g.text):
                new.append(g)
        out += new
        last.update({g.page: g for g in new})
        todo = [g.page + 1 for g in new if g.page + 1 in pages and g.page + 1 not in taken | set(last)]
    return out


def header_text(g: Grid, settings: Settings = DEFAULT, skip: int | None = None) -> str:
    """The text of a grid's header: its rows (after the first ``skip``; by default after those
    that read as a title) above the first that prints an amount, at most ``measure_depth``."""
    if skip is None:
        skip = _title_rows(g, settings)[1]
    out = []
    for row in g.text[skip:skip + settings.measure_depth]:
        if any(is_amount(t) for t in row):
            break
        out.append(" ".join(t.strip() for t in row if t.strip()))
    return "\n".join(out)


def _title_rows(g: Grid, settings: Settings) -> tuple[list[tuple[str, str | None]], int]:
    """A title printed inside the ruled frame (or inside the grid's detected box): the titles
    its first rows read as, and how many rows they take."""
    for n in (1, 2):
        lines = [" ".join(t.strip() for t in row if t.strip()) for row in g.text[:n]]
        if any(any(is_amount(t) for t in row) for row in g.text[:n]):
            break
        titles = title_lines("\n".join(lines), settings.title_max_chars)
        if titles:
            return titles, n
    return [], 0


def without_top_rows(g: Grid, n: int) -> Grid:
    """The grid without its first ``n`` rows (a title, a 单位 line printed inside the ruled frame);
    unchanged where a block runs from those rows into the rest."""
    if n <= 0 or n >= len(g.rows) or any(o[0] < n for o in g.origin[n]):
        return g
    return replace(g, bbox=(g.bbox[0], g.bbox[1], g.bbox[2], g.rows[n][0]), rows=g.rows[n:], text=g.text[n:],
                   origin=[[(r - n, c) for r, c in row] for row in g.origin[n:]],
                   blocks={(r - n, c): t for (r, c), t in g.blocks.items() if r >= n})


def _one_block(g: Grid, r: int) -> bool:
    """Row ``r`` is one block across the grid's whole width."""
    return len(set(g.origin[r])) == 1


# a cell of the 单位 line: 单位名称：… / 编制单位：… / 金额单位：万元 / 2024年度 / 公开01表
_BANNER_CELL = re.compile(r"^(?:单位名称|编制单位|编制部门|部门名称|部门|单位|(?:金额)?单位)[:：]|^(?:19|20)\d\d年度?$"
                          r"|^(?:19|20)\d\d年\d{1,2}月(?:\d{1,2}日)?$|^(?:财决)?公开\d+表$")


def _banner_row(g: Grid, r: int) -> bool:
    """Row ``r`` is the 单位 line: one block across the whole width, or blocks each of which is a
    part of it (单位名称：测试大学 | 金额单位：万元, or 编制单位：… | 2024年度 | 金额单位：万元)."""
    texts = [re.sub(r"\s+", "", g.blocks.get(o, "")) for o in dict.fromkeys(g.origin[r])]
    return _one_block(g, r) or (any(texts) and all(_BANNER_CELL.search(t) for t in texts if t))


def _banner_rows(g: Grid, start: int) -> int:
    """How many rows from ``start`` are the 单位 line printing no amount (the 部门：… 金额单位：万元
    line under a title inside the frame)."""
    n = start
    while n < len(g.rows) - 1 and _banner_row(g, n) and not any(is_amount(t) for t in g.text[n]):
        n += 1
    return n


# a continuation page's title says so: 表3 …支出表（续表） / …（续） / 续表3 …
_CONTINUED = re.compile(r"[（(]续(?:表|前表)?[)）]|^续(?:前)?表?[一二三四五六七八九十\d]*(?!般)(?:-\d+)?[:：、.]?")


def _same_title(a: str, b: str) -> bool:
    def plain(t: str) -> str:
        return normal_title(_CONTINUED.sub("", re.sub(r"\s+", "", t)))
    return bool(a) and plain(a) == plain(b)


def name_grids(source: Source, grids: list[Grid], settings: Settings = DEFAULT) -> list[Grid]:
    """Each grid with its title and key, recognised from the title (the text above the grid, else
    its own first rows) together with its header. A grid first on its page continues the table
    of the page before when it prints no title, or that table's title again."""
    named: list[Grid] = []
    previous: Grid | None = None
    for g in grids:
        width, height = source.page_size(g.page)
        first_on_page = previous is None or previous.page != g.page
        ceiling = height if first_on_page else previous.bbox[1]
        context = source.text_in(g.page, 0, g.bbox[3], width, ceiling) + ("\n" + g.context if g.context else "")
        titles, skip = title_lines(context, settings.title_max_chars), 0
        if not titles:
            titles, skip = _title_rows(g, settings)
            banner = skip and all(_one_block(g, r) for r in range(skip))
            kept = without_top_rows(g, _banner_rows(g, skip)) if banner else g
            if kept is not g:  # the title inside the frame is no header row (nor is the 单位 line under it)
                top = len(g.rows) - len(kept.rows)
                context += "\n" + "\n".join(g.blocks[o] for o in dict.fromkeys(o for row in g.origin[:top] for o in row)
                                              if g.blocks.get(o, "").strip())
                g, skip = kept, 0
        header = header_text(g, settings, skip)
        hits = [(t, recognise(t, header)) for t, _ in titles]
        hit = next(((t, r) for t, r in hits if r.key), None)
        follows = (first_on_page and previous is not None and previous.key is not None
                   and previous.page == g.page - 1)
        g = replace(g, context=context)
        if hit and follows and hit[1].key == previous.key and _same_title(hit[0], previous.title):
            g = replace(g, key=previous.key, title=previous.title, continued=True)
        elif hit:
            g = replace(g, title=hit[0], key=hit[1].key)
        elif titles:  # a table, but not one of the standard ones
            g = replace(g, title=titles[0][0])
        elif follows:
            g = replace(g, key=previous.key, title=previous.title, continued=True)
        named.append(g)
        previous = g
    return named
