"""The tables a document of its kind must publish. A document whose 目录 lists its own 公开表 is
held to that list (pipeline's ``table_missing``); one without a 目录 to the standard set: for a
部门预算 the eight tables every 公开 template prints, for a 部门决算 the nine 决算 tables. Any of
several keys counts where templates print the same table under another cut (a 财政拨款 version
of the 一般公共预算 table, 基本支出 by economic class in 支出表（按经济分类） or 基本支出总表)."""
from __future__ import annotations

from ..model import Finding

STANDARD_SET = {
    "预算": [
        ("收支总表", {"income_expense_summary"}),
        ("收入总表", {"income_summary"}),
        ("支出总表", {"expense_summary"}),
        ("财政拨款收支总表", {"gov_funds_summary"}),
        ("一般公共预算支出表", {"gpb_by_function", "gov_funds_by_function"}),
        ("一般公共预算基本支出表", {"gpb_basic_by_economic", "gov_funds_basic_by_economic", "gpb_by_economic",
                                 "basic_expense"}),
        ("“三公”经费表", {"three_public"}),
        ("政府性基金预算支出表", {"gov_fund_budget"}),
    ],
    "决算": [
        ("收入支出决算总表", {"final_income_expense_summary"}),
        ("收入决算表", {"final_income"}),
        ("支出决算表", {"final_expense"}),
        ("财政拨款收入支出决算总表", {"final_gov_funds_summary"}),
        ("一般公共预算财政拨款支出决算表", {"final_gpb_expense"}),
        ("一般公共预算财政拨款基本支出决算表", {"final_gpb_basic_expense"}),
        ("财政拨款“三公”经费支出决算表", {"final_three_public"}),
        ("政府性基金预算财政拨款收入支出决算表", {"final_gov_fund"}),
        ("国有资本经营预算财政拨款支出决算表", {"final_soe_capital"}),
    ],
}


def unpublished_tables(kind: str, found: set[str], listed: bool) -> list[Finding]:
    """A ``warning`` for each table of the standard set of ``kind`` the document does not print
    (none when its own 目录 lists the tables it publishes: that list is checked instead)."""
    if listed:
        return []
    return [Finding("table_not_published", "warning", None, None,
                    f"部门{kind}应公开的“{name}”未在文档中找到（文档没有列出公开表的目录，按标准公开表核对）", name)
            for name, keys in STANDARD_SET.get(kind, []) if not keys & found]
