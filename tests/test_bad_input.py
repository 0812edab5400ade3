"""Bad and hostile input: each case builds its own file and has one defined behaviour."""
import csv
import shutil
import subprocess
import sys
import threading
from collections import Counter

import pytest

from budgetlib import BudgetInputError, PasswordRequired, read_budget
from conftest import SAMPLE
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows, image_pdf, text_pdf


def cli(*args):
    return subprocess.run([sys.executable, "-m", "budgetlib", *map(str, args)], capture_output=True, text=True)


def refused(tmp_path, pdf, *extra):
    """Run extract; assert one line on stderr, exit 1, no output folder; return the line."""
    out = tmp_path / "out"
    r = cli("extract", pdf, "-o", out, *extra)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert not (out / pdf.stem).exists(), "a refused document left output behind"
    assert not out.exists() or not any(out.iterdir())
    return lines[0]


def test_empty_file(tmp_path):
    pdf = tmp_path / "empty.pdf"
    pdf.write_bytes(b"")
    assert refused(tmp_path, pdf) == f"error: {pdf}: empty file"


def test_html_named_pdf(tmp_path):
    pdf = tmp_path / "page.pdf"
    pdf.write_text("<!doctype html><script>alert(1)</script>", encoding="utf-8")
    assert refused(tmp_path, pdf) == f"error: {pdf}: not a PDF (no %PDF header)"


def test_truncated_pdf(tmp_path):
    data = SAMPLE.read_bytes()
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(data[: len(data) * 6 // 10])
    assert refused(tmp_path, pdf).startswith(f"error: {pdf}: damaged or truncated PDF (")


def test_damaged_xref_is_rebuilt_and_reported(tmp_path):
    data = SAMPLE.read_bytes()
    at = data.rindex(b"startxref") + len(b"startxref\n")
    pdf = tmp_path / "xref.pdf"
    pdf.write_bytes(data[:at] + b"12345" + data[at:].lstrip(b"0123456789"))
    b = read_budget(pdf)
    assert len(b.facts) == 747
    assert [f["rule"] for f in b.findings if f["rule"] == "repaired_xref"] == ["repaired_xref"]


def test_encrypted_with_empty_user_password_is_read(tmp_path):
    pdf = budget_pdf(tmp_path / "open.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())], password="")
    b = read_budget(pdf)
    assert b.table("expense_summary")["amount"].map(str).tolist()[:3] == ["30.00", "10.00", "20.00"]


def test_encrypted_with_password(tmp_path):
    pdf = budget_pdf(tmp_path / "locked.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())], password="s3cret")
    line = refused(tmp_path, pdf)
    assert line == f"error: {pdf}: encrypted; give its password with --password"
    assert refused(tmp_path, pdf, "--password", "wrong") == f"error: {pdf}: wrong password"
    r = cli("extract", pdf, "-o", tmp_path / "ok", "--password", "s3cret")
    assert r.returncode == 0 and "15 facts" in r.stdout, r.stderr
    # the result is not cached where the next caller would get it without the password
    assert refused(tmp_path, pdf) == line
    with pytest.raises(PasswordRequired):
        read_budget(pdf)


def test_scanned_pdf_without_text(tmp_path):
    pdf = image_pdf(tmp_path / "scan.pdf")
    assert refused(tmp_path, pdf) == f"error: {pdf}: no text layer (a scanned image?); OCR is not attempted"


def test_text_but_no_budget_tables(tmp_path):
    pdf = text_pdf(tmp_path / "letter.pdf", ["关于开展调研工作的通知", "各单位：请于本月底前报送材料。"])
    line = refused(tmp_path, pdf)
    assert line.startswith(f"error: {pdf}: no budget tables found")


def test_a_text_part_published_without_its_tables_is_read(tmp_path):
    # about a tenth of the published 说明 carry their tables in a separate file: the sample's text
    # part alone (pages 1–7: cover, 目录, 说明) is read, not refused, and says what could not be checked
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SAMPLE))
    part = pdfium.PdfDocument.new()
    part.import_pages(src, list(range(0, 7)))
    pdf = tmp_path / "text.pdf"
    part.save(str(pdf))
    r = cli("extract", pdf, "-o", tmp_path / "out")
    assert r.returncode == 0 and r.stdout.startswith("text.pdf: 0 tables, 0 facts"), r.stderr
    b = read_budget(pdf)
    assert b.facts.empty
    # p4: "部门预算收入667.95万元，较2023年年初预算减少68.66万元，减少9.3%"
    assert [(str(b.narrative.value(k)), b.narrative.get(k).page) for k in
            ("totals.income", "totals.expense_change", "totals.expense_change_pct")] == \
        [("667.95", 4), ("-68.66", 4), ("-9.3", 4)]
    serious = sorted((f["rule"], f["page"] or 0) for f in b.findings if f["severity"] != "info")
    # the full sample's one text warning (p4's reasons add to -69.05 for a change of -68.66) stays
    assert serious == [("text_change_reasons", 4), ("text_only", 0)]
    note = next(f for f in b.findings if f["rule"] == "text_only")
    assert note["severity"] == "warning" and "没有印出公开表" in note["message"]
    assert not any(f["rule"] in ("table_missing", "table_not_published") for f in b.findings)


def test_missing_standard_tables_are_listed(tmp_path):
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SAMPLE))
    part = pdfium.PdfDocument.new()
    part.import_pages(src, list(range(0, 19)))  # cover … 表九; 表十 to 表十四 left out
    pdf = tmp_path / "part.pdf"
    part.save(str(pdf))
    b = read_budget(pdf)
    missing = sorted(f["table"] for f in b.findings if f["rule"] == "table_missing")
    assert missing == sorted(["gov_fund_budget", "soe_capital_budget", "transfer_payments", "procurement",
                              "performance_targets"])
    present = {"income_expense_summary", "income_summary", "expense_summary", "basic_expense", "project_expense",
               "gov_funds_summary", "gpb_by_function", "gpb_by_economic", "three_public"}
    assert set(b.facts["table"]) == present
    r = cli("extract", pdf, "-o", tmp_path / "out")
    assert "announced but not found: gov_fund_budget, soe_capital_budget" in r.stdout


def test_a_table_that_adds_up_yields_no_finding(tmp_path):
    b = read_budget(budget_pdf(tmp_path / "clean.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())]))
    # the generated document has no text part (its one text page says 第一部分 部门概况): an info says so
    assert [(f["rule"], f["severity"]) for f in b.findings] == [("no_text_part", "info")]
    assert {c["rule"] for c in b.checks} == {"parent_sum", "total_row_sum", "row_total_sum"}
    assert {c["status"] for c in b.checks} == {"ok"}


def test_table_that_does_not_add_up(tmp_path):
    rows = expense_rows({(3, 2): "12.00"})  # 2010101 支出总计 10.00 printed as 12.00
    b = read_budget(budget_pdf(tmp_path / "wrong.pdf", [("表三：支出总表", EXPENSE_HEADER, rows)]))
    defects = [f for f in b.findings if f["severity"] == "defect"]
    assert {(f["rule"], f["printed"], f["expected"]) for f in defects} >= {
        ("parent_sum", "30.00", "32.00"), ("row_total_sum", "12.00", "10.00")}
    assert all(f["page"] == 3 and f["table"] == "expense_summary" for f in defects)
    assert len(b.facts) == 15  # extraction continued


@pytest.mark.parametrize("printed, rule, severity", [
    ("1,23.4", "malformed_amount", "warning"), ("—", "dash_cell", "info"), ("-", "dash_cell", "info"),
    ("/", "dash_cell", "info"), ("－", "dash_cell", "info"),
])
def test_malformed_numbers_are_findings_and_residue(tmp_path, printed, rule, severity):
    rows = expense_rows({(4, 3): printed})
    b = read_budget(budget_pdf(tmp_path / "odd.pdf", [("表三：支出总表", EXPENSE_HEADER, rows)]))
    hits = [f for f in b.findings if f["rule"] == rule]
    assert [(f["severity"], f["page"], f["printed"]) for f in hits] == [(severity, 3, printed)]
    assert b.residue["text"].tolist().count(printed) == 1
    assert len(b.facts) == 14  # every other cell still extracted


def test_parenthesised_negative(tmp_path):
    rows = expense_rows({(4, 3): "（12.5）"})
    b = read_budget(budget_pdf(tmp_path / "neg.pdf", [("表三：支出总表", EXPENSE_HEADER, rows)]))
    f = b.table("expense_summary")
    assert str(f[(f["code"] == "2010102") & (f["measure"] == "基本支出")]["amount"].iloc[0]) == "-12.5"
    assert "parenthesised_negative" in {x["rule"] for x in b.findings}


def test_unknown_code(tmp_path):
    rows = expense_rows({(4, 0): "2010188"})
    b = read_budget(budget_pdf(tmp_path / "code.pdf", [("表三：支出总表", EXPENSE_HEADER, rows)]))
    assert [f["printed"] for f in b.findings if f["rule"] == "unknown_code"] == ["2010188"]


def test_script_in_a_cell_is_kept_verbatim(tmp_path):
    rows = expense_rows({(4, 1): "<script>alert(1)</script>"})
    b = read_budget(budget_pdf(tmp_path / "xss.pdf", [("表三：支出总表", EXPENSE_HEADER, rows)]))
    assert "<script>alert(1)</script>" in set(b.facts["name"])


@pytest.mark.parametrize("name", ["罗湖 预算 2024.pdf", "it's \"quoted\".pdf", "空格 与'引号'.pdf"])
def test_awkward_file_names(tmp_path, name):
    pdf = tmp_path / name
    shutil.copy(SAMPLE, pdf)
    r = cli("extract", pdf, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / pdf.stem / "facts.csv").is_file()


def test_concurrent_runs_into_one_folder(tmp_path, truth_rows):
    out = tmp_path / "out"
    results = []
    runs = [threading.Thread(target=lambda: results.append(cli("extract", SAMPLE, "-o", out))) for _ in range(3)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    assert [r.returncode for r in results] == [0, 0, 0]
    with open(out / SAMPLE.stem / "facts.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    key = lambda r: tuple(r[k] for k in ("table", "unit", "code", "name", "measure", "amount"))  # noqa: E731
    assert Counter(map(key, rows)) == Counter(map(key, truth_rows))
    assert sorted(p.name for p in out.iterdir()) == [SAMPLE.stem]


def test_page_limit(tmp_path):
    pdf = text_pdf(tmp_path / "long.pdf", ["表三：支出总表"], pages=30)
    assert refused(tmp_path, pdf, "--max-pages", "20") == (
        f"error: {pdf}: 30 pages, more than the page limit of 20 (raise it with --max-pages)")
    with pytest.raises(BudgetInputError, match="page limit"):
        read_budget(pdf, max_pages=20)
