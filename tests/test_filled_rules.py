"""Rules drawn as thin filled polygons are read by the vector engine (budgetlib.read.filled_rules),
so the pages that draw them need no rendering retry, and the cells are those the rendering read
gives — or better, where the rendering missed short rules."""
import warnings
from types import SimpleNamespace

import camelot
import pytest

from budgetlib.read import extract
from budgetlib.read.filled_rules import _is_thin_filled_polygon, filled_polygon_rules_read
from budgetlib.read.locate import locate_tables, title_pages
from budgetlib.read.source import open_source
from conftest import REAL

REGIONS = REAL.parent / "regions"
GUANGZHOU = REGIONS / "广州-信访局_2026年部门预算.pdf"
XIAN_HEALTH = REGIONS / "西安-卫生健康委员会_2026年部门预算.pdf"


def cells_by_page(path, pages, engine):
    kwargs = {"engine": engine} if engine else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor="lattice", split_text=True,
                                  suppress_stdout=True, layout_kwargs={"boxes_flow": None}, **kwargs)
    out = {}
    for t in tables:
        out.setdefault(int(t.page), []).append([[c.text.strip() for c in row] for row in t.cells])
    return out


def path(*ops, fill=True, stroke=False, box=(42.0, 147.04, 798.0, 147.79)):
    x0, y0, x1, y1 = box
    return SimpleNamespace(original_path=[(op,) for op in ops], fill=fill, stroke=stroke, x0=x0, y0=y0, x1=x1, y1=y1)


def test_only_thin_filled_straight_edged_paths_are_rules():
    # 广州 p11's mitred rule: m l l l h, filled, 0.75 pt high
    assert _is_thin_filled_polygon(path("m", "l", "l", "l", "h"), 1.5)
    assert _is_thin_filled_polygon(path("m", "l", "l", "l", "h", box=(42.0, 402.86, 42.75, 419.21)), 1.5)
    assert not _is_thin_filled_polygon(path("m", "c", "l", "c", "h"), 1.5)  # a curve edge: not a polygon
    assert not _is_thin_filled_polygon(path("m", "l", "l", "l", "h", stroke=True), 1.5)  # stroked: camelot's own
    assert not _is_thin_filled_polygon(path("m", "l", "l", "l", "h", fill=False), 1.5)
    assert not _is_thin_filled_polygon(path("m", "l", "l", "l", "h", box=(0, 0, 1, 1)), 1.5)  # a dot
    assert not _is_thin_filled_polygon(path("m", "l", "l", "l", "h", box=(0, 0, 2, 300)), 1.5)  # a bar


def test_the_patch_is_undone_after_the_read():
    from camelot import image_processing

    saved = image_processing._ruled_lines_from_layout
    with filled_polygon_rules_read():
        assert image_processing._ruled_lines_from_layout is not saved
    assert image_processing._ruled_lines_from_layout is saved


@pytest.mark.slow
@pytest.mark.parametrize("pdf,window,found", [(GUANGZHOU, None, 16), (XIAN_HEALTH, [*range(28, 34), *range(140, 153)], 8)],
                         ids=["guangzhou", "xian-health"])
def test_polygon_rules_give_the_rendered_cells(pdf, window, found):
    """On every located page where camelot's vector engine alone finds no grid, the vector engine
    with polygon rules finds what rendering finds, cell for cell — except 广州 p16 and p17 (below);
    where it found grids already, nothing changes. 西安卫健 (171 pages) is read in a window of the
    pages where its grids start to be drawn as polygons (p145-p152 of its 决算 tables), for time."""
    source = open_source(pdf)
    pages = [p for p in locate_tables(source) if window is None or p in window]
    source.close()
    plain = cells_by_page(pdf, pages, "vector")
    with filled_polygon_rules_read():
        fast = cells_by_page(pdf, pages, "vector")
    assert {p: fast[p] for p in plain} == plain
    missed = [p for p in pages if p not in plain]
    rendered = cells_by_page(pdf, missed, None)
    differing = {p for p in missed if fast.get(p) != rendered.get(p)}
    assert differing == ({16, 17} if pdf == GUANGZHOU else set())
    assert len({p for p in missed if p in fast}) >= found  # 广州 p5-p20; 西安卫健 p145-p152


def test_short_rules_the_rendering_missed_part_the_zero_columns():
    """广州 p16 政府性基金预算支出情况表 prints one row, "合计 0.00 0.00 0.00", under 小计 | 其中：基本支出 |
    项目支出, each in its own ruled cell (the rules are 16 pt long, too short for the rendering read,
    which ran the three columns together)."""
    with filled_polygon_rules_read():
        grids = cells_by_page(GUANGZHOU, [16], "vector")[16]
    assert grids == [[["功能分类科目", "", "政府性基金预算支出", "", ""],
                      ["科目编码", "科目名称", "小计", "其中：基本支出", "项目支出"],
                      ["", "合计", "0.00", "0.00", "0.00"]]]


def test_guangzhou_needs_no_rendering(monkeypatch):
    """Every table page of 广州 is read from its vector rules: the rendering read is never asked."""
    renders = []
    real_read = extract._read

    def spy(source, pages, engine, flavor="lattice"):
        if flavor == "lattice" and engine is None:
            renders.append(pages)
        return real_read(source, pages, engine, flavor)

    monkeypatch.setattr(extract, "_read", spy)
    source = open_source(GUANGZHOU)
    titled = title_pages(source)
    grids = extract.read_grids(source, locate_tables(source, titled), titled)
    source.close()
    assert renders == []
    assert {g.page for g in grids} >= set(range(5, 21))
