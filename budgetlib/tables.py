"""The standard tables of a departmental budget, as plain data: one ``TableSpec`` per table with
everything the library knows of it.

Specs are listed in priority order: the first spec whose pattern matches a title wins, so the
specific titles (政府预算拨款收支总表) come before the general ones (收支总表). Titles are matched
with whitespace removed and the numbering (表一：, 表1, 附表1, 1.) ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    key: str
    name: str  # the canonical Chinese title
    patterns: tuple[str, ...]  # title patterns (regular expressions on the whitespace-free title)
    # the table's item rows are one flat list under the unit: its unit row is their sum (a
    # procurement table nests 大类 → 专项 → 物品, so it is not flat)
    flat_items: bool = False
    # the row names are 科目 names; False for projects, purchases, years or tasks, whose names may
    # happen to equal a 科目 name (办公设备购置) without being that 科目
    names_are_subjects: bool = True
    empty_word: str = ""  # the words a text uses to declare this table empty (本单位无政府性基金…)
    function_rank: int = 0  # preference among the tables that give 功能分类 spending (1 = first)
    total_measures: tuple[str, ...] = ()  # the column names of the table's total, in preference order


TABLE_SPECS: list[TableSpec] = [
    # 决算 (final accounts) first: their titles contain the budget ones
    TableSpec("final_gov_funds_summary", "财政拨款收入支出决算总表", (r"财政拨款收入支出决算总表",)),
    TableSpec("final_income_expense_summary", "收入支出决算总表", (r"收入支出决算总表",)),
    TableSpec("final_gpb_basic_expense", "一般公共预算财政拨款基本支出决算表", (r"一般公共预算.*基本支出决算",)),
    TableSpec("final_gpb_expense", "一般公共预算财政拨款支出决算表", (r"一般公共预算.*支出决算",)),
    TableSpec("final_three_public", "财政拨款“三公”经费支出决算表", (r"三公.*决算",), empty_word="三公"),
    TableSpec("final_gov_fund", "政府性基金预算财政拨款收入支出决算表", (r"政府性基金.*决算",), empty_word="政府性基金"),
    TableSpec("final_soe_capital", "国有资本经营预算财政拨款收入支出决算表", (r"国有资本经营.*决算",), empty_word="国有资本经营"),
    TableSpec("final_basic_expense", "基本支出决算表", (r"基本支出决算",)),
    TableSpec("final_project_expense", "项目支出决算表", (r"项目支出决算",), flat_items=True, names_are_subjects=False),
    TableSpec("final_income", "收入决算表", (r"收入决算",)),
    TableSpec("final_expense", "支出决算表", (r"支出决算",), function_rank=2, total_measures=("本年支出合计", "合计")),
    # 部门预算
    TableSpec("gov_funds_summary", "政府预算拨款收支总表", (r"政府预算拨款收支总表", r"财政拨款收支(预算)?总表")),
    TableSpec("income_expense_summary", "收支总表", (r"收支(预算)?总表",)),
    TableSpec("income_summary", "收入总表", (r"收入(预算)?总表",), total_measures=("总计", "合计")),
    TableSpec("procurement", "政府采购项目支出表", (r"政府采购",), names_are_subjects=False, empty_word="政府采购"),
    TableSpec("three_public", "“三公”经费支出表", (r"三公",), names_are_subjects=False, empty_word="三公"),
    TableSpec("agency_operating_costs", "机关运行经费支出表", (r"机关运行经费",)),
    TableSpec("gov_fund_budget", "政府性基金预算支出表", (r"政府性基金",), empty_word="政府性基金"),
    TableSpec("soe_capital_budget", "国有资本经营预算支出表", (r"国有资本经营",), empty_word="国有资本经营"),
    TableSpec("transfer_payments", "上级专项转移支付支出表", (r"转移支付",), flat_items=True, names_are_subjects=False, empty_word="转移支付"),
    TableSpec("performance_targets", "整体支出绩效目标表", (r"绩效目标",), flat_items=True, names_are_subjects=False, total_measures=("总额", "合计")),
    TableSpec("gov_funds_basic_by_economic", "财政拨款基本支出表（按经济分类）", (r"财政拨款基本支出",)),
    TableSpec("gov_funds_by_function", "财政拨款支出表（按功能科目）", (r"财政拨款支出(预算)?表",), function_rank=3),
    TableSpec("gpb_basic_by_economic", "一般公共预算基本支出表（按经济分类）", (r"一般公共预算基本支出",)),
    TableSpec("gpb_by_economic", "一般公共预算支出表（按经济分类）", (r"一般公共预算.*经济分类",)),
    TableSpec("gpb_by_function", "一般公共预算支出表（按功能科目）", (r"一般公共预算.*功能", r"一般公共预算支出(预算)?表"), function_rank=4),
    TableSpec("basic_expense", "基本支出总表", (r"基本支出(预算)?(总)?表",), total_measures=("总计", "合计")),
    TableSpec("project_expense", "项目支出总表", (r"项目支出(预算)?(总)?表",), flat_items=True, names_are_subjects=False, total_measures=("总计", "合计")),
    TableSpec("expense_summary", "支出总表", (r"支出(预算)?总表",), function_rank=1, total_measures=("支出总计", "总计", "合计")),
]

SPECS = {s.key: s for s in TABLE_SPECS}
TABLE_KEYS = [s.key for s in TABLE_SPECS]
TABLE_NAMES = {s.key: s.name for s in TABLE_SPECS}
FLAT_ITEMS = frozenset(s.key for s in TABLE_SPECS if s.flat_items)
NO_SUBJECTS = frozenset(s.key for s in TABLE_SPECS if not s.names_are_subjects)
# 功能分类 tables in the order a cross-document comparison prefers them
FUNCTION_TABLES = tuple(s.key for s in sorted((s for s in TABLE_SPECS if s.function_rank), key=lambda s: s.function_rank))


TOTAL_MEASURE = re.compile(r"(总计|合计|总额)$")


def total_measure(measures) -> str | None:
    """Which of a table's amount columns is its total: the first named …总计/…合计/…总额, else
    the first column."""
    measures = list(measures)
    return next((m for m in measures if TOTAL_MEASURE.search(m)), measures[0] if measures else None)


def empty_words() -> dict[str, tuple[str, ...]]:
    """The words that declare a table empty → the keys of the tables they speak of."""
    out: dict[str, tuple[str, ...]] = {}
    for s in TABLE_SPECS:
        if s.empty_word:
            out[s.empty_word] = out.get(s.empty_word, ()) + (s.key,)
    return out

# 表一： / 表1 / 附表1 / 附表1- / 1. / （一）at the start of a title line
_NUMBERING = re.compile(r"^(附?表\s*[一二三四五六七八九十\d]+(?:-\d+)?|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])\s*[:：、.\s]*")
# a title ends with 表, optionally followed by a bracketed qualifier: …支出表（按功能科目）
_TITLE_END = re.compile(r"表([（(][^（()）]{1,12}[)）])?$")


def table_key(title: str) -> str | None:
    """The canonical key of a table title, or None when the title is not a standard table."""
    text = _NUMBERING.sub("", re.sub(r"\s+", "", title or ""))
    for spec in TABLE_SPECS:
        if any(re.search(p, text) for p in spec.patterns):
            return spec.key
    return None


# a sentence that mentions a table (详见…绩效目标表) or a section heading of the booklet is no title
_NOT_A_TITLE = re.compile(r"详见|见附|参见|说明|^第[一二三四五六七八九十]+部分|部门(预算|决算)表$|单位预算表$")


def title_lines(text: str, max_chars: int = 60) -> list[tuple[str, str | None]]:
    """Every line of ``text`` that reads as a table title: (title, key or None when unknown)."""
    out = []
    for line in (text or "").splitlines():
        head = re.split(r"单位名称|(?:金额)?单位[:：]", re.sub(r"\s+", "", line))[0]
        if 2 < len(head) <= max_chars and _TITLE_END.search(head) and not _NOT_A_TITLE.search(head):
            out.append((head, table_key(head)))
    return out


def find_title(text: str, max_chars: int = 60) -> tuple[str, str] | None:
    """The first line of ``text`` that reads as a standard table's title: (title, key)."""
    return next(((t, k) for t, k in title_lines(text, max_chars) if k), None)
