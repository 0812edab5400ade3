"""Frames for the reports: spending composition, the change against last year, the projects.

Every function takes a ``Budget`` (or its parts) and returns a DataFrame with amounts in 万元
as floats — ready to chart; the exact Decimal figures stay in ``Budget.facts``.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from ..checks.index import TOTAL_ROW, YEAR_ROW
from ..clean import half_unit, to_wan
from ..tables import TABLE_NAMES
from .composition import by_subject, spending_split, total_measure, wan_amounts


def _total_measure(frame: pd.DataFrame) -> str | None:
    return total_measure(list(dict.fromkeys(frame["measure"])))


def composition(budget, classification: str = "功能分类", level: str = "类") -> pd.DataFrame:
    """Spending by 科目 at one level: subject_code, name, amount (万元), share of the total
    (``composition.by_subject`` says which table it came from, or why there is none)."""
    return by_subject(budget, classification, level).frame


def basic_and_project(budget) -> pd.DataFrame:
    """The total over every spending category the 支出总表 prints: part, amount (万元), share."""
    return spending_split(budget).frame


def change_steps(narrative, money_unit: str = "万元") -> pd.DataFrame:
    """The year-over-year change as waterfall steps: last year's total (this year's total minus
    the stated change), one step per reason the text gives, the part it leaves unexplained, and
    this year's total. Columns: label, kind (total/reason/unexplained), amount, start, end, page."""
    total = narrative.get("totals.expense") or narrative.get("totals.income")
    change = narrative.get("totals.expense_change") or narrative.get("totals.income_change")
    if total is None or change is None:
        return pd.DataFrame(columns=["label", "kind", "amount", "start", "end", "page"])
    last = total.value - change.value
    year = re.search(r"\d{4}", change.label or "")
    rows = [(f"{year.group(0) if year else '上'}年预算", "total", last, Decimal(0), last, change.page)]
    level = last
    for r in narrative.prefix("change_reasons."):
        rows.append((_reason_label(r), "reason", r.value, level, level + r.value, r.page))
        level += r.value
    rest = change.value - sum((r.value for r in narrative.prefix("change_reasons.")), Decimal(0))
    if rest != 0:
        rows.append(("文字未说明", "unexplained", rest, level, level + rest, change.page))
        level += rest
    rows.append(("本年预算", "total", total.value, Decimal(0), total.value, total.page))
    frame = pd.DataFrame(rows, columns=["label", "kind", "amount", "start", "end", "page"])
    for col in ("amount", "start", "end"):
        frame[col] = frame[col].map(lambda v: float(to_wan(v, money_unit)))
    return frame


def _reason_label(figure) -> str:
    names = {"change_reasons.project_funds": "项目经费", "change_reasons.personnel_funds": "人员经费",
             "change_reasons.public_funds": "公用经费"}
    return names.get(figure.key, figure.label[-12:] or figure.key)


def _base_name(name: str) -> str:
    """A task name without its bracketed note and a trailing 经费/项目: the words a text would use."""
    name = re.sub(r"[(（][^)）]*[)）]", "", name)
    return re.sub(r"(经费|项目|资金)$", "", name)


def projects(budget) -> pd.DataFrame:
    """一级项目 with their amounts: the narrative's numbered projects, else the 项目支出总表 rows."""
    n = budget.narrative
    found = [(f.label, f.value, f.page) for f in (n.prefix("projects.") if n else []) if f.key.endswith(".amount")]
    if not found:
        t = budget.table("project_expense")
        measure = _total_measure(t) if not t.empty else None
        items = t[(t["name"] != "") & (t["measure"] == measure) & ~t["name"].str.match(TOTAL_ROW.pattern)]
        found = [(r.name, to_wan(r.amount, r.money_unit), r.page) for r in items.itertuples()]
    return pd.DataFrame(found, columns=["project", "amount", "page"])


def project_items(budget) -> pd.DataFrame:
    """Each 一级项目 broken into its sub-items, with the source of each amount.

    Sub-items come from the 绩效目标表 tasks (a task belongs to the project whose text names it,
    or whose name it shares); a project with a single task (or none) and components listed in
    the text takes those. Columns: project, project_amount, item, amount, share, source, page."""
    n = budget.narrative
    projs = projects(budget)
    if projs.empty:
        return pd.DataFrame(columns=["project", "project_amount", "item", "amount", "share", "source", "page"])
    paragraphs = {}
    for name in projs["project"]:
        f = n.get(f"projects.{name}.amount") if n else None
        paragraphs[name] = f.sentence if f else ""
    t = budget.table("performance_targets")
    tasks = []
    if not t.empty:
        measure = _total_measure(t) if "总额" not in set(t["measure"]) else "总额"
        rows = t[(t["measure"] == measure) & (t["name"] != "") & ~t["name"].str.match(TOTAL_ROW.pattern)]
        tasks = [(r.name, to_wan(r.amount, r.money_unit), r.page) for r in rows.itertuples()]
    owner = {}
    for task, amount, _ in tasks:
        base = _base_name(task)
        hits = [p for p in projs["project"] if base and base in paragraphs[p]]
        hits = hits or [p for p in projs["project"] if base and (base in p or p in base)]
        hits = hits or [p for p, a in zip(projs["project"], projs["amount"]) if a == amount]
        if len(hits) == 1:
            owner[task] = hits[0]
    rows = []
    for p, amount, page in projs.itertuples(index=False):
        mine = [(task, a, pg) for task, a, pg in tasks if owner.get(task) == p]
        parts = n.prefix(f"projects.{p}.components.") if n else []
        if len(mine) <= 1 and parts:
            rows += [(p, amount, f.label, f.value, "文字", f.page) for f in parts]
        elif mine:
            rows += [(p, amount, task, a, "绩效目标表", pg) for task, a, pg in mine]
        else:
            rows.append((p, amount, p, amount, "文字" if n and n.get(f"projects.{p}.amount") else "项目支出总表", page))
    frame = pd.DataFrame(rows, columns=["project", "project_amount", "item", "amount", "source", "page"])
    frame["project_amount"] = frame["project_amount"].map(float)
    frame["amount"] = frame["amount"].map(float)
    frame["share"] = frame["amount"] / float(sum(projs["amount"]))
    return frame[["project", "project_amount", "item", "amount", "share", "source", "page"]]


def three_public_years(budget) -> pd.DataFrame:
    """“三公” by item for each year the table prints: year, item, amount (万元)."""
    t = budget.table("three_public")
    rows = t[t["name"].str.match(YEAR_ROW.pattern)]
    if rows.empty:
        return pd.DataFrame(columns=["year", "item", "amount"])
    return pd.DataFrame({"year": rows["name"].values, "item": rows["measure"].values, "amount": wan_amounts(rows).values})


def project_totals(items: pd.DataFrame) -> pd.DataFrame:
    """Per 一级项目: its amount, the sum of its sub-items and whether they agree (to 0.005 万元)."""
    if items.empty:
        return pd.DataFrame(columns=["project", "amount", "items", "sum_of_items", "agrees"])
    g = items.groupby("project", sort=False).agg(amount=("project_amount", "first"), items=("item", "size"),
                                                 sum_of_items=("amount", "sum")).reset_index()
    g["sum_of_items"] = g["sum_of_items"].round(4)
    g["agrees"] = (g["amount"] - g["sum_of_items"]).abs() < float(half_unit(Decimal("0.01")))  # 万元 to 2 decimals
    return g


def table_title(budget, key: str) -> str:
    """The title the document prints for a table (表三：支出总表), else the canonical name."""
    return next((t.title for t in budget.tables if t.key == key and t.title), TABLE_NAMES.get(key, key))


def narrative_figures(budget) -> pd.DataFrame:
    """The figures of the text part: key, value, unit, page, sentence."""
    if budget.narrative is None:
        return pd.DataFrame(columns=["key", "value", "unit", "page", "sentence"])
    f = budget.narrative.frame()
    f = f[f["value"].notna()].copy()
    f["value"] = f["value"].map(str)
    return f[["key", "value", "unit", "page", "sentence"]].reset_index(drop=True)
