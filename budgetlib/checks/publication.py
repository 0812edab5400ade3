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


def _increasing(seq: list[tuple[int, str, int]]) -> set[int]:
    """Indexes of a longest run of ``seq`` (rank, key, page) whose ranks increase: the tables in
    their place; the others were moved."""
    best: list[list[int]] = []
    for i, (rank, _, _) in enumerate(seq):
        prev = [best[j] for j in range(i) if seq[j][0] < rank]
        best.append(max(prev, key=len, default=[]) + [i])
    return set(max(best, key=len, default=[]))


def table_order(kind: str, printed: list[tuple[str, int]], listed: list[tuple[str, str]]) -> list[Finding]:
    """A table printed out of the order its document's 目录 lists (a ``warning``: a reader looking
    it up by the contents finds another table there), or, without a 目录, out of the order of the
    standard set (an ``info``: the 财政部 部门预算/部门决算 公开 templates prescribe the order of
    the 公开表, but regional templates (江苏, 上海, 深圳 …) print their own sets in their own order).
    ``printed``: (key, first page) of each table in print order; ``listed``: the 目录's (title, key)."""
    if listed:
        names = {}
        for title, key in listed:
            names.setdefault(key, title)
        rank = {key: i for i, key in enumerate(names)}
        where, severity = "目录", "warning"
    else:
        standard = STANDARD_SET.get(kind, [])
        rank = {key: i for i, (_, keys) in enumerate(standard) for key in keys}
        names = {key: name for name, keys in standard for key in keys}
        where, severity = "标准公开表", "info"
    seq, seen = [], set()
    for key, page in printed:
        if key in rank and rank[key] not in seen:
            seen.add(rank[key])
            seq.append((rank[key], key, page))
    kept = _increasing(seq)
    out = []
    for i, (r, key, page) in enumerate(seq):
        if i in kept:
            continue
        after = next(seq[j] for j in range(i - 1, -1, -1) if j in kept) if any(j in kept for j in range(i)) else None
        before = next((seq[j] for j in range(i + 1, len(seq)) if j in kept), None)
        placed = (f"印在“{names[after[1]]}”（第{after[2]}页）之后" if after and after[0] > r
                  else f"印在“{names[before[1]]}”（第{before[2]}页）之前")
        out.append(Finding("table_order", severity, page, key,
                           f"“{names[key]}”在{where}中排第{r + 1}，却{placed}，与{where}的顺序不符", names[key]))
    return out
