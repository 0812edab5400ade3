"""Open a PDF once, refuse what is not a readable budget document, keep its text layer."""
from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import BudgetInputError, PasswordRequired
from ..settings import DEFAULT, Settings
from .streams import Damage, broken_streams, pages_of

OPEN_PAGES = 48  # pages kept open with their text pages (≈0.4 MB each)


def displayed_to_page(p: pdfium.PdfPage, left: float, bottom: float, right: float,
                      top: float) -> tuple[float, float, float, float]:
    """A rectangle in displayed coordinates (as camelot reports them) in the page's own space,
    where pdfium finds text and annotations are placed: on a page with /Rotate it is turned back."""
    x0, y0, x1, y1 = p.get_mediabox()
    w, h = x1 - x0, y1 - y0
    rotation = p.get_rotation() % 360
    if rotation == 90:
        left, bottom, right, top = w - top, left, w - bottom, right
    elif rotation == 180:
        left, bottom, right, top = w - right, h - top, w - left, h - bottom
    elif rotation == 270:
        left, bottom, right, top = bottom, h - right, top, h - left
    return x0 + left, y0 + bottom, x0 + right, y0 + top


@dataclass
class Source:
    """One PDF, opened: its bytes' hash, its pages' text and sizes. Closed explicitly."""

    path: Path
    sha256: str
    password: str | None
    pdf: pdfium.PdfDocument = field(repr=False)
    texts: list[str] = field(repr=False)
    repaired: bool = False  # the cross-reference table was damaged and rebuilt by the reader
    damage: list[Damage] = field(default_factory=list, repr=False)  # streams that do not decode
    # the pages last loaded with their text pages: callers go back and forth between a page and
    # the next (a table's continuation), so a few stay open
    _open_pages: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)

    @property
    def n_pages(self) -> int:
        return len(self.texts)

    def _page(self, page: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        if page in self._open_pages:
            self._open_pages.move_to_end(page)
        else:
            p = self.pdf[page - 1]
            self._open_pages[page] = (p, p.get_textpage())
            if len(self._open_pages) > OPEN_PAGES:
                self._open_pages.popitem(last=False)
        return self._open_pages[page]

    def page(self, page: int) -> pdfium.PdfPage:
        """A 1-based page, loaded once while it is among the last pages asked for."""
        return self._page(page)[0]

    def text_in(self, page: int, left: float, bottom: float, right: float, top: float) -> str:
        """Text of a 1-based page inside a rectangle given in displayed coordinates (PDF points,
        origin bottom-left, as camelot reports them)."""
        p, text = self._page(page)
        left, bottom, right, top = displayed_to_page(p, left, bottom, right, top)
        return text.get_text_bounded(left=left, bottom=bottom, right=right, top=top)

    def page_size(self, page: int) -> tuple[float, float]:
        return tuple(self._page(page)[0].get_size())

    def close(self) -> None:
        self._open_pages.clear()
        self.pdf.close()


def _check_header(path: Path, settings: Settings = DEFAULT) -> bytes:
    if not path.exists():
        raise BudgetInputError(f"{path}: no such file")
    if not path.is_file():
        raise BudgetInputError(f"{path}: not a file")
    size = path.stat().st_size
    if size > settings.max_file_mb << 20:
        raise BudgetInputError(f"{path}: {size >> 20} MB, more than the file size limit of {settings.max_file_mb} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BudgetInputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise BudgetInputError(f"{path}: empty file")
    if b"%PDF-" not in data[:1024]:
        raise BudgetInputError(f"{path}: not a PDF (no %PDF header)")
    return data


def xref_is_sound(data: bytes) -> bool:
    """Does the last ``startxref`` point at a cross-reference table or stream?"""
    m = re.search(rb"startxref\s+(\d+)\s*%%EOF\s*$", data[-2048:])
    if not m:
        return False
    at = int(m.group(1))
    return data[at:at + 4] == b"xref" or re.match(rb"\d+\s+\d+\s+obj", data[at:at + 32]) is not None


def _reason(exc: Exception) -> str:
    m = re.search(r"PDFium: ([^.)]+)", str(exc))
    return m.group(1) if m else str(exc)


def open_source(path: str | os.PathLike, password: str | None = None, max_pages: int | None = None,
                settings: Settings = DEFAULT) -> Source:
    """Open ``path`` or raise ``BudgetInputError`` with a one-line reason."""
    path = Path(path)
    data = _check_header(path, settings)
    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            if password:
                raise PasswordRequired(f"{path}: wrong password") from None
            raise PasswordRequired(f"{path}: encrypted; give its password with --password") from None
        raise BudgetInputError(f"{path}: damaged or truncated PDF ({_reason(exc)})") from None
    n = len(pdf)
    if n == 0:
        raise BudgetInputError(f"{path}: damaged PDF (no pages)")
    if max_pages is not None and n > max_pages:
        pdf.close()
        raise BudgetInputError(f"{path}: {n} pages, more than the page limit of {max_pages} (raise it with --max-pages)")
    texts, opened = [], OrderedDict()
    try:
        for number, page in enumerate(pdf, start=1):
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            opened[number] = (page, textpage)
            if len(opened) > OPEN_PAGES:
                opened.popitem(last=False)
    except pdfium.PdfiumError as exc:
        raise BudgetInputError(f"{path}: damaged PDF ({_reason(exc)})") from None
    if not any(t.strip() for t in texts):
        pdf.close()
        raise BudgetInputError(f"{path}: no text layer (a scanned image?); OCR is not attempted")
    try:
        damage = pages_of(path, broken_streams(data, settings.max_stream_mb << 20, path), password)
    except BudgetInputError:
        pdf.close()
        raise
    return Source(path, hashlib.sha256(data).hexdigest(), password, pdf, texts, repaired=not xref_is_sound(data),
                  damage=damage, _open_pages=opened)


def reading_order_text(page: pdfium.PdfPage) -> str:
    """A page's text line by line, top to bottom and left to right, from its characters' boxes:
    the text layer of a table-of-contents grid may list its rows in any order (西安 2019 template
    lists its 目录's first rows last). Characters whose vertical centres lie within half a
    character's height of each other share a line; a gap wider than a character is a space."""
    text = page.get_textpage()
    chars = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip():
            continue
        left, bottom, right, top = text.get_charbox(i, loose=True)
        chars.append(((bottom + top) / 2, left, right, max(top - bottom, 1.0), ch))
    lines: list[list[tuple]] = []
    for c in sorted(chars, key=lambda c: (-c[0], c[1])):
        if lines and abs(lines[-1][0][0] - c[0]) <= lines[-1][0][3] / 2:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = []
    for line in lines:
        line.sort(key=lambda c: c[1])
        parts, last = [], None
        for _, left, right, height, ch in line:
            if last is not None and left - last > height:
                parts.append(" ")
            parts.append(ch)
            last = right
        out.append("".join(parts))
    return "\n".join(out)
