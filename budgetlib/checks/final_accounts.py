"""Identities of a 决算 (final accounts) that the budget tables do not have:

- 人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助, 公用经费 = 302 商品和服务支出 + 310 资本性支出
  (+ 309 where printed), for the 人员经费合计 / 公用经费合计 rows of the 基本支出决算表 and for the
  人员经费 / 公用经费 the text states;
- 年末结转和结余 = 年初结转和结余 + 本年收入合计 − 本年支出合计, in each 收支决算总表 that prints all four;
- each 项 the 说明 details (类/款/项 … 支出决算X万元) is its row of the 一般公共预算财政拨款支出决算表 (in a
  预算: …（项）2026年预算数为X万元, its row of the 一般公共预算支出表)."""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import decimal_of, to_wan
from ..model import Budget, Narrative, Row
from ..tables import TABLE_NAMES
from .index import SURPLUS_ALLOTTED, SURPLUS_USED, TableIndex, total_of
from .record import Recorder
from .text import PARTS, amount_measure, as_stated, text_row

BASIC_TABLES = ("final_gpb_basic_expense", "final_basic_expense")
SUMMARIES = ("final_income_expense_summary", "final_gov_funds_summary")


def _code_total(ix: TableIndex, table: str, code: str) -> Decimal | None:
    rows = [r for r in ix.rows.get(table, []) if (r.subject_code or r.code) == code and r.values]
    return sum((r.values[total_of(r)] for r in rows), Decimal(0)) if rows else None


def _parts(ix: TableIndex, table: str, what: str) -> list[tuple[str, Decimal]]:
    found = [(code, _code_total(ix, table, code)) for code in PARTS[what]]
    return [(f"{table}:{code}", v) for code, v in found if v is not None]


def basic_funds(ix: TableIndex, rec: Recorder, n: Narrative | None, budget: Budget) -> None:
    if budget.document.get("kind") != "决算":
        return
    for table in BASIC_TABLES:
        for what, key in (("人员经费", "personnel"), ("公用经费", "public")):
            parts = _parts(ix, table, what)
            if not parts:
                continue
            row = next((r for r in ix.rows.get(table, []) if re.fullmatch(what + r"(合计)?", r.name) and r.values), None)
            if row is not None:
                rec.add("final_funds_split", row, total_of(row), row.values[total_of(row)], parts,
                        f"{what}合计 = " + " + ".join(c.split(":")[1] for c, _ in parts))
            f = n.get(f"expense_split.{key}") if n is not None else None
            if f is not None and f.value is not None:
                # the text states 万元; the table may print 元
                total = to_wan(sum((v for _, v in parts), Decimal(0)), ix.money_units.get(table, "万元"))
                rec.add("final_funds_split", text_row(f), "万元", f.value, [(" + ".join(c for c, _ in parts),
                        as_stated(total, f.value))], f"文字中的{what} = " + " + ".join(c.split(":")[1] for c, _ in parts))


def _row(ix: TableIndex, table: str, pattern: str) -> Row | None:
    return next((r for r in ix.rows.get(table, []) if re.fullmatch(pattern, r.name) and r.values), None)


def carry_forward(ix: TableIndex, rec: Recorder, n: Narrative | None, budget: Budget) -> None:
    for table in SUMMARIES:
        opening = _row(ix, table, r"收入:(?:[一二三四五六七八九十]+、)?年初(?:财政拨款)?结转和结余")
        income = _row(ix, table, r"收入:本年收入(?:合计|小计)")
        expense = _row(ix, table, r"支出:本年支出(?:合计|小计)")
        closing = _row(ix, table, r"支出:(?:[一二三四五六七八九十]+、)?年末(?:财政拨款)?结转和结余")
        if not (opening and income and expense and closing):
            continue
        if None in {amount_measure(r) for r in (opening, income, expense, closing)}:
            continue
        value = lambda r: r.values[amount_measure(r)]  # noqa: E731
        used, allotted = _row(ix, table, SURPLUS_USED), _row(ix, table, SURPLUS_ALLOTTED)
        parts = [(opening.name, value(opening)), (income.name, value(income)), (expense.name, -value(expense))]
        parts += [(r.name, sign * value(r)) for r, sign in ((used, 1), (allotted, -1)) if r and amount_measure(r)]
        rec.add("carry_forward", closing, amount_measure(closing), value(closing), parts,
                "年末结转和结余 = 年初结转和结余 + 本年收入合计 (+ 使用非财政拨款结余) − 本年支出合计 (− 结余分配)")


# (三) 具体情况: 1.一般公共服务支出（类）人大事务（款）行政运行（项）。[主要用于…。]年初预算为620.00万元，支出决算为600.00万元
_AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
# the 项 named with its 类 and 款: 一般公共服务支出（类）人大事务（款）行政运行（项）
_CHAIN = (r"(?P<lei>[\u4e00-\u9fff、]{2,30}?)\(类\)(?P<kuan>[\u4e00-\u9fff、]{2,30}?)\(款\)"
          r"(?P<xiang>[\u4e00-\u9fff、]{2,30}?)\(项\)[。:,]?")
# (or the 决算 alone: …（项）：支出决算为858.45万元，完成预算87.60%)
ITEM = re.compile(_CHAIN + r"(?:主要用于[^。]{0,80}。)?(?:(?:年初)?预算(?:数)?(?:为)?" + _AMOUNT + r"万元,?(?:[^。;\d]{0,12}?)|支出)?"
                  r"决算(?:数)?(?:为)?(?P<spent>" + _AMOUNT + r")万元")
ITEM_TABLES = ("final_gpb_expense",)
# a 预算's: …（款）行政运行（项）2026年预算数为650.00万元，比2025年执行数增加… (the first amount after the 项)
BUDGET_ITEM = re.compile(_CHAIN + r"(?:(?:19|20)\d\d年度?)?(?:预算数?|支出|安排)?(?:为)?(?P<spent>" + _AMOUNT + r")万元")
BUDGET_ITEM_TABLES = ("gpb_by_function",)


def _item_row(ix: TableIndex, table: str, kuan: str, xiang: str) -> Row | None:
    """The 项 row named ``xiang`` under the 款 named ``kuan`` (names repeat across 款: 行政运行)."""
    rows = ix.rows.get(table, [])
    parents = [r.subject_code for r in rows if r.name == kuan and len(r.subject_code or "") == 5]
    return next((r for r in rows if r.name == xiang and len(r.subject_code or "") == 7
                 and any(r.subject_code.startswith(p) for p in parents)), None)


def stated_items(ix: TableIndex, rec: Recorder, n: Narrative | None, budget: Budget) -> None:
    """Each 项 the 说明 details (类/款/项, 年初预算, 支出决算) against its row of the 一般公共预算财政拨款
    支出决算表: the 决算 the text states is the row's."""
    if n is None:
        return
    final = budget.document.get("kind") == "决算"
    pattern, tables = (ITEM, ITEM_TABLES) if final else (BUDGET_ITEM, BUDGET_ITEM_TABLES)
    for m in pattern.finditer(n.text):
        for table in tables:
            row = _item_row(ix, table, m["kuan"], m["xiang"])
            measure = ix.row_total(row)
            if row is None or measure is None:
                continue
            spent = decimal_of(m["spent"])
            value = to_wan(row.values[measure], ix.money_units.get(table, "万元"))
            text = Row("", "", "", m.group(0)[:40], "", "", "", n.page_at(m.start()) or 0)
            rec.add("text_class", text, "万元", spent, [(f"{table}:{row.subject_code}{row.name}:{measure}", as_stated(value, spent))],
                    f"文字中“{m['xiang']}（项）”的{'支出决算' if final else '预算数'}与{TABLE_NAMES[table]}一致")
            break
