"""Phrasings of the text part that other regions use, in generated documents whose text agrees
with their tables: amounts with thousands separators, 人员经费 / 公用经费 by the 财政部 definitions
(301 + 303, 302 + 310), shares after 收入预算 / 支出预算 X 万元，其中…, a 基本支出 stated alone, a
决算's 收入总计 / 支出总计, and a 决算 table in 元 against a text in 万元. The clean documents give
no warning or defect; each planted error gives one finding of its kind on its page."""
from pathlib import Path

import pytest

from budgetlib import read_budget
from budgetlib.checks.causes import _should_agree
from pdfmaker import budget_pdf

EXPENSE = ("表三 支出总表", ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"],
           [["", "合计", "1,200.00", "800.00", "400.00"], ["201", "一般公共服务支出", "1,200.00", "800.00", "400.00"],
            ["20101", "人大事务", "1,200.00", "800.00", "400.00"], ["2010101", "行政运行", "800.00", "800.00", "0.00"],
            ["2010102", "一般行政管理事务", "400.00", "0.00", "400.00"]])
# 人员经费 700 = 301 650 + 303 50; 公用经费 100 = 302
BASIC = ("表六 基本支出预算表", ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
         [["", "合计", "800.00", "700.00", "100.00"], ["301", "工资福利支出", "650.00", "650.00", ""],
          ["30101", "基本工资", "650.00", "650.00", ""], ["302", "商品和服务支出", "100.00", "", "100.00"],
          ["30201", "办公费", "100.00", "", "100.00"], ["303", "对个人和家庭的补助", "50.00", "50.00", ""],
          ["30302", "退休费", "50.00", "50.00", ""]])
TEXT = ("第二部分 收支预算情况\n一、收支预算总体情况\n2026年收支预算总额1,200.00万元，比2025年预算增加100.00万元，增长9.09%。"
        "2026年支出预算1,200.00万元，大于上年预算900.00万元。"
        "收入预算1,200.00万元，其中：一般公共预算拨款收入1,150.00万元，占95.83%。"
        "支出预算1,200.00万元，其中：基本支出800.00万元，占66.67%；项目支出400.00万元，占33.33%。\n"
        "2026年基本支出800.00万元，包括人员经费700.00万元、公用经费100.00万元。"
        "项目支出400.00万元，同比增长11.11%，增加40.00万元。"
        "一般公共预算当年拨款1,150.00万元，比2025年执行数增加90.00万元，增长8.49%。\n"
        "2026年政府采购预算150.00万元，其中：政府采购货物预算50.00万元、政府采购工程预算0.00万元、"
        "政府采购服务预算100.00万元。截至2025年12月31日，共有车辆4辆，其中：一般公务用车1辆、执法执勤用车3辆。")


def budget(tmp_path: Path, name: str, text: str = TEXT):
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", [EXPENSE, BASIC], text=text, cover="2026年测试局部门预算"))


def serious(b) -> list[tuple[str, int | None]]:
    return [(f["rule"], f["page"]) for f in b.findings if f["severity"] != "info"]


def test_the_clean_document_is_checked_and_clean(tmp_path):
    b = budget(tmp_path, "clean")
    assert serious(b) == []
    held = {(c.rule, c.description, c.lhs) for c in b.checks if c.status == "ok"}
    assert ("text_split", "文字中的人员经费与经济分类 301 + 303 一致", "700.00") in held  # not 301 alone (650)
    assert ("text_split", "文字中的公用经费与经济分类 302 一致", "100.00") in held
    assert ("text_split", "文字中的基本支出与支出总表一致", "800.00") in held
    assert {("share_claim", "占比 = 1150.00 ÷ 1200.00", "95.83"), ("share_claim", "占比 = 800.00 ÷ 1200.00", "66.67")} <= held
    assert ("text_components", "政府采购总额 = 货物 + 工程 + 服务", "150.00") in held
    assert ("text_components", "文字所述车辆总数 = 各类车辆之和", "4") in held


@pytest.mark.parametrize("printed, altered, rule", [
    ("占95.83%", "占96.83%", "share_claim"),  # a share after 收入预算1,200.00万元，其中：
    ("占66.67%", "占76.67%", "share_claim"),
    ("人员经费700.00万元", "人员经费650.00万元", "text_split"),  # 301 alone is not 人员经费
    ("2026年基本支出800.00万元", "2026年基本支出880.00万元", "text_split"),
    ("大于上年预算", "小于上年预算", "comparison_claim"),  # 1,200.00 read whole, not as 200.00
    # 收支预算总额 is the income's and the expense's: one printed percent, one finding (was two)
    ("增长9.09%", "增长9.90%", "text_percent"),
    ("同比增长11.11%", "同比增长15.11%", "text_percent"),  # the percent before the amount
    ("增长8.49%", "增长9.49%", "text_percent"),  # against the 2025年执行数
    ("政府采购服务预算100.00万元", "政府采购服务预算90.00万元", "text_components"),  # parts named 政府采购货物预算…
    ("执法执勤用车3辆", "执法执勤用车2辆", "text_components"),  # the kinds do not make the total
    ("一、收支预算总体情况", "一、2025年收支预算总体情况", "text_year_mismatch"),  # a heading of another year
    ("2026年支出预算1,200.00万元", "2062年支出预算1,200.00万元", "text_year_mismatch"),  # no budget speaks of 2062
    ("2026年基本支出800.00万元", "2025年基本支出800.00万元", "text_year_mismatch"),  # a statement opening on last year
    # shares listed after a change clause (…增长9.09%，其中：…占X%)
    ("收入预算1,200.00万元，其中：一般公共预算拨款收入1,150.00万元，占95.83%",
     "收入预算1,200.00万元，比上年增加100.00万元，增长9.09%，其中：一般公共预算拨款收入1,150.00万元，占93.83%", "share_claim"),
])
def test_each_planted_error_is_reported_on_its_page(tmp_path, printed, altered, rule):
    assert printed in TEXT
    assert serious(budget(tmp_path, rule, TEXT.replace(printed, altered, 1))) == [(rule, 2)]


FINAL_SUMMARY = ("收入支出决算总表", [("收入", 3), ("支出", 3)],
                 [["项目", "行次", "金额", "项目", "行次", "金额"],
                  ["一、一般公共预算财政拨款收入", "1", "81.00", "一、一般公共服务支出", "5", "91.00"],
                  ["二、事业收入", "2", "10.00", "", "", ""],
                  ["本年收入合计", "3", "91.00", "本年支出合计", "7", "91.00"],
                  ["年初结转和结余", "4", "10.00", "年末结转和结余", "8", "10.00"],
                  ["总计", "9", "101.00", "总计", "10", "101.00"]])
# in 元: 人员经费 750,000 = 301 700,000 + 303 50,000; 公用经费 160,000 = 302 140,000 + 310 20,000
FINAL_BASIC = ("一般公共预算财政拨款基本支出决算表", [("人员经费", 3), ("公用经费", 3)],
               [["科目编码", "科目名称", "决算数"] * 2,
                ["301", "工资福利支出", "700000.00", "302", "商品和服务支出", "140000.00"],
                ["303", "对个人和家庭的补助", "50000.00", "310", "资本性支出", "20000.00"],
                [("人员经费合计", 2), "750000.00", ("公用经费合计", 2), "160000.00"]])
FINAL_TEXT = ("一、收入支出决算总体情况说明\n2025年度收入总计101.00万元，支出总计101.00万元。\n"
              "二、一般公共预算财政拨款基本支出决算情况说明\n2025年度一般公共预算财政拨款基本支出91.00万元，"
              "包括人员经费75.00万元、公用经费16.00万元。\n"
              "三、“三公”经费财政拨款支出决算情况说明\n“三公”经费年初预算15.00万元，支出决算10.00万元，"
              "完成预算的66.67%。决算数小于预算数的主要原因是厉行节约。")


def final_accounts(tmp_path: Path, name: str, text: str = FINAL_TEXT):
    summary = read_budget(budget_pdf(tmp_path / f"{name}-summary.pdf", [FINAL_SUMMARY], text=text,
                                     cover="2025年度测试局部门决算", amounts_right=True))
    basic = read_budget(budget_pdf(tmp_path / f"{name}-basic.pdf", [FINAL_BASIC], text=text,
                                   cover="2025年度测试局部门决算", amounts_right=True, money="元"))
    return summary, basic


def test_final_accounts_text_against_its_tables(tmp_path):
    """The 决算's 收入总计 / 支出总计 are its 收入支出决算总表's; its 人员经费 / 公用经费 in 万元 are the
    元 table's 301 + 303 / 302 + 310 (they were compared unconverted: 75.00 against 750,000.00)."""
    summary, basic = final_accounts(tmp_path, "clean")
    assert serious(summary) == [] and serious(basic) == []
    assert {(c.description, c.lhs, c.rhs) for c in summary.checks if c.rule == "text_total"} >= {
        ("文字中的收入总计与收支总表一致", "101.00", "101.00"), ("文字中的支出总计与收支总表一致", "101.00", "101.00")}
    assert {(c.description, c.lhs, c.status) for c in basic.checks if c.rule == "final_funds_split"} >= {
        ("文字中的人员经费 = 301 + 303", "75.00", "ok"), ("文字中的公用经费 = 302 + 310", "16.00", "ok")}
    summary, basic = final_accounts(tmp_path, "planted", FINAL_TEXT.replace("支出总计101.00", "支出总计110.00")
                                    .replace("公用经费16.00", "公用经费61.00"))
    assert ("text_total", 2) in serious(summary) and ("final_funds_split", 2) in serious(basic)
    # the “三公” total's comparison in a sentence of its own, without its subject
    summary, _ = final_accounts(tmp_path, "flipped", FINAL_TEXT.replace("决算数小于预算数", "决算数等于预算数"))
    assert serious(summary) == [("comparison_claim", 2)]


def test_a_name_holding_yu_keeps_its_words_in_the_message():
    # 文化旅游体育与传媒支出: the 应 goes before the 与 that joins the figure to its table
    assert _should_agree("文字中的“文化旅游体育与传媒”类支出与支出总表一致") == "文字中的“文化旅游体育与传媒”类支出应与支出总表一致"
    assert _should_agree("文字中的总计与收支总表一致") == "文字中的总计应与收支总表一致"


# the 决算 说明's 政府采购 paragraph in the national wording: parts named …支出, shares of named wholes
PROCUREMENT_TEXT = ("第二部分 部门决算情况说明\n七、政府采购支出情况说明\n2025年度政府采购支出总额150.00万元，其中：政府采购货物支出"
                    "50.00万元、政府采购工程支出0.00万元、政府采购服务支出100.00万元。授予中小企业合同金额120.00万元，"
                    "占政府采购支出总额的80.00%，其中：授予小微企业合同金额60.00万元，占授予中小企业合同金额的50.00%。")


def final_procurement(tmp_path: Path, name: str, text: str = PROCUREMENT_TEXT):
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", [EXPENSE], text=text, cover="2025年度测试局部门决算"))


def test_the_procurement_paragraph_of_a_final_account_is_checked(tmp_path):
    b = final_procurement(tmp_path, "clean")
    # 政府采购支出总额 is the procurement's total, not the department's 支出总额 (was a false text_total defect)
    assert serious(b) == []
    held = {(c.rule, c.description, c.lhs, c.rhs) for c in b.checks if c.status == "ok"}
    assert {("text_components", "政府采购总额 = 货物 + 工程 + 服务", "150.00", "150.00"),
            ("share_claim", "占政府采购支出总额的比重 = 120.00 ÷ 150.00", "80.00", "80.00"),
            ("share_claim", "占授予中小企业合同金额的比重 = 60.00 ÷ 120.00", "50.00", "50.00")} <= held


@pytest.mark.parametrize("printed, altered, rule", [
    ("占政府采购支出总额的80.00%", "占政府采购支出总额的85.00%", "share_claim"),
    ("占授予中小企业合同金额的50.00%", "占授予中小企业合同金额的5.00%", "share_claim"),
    ("政府采购服务支出100.00万元", "政府采购服务支出110.00万元", "text_components"),
])
def test_an_error_planted_in_the_procurement_paragraph_is_reported(tmp_path, printed, altered, rule):
    assert serious(final_procurement(tmp_path, rule, PROCUREMENT_TEXT.replace(printed, altered, 1))) == [(rule, 2)]


# the national 决算 说明's wording (财政部 template), probed 2026-12-04: each sentence below is read
# and checked; the clean text gives no warning or defect
NATIONAL_TEXT = FINAL_TEXT + (
    "\n四、一般公共预算财政拨款支出决算情况说明\n（一）总体情况\n2025年度一般公共预算财政拨款基本支出91.00万元。"
    "行政运行（项）年初预算为80.00万元，支出决算为79.60万元，完成年初预算的99.50%，决算数与年初预算数基本持平。"
    "一般行政管理事务（项）年初预算为12.00万元，支出决算为11.40万元，完成年初预算的95.00%，决算数较预算数减少0.60万元。\n"
    "五、“三公”经费财政拨款支出决算情况说明\n2025年度“三公”经费财政拨款支出预算为15.00万元，支出决算为10.00万元。"
    "与2024年度相比，“三公”经费财政拨款支出决算减少2.50万元，下降20.00%。"
    "2025年度“三公”经费财政拨款支出决算中，公务用车运行维护费支出决算8.00万元，占80.00%；公务接待费支出决算2.00万元，占20.00%。"
    "主要原因是厉行节约。")


def test_the_national_final_accounts_wording_is_read_and_checked(tmp_path):
    summary, basic = final_accounts(tmp_path, "national", NATIONAL_TEXT)
    # “三公”经费财政拨款支出预算为15.00万元 is no 财政拨款 total (it was compared with the 总计 101.00)
    assert serious(summary) == [] and serious(basic) == []
    held = {(c.rule, c.description, c.lhs, c.rhs) for c in summary.checks if c.status == "ok"}
    assert {("text_percent", "文字所述增减幅度 = -2.50 ÷ 上年 12.50", "-20.00", "-20.00"),
            ("share_claim", "占“三公”经费比重 = 8.00 ÷ 10.00", "80.00", "80.00")} <= held
    # 一般公共预算财政拨款基本支出 against the 一般公共预算 table's 人员经费合计 + 公用经费合计 (元 → 万元)
    assert [(c.lhs, c.status) for c in basic.checks if c.rule == "text_split" and "一般公共预算财政拨款基本支出" in c.description] == \
        [("91.00", "ok")]


@pytest.mark.parametrize("printed, altered, rule", [
    ("支出决算为79.60万元，完成年初预算的99.50%", "支出决算为70.00万元，完成年初预算的87.50%", "comparison_claim"),  # no longer 基本持平
    ("较预算数减少0.60万元", "较预算数减少6.00万元", "comparison_claim"),
    ("较预算数减少0.60万元", "较预算数增加0.60万元", "comparison_claim"),
    ("下降20.00%", "下降25.00%", "text_percent"),  # a change stated in a sentence of its own
    ("占80.00%", "占70.00%", "share_claim"),  # a list of the “三公” parts: shares of the “三公” total
    ("2025年度一般公共预算财政拨款基本支出", "2024年度一般公共预算财政拨款基本支出", "text_year_mismatch"),
    ("（一）总体情况", "（一）2024年度一般公共预算财政拨款支出决算情况", "text_year_mismatch"),
    ("主要原因是厉行节约。", "主要原因是……。", "text_placeholder"),  # the template's ellipsis left in
    ("决算数小于预算数的主要原因是厉行节约", "决算数小于预算数的主要原因是：：厉行节约", "doubled_punctuation"),
])
def test_an_error_planted_in_the_national_wording_is_reported(tmp_path, printed, altered, rule):
    assert printed in NATIONAL_TEXT
    summary, _ = final_accounts(tmp_path, rule, NATIONAL_TEXT.replace(printed, altered, 1))
    assert rule in {r for r, _ in serious(summary)}, serious(summary)


def test_the_wrong_basic_expense_is_compared_with_its_own_scope(tmp_path):
    _, basic = final_accounts(tmp_path, "basic", NATIONAL_TEXT.replace("基本支出91.00万元。", "基本支出95.00万元。", 1))
    got = [f for f in basic.findings if f["rule"] == "text_split"]
    assert len(got) == 1 and "一般公共预算财政拨款基本支出决算表" in got[0]["message"]


def test_letter_spaced_digits_glued_to_their_unit_are_one_number():
    from budgetlib.read.text_norm import squeeze
    assert squeeze("年初预算 9 9 9 . 8 3万元，支出决算 1 , 1 8 2 . 5 9万元") == "年初预算999.83万元，支出决算1,182.59万元"
    assert squeeze("10.00 20.00") == "10.00 20.00"
    # the first digit glued to the word before it (WPS exports): 预算1 3 0 . 0 0 万元, （一）2 0 2 5 年
    assert squeeze("机关运行经费预算1 3 0 . 0 0 万元") == "机关运行经费预算130.00万元"
    assert squeeze("（一）2 0 2 5 年机关运行经费") == "（一）2025年机关运行经费"


GPB_FINAL = ("一般公共预算财政拨款支出决算表", ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
             [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "30.00", "10.00", "20.00"],
              ["20101", "人大事务", "30.00", "10.00", "20.00"], ["2010101", "行政运行", "10.00", "10.00", "0.00"],
              ["2010102", "一般行政管理事务", "20.00", "0.00", "20.00"]])
PERFORMANCE_TEXT = ("十、预算绩效管理情况说明\n组织对2025年度一般公共预算项目支出全面开展绩效自评，其中一级项目2个，"
                    "共涉及资金20.00万元，占一般公共预算项目支出总额的100%。")


@pytest.mark.parametrize("printed, altered, severity", [(None, None, None), ("100%", "90%", "warning"),
                                                          ("20.00万元", "22.00万元", "warning")])
def test_a_share_of_a_whole_the_text_states_nowhere_is_read_off_its_table(tmp_path, printed, altered, severity):
    text = PERFORMANCE_TEXT.replace(printed, altered) if printed else PERFORMANCE_TEXT
    b = read_budget(budget_pdf(tmp_path / "perf.pdf", [GPB_FINAL], text=text, cover="2025年度测试局部门决算"))
    checked = [c for c in b.checks if c.rule == "share_claim"]
    assert [c.description for c in checked] == ["占一般公共预算项目支出总额（《一般公共预算财政拨款支出决算表》项目支出）的比重 = "
                                                 + ("22.00" if printed == "20.00万元" else "20.00") + " ÷ 20.00"]
    assert [(f["rule"], f["severity"], f["page"]) for f in b.findings if f["severity"] != "info"] == \
        ([] if severity is None else [("share_claim", severity, 2)])


ITEM_TEXT = ("（三）一般公共预算财政拨款支出决算具体情况\n1.一般公共服务支出（类）人大事务（款）行政运行（项）。主要用于：机关基本支出。"
             "年初预算为10.00万元，支出决算为10.00万元，完成年初预算的100%。决算数等于年初预算数。"
             "2.一般公共服务支出（类）人大事务（款）一般行政管理事务（项）。年初预算为25.00万元，支出决算为20.00万元，"
             "完成年初预算的80.00%。决算数小于年初预算数的主要原因是项目结余。")


def test_each_item_the_text_details_is_its_row_of_the_table(tmp_path):
    def read(text, name):
        return read_budget(budget_pdf(tmp_path / f"{name}.pdf", [GPB_FINAL], text=text, cover="2025年度测试局部门决算"))
    clean = read(ITEM_TEXT, "clean")
    items = [(c.description, c.lhs, c.rhs, c.status) for c in clean.checks if c.description.startswith("文字中“")]
    assert items == [("文字中“行政运行（项）”的支出决算与一般公共预算财政拨款支出决算表一致", "10.00", "10.00", "ok"),
                     ("文字中“一般行政管理事务（项）”的支出决算与一般公共预算财政拨款支出决算表一致", "20.00", "20.00", "ok")]
    assert serious(clean) == []
    # a 决算 changed together with its 完成% (so that the text agrees with itself) still differs from the table
    planted = read(ITEM_TEXT.replace("支出决算为20.00万元，完成年初预算的80.00%", "支出决算为22.00万元，完成年初预算的88.00%"), "planted")
    assert serious(planted) == [("text_class", 2)]


FUNCTION_BUDGET = ("表五 一般公共预算支出表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                   [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "30.00", "10.00", "20.00"],
                    ["20101", "人大事务", "30.00", "10.00", "20.00"], ["2010101", "行政运行", "10.00", "10.00", "0.00"],
                    ["2010102", "一般行政管理事务", "20.00", "0.00", "20.00"]])
# the 财政部 template's 一般公共预算当年拨款 section: the total under （一）, the 类 under （二）'s own heading,
# the 项 under （三）
GPB_TEXT = ("五、一般公共预算当年拨款情况\n（一）一般公共预算当年拨款规模变化情况\n2026年一般公共预算当年拨款30.00万元，"
            "比2025年执行数增加2.00万元，增长7.14%。\n（二）一般公共预算当年拨款结构情况\n一般公共服务（类）支出30.00万元，占100.00%；"
            "其他支出（类）支出0.00万元，占0.00%。\n（三）一般公共预算当年拨款具体使用情况\n"
            "1.一般公共服务（类）人大事务（款）行政运行（项）2026年预算数为10.00万元，比2025年执行数增加1.00万元，增长11.11%。")


@pytest.mark.parametrize("printed, altered, rule", [
    (None, None, None),
    ("一般公共服务（类）支出30.00万元", "一般公共服务（类）支出33.00万元", "text_class"),  # the list under its own heading
    ("2026年预算数为10.00万元，比2025年执行数增加1.00万元，增长11.11%", "2026年预算数为12.00万元，比2025年执行数增加3.00万元，增长33.33%",
     "text_class"),  # a 项 changed with its change and percent still differs from its row
])
def test_the_budget_templates_class_and_item_sections_are_checked(tmp_path, printed, altered, rule):
    text = GPB_TEXT.replace(printed, altered, 1) if printed else GPB_TEXT
    b = read_budget(budget_pdf(tmp_path / "gpb.pdf", [FUNCTION_BUDGET], text=text, cover="2026年测试局部门预算"))
    held = {c.description for c in b.checks if c.status == "ok"}
    if rule is None:
        assert serious(b) == []
        assert {"文字中的“一般公共服务”类支出与一般公共预算支出表一致",
                "文字中“行政运行（项）”的预算数与一般公共预算支出表（按功能科目）一致"} <= held
    else:
        assert rule in {r for r, _ in serious(b)}
