"""Write a Budget to ``DIR/<pdf stem>/`` atomically: everything goes to a temporary folder
beside the target, which is renamed into place only when complete."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from .model import Budget, contract_order

OUTPUT_FILES = ("facts.csv", "facts.parquet", "validation.json", "residue.csv", "document.json")


def facts_for_output(facts: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns first, amounts as printed (Decimal → '667.95')."""
    out = contract_order(facts).copy()
    out["amount"] = out["amount"].map(str)
    return out


def validation_record(budget: Budget) -> dict:
    return {"document": budget.document.file, "sha256": budget.document.sha256,
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
    (folder / "document.json").write_text(json.dumps(budget.document.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def write_budget(budget: Budget, out_dir: str | os.PathLike) -> Path:
    """Write the outputs of one document; returns the folder. Safe against concurrent writers:
    each writes its own temporary folder and the last complete one wins."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = budget.path.stem
    target = out_dir / stem
    tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{stem}.tmp-"))
    tmp.chmod(0o755)  # mkdtemp makes it private; the outputs are for sharing
    try:
        _write_all(budget, tmp)
        for _ in range(50):
            trash = out_dir / f".{stem}.old-{os.getpid()}-{time.monotonic_ns()}"
            try:
                if target.exists():
                    os.rename(target, trash)
                os.rename(tmp, target)
                shutil.rmtree(trash, ignore_errors=True)
                return target
            except OSError:
                shutil.rmtree(trash, ignore_errors=True)
                time.sleep(0.05)
        raise OSError(f"could not move the outputs into {target}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
