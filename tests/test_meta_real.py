"""The document's identity (unit, year, kind, money unit) of all 21 real documents against the
values read by hand off their covers and headings (tests/data/regions/hand_read.json "meta").
Two covers once misread: 西安气象局's "西安市气象局 2022 年部门综合预算" (部门综合 is no unit) and
西安应急管理局's "部门名称：西安市安全生产监督管理局" followed, after a wide gap, by "保密审查情况：…"
(the label's value ends there). Read right, the department's name equals its 本级 unit's (234001
西安市气象局, 125001 西安市安全生产监督管理局); test_real_findings pins that no sum defect follows."""
import json
from pathlib import Path

import pytest

from budgetlib import load
from budgetlib.read.cover import cover_unit

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


@pytest.mark.parametrize("cover,unit", [
    # 西安应急管理局 p1: the value of 部门名称 ends with its line, before 保密审查情况
    ("2019年部门综合预算公开报表\n部门名称：西安市安全生产监督管理局\n保密审查情况：不设密   黄会强", "西安市安全生产监督管理局"),
    ("部门名称：西安市安全生产监督管理局      保密审查情况：不设密", "西安市安全生产监督管理局"),
    # 西安气象局 p1: 部门综合预算 qualifies the document; the unit is the name before the year
    ("西安市气象局 2022 年部门综合预算\n目 录", "西安市气象局"),
    ("2024年深圳市罗湖区互联网信息中心部门预算", "深圳市罗湖区互联网信息中心"),
])
def test_cover_unit_ends_at_its_line_and_is_no_qualifier(cover, unit):
    assert cover_unit(cover) == unit
