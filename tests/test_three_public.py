"""The “三公” paragraph and 机关运行经费 against the tables and against themselves (checks/three_public):
errors planted in generated documents are reported with their page, the clean originals stay
clean; the real documents' figures are compared with numbers read off their pages."""
from pathlib import Path

import pytest

from budgetlib import load, read_budget
from pdfmaker import budget_pdf

THREE_HEADER = ["年度", "合计", "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"]
THREE_ROWS = [["2023年", "9.00", "1.50", "2.50", "0.00", "5.00"],
              ["2024年", "10.00", "2.00", "3.00", "0.00", "5.00"],
              ["增减变化金额", "1.00", "0.50", "0.50", "0.00", "0.00"]]
AGENCY = ("表十二：机关运行经费支出表", ["科目编码", "科目名称", "机关运行经费支出"],
          [["", "合计", "20.00"], ["302", "商品和服务支出", "20.00"], ["30201", "办公费", "20.00"]])
TEXT = ("第五部分 “三公”经费预算情况\n"
        "2024年“三公”经费预算10.00万元，比上年增加1.00万元。其中：因公出国（境）费2.00万元，比上年增加0.50万元；"
        "公务接待费3.00万元，比上年增加0.50万元，主要原因是会议接待增加0.30万元、外事接待增加0.20万元；"
        "公务用车购置及运行费5.00万元，其中公务用车购置费0.00万元，与上年持平，公务用车运行维护费5.00万元，与上年持平。\n"
        "第六部分 其他\n机关运行经费预算20.00万元，比上年增加2.00万元，增长11.11%。")


def budget_doc(tmp_path, name, text=TEXT, rows=THREE_ROWS):
    tables = [("表九：“三公”经费支出表", THREE_HEADER, rows), AGENCY]
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", tables, text=text))


def reported(budget):
    return {(f["rule"], f["page"]) for f in budget.findings if f["severity"] != "info"}


def test_the_clean_budget_is_clean_and_every_part_is_checked(tmp_path):
    b = budget_doc(tmp_path, "clean")
    assert reported(b) == set(), b.findings
    checked = {(c["rule"], c["name"]) for c in b.checks if c["status"] == "ok"}
    for part in ("total", "overseas_travel", "reception", "vehicle_purchase", "vehicle_operation"):
        assert ("text_three_public", f"three_public.{part}") in checked
    assert ("text_three_public", "three_public.reception_change") in checked
    # 10.00 = 2.00 + 5.00 + 3.00 and 5.00 = 0.00 + 5.00; the changes 1.00 = 0.50 + (0 + 0) + 0.50
    assert ("text_components", "three_public.total") in checked and ("text_components", "three_public.vehicle") in checked
    assert ("text_components", "three_public.total_change") in checked
    assert ("text_change_reasons", "reasons.three_public.reception.explained") in checked  # 0.50 = 0.30 + 0.20
    assert ("text_agency_costs", "agency_operating_costs") in checked


@pytest.mark.parametrize("old, new, rule", [
    ("公务接待费3.00万元", "公务接待费3.50万元", "text_three_public"),      # the table prints 3.00
    ("公务接待费3.00万元", "公务接待费3.50万元", "text_components"),        # 2.00 + 5.00 + 3.50 ≠ 10.00
    ("外事接待增加0.20万元", "外事接待增加0.10万元", "text_change_reasons"),  # 0.30 + 0.10 ≠ 0.50
    ("因公出国（境）费2.00万元，比上年增加0.50万元", "因公出国（境）费2.00万元，比上年增加0.60万元", "text_three_public"),
    ("机关运行经费预算20.00万元", "机关运行经费预算21.00万元", "text_agency_costs"),  # the table's 合计 is 20.00
])
def test_a_planted_error_is_reported_on_its_page(tmp_path, old, new, rule):
    assert old in TEXT
    b = budget_doc(tmp_path, rule, text=TEXT.replace(old, new))
    assert (rule, 2) in reported(b), b.findings


def test_three_public_figures_blanked_in_the_table(tmp_path):
    blank = [THREE_ROWS[0], ["2024年", "", "", "", "", ""], THREE_ROWS[2]]
    b = budget_doc(tmp_path, "blank", rows=blank)
    blanks = {f["printed"] for f in b.findings if f["rule"] == "blank_where_stated" and f["page"] == 2}
    assert {"10.00", "2.00", "3.00", "5.00"} <= blanks, b.findings


FINAL_HEADER = ["项目", "合计", "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"]
FINAL_ROWS = [["预算数", "10.00", "2.00", "3.00", "0.00", "5.00"], ["决算数", "8.00", "1.00", "2.50", "0.00", "4.50"]]
FINAL_TEXT = ("第二部分 部门决算情况说明\n七、“三公”经费财政拨款支出决算情况说明\n"
              "“三公”经费财政拨款支出年初预算为10.00万元，支出决算为8.00万元，完成预算的80.00%。"
              "其中：因公出国（境）费年初预算2.00万元，支出决算1.00万元，完成预算的50.00%；"
              "公务接待费年初预算3.00万元，支出决算2.50万元，完成预算的83.33%；"
              "公务用车运行维护费年初预算5.00万元，支出决算4.50万元，完成预算的90.00%；公务用车购置费支出决算为0.00万元。"
              "2024年度“三公”经费支出决算数小于预算数的主要原因是厉行节约。")


def final_doc(tmp_path, name, text=FINAL_TEXT):
    tables = [("财政拨款“三公”经费支出决算表", FINAL_HEADER, FINAL_ROWS)]
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", tables, text=text, cover="2024年测试局部门决算"))


def test_final_accounts_parts_budget_and_execution_rate(tmp_path):
    b = final_doc(tmp_path, "final-clean")
    assert b.document["kind"] == "决算"
    assert not {r for r, _ in reported(b)} & {"text_three_public", "text_percent", "text_components", "blank_where_stated"}
    checked = {(c["rule"], c["name"]) for c in b.checks if c["status"] == "ok"}
    assert ("text_three_public", "three_public.reception_budget") in checked   # 3.00 = 预算数 row
    assert ("text_three_public", "three_public.reception") in checked          # 2.50 = 决算数 row
    assert ("text_percent", "three_public.reception_rate") in checked          # 2.50 ÷ 3.00 = 83.33%
    assert ("text_components", "three_public.total") in checked                # 8.00 = 1.00 + 0.00 + 4.50 + 2.50


@pytest.mark.parametrize("old, new, rule", [
    ("完成预算的83.33%", "完成预算的88.33%", "text_percent"),
    ("支出决算2.50万元", "支出决算2.60万元", "text_three_public"),
    ("支出决算2.50万元", "支出决算2.60万元", "text_components"),
    ("决算数小于预算数", "决算数大于预算数", "comparison_claim"),  # 8.00 < 10.00, in a sentence of its own
])
def test_final_accounts_planted_error(tmp_path, old, new, rule):
    b = final_doc(tmp_path, rule, text=FINAL_TEXT.replace(old, new))
    assert (rule, 2) in reported(b), b.findings


# -- the real documents ----------------------------------------------------------------------------

REGIONS = Path(__file__).parent / "data" / "regions"
REAL = Path(__file__).parent / "data" / "real"


def checks_of(path, rule):
    return {c["name"]: (c["status"], c["lhs"], c["rhs"]) for c in load(path).checks if c["rule"] == rule}


def test_chongqing_text_against_its_two_year_table():
    """重庆市规划和自然资源局 2026, p5: “2026年“三公”经费预算2,171.85万元，比2025年减少380.65万元。其中：
    因公出国（境）费用321.91万元，比2025年减少21.5万元…公务接待费279.19万元，比2025年减少203.9万元…
    公务用车运行维护费1,228.5万元，比2025年减少39.5万元…公务用车购置费342.25万元，比2025年减少115.75万元”;
    表八 p26 prints 2025年预算数 2,552.50 343.41 1,726.00 458.00 1,268.00 483.09 and 2026年预算数
    2,171.85 321.91 1,570.75 342.25 1,228.50 279.19 (合计, 出国, 小计, 购置, 运行, 接待)."""
    got = checks_of(REGIONS / "2026年重庆市规划和自然资源局部门预算.pdf", "text_three_public")
    assert got["three_public.total"] == ("ok", "2171.85", "2171.85")
    assert got["three_public.total_change"] == ("ok", "-380.65", "-380.65")      # 2,171.85 − 2,552.50
    assert got["three_public.reception_change"] == ("ok", "-203.9", "-203.9")  # 279.19 − 483.09, as stated
    parts = checks_of(REGIONS / "2026年重庆市规划和自然资源局部门预算.pdf", "text_components")
    assert parts["three_public.total"][0] == "ok"          # 321.91 + 342.25 + 1,228.5 + 279.19 = 2,171.85
    assert parts["three_public.total_change"][0] == "ok"   # −21.5 − 115.75 − 39.5 − 203.9 = −380.65


def test_xian_final_accounts_rates_and_budgets():
    """西安市卫生健康委员会 2022 决算, p21: “公务用车运行维护费预算455.12万元，支出决算450.96万元，完成预算的
    99.09%” and “公务接待费预算1.86万元，支出决算0.11万元，完成预算的5.91%”; 表9 p161 prints 预算数
    593.46 591.60 136.48 455.12 1.86 and 决算数 587.55 587.44 136.48 450.96 0.11."""
    path = REGIONS / "西安-卫生健康委员会_2026年部门预算.pdf"
    rates = checks_of(path, "text_percent")
    assert rates["three_public.vehicle_operation_rate"] == ("ok", "99.09", "99.09")
    assert rates["three_public.reception_rate"] == ("ok", "5.91", "5.91")
    got = checks_of(path, "text_three_public")
    assert got["three_public.vehicle_operation_budget"] == ("ok", "455.12", "455.12")
    assert got["three_public.reception"] == ("ok", "0.11", "0.11")


@pytest.mark.parametrize("path, stated, printed", [
    # p21 “财政拨款的机关运行经费预算为2,517.78万元” / p20 机关运行经费预算数 2,517.78
    (REAL / "上海市财政局25年预算.pdf", "2517.78", "2517.78"),
    # p30 “一般公共预算机关运行经费预算支出395.6万元” / p21 表 合计 395.60
    (REGIONS / "2026年苏州市审计局部门预算.pdf", "395.6", "395.6"),
    # p22 “本部门机关运行经费安排444.39万元” / p15 表8 行政经费 合计 444.39
    (REGIONS / "广州-信访局_2026年部门预算.pdf", "444.39", "444.39"),
])
def test_agency_costs_against_the_table_that_prints_them(path, stated, printed):
    assert checks_of(path, "text_agency_costs")["agency_operating_costs"] == ("ok", stated, printed)


def test_xian_weather_text_gives_last_years_three_public_as_this_years():
    """西安市气象局 2022, p13: “2022年本部门当年一般公共预算“三公”经费预算支出0.27万元，较上年增加0.0万元”;
    表13 p30 (元) prints in its 合计 row 2021年 小计 2720, 2022年 0 and 增减 −2720."""
    import re

    import pypdfium2 as pdfium
    path = REGIONS / "西安-气象局_2026年部门预算.pdf"
    doc = pdfium.PdfDocument(str(path))
    p30 = re.sub(r"\s+", "", doc[29].get_textpage().get_text_range())
    doc.close()
    assert "1合计1224027200272000023807140000000000-12240-27200-2720" in p30
    got = checks_of(path, "text_three_public")
    assert got["three_public.total"] == ("break", "0.27", "0.0000")            # 2022年 小计 0 元
    assert got["three_public.total_change"] == ("break", "0.0", "-0.2720")     # −2720 元


@pytest.mark.parametrize("old, new", [
    # 持平 turned into a direction with no amount: the table's 增减 row prints 0.00
    ("公务用车运行维护费5.00万元，与上年持平", "公务用车运行维护费5.00万元，比上年有所增加"),
    # a direction flipped, its amount dropped: the table's 增减 row prints +0.50
    ("因公出国（境）费2.00万元，比上年增加0.50万元", "因公出国（境）费2.00万元，比上年减少"),
])
def test_a_direction_stated_without_an_amount_is_checked(tmp_path, old, new):
    b = budget_doc(tmp_path, "direction", text=TEXT.replace(old, new))
    got = [(f["rule"], f["severity"], f["page"], f["message"]) for f in b.findings if f["rule"] == "change_direction"]
    word, part, change = (("增加", "公务用车运行维护费", "0.00") if "增加" in new else ("减少", "因公出国（境）费", "0.50"))
    assert len(got) == 1 and got[0][:3] == ("change_direction", "defect", 2), got
    assert got[0][3].startswith(f"文字称{part}比上年{word}，“三公”经费表的增减为 {change}"), got


def test_a_direction_without_an_amount_that_holds_is_no_finding(tmp_path):
    b = budget_doc(tmp_path, "direction-ok", text=TEXT.replace("因公出国（境）费2.00万元，比上年增加0.50万元",
                                                                  "因公出国（境）费2.00万元，比上年有所增加"))
    assert reported(b) == set(), b.findings


# 四川 wording: the rates without their 预算数 (the table prints them) and without 的
RATE_ONLY = ("第二部分 部门决算情况说明\n七、“三公”经费财政拨款支出决算情况说明\n"
             "2024年“三公”经费财政拨款支出决算为8.00万元，完成预算80.00%。其中：1.因公出国（境）费支出1.00万元，完成预算50.00%。"
             "2.公务接待费2.50万元，完成预算83.33%。")


@pytest.mark.parametrize("old, new", [(None, None), ("完成预算80.00%", "完成预算60.00%"), ("完成预算83.33%", "完成预算33.83%")])
def test_rates_stated_without_their_budget_are_checked_against_the_table(tmp_path, old, new):
    b = final_doc(tmp_path, f"rate-{new}", text=RATE_ONLY if old is None else RATE_ONLY.replace(old, new))
    held = {(c["name"], c["status"]) for c in b.checks if c["rule"] == "text_percent"}
    if old is None:
        assert {("three_public.total_rate", "ok"), ("three_public.reception_rate", "ok")} <= held
        assert "text_percent" not in {r for r, _ in reported(b)}
    else:
        assert ("text_percent", 2) in reported(b), b.findings
