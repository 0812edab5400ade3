"""Hygiene and text-arithmetic rules: each error planted in a generated document is reported
with its page; the clean original stays free of warnings and defects."""
from decimal import Decimal

import pytest

from budgetlib import read_budget
from budgetlib.checks.final_accounts import basic_funds, carry_forward
from budgetlib.checks.index import TableIndex
from budgetlib.checks.record import Recorder, findings_from_checks
from budgetlib.model import DocumentMeta, Row
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

CLEAN = ("第二部分 部门预算收支总体情况\n"
         "2024年测试局部门预算收入30.00万元，较2023年年初预算减少1.00万元，减少3.2%。\n"
         "2024年测试局部门预算支出30.00万元，较2023年年初预算减少1.00万元，减少3.2%。\n"
         "本年收入预算合计30.00万元，其中：一般公共预算收入30.00万元，占100%。\n"
         "“三公”经费预算10.00万元，较2023年年初预算增加1.00万元。其中：公务接待费3.00万元，占“三公”经费的30.00%；"
         "公务用车运行维护费7.00万元，占“三公”经费的70.00%。\n"
         "本单位无政府性基金预算支出。")
FUND_TITLE = "表十：政府性基金预算支出表"
FUND_EMPTY = [["", "合计", "0.00", "0.00", "0.00"]]


def document(tmp_path, name, text=CLEAN, notes=None, tables=None):
    tables = tables if tables is not None else [
        ("表三：支出总表", EXPENSE_HEADER, expense_rows()),
        (FUND_TITLE, ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"], FUND_EMPTY)]
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", tables, text=text, notes=notes))


def reported(budget, severities=("warning", "defect")):
    return {(f["rule"], f["page"]) for f in budget.findings if f["severity"] in severities}


def test_the_clean_document_is_clean_and_its_text_is_read(tmp_path):
    b = document(tmp_path, "clean")
    assert [f for f in b.findings if f["severity"] != "info"] == []
    n = b.narrative
    assert n.value("three_public.total") == Decimal("10.00") and n.value("three_public.reception") == Decimal("3.00")
    assert n.value("totals.income_change_pct") == Decimal("-3.2")


def test_words_spaced_out_letter_by_letter_are_read(tmp_path):
    spaced = CLEAN.replace("2024年测试局部门预算支出30.00万元", "2 0 2 4 年 测 试 局 部 门 预 算 支 出 3 0 . 0 0 万 元")
    n = document(tmp_path, "spaced", text=spaced).narrative
    assert (Decimal("30.00"), 2) in [(f.value, f.page) for f in n.figures if f.key == "totals.expense"]


@pytest.mark.parametrize("planted, rule, page", [
    (("占“三公”经费的30.00%", "占“三公”经费的31.00%"), "share_claim", 2),  # 3.00 ÷ 10.00 = 30.00%
    (("预算支出30.00万元，较2023年年初预算减少1.00万元", "预算支出30.00万元，较2023年年初预算减少2.00万元"),
     "text_change_mismatch", 2),
    (("收支总体情况", "收支总体情况。。"), "doubled_punctuation", 2),
    (("本单位无政府性基金预算支出。", "本单位无政府性基金预算支出，主要原因是。"), "unfinished_sentence", 2),
    (("较2023年年初预算增加1.00万元", "较2023年年初预算增加（减少）1.00万元"), "template_words", 2),
    (("第二部分 部门预算收支总体情况", "第二部分 2023年部门预算收支总体情况【此处填写】"), "text_year_mismatch", 2),
    (("第二部分 部门预算收支总体情况", "第二部分 部门预算收支总体情况【此处填写】"), "text_placeholder", 2),
    (("本单位无政府性基金预算支出。", ""), "empty_table_unexplained", 4),
    # a heading copied from another unit's document (the cover says 测试局)
    (("第二部分 部门预算收支总体情况", "第二部分 2024年另一局部门预算收支总体情况"), "text_unit_mismatch", 2),
    (("“三公”经费预算10.00万元", "关于“三公”经费，见表9中的10.00万元"), "text_unread", None),
    # the amount and the percent of one change going opposite ways; a change against another year than the last
    (("较2023年年初预算减少1.00万元，减少3.2%。\n2024年测试局部门预算支出", "较2023年年初预算减少1.00万元，增长3.2%。\n"
      "2024年测试局部门预算支出"), "change_direction", 2),
    (("收入30.00万元，较2023年年初预算减少", "收入30.00万元，较2022年年初预算减少"), "text_year_mismatch", 2),
])
def test_planted_error_is_reported_with_its_page(tmp_path, planted, rule, page):
    old, new = planted
    assert old in CLEAN
    text = CLEAN.replace(old, new)
    if rule == "text_unread":  # no other sentence may state the 三公 figures
        text = text.split("其中：公务接待费")[0] + "。\n本单位无政府性基金预算支出。"
    b = document(tmp_path, rule, text=text)
    assert (rule, page) in reported(b), b.findings


def test_a_note_beside_the_table_is_read(tmp_path):
    """The note explaining the empty table sits on the table's own page, under the grid."""
    text = CLEAN.replace("本单位无政府性基金预算支出。", "")
    b = document(tmp_path, "note", text=text, notes={FUND_TITLE: "注：本单位无政府性基金预算支出，此表为空表。"})
    assert ("empty_table_unexplained", 4) not in reported(b)
    assert "此表为空表" in b.narrative.text


def test_a_booklet_of_tables_only_has_no_text_part(tmp_path):
    b = document(tmp_path, "tables", text="目录")
    assert ("no_text_part", None) in reported(b, ("info",))
    assert not any(f["rule"] == "text_unread" for f in b.findings)


def _row(table, name, code, value, measure="决算数"):
    return Row(table, "", code, name, code, "", "", 5, {measure: Decimal(value)})


def _findings(check, rows, kind="决算"):
    class B:  # the two fields the final-accounts checks read
        document = DocumentMeta("x.pdf", "", 10, 2024, "测试局", kind, "区", "万元")
    rec = Recorder()
    check(TableIndex(rows, {}), rec, None, B)
    return [(f.rule, f.printed, f.expected) for f in findings_from_checks(rec.checks)]


def test_final_accounts_personnel_and_public_funds():
    t = "final_gpb_basic_expense"
    rows = {t: [_row(t, "工资福利支出", "301", "2082.85"), _row(t, "对个人和家庭的补助", "303", "69.41"),
                _row(t, "人员经费合计", "", "2152.26"), _row(t, "商品和服务支出", "302", "171.07"),
                _row(t, "资本性支出", "310", "13.58"), _row(t, "公用经费合计", "", "184.66")]}
    # 人员经费 2082.85 + 69.41 = 2152.26 holds; 公用经费 171.07 + 13.58 = 184.65, printed 184.66
    assert _findings(basic_funds, rows) == [("final_funds_split", "184.66", "184.65")]
    assert _findings(basic_funds, rows, kind="预算") == []


def test_final_accounts_carry_forward():
    t = "final_income_expense_summary"
    rows = {t: [_row(t, "收入:年初结转和结余", "", "49.14"), _row(t, "收入:本年收入合计", "", "2946.25"),
                _row(t, "支出:本年支出合计", "", "2940.05"), _row(t, "支出:年末结转和结余", "", "55.44")]}
    # 49.14 + 2946.25 − 2940.05 = 55.34, printed 55.44
    assert _findings(carry_forward, rows) == [("carry_forward", "55.44", "55.34")]


FINAL = ("第二部分 部门决算情况说明\n2024年度测试局收入支出总计30.00万元。\n"
         "“三公”经费财政拨款支出年初预算为2.00万元，支出决算为1.50万元，完成年初预算的75.00%，决算数小于预算数。\n"
         "本单位无政府性基金预算支出。")


@pytest.mark.parametrize("planted, rule", [
    (("完成年初预算的75.00%", "完成年初预算的80.00%"), "text_percent"),  # 1.50 ÷ 2.00 = 75.00%
    (("决算数小于预算数", "决算数大于预算数"), "comparison_claim"),
])
def test_final_accounts_text_against_its_own_numbers(tmp_path, planted, rule):
    clean = document(tmp_path, "final-clean", text=FINAL)
    assert not {(r, p) for r, p in reported(clean) if r in ("text_percent", "comparison_claim")}
    b = document(tmp_path, rule, text=FINAL.replace(*planted))
    assert (rule, 2) in reported(b), b.findings


def test_an_empty_table_printing_its_header_alone_needs_a_note(tmp_path):
    text = CLEAN.replace("本单位无政府性基金预算支出。", "")
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows()), (FUND_TITLE, EXPENSE_HEADER, [])]
    assert ("empty_table_unexplained", 4) in reported(document(tmp_path, "header-only", text=text, tables=tables))
    noted = document(tmp_path, "header-only-noted", text=text, tables=tables,
                     notes={FUND_TITLE: "注：本表本年无发生额。"})
    assert ("empty_table_unexplained", 4) not in reported(noted)


def test_a_table_its_own_note_calls_empty_that_prints_amounts(tmp_path):
    text = CLEAN.replace("本单位无政府性基金预算支出。", "")
    fund = [["", "合计", "5.00", "0.00", "5.00"], ["229", "其他支出", "5.00", "0.00", "5.00"]]
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows()), (FUND_TITLE, EXPENSE_HEADER, fund)]
    b = document(tmp_path, "noted-but-full", text=text, tables=tables, notes={FUND_TITLE: "注：此表为空表。"})
    assert ("declared_empty", 4) in reported(b), b.findings
    clean = document(tmp_path, "full", text=text, tables=tables)
    assert ("declared_empty", 4) not in reported(clean)


FINAL_FUND = "政府性基金预算财政拨款收入支出决算表"
FINAL_FUND_HEADER = ["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]


def test_final_accounts_empty_tables(tmp_path):
    """决算: “本部门2024年度没有政府性基金预算财政拨款收入，也没有使用…安排的支出” (the unit's year, not
    本部门, may open it) against a table that prints amounts; an all-zero 决算 table without a note."""
    said = "第二部分 部门决算情况说明\n测试局2024年度没有使用政府性基金预算财政拨款安排的支出。"
    full = [["", "合计", "0.00", "5.00", "5.00", "0.00"]]
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows()), (FINAL_FUND, FINAL_FUND_HEADER, full)]
    pdf = budget_pdf(tmp_path / "final-full.pdf", tables, text=said, cover="2024年测试局部门决算")
    assert ("declared_empty", 2) in reported(read_budget(pdf))
    zeros = [["", "合计", "0.00", "0.00", "0.00", "0.00"]]
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows()), (FINAL_FUND, FINAL_FUND_HEADER, zeros)]
    pdf = budget_pdf(tmp_path / "final-zero.pdf", tables, text="第二部分 部门决算情况说明", cover="2024年测试局部门决算")
    assert ("empty_table_unexplained", 4) in reported(read_budget(pdf))


@pytest.mark.parametrize("old, new", [
    ("“三公”经费预算10.00万元", "“三公”经费预算为万元"),
    ("占“三公”经费的30.00%", "占“三公”经费的%"),
])
def test_an_amount_left_blank_in_the_text(tmp_path, old, new):
    assert ("blank_amount", 2) in reported(document(tmp_path, "blank", text=CLEAN.replace(old, new)))


@pytest.mark.parametrize("date, wrong", [("截至2024年12月31日", False), ("截至2024年12月30日", True),
                                         ("截至2023年12月31日", True), ("截至2024年2月30日", True)])
def test_a_final_accounts_cut_off_date_is_its_year_end(tmp_path, date, wrong):
    text = f"第二部分 部门决算情况说明\n{date}，测试局共有车辆2辆。"
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows())]
    b = read_budget(budget_pdf(tmp_path / "cut-off.pdf", tables, text=text, cover="2024年测试局部门决算"))
    assert (("year_mismatch", 2) in reported(b)) == wrong, b.findings


def test_a_money_unit_sentence_is_no_blank_amount(tmp_path):
    text = CLEAN + "\n本表金额单位为万元，转换为万元时可能存在尾差。"
    assert not {r for r, _ in reported(document(tmp_path, "unit-words", text=text))} & {"blank_amount"}


def test_a_percent_of_a_part_after_a_change_is_no_direction_claim(tmp_path):
    text = CLEAN.replace("减少1.00万元，减少3.2%", "减少1.00万元，其中工资增长3.2%", 1)
    assert "其中工资增长3.2%" in text
    assert "change_direction" not in {r for r, _ in reported(document(tmp_path, "part", text=text))}
    flipped = CLEAN.replace("减少1.00万元，减少3.2%", "减少1.00万元，同比增长3.2%", 1)
    assert ("change_direction", 2) in reported(document(tmp_path, "flipped", text=flipped))


def test_a_unit_document_calling_itself_a_department_is_noted(tmp_path):
    """A 单位预算 (its cover says so) whose text says 本部门 or 2024年部门预算 gets an info finding
    on that page; a 部门预算 saying 本单位 (usual wording, CLEAN does) gets none."""
    assert not any(f["rule"] == "unit_wording" for f in document(tmp_path, "clean").findings)
    text = CLEAN.replace("部门预算", "单位预算").replace("本单位无政府性基金", "本部门无政府性基金")
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows()),
              (FUND_TITLE, ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"], FUND_EMPTY)]
    clean_unit = read_budget(budget_pdf(tmp_path / "unit.pdf", tables, cover="2024年测试局单位预算",
                                        text=text.replace("本部门", "本单位")))
    assert not any(f["rule"] == "unit_wording" for f in clean_unit.findings)
    b = read_budget(budget_pdf(tmp_path / "unit-planted.pdf", tables, cover="2024年测试局单位预算", text=text))
    assert [(f["severity"], f["page"], f["message"]) for f in b.findings if f["rule"] == "unit_wording"] == [
        ("info", 2, "本文件为单位预算，文字却写作“本部门”（部门/单位用词不一致）")]
