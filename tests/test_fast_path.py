"""The fast path (render-free vector lattice, located pages only, cache) gives what the full
path gives. No timings here: speed is measured by benchmarks/bench_extract.py."""
import subprocess
import sys
import warnings

import camelot
import pytest

from budgetlib.read.extract import _draws_anything, _grid
from budgetlib.read.locate import locate_tables, title_pages
from budgetlib.read.source import open_source
from conftest import REAL, SAMPLE

PDFS = [SAMPLE, *sorted(REAL.glob("*.pdf"))]
REGIONS = REAL.parent / "regions"
# one document of each producer among the regions (WPS/Aspose, none, Suwell OFD, PDF24, Acrobat, iText;
# 广州 draws its rules as filled paths): every one of the 22 was compared when the change was made
PRODUCERS = [*PDFS, *(REGIONS / n for n in ("2026年苏州市审计局部门预算.pdf", "2026年杭州市交通运输局部门预算.pdf",
                                         "2026年深圳市民政局部门预算.pdf", "2026年烟台市统计局部门预算.pdf",
                                         "西安-气象局_2026年部门预算.pdf", "2026年长沙市公安局2025年部门预算.pdf",
                                         "广州-信访局_2026年部门预算.pdf"))]
GUANGZHOU = REGIONS / "广州-信访局_2026年部门预算.pdf"


def cells_by_page(path, pages, engine):
    kwargs = {"engine": engine} if engine else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor="lattice", split_text=True,
                                  suppress_stdout=True, **kwargs)
    out = {}
    for t in tables:
        out.setdefault(int(t.page), []).append([[c.text.strip() for c in row] for row in t.cells])
    return out


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem[:12])
def test_vector_engine_gives_the_rendered_cells(pdf):
    source = open_source(pdf)
    pages = locate_tables(source)
    source.close()
    fast, full = cells_by_page(pdf, pages, "vector"), cells_by_page(pdf, pages, None)
    differing = {p for p in set(fast) | set(full) if fast.get(p) != full.get(p)}
    if pdf.name == "江苏省高级人民法院2019年度部门预算公开.pdf":
        # p19 is a text page with a bar chart: rendering takes the chart's legend for a 3x7 table
        # (no amount in it); the vector engine rightly finds none. Every real table agrees.
        assert differing == {19} and 19 not in fast
        legend = [c for row in full[19][0] for c in row if c]
        assert set(legend) == {"基本支出", "项目支出", "预留机动经费"}
    else:
        assert differing == set()
    assert sum(map(len, fast.values())) >= 9


def test_warm_cache_reads_no_pdf_and_imports_no_camelot(tmp_path):
    code = (
        "import sys, budgetlib\n"
        f"budgetlib.load({str(SAMPLE)!r})\n"
        "assert 'camelot' not in sys.modules, 'warm path imported camelot'\n"
        "print('warm ok')\n"
    )
    env = {"BUDGETLIB_CACHE": str(tmp_path), "PATH": ""}
    cold = subprocess.run([sys.executable, "-c", f"import budgetlib; budgetlib.load({str(SAMPLE)!r})"],
                          capture_output=True, text=True, env=env)
    assert cold.returncode == 0, cold.stderr
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert warm.returncode == 0 and warm.stdout.strip() == "warm ok", warm.stderr


def test_cache_is_keyed_by_content_not_name(tmp_path, monkeypatch):
    import shutil

    import budgetlib
    import budgetlib.cache

    monkeypatch.setenv("BUDGETLIB_CACHE", str(tmp_path / "cache"))
    first = budgetlib.load(SAMPLE)
    copy = tmp_path / "renamed copy.pdf"
    shutil.copy(SAMPLE, copy)

    def no_extraction(*args, **kwargs):
        raise AssertionError("extracted again although the bytes are cached")

    monkeypatch.setattr(budgetlib.cache, "read_budget", no_extraction)
    second = budgetlib.load(copy)
    assert second.document["file"] == "renamed copy.pdf" and len(second.facts) == len(first.facts)


def test_cold_extract_imports_no_matplotlib(tmp_path):
    """camelot/__init__ imports camelot.plotting and with it matplotlib.pyplot; extraction
    draws no plot, so a cold extract must not pay for it."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['budgetlib', 'extract', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'out')!r}, '--no-cache']\n"
        "try:\n    runpy.run_module('budgetlib', run_name='__main__')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'camelot' in sys.modules, 'no camelot: not a cold extract'\n"
        "assert 'matplotlib' not in sys.modules, 'cold extract imported matplotlib'\n"
        "print('no matplotlib')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"BUDGETLIB_CACHE": str(tmp_path / "cache"), "PATH": "", "MPLBACKEND": "Agg"})
    assert done.returncode == 0 and done.stdout.strip().endswith("no matplotlib"), done.stderr[-2000:]
    assert (tmp_path / "out" / SAMPLE.stem / "facts.csv").is_file()


def test_camelot_plot_still_draws_after_the_stand_in(tmp_path):
    code = (
        "import sys\n"
        "from budgetlib.camelot_import import import_camelot\n"
        "camelot = import_camelot()\n"
        "assert 'matplotlib' not in sys.modules\n"
        f"t = camelot.read_pdf({str(SAMPLE)!r}, pages='3-8', flavor='lattice', engine='vector')[0]\n"
        "fig = camelot.plot(t, kind='grid')\n"
        "assert 'matplotlib.pyplot' in sys.modules and fig is not None\n"
        "print('plotted')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PATH": "", "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(tmp_path)})
    assert done.returncode == 0 and done.stdout.strip() == "plotted", done.stderr[-2000:]


def grids(path, pages, engine=None, layout_kwargs=None):
    """budgetlib's Grid records as camelot reads them, compared on text and geometry."""
    kwargs = {"engine": engine} if engine else {}
    if layout_kwargs is not None:
        kwargs["layout_kwargs"] = layout_kwargs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor="lattice", split_text=True,
                                  suppress_stdout=True, **kwargs)
    return [(g.page, g.bbox, g.cols, g.rows, g.text, g.origin)
            for g in (_grid(t, int(t.page), engine or "default") for t in tables)]


@pytest.mark.slow
@pytest.mark.parametrize("pdf", PRODUCERS, ids=lambda p: p.stem[:12])
def test_lean_layout_and_skipped_rendering_change_no_cell(pdf):
    """boxes_flow=None (no hierarchical grouping of text boxes) gives every grid's text and
    geometry unchanged; and a page the vector engine missed that draws nothing (no path, image
    or shading) renders no grid either, so skipping the rendering retry there loses nothing."""
    source = open_source(pdf)
    titled = title_pages(source)
    pages = locate_tables(source, titled)
    lean = grids(pdf, pages, "vector", {"boxes_flow": None})
    assert lean == grids(pdf, pages, "vector")
    found = {g[0] for g in lean}
    missed = [p for p in pages if p in titled and p not in found]
    undrawn = [p for p in missed if not _draws_anything(source, p)]
    drawn = [p for p in missed if p not in undrawn]
    source.close()
    if undrawn:
        assert grids(pdf, undrawn) == []
    rendered = grids(pdf, drawn, None, {"boxes_flow": None}) if drawn else []
    if drawn:  # the rendering retry still runs there, with the same lean layout
        assert rendered == grids(pdf, drawn)
    assert len(lean) + len(rendered) >= 3


def test_why_the_vector_engine_misses_guangzhou_grids():
    """广州信访局 draws every rule as a thin filled quadrilateral with mitred corners (a 5-point
    path, e.g. p11 (798,147)→(42,147)→(42,147.8)→(797.2,147.8)), which the PDF layout reports as a
    curve, not a line or a rectangle; camelot's vector engine reads only lines and rectangles, so
    it finds no grid on the table pages p11-18 (p11 is 表5 一般公共预算支出情况表（按功能分类科目）, its
    text layer: "合计 3,944.08 3,204.78 739.30"). The rendering read finds them; budgetlib reads them
    as vector rules instead (read/filled_rules.py, tests/test_filled_rules.py)."""
    import playa
    from camelot.image_processing import _walk_layout_objects, find_lines_from_layout
    from camelot.utils import get_page_layout
    from playa.miner import LTCurve

    with playa.open(str(GUANGZHOU), space="page") as pdf:
        layout, _ = get_page_layout(pdf.pages[10])
    curves = [o for o in _walk_layout_objects(layout) if isinstance(o, LTCurve)]
    assert len(curves) > 100 and all(min(c.width, c.height) < 1 and c.fill and not c.stroke for c in curves)
    assert find_lines_from_layout(layout, "horizontal") == [] == find_lines_from_layout(layout, "vertical")
    source = open_source(GUANGZHOU)
    assert _draws_anything(source, 11)
    source.close()
    rendered = grids(GUANGZHOU, [11], None, {"boxes_flow": None})
    assert rendered and any("3,944.08" in cell for g in rendered for row in g[4] for cell in row)


@pytest.mark.parametrize("polygon_rules", [True, False], ids=["polygon-rules", "rendering-retry"])
def test_a_table_running_on_past_a_page_the_vector_engine_misses_is_rendered(polygon_rules, monkeypatch):
    """广州信访局 表6 一般公共预算基本支出情况表 runs from p12 onto p13, which has no title; its
    rules are filled paths (above). Read as vector rules, or — with that reading switched off, as on
    a document whose rules the vector engine cannot read at all — by the rendering retry of a page
    that follows a page with a grid, p13's rows are all there. p13 prints
    "[30227]委托业务费 36.00 … [30399]其他对个人和家庭的补助 0.55 [310]资本性支出 2.80 [31002]办公设备购置 2.80"."""
    from contextlib import nullcontext

    from budgetlib import read_budget
    from budgetlib.read import extract

    if not polygon_rules:
        monkeypatch.setattr(extract, "filled_polygon_rules_read", nullcontext)
    facts = read_budget(GUANGZHOU).facts
    p13 = facts[facts["page"] == 13]
    got = {f"[{c}]{n}": a for c, n, a in zip(p13["code"], p13["name"], p13["amount"].map(str))}  # code out of the name cell
    assert set(p13["table"]) == {"gpb_basic_by_economic"}
    assert got == {"[30227]委托业务费": "36.00", "[30228]工会经费": "28.00", "[30231]公务用车运行维护费": "2.50",
                   "[30239]其他交通费用": "65.19", "[30299]其他商品和服务支出": "22.52",
                   "[303]对个人和家庭的补助": "352.35", "[30302]退休费": "347.84", "[30309]奖励金": "3.96",
                   "[30399]其他对个人和家庭的补助": "0.55", "[310]资本性支出": "2.80", "[31002]办公设备购置": "2.80"}
