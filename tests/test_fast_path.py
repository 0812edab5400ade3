"""The fast path (render-free vector lattice, located pages only, cache) gives what the full
path gives. No timings here: speed is measured by benchmarks/bench_extract.py."""
import subprocess
import sys
import warnings

import camelot
import pytest

from budgetlib.read.locate import locate_tables
from budgetlib.read.source import open_source
from conftest import REAL, SAMPLE

PDFS = [SAMPLE, *sorted(REAL.glob("*.pdf"))]


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
