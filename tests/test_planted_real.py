"""Errors planted in COPIES of a published PDF: one printed number of a page's content stream
replaced by another of the same length (tests/realedit.py, an incremental update). The right
finding must appear on that page; the original stays free of it.

江苏省高级人民法院 2019 prints its digits in a WinAnsi TrueType font, as plain bytes ``(6.53) Tj``,
so they can be edited. The other four real documents print every digit as a glyph id of an
Identity-H CID font (<0015><0013>…) and were not edited here; a second document of another region,
苏州市审计局 2026 (WinAnsi digits as well), is edited below (its 。 is a CID glyph: no doubled
punctuation is planted)."""
from pathlib import Path

import pytest

from budgetlib import load, read_budget
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


# 苏州市审计局 2026 预算 (tests/data/regions) prints its digits in a WinAnsi TrueType font too, as
# (4,651.67) Tj. One copy carries four planted errors on two pages: one read of the copy.
SUZHOU = Path(__file__).parent / "data" / "regions" / "2026年苏州市审计局部门预算.pdf"
SUZHOU_PLANTS = [
    # p11 支出总表: “22102 住房改革支出 1,302.95” = 345.48 + 555.50 + 401.97; its item 2210202 提租补贴 555.50 → 556.50
    (11, b"(555.50)", b"(556.50)"),
    # p23: “苏州市审计局2026年度收入、支出预算总计4,651.67万元” → 4,651.76 (收支总表 p9 prints 4,651.67)
    (23, b"(4,651.67)", b"(4,651.76)"),
    # p23: “增加47.15万元，增长1.02%” (47.15 ÷ 4,604.52 = 1.02%) → 1.20%
    (23, b"(1.02%)", b"(1.20%)"),
    # p23 heading “第三部分 2026年度部门预算情况说明”, its digits printed one by one: the 6 → 5
    (23, b"(6)", b"(5)"),
    # p26: “财政拨款收、支总预算4,651.67万元” → 4,651.76 (财政拨款收支总表 p13 prints 收入总计 4,651.67)
    (26, b"(4,651.67)", b"(4,651.76)"),
    # p24: “(1)一般公共服务支出（类）支出2,906.63万元，…。与上年相比减少17.08万元，减少0.58%” → 0.85%
    # (17.08 ÷ 2,923.71 = 0.58%: a change in a sentence of its own, its base the sentence before)
    (24, b"(0.58%)", b"(0.85%)"),
]


@pytest.fixture(scope="module")
def suzhou_planted(tmp_path_factory):
    path = SUZHOU
    for i, (page, old, new) in enumerate(SUZHOU_PLANTS):
        path = replace_on_page(path, tmp_path_factory.mktemp("suzhou") / f"plant{i}.pdf", page, old, new)
    return read_budget(path)


@pytest.mark.parametrize("rule,severity,page,printed,expected", [
    ("parent_sum", "defect", 11, "1302.95", "1303.95"),      # 345.48 + 556.50 + 401.97 = 1,303.95
    ("text_total", "defect", 23, "4651.76", "4651.67"),
    ("text_percent", "defect", 23, "1.20", "1.02"),
    ("text_year_mismatch", "warning", 23, None, None),        # 2025年度部门预算 in a 2026 budget
    ("text_total", "defect", 26, "4651.76", "4651.67"),      # the 财政拨款 total against its table
    ("text_percent", "defect", 24, "-0.85", "-0.58"),
])
def test_an_error_planted_in_a_second_document_is_reported_on_its_page(suzhou_planted, rule, severity, page, printed, expected):
    original = [(f["rule"], f["page"]) for f in load(SUZHOU).findings if f["severity"] != "info"]
    assert (rule, page) not in original
    got = [(f["severity"], f["printed"], f["expected"]) for f in suzhou_planted.findings if (f["rule"], f["page"]) == (rule, page)]
    assert (severity, printed, expected) in got, suzhou_planted.findings


def test_the_second_documents_copy_has_no_other_new_finding(suzhou_planted):
    new = {(f["rule"], f["page"]) for f in suzhou_planted.findings if f["severity"] != "info"}
    # the planted 556.50 also breaks its own row: 合计 556.50 ≠ 基本支出 555.50 + four blank columns
    # (blank cells count as 0 and no longer widen the rounding allowance to 0.5 a term)
    assert new == {("parent_sum", 11), ("subtotal_sum", 11), ("text_total", 23), ("text_percent", 23),
                   ("text_year_mismatch", 23), ("text_total", 26), ("text_percent", 24)}


def test_a_reason_changed_in_the_copy_no_longer_adds_up(tmp_path):
    # p18 (the list begins on p17 after “与上年相比…各增加4016.19万元，增长12.11%。主要原因是…”): “单位预留机动经费增加
    # 1753.34万元”, printed digit by digit, → 1763.34; 3397.18 − 1134.33 + 1763.34 = 4026.19
    copy = replace_on_page(COURT, tmp_path / "court-reason.pdf", 18, b"(1)4(7)-3(5)-3(3)4(.)-3(3)-3(4)",
                           b"(1)4(7)-3(6)-3(3)4(.)-3(3)-3(4)")
    assert [f for f in load(COURT).findings if f["rule"] == "text_change_reasons"] == []
    got = [(f["severity"], f["page"], f["printed"], f["expected"]) for f in read_budget(copy).findings
           if f["rule"] == "text_change_reasons"]
    assert ("warning", 17, "4016.19", "4026.19") in got, got


CHANGSHA = Path(__file__).parent / "data" / "regions" / "2026年长沙市公安局2025年部门预算.pdf"


def test_a_class_amount_changed_in_the_copy_differs_from_its_table(tmp_path):
    # p8: “一般公共预算拨款支出68632.12万元，其中：一般公共服务支出3.00万元，占0.00%；公共安全支出68629.12万元，
    # 占100.00%” → 68639.12; p18 一般公共预算支出表 prints 204 公共安全支出 68629.12
    copy = replace_on_page(CHANGSHA, tmp_path / "changsha-class.pdf", 8, b"(68629.12)", b"(68639.12)")
    assert [f for f in load(CHANGSHA).findings if f["rule"] == "text_class"] == []
    got = {(f["rule"], f["severity"], f["page"], f["printed"], f["expected"]) for f in read_budget(copy).findings
           if f["page"] == 8}
    assert ("text_class", "defect", 8, "68639.12", "68629.12") in got, got
    assert ("share_claim", "defect", 8, "100.00", "100.01") in got, got  # 68639.12 ÷ 68632.12


# 苏州市审计局 2026 again, a copy with the “三公” and 机关运行经费 figures altered:
THREE_PUBLIC_PLANTS = [
    # p18 表 prints “三公”经费合计 10.00 … 公务接待费 10.00: the 公务接待费 cell blanked
    (18, b"(10.00)", b"(     )", 1),
    # p29 “…安排的“三公”经费支出预算10万元，比上年预算减少3万元” → 12 (the table prints 10.00; the parts
    # 0 + 0 + 10 the same paragraph states add up to 10; “公务接待费支出10万元，占“三公”经费的100%”)
    (29, b"(10)", b"(12)", 0),
    # p30 “一般公共预算机关运行经费预算支出395.6万元” → 395.8 (表十二 p21 合计 395.60)
    (30, b"(395.6)", b"(395.8)", 0),
]


@pytest.fixture(scope="module")
def suzhou_three_public(tmp_path_factory):
    path = SUZHOU
    for i, (page, old, new, nth) in enumerate(THREE_PUBLIC_PLANTS):
        path = replace_on_page(path, tmp_path_factory.mktemp("suzhou3") / f"plant{i}.pdf", page, old, new, nth)
    return read_budget(path)


def test_three_public_errors_planted_in_a_real_copy_are_reported_on_their_pages(suzhou_three_public):
    original = {(f["rule"], f["page"]) for f in load(SUZHOU).findings if f["severity"] != "info"}
    got = {(f["rule"], f["page"], f["printed"], f["expected"]) for f in suzhou_three_public.findings
           if f["severity"] != "info"}
    assert ("text_three_public", 29, "12", "10.00") in got           # text total vs the table's 合计
    assert ("text_components", 29, "12", "10") in got                # 0 + 0 + 10
    assert ("share_claim", 29, "100", "83") in got                   # 10 ÷ 12, at the printed precision
    assert ("blank_where_stated", 29, "10", "0") in got              # 公务接待费 stated, its cell blank
    assert ("text_agency_costs", 30, "395.8", "395.60") in got
    assert not {(r, p) for r, p, _, _ in got} & original
    # and the table's own 合计 10.00 no longer adds up on p18 (the blank counts as 0)
    assert {(r, p) for r, p, _, _ in got} == {("text_three_public", 29), ("text_components", 29), ("share_claim", 29),
                                              ("blank_where_stated", 29), ("text_agency_costs", 30), ("row_total_sum", 18)}
