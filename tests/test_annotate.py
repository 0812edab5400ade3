"""audit --annotate: a copy of the PDF with each finding boxed on its page, the message as note;
read back with pdfplumber (another reader than the one that wrote them)."""
import hashlib
import subprocess
import sys

import pdfplumber
import pypdfium2 as pdfium

from budgetlib import read_budget
from budgetlib.report.annotate import annotate_pdf
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

TEXT = "第二部分 部门预算收支总体情况\n2024年测试局部门预算支出30.00万元，较2023年年初预算减少1.00万元，减少3.2%。"


def planted(tmp_path):
    # 201 一般公共服务支出 prints 11.00 under 支出总计 although 20101 below it is 30.00
    pdf = budget_pdf(tmp_path / "planted.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows({(1, 2): "11.00"}))],
                     text=TEXT)
    return pdf


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def squares(path):
    with pdfplumber.open(path) as pdf:
        return [(page.page_number, a["data"]["Rect"], a["contents"]) for page in pdf.pages for a in page.annots
                if a["data"]["Subtype"].name == "Square"]


def text_box(path, page_number, needle):
    """The printed text's box in the page's space, found by pdfium's text search (pdfplumber
    reads no words from these CID fonts)."""
    doc = pdfium.PdfDocument(str(path))
    text = doc[page_number - 1].get_textpage()
    start, count = text.search(needle).get_next()
    boxes = [text.get_charbox(i) for i in range(start, start + count)]
    doc.close()
    return (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes), max(x[3] for x in boxes))


def test_the_planted_cell_is_boxed_with_the_message(tmp_path):
    pdf = planted(tmp_path)
    before = hashlib.sha256(pdf.read_bytes()).hexdigest()
    b = read_budget(pdf)
    (f,) = [f for f in b.findings if f["rule"] == "parent_sum" and f["severity"] == "defect" and f["printed"] == "11.00"]
    out = annotate_pdf(b, tmp_path / "out")
    assert out.name == "planted.annotated.pdf"
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == before
    cell = text_box(pdf, 3, "11.00")
    boxed = [(p, rect) for p, rect, text in squares(out) if text == f["message"]]
    assert boxed and all(p == 3 for p, _ in boxed)
    assert any(overlaps(rect, cell) for _, rect in boxed), (boxed, cell)
    assert squares(pdf) == []


def test_a_text_finding_is_boxed_on_its_sentence(tmp_path):
    pdf = budget_pdf(tmp_path / "text.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())],
                     text=TEXT.replace("支出30.00万元", "支出31.00万元"))
    b = read_budget(pdf)
    (f,) = [f for f in b.findings if f["rule"] == "text_total"]
    out = annotate_pdf(b, tmp_path)
    (page, rect, _), = [s for s in squares(out) if s[2] == f["message"]]
    assert overlaps(rect, text_box(pdf, 2, "31.00")), rect
    assert page == 2


def test_audit_annotate_writes_the_copy_into_the_folder(tmp_path):
    pdf = planted(tmp_path)
    run = subprocess.run([sys.executable, "-m", "budgetlib", "audit", str(pdf), "--annotate", "-o", str(tmp_path / "a")],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr  # the planted defect
    assert (tmp_path / "a" / "planted.annotated.pdf").is_file()
    assert "annotated copy" in run.stdout
