"""Bounds on one document's reading: time per page and per document, cells per page, progress
for long documents, and a PDF reader's failure told apart from a bug of ours.

``watch`` wraps the cold path (``cache.load``, a batch worker): an alarm ends a document that
takes longer than ``Settings.document_seconds``, or one page that takes longer than
``Settings.page_seconds``, with a one-line ``TimeLimit``. Pages are counted where camelot
parses them (its per-page step), which is where the time goes.
"""
from __future__ import annotations

import logging
import re
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from .camelot_import import import_camelot
from .errors import BudgetInputError, TimeLimit
from .model import Finding
from .settings import DEFAULT, Settings

READERS = ("camelot", "playa", "pdfminer", "pypdfium2", "cv2", "PIL")
READER_LOG = "playa"  # camelot reads pages through playa, which logs what it could not parse
MAX_READER_FINDINGS, PER_PAGE = 20, 3
# what playa says when the file's data is broken (not when a font is merely unusual, nor when the
# cross-reference table is rebuilt: that is the repaired_xref info)
DAMAGE = re.compile(r"syntax error|unmatched|resources missing|undefined (font|extgstate|xobject|colorspace|pattern)"
                    r"|insufficient arguments|no font is set|incorrect type|expected object|decompress|data loss"
                    r"|unexpected (token|end)|invalid object", re.IGNORECASE)
_state: dict = {}  # the document being read in this process: its limits, clock and progress bar


def _reader_failed(exc: BaseException) -> bool:
    """Was ``exc`` raised inside a PDF reader (deeper than our last frame)?"""
    frames = [f.filename.replace("\\", "/") for f in traceback.extract_tb(exc.__traceback__)]
    ours = max((i for i, f in enumerate(frames) if "/budgetlib/" in f), default=-1)
    return any(f"/{name}/" in f for f in frames[ours + 1:] for name in READERS)


def _arm(seconds: float) -> None:
    # repeating: an alarm raised where Python swallows exceptions (a weakref callback) comes again
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001), 0.5)


def _on_alarm(signum, frame):
    s = _state
    if not s or s.get("closing"):
        return
    if time.monotonic() >= s["deadline"] - 0.01:
        raise TimeLimit(f"{s['path']}: reading took longer than {s['settings'].document_seconds} s "
                        "(the limit per document)")
    raise TimeLimit(f"{s['path']}: page {s.get('page', '?')} took longer than {s['settings'].page_seconds} s "
                    "(the limit per page)")


def page_started(page: int, pages: int | None = None) -> None:
    """Called as each page's parsing begins: restarts the page clock, advances the progress bar."""
    s = _state
    if not s:
        return
    s["page"] = page
    if s["alarm"]:
        _arm(min(s["settings"].page_seconds, s["deadline"] - time.monotonic()))
    if s["progress"] and pages and pages >= s["settings"].progress_pages:
        if s.get("bar") is None:
            s["bar"] = tqdm(unit="page", desc=f"{Path(s['path']).name}: pages read", file=sys.stderr, leave=False)
        s["bar"].update(1)


def _hook_camelot() -> None:
    """Make camelot's per-page step report to ``page_started`` (once per process)."""
    PDFHandler = import_camelot().handlers.PDFHandler

    if getattr(PDFHandler._parse_page, "_budgetlib", False):
        return
    original = PDFHandler._parse_page

    def parse_page(self, page, *args, **kwargs):
        try:
            total = len(page.doc.pages)
        except Exception:
            total = None
        page_started(page.page_idx + 1, total)
        return original(self, page, *args, **kwargs)

    parse_page._budgetlib = True
    PDFHandler._parse_page = parse_page


class _Complaints(logging.Handler):
    """The reader's warnings while a document is read, each with the page being parsed."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen: dict[tuple, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().splitlines()[0][:200] if record.getMessage() else record.name
        if not DAMAGE.search(text):
            return
        page = _state.get("page")
        kind = re.sub(r"[\d\s]+", " ", text)[:50]  # one finding per kind of complaint and page
        on_page = sum(p == page for p, _ in self.seen)
        if len(self.seen) < MAX_READER_FINDINGS and on_page < PER_PAGE:
            self.seen.setdefault((page, kind), text)


def reader_findings(complaints: _Complaints) -> list[Finding]:
    """What the PDF reader could not parse, on the page it was reading: content there may be lost."""
    return [Finding("reader_complaint", "warning", page, None,
                    "PDF 阅读器无法完整解析该页的数据（对象或数据流损坏），表格的行或合计可能缺失", text)
            for (page, _), text in complaints.seen.items()]


@contextmanager
def watch(path, settings: Settings = DEFAULT, progress: bool = False):
    """Read one document under its limits; a PDF reader's exception becomes ``damaged PDF``.
    Yields the reader's complaints (``reader_findings`` turns them into findings)."""
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    _hook_camelot()
    complaints, reader = _Complaints(), logging.getLogger(READER_LOG)
    level, propagate = reader.level, reader.propagate
    reader.addHandler(complaints)
    reader.setLevel(logging.WARNING)
    reader.propagate = False  # recorded as findings, not printed
    _state.update(path=str(path), settings=settings, progress=progress, alarm=alarm, bar=None,
                  deadline=time.monotonic() + settings.document_seconds)
    previous = signal.signal(signal.SIGALRM, _on_alarm) if alarm else None
    if alarm:
        _arm(settings.document_seconds)
    try:
        yield complaints
    except BudgetInputError:
        raise
    except Exception as exc:
        if not _reader_failed(exc):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise BudgetInputError(f"{path}: damaged PDF ({type(exc).__name__}: {first[:160]})") from None
    finally:
        _state["closing"] = True
        reader.removeHandler(complaints)
        reader.setLevel(level)
        reader.propagate = propagate
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if _state.get("bar") is not None:
            _state["bar"].close()
        _state.clear()


def check_cells(grids, settings: Settings = DEFAULT, path="") -> None:
    """Refuse a page whose grids hold more cells than ``Settings.max_cells_per_page``."""
    per_page: dict[int, int] = {}
    for g in grids:
        per_page[g.page] = per_page.get(g.page, 0) + sum(len(r) for r in g.text)
    for page, n in sorted(per_page.items()):
        if n > settings.max_cells_per_page:
            raise BudgetInputError(f"{path}: page {page} holds {n} table cells, more than the limit of "
                                   f"{settings.max_cells_per_page}")


def with_complaints(budget, complaints: _Complaints):
    """``budget`` with the reader's complaints among its findings (in page order)."""
    extra = reader_findings(complaints)
    if not extra:
        return budget
    findings = sorted(budget.findings + extra, key=lambda f: (f.page is not None, f.page or 0))
    return replace(budget, findings=findings)
