"""Errors planted in COPIES of a published PDF: one printed number of a page's content stream
replaced by another of the same length (tests/realedit.py, an incremental update). The right
finding must appear on that page; the original stays free of it.

江苏省高级人民法院 2019 prints its digits in a WinAnsi TrueType font, as plain bytes ``(6.53) Tj``,
so they can be edited. The other four real documents print every digit as a glyph id of an
Identity-H CID font (<0015><0013>…) and were not edited here."""
from pathlib import Path

import pytest

from budgetlib import read_budget
from realedit import replace_on_page

REAL = Path(__file__).parent / "data" / "real"
COURT = REAL / "江苏省高级人民法院2019年度部门预算公开.pdf"


@pytest.fixture(scope="module")
def original():
    return read_budget(COURT)


def findings_on(budget, page, rule):
    return [(f["severity"], f["printed"], f["expected"]) for f in budget.findings if f["page"] == page and f["rule"] == rule]


def test_a_table_cell_changed_in_the_copy_breaks_its_parent(tmp_path, original):
    # p11 财政拨款基本支出表（按经济分类）: “303 对个人和家庭的补助 2063.88” and its item “30307 医疗费补助 6.53”
    copy = replace_on_page(COURT, tmp_path / "court-cell.pdf", 11, b"(6.53)", b"(6.58)")
    assert findings_on(original, 11, "parent_sum") == []
    changed = read_budget(copy)
    assert ("defect", "2063.88", "2063.93") in findings_on(changed, 11, "parent_sum"), changed.findings
    (f,) = [f for f in changed.findings if f["page"] == 11 and f["rule"] == "parent_sum"]
    assert "303 对个人和家庭的补助" in f["message"] and "《财政拨款基本支出表（按经济分类）》" in f["message"]


def test_a_sentence_changed_in_the_copy_breaks_its_percentage(tmp_path, original):
    # p21: “5.法院（款）案件执行（项）支出775万元，与上年相比减少175万元，减少18.42%” (175 ÷ 950 = 18.42%)
    copy = replace_on_page(COURT, tmp_path / "court-text.pdf", 21, b"(175)", b"(185)")
    assert ("defect", "-18.42", "-19.27") not in findings_on(original, 21, "text_percent")
    changed = read_budget(copy)
    # 185 ÷ (775 + 185) = 19.27%, while the sentence still says 18.42%
    assert ("defect", "-18.42", "-19.27") in findings_on(changed, 21, "text_percent"), changed.findings


def test_the_original_is_not_written_to(tmp_path):
    before = COURT.read_bytes()
    replace_on_page(COURT, tmp_path / "copy.pdf", 21, b"(775)", b"(785)")
    assert COURT.read_bytes() == before
    assert (tmp_path / "copy.pdf").read_bytes().startswith(before[:1000])
