import csv
from pathlib import Path

import pytest

from budgetlib import read_budget

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "luohu-2024-budget.pdf"
TRUTH = Path(__file__).parent / "data" / "luohu-2024"
REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(scope="session")
def sample():
    return read_budget(SAMPLE)


@pytest.fixture(scope="session")
def truth_rows():
    with open(TRUTH / "facts.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))
