"""Rules drawn as thin filled polygons, read as the vector lines they render as.

camelot's vector engine takes a page's ruled lines from its stroked lines and rectangles and
from thin filled rectangles (one side ≤ 1.5 pt). Some producers fill each rule as a quadrilateral
with mitred corners instead (广州信访局: (798,147)→(42,147)→(42,147.8)→(797.2,147.8), closed), which
the layout reports as a curve; the vector engine then sees no grid and the page had to be
rendered to find the rules the rendering shows. A filled polygon of straight edges whose bounding
box is that thin can only paint a rule along its long axis, so it is read as one, exactly as
camelot reads a thin filled rectangle: the midline of its box.
"""
from __future__ import annotations

from contextlib import contextmanager

# straight-edge path operators (move, line, close); a Bézier "c"/"v"/"y" is not a polygon
_POLYGON_OPERATORS = frozenset("mlh")


def _is_thin_filled_polygon(obj, thin: float) -> bool:
    """A filled, unstroked path of straight edges whose box is at most ``thin`` across and longer
    than that along."""
    path = getattr(obj, "original_path", None)
    if not path or not getattr(obj, "fill", False) or getattr(obj, "stroke", False):
        return False
    if any(segment[0] not in _POLYGON_OPERATORS for segment in path):
        return False
    width, height = obj.x1 - obj.x0, obj.y1 - obj.y0
    return min(width, height) <= thin < max(width, height)


def _midline(obj) -> tuple[float, float, float, float]:
    if obj.x1 - obj.x0 >= obj.y1 - obj.y0:
        y = (obj.y0 + obj.y1) / 2
        return obj.x0, y, obj.x1, y
    x = (obj.x0 + obj.x1) / 2
    return x, obj.y0, x, obj.y1


def polygon_rules(layout, walk, curve_type, thin: float) -> list[tuple[float, float, float, float]]:
    """The rules a page layout paints as thin filled polygons (``curve_type`` objects)."""
    return [_midline(o) for o in walk(layout)
            if type(o) is curve_type and _is_thin_filled_polygon(o, thin)]


@contextmanager
def filled_polygon_rules_read():
    """camelot's vector engine, for the duration, also reads thin filled polygons as rules."""
    from camelot import image_processing as ip
    from playa.miner import LTCurve

    saved = ip._ruled_lines_from_layout
    last: list = [None, None]  # camelot asks once per direction: the page's lines are collected once

    def ruled_lines(layout):
        if last[0] is not layout:
            last[:] = layout, saved(layout) + polygon_rules(layout, ip._walk_layout_objects, LTCurve,
                                                             ip._LINE_AS_THIN_RECT_TOL)
        return list(last[1])

    ip._ruled_lines_from_layout = ruled_lines
    try:
        yield
    finally:
        ip._ruled_lines_from_layout = saved
