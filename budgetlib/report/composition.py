"""Where the money goes, from whichever tables a document prints: spending by 科目 (功能分类 or
经济分类, at one level) and the split of the total over the spending categories (基本支出,
项目支出, 单位预留机动经费, 事业单位经营支出 …).

Each function returns a ``Composition``: the frame to chart (amounts in 万元), the table it
came from, the printed total it is checked against, and — when nothing can be drawn — the
reason, in one sentence naming what is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ..checks.index import TOTAL_ROW
from ..checks.record import tolerance
from ..clean import to_wan
from ..model import unit_rows
from ..tables import TABLE_NAMES

# the tables each composition may come from, the most complete first: the 支出总表 covers every
# fund, the 一般公共预算 and 财政拨款 tables only part of them
SOURCES = {
    "功能分类": ("expense_summary", "final_expense", "gpb_by_function", "gov_funds_by_function", "final_gpb_expense"),
    "经济分类": ("gpb_by_economic", "basic_expense", "gpb_basic_by_economic", "gov_funds_basic_by_economic",
                 "final_gpb_basic_expense", "final_basic_expense"),
}
SPLIT_SOURCES = ("expense_summary", "final_expense")
TOTAL_MEASURE = re.compile(r"^(本年)?(支出)?(总计|合计|小计|金额|预算数?|决算数?)$")
NOT_A_CATEGORY = re.compile(r"^(序号|栏次|行次|合计|总计|小计|支出总计)$|^其中|/")
CATEGORY_NAME = re.compile(r"(支出|经费|费用?)$")
EMPTY = pd.DataFrame(columns=["subject_code", "name", "amount", "share"])


@dataclass(frozen=True)
class Composition:
    frame: pd.DataFrame  # the parts: amounts in 万元, shares of their sum
    table: str | None = None  # the table key it came from
    title: str = ""  # that table's printed title
    measure: str | None = None  # the column read
    total: float | None = None  # the printed total (万元), where the table prints one
    reason: str = ""  # why nothing (or not everything) could be drawn
    tried: list[str] = field(default_factory=list)  # what each table lacked
    tolerance_wan: Decimal = Decimal("0.01")  # the rounding the parts may differ from the total by
    unplaced: float = 0.0  # the printed total less the coded parts, drawn as its own last row

    @property
    def parts_sum(self) -> float:
        """The sum of the coded parts (the unplaced row left out)."""
        return float(self.frame["amount"].sum()) - self.unplaced if not self.frame.empty else 0.0

    @property
    def empty(self) -> bool:
        return self.frame.empty

    @property
    def adds_up(self) -> bool:
        """The parts add up to the printed total (within the rounding of the summed terms)."""
        if self.total is None or self.frame.empty:
            return True
        return abs(self.parts_sum - self.total) <= float(self.tolerance_wan) + 1e-9


def wan_amounts(frame: pd.DataFrame) -> pd.Series:
    """The frame's amounts in 万元, as floats (for charts), aligned on its index."""
    return pd.Series([float(to_wan(a, u)) for a, u in zip(frame["amount"], frame["money_unit"])], index=frame.index,
                     dtype=float)


def total_measure(measures: list[str]) -> str | None:
    """The column a table's amounts add up in: 合计 / 总计 / 金额 …, else the first amount column."""
    measures = [m for m in measures if not re.match(r"^(序号|栏次|行次)$", m)]
    return next((m for m in measures if TOTAL_MEASURE.match(m)), measures[0] if measures else None)


def _title(budget, key: str) -> str:
    return next((t.title for t in budget.tables if t.key == key and t.title), TABLE_NAMES.get(key, key))


def total_row(t: pd.DataFrame) -> pd.DataFrame:
    """The department's own total row: its first unit row, else the row printed 合计 / 总计.
    A row of column numbers (栏次 1, 2, 3 … read as a row) is never it."""
    for candidates in (t[unit_rows(t)], t[t["name"].str.match(TOTAL_ROW.pattern) & (t["code"] == "")]):
        for _, row in candidates.groupby(["page", "row"], sort=False):
            if not _column_numbers(row["amount"].tolist()):
                return row
    return t.iloc[0:0]


def _column_numbers(amounts: list[Decimal]) -> bool:
    return len(amounts) > 1 and amounts == [Decimal(i) for i in range(1, len(amounts) + 1)]


def _printed_total(t: pd.DataFrame, measure: str) -> float | None:
    row = total_row(t)
    row = row[row["measure"] == measure]
    return float(to_wan(row["amount"].iloc[0], row["money_unit"].iloc[0])) if not row.empty else None


def by_subject(budget, classification: str = "功能分类", level: str = "类") -> Composition:
    """Spending by 科目 at one level from the first table (in ``SOURCES`` order) that prints coded
    rows of that classification and level: subject_code, name, amount (万元), share. A code
    printed for several units is summed."""
    tried = []
    for key in SOURCES[classification]:
        t = budget.table(key)
        if t.empty:
            continue
        measure = total_measure(list(dict.fromkeys(t["measure"])))
        rows = t[(t["measure"] == measure) & (t["level"] == level) & (t["classification"] == classification)]
        if rows.empty:
            coded = (t["classification"] == classification).any()
            tried.append(f"{_title(budget, key)}：" + (f"没有{level}级的行" if coded else "行没有科目编码"))
            continue
        rows = rows.assign(amount=wan_amounts(rows), name=rows["name"].str.replace(r"^支出:", "", regex=True))
        out = rows.groupby(["subject_code", "name"], as_index=False, sort=False)["amount"].sum()
        out = out.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)
        raw = t[(t["measure"] == measure) & (t["level"] == level) & (t["classification"] == classification)]
        tol = tolerance(raw["amount"].tolist(), len(raw) + 1) * to_wan(Decimal(1), raw["money_unit"].iloc[0])
        total = _printed_total(t, measure)
        out, unplaced = with_unplaced(out, total, float(tol), level)
        return Composition(out, key, _title(budget, key), measure, total, tried=tried, tolerance_wan=tol,
                           unplaced=unplaced)
    names = "、".join(TABLE_NAMES[k] for k in SOURCES[classification])
    reason = (f"本文档没有可用于“{classification}（{level}）”构成的表格（{names}都没有找到）。" if not tried else
              f"找到的表格都没有可用于“{classification}（{level}）”构成的数据：" + "；".join(tried) + "。")
    return Composition(EMPTY, reason=reason, tried=tried)


def with_unplaced(parts: pd.DataFrame, total: float | None, tol: float, level: str) -> tuple[pd.DataFrame, float]:
    """Shares of the printed total, not of the parts: where the coded parts fall short of it (rows
    not coded at this level, or not read), the gap is a last row of its own, so that no share is
    overstated (a table coding one 款 of thirty must not show it as 100%)."""
    gap = (total - float(parts["amount"].sum())) if total is not None else 0.0
    if gap > tol + 1e-9:
        parts = pd.concat([parts, pd.DataFrame([{"subject_code": "", "name": f"未归入{level}级科目的部分",
                                                   "amount": gap}])], ignore_index=True)
    else:
        gap = 0.0
    base = total if gap else float(parts["amount"].sum())
    return parts.assign(share=parts["amount"] / base if base else 0.0), gap


def spending_split(budget) -> Composition:
    """The department's total over every spending category its 支出总表 prints (基本支出, 项目支出,
    单位预留机动经费, 事业单位经营支出 …): part, amount (万元), share of the total.

    The categories are the columns after the total column, up to where they add up to it
    (the columns after that, 其中 … 政府采购, are details of a part); zero categories are kept."""
    for key in SPLIT_SOURCES:
        t = budget.table(key)
        if t.empty:
            continue
        measures = list(dict.fromkeys(t["measure"]))
        measure = total_measure(measures)
        row = total_row(t)
        if row.empty:
            return _no_split(f"{_title(budget, key)}没有合计行（也没有单位行），无法计算各类支出的比例。")
        cells = {m: a for m, a in zip(row["measure"], row["amount"])}
        if measure not in cells:
            return _no_split(f"{_title(budget, key)}的合计行没有“{measure}”栏。")
        money_unit = row["money_unit"].iloc[0]
        total = cells[measure]
        parts = _categories(measures[measures.index(measure) + 1:], cells, total)
        if not parts:
            listed = "、".join(m for m in measures if m != measure) or "没有其他栏"
            return _no_split(f"{_title(budget, key)}合计行的各栏（{listed}）加起来不等于{measure} {total}，"
                             "无法把总额分到各类支出。")
        frame = pd.DataFrame({"part": list(parts), "amount": [float(to_wan(a, money_unit)) for a in parts.values()]})
        frame["share"] = frame["amount"] / float(to_wan(total, money_unit))
        frame = frame.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)
        return Composition(frame, key, _title(budget, key), measure, float(to_wan(total, money_unit)))
    return _no_split("本文档没有支出总表，无法把支出分为基本支出、项目支出等类别。")


def _no_split(reason: str) -> Composition:
    return Composition(pd.DataFrame(columns=["part", "amount", "share"]), reason=reason)


def _categories(after: list[str], cells: dict, total: Decimal) -> dict:
    """The shortest run of category columns whose sum is the total (within rounding), with the
    zero category columns that follow it."""
    run, found = {}, None
    for m in after:
        if NOT_A_CATEGORY.search(m) or m not in cells:
            if found is not None:
                break
            continue
        if found is not None:
            if cells[m] != 0 or not CATEGORY_NAME.search(m):
                break
            run[m] = cells[m]
            continue
        run[m] = cells[m]
        values = list(run.values())
        if abs(sum(values, Decimal(0)) - total) <= tolerance(values + [total], len(values) + 1):
            found = dict(run)
    return run if found is not None else {}
