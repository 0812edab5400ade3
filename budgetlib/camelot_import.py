"""camelot, imported without matplotlib (heavy, so imported only where a table is read), and
splitting text lines over cells the way clipped spreadsheet text needs (``camelot_split``).

camelot/__init__ imports camelot.plotting, which imports matplotlib.pyplot (~0.4 s) for debug
plots extraction never draws.
"""
from __future__ import annotations

import importlib
import sys
import types

from .camelot_split import install as keep_clipped_text_whole


class _LazyPlotMethods:
    """Stands in for ``camelot.plot``: loads the real camelot.plotting (and matplotlib) only
    when someone actually draws a debug plot."""

    @staticmethod
    def _real():
        if getattr(sys.modules.get("camelot.plotting"), "PlotMethods", None) is _LazyPlotMethods:
            sys.modules.pop("camelot.plotting")
        real = importlib.import_module("camelot.plotting")
        sys.modules["camelot"].plot = plot = real.PlotMethods()
        return plot

    def __call__(self, *args, **kwargs):
        return self._real()(*args, **kwargs)

    def __getattr__(self, name):  # camelot.plot.grid(table) and the like
        return getattr(self._real(), name)


def import_camelot():
    """camelot without matplotlib: camelot/__init__ imports camelot.plotting, which imports
    matplotlib.pyplot (~0.4 s) for debug plots extraction never draws. A stand-in module is
    put in its place, only before camelot's first import and only if nobody imported the real
    one already."""
    if "camelot" not in sys.modules and "camelot.plotting" not in sys.modules:
        stub = types.ModuleType("camelot.plotting")
        stub.PlotMethods = _LazyPlotMethods
        sys.modules["camelot.plotting"] = stub
    import camelot  # imported here: the warm-cache path never needs it

    keep_clipped_text_whole()
    return camelot
