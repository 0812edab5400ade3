"""The hand-checked cells of tests/data/truth/ (read off the pages; REAL_NOTES.md gives the
conventions) against what read_budget extracts: for every table a truth file covers, the facts
of that table must equal the truth rows as a multiset of (table, unit, code, name, measure,
amount, money_unit, page) — 0 missing and 0 extra."""
import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlib import load

DATA = Path(__file__).parent / "data"
TRUTH = DATA / "truth"
DOCS = {
    "guangzhou-xfj": DATA / "regions" / "广州-信访局_2026年部门预算.pdf",
    "hangzhou-jtysj": DATA / "regions" / "2026年杭州市交通运输局部门预算.pdf",
    "suzhou-swj": DATA / "regions" / "2026年苏州市水务局部门预算.pdf",
    "yantai-tjj": DATA / "regions" / "2026年烟台市统计局部门预算.pdf",
    "xian-yjglj": DATA / "regions" / "西安-应急管理局_2026年部门预算.pdf",
}
KEY = ("table", "unit", "code", "name", "measure", "amount", "money_unit", "page")
# 烟台 p7 prints its title over two lines ("公开表1" / "收支总体情况表"): finding the table is


def _key(row) -> tuple:
    return (row["table"], row["unit"], row["code"], row["name"], row["measure"],
            Decimal(str(row["amount"])), row["money_unit"], int(row["page"]))


def _truth(doc: str) -> list[dict]:
    with open(TRUTH / doc / "facts.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


CASES = [(doc, table) for doc in DOCS for table in sorted({r["table"] for r in _truth(doc)})]


@pytest.fixture(scope="module")
def budgets():
    return {}


def _facts(budgets, doc):
    if doc not in budgets:
        budgets[doc] = load(DOCS[doc]).facts
    return budgets[doc]


@pytest.mark.parametrize("doc,table", CASES, ids=[f"{d}-{t}" for d, t in CASES])
def test_truth_cells(budgets, doc, table):
    truth = Counter(_key(r) for r in _truth(doc) if r["table"] == table)
    facts = _facts(budgets, doc)
    got = Counter(_key(r) for r in facts[facts["table"] == table].to_dict("records"))
    missing, extra = truth - got, got - truth
    assert not missing and not extra, (
        f"{sum(missing.values())} missing, e.g. {list(missing)[:3]}; {sum(extra.values())} extra, e.g. {list(extra)[:3]}")


def test_second_classification_pair_kept_beside_the_row():
    """烟台 p16 公开表6 prints "301 01 　基本工资 501 01 　工资奖金津补贴 169.28 169.28" and
    "301 01 　基本工资 505 01 　工资福利支出 189.31 189.31": code/name are the 部门经济 pair,
    the 政府经济 pair is in gov_economic_code / gov_economic_name."""
    facts = load(DOCS["yantai-tjj"]).facts
    rows = facts[(facts["table"] == "gpb_basic_by_economic") & (facts["code"] == "30101")
                 & (facts["measure"] == "小计")]
    assert sorted(zip(rows["gov_economic_code"], rows["gov_economic_name"], rows["amount"].map(str))) == [
        ("50101", "工资奖金津补贴", "169.28"), ("50501", "工资福利支出", "189.31")]


def test_procurement_prints_three_classifications():
    """西安应急 p30 表12 prints each purchase with three classifications: 科目编码 类|款|项, then
    部门经济科目 类|款 and 政府经济科目 类|款, and describes it in 采购目录 / 规格型号 / 采购时间:
    "224 01 06 125001 事故应急救援 其他专用汽车 事故救援专业车 1 310 03 503 06 2019-02-09 59.80".
    The row is 2240106 事故应急救援 with 政府经济 50306; 部门经济 310|03 and the describing
    cells go to the residue. Before, 规格型号 and 采购时间 started side-by-side groups: the
    amount was named "2019-02-09" and coded 3100350306."""
    b = load(DOCS["xian-yjglj"])
    rows = b.facts[(b.facts["table"] == "procurement") & (b.facts["name"] == "事故应急救援")]
    assert sorted(zip(rows["code"], rows["measure"], rows["amount"].map(str), rows["money_unit"],
                      rows["gov_economic_code"])) == [
        ("2240106", "数量", "1", "", "50306"), ("2240106", "预算金额", "59.80", "万元", "50306")]
    residue = b.residue[(b.residue["table"] == "procurement") & (b.residue["page"] == 30)]
    row = residue[residue["row"] == residue[residue["text"] == "2019-02-09"]["row"].iloc[0]]
    assert dict(zip(row["text"], row["reason"])) == {
        "其他专用汽车": "descriptive text", "事故救援专业车": "descriptive text", "2019-02-09": "descriptive text",
        "310": "code of a further classification", "03": "code of a further classification",
        "125001": "unit number (单位代码)"}


def test_a_targets_forms_money_block_ends_where_its_targets_start():
    """西安应急 p33 附表14 prints its money block, then the targets in rows of their own:
    "1.机关运行及人员保障 保障人员经费、商品和服务支出，机关运行经费。 2,022.39 2,022.39" …
    "金额合计 3,643.37 3,643.37", then "目标1：全力保障人员经费…" and the 指标 rows under the
    same columns. The 总额 column holds amounts (it was taken for text because of the indicator
    texts under it). p39 附表15 prints "资金金额 1620.98（万元） | 实施期资金总额 | 1620.98" and
    "其中：财政拨款 | 1620.98": the row names are the items, not the heading printed once beside them.
    That form's amount column has no header of its own; its measure is the form field above it
    (the project, 安全生产专项资金)."""
    facts = load(DOCS["xian-yjglj"]).facts
    rows = facts[facts["table"] == "performance_targets"]
    assert sorted(zip(rows["page"], rows["name"], rows["measure"], rows["amount"].map(str))) == [
        (33, "1.机关运行及人员保障", "总额", "2022.39"), (33, "1.机关运行及人员保障", "财政拨款", "2022.39"),
        (33, "2.安全生产监督检查", "总额", "1620.98"), (33, "2.安全生产监督检查", "财政拨款", "1620.98"),
        (33, "金额合计", "总额", "3643.37"), (33, "金额合计", "财政拨款", "3643.37"),
        (39, "其中：财政拨款", "安全生产专项资金", "1620.98"), (39, "实施期资金总额", "安全生产专项资金", "1620.98")]


def test_hangzhou_breaks_are_the_documents_own():
    """杭州 p30 表5 (REAL_NOTES.md §4) prints figures that do not add up; they are the only defects:
    "合计 432,513.70 82,479.29 67,627.51 14,902.37" (67,627.51 + 14,902.37 = 82,529.88),
    "交通运输支出 165,602.60 51,417.49 41,277.20 10,190.89" and
    "公路水路运输 97,402.60 51,417.49 41,277.20 10,190.89 45,985.11" (41,277.20 + 10,190.89 = 51,468.09).
    The same 50.60 shows between tables: 表4 p28 prints "交通运输支出 165831.11" (its 公路水路运输
    "97453.2" = 97,402.60 + 50.60) where 表5 p30 prints "交通运输支出 165,602.60" and 表8 p35
    "交通运输支出 177.92" (165,602.60 + 177.92 = 165,780.52); the 类 rows are coded from the catalogue.
    (Apart from the 50.60, p6 states 事业收入 as 1.4% of 665,964.37 where it is 1.45%.)
    The text carries the 50.60 too: p7 "2026年一般公共预算当年拨款432,564.30万元" (表5 合计 432,513.70)
    with "交通运输…165,653.20" (表5 165,602.60) and "一般公共服务（类）支出6,701.98万元，占1.6%"
    (6,701.98 ÷ 432,564.30 = 1.549%); p11 "减少9,871.3万元，下降15.5%" (9,871.3 ÷ 63,393.59 = 15.57%)."""
    b = load(DOCS["hangzhou-jtysj"])
    defects = sorted((f.rule, f.page, f.table, f.printed, f.expected) for f in b.findings if f.severity == "defect")
    assert defects == [("cross_code", 28, "gov_funds_summary", "165831.11", "165780.52"),
                       # p6 “事业收入9,680.97万元，占1.4%” of 收入预算665964.37 (p5): 1.454%, not the table's error
                       ("share_claim", 6, None, "1.4", "1.5"),
                       ("share_claim", 7, None, "1.6", "1.5"),
                       # the 合计 row and the two rows whose 小计 it sums break by the same 50.60: one cause
                       ("subtotal_sum", 30, "gpb_by_function", "82479.29", "82529.88"),
                       ("text_class", 7, None, "165653.20", "165602.60"),
                       ("text_percent", 11, None, "-15.5", "-15.6"),
                       ("text_total", 7, None, "432564.30", "432513.70")]
    assert not [f for f in b.findings if f.rule == "coverage"]
