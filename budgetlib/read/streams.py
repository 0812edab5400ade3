"""Damage the PDF readers pass over in silence: a stream that no longer inflates.

pdfium and playa draw what they can of a broken content stream and say nothing, so the rows
after the damage vanish from a table without a trace. Here every Flate stream of the file is
inflated once (bounded, so a zip bomb is refused rather than read); a stream that fails is
traced to the pages that use it (their contents, fonts, forms), and each becomes a warning on
its page.
"""
from __future__ import annotations

import base64
import logging
import re
import zlib
from dataclasses import dataclass

from ..errors import BudgetInputError

log = logging.getLogger(__name__)

OBJ = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
# the same header read backwards from its "obj": a scan for the word is C-fast, a regex tried at
# every byte of a large file is not (0.09 s of 3.6 MB)
OBJ_BEFORE = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+\Z")
WORD = re.compile(rb"\w")
_BACK = 64  # bytes looked back from an "obj" for its numbers
NUMBERS = re.compile(rb"[0-9 \t\n\r\x0b\x0c]*")
_NUMBER_BYTES = b"0123456789 \t\n\r\x0b\x0c"
STREAM = re.compile(rb"(?<![A-Za-z])stream\r?\n")
LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
NAME = re.compile(rb"/([A-Za-z0-9]+)")
SKIP_KEYS = {"Parent", "P", "Annots", "B", "Dest", "StructParents", "Metadata"}


@dataclass(frozen=True)
class Damage:
    objid: int
    reason: str
    page: int | None = None  # 1-based; None when no page could be told


def _filters(head: bytes) -> list[str]:
    m = FILTER.search(head)
    return [n.decode("latin-1") for n in NAME.findall(m.group(1))] if m else []


def _unwrap(raw: bytes, name: str) -> bytes:
    """Undo one text encoding of a stream (raises ValueError on damage)."""
    if name in ("ASCII85Decode", "A85"):
        body = raw.split(b"~>")[0].strip()
        return base64.a85decode(body[2:] if body.startswith(b"<~") else body, adobe=False,
                                ignorechars=b" \t\n\r\x0b\x0c")
    body = re.sub(rb"\s", b"", raw.split(b">")[0])
    return bytes.fromhex((body + b"0" * (len(body) % 2)).decode("latin-1"))


def _inflate(raw: bytes, head: bytes, limit: int) -> str | None:
    """Why the stream is not whole (its text encodings, then Flate, at most ``limit`` bytes), or None."""
    chain = _filters(head)
    if "FlateDecode" not in chain and "Fl" not in chain:
        return None
    for name in chain:
        if name in ("FlateDecode", "Fl"):
            break
        if name not in ("ASCII85Decode", "A85", "ASCIIHexDecode", "AHx"):
            return None  # a filter not checked here
        try:
            raw = _unwrap(raw, name)
        except ValueError as exc:
            return f"{name} 数据损坏（{exc}）"
    d = zlib.decompressobj()
    try:
        d.decompress(raw, limit)
    except zlib.error as exc:
        return f"Flate 数据损坏（{exc}）"
    if d.unconsumed_tail:
        return "too big"
    if not d.eof:
        return "Flate 数据不完整（流被截断）"
    return None


def _stream_of(data: bytes, at: int) -> tuple[bytes | None, bytes]:
    """The raw bytes of the stream of the object whose body starts at ``at``, and its dictionary."""
    end = data.find(b"endobj", at)
    s = STREAM.search(data, at, end if end > 0 else len(data))
    if not s:
        return None, b""
    head = data[at:s.start()]
    m = LENGTH.search(head)
    if m and data[s.end() + int(m.group(1)):s.end() + int(m.group(1)) + 12].lstrip().startswith(b"endstream"):
        return data[s.end():s.end() + int(m.group(1))], head
    stop = data.find(b"endstream", s.end())
    return data[s.end():stop if stop > 0 else len(data)], head


def broken_streams(data: bytes, limit_bytes: int, path="") -> list[Damage]:
    """Object numbers of Flate streams that do not inflate; raises ``BudgetInputError`` for one
    that inflates past ``limit_bytes``."""
    if b"/Encrypt" in data:
        return []  # encrypted streams inflate only after decryption, which pdfium does itself
    out = []
    for objid, end in objects(data):
        raw, head = _stream_of(data, end)
        if raw is None:
            continue
        reason = _inflate(raw, head, limit_bytes)
        if reason == "too big":
            raise BudgetInputError(f"{path}: object {objid} inflates past {limit_bytes >> 20} MB "
                                   "(a damaged or hostile PDF; raise max_stream_mb to read it)")
        if reason:
            out.append(Damage(objid, reason))
    return out


def objects(data: bytes):
    """(object number, offset after its "obj") of every ``N G obj`` header, as ``OBJ.finditer``
    finds them."""
    at = data.find(b"obj")
    while at >= 0:
        after = at + 3
        if after >= len(data) or not WORD.match(data, after):
            start = max(0, at - _BACK)
            if start > 0 and NUMBERS.fullmatch(data, start, at):
                # digits and spaces fill the window: read from where they begin
                while start > 0 and data[start - 1] in _NUMBER_BYTES:
                    start -= 1
                m = next((x for x in OBJ.finditer(data, start, after) if x.end() == after), None)
            else:
                m = OBJ_BEFORE.search(data, start, at)
            if m:
                yield int(m.group(1)), after
        at = data.find(b"obj", after)


def _reachable(obj, seen: set[int], depth: int = 0) -> None:
    """Object numbers reachable from ``obj`` (a page's dictionary), not going up the tree."""
    if depth > 40:
        return
    if not isinstance(obj, (dict, list)) and hasattr(obj, "objid") and hasattr(obj, "resolve"):  # a reference
        if obj.objid in seen:
            return
        seen.add(obj.objid)
        try:
            obj = obj.resolve()
        except Exception:  # the reference points into damage: what it names is already recorded
            return
    if not isinstance(obj, (dict, list)) and isinstance(getattr(obj, "attrs", None), dict):  # a stream
        obj = obj.attrs
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in SKIP_KEYS:
                _reachable(v, seen, depth + 1)
    elif isinstance(obj, list):
        for v in obj:
            _reachable(v, seen, depth + 1)


def pages_of(path, damage: list[Damage], password: str | None = None) -> list[Damage]:
    """Each damaged object on every page that uses it (page None if none could be told)."""
    if not damage:
        return []
    try:
        import playa

        bad = {d.objid: d for d in damage}
        out, used = [], set()
        with playa.open(path, password=password or "") as pdf:
            for n, page in enumerate(pdf.pages, start=1):
                seen: set[int] = set()
                _reachable(page.attrs, seen)
                for objid in sorted(seen & bad.keys()):
                    out.append(Damage(objid, bad[objid].reason, n))
                    used.add(objid)
        return out + [d for d in damage if d.objid not in used]
    except BudgetInputError:  # a time limit
        raise
    except Exception as exc:  # the page tree itself is damaged: the damage stays on the document
        log.info("could not trace damaged objects to pages: %s", exc)
        return list(damage)
