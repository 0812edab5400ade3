"""The text part against the tables: every figure the narrative states is compared with the
table that prints it, or recomputed from the other figures its sentence gives.

A text figure that differs from the table it restates is a ``defect``; a list of reasons that
does not add up to the change it explains is a ``warning`` (the text need not name every cause).
Percentages are compared at the precision they are printed with.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ..clean import half_unit, scale, to_wan
from ..model import Figure, Narrative, Row
from ..tables import TABLE_NAMES
from .index import TOTAL_ROW, YEAR_ROW, TableIndex, total_of
from .record import Recorder, text_tolerance

SPLIT_CODES = {"personnel": "301", "public": "302", "household_subsidy": "303"}
# 人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助; 公用经费 = 302 商品和服务支出 + 310 资本性支出
# (+ 309 where printed): the 基本支出 parts by the 财政部 definitions. 人员支出 / 公用支出 in a list that
# names 对个人和家庭的补助 beside them are the single codes (SPLIT_CODES).
PARTS = {"人员经费": ("301", "303"), "公用经费": ("302", "309", "310")}


def layout_row(row: Row) -> bool:
    """A column-number row (栏次 1 2 3 …, or ** under the header) read as if it held amounts."""
    values = list(row.values.values())
    return bool(values) and all(v == int(v) and scale(v) == 0 for v in values) and \
        sorted(int(v) for v in values) == list(range(int(min(values)), int(min(values)) + len(values)))


def department_total(ix: TableIndex, table: str, *measures: str):
    """(row, measure, amount) of the whole department: the table's 合计/总计 row where it prints one
    (the first unit row may be the department's own 本级 unit), else its top row."""
    rows = [r for r in ix.rows.get(table, []) if TOTAL_ROW.search(r.name) and not layout_row(r)]
    for row in rows:
        m = next((m for m in measures if m in row.values), None)
        if m is not None:
            return row, m, row.values[m]
    hit = ix.figure(table, *measures)
    return None if hit is None or layout_row(hit[0]) else hit


def text_row(f: Figure) -> Row:
    return Row("", "", "", f.key, "", "", "", f.page)


def percent(part: Decimal, whole: Decimal, like: Decimal) -> Decimal | None:
    """part / whole in percent, rounded half up to the printed precision of ``like``."""
    if whole == 0:
        return None
    q = Decimal(1).scaleb(-scale(like))
    return (part / whole * 100).quantize(q, rounding=ROUND_HALF_UP)


def code_amount(ix: TableIndex, rec: Recorder, code: str, measures: tuple[str, ...], tables: tuple[str, ...]):
    """The amount booked under an 经济分类 code (name-only tables via subject_code), first table that has it."""
    for table in tables:
        rows = [r for r in ix.rows.get(table, []) if r.subject_code == code]
        for m in measures:
            hits = [r.values[m] for r in rows if m in r.values]
            if hits:
                return f"{table}:{code}:{m}", sum(hits, Decimal(0))
    return None


def as_stated(value: Decimal, stated: Decimal) -> Decimal:
    """A table amount (in 万元) at the precision the text states it with: a table in 元 converted
    to 万元 has more decimals than the text prints (371514655元 is stated as 37151.47万元)."""
    if scale(value) <= scale(stated):
        return value
    rounded = value.quantize(Decimal(1).scaleb(-scale(stated)), rounding=ROUND_HALF_UP)
    return rounded if rounded == stated else value  # a disagreement shows the amount the table prints


LAYOUT_MEASURE = re.compile(r"行次|序号|栏次|编号|编码|代码")


def amount_measure(row: Row) -> str | None:
    """The measure of a row's amount: its total column, never a 行次 / 序号 column."""
    measures = [m for m in row.values if not LAYOUT_MEASURE.search(m)]
    if not measures:
        return None
    return next((m for m in measures if re.search(r"(合计|总计|预算数|决算数)$", m)), measures[0])


def same_figure(rec: Recorder, rule: str, f: Figure, label: str, value: Decimal, description: str) -> None:
    if LAYOUT_MEASURE.search(label.rsplit(":", 1)[-1]):
        return  # a 行次 / 序号 cell is no amount
    rec.add(rule, text_row(f), f.unit, f.value, [(label, as_stated(value, f.value))], description)


def _equal(ix: TableIndex, rec: Recorder, rule: str, f: Figure | None, figure, description: str) -> None:
    if f is None or f.value is None or figure is None:
        return
    row, m, value = figure
    same_figure(rec, rule, f, f"{row.table}:{row.label}:{m}", value, description)


FINAL_SUMMARY = "final_income_expense_summary"


def _fund_cell(ix: TableIndex, f: Figure | None):
    """The 政府性基金 table's cell a stated 政府性基金预算支出 is: the cell of its total row that prints
    the same amount (本年支出, 合计, 项目支出 …), else the table's total column."""
    table = next((t for t in ("final_gov_fund", "gov_fund_budget") if t in ix.pages), None)
    if f is None or table is None:
        return None
    hit = ix.total(table)
    if hit is None:  # the table prints nothing (本表为空表): the text's amount must be 0
        return (Row(table, "", "", "", "", "", "", ix.pages[table][0][0]), "（空表）", Decimal(0)) \
            if not any(r.values for r in ix.rows.get(table, [])) else None
    same = next((m for m, v in hit[0].values.items() if as_stated(to_wan(v, ix.money_units.get(table, "万元")), f.value)
                 == f.value), None)
    return (hit[0], same, hit[0].values[same]) if same else hit


def totals(ix: TableIndex, rec: Recorder, n: Narrative) -> None:
    fund = n.get("gov_fund.expense")
    cell = _fund_cell(ix, fund)
    if cell:
        _equal(ix, rec, "text_total", fund, cell, f"文字中的政府性基金预算支出与{TABLE_NAMES[cell[0].table]}一致")
    _equal(ix, rec, "text_total", n.get("totals.income"),
           ix.figure("income_expense_summary", name="收入:收入总计") or department_total(ix, "income_summary", "总计", "合计"),
           "文字中的收入总额与收支总表一致")
    _equal(ix, rec, "text_total", n.get("totals.expense"),
           department_total(ix, "expense_summary", "支出总计", "总计", "合计") or
           ix.figure("income_expense_summary", name="支出:支出总计"),
           "文字中的支出总额与支出总表一致")
    if not ix.rows.get("income_expense_summary") and not ix.rows.get("expense_summary"):
        # a 决算's 收入总计 / 支出总计 are its 收入支出决算总表's
        for key, side in (("totals.income", "收入"), ("totals.expense", "支出")):
            _as_printed(ix, rec, n, key, (((FINAL_SUMMARY,), f"{side}:({side})?总计"),), f"文字中的{side}总计与收支总表一致")
    for side in ("income", "expense"):
        total, change, pct = (n.get(f"totals.{side}{k}") for k in ("", "_change", "_change_pct"))
        change_percent(ix, rec, total, change, pct, "增减幅度")
    for f in n.prefix("changes."):
        if f.key.endswith(".value"):
            key = f.key[: -len(".value")]
            change_percent(ix, rec, f, n.get(f"{key}.change"), n.get(f"{key}.change_pct"), f"“{f.label}”增减幅度")
    gov = ("final_gov_funds_summary", "gov_funds_summary")
    summary = (FINAL_SUMMARY, "income_expense_summary")
    # each figure: (tables, row name) in order; a 收入合计 stands for the year's income only where no
    # 本年收入 row is printed, and the 收支总表's 财政拨款 row is the year's 财政拨款 income too
    two_sided = [("totals.grand_total", ((summary, "收入:(收入)?总计"),)),
                 ("totals.gov_funds_grand_total", ((gov, "(收入:)?(收入)?总计"), (gov, "(收入:)?收入合计"))),
                 ("totals.gov_funds_year_income", ((gov, "(收入:)?(本年收入合计|一、本年收入)"), (gov, "(收入:)?收入合计"),
                                                   (summary, "收入:一、财政拨款(收入)?"))),
                 ("totals.gov_funds_year_expense", ((gov, "(支出:)?(本年支出合计|一、本年支出(合计)?)"), (gov, "(支出:)?支出合计"))),
                 ("totals.year_income", ((summary, "收入:本年收入(合计|小计)"),)),
                 ("totals.year_expense", ((summary, "支出:本年支出(合计|小计)"),))]
    for key, places in two_sided:
        _as_printed(ix, rec, n, key, places, "文字中的总计与收支总表一致")


def _as_printed(ix: TableIndex, rec: Recorder, n: Narrative, key: str, places, description: str) -> None:
    """The text's figure ``key`` against the first of ``places`` (tables, row name) a table prints."""
    f = n.get(key)
    hit = _first_row(ix, places) if f is not None else None
    if hit is not None:
        table, row, m = hit
        same_figure(rec, "text_total", f, f"{table}:{row.name}:{m}", row.values[m], description)


def _first_row(ix: TableIndex, places):
    """(table, row, measure) of the first (tables, row name) place a table prints."""
    for tables, name in places:
        for table in tables:
            row = next((r for r in ix.rows.get(table, []) if re.fullmatch(name, r.name)), None)
            m = amount_measure(row) if row is not None else None
            if m is not None:
                return table, row, m
    return None


def change_percent(ix: TableIndex, rec: Recorder, total: Figure | None, change: Figure | None, pct: Figure | None, what: str) -> None:
    """增长/下降 X% against change ÷ last year (this year − change), at the printed precision."""
    if not (total and change and pct):
        return
    base = total.value - change.value
    computed = percent(change.value, base, pct.value)
    if computed is not None:
        rec.add("text_percent", text_row(pct), "%", pct.value, [(f"{change.value}/{base}", computed)],
                    f"{what} = {change.value} ÷ 上年 {base}", tol=half_unit(pct.value))


def change_reasons(ix: TableIndex, rec: Recorder, n: Narrative) -> None:
    """The reasons the text gives for the change should add up to the change."""
    change = n.get("totals.expense_change") or n.get("totals.income_change")
    reasons = n.prefix("change_reasons.")
    if change and reasons:
        rec.add("text_change_reasons", text_row(change), "万元", change.value,
                    [(r.label or r.key, r.value) for r in reasons],
                    "文字所列增减原因之和 = 总增减额（差额为未说明部分）", severity="warning")


def explained_changes(ix: TableIndex, rec: Recorder, n: Narrative) -> None:
    """A list of reasons stated right after a change (增加X万元，主要原因是A增加…万元、B减少…万元) should
    add up to it (a warning: the list need not be complete)."""
    for change in (f for f in n.prefix("explained.") if f.key.endswith(".change")):
        reasons = n.prefix(change.key.removesuffix(".change") + ".reasons.")
        rec.add("text_change_reasons", text_row(change), "万元", change.value, [(r.label or r.key, r.value) for r in reasons],
                "文字所列增减原因之和 = 增减额（差额为未说明部分）", severity="warning")


# a statement of the 一般公共预算's 基本支出 (一般公共预算财政拨款基本支出X万元): that scope's own table
GPB_BASIC = re.compile(r"一般公共预算[^。;\d]{0,8}基本支出")


def expense_split(ix: TableIndex, rec: Recorder, n: Narrative) -> None:
    subsidy = n.get("expense_split.household_subsidy") is not None
    for key, code in SPLIT_CODES.items():
        f = n.get(f"expense_split.{key}")
        if f is None or not f.label:
            # only the split the 包括人员支出…、公用支出… sentence gives is by 经济分类 code (人员经费 stated
            # alone may be of another scope: 上海's texts state the 本级's beside the department's tables)
            continue
        codes = PARTS.get(f.label, (code,)) if not subsidy else (code,)
        measures, tables = ("总计", "合计", "基本支出"), ("basic_expense", "gpb_by_economic")
        if GPB_BASIC.search(f.sentence or ""):  # that scope's own table first
            tables = ("gpb_basic_by_economic",) + tables
        found = [(c, h) for c in codes if (h := code_amount(ix, rec, c, measures, tables))]
        if not found and ix.rows.get("basic_expense"):
            found = [(code, (f"basic_expense: no {code} row", Decimal(0)))]
        if found:
            rec.add("text_split", text_row(f), "万元", f.value, [h for _, h in found],
                    f"文字中的{f.label}与经济分类 {' + '.join(c for c, _ in found)} 一致")
    for key, part in (("expense_split.project", "项目支出"), ("expense_split.basic", "基本支出")):
        whole = department_total(ix, "expense_summary", part) or department_total(ix, "final_expense", part)
        table = "支出决算表" if whole and whole[0].table == "final_expense" else "支出总表"
        for f in [f for f in n.prefix(key) if f.key == key]:  # each statement of it
            gpb = _gpb_basic(ix, f) if part == "基本支出" else None
            if gpb:  # 一般公共预算财政拨款基本支出X万元: that table's total, whatever the text prints
                _equal(ix, rec, "text_split", f, gpb, f"文字中的一般公共预算财政拨款基本支出与{TABLE_NAMES[gpb[0].table]}一致")
            else:
                _equal(ix, rec, "text_split", f, _part_scope(ix, f, part) or whole, f"文字中的{part}与{table}一致")


def _gpb_basic(ix: TableIndex, f: Figure):
    """The 一般公共预算 基本支出 table's total, where the statement names that scope."""
    if not GPB_BASIC.search(f.sentence or ""):
        return None
    found = next((t for k in ("final_gpb_basic_expense", "gpb_basic_by_economic")
                  if (t := department_total(ix, k, "合计", "总计", "决算数", "预算数"))), None)
    if found:
        return found
    # the 决算 table prints 人员经费合计 and 公用经费合计 side by side, no 合计 of both
    parts = [r for r in ix.rows.get("final_gpb_basic_expense", []) if r.name in ("人员经费合计", "公用经费合计")]
    if len(parts) == 2:
        return parts[0], "人员经费合计 + 公用经费合计", sum((r.values[total_of(r)] for r in parts), Decimal(0))
    return None


def _part_scope(ix: TableIndex, f: Figure | None, part: str):
    """The scope a text's 项目支出 (基本支出) speaks of need not be the whole department: a section on
    one unit (本级) or a sentence on the 一般公共预算财政拨款 states that scope's part. The figure is
    checked against the scope printing exactly that amount; with none, against the department."""
    if f is None or f.value is None:
        return None
    scopes = [r for r in ix.rows.get("expense_summary", []) if not layout_row(r)]
    candidates = [(r, part, r.values[part]) for r in scopes if part in r.values]
    candidates += [department_total(ix, t, part) for t in ("gpb_by_function", "final_gpb_expense")]
    if part == "基本支出":  # a 基本支出 table's total is its scope's 基本支出 (重庆: 一般公共预算财政拨款基本支出)
        candidates += [department_total(ix, t, "总计", "合计") for t in
                       ("gpb_basic_by_economic", "basic_expense", "final_gpb_basic_expense")]
    return next((c for c in candidates if c and c[2] == f.value), None)


def _project_row(ix: TableIndex, rec: Recorder, name: str):
    for r in ix.rows.get("project_expense", []):
        if r.name == name:
            for m in ("总计", "合计", "项目支出"):
                if m in r.values:
                    return r, m, r.values[m]
    return None


def projects(ix: TableIndex, rec: Recorder, n: Narrative) -> None:
    names = sorted({f.label for f in n.prefix("projects.") if f.key.endswith(".amount")})
    for name in names:
        key = f"projects.{name}"
        amount, change, pct = n.get(f"{key}.amount"), n.get(f"{key}.change"), n.get(f"{key}.change_pct")
        _equal(ix, rec, "text_project", amount, _project_row(ix, rec, name), f"文字中的项目“{name}”金额与项目支出总表一致")
        listed = n.get(f"key_projects.{name}")
        if amount and listed:
            rec.add("text_project", text_row(listed), "万元", listed.value, [(f"{key}.amount", amount.value)],
                        f"重点项目表中“{name}”的预算数与文字一致")
        change_percent(ix, rec, amount, change, pct, f"“{name}”增减幅度")
        parts = n.prefix(f"{key}.components.")
        if amount and parts:
            rec.add("text_components", text_row(amount), "万元", amount.value, [(p.label, p.value) for p in parts],
                        f"“{name}”= 所列各子项之和")
        causes = n.prefix(f"{key}.change_components.")
        if change and causes:
            rec.add("text_change_reasons", text_row(change), "万元", change.value,
                        [(c.text[:20], c.value) for c in causes], f"“{name}”增减原因之和 = 增减额", severity="warning")


def procurement(ix: TableIndex, rec: Recorder, n: Narrative) -> None:
    total = n.get("procurement.total")
    parts = [n.get(f"procurement.{k}") for k in ("goods", "works", "services")]
    if total and all(parts):
        rec.add("text_components", text_row(total), "万元", total.value, [(p.key, p.value) for p in parts],
                "政府采购总额 = 货物 + 工程 + 服务", tol=text_tolerance([total.value] + [p.value for p in parts], 3))
    table_total = next((r for r in ix.rows.get("procurement", []) if TOTAL_ROW.search(r.name) and not layout_row(r)), None) \
        or next((r for r in ix.rows.get("procurement", []) if r.is_unit_row and not layout_row(r)), None)
    if total and table_total:
        m = total_of(table_total)
        same_figure(rec, "text_total", total, f"procurement:{m}", table_total.values[m], "文字中的政府采购总额与政府采购表一致")
    funds = n.get("performance_management.project_funds_in_scope")
    _equal(ix, rec, "text_total", funds, department_total(ix, "expense_summary", "项目支出"), "绩效管理涉及的项目资金与项目支出一致")
