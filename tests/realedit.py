"""Plant an error in a COPY of a real PDF: one printed number of a page's content stream replaced
by another of the same length, written as an incremental update (the page's content object is
re-stated, uncompressed, after the original bytes; nothing before it changes)."""
from __future__ import annotations

import re
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1


def page_content(path: Path, page_number: int) -> tuple[int, bytes, dict]:
    """(object number, decoded bytes, trailer) of a page's single content stream."""
    with open(path, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        page = next(p for i, p in enumerate(PDFPage.create_pages(doc), 1) if i == page_number)
        (ref,) = page.contents  # a page with one content stream
        trailer = next(x.get_trailer() for x in doc.xrefs if x.get_trailer().get("Root"))
        return ref.objid, resolve1(ref).get_data(), trailer


def replace_on_page(src: Path, dst: Path, page_number: int, old: bytes, new: bytes, nth: int = 0) -> Path:
    """``dst``: ``src`` with the ``nth`` occurrence of ``old`` in the page's content replaced by ``new``."""
    assert len(old) == len(new)
    objid, data, trailer = page_content(src, page_number)
    starts = [m.start() for m in re.finditer(re.escape(old), data)]
    assert len(starts) > nth, f"{old!r} is not printed {nth + 1} times on page {page_number}"
    at = starts[nth]
    data = data[:at] + new + data[at + len(old):]
    original = Path(src).read_bytes()
    prev = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    body = original if original.endswith(b"\n") else original + b"\n"
    offset = len(body)
    obj = b"%d 0 obj\n<< /Length %d >>\nstream\n" % (objid, len(data)) + data + b"\nendstream\nendobj\n"
    xref_at = offset + len(obj)
    root = trailer["Root"]
    size = max(int(resolve1(trailer.get("Size", 0))), objid + 1)
    tail = (b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (objid, offset)
            + b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, root.objid, prev, xref_at))
    Path(dst).write_bytes(body + obj + tail)
    return Path(dst)
