"""Write a Budget to ``DIR/<output name>/`` atomically: everything goes to a temporary folder
beside the target, which then takes the target's place in one step.

The output name is the PDF's stem made safe (``output_name``); two inputs of one run that would
share it are refused before anything is written (``distinct_outputs``). Leftovers of a process
that was killed mid-write are cleaned (or, for an interrupted two-step swap, put back) by the next
write into the same folder.
"""
from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from .errors import BudgetInputError, OutputError
from .model import Budget, contract_order

OUTPUT_FILES = ("facts.csv", "facts.parquet", "validation.json", "residue.csv", "document.json")
PREFIX = ".budgetlib-"  # temporary entries: .budgetlib-tmp-<pid>-…, .budgetlib-old-<pid>-… (+ .target)
LEFTOVER = re.compile(r"\.budgetlib-(tmp|old)-(\d+)-[^.]+$")
NAME_BYTES = 255


def display_name(name: str) -> str:
    """A file name as text that can be printed and written as UTF-8 (undecodable bytes → �)."""
    return os.fsencode(name).decode("utf-8", "replace")


def output_name(pdf: str | os.PathLike, suffix: str = "") -> str:
    """The name of a PDF's output (folder, or file with ``suffix``): its stem, as UTF-8 text, not
    hidden and not ``.``/``..``, cut to fit the file system's 255 bytes."""
    stem = display_name(Path(pdf).stem).strip() or "_"
    if stem.startswith("."):
        stem = "_" + stem
    limit = NAME_BYTES - len(suffix.encode())
    while len(stem.encode()) > limit:
        stem = stem[:-1]
    return stem + suffix


def distinct_outputs(pdfs: list[Path], suffix: str = "") -> list[Path]:
    """The inputs once each; raises ``BudgetInputError`` if two different files would write one output."""
    seen: dict[str, Path] = {}
    out = []
    for pdf in pdfs:
        key = output_name(pdf, suffix).casefold()  # one name on a case-insensitive file system
        if key in seen:
            if os.path.abspath(seen[key]) == os.path.abspath(pdf):
                continue
            raise BudgetInputError(f"{display_name(str(seen[key]))} and {display_name(str(pdf))} would both write "
                                   f"{output_name(pdf, suffix)}; nothing written (rename one or run them separately)")
        seen[key] = pdf
        out.append(pdf)
    return out


def facts_for_output(facts: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns first, amounts as printed (Decimal → '667.95')."""
    out = contract_order(facts).copy()
    out["amount"] = out["amount"].map(str)
    return out


def validation_record(budget: Budget) -> dict:
    return {"document": display_name(budget.document.file), "sha256": budget.document.sha256,
            "summary": budget.tally(),
            "checks": [c.to_dict() for c in budget.checks], "findings": [f.to_dict() for f in budget.findings]}


def _write_all(budget: Budget, folder: Path) -> None:
    facts = facts_for_output(budget.facts)
    facts.to_csv(folder / "facts.csv", index=False, encoding="utf-8")
    typed = budget.facts[facts.columns].copy()
    typed["amount"] = typed["amount"].map(float)  # parquet users get numbers; csv keeps the print
    typed.to_parquet(folder / "facts.parquet", index=False)
    budget.residue.to_csv(folder / "residue.csv", index=False, encoding="utf-8")
    (folder / "validation.json").write_text(
        json.dumps(validation_record(budget), ensure_ascii=False, indent=1), encoding="utf-8")
    document = {**budget.document.to_dict(), "file": display_name(budget.document.file)}
    (folder / "document.json").write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2``); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0  # AT_FDCWD, RENAME_EXCHANGE


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(out_dir: Path) -> None:
    """Remove the temporary folders of writers that died; put back an output a dead writer had
    moved aside but not replaced."""
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return
    for entry in entries:
        m = LEFTOVER.match(entry.name)
        if not m or _alive(int(m.group(2))):
            continue
        note = entry.with_name(entry.name + ".target")
        if m.group(1) == "old" and note.is_file():
            target = out_dir / note.read_text(encoding="utf-8")
            if not target.exists():
                os.rename(entry, target)
        shutil.rmtree(entry, ignore_errors=True)
        note.unlink(missing_ok=True)


def _swap(tmp: Path, target: Path) -> None:
    """Put ``tmp`` in ``target``'s place; the old output is never missing, even if killed midway."""
    if target.exists() and _exchange(tmp, target):
        shutil.rmtree(tmp, ignore_errors=True)  # now the old output
        return
    if not target.exists():
        os.rename(tmp, target)
        return
    old = tmp.with_name(f"{PREFIX}old-{os.getpid()}-{time.monotonic_ns()}")
    note = old.with_name(old.name + ".target")
    note.write_text(target.name, encoding="utf-8")  # where a later run puts the old output back
    os.rename(target, old)
    os.rename(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    note.unlink(missing_ok=True)


def write_budget(budget: Budget, out_dir: str | os.PathLike) -> Path:
    """Write the outputs of one document; returns the folder. Safe against concurrent writers:
    each writes its own temporary folder and the last complete one wins. Raises ``OutputError``
    (one line) when the folder cannot be written."""
    out_dir = Path(out_dir)
    target = out_dir / output_name(budget.path)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        clean_leftovers(out_dir)
        tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=f"{PREFIX}tmp-{os.getpid()}-"))
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the outputs ({exc.strerror or exc})") from None
    tmp.chmod(0o755)  # mkdtemp makes it private; the outputs are for sharing
    try:
        _write_all(budget, tmp)
        for _ in range(50):
            try:
                _swap(tmp, target)
                return target
            except OSError as exc:
                if exc.errno not in (39, 17):  # ENOTEMPTY / EEXIST: another writer was quicker
                    raise
                time.sleep(0.05)
        raise OSError(f"could not move the outputs into {target}")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the outputs ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
