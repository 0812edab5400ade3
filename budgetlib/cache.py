"""Extraction results cached by the PDF's content hash (and the library's own code, so a new
version never serves results of an old one). The warm path reads no PDF and imports no camelot."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from dataclasses import replace

from .model import Budget
from .pipeline import read_budget
from .read.source import _check_header
from .settings import DEFAULT, Settings


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
    return (folder or cache_dir()) / f"{sha256}-{code_fingerprint()}-{settings.fingerprint()}.pickle"


def load(path, password: str | None = None, max_pages: int | None = None, cache: bool = True,
         refresh: bool = False, folder: str | os.PathLike | None = None, settings: Settings = DEFAULT) -> Budget:
    """``read_budget`` with a cache keyed by the PDF's sha256: a second call for the same bytes
    (under any file name) returns the stored result without opening the PDF. ``refresh``
    extracts again and replaces the stored result; ``cache=False`` neither reads nor writes it."""
    path = Path(path)
    data = _check_header(path)
    cache = cache and not password  # what a password protects is never kept where it needs none
    target = cache_file(hashlib.sha256(data).hexdigest(), Path(folder) if folder else None, settings)
    if cache and not refresh and target.is_file():
        try:
            with target.open("rb") as f:
                budget = pickle.load(f)
            return replace(budget, path=path, document=replace(budget.document, file=path.name))
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a damaged cache entry is rebuilt
    budget = read_budget(path, password=password, max_pages=max_pages, settings=settings)
    if cache:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(budget, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    return budget
