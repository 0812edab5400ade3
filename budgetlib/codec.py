"""A Budget as data that cannot run code: JSON for the records, parquet for the two frames.

The cache stores what ``read_budget`` returned and gives back an equal ``Budget``: amounts as the
``Decimal`` printed, every record (findings, checks, tables with their cells, the narrative's
figures and text) rebuilt from a fixed list of record types — nothing in the file names a type or
a function to call, so a planted file can at worst be refused.
"""
from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from .model import (Budget, Cell, Check, Column, DocumentMeta, Figure, Finding, Narrative, PageText, Row,
                    TableRead)

FORMAT = 1
RECORDS = {cls.__name__: cls for cls in (Cell, Check, Column, DocumentMeta, Figure, Finding, Narrative, PageText,
                                          Row, TableRead)}
FRAMES = ("facts", "residue")


class CacheFormatError(ValueError):
    """The stored entry is not one this version wrote (or was tampered with)."""


def encode(value):
    """A JSON-ready form of ``value``; raises TypeError on anything the cache does not know."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else {"$float": repr(v)}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if is_dataclass(value) and RECORDS.get(name) is type(value):
        return {"$rec": name, "f": {f.name: encode(getattr(value, f.name)) for f in fields(value)}}
    raise TypeError(f"the cache cannot store a {name}")


def decode(value):
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$dec" in value:
        return Decimal(value["$dec"])
    if "$float" in value:
        return float(value["$float"])
    if "$path" in value:
        return Path(value["$path"])
    if "$tuple" in value:
        return tuple(decode(v) for v in value["$tuple"])
    if "$map" in value:
        return {_hashable(decode(k)): decode(v) for k, v in value["$map"]}
    if "$rec" in value:
        cls = RECORDS.get(value["$rec"])
        if cls is None:
            raise CacheFormatError(f"unknown record {value['$rec']!r}")
        return cls(**{k: decode(v) for k, v in value["f"].items()})
    raise CacheFormatError("unknown value in the cache entry")


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key


def _frame_to_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Decimal columns become their printed text; the dtypes are kept to restore them."""
    out, kinds = frame.copy(), {}
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, Decimal)).any() and len(frame):
            out[col] = frame[col].map(str)
            kinds[col] = "decimal"
        else:
            kinds[col] = str(frame[col].dtype)
    return out, kinds


def _table_to_frame(frame: pd.DataFrame, kinds: dict) -> pd.DataFrame:
    if list(frame.columns) != list(kinds):
        raise CacheFormatError("stored columns differ from the record")
    out = frame.copy()
    for col, kind in kinds.items():
        out[col] = out[col].map(Decimal).astype(object) if kind == "decimal" else out[col].astype(kind)
    return out


def write_entry(budget: Budget, folder: Path) -> None:
    """Write ``budget`` into the (new, empty) ``folder``."""
    record = {"format": FORMAT, "frames": {}}
    for name in FRAMES:
        table, kinds = _frame_to_table(getattr(budget, name))
        table.to_parquet(folder / f"{name}.parquet", index=False)
        record["frames"][name] = kinds
    record["budget"] = {f.name: encode(getattr(budget, f.name)) for f in fields(budget) if f.name not in FRAMES}
    # ASCII escapes keep what UTF-8 cannot hold (a file name's undecodable bytes) round-tripping
    (folder / "budget.json").write_text(json.dumps(record), encoding="ascii")


def read_entry(folder: Path) -> Budget:
    """The Budget stored in ``folder``; raises ``CacheFormatError`` or ``OSError`` if it is not whole."""
    try:
        record = json.loads((folder / "budget.json").read_text(encoding="utf-8"))
        if record.get("format") != FORMAT:
            raise CacheFormatError("another cache format")
        parts = {k: decode(v) for k, v in record["budget"].items()}
        for name in FRAMES:
            parts[name] = _table_to_frame(pd.read_parquet(folder / f"{name}.parquet"), record["frames"][name])
        return Budget(**parts)
    except (KeyError, TypeError, AttributeError, ValueError, ArithmeticError) as exc:
        if isinstance(exc, CacheFormatError):
            raise
        raise CacheFormatError(f"{type(exc).__name__}: {exc}") from None
