"""Imported once by the workers' fork server so that every forked worker starts with camelot
(and the pipeline) already loaded instead of importing them again per document."""
from __future__ import annotations

from . import pipeline  # noqa: F401  (loaded for the forked workers)
from .camelot_import import import_camelot

import_camelot()
