"""Accounting identities of a budget document → checks and findings. Nothing is ever "fixed".

Published tables are rounded cell by cell, so a sum of n printed terms may differ from its
printed total by up to half a unit of the last printed digit per term (0.005 × n for two
decimals): such a difference is ``info`` (published rounding); a larger one is a ``defect``.
A figure compared with the same figure in another table has no rounding allowance.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

# tables whose item rows are one flat list under the unit (a procurement table nests 大类 →
# 专项 → 物品, so its unit total is not the sum of all its rows)
FLAT_ITEMS = {"project_expense", "final_project_expense", "transfer_payments", "performance_targets"}
TOTAL_MEASURE = re.compile(r"(总计|合计|总额)$")
SUBTOTAL = re.compile(r"^(小计|合计)$")
OF_WHICH = re.compile(r"^其中")
TOTAL_ROW = re.compile(r"^(金额)?(合计|总计)$")
YEAR_ROW = re.compile(r"^((?:19|20)\d\d)年$")
CHANGE_ROW = re.compile(r"^增减")
# three_public measure → 经济分类 code that books the same money
THREE_PUBLIC_CODES = {"因公出国(境)费": "30212", "公务接待费": "30217", "公务用车运行维护费": "30231",
                      "公务用车购置费": "31013"}


def _scale(d: Decimal) -> int:
    return max(0, -d.as_tuple().exponent)


def tolerance(values: list[Decimal], n_terms: int) -> Decimal:
    """Half a unit of the last printed digit per summed term (of the coarsest precision among the
    figures: 0.247 + 0.05 may print as 0.30); none for a single figure."""
    if n_terms < 2:
        return Decimal(0)
    half = Decimal(5) * Decimal(10) ** -(min(_scale(v) for v in values) + 1)
    return half * n_terms


@dataclass
class Row:
    """One printed row of a table: its labels and its amounts by measure."""

    table: str
    unit: str
    code: str
    name: str
    subject_code: str
    level: str
    side: str
    page: int
    values: dict[str, Decimal] = field(default_factory=dict)

    @property
    def is_unit_row(self) -> bool:
        return not self.code and not self.name

    @property
    def label(self) -> str:
        return self.name or self.code or self.unit


def table_rows(facts: pd.DataFrame) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for (table, group, row, side), g in facts.groupby(["table", "group", "row", "side"], sort=False):
        first = g.iloc[0]
        out[table].append(Row(table, first["unit"], first["code"], first["name"], first["subject_code"],
                              first["level"], side, int(first["page"]), dict(zip(g["measure"], g["amount"]))))
    return out


class Checker:
    def __init__(self, facts: pd.DataFrame, tables):
        self.rows = table_rows(facts)
        self.columns = {t.key: t.columns for t in tables}
        self.checks: list[dict] = []

    # -- recording ------------------------------------------------------------------------
    def add(self, rule: str, row: Row, measure: str, lhs: Decimal, terms: list[tuple[str, Decimal]],
            description: str, severity: str = "defect", tol: Decimal | None = None) -> None:
        """Record lhs = sum(terms). ``severity`` is what a break beyond the tolerance means."""
        rhs = sum((v for _, v in terms), Decimal(0))
        if tol is None:
            tol = tolerance([lhs] + [v for _, v in terms], len(terms))
        diff = lhs - rhs
        status = "ok" if diff == 0 else "rounding" if abs(diff) <= tol else "break"
        self.checks.append({
            "rule": rule, "table": row.table, "unit": row.unit, "code": row.subject_code or row.code,
            "name": row.name, "measure": measure, "page": row.page, "description": description,
            "lhs": str(lhs), "rhs": str(rhs), "difference": str(diff), "tolerance": str(tol), "status": status,
            "terms": [f"{label}={v}" for label, v in terms], "severity": severity,
        })

    def run(self) -> list[dict]:
        for table, rows in self.rows.items():
            self.parent_sums(rows)
            self.unit_sums(rows)
            self.supervising_sums(rows)
            self.column_sums(table, rows)
            self.two_sided(rows)
            self.year_change(rows)
        self.cross_tables()
        return self.checks

    # -- within a table ---------------------------------------------------------------------
    def parent_sums(self, rows: list[Row]) -> None:
        """A 类 (or 款) row equals the sum of its 款 (or 项) rows, per unit, side and measure."""
        groups = defaultdict(list)
        for r in rows:
            if r.subject_code:
                groups[(r.unit, r.side)].append(r)
        for members in groups.values():
            for parent in members:
                kids = [r for r in members if len(r.subject_code) == len(parent.subject_code) + 2
                        and r.subject_code.startswith(parent.subject_code)]
                if not kids:
                    continue
                for m, v in parent.values.items():
                    if any(m in k.values for k in kids):
                        self.add("parent_sum", parent, m, v, [_term(k.label, k.values, m) for k in kids],
                                 f"{parent.subject_code} = 下级科目之和")

    def unit_sums(self, rows: list[Row]) -> None:
        """A unit row or a 合计 row equals its 类 rows (coded tables) or its items (project
        tables); 本年支出合计 equals the 支出 classes of a two-sided table."""
        for total in rows:
            if total.is_unit_row:
                scope = [r for r in rows if not r.is_unit_row and r.unit == total.unit]
            elif TOTAL_ROW.search(total.name) and not total.side:
                scope = [r for r in rows if not r.is_unit_row and r.unit == total.unit and r is not total]
            else:
                continue
            scope = [r for r in scope if not TOTAL_ROW.search(r.name)]
            classes = [r for r in scope if r.level == "类"]
            if classes:
                self._sum_rows("unit_sum_classes" if total.is_unit_row else "total_row_sum", total, classes)
            elif scope and not any(r.subject_code for r in scope) and total.table in FLAT_ITEMS:
                self._sum_rows("unit_sum_items" if total.is_unit_row else "total_row_sum", total, scope)
        for total in [r for r in rows if r.side == "支出" and re.search(r"(本年|当年)支出(合计|小计)$", r.name)]:
            self._sum_rows("total_sum_classes", total, [r for r in rows if r.side == "支出" and r.level == "类"])

    def _sum_rows(self, rule: str, total: Row, parts: list[Row]) -> None:
        for m, v in total.values.items():
            if any(m in p.values for p in parts):
                self.add(rule, total, m, v, [_term(p.label, p.values, m) for p in parts], f"{total.label} = 各行之和")

    def supervising_sums(self, rows: list[Row]) -> None:
        """A supervising body's row (no items under it) equals the sum of its units' rows."""
        units = [r for r in rows if r.is_unit_row]
        if len(units) < 2:
            return
        with_items = {r.unit for r in rows if not r.is_unit_row}
        sup = [u for u in units if u.unit not in with_items] if with_items else units[:1]
        leaves = [u for u in units if u not in sup]
        if not leaves:
            return
        for s in sup:
            for m, v in s.values.items():
                if any(m in u.values for u in leaves):
                    self.add("supervising_sum", s, m, v, [_term(u.unit, u.values, m) for u in leaves],
                             f"{s.unit} = 所属单位之和")

    def column_sums(self, table: str, rows: list[Row]) -> None:
        """Row by row along the header tree: 小计 = its siblings; 总计 = the top-level columns.
        Columns under 其中 are subsets, never summed."""
        columns = [c for c in self.columns.get(table, []) if c.role == "amount" and not c.side]
        if len(columns) < 2:
            return
        paths = {c.measure: tuple(c.path) for c in columns}
        for r in rows:
            for prefix in {p[:-1] for p in paths.values()}:
                siblings = _children(paths, prefix)
                sub = next((s for s in siblings if SUBTOTAL.search(s[-1]) and s in paths.values()), None)
                if sub is None:
                    continue
                self._column_sum(r, paths, sub, [s for s in siblings if s != sub], "subtotal_sum")
            tops = _children(paths, ())
            total = next((t for t in tops if t in paths.values() and TOTAL_MEASURE.search(t[-1])), None)
            if total is not None:
                self._column_sum(r, paths, total, [t for t in tops if t != total], "row_total_sum")

    def _column_sum(self, r: Row, paths, total_path, parts_paths, rule) -> None:
        measure = _measure_of(paths, total_path)
        parts = [(p[-1], _node_value(r.values, paths, p)) for p in parts_paths if not OF_WHICH.search(p[-1])]
        if measure not in r.values or not parts or all(v is None for _, v in parts):
            return
        parts = [(name, v) if v is not None else (f"{name}(空)", Decimal(0)) for name, v in parts]
        self.add(rule, r, measure, r.values[measure], parts, f"{measure} = " + " + ".join(n for n, _ in parts))

    def two_sided(self, rows: list[Row]) -> None:
        """收入总计 = 本年收入合计 + 上年结转; 支出总计 = 本年支出合计 + 结转下年; the sides balance;
        上年结余结转 = its numbered sub-items. Each side is compared on its own total column."""
        by = {}
        for r in rows:
            if r.side:
                by.setdefault(r.name, r)
        get = lambda pat: next((r for n, r in by.items() if re.search(pat, n)), None)  # noqa: E731
        income, income_year = get(r"^收入:(收入)?(总计|合计)$"), get(r"^收入:(本年|当年)收入(合计|小计)$")
        carried = get(r"^收入:(上年|年初)结[余转]")
        expense, expense_year = get(r"^支出:(支出)?(总计|合计)$"), get(r"^支出:(本年|当年)支出(合计|小计)$")
        carry_out = get(r"^支出:(结转下年|年末结[转余])")
        for total, parts, text in ((income, (income_year, carried), "收入总计 = 本年收入合计 + 上年结转"),
                                   (expense, (expense_year, carry_out), "支出总计 = 本年支出合计 + 结转下年")):
            m = _total_of(total)
            if m and all(parts) and all(m in p.values for p in parts):
                self.add("two_sided_total", total, m, total.values[m], [(p.name, p.values[m]) for p in parts], text)
        mi, me = _total_of(income), _total_of(expense)
        if mi and me:
            self.add("two_sided_balance", income, mi, income.values[mi], [(expense.name, expense.values[me])],
                     "收入总计 = 支出总计")
        m = _total_of(carried)
        if m:
            side_rows = [r for r in rows if r.side == "收入"]
            subs = []
            for r in side_rows[side_rows.index(carried) + 1:]:
                if not re.match(r"^收入:\d+[.、]", r.name):
                    break
                subs.append(r)
            if subs and m in carried.values:
                self.add("carryover_sum", carried, m, carried.values[m], [_term(x.name, x.values, m) for x in subs],
                         "上年结转 = 各项之和")

    def year_change(self, rows: list[Row]) -> None:
        """增减变化金额 = this year − last year (“三公” table), per unit and measure."""
        for change in [r for r in rows if CHANGE_ROW.search(r.name)]:
            years = sorted(((int(YEAR_ROW.match(r.name).group(1)), r) for r in rows
                            if r.unit == change.unit and YEAR_ROW.match(r.name)), key=lambda t: t[0])
            if len(years) < 2:
                continue
            (y0, last), (y1, this) = years[-2], years[-1]
            for m, v in change.values.items():
                if m in last.values and m in this.values:
                    self.add("year_change", change, m, v, [(this.name, this.values[m]), (last.name, -last.values[m])],
                             f"增减变化金额 = {this.name} − {last.name}")

    # -- across tables ----------------------------------------------------------------------
    def top(self, table: str) -> Row | None:
        """The table's top row: the supervising (first) unit row, else its 合计 row."""
        rows = self.rows.get(table, [])
        return next((r for r in rows if r.is_unit_row), None) or next((r for r in rows if TOTAL_ROW.search(r.name)), None)

    def figure(self, table: str, *measures: str, name: str | None = None):
        """(row, measure, amount) of a table's top row, or of the row called ``name``; a row with
        a single measure (two-sided tables name it by year: 2024年预算数) needs none named."""
        rows = self.rows.get(table, [])
        row = next((r for r in rows if r.name == name), None) if name else self.top(table)
        if row is None:
            return None
        m = next((m for m in measures if m in row.values), None)
        if m is None and len(row.values) == 1:
            m = next(iter(row.values))
        return (row, m, row.values[m]) if m else None

    def cross_tables(self) -> None:
        self._agree("grand_total", [self.figure("income_expense_summary", name="收入:收入总计"),
                                    self.figure("income_summary", "总计", "合计"),
                                    self.figure("expense_summary", "支出总计", "总计", "合计"),
                                    self.figure("income_expense_summary", name="支出:支出总计")])
        self._agree("basic_total", [self.figure("expense_summary", "基本支出"), self.figure("basic_expense", "总计", "合计")])
        targets = self.rows.get("performance_targets", [])
        self._agree("project_total", [self.figure("expense_summary", "项目支出"),
                                      self.figure("project_expense", "总计", "合计"),
                                      self.figure("performance_targets", "总额", "合计", name=_total_name(targets))
                                      if _total_name(targets) else None])
        for m in ("支出总计", "基本支出", "项目支出"):
            self._agree("gpb_total", [self.figure("gpb_by_function", m), self.figure("gpb_by_economic", m)])
        self._agree("grand_total", [self.figure("final_income_expense_summary", "决算数", name="支出:本年支出合计"),
                                    self.figure("final_expense", "本年支出合计", "合计"),
                                    self.figure("final_gov_funds_summary", "决算数", name="支出:本年支出合计")])
        self.cross_codes("income_expense_summary", ["expense_summary"])
        self.cross_codes("gov_funds_summary", ["gpb_by_function", "gov_fund_budget", "soe_capital_budget"])
        self.cross_codes("final_income_expense_summary", ["final_expense"])
        self.cross_codes("final_gov_funds_summary", ["final_gpb_expense", "final_gov_fund", "final_soe_capital"])
        self.three_public_codes()

    def _agree(self, rule: str, figures) -> None:
        figures = [f for f in figures if f is not None]
        if len(figures) < 2:
            return
        base_row, base_m, base_v = figures[0]
        for row, m, v in figures[1:]:
            self.add(rule, row, m, v, [(f"{base_row.table}:{base_row.label}:{base_m}", base_v)],
                     f"{row.table} 与 {base_row.table} 的同一合计数一致")

    def _code_amounts(self, tables: list[str]) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for t in tables:
            cols = self.columns.get(t, [])
            total = next((c.measure for c in cols if c.role == "amount" and TOTAL_MEASURE.search(c.measure)),
                         next((c.measure for c in cols if c.role == "amount"), None))
            for r in self.rows.get(t, []):
                if r.subject_code and total in r.values:
                    out[r.subject_code] += r.values[total]
        return out

    def cross_codes(self, two_sided: str, tables: list[str]) -> None:
        """Each coded 支出 row of a two-sided table equals that code in the expense tables."""
        amounts = self._code_amounts(tables)
        if not amounts:
            return
        for r in self.rows.get(two_sided, []):
            m = _total_of(r)
            if r.side == "支出" and r.subject_code in amounts and m:
                self.add("cross_code", r, m, r.values[m], [("+".join(tables) + ":" + r.subject_code, amounts[r.subject_code])],
                         f"{r.subject_code} 与支出表一致")

    def three_public_codes(self) -> None:
        """“三公” this year equals the 经济分类 rows that book the same money (30231 …)."""
        rows = self.rows.get("three_public", [])
        years = [r for r in rows if YEAR_ROW.match(r.name)]
        economic = self._code_amounts(["gpb_by_economic"])
        if not years or not economic:
            return
        this = max(years, key=lambda r: r.name)
        for m, code in THREE_PUBLIC_CODES.items():
            if m in this.values and code in economic:
                self.add("three_public_code", this, m, this.values[m], [(f"gpb_by_economic:{code}", economic[code])],
                         f"“三公”{m} = 经济分类 {code}")


def _total_of(row: Row | None) -> str | None:
    """The measure that holds a row's total: its only one, else the first named 合计/总计/预算数/决算数."""
    if row is None or not row.values:
        return None
    if len(row.values) == 1:
        return next(iter(row.values))
    return next((m for m in row.values if re.search(r"(合计|总计|预算数|决算数)$", m)), next(iter(row.values)))


def _term(label: str, values: dict, measure: str) -> tuple[str, Decimal]:
    """A summed term; a cell the table leaves blank counts as 0 and says so."""
    return (label, values[measure]) if measure in values else (f"{label}(空)", Decimal(0))


def _children(paths: dict[str, tuple], prefix: tuple) -> list[tuple]:
    out = []
    for p in paths.values():
        if len(p) > len(prefix) and p[: len(prefix)] == prefix:
            child = p[: len(prefix) + 1]
            if child not in out:
                out.append(child)
    return out


def _measure_of(paths: dict[str, tuple], path: tuple) -> str | None:
    return next((m for m, p in paths.items() if p == path), None)


def _node_value(values: dict, paths: dict[str, tuple], node: tuple):
    """A header node's amount: its own column, else its 小计 column, else the sum of its children."""
    m = _measure_of(paths, node)
    if m is not None:
        return values.get(m)
    kids = _children(paths, node)
    sub = next((k for k in kids if SUBTOTAL.search(k[-1]) and _measure_of(paths, k)), None)
    if sub is not None:
        return values.get(_measure_of(paths, sub))
    parts = [_node_value(values, paths, k) for k in kids if not OF_WHICH.search(k[-1])]
    return None if all(p is None for p in parts) else sum((p for p in parts if p is not None), Decimal(0))


def _total_name(rows: list[Row]) -> str | None:
    return next((r.name for r in rows if TOTAL_ROW.search(r.name)), None)


def findings_from_checks(checks: list[dict]) -> list[dict]:
    out = []
    for c in checks:
        if c["status"] == "ok":
            continue
        rounding = c["status"] == "rounding"
        if c["lhs"] == "":  # a statement of fact (a placeholder, a wrong year), not a sum
            out.append({"rule": c["rule"], "severity": c["severity"], "page": c["page"], "table": c["table"] or None,
                        "message": c["description"], "evidence": c["terms"][0], "expected": None, "printed": None})
            continue
        where = " ".join(x for x in (c["unit"], c["code"], c["name"]) if x)
        out.append({
            "rule": c["rule"], "severity": "info" if rounding else c.get("severity", "defect"), "page": c["page"],
            "table": c["table"] or None,
            "message": (f"{c['description']}：印出 {c['lhs']}，"
                        + ("对照数为" if len(c["terms"]) == 1 else "各项合计") + f" {c['rhs']}，相差 {c['difference']}"
                        + ("（在公布数四舍五入的允许范围内）" if rounding else "（超出四舍五入允许范围）")),
            "evidence": f"{where} [{c['measure']}] {c['lhs']} vs " + " + ".join(c["terms"]),
            "expected": c["rhs"], "printed": c["lhs"],
        })
    return out


def validate(budget) -> None:
    """Run every identity on ``budget.facts`` and every statement of the text against the tables;
    store ``budget.checks`` and extend ``budget.findings``."""
    from .audit import text_checks

    checker = Checker(budget.facts, budget.tables)
    checker.run()
    text_checks(checker, budget)
    checks = checker.checks
    budget.checks = checks
    budget.findings = budget.findings + findings_from_checks(checks)
