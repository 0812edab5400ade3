"""Twins of real documents with their rules taken away (tests/twins.py), read cell for cell
against the hand-checked facts of the ruled original (issue #16 item 6).

Twin "h" (horizontal rules only) is read by ``budgetlib.read.hrules``: rows from the rules,
columns from the text. The sample's twin gives all 747 facts of the truth file cell for cell, and
the twins of the four real documents with hand-checked cells give every truth cell of their
tables (杭州's and 烟台's two-sided 收支总表 under 收入 | 支出, 苏州's 收入总表 under two group headers
whose underlines join, 苏州's 支出总表 running on to a page that prints no header). Each page read
so has an ``unruled_table`` warning (its columns are inferred from text positions; no vertical
rule confirms them).

Twin "none" (no rules at all) is read by ``budgetlib.read.lines.read_unruled``: rows from the
text lines (a boundary in each gap between lines, none where lines overlap or are much closer
than the table's usual gap: one wrapped cell; a header band whose lines hold a group header — 烟台
表6's 基本支出预算, 广州 表5's 一般公共预算支出 — is split into a row per line), columns from the text
as for twin "h". The twins of all four real documents give every truth cell of their tables;
the sample's does not yet: 554 of 747 facts (its narrow columns wrap amounts over two lines and
print headers one character per line). Its losses are never silent: each such page has an
``unruled_table`` warning, or a ``coverage`` warning (an untitled page after it). The xfail
tests turn into passes (strict: then drop the mark) when the reader handles them."""
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


@pytest.fixture(scope="session")
def sample_hrules(sample_twins):
    return read_budget(sample_twins["h"])


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
    return _fact_cells(budget.facts, key)


def _fact_cells(facts, key=KEY) -> Counter:
    return Counter(tuple(str(r[k]) for k in key) for r in facts[key].to_dict("records"))


@pytest.mark.xfail(strict=True, reason="unruled reading: 554 of 747 facts equal (see the module doc)")
def test_sample_without_rules_reads_as_the_ruled_sample(sample_unruled):
    assert _cells(sample_unruled) == _truth()


@pytest.mark.slow
def test_sample_with_horizontal_rules_only_reads_as_the_ruled_sample(sample_hrules):
    assert _cells(sample_hrules) == _truth()


TRUTH_REAL = Path(__file__).parent / "data" / "truth"
REGIONS = Path(__file__).parent / "data" / "regions"
REAL_TWINS = {  # the documents with hand-checked cells (tests/data/truth) and the tables they cover
    "hangzhou-jtysj": "2026年杭州市交通运输局部门预算.pdf",
    "yantai-tjj": "2026年烟台市统计局部门预算.pdf",
    "guangzhou-xfj": "广州-信访局_2026年部门预算.pdf",
    "suzhou-swj": "2026年苏州市水务局部门预算.pdf",
}


# without rules all four; with horizontal rules the two whose rules carry what the text cannot: 杭州's
# two-sided 收支总表 (收入 | 支出 over a repeating header), 苏州's joined group underlines and its
# 支出总表 running on to a page with no header (烟台's and 广州's h twins read as their truth too:
# kept out of the suite for its time)
TWIN_CASES = [(doc, "none") for doc in sorted(REAL_TWINS)] + [("hangzhou-jtysj", "h"), ("suzhou-swj", "h")]


@pytest.mark.slow
@pytest.mark.parametrize("doc,kind", TWIN_CASES)
def test_real_documents_without_vertical_rules_read_as_their_truth(doc, kind, tmp_path):
    twin = make_twin(REGIONS / REAL_TWINS[doc], tmp_path / f"{doc}-{kind}.pdf", kind)
    with open(TRUTH_REAL / doc / "facts.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    budget = read_budget(twin)
    # each page of the truth is read as a table without vertical rules (its columns from the text)
    unruled = {f["page"] for f in budget.findings if f["rule"] == "unruled_table"}
    assert {int(r["page"]) for r in rows} <= unruled
    facts = budget.facts
    got = _fact_cells(facts[facts["table"].isin({r["table"] for r in rows})])
    truth = Counter(tuple(r[k] for k in KEY) for r in rows)
    assert got == truth, (sorted((truth - got).elements())[:5], sorted((got - truth).elements())[:5])


@pytest.mark.slow
def test_horizontal_rules_twin_reads_pages_9_to_23_as_the_ruled_sample(sample, sample_hrules):
    """Every table page but the performance targets' (24-25) gives the ruled sample's facts (equal
    to the truth: test_truth.py), page for page."""
    key = KEY + ["page"]
    ruled, twin = _cells(sample, key), _cells(sample_hrules, key)
    keep = lambda c: Counter({k: n for k, n in c.items() if int(k[6]) < 24})  # noqa: E731
    assert sum(keep(ruled).values()) == 726
    assert keep(twin) == keep(ruled)


@pytest.mark.slow
def test_horizontal_rules_twin_reads_wrapped_amounts_and_group_headers(sample_hrules):
    """Page 10 (表二：收入总表) prints its amounts wrapped in narrow columns under a header three
    groups deep (pdftotext -layout of the twin):
                     66 66 35 31 0. 0 0 0 0 0 0 0 0 0
    中共深圳市委宣传部                                                                   0.00
                   7.95 7.95 7.65 0.30 00 .00 .00 .00 .00 .00 .00 .00 .00 .00
    and page 16 (表六：政府预算拨款收支总表) is two-sided: 收入 | 支出 over 项目 | 2024 年预算数 twice:
    政府预算资金                     667.95 一般公共服务支出                    532.13"""
    f = sample_hrules.facts.astype(str)
    p10 = f[(f.page == "10") & (f.unit == "中共深圳市委宣传部")]
    zero = ["财政专项资金拨款", "政府投资项目拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "财政专户管理资金",
            "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转"]
    assert dict(zip(p10.measure, p10.amount)) == {"总计": "667.95", "小计": "667.95", "基本支出拨款": "357.65",
                                                  "履职类项目拨款": "310.30", **{m: "0.00" for m in zero}}
    p16 = f[f.page == "16"]
    assert {(n, a) for n, a in zip(p16.name, p16.amount)} >= {("收入:政府预算资金", "667.95"),
                                                               ("支出:一般公共服务支出", "532.13")}
    assert set(p16.measure) == {"2024年预算数"}
    # columns inferred from text alone (no vertical rule confirms them) are for a reviewer to check
    assert {(x["rule"], x["severity"], x["page"]) for x in sample_hrules.findings
            if x["page"] in (10, 16) and x["severity"] != "info"} == {("unruled_table", "warning", 10),
                                                                     ("unruled_table", "warning", 16)}


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


def test_layout_bands_and_touching_cells():
    """A column-number band (栏次 | 1 | 2 | 3) is header, not data; a label run up to the amount of
    the next cell (西安 表1: 人员经费和公用经费支出1839311.66) is two cells' texts."""
    from budgetlib.read.text_runs import Run, is_column_numbers, part_runs

    band = lambda *texts: [Run(10.0 * i, 10.0 * i + 5, 0, t, 9) for i, t in enumerate(texts)]  # noqa: E731
    assert is_column_numbers(band("栏次", "1", "2", "3"))
    assert is_column_numbers(band("1", "2", "3", "4"))
    assert not is_column_numbers(band("合计", "1", "2"))  # a data row that prints whole numbers
    assert not is_column_numbers(band("3", "5"))
    chars = [{"text": ch, "x0": 6.0 * i, "x1": 6.0 * i + 6, "top": 0.0, "bottom": 9.0}
             for i, ch in enumerate("公用经费支出1839311.66")]
    assert [r.text for r in part_runs(chars)] == ["公用经费支出", "1839311.66"]
    chars = [{"text": ch, "x0": 6.0 * i, "x1": 6.0 * i + 6, "top": 0.0, "bottom": 9.0} for i, ch in enumerate("2024年预算数")]
    assert [r.text for r in part_runs(chars)] == ["2024年预算数"]


def test_twin_of_a_turned_page_keeps_its_displayed_horizontals(tmp_path):
    """江苏人大's pages are turned a quarter (/Rotate 90): the rules shown across the page are
    upright in its content, and twin "h" keeps them (and drops the displayed verticals)."""
    src = Path(__file__).parent / "data" / "real" / "江苏省人大常委会办公厅2019年部门预算公开表.pdf"
    twin = make_twin(src, tmp_path / "jiangsu-h.pdf", "h")
    def rules(page, upright):  # the rules are thin filled boxes, as displayed
        return [r for r in page.rects if (r["width"] < 2 < 5 < r["height"]) == upright and min(r["width"], r["height"]) < 2]

    with pdfplumber.open(src) as a, pdfplumber.open(twin) as b:
        assert a.pages[0].rotation == 90 and len(rules(a.pages[0], True)) >= 5
        assert len(rules(b.pages[0], False)) == len(rules(a.pages[0], False)) >= 5 and not rules(b.pages[0], True)
