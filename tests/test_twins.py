"""Twins of real documents with their rules taken away (tests/twins.py), read cell for cell
against the hand-checked facts of the ruled original (issue #16 item 6).

State measured when these were written: the unruled reading (camelot stream) does NOT yet match —
the sample's twins ("h" and "none" alike) give 164 facts of which 6 equal the 747 true ones; the
losses are reported on most pages (coverage warnings: 第 N 页印出的 M 个数字既不在 facts 中，也不在 residue 中),
but not on pages 12, 15, 20, 21, 25, and wrapped labels split over columns (名称 "中共深圳市罗湖区委宣传"
with "部" read as its code) are not reported at all. The xfail tests
turn into passes (strict: then drop the mark) when the reader handles it."""
import csv
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from budgetlib import read_budget
from twins import make_twin, strip_rules

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "luohu-2024-budget.pdf"
TRUTH = Path(__file__).parent / "data" / "luohu-2024" / "facts.csv"
KEY = ["table", "unit", "code", "name", "measure", "amount"]  # the truth file has no page


@pytest.fixture(scope="session")
def sample_twins(tmp_path_factory):
    folder = tmp_path_factory.mktemp("twins")
    return {kind: make_twin(SAMPLE, folder / f"luohu-{kind}.pdf", kind) for kind in ("h", "none")}


@pytest.fixture(scope="session")
def sample_unruled(sample_twins):
    return read_budget(sample_twins["none"])


def _edges(path: Path, page: int) -> tuple[int, int, str]:
    """(vertical rules, horizontal rules, text) of a page, as pdfplumber sees them."""
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page - 1]
        edges = p.edges
        return (sum(e["orientation"] == "v" for e in edges), sum(e["orientation"] == "h" for e in edges),
                p.extract_text())


def test_twins_take_rules_away_and_keep_the_text(sample_twins):
    # page 10 of the sample (表二：收入总表) is a ruled grid: rules both ways
    v, h, text = _edges(SAMPLE, 10)
    assert v > 10 and h > 5 and "表二：收入总表" in text
    assert _edges(sample_twins["h"], 10) == (0, h, text)
    assert _edges(sample_twins["none"], 10) == (0, 0, text)


def test_strip_rules_keeps_clips_text_and_wide_fills():
    clip = b"0 0 m 100 0 l 100 10 l 0 10 l h W n "
    text = b"BT /F1 9 Tf (a(b)c) Tj ET "
    fill = b"0 0 100 20 re f "
    stream = clip + text + fill + b"5 5 m 5 50 l 5 50 m 90 50 l S 0 0 0.5 80 re f 0 0 80 0.5 re f"
    assert strip_rules(stream, "none") == clip + text + fill + b"5 5 m 5.000 50.000 m 5 50 m 90.000 50.000 m S  f  f"
    assert strip_rules(stream, "h") == clip + text + fill + b"5 5 m 5.000 50.000 m 5 50 m 90 50 l S  f 0 0 80 0.5 re f"


def _truth() -> Counter:
    with open(TRUTH, encoding="utf-8") as f:
        return Counter(tuple(r[k] for k in KEY) for r in csv.DictReader(f))


def _cells(budget, key=KEY) -> Counter:
    return Counter(tuple(str(r[k]) for k in key) for r in budget.facts[key].to_dict("records"))


@pytest.mark.xfail(strict=True, reason="unruled reading: 6 of 747 facts equal (see the module doc)")
def test_sample_without_rules_reads_as_the_ruled_sample(sample_unruled):
    assert _cells(sample_unruled) == _truth()


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="unruled reading: 6 of 747 facts equal (see the module doc)")
def test_sample_with_horizontal_rules_only_reads_as_the_ruled_sample(sample_twins):
    assert _cells(read_budget(sample_twins["h"])) == _truth()


def test_lost_cells_of_the_unruled_sample_are_reported(sample, sample_unruled):
    """Every fact of the ruled sample (equal to the truth: test_truth.py) that the twin lacks is on
    a page with a non-info finding (never silent): a stream read is an ``unruled_table`` warning
    (pages 20, 21 keep every amount but under wrong labels), and the untitled pages after it where
    nothing is read (12, 15, 25) get ``coverage`` warnings."""
    twin = sample_unruled
    key = KEY + ["page"]
    lost_pages = {int(k[6]) for k in (_cells(sample, key) - _cells(twin, key))}
    flagged = {f["page"] for f in twin.findings if f["severity"] != "info"}
    assert lost_pages <= flagged, sorted(lost_pages - flagged)
