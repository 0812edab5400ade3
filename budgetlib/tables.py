"""The standard tables of a departmental budget, as plain data.

Each key lists title patterns in priority order: the first key whose pattern matches a title
wins, so the specific titles (政府预算拨款收支总表) come before the general ones (收支总表).
Titles are matched with whitespace removed and the numbering (表一：, 表1, 附表1, 1.) ignored.
"""
from __future__ import annotations

import re

TABLE_TITLES: list[tuple[str, str, list[str]]] = [
    # key, 中文, patterns — 决算 (final accounts) first: their titles contain the budget ones
    ("final_gov_funds_summary", "财政拨款收入支出决算总表", [r"财政拨款收入支出决算总表"]),
    ("final_income_expense_summary", "收入支出决算总表", [r"收入支出决算总表"]),
    ("final_gpb_basic_expense", "一般公共预算财政拨款基本支出决算表", [r"一般公共预算.*基本支出决算"]),
    ("final_gpb_expense", "一般公共预算财政拨款支出决算表", [r"一般公共预算.*支出决算"]),
    ("final_three_public", "财政拨款“三公”经费支出决算表", [r"三公.*决算"]),
    ("final_gov_fund", "政府性基金预算财政拨款收入支出决算表", [r"政府性基金.*决算"]),
    ("final_soe_capital", "国有资本经营预算财政拨款收入支出决算表", [r"国有资本经营.*决算"]),
    ("final_basic_expense", "基本支出决算表", [r"基本支出决算"]),
    ("final_project_expense", "项目支出决算表", [r"项目支出决算"]),
    ("final_income", "收入决算表", [r"收入决算"]),
    ("final_expense", "支出决算表", [r"支出决算"]),
    # 部门预算
    ("gov_funds_summary", "政府预算拨款收支总表", [r"政府预算拨款收支总表", r"财政拨款收支(预算)?总表"]),
    ("income_expense_summary", "收支总表", [r"收支(预算)?总表"]),
    ("income_summary", "收入总表", [r"收入(预算)?总表"]),
    ("procurement", "政府采购项目支出表", [r"政府采购"]),
    ("three_public", "“三公”经费支出表", [r"三公"]),
    ("agency_operating_costs", "机关运行经费支出表", [r"机关运行经费"]),
    ("gov_fund_budget", "政府性基金预算支出表", [r"政府性基金"]),
    ("soe_capital_budget", "国有资本经营预算支出表", [r"国有资本经营"]),
    ("transfer_payments", "上级专项转移支付支出表", [r"转移支付"]),
    ("performance_targets", "整体支出绩效目标表", [r"绩效目标"]),
    ("gov_funds_basic_by_economic", "财政拨款基本支出表（按经济分类）", [r"财政拨款基本支出"]),
    ("gov_funds_by_function", "财政拨款支出表（按功能科目）", [r"财政拨款支出(预算)?表"]),
    ("gpb_basic_by_economic", "一般公共预算基本支出表（按经济分类）", [r"一般公共预算基本支出"]),
    ("gpb_by_economic", "一般公共预算支出表（按经济分类）", [r"一般公共预算.*经济分类"]),
    ("gpb_by_function", "一般公共预算支出表（按功能科目）", [r"一般公共预算.*功能", r"一般公共预算支出(预算)?表"]),
    ("basic_expense", "基本支出总表", [r"基本支出(预算)?(总)?表"]),
    ("project_expense", "项目支出总表", [r"项目支出(预算)?(总)?表"]),
    ("expense_summary", "支出总表", [r"支出(预算)?总表"]),
]

TABLE_KEYS = [key for key, _, _ in TABLE_TITLES]
TABLE_NAMES = {key: name for key, name, _ in TABLE_TITLES}

# 表一： / 表1 / 附表1 / 附表1- / 1. / （一）at the start of a title line
_NUMBERING = re.compile(r"^(附?表\s*[一二三四五六七八九十\d]+(?:-\d+)?|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])\s*[:：、.\s]*")
# a title ends with 表, optionally followed by a bracketed qualifier: …支出表（按功能科目）
_TITLE_END = re.compile(r"表([（(][^（()）]{1,12}[)）])?$")


def table_key(title: str) -> str | None:
    """The canonical key of a table title, or None when the title is not a standard table."""
    text = _NUMBERING.sub("", re.sub(r"\s+", "", title or ""))
    for key, _, patterns in TABLE_TITLES:
        if any(re.search(p, text) for p in patterns):
            return key
    return None


# a sentence that mentions a table (详见…绩效目标表) or a section heading of the booklet is no title
_NOT_A_TITLE = re.compile(r"详见|见附|参见|说明|^第[一二三四五六七八九十]+部分|部门(预算|决算)表$|单位预算表$")


def title_lines(text: str) -> list[tuple[str, str | None]]:
    """Every line of ``text`` that reads as a table title: (title, key or None when unknown)."""
    out = []
    for line in (text or "").splitlines():
        head = re.split(r"单位名称|(?:金额)?单位[:：]", re.sub(r"\s+", "", line))[0]
        if 2 < len(head) <= 60 and _TITLE_END.search(head) and not _NOT_A_TITLE.search(head):
            out.append((head, table_key(head)))
    return out


def find_title(text: str) -> tuple[str, str] | None:
    """The first line of ``text`` that reads as a standard table's title: (title, key)."""
    return next(((t, k) for t, k in title_lines(text) if k), None)
