"""Standard tables recognised by what they are: the title's words together with the header's.

Every title and header string below is quoted from a page of the real documents in
tests/data/real and tests/data/regions (document and 1-based page named beside it); the expected
keys are those of tests/data/regions/inventory.json, a hand-made list.
"""
import json
from pathlib import Path

import pytest

from budgetlib import load

from budgetlib.model import Grid
from budgetlib.read.extract import name_grids
from budgetlib.tables import find_title, normal_title, recognise, table_key, title_lines

DATA = Path(__file__).parent / "data"
INVENTORY = DATA / "regions" / "inventory.json"


@pytest.mark.parametrize("title, key", [
    # 烟台市统计局 p7, p8, p10, p12, p21, p24 (…总体情况表 / …预算情况表 families)
    ("公开表1 收支总体情况表", "income_expense_summary"),
    ("公开表2 收入总体情况表", "income_summary"),
    ("公开表3 支出总体情况表", "expense_summary"),
    ("公开表4 财政拨款收支总体情况表", "gov_funds_summary"),
    ("公开表10 基本支出预算情况表", "basic_expense"),
    ("公开表11 项目支出预算情况表", "project_expense"),
    # 广州市信访局 p8 本年支出…; 重庆市委宣传部 p8: the title says 单位 for 部门
    ("表3 本年支出总体情况表", "expense_summary"),
    ("表一 2026 年单位收支总体情况表", "income_expense_summary"),
    # 福州市商务局 p16 (收入预算表 without 总: 拨款支出预算表), p20 经济分类情况表
    ("2026 年度一般公共预算拨款支出预算表", "gpb_by_function"),
    ("2026 年度一般公共预算支出经济分类情况表", "gpb_by_economic"),
    ("2026 年度政府性基金预算拨款支出预算表", "gov_fund_budget"),
    # 广州市信访局 p19: 项目支出及其他支出
    ("表12 部门预算项目支出及其他支出预算表", "project_expense"),
    # 西安市应急管理局 p25: 专项业务经费 is this template's 项目支出; p24 政府性基金收支总表 is no 收支总表
    ("表10 2019年部门综合预算专项业务经费支出表", "project_expense"),
    ("表9 2019年部门综合预算政府性基金收支总表", "gov_fund_budget"),
    # 西安市气象局 p25: a long bracketed qualifier at the end
    ("表8 2022年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）", "gpb_basic_by_economic"),
    # 佛山 p21: a 三公 决算 table is not the 一般公共预算 决算 table its title also names
    ("表7 一般公共预算财政拨款“三公”经费支出决算表", "final_three_public"),
    ("表5 一般公共预算财政拨款支出决算表", "final_gpb_expense"),
    # 西安市卫生健康委员会 p161
    ("财政拨款“三公”经费及会议费、培训费支出决算表", "final_three_public"),
    # 福州市科技创新局 p32: a bracketed aside (转移支付) does not make a 绩效 table a transfer table
    ("市级科技创新专项（转移支付）项目绩效目标表", "performance_targets"),
    # 杭州市交通运输局 p39
    ("表11：2026年市级部门项目支出绩效表", "performance_targets"),
])
def test_title_families(title, key):
    assert table_key(title) == key


@pytest.mark.parametrize("title", [
    # 西安市卫生健康委员会 p62: a 绩效自评 table whose title says 政府采购 is no procurement table
    "西安市级采供血业务经费（政府采购部分）项目绩效自评表",
    # 西安市应急管理局 p16 / 气象局 p24: 基本支出 by 功能科目 has no key (inventory: other:…)
    "表7 2019年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）",
    "表7 2022年部门综合预算一般公共预算基本支出明细表（按功能科目分）",
    # 广州市信访局 p14: 项目支出 by 经济科目 is neither gpb_by_economic nor project_expense
    "表7 一般公共预算项目支出情况表（按经济分类科目）",
    # 西安市应急管理局 p29
    "表11 2019年部门综合预算财政拨款结转资金支出表",
])
def test_titles_that_are_no_standard_table(title):
    assert table_key(title) is None


def test_the_header_decides_between_function_and_economic():
    # 重庆市规划和自然资源局 p19 "2026年一般公共预算支出情况表" over "功能分类科目 … 2025年预算数 … 2026年预算数":
    # the 2025年预算数 column does not make it another table
    header = "功能分类科目 2026年预算数\n2025年预算\n科目编 数 基本支出\n科目名称 总计 项目支出\n码 小计 人员经费 公用经费"
    assert table_key("表五 2026年一般公共预算支出情况表", header) == "gpb_by_function"
    # the same family title over an economic header (福州市商务局 p20's: "科目编码 科目名称 预算数" under
    # 一般公共预算支出经济分类情况表; 西安市应急管理局 p10's "部门经济科目编码 部门经济科目名称")
    assert table_key("表五 2026年一般公共预算支出情况表", "部门经济科目编码 部门经济科目名称 合计") == "gpb_by_economic"
    assert recognise("表五 2026年一般公共预算支出情况表", "部门经济科目编码 部门经济科目名称").title_says is None


def test_a_title_whose_header_contradicts_it_is_flagged():
    # 广州市信访局 p11 title over a header of 西安市应急管理局 p10 (经济科目): the title is kept, flagged
    got = recognise("表5 一般公共预算支出情况表（按功能分类科目）", "部门经济科目编码 部门经济科目名称 合计 人员经费支出")
    assert got.title_says == "gpb_by_function"
    # 佛山 p21's 三公 header under a plain 一般公共预算 决算 title: the title names no 三公 table, so its
    # word stands, flagged
    three = "预算数 决算数 公务用车购置及运行费 因公出国 公务接待 合计 （境）费 小计"
    got = recognise("一般公共预算财政拨款支出决算表", three)
    assert (got.key, got.title_says) == ("final_gpb_expense", "final_gpb_expense")
    # with its own title the header confirms it
    assert recognise("一般公共预算财政拨款“三公”经费支出决算表", three) == recognise("“三公”决算表", three)
    assert recognise("一般公共预算财政拨款“三公”经费支出决算表", three).title_says is None


def test_numbering_and_asides_are_not_the_title():
    assert normal_title("公开01表 收入支出决算总表") == "收入支出决算总表"  # 西安市卫生健康委员会 p146
    assert normal_title("五、一般公共预算拨款支出预算表") == "一般公共预算拨款支出预算表"  # 福州市商务局 p16
    # a page label alone (西安市卫生健康委员会 p146 "公开01表") is no title
    assert title_lines("公开01表") == []


def test_a_title_wrapped_over_two_lines():
    # 福州市科技创新局 p31 prints the title over two lines
    text = " 自创区福州片区“一区多园”评估工作经费项目绩\n          效目标表\n项目名 自创区福州片区“一区多园”评估工作经费"
    assert find_title(text) == ("自创区福州片区“一区多园”评估工作经费项目绩效目标表", "performance_targets")


def test_a_procurement_column_named_catalogue_is_no_table_of_contents():
    from budgetlib.read.locate import _CONTENTS
    # 西安市应急管理局 p30: the header of 政府采购（资产配置、购买服务）预算表 names 采购目录
    assert not _CONTENTS.search("表12\n  2019年部门综合预算政府采购预算表\n 采购项目      采购目录   务的内")
    assert _CONTENTS.search("                   目   录\n一、收支总体情况表")  # 烟台市统计局 p2


# -- grids named on their pages: synthetic grids with the texts of real pages --------------------

class Pages:
    """The text layer of a few pages: the text above each grid."""

    def __init__(self, above: dict[int, str]):
        self.above = above

    def page_size(self, page):
        return 600.0, 800.0

    def text_in(self, page, x1, y1, x2, y2):
        return self.above.get(page, "")


def grid(page, rows, top=700.0):
    return Grid(page=page, bbox=(40.0, 100.0, 560.0, top), cols=[(40.0, 560.0)] * len(rows[0]),
                rows=[(0.0, 0.0)] * len(rows), text=rows, origin=[[(r, c) for c in range(len(row))]
                                                              for r, row in enumerate(rows)])


HEADER = [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "1,506.40"]]


def test_continuation_pages_with_the_header_the_title_or_neither_repeated():
    # 烟台市统计局 p14-15: 一般公共预算支出情况表 repeats title and header on its second page;
    # 重庆市规划和自然资源局 p12-14 repeat the header only; 广州市信访局 p6 prints neither
    source = Pages({14: "公开表5\n一般公共预算支出情况表\n单位：万元", 15: "一般公共预算支出情况表\n单位：万元"})
    named = name_grids(source, [grid(14, HEADER), grid(15, HEADER), grid(16, [["205", "教育支出", "3.00"]])])
    assert [(g.key, g.continued) for g in named] == [("gpb_by_function", False), ("gpb_by_function", True),
                                                     ("gpb_by_function", True)]


def test_a_new_title_of_the_same_kind_is_a_new_table():
    # 福州市商务局 p31, p32: one 绩效目标表 per project, each its own table
    source = Pages({31: "办公楼租金项目绩效目标表", 32: "菜篮子工程建设专项资金项目绩效目标表"})
    rows = [["项目名称", "办公楼租金"], ["预算金额", "12.00"]]
    named = name_grids(source, [grid(31, rows), grid(32, rows)])
    assert [(g.key, g.continued) for g in named] == [("performance_targets", False), ("performance_targets", False)]


def test_a_title_printed_inside_the_ruled_frame():
    # a title in the grid's first row (as the 绩效目标表 of 福州市科技创新局 p31 prints it) with nothing above
    rows = [["一般公共预算支出情况表", "", ""]] + HEADER
    named = name_grids(Pages({}), [grid(14, rows)])
    assert (named[0].key, named[0].title) == ("gpb_by_function", "一般公共预算支出情况表")


# -- the real documents ---------------------------------------------------------------------------

# every document of the inventory: all its standard tables are found
FOUND = sorted(json.loads(INVENTORY.read_text(encoding="utf-8")))


def _expected(tables):
    """(key, first page) of the inventory's numeric, non-empty standard tables."""
    return {(t["key"], t["pages"][0]) for t in tables
            if not t["key"].startswith("other") and t.get("numeric", True) and not t.get("empty")}


@pytest.mark.slow
@pytest.mark.parametrize("name", FOUND)
def test_every_inventory_table_is_found_under_its_key(name):
    path = next(p for p in (DATA / "real" / name, DATA / "regions" / name) if p.is_file())
    inventory = json.loads(INVENTORY.read_text(encoding="utf-8"))[name]
    tables = load(path).tables  # the whole read, served from the session's cache to later tests
    expected = _expected(inventory)
    scored = {k for k, _ in expected}
    found = {(t.key, t.pages[0]) for t in tables if t.key in scored}
    assert found == expected
    # every page of every found table is one the inventory gives that table (no table claims another's page)
    pages = {}
    for t in inventory:
        pages.setdefault(t["key"], set()).update(t["pages"])
        for also in t.get("also", ()):
            pages.setdefault(also, set()).update(t["pages"])
    strays = {(t.key, p) for t in tables for p in t.pages if p not in pages.get(t.key, set())}
    assert not strays


# -- cross-table checks read the document's own year and kind -------------------------------------

def test_cross_table_figures_are_the_documents_year():
    from decimal import Decimal

    from budgetlib.checks.index import TableIndex, current_measures, total_column
    from budgetlib.model import Column, Row

    # 西安市应急管理局 p32 (a 2019 budget): "合计 24.08 … 83.74 …" under the groups 2018年 / 2019年 / 增减变化情况
    row = Row("three_public", "合计", "", "合计", "", "", "", 32,
              {"2018年/合计": Decimal("24.08"), "2019年/合计": Decimal("83.74"), "增减变化情况/合计": Decimal("59.66")})
    ix = TableIndex({"three_public": [row]}, {}, 2019, "预算")
    assert ix.figure("three_public", "合计")[1:] == ("2019年/合计", Decimal("83.74"))
    # 重庆市规划和自然资源局 p19: a 2025年预算数 column before the 2026年预算数 group (its 总计 / 小计 …)
    columns = [Column(2, ("2025年预算数",), measure="2025年预算数"), Column(3, ("2026年预算数", "总计"), measure="总计")]
    assert total_column(columns, 2026, "预算") == "总计"
    assert current_measures(["2025年预算数/合计", "2026年预算数/合计"], 2026, "预算") == ["2026年预算数/合计"]
    # 佛山 p21 (a 决算): 预算数 and 决算数 groups side by side; the 决算数 is the year's figure
    assert current_measures(["预算数/合计", "决算数/合计"], 2019, "决算") == ["决算数/合计"]
    # a 预算 that prints 上年执行数 beside 预算数
    assert current_measures(["上年执行数", "预算数"], 2026, "预算") == ["预算数"]
    # nothing current: every measure stays
    assert current_measures(["2024年预算数"], 2026, "预算") == ["2024年预算数"]


def test_gpb_totals_compare_total_with_total():
    from decimal import Decimal

    from budgetlib.checks.cross_tables import cross_tables
    from budgetlib.checks.index import TableIndex
    from budgetlib.checks.record import Recorder
    from budgetlib.model import Column, Row

    # 福州市商务局 p16 一般公共预算拨款支出预算表 "合计 23195.94 3861.25 19334.69" (小计 | 基本支出 | 项目支出)
    # and p20 一般公共预算支出经济分类情况表 "合计 23195.94" (预算数 only)
    function = Row("gpb_by_function", "", "", "合计", "", "", "", 16,
                   {"小计": Decimal("23195.94"), "基本支出": Decimal("3861.25"), "项目支出": Decimal("19334.69")})
    economic = Row("gpb_by_economic", "", "", "合计", "", "", "", 20, {"预算数": Decimal("23195.94")})
    ix = TableIndex({"gpb_by_function": [function], "gpb_by_economic": [economic]},
                    {"gpb_by_function": [Column(2, ("小计",), measure="小计"), Column(3, ("基本支出",), measure="基本支出"),
                                         Column(4, ("项目支出",), measure="项目支出")],
                     "gpb_by_economic": [Column(2, ("预算数",), measure="预算数")]}, 2026, "预算")
    rec = Recorder()
    cross_tables(ix, rec)
    gpb = [c for c in rec.checks if c.rule == "gpb_total"]
    assert [(c.status, c.lhs, c.rhs) for c in gpb] == [("ok", "23195.94", "23195.94")]


class NoContents(Pages):
    texts: list[str] = []


def test_a_standard_header_under_an_unknown_title_is_a_warning_with_its_page():
    from budgetlib.pipeline import coverage_findings

    # 西安市应急管理局 p29: the sheet name "表11-财拨结转支出表" over "预算单位代码 预算单位名称 预算项目名称
    # 金额 功能分类科目代码 功能分类科目名称" / "125001 西安市安全生产监督管理局 省级安全生产专项 2.61 2150605 …"
    rows = [["预算单位代码", "预算单位名称", "预算项目名称", "金额", "功能分类科目代码", "功能分类科目名称"],
            ["125001", "西安市安全生产监督管理局", "省级安全生产专项", "2.61", "2150605", "安全监管监察专项"]]
    named = name_grids(Pages({29: "表11-财拨结转支出表"}), [grid(29, rows)])
    assert named[0].key is None
    found = [(f.rule, f.severity, f.page) for f in coverage_findings(NoContents({}), [], named)]
    assert found == [("other_table", "warning", 29)]
    # p16: "功能科目编码 功能科目名称 合计 人员经费支出 公用经费支出 备注" / "合计 2,022.39 1,839.51 182.88" under
    # 一般公共预算基本支出明细表（按支出功能分类科目）: the 基本支出 table by 功能科目, a kind the specs know
    # and rule out (it has no key): no surprise, information only
    rows = [["功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "备注"],
            ["", "合计", "2,022.39", "1,839.51", "182.88", ""]]
    source = Pages({16: "表7\n2019年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）\n单位：万元"})
    named = name_grids(source, [grid(16, rows)])
    assert named[0].key is None
    found = [(f.rule, f.severity, f.page) for f in coverage_findings(NoContents({}), [], named)]
    assert found == [("other_table", "info", 16)]
    # a 绩效自评 table (西安市卫生健康委员会 p62) prints no standard header: information only
    rows = [["项目名称", "西安市级采供血业务经费（政府采购部分）"], ["年度资金总额", "120.00"]]
    named = name_grids(Pages({62: "西安市级采供血业务经费（政府采购部分）项目绩效自评表"}), [grid(62, rows)])
    assert [(f.rule, f.severity) for f in coverage_findings(NoContents({}), [], named)] == [("other_table", "info")]


def test_a_header_that_contradicts_the_title_is_a_warning():
    from budgetlib.pipeline import coverage_findings

    # 广州市信访局 p11's title over 西安市应急管理局 p10's header (部门经济科目编码 …)
    rows = [["部门经济科目编码", "部门经济科目名称", "合计"], ["", "合计", "3,643.37"]]
    named = name_grids(Pages({11: "表5\n一般公共预算支出情况表（按功能分类科目）"}), [grid(11, rows)])
    found = [(f.rule, f.severity, f.page, f.table) for f in coverage_findings(NoContents({}), [], named)]
    assert found == [("title_header_mismatch", "warning", 11, "gpb_by_function")]
