"""A published 决算 altered the way a reviewer alters one (placeholder unit name, a removed table,
blanked “三公” figures, a year typo in a heading, flipped 大于/等于/小于, a wrong 截至 date,
doubled punctuation, a wrong 完成…%): each alteration of 上海市普陀区财政局 2024 决算 gets a
finding of its own kind on its page, and nothing else changes.

The document's text is CID-encoded (ONLYOFFICE), so its sentences are altered in the text layer
the reader gets (one page's text, in memory) instead of in the PDF's content bytes; a table is
removed from a real copy of the PDF."""
from collections import Counter

import pytest

import budgetlib.pipeline as pipeline
from budgetlib import read_budget
from conftest import REAL

PDF = REAL / "上海市普陀区财政局2024年度部门决算.pdf"


def serious(budget) -> Counter:
    return Counter((f["rule"], f["page"]) for f in budget.findings if f["severity"] != "info")


def read_altered(monkeypatch, page: int, old: str, new: str):
    opened = pipeline.open_source

    def altered(*args, **kwargs):
        source = opened(*args, **kwargs)
        text = source.texts[page - 1]
        assert old in text, f"{old!r} is not on page {page}"
        source.texts[page - 1] = text.replace(old, new, 1)
        return source

    monkeypatch.setattr(pipeline, "open_source", altered)
    return read_budget(PDF)


@pytest.fixture(scope="module")
def original():
    return serious(read_budget(PDF))


def test_the_original_has_only_its_own_errors(original):
    # p6/p12 print 208 as 326.71 where the 支出 tables print 326.72; p21 says 财政拨款收入支出总计0.3万元
    # (the table: 2,961.68) and 一般公共服务支出（类）2106.66万元，占71.73% (of 2,940.05: 71.65%)
    assert original == Counter({("cross_code", 6): 1, ("cross_code", 12): 1, ("text_total", 21): 1,
                                ("share_claim", 21): 1})


ALTERATIONS = [
    # (page, printed, altered, the finding it must add)
    (21, "上海市普陀区财政局2024年度收入支出总计", "XX单位2024年度收入支出总计", "placeholder_text"),
    (21, "上海市普陀区财政局2024年度部门决算情况", "上海市普陀区财政局2042年度部门决算情况", "text_year_mismatch"),
    # p21: "支出决算为2940.05万元，完成年初预算的98.20%。 决算数小于预算数的主要原因：…" (年初预算 2993.92)
    (21, "决算数小于预算数", "决算数大于预算数", "comparison_claim"),
    (21, "决算数小于预算数", "决算数等于预算数", "comparison_claim"),
    (21, "98.20%", "98.30%", "text_percent"),
    (21, "减少56.95万元，下降1.87%", "减少56.95万元，增长1.87%", "change_direction"),
    (21, "与2023年度相比，收入", "与2022年度相比，收入", "text_year_mismatch"),
    (23, "上海市普陀区财政局2024年度无政府性基金", "上海市普陀区财政局2025年度无政府性基金", "text_year_mismatch"),
    # p21: "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%" (after the 收入 list with no 。 between)
    (21, "本年支出合计2940.05万元", "本年支出合计0万元", "text_total"),
    (21, "基本支出2336.91万元，占79.49%", "基本支出2336.91万元，占97.49%", "share_claim"),
    # p22: "年初预算为 10.00 万元，支出决算为10.00万元。\r\n决算数与预算数基本持平。"
    (22, "支出决算为10.00万元。\r\n决算数与预算数基本持平", "支出决算为10.00万元。\r\n决算数大于预算数", "comparison_claim"),
    (21, "主要原因：基本支出", "主要原因：：基本支出", "doubled_punctuation"),
    (21, "与2023年度相比，收入", "与2023年度相比，，收入", "doubled_punctuation"),
    # p23: "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，…
    #       2024年度“三公”经费支出决算数小于预算数的主要原因：当年度无“三公”经费支出。"
    (23, "支出决算数小于预算数", "支出决算数大于预算数", "comparison_claim"),
    (23, "年初预算为0.95万元", "年初预算为万元", "blank_amount"),
    (23, "公用经费184.65万元", "公用经费万元", "blank_amount"),
    # p24: "截至2024年12月31日"
    (24, "2024年12月31日", "2023年12月31日", "year_mismatch"),
    (24, "2024年12月31日", "2024年11月31日", "year_mismatch"),
]


@pytest.mark.slow
@pytest.mark.parametrize("page, old, new, rule", ALTERATIONS, ids=[f"p{a[0]}-{a[3]}-{a[2][:12]}" for a in ALTERATIONS])
def test_each_alteration_is_reported_on_its_page(monkeypatch, original, page, old, new, rule):
    added = serious(read_altered(monkeypatch, page, old, new)) - original
    assert added == Counter({(rule, page): 1})


def test_a_removed_table_is_reported(tmp_path, original):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(PDF))
    pdf.del_page(17)  # p18: 财政拨款“三公”经费支出决算表, listed in the 目录 as 七
    copy = tmp_path / "removed.pdf"
    pdf.save(str(copy))
    b = read_budget(copy)
    missing = [f for f in b.findings if f["rule"] == "table_missing"]
    assert [(f["severity"], f["table"]) for f in missing] == [("warning", "final_three_public")]
    assert "财政拨款“三公”经费支出决算表" in missing[0]["message"]
