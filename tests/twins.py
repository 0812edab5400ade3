"""Twins of a real PDF with its table rules removed and its text untouched: twin "h" keeps only
the horizontal rules, twin "none" keeps no rule. The page content streams are edited as bytes and
restated as an incremental update (nothing else changes; text operators are copied verbatim):
a thin ``re`` (under ``THIN`` one way) is dropped, a stroked wide ``re`` box becomes its top and
bottom lines (twin "h") or nothing, a removed stroked ``x y l`` segment becomes ``x y m`` so the
path goes on from the same point, a filled straight subpath thinner than ``THIN`` is taken out the
same way; clipping paths (``W n``) and curves stay. On a page turned a quarter (/Rotate 90) the
displayed horizontals are the content's verticals. Rules inside form XObjects are not touched."""
from __future__ import annotations

import re
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

THIN = 2.0
STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
PAINT = STROKE | {b"f", b"F", b"f*", b"n"}
TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>{}%]*|%[^\r\n]*"
                   rb"|[+-]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+[0-9*]?|\S")
NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)$")


def _tokens(data: bytes):
    """(start, end, token) of the content stream's tokens; nested parentheses kept in one string."""
    at = 0
    while (m := TOKEN.search(data, at)):
        start, end = m.start(), m.end()
        if data[start:start + 1] == b"(":
            depth, end = 0, start
            while end < len(data):
                ch = data[end:end + 1]
                if ch == b"\\":
                    end += 1
                elif ch == b"(":
                    depth += 1
                elif ch == b")":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            end += 1
        yield start, end, data[start:end]
        at = end


def _keeps(kind: str, dx: float, dy: float) -> bool:
    """Whether a rule ``dx`` wide and ``dy`` high stays in twin ``kind``: in "h" the horizontals do,
    in "v" (twin "h" of a page turned a quarter: its displayed horizontals are upright in the
    content) the verticals."""
    return (kind == "h" and abs(dy) <= abs(dx)) or (kind == "v" and abs(dx) <= abs(dy))


def _fmt(*v: float) -> bytes:
    return b" ".join(b"%.3f" % x for x in v)


def _edit_fill(kind: str, path: list) -> list[tuple[int, int, bytes]]:
    """Edits of a filled path: each straight subpath thinner than ``THIN`` one way (a rule drawn as a
    filled polygon) has its ``l`` segments turned into moves; wider subpaths stay."""
    edits, sub = [], []
    for part in path + [(0, 0, b"m", [])]:
        if part[2] in {b"m", b"re"} and sub:
            points = [p[3] for p in sub if len(p[3]) == 2]
            xs, ys = [x for x, _ in points], [y for _, y in points]
            straight = all(p[2] in {b"m", b"l", b"h"} for p in sub)
            w, h = (max(xs) - min(xs), max(ys) - min(ys)) if points else (THIN, THIN)
            if straight and min(w, h) < THIN and not _keeps(kind, w, h):
                edits += [(a, b, _fmt(*n) + b" m") for a, b, op, n in sub if op == b"l"]
            sub = []
        if part[2] == b"re":
            edits += _edit_stroke(kind, [part], stroked=False)
        elif part[3] or part[2] == b"h":
            sub.append(part)
    return edits


def _edit_stroke(kind: str, path: list, stroked: bool = True) -> list[tuple[int, int, bytes]]:
    """Edits of a stroked path: vertical/horizontal segments and ``re`` boxes by direction."""
    edits, cur = [], None
    for start, end, op, nums in path:
        if op == b"re" and len(nums) == 4:
            x, y, w, h = nums
            if min(abs(w), abs(h)) < THIN:
                if not _keeps(kind, w, h):
                    edits.append((start, end, b""))
            elif stroked:
                box = (_fmt(x, y) + b" m " + _fmt(x + w, y) + b" l " + _fmt(x, y + h) + b" m " + _fmt(x + w, y + h) + b" l"
                       if kind == "h" else
                       _fmt(x, y) + b" m " + _fmt(x, y + h) + b" l " + _fmt(x + w, y) + b" m " + _fmt(x + w, y + h) + b" l")
                edits.append((start, end, b"" if kind == "none" else box))
            cur = None
        elif op == b"m" and len(nums) == 2:
            cur = nums
        elif op == b"l" and len(nums) == 2:
            dx, dy = (nums[0] - cur[0], nums[1] - cur[1]) if cur is not None else (THIN, THIN)
            if min(abs(dx), abs(dy)) < THIN and not _keeps(kind, dx, dy):
                edits.append((start, end, _fmt(*nums) + b" m"))
            cur = nums
        elif len(nums) >= 2:
            cur = nums[-2:]
    return edits


def _edit_path(kind: str, path: list, paint: bytes) -> list[tuple[int, int, bytes]]:
    """(start, end, replacement) edits of one painted path; clipping-only paths (``n``) stay."""
    if paint == b"n":
        return []
    return _edit_stroke(kind, path) if paint in STROKE else _edit_fill(kind, path)


def strip_rules(data: bytes, kind: str) -> bytes:
    """The content stream ``data`` without the rules twin ``kind`` removes."""
    if re.search(rb"(^|\s)BI\s", data):
        return data  # inline images: not tokenised safely here
    edits, path, operands = [], [], []
    for start, end, tok in _tokens(data):
        if NUMBER.match(tok) or tok[:1] in b"(</[]" or tok == b">>":
            operands.append((start, tok))
            continue
        first = operands[0][0] if operands else start
        nums = [float(t) for _, t in operands if NUMBER.match(t)]
        operands = []
        if tok in {b"m", b"l", b"c", b"v", b"y", b"re", b"h"}:
            path.append((first, end, tok, nums))
        elif tok in PAINT:
            edits += _edit_path(kind, path, tok)
            path = []
    out, at = [], 0
    for start, end, new in edits:
        out += [data[at:start], new]
        at = end
    return b"".join(out) + data[at:]


def make_twin(src: Path, dst: Path, kind: str) -> Path:
    """``dst``: ``src`` with the rules of twin ``kind`` ("h" or "none") removed on every page."""
    assert kind in {"h", "none"}
    original = Path(src).read_bytes()
    objects: dict[int, bytes] = {}
    with open(src, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        trailer = next(x.get_trailer() for x in doc.xrefs if x.get_trailer().get("Root"))
        for page in PDFPage.create_pages(doc):
            refs = [r for r in (page.contents or []) if hasattr(r, "objid")]
            if not refs or any(r.objid in objects for r in refs):
                continue
            data = b"\n".join(resolve1(r).get_data() for r in refs)
            turned = kind == "h" and (page.rotate or 0) % 180 == 90  # displayed horizontals are upright here
            new = strip_rules(data, "v" if turned else kind)
            if new != data:  # the whole page content in its first stream, the others emptied
                objects.update({r.objid: b"" for r in refs})
                objects[refs[0].objid] = new
        root, size = trailer["Root"], int(resolve1(trailer.get("Size", 0)))
    prev = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    body = bytearray(original if original.endswith(b"\n") else original + b"\n")
    xref = [b"xref\n0 1\n0000000000 65535 f \n"]
    for objid, data in sorted(objects.items()):
        xref.append(b"%d 1\n%010d 00000 n \n" % (objid, len(body)))
        body += b"%d 0 obj\n<< /Length %d >>\nstream\n" % (objid, len(data)) + data + b"\nendstream\nendobj\n"
        size = max(size, objid + 1)
    xref_at = len(body)
    body += b"".join(xref) + b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root.objid, prev, xref_at)
    Path(dst).write_bytes(bytes(body))
    return Path(dst)
