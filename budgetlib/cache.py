"""Extraction results cached by the PDF's content hash (and the library's own code, so a new
version never serves results of an old one). The warm path reads no PDF and imports no camelot.

An entry is a folder of JSON and parquet (``codec``): data only, so a file planted at the cache
path can never run code; at worst it is refused and the document extracted afresh. The cache is
optional: a folder that cannot be read or written costs a warning, never the extract.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .codec import CacheFormatError, read_entry, write_entry
from .errors import BudgetInputError
from .guard import watch, with_complaints
from .model import Budget
from .pipeline import read_budget
from .read.source import _check_header
from .settings import DEFAULT, Settings

log = logging.getLogger("budgetlib.cache")


def cache_dir() -> Path:
    """``$BUDGETLIB_CACHE``, else ``~/.cache/budgetlib``."""
    return Path(os.environ.get("BUDGETLIB_CACHE") or Path.home() / ".cache" / "budgetlib")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's modules and data: results depend on both."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for f in sorted(list(root.rglob("*.py")) + list(root.glob("data/*.csv"))):
        h.update(f.relative_to(root).as_posix().encode() + f.read_bytes())
    return h.hexdigest()[:16]


def cache_file(sha256: str, folder: Path | None = None, settings: Settings = DEFAULT) -> Path:
    """Keyed by the PDF's bytes, the library's code and the settings that shape a result."""
    return (folder or cache_dir()) / f"{sha256}-{code_fingerprint()}-{settings.fingerprint()}"


def _cached(target: Path) -> Budget | None:
    if not target.is_dir():
        return None
    try:
        return read_entry(target)
    except (OSError, CacheFormatError) as exc:
        log.warning("warning: ignoring the unreadable cache entry %s (%s)", target, exc)
        return None


def _store(budget: Budget, target: Path) -> None:
    """Write the entry beside its place, then rename it there; any failure is a warning."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
        write_entry(budget, tmp)
        if target.exists():  # a damaged entry, or another process was quicker
            shutil.rmtree(target, ignore_errors=True)
        os.rename(tmp, target)
        tmp = None
    except (OSError, TypeError) as exc:
        log.warning("warning: result not cached (%s); continuing without the cache", exc)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def load(path, password: str | None = None, max_pages: int | None = None, cache: bool = True,
         refresh: bool = False, folder: str | os.PathLike | None = None, settings: Settings = DEFAULT,
         progress: bool = False) -> Budget:
    """``read_budget`` with a cache keyed by the PDF's sha256: a second call for the same bytes
    (under any file name) returns the stored result without opening the PDF. ``refresh``
    extracts again and replaces the stored result; ``cache=False`` neither reads nor writes it.
    The page limit holds for a cached result as for a fresh one."""
    path = Path(path)
    if max_pages is not None:
        settings = replace(settings, max_pages=max_pages)
    data = _check_header(path, settings)
    cache = cache and not password  # what a password protects is never kept where it needs none
    target = cache_file(hashlib.sha256(data).hexdigest(), Path(folder) if folder else None, settings)
    budget = _cached(target) if cache and not refresh else None
    if budget is not None:
        n, limit = budget.document.pages, settings.max_pages
        if limit is not None and n > limit:
            raise BudgetInputError(f"{path}: {n} pages, more than the page limit of {limit} (raise it with --max-pages)")
        return replace(budget, path=path, document=replace(budget.document, file=path.name))
    with watch(path, settings, progress=progress) as complaints:
        budget = with_complaints(read_budget(path, password=password, settings=settings), complaints)
    if cache:
        _store(budget, target)
    return budget
