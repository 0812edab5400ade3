"""Identities across tables: the same total printed in several tables (compared in 万元 where
their money units differ), each 科目 of a 收支总表 in its expense table. (“三公” against the 经济分类
codes that book the same money is three_public.economic_codes: it reads the “三公” table in any
layout.)"""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import half_unit, scale, to_wan
from ..model import Row
from .index import TOTAL_ROW, TableIndex
from .record import Recorder, tolerance

# a performance table of the whole department (部门整体支出绩效目标表), not of its projects
WHOLE_DEPARTMENT = re.compile(r"(部门|单位)整体")


def cross_tables(ix: TableIndex, rec: Recorder) -> None:
    _agree(rec, ix.money_units, "grand_total", [ix.figure("income_expense_summary", name="收入:收入总计"),
                                ix.figure("income_summary"),
                                ix.figure("expense_summary"),
                                ix.figure("income_expense_summary", name="支出:支出总计")])
    _agree(rec, ix.money_units, "basic_total", [ix.figure("expense_summary", "基本支出"), ix.figure("basic_expense")])
    # a 部门整体支出绩效目标表 amounts all the department's spending, a 项目 one its projects
    targets = [r for r in ix.rows.get("performance_targets", []) if not WHOLE_DEPARTMENT.search(ix.titles.get(r.page, ""))]
    _agree(rec, ix.money_units, "project_total", [ix.figure("expense_summary", "项目支出"),
                                  ix.figure("project_expense"),
                                  ix.figure("performance_targets", name=_total_name(targets), among=targets)
                                  if _total_name(targets) else None])
    gpb = ("gpb_by_function", "gpb_by_economic")
    _agree(rec, ix.money_units, "gpb_total", [ix.total(t) for t in gpb])
    for m in ("基本支出", "项目支出"):  # only where both print the column (a 预算数 alone is the total)
        _agree(rec, ix.money_units, "gpb_total", [f for f in (ix.figure(t, m) for t in gpb) if f and f[1] == m])
    # the 财政拨款收入支出决算总表 counts 财政拨款 only: it equals the others only where all money is
    # 财政拨款, so it is no term of the department's total (its codes meet their tables in cross_codes)
    _agree(rec, ix.money_units, "grand_total", [ix.figure("final_income_expense_summary", "决算数", name="支出:本年支出合计"),
                                ix.figure("final_expense")])
    cross_codes(ix, rec, "income_expense_summary", ["expense_summary"])
    cross_codes(ix, rec, "gov_funds_summary", ["gpb_by_function", "gov_fund_budget", "soe_capital_budget"])
    cross_codes(ix, rec, "final_income_expense_summary", ["final_expense"])
    cross_codes(ix, rec, "final_gov_funds_summary", ["final_gpb_expense", "final_gov_fund", "final_soe_capital"])

def _agree(rec: Recorder, units: dict[str, str], rule: str, figures) -> None:
    """The figures are one total printed in several tables. Tables printed in different money
    units (项目支出总表 in 元, 绩效目标表 in 万元) are compared in 万元, within half a unit of the
    coarser printed figure."""
    figures = [f for f in figures if f is not None]
    if len(figures) < 2:
        return
    base_row, base_m, base_v = figures[0]
    for row, m, v in figures[1:]:
        a, b = units.get(row.table, "万元"), units.get(base_row.table, "万元")
        lhs, rhs, tol = v, base_v, None
        if a != b:
            lhs, rhs = to_wan(v, a), to_wan(base_v, b)
            tol = max(half_unit(to_wan(Decimal(1).scaleb(-scale(x)), u)) for x, u in ((v, a), (base_v, b)))
        rec.add(rule, row, m, lhs, [(f"{base_row.table}:{base_row.label}:{base_m}", rhs)],
                 f"{row.table} 与 {base_row.table} 的同一合计数一致", tol=tol)

def cross_codes(ix: TableIndex, rec: Recorder, two_sided: str, tables: list[str]) -> None:
    """Each coded 支出 row of a two-sided table equals that code in the expense tables."""
    amounts, counts = ix.code_amounts(tables), ix.code_rows(tables)
    if not amounts:
        return
    for r in ix.rows.get(two_sided, []):
        m = ix.row_total(r)
        if r.side == "支出" and r.subject_code in amounts and m:
            # the expense tables may print the code once per unit: a sum of rounded figures
            n = counts[r.subject_code]
            tol = tolerance([r.values[m], amounts[r.subject_code]], n) if n > 1 else None
            rec.add("cross_code", r, m, r.values[m], [("+".join(tables) + ":" + r.subject_code, amounts[r.subject_code])],
                     f"{r.subject_code} 与支出表一致", tol=tol)

def _total_name(rows: list[Row]) -> str | None:
    return next((r.name for r in rows if TOTAL_ROW.search(r.name)), None)
