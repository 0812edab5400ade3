"""HTML reports: the figures, the charts, escaped document text, sections a document lacks."""
import re
import subprocess
import sys

import pytest

from budgetlib import load
from conftest import REAL, SAMPLE
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows


def report(tmp_path, *pdfs):
    r = subprocess.run([sys.executable, "-m", "budgetlib", "report", *map(str, pdfs), "-o", str(tmp_path / "reports")],
                       capture_output=True, text=True, timeout=600)
    return r


REAL_RENDERED = ["上海市财政局25年预算.pdf"]  # in 元; every real document's charts: test_charts.py


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The HTML of every document these tests read, rendered by one ``budgetlib report`` call (as
    a user renders a folder): the sample, a generated document with hostile text in its cells,
    one with a single table, and a real document."""
    tmp = tmp_path_factory.mktemp("report")
    rows = expense_rows({(3, 1): "<script>alert(1)</script>", (4, 1): "<img src=x onerror=alert(2)>"})
    hostile = budget_pdf(tmp / "hostile.pdf", [("表三：支出总表", EXPENSE_HEADER, rows)])
    bare = budget_pdf(tmp / "bare.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())])
    r = report(tmp, SAMPLE, hostile, bare, *(REAL / name for name in REAL_RENDERED))
    assert r.returncode == 0, r.stderr
    return {p.name: p.read_text(encoding="utf-8") for p in (tmp / "reports").glob("*.html")}


@pytest.fixture(scope="module")
def sample_html(rendered):
    return rendered[f"{SAMPLE.stem}.html"]


def test_report_shows_the_key_figures(sample_html):
    for figure in ("667.95", "-68.66", "-9.3", "736.61", "310.30", "+0.39", "文字未说明",
                   "新闻发布业务工作", "网信工作", "基层党组织党建工作", "预算准备金", "人民网罗湖新闻发布厅"):
        assert figure in sample_html, figure


def test_report_is_self_contained(sample_html):
    assert len(re.findall(r"<img [^>]*src=\"data:image/png;base64,", sample_html)) == 6
    assert not re.search(r"<script[^>]*src=", sample_html)
    assert not re.search(r"<(link|img)[^>]*(href|src)=\"https?:", sample_html)


def test_document_text_is_escaped(rendered):
    html = rendered["hostile.html"]
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.replace("&lt;script", "")  # the template itself carries no script either


def test_sections_a_document_lacks_are_explained(rendered):
    html = rendered["bare.html"]
    assert "没有给出与上年比较的金额" in html
    assert "没有“三公”经费表" in html
    assert "一般公共服务支出" in html  # composition still drawn from 支出总表


@pytest.mark.parametrize("name", REAL_RENDERED)
def test_real_documents_render(rendered, name):
    html = rendered[name.replace(".pdf", ".html")]
    assert "支出构成" in html and "data:image/png;base64," in html


def test_refused_document_gives_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf", encoding="utf-8")
    r = report(tmp_path, bad)
    assert r.returncode == 1
    assert f"error: {bad}: not a PDF (no %PDF header)" in r.stderr.splitlines()
    assert not (tmp_path / "reports" / "bad.html").exists()


def test_first_screen_then_charts_then_tables_then_checks(sample_html):
    # p.4 of the sample: "部门预算支出667.95万元,较2023年年初预算减少68.66万元,减少9.3%"
    images = [m.start() for m in re.finditer(r"<img [^>]*src=\"data:image/png;base64,", sample_html)]
    head = sample_html[sample_html.index("<main"): images[0]]
    for text in ("深圳市罗湖区互联网信息中心", "2024", "预算", "667.95 万元", "−68.66 万元，−9.3%", "defect", "warning"):
        assert text in head, text
    assert re.search(r"另有 \d+ 条 info", head)  # rounding collapsed into one line
    assert head.index("defect") < head.index("warning")
    first_table = re.search(r"<h3[^>]*>表三：支出总表", sample_html).start()
    assert images[-1] < first_table < sample_html.index("<details>")
    body = sample_html[sample_html.index("<main"): sample_html.index("<details>")]
    assert ">NaN<" not in sample_html and "<th>measure</th>" not in body


def test_printed_tables_have_thousands_separators():
    from budgetlib.cache import load
    from budgetlib.report import layout

    # 上海市财政局25年预算.pdf, 支出总表: 2010601 行政运行 合计 84,861,719 (元)
    t = layout.printed_table(load(REAL / "上海市财政局25年预算.pdf"), "expense_summary")
    row = t[t["科目编码"] == "2010601"].iloc[0]
    assert row["合计"] == "84,861,719" and row["项目支出"] == ""
    assert list(t.columns[:2]) == ["科目编码", "科目名称"] and not t.isna().any().any()


def test_budget_html_summary_escapes_document_text(tmp_path):
    from dataclasses import replace

    from budgetlib.cache import load

    b = load(SAMPLE)
    html = b._repr_html_()
    assert "深圳市罗湖区互联网信息中心" in html and "747 facts" in html and "expense_summary" in html
    hostile = replace(b, document=replace(b.document, unit="<script>alert(1)</script>"))
    assert "<script>" not in hostile._repr_html_() and "&lt;script&gt;" in hostile._repr_html_()
    assert repr(b).startswith("<Budget 'luohu-2024-budget.pdf'")


def test_first_screen_names_a_grand_total_as_the_text_does():
    """普陀's 决算 states 收入支出总计2995.39万元 (p21), which holds what is carried into next year
    (本年支出合计 is 2,940.05): the first screen must not call it 支出总额. The sample states
    部门预算支出667.95万元 (p4): 支出总额."""
    from budgetlib.report.layout import first_screen, total_label

    assert total_label("上海市普陀区财政局2024年度收入支出总计2995.39万元。") == "收入支出总计"
    assert total_label("杭州市交通运输局2026年收支总预算665964.37万元。") == "收支总预算"
    assert total_label("2024年深圳市罗湖区互联网信息中心部门预算支出667.95万元") == "支出总额"
    screen = first_screen(load(REAL / "上海市普陀区财政局2024年度部门决算.pdf"))._repr_html_()
    assert "<th style='text-align:left;padding-right:1.5em'>收入支出总计</th><td style='text-align:left'><b>2,995.39 万元</b>（文字第 21 页）" in screen
    assert "支出总额" not in screen
