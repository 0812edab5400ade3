"""The document's identity (unit, year, kind, money unit) of all 21 real documents against the
values read by hand off their covers and headings (tests/data/regions/hand_read.json "meta").
西安气象局's cover reads "西安市气象局 2022 年部门综合预算" (综合 qualifies the document, it is no
unit); 西安应急管理局's "部门名称：西安市安全生产监督管理局" is followed by "保密审查情况：…"."""
import json
from pathlib import Path

import pytest

from budgetlib import load

DATA = Path(__file__).parent / "data"
HAND = json.loads((DATA / "regions" / "hand_read.json").read_text(encoding="utf-8"))
PDFS = {p.name: p for folder in ("real", "regions") for p in sorted((DATA / folder).glob("*.pdf"))}


def test_every_document_has_its_meta_read_by_hand():
    assert sorted(n for n in HAND if HAND[n].get("meta")) == sorted(PDFS)


@pytest.mark.parametrize("name", sorted(PDFS))
def test_meta_equals_the_hand_read_cover(name):
    meta = load(PDFS[name]).document
    want = HAND[name]["meta"]
    assert (meta.unit, meta.year, meta.kind, meta.money_unit) == (want["unit"], want["year"], want["kind"],
                                                                  want["money_unit"])
