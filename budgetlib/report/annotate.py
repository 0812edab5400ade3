"""A copy of the PDF with each finding drawn on its page: a box on the printed cell (or on the
figure in the text), the finding's message as the annotation's note. The original is never
written to; the copy is ``<stem>.annotated.pdf``.

Annotations are made with pdfium (already the reader): a /Square on the figure and a /Text note
beside it, both carrying the message as /Contents.
"""
from __future__ import annotations

import ctypes
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..checks.review import checks_of_findings
from ..clean import MalformedAmount, clean_amount
from ..read.source import displayed_to_page

COLOURS = {"defect": (220, 30, 30), "warning": (230, 140, 0), "info": (40, 110, 220)}
Rect = tuple[float, float, float, float]  # left, bottom, right, top in the page's own space


def _number(text: str) -> Decimal | None:
    try:
        return clean_amount(text)
    except (MalformedAmount, InvalidOperation):
        return None


def cell_boxes(budget, check) -> list[tuple[float, float, float, float]]:
    """The displayed bbox of the printed cell a check is about: on the check's page, in the column
    of its measure, holding its printed figure; the row naming its code or name wins."""
    try:
        printed = Decimal(check.lhs)
    except (InvalidOperation, TypeError):
        return []
    leaf = (check.name or "").split(":")[-1]
    best: list[tuple[int, tuple]] = []
    for t in budget.tables:
        if t.key != check.table:
            continue
        measures = {c.index for c in t.columns if c.measure == check.measure}
        for row in t.rows:
            hits = [cell for i, cell in row.items() if i in measures and cell.page == check.page
                    and _number(cell.text) == printed]
            if not hits:
                continue
            labels = "".join(cell.text for cell in row.values()).replace(" ", "")
            score = (bool(check.code) and check.code in labels) + (bool(leaf) and leaf in labels)
            best += [(score, cell.bbox) for cell in hits]
    if not best:
        return []
    top = max(s for s, _ in best)
    return [b for s, b in best if s == top][:1]


def text_boxes(page: pdfium.PdfPage, needle: str) -> list[Rect]:
    """Boxes (page space) of the first occurrence of ``needle`` in the page's text."""
    if not needle:
        return []
    textpage = page.get_textpage()
    searcher = textpage.search(needle, match_case=True)
    hit = searcher.get_next()
    if not hit:
        return []
    start, count = hit
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    return [(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))]


def needles(finding) -> list[str]:
    """What to look for on the page, most telling first: a quoted phrase holding the printed
    figure, the figure itself, then any other quoted phrase."""
    quoted = re.findall(r"“([^”]{2,40})”", f"{finding.evidence} {finding.message}")
    printed = (finding.printed or "").lstrip("-")
    holding = [q for q in quoted if printed and printed in q]
    return list(dict.fromkeys(holding + ([printed] if printed else []) + quoted))


def finding_boxes(budget, pdf: pdfium.PdfDocument, finding, group: list) -> list[Rect]:
    """The boxes to draw: every printed cell of the finding's checks, else the figure's place in
    the page's text, else the page's top-left corner."""
    page = pdf[finding.page - 1]
    cells = [displayed_to_page(page, *b) for check in group for b in cell_boxes(budget, check)]
    if cells:
        return list(dict.fromkeys(cells))
    for needle in needles(finding):
        boxes = text_boxes(page, needle)
        if boxes:
            return boxes
    x0, y0, x1, y1 = page.get_mediabox()
    return [(x0 + 20, y1 - 40, x0 + 40, y1 - 20)]  # nothing to point at: a note at the page's corner


def _wide(text: str):
    data = (text + "\0").encode("utf-16-le")
    return ctypes.cast(ctypes.create_string_buffer(data, len(data)), raw.FPDF_WIDESTRING)


def _annotate(page: pdfium.PdfPage, subtype: int, rect: Rect, message: str, colour) -> None:
    annot = raw.FPDFPage_CreateAnnot(page.raw, subtype)
    left, bottom, right, top = rect
    raw.FPDFAnnot_SetRect(annot, raw.FS_RECTF(left, top, right, bottom))
    raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *colour, 255)
    raw.FPDFAnnot_SetStringValue(annot, b"Contents", _wide(message))
    raw.FPDFAnnot_SetStringValue(annot, b"T", _wide("budgetlib"))
    raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)
    raw.FPDFPage_CloseAnnot(annot)


def annotate_pdf(budget, out_dir: Path, min_severity: str = "info", password: str | None = None) -> Path:
    """Write ``<stem>.annotated.pdf`` into ``out_dir`` with every finding (of ``min_severity`` and
    worse) that has a page drawn on it. Returns the path written."""
    order = ["defect", "warning", "info"]
    shown = set(order[: order.index(min_severity) + 1])
    groups = checks_of_findings(budget)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{budget.path.stem}.annotated.pdf"
    pdf = pdfium.PdfDocument(str(budget.path), password=password)
    try:
        for f in budget.findings:
            if f.severity not in shown or not f.page or f.page > len(pdf):
                continue
            group = groups.get((f.rule, f.page, f.evidence), [])
            page = pdf[f.page - 1]
            colour = COLOURS[f.severity]
            for rect in finding_boxes(budget, pdf, f, group):
                l, b, r, t = rect
                box = (l - 1.5, b - 1.5, r + 1.5, t + 1.5)
                _annotate(page, raw.FPDF_ANNOT_SQUARE, box, f.message, colour)
                right = page.get_mediabox()[2]  # the note's icon in the margin, beside the box, not over a figure
                _annotate(page, raw.FPDF_ANNOT_TEXT, (right - 16, box[3] - 12, right - 4, box[3]), f.message, colour)
        part = target.with_name(target.name + ".part")
        pdf.save(str(part))
    finally:
        pdf.close()
    part.replace(target)
    return target
