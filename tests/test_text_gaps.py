"""The text part's remaining gaps (issue #12): a footnote that cuts a list of reasons at a page
break, reasons of money moved (结转/划转) with no direction word, a change after a sentence
stating a plan and its outcome, a total's change stated without its subject after the list of
its parts. Each is read off the named page of a real document (page text quoted) and, planted
wrong in a generated document, reported on its page."""
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlib import load, read_budget
from budgetlib.read.narrative import page_text, read_narrative
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

REGIONS = Path(__file__).parent / "data" / "regions"
PLANNING = REGIONS / "2026年重庆市规划和自然资源局部门预算.pdf"
PUBLICITY = REGIONS / "2026年重庆市委宣传部部门预算.pdf"
HEALTH = REGIONS / "西安-卫生健康委员会_2026年部门预算.pdf"


def figures(narrative, prefix):
    return [(f.key, f.value, f.page) for f in narrative.figures if f.key.startswith(prefix)]


def checks(budget, rule, name_prefix):
    return [(c["lhs"], c["rhs"], c["status"]) for c in budget.checks if c["rule"] == rule and c["name"].startswith(name_prefix)]


def generated(tmp_path, name, pages):
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows())]
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", tables, text=pages))


def reported(budget, rule):
    return [(f["severity"], f["page"]) for f in budget.findings if f["rule"] == rule]


# -- 1) a footnote at the foot of a page, inside a sentence that runs on --------------------------

def test_a_footnote_does_not_cut_a_list_of_reasons():
    # 重庆规划 p3 ends “…收入比 2025 年减少 29,815.76 万元，主要是事业单位经营收入资金减少 16,897.63 万元，其他
    # 收入资金减少 21,159.85 万元，” then its footnote “* 因预算单位三定方案暂未完成变更备案，…下同。”; p4 opens
    # “政府性基金预算拨款减少 368.01 万元，一般公共预算拨款增加 8,347.73 万元，事业收入资金增加 262 万元。”
    # −16,897.63 − 21,159.85 − 368.01 + 8,347.73 + 262 = −29,815.76
    b = load(PLANNING)
    assert [(v, p) for _, v, p in figures(b.narrative, "explained.1.reasons.")] == [
        (Decimal("-16897.63"), 3), (Decimal("-21159.85"), 3), (Decimal("-368.01"), 4), (Decimal("8347.73"), 4),
        (Decimal("262"), 4)]
    assert checks(b, "text_change_reasons", "explained.1.") == [("-29815.76", "-29815.76", "ok")]
    assert "*因预算单位三定方案暂未完成变更备案" in b.narrative.text  # moved, not dropped


def test_a_footnote_after_a_finished_sentence_stays_where_it_is():
    pages = [(3, "收入30.00万元。\n* 注：下同。"), (4, "支出30.00万元。")]
    assert page_text(pages).s == "收入30.00万元。*注:下同。支出30.00万元。"
    pages = [(3, "收入30.00万元，\n* 注：下同"), (4, "比上年增加1.00万元。其他。")]
    assert page_text(pages).s == "收入30.00万元,比上年增加1.00万元。*注:下同。其他。"


CUT = ["第二部分 部门预算收支总体情况\n专项资金比2023年减少1.00万元，主要是甲项目减少0.60万元，\n"
       "* 因机构改革，部门名称暂未调整，下同。",
       "乙项目减少0.40万元。\n本单位无政府性基金预算支出。"]


@pytest.mark.parametrize("planted, expected", [(None, "ok"), ("乙项目减少0.50万元", "break")])
def test_a_reason_after_a_page_footnote_counts_in_a_generated_document(tmp_path, planted, expected):
    pages = [CUT[0], CUT[1].replace("乙项目减少0.40万元", planted)] if planted else CUT
    b = generated(tmp_path, f"cut-{expected}", pages)
    assert [v for _, v, _ in figures(b.narrative, "explained.1.reasons.")] == [
        Decimal("-0.60"), Decimal("-0.50") if planted else Decimal("-0.40")]
    assert ("warning", 2) in reported(b, "text_change_reasons") if planted else reported(b, "text_change_reasons") == []


# -- 2) reasons of money moved: the sign of the change they explain -------------------------------

def test_money_carried_over_or_moved_in_explains_an_increase():
    # 重庆宣传 p4: “2026年政府性基金预算财政拨款收入4,066.60万元,…比2025年增加1,066.60万元,主要原因是2025年度结转
    # 1,036.60万元,市文化旅游委划转红岩文化中心川渝红色故事讲解员大赛资金30万元。” 1,036.60 + 30 = 1,066.60
    b = load(PUBLICITY)
    (change,) = [f for f in b.narrative.figures if f.key.endswith(".change") and f.value == Decimal("1066.60")]
    base = change.key.removesuffix(".change")
    assert [(v, p) for _, v, p in figures(b.narrative, base + ".reasons.")] == [(Decimal("1036.60"), 4), (Decimal("30"), 4)]
    assert checks(b, "text_change_reasons", base + ".") == [("1066.60", "1066.60", "ok")]


@pytest.mark.parametrize("text, values", [
    ("比2025年减少50.00万元，主要原因是2025年度结转30.00万元，划转资金20.00万元。", ["-30.00", "-20.00"]),
    ("比2025年增加50.00万元，主要原因是新增项目60.00万元，划出资金10.00万元。", ["60.00", "-10.00"]),
])
def test_the_sign_of_money_moved_comes_from_the_change_or_the_word_out(text, values):
    n = read_narrative([(2, text)])
    assert [v for _, v, _ in figures(n, "explained.1.reasons.")] == [Decimal(v) for v in values]


MOVED = ["第二部分 部门预算收支总体情况\n专项资金比2023年增加3.00万元，主要原因是2023年度结转2.00万元，"
         "市某委划转某项资金1.00万元。\n本单位无政府性基金预算支出。"]


@pytest.mark.parametrize("planted, expected", [(None, "ok"), ("某项资金1.50万元", "break")])
def test_a_wrong_amount_moved_in_is_reported_in_a_generated_document(tmp_path, planted, expected):
    pages = [MOVED[0].replace("某项资金1.00万元", planted)] if planted else MOVED
    b = generated(tmp_path, f"moved-{expected}", pages)
    assert [s for _, _, s in checks(b, "text_change_reasons", "explained.1.")] == [expected]
    assert ("warning", 2) in reported(b, "text_change_reasons") if planted else reported(b, "text_change_reasons") == []


# -- 3) a change after a sentence stating a plan and its outcome ------------------------------------

def test_a_change_after_a_plan_and_its_outcome_is_the_outcomes():
    # 西安卫健委 p11: “2022年度一般公共预算财政拨款支出年初预算139,217.01万元,支出决算296,047.75万元,完成年初预算的
    # 212.65%,占本年支出合计的14.27%。与上年相比,财政拨款支出减少17,151.62万元,下降5.48%” —
    # 17,151.62 ÷ (296,047.75 + 17,151.62) = 5.48%
    b = load(HEALTH)
    got = {(k.rsplit(".", 1)[-1], v, p) for k, v, p in figures(b.narrative, "changes.")}
    assert {("value", Decimal("296047.75"), 11), ("change", Decimal("-17151.62"), 11),
            ("change_pct", Decimal("-5.48"), 11)} <= got
    assert ("-5.48", "-5.48", "ok") in checks(b, "text_percent", "changes.")


@pytest.mark.parametrize("text", [
    "支出30.00万元，收入20.00万元。与上年相比，减少1.00万元，下降3.23%。",  # two amounts, neither an outcome
    "支出决算30.00万元，年初预算20.00万元。与上年相比，减少1.00万元，下降3.23%。",  # the plan last: not the pattern
])
def test_a_change_after_two_amounts_of_no_plan_and_outcome_is_not_guessed(text):
    assert figures(read_narrative([(2, text)]), "changes.") == []


PLAN = ("一般公共预算财政拨款支出决算情况说明\n本年度专项经费年初预算20.00万元，支出决算30.00万元，完成年初预算的150.00%。"
        "与上年相比，专项经费减少1.00万元，下降3.23%。\n本单位无政府性基金预算支出。")


@pytest.mark.parametrize("planted, expected", [(None, "ok"), ("下降3.32%", "break")])
def test_a_wrong_percent_after_a_plan_and_outcome_is_reported_in_a_generated_document(tmp_path, planted, expected):
    # 1.00 ÷ (30.00 + 1.00) = 3.23%
    b = generated(tmp_path, f"plan-{expected}", [PLAN.replace("下降3.23%", planted) if planted else PLAN])
    assert [s for lhs, _, s in checks(b, "text_percent", "changes.") if lhs.startswith("-3.")] == [expected]
    if planted:
        assert ("defect", 2) in reported(b, "text_percent")


# -- 4) a total's change after the list of its parts ----------------------------------------------

@pytest.mark.parametrize("path, page, value", [
    # 重庆宣传 p3: “(二)支出预算:2026年年初预算数45,369.18万元。按支出功能分类,包括一般公共服务支出22,022.92万元,…
    # 住房保障支出662.86万元。比2025年增加2,734.52万元,主要是基本支出增加659.75万元,项目支出增加2,074.77万元。”
    (PUBLICITY, 3, "2734.52"),
    # 重庆规划 p4: “(二)支出预算:2026年年初预算数583,429.56万元。按支出功能分类,包括教育支出54.94万元,…。
    # 比2025年减少29,815.76万元,主要是基本支出增加9,481.64万元,项目支出减少39,297.4万元。”
    (PLANNING, 4, "-29815.76"),
])
def test_a_change_after_the_parts_of_a_total_is_the_totals(path, page, value):
    assert figures(load(path).narrative, "totals.expense_change") == [("totals.expense_change", Decimal(value), page)]


def test_a_change_after_a_sentence_that_is_no_list_of_parts_is_not_the_totals():
    text = "(二)支出预算:2026年年初预算数30.00万元。主要用于日常运转20.00万元。比2025年增加1.00万元。"
    assert figures(read_narrative([(2, text)]), "totals.expense_change") == []


# -- 5) 类 lists under the department's total and under the 政府性基金, and shares of a list apart --

@pytest.mark.parametrize("path, page, whole, classes", [
    # 重庆宣传 p3: “(二)支出预算:2026年年初预算数45,369.18万元。按支出功能分类,包括一般公共服务支出22,022.92万元,教育支出
    # 9.30万元,文化旅游体育与传媒支出19527.61万元,社会保障和就业支出2,164.46万元,卫生健康支出610.90万元,资源勘探工业信息等
    # 支出371.13万元,住房保障支出662.86万元。” — 支出总表 p12 prints the same 类 totals
    (PUBLICITY, 3, "45369.18", ["22022.92", "9.30", "19527.61", "2164.46", "610.90", "371.13", "662.86"]),
    # 重庆规划 p4: “(二)支出预算:2026年年初预算数583,429.56万元。按支出功能分类,包括教育支出54.94万元,社会保障和就业支出
    # 25,763.40万元,卫生健康支出6,640.61万元,住房保障支出6,931.53万元,城乡社区支出49,055.17万元,农林水支出650万元,
    # 资源勘探工业信息等支出1,939.87万元,自然资源海洋气象等支出471,504.37万元,灾害防治及应急管理支出20,889.67万元。”
    (PLANNING, 4, "583429.56", ["54.94", "25763.40", "6640.61", "6931.53", "49055.17", "650", "1939.87", "471504.37",
                                "20889.67"]),
])
def test_the_departments_spending_by_class_is_read_and_checked_against_its_table(path, page, whole, classes):
    b = load(path)
    assert figures(b.narrative, "dept_classes.1.whole") == [("dept_classes.1.whole", Decimal(whole), page)]
    assert [v for k, v, _ in figures(b.narrative, "dept_classes.1.") if k.endswith(".amount")] == [Decimal(c) for c in classes]
    assert checks(b, "text_total", "dept_classes.1.whole") == [(whole, whole, "ok")]
    assert checks(b, "text_class", "dept_classes.1.") == [(c, c, "ok") for c in classes]


HEADER = ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"]
CLASS_ROWS = [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "20.00", "10.00", "10.00"],
              ["20101", "人大事务", "20.00", "10.00", "10.00"], ["2010101", "行政运行", "20.00", "10.00", "10.00"],
              ["212", "城乡社区支出", "10.00", "0.00", "10.00"], ["21208", "国有土地使用权出让收入安排的支出", "10.00", "0.00", "10.00"],
              ["2120801", "征地和拆迁补偿支出", "10.00", "0.00", "10.00"]]
LISTS = {  # scope → (its table's title, the text: the total, then its 类 in a sentence of their own)
    "dept_classes": ("表三：支出总表", "（二）支出预算：2024年年初预算数30.00万元。按支出功能分类，包括一般公共服务支出20.00万元，"
                                      "占66.67%；城乡社区支出10.00万元，占33.33%。"),
    "fund_classes": ("表十：政府性基金预算支出表", "2024年政府性基金预算支出30.00万元。其中：一般公共服务支出20.00万元，"
                                                "占66.67%；城乡社区支出10.00万元，占33.33%。"),
    "gpb_classes": ("表五：一般公共预算支出表（按功能科目）", "2024年一般公共预算当年拨款30.00万元。一般公共服务（类）支出20.00万元，"
                                                       "占66.67%；城乡社区（类）支出10.00万元，占33.33%。"),
}


@pytest.mark.parametrize("scope", sorted(LISTS))
@pytest.mark.parametrize("planted, rules", [
    (None, set()),
    (("城乡社区支出10.00万元", "城乡社区支出11.00万元"), {"text_class", "share_claim"}),  # 11 ≠ the table's 10; 11/30 = 36.67%
    (("占33.33%", "占33.38%"), {"share_claim"}),  # 10.00 ÷ 30.00 = 33.33%
])
def test_a_class_list_planted_wrong_is_reported_in_a_generated_document(tmp_path, scope, planted, rules):
    title, text = LISTS[scope]
    if planted:
        old, new = planted
        old, new = (old.replace("支出", "（类）支出"), new.replace("支出", "（类）支出")) if scope == "gpb_classes" else (old, new)
        assert old in text
        text = text.replace(old, new)
    b = read_budget(budget_pdf(tmp_path / f"{scope}.pdf", [(title, HEADER, CLASS_ROWS)],
                               text=["第二部分 部门预算收支总体情况\n" + text]))
    assert len([f for f in b.narrative.figures if f.key.startswith(scope + ".1.") and f.key.endswith(".amount")]) == 2
    got = {(c["rule"], c["status"]) for c in b.checks if c["name"].startswith(scope + ".")}
    assert ("text_class", "ok" if "text_class" not in rules else "break") in got
    wrong = {f["rule"] for f in b.findings if f["severity"] == "defect" and f["page"] == 2}
    assert wrong & {"text_class", "share_claim", "text_total"} == rules, b.findings


# -- 6) a change after a clause saying what the money is for ---------------------------------------

def test_a_change_after_a_long_purpose_clause_is_the_amounts():
    # 杭州 p13: “公务用车运行维护费支出424.80万元，主要用于公务用车燃料费、新能源汽车充电费、维修费、过桥过路费、保险费、
    # 安全奖励费用等支出，比上年预算数减少32.00万元，下降7.0%” — 32.00 ÷ (424.80 + 32.00) = 7.0%
    b = load(REGIONS / "2026年杭州市交通运输局部门预算.pdf")
    assert figures(b.narrative, "three_public.vehicle_operation_change") == [
        ("three_public.vehicle_operation_change", Decimal("-32.00"), 13),
        ("three_public.vehicle_operation_change_pct", Decimal("-7.0"), 13)]
    assert ("-7.0", "-7.0", "ok") in checks(b, "text_percent", "three_public.vehicle_operation_change_pct")


def test_a_purpose_clause_does_not_reach_past_its_sentence():
    text = "公务用车运行维护费支出4.80万元，主要用于燃料费等支出。比上年预算数减少0.20万元。"
    assert figures(read_narrative([(2, text)]), "three_public.vehicle_operation_change") == []
