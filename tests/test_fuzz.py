"""Mutation fuzzing: bytes of the sample and of a real document changed at random (fixed seed).

For every mutant: no exception but a one-line refusal (``BudgetInputError``), no hang (the
per-document time limit), and never fewer facts than the original without a finding that the
original does not have (a warning or a defect saying what was lost).
"""
import random
import time
import traceback

import pytest

from budgetlib import BudgetInputError, read_budget
from budgetlib.cache import load
from budgetlib.settings import Settings
from conftest import REAL, SAMPLE

SOURCES = [SAMPLE, REAL / "江苏省人大常委会办公厅2019年部门预算公开表.pdf"]
MUTANTS = 20  # per source
LIMITS = Settings(document_seconds=60, page_seconds=30)


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One mutant: a flipped byte, a run of bytes overwritten, or a chunk deleted."""
    out = bytearray(data)
    at = rng.randrange(len(data))
    kind = rng.choice(["flip", "flip", "flip", "overwrite", "delete"])
    if kind == "flip":
        out[at] ^= 1 << rng.randrange(8)
    elif kind == "overwrite":
        n = rng.randint(2, 16)
        out[at:at + n] = bytes(rng.randrange(256) for _ in range(n))
    else:
        del out[at:at + rng.randint(1, 64)]
    return bytes(out), f"{kind} at {at}"


def serious(budget) -> set:
    return {(f.rule, f.page, f.table, f.message) for f in budget.findings if f.severity in ("warning", "defect")}


@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES, ids=["sample", "real"])
def test_mutants_never_fail_silently(source, tmp_path):
    original = read_budget(source)
    known, n_facts = serious(original), len(original.facts)
    rng = random.Random(f"budgetlib-fuzz-{source.name}")
    problems, start = [], time.monotonic()
    for i in range(MUTANTS):
        data, how = mutate(source.read_bytes(), rng)
        pdf = tmp_path / f"mutant-{i}.pdf"
        pdf.write_bytes(data)
        t0 = time.monotonic()
        try:
            b = load(pdf, cache=False, settings=LIMITS)
        except BudgetInputError as exc:
            assert "\n" not in str(exc), how
            continue
        except Exception:
            problems.append(f"{how}: {traceback.format_exc(limit=-3)}")
            continue
        finally:
            assert time.monotonic() - t0 < 90, f"{how}: no time limit"
        if len(b.facts) < n_facts and not serious(b) - known:
            problems.append(f"{how}: {len(b.facts)} facts of {n_facts} and no new warning")
    assert not problems, "\n".join(problems)
    assert time.monotonic() - start < 240
