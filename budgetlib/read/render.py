"""A camelot image-conversion backend for the rendering (lattice ``engine="default"``) read.

camelot's own pdfium backend opens the PDF again for every page and goes through PIL
(``to_pil().convert("RGB")`` and a channel flip) to reach OpenCV's BGR order: about 1.5 s a page
at 300 dpi, five times the rendering itself. pdfium renders BGR natively, so this backend hands
the bitmap's buffer over as it is — the same pixels — from one document opened per read.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

RESOLUTION = 300  # camelot's default rendering resolution (dpi)


class _Pixels(np.ndarray):
    """A BGR array over a pdfium bitmap's buffer (no copy of the 26 MB page)."""


class PageRenderer:
    """``backend=`` for ``camelot.read_pdf``: renders pages of one PDF to BGR arrays. Close it
    (or use it as a context manager) when the read is done."""

    def __init__(self, path: str | Path, password: str | None = None):
        self.path = str(path)
        self.password = password
        self._pdf: pdfium.PdfDocument | None = None

    def _document(self) -> pdfium.PdfDocument:
        if self._pdf is None:  # opened on the first page rendered: most reads render none
            self._pdf = pdfium.PdfDocument(self.path, password=self.password)
            self._pdf.init_forms()  # as camelot's backend: form fields are drawn
        return self._pdf

    def to_array(self, pdf_path: str, resolution: int = RESOLUTION, page: int = 1) -> np.ndarray:
        """The page as a contiguous height × width × 3 BGR uint8 array (``cv2.imread``'s layout)."""
        bitmap = self._document()[page - 1].render(scale=resolution / 72)
        pixels = bitmap.to_numpy()
        if pixels.shape[2] != 3 or not pixels.flags["C_CONTIGUOUS"]:  # BGRA or padded rows: a BGR copy
            return np.ascontiguousarray(pixels[:, :, :3])
        pixels = pixels.view(_Pixels)
        pixels.bitmap = bitmap  # pdfium frees the buffer with the bitmap: keep it while the pixels live
        return pixels

    def convert(self, pdf_path: str, png_path: str, resolution: int = RESOLUTION, page: int = 1) -> None:
        """What camelot calls for debug plots: the same rendering, written as PNG."""
        self._document()[page - 1].render(scale=resolution / 72).to_pil().save(png_path)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def __enter__(self) -> PageRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
