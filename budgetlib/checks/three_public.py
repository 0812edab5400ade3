"""The “三公” paragraph against the “三公” table (any layout: ``three_public_cells``) and against
itself, and 机关运行经费 against the table that prints it.

- each part's amount and change (预算), or 决算数 and 预算数 (决算), as the table prints them; a
  stated non-zero amount where the table prints nothing is ``blank_where_stated``;
- 决算: each part's 执行率 = 决算数 ÷ 预算数 (the total's is ``text_figures.completion_rate``);
- the parts added up to the stated total, for the amounts, the changes and the budgets: by the
  财政部 definition “三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, and
  公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费;
- the amounts the reasons give (主要原因是…减少X万元) added up to the change they explain
  (a ``warning``: the text need not name every cause)."""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import half_unit
from ..model import Budget, Figure, Narrative
from .comparisons import COMPARISON, bears_out
from .index import TOTAL_ROW, TableIndex
from .record import Recorder, text_tolerance
from .text import percent, same_figure, text_row
from .three_public_cells import (PARTS, cell_when, printed_parts, segment_part, three_public_cells, three_public_table,
                                 with_change)

NAMES = {"total": "“三公”经费", "overseas_travel": "因公出国（境）费", "reception": "公务接待费",
         "vehicle": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费"}
# text key suffix → the cell it restates
TEXT_WHEN = {"预算": (("", "this"), ("_change", "change")), "决算": (("", "final"), ("_budget", "budget"))}
SUMS = (("vehicle", ("vehicle_purchase", "vehicle_operation")), ("total", ("overseas_travel", "vehicle", "reception")))


def _kind(budget: Budget) -> str:
    return "决算" if budget.document.get("kind") == "决算" else "预算"


def _table_printed(budget: Budget, table: str) -> bool:
    return any(t.key == table for t in budget.tables)


def text_against_table(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """Each “三公” figure of the text = the cell of the table that prints it."""
    kind, year = _kind(budget), budget.document.get("year")
    table = three_public_table(ix, kind)
    if not _table_printed(budget, table):
        return
    cells = with_change(three_public_cells(ix, table, kind, year), kind)
    printed = {when for when, _ in cells}
    parts = printed_parts(ix, table) | {part for _, part in cells}
    for part in PARTS:
        for suffix, when in TEXT_WHEN[kind]:
            f = n.get(f"three_public.{part}{suffix}")
            if f is None or f.value is None:
                continue
            hit = cells.get((when, part))
            if hit is not None:
                same_figure(rec, "text_three_public", f, hit[0], hit[1], f"文字中的{NAMES[part]}与“三公”经费表一致")
            elif f.value and ((when in printed and part in parts) or (suffix == "" and (part in parts or not cells))):
                # the table prints this part and this year (or this part, or no amount at all), not this cell
                rec.add("blank_where_stated", text_row(f), "万元", f.value, [(f"{table}:{NAMES[part]}(空)", Decimal(0))],
                        f"文字给出的{NAMES[part]}在“三公”经费表中为空")


def stated_directions(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A “三公” part or total said to go up or down with no amount (比上年有所增加) against the
    table's change (its 增减 row, or this year − last)."""
    kind, year = _kind(budget), budget.document.get("year")
    table = three_public_table(ix, kind)
    if kind != "预算" or not _table_printed(budget, table):
        return
    cells = with_change(three_public_cells(ix, table, kind, year), kind)
    for part in PARTS:
        f = n.get(f"three_public.{part}_change_direction")
        hit = cells.get(("change", part))
        if f is None or hit is None or (hit[1] > 0) == (f.value > 0) and hit[1] != 0:
            continue
        rec.statement("change_direction", f.page, f"文字称{NAMES[part]}比上年{f.label}，“三公”经费表的增减为 {hit[1]}（{hit[0]}）",
                      f.sentence, table=table)


def _stated(n: Narrative, part: str, suffix: str) -> Figure | None:
    f = n.get(f"three_public.{part}{suffix}")
    return f if f is not None and f.value is not None else None


def execution_rates(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """决算: 完成预算的Z% of each part (and of the total) = its 决算数 ÷ 预算数 (the text's, else the
    table's)."""
    if _kind(budget) != "决算":
        return
    cells = three_public_cells(ix, three_public_table(ix, "决算"), "决算", budget.document.get("year"))
    # (the total's against a 预算数 the text states is ``text_figures.completion_rate``)
    for part in PARTS if _stated(n, "total", "_budget") is None else PARTS[1:]:
        rate = _stated(n, part, "_rate")
        final, plan = _stated(n, part, ""), _stated(n, part, "_budget")
        spent = final.value if final else cells.get(("final", part), (None, None))[1]
        base = plan.value if plan else cells.get(("budget", part), (None, None))[1]
        if rate is None or spent is None or not base:
            continue
        rec.add("text_percent", text_row(rate), "%", rate.value, [(f"{spent}/{base}", percent(spent, base, rate.value))],
                f"{NAMES[part]}完成预算的比例 = 决算 {spent} ÷ 预算 {base}", tol=half_unit(rate.value))


def stated_parts(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """The parts the text states add up to the total it states (amounts, changes, budgets)."""
    for suffix in ("", "_change") if _kind(budget) == "预算" else ("", "_budget"):
        vehicle = _stated(n, "vehicle", suffix)
        pieces = [_stated(n, p, suffix) for p in SUMS[0][1]]
        if vehicle and all(pieces):
            rec.add("text_components", text_row(vehicle), "万元", vehicle.value, [(p.key, p.value) for p in pieces],
                    f"{NAMES['vehicle']} = 公务用车购置费 + 公务用车运行维护费",
                    tol=text_tolerance([vehicle.value] + [p.value for p in pieces], len(pieces)))
        total, overseas, reception = (_stated(n, p, suffix) for p in ("total", "overseas_travel", "reception"))
        vehicle_terms = [vehicle] if vehicle else pieces
        if total and overseas and reception and all(vehicle_terms):
            terms = [overseas, *vehicle_terms, reception]
            rec.add("text_components", text_row(total), "万元", total.value, [(t.key, t.value) for t in terms],
                    "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
                    tol=text_tolerance([total.value] + [t.value for t in terms], len(terms)))


def reasons_add_up(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """主要原因是…减少X万元、…减少Y万元: X + Y = the change they explain."""
    for explained in n.prefix("reasons."):
        if not explained.key.endswith(".explained"):
            continue
        base = explained.key[: -len("explained")]
        reasons = [f for f in n.prefix(base) if f is not explained]
        if reasons:
            rec.add("text_change_reasons", text_row(explained), "万元", explained.value,
                    [(f.label or f.text, f.value) for f in reasons], "文字所列增减原因之和 = 增减额", severity="warning")


def _agency_cell(ix: TableIndex, kind: str, year: int | None):
    """(where, amount) of the department's 机关运行经费: the 机关运行经费 table's total, else the
    column or row of the “三公” table that prints it (上海's 机关运行经费预算数, 广州's 行政经费)."""
    for r in ix.rows.get("agency_operating_costs", []):
        if TOTAL_ROW.search(r.name) and r.values:
            m = next(iter(r.values))
            return f"agency_operating_costs:{r.name}:{m}", r.values[m]
    table = three_public_table(ix, kind)
    paths = {c.measure: c.path for c in ix.columns.get(table, []) if c.role == "amount"}
    for r in ix.rows.get(table, []):
        for m, v in r.values.items():
            path = paths.get(m) or (m,)  # a column without a header path is named by its measure
            by_row = bool(re.search(r"运行经费|行政经费", r.name))
            by_column = "运行经费" in path[-1]
            if (by_column or (by_row and segment_part(path) in (None, "generic"))) and \
                    cell_when((r.name, *path), kind, year) in ("this", "final"):
                return f"{table}:{r.label}:{m}", v
    return None


def agency_costs(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """The 机关运行经费 the text states = the table that prints it."""
    f = n.get("agency_operating_costs")
    hit = _agency_cell(ix, _kind(budget), budget.document.get("year")) if f is not None and f.value is not None else None
    if hit is not None:
        same_figure(rec, "text_agency_costs", f, hit[0], hit[1], "文字中的机关运行经费与表中一致")


# 2024年度“三公”经费支出决算数小于预算数的主要原因 — a sentence of its own, after the figures
SUBJECT_WORDS = {"total": r"三公”?经费", "overseas_travel": r"因公出国\((?:境|国)\)(?:费用?|经费)?", "reception": r"公务接待费",
                 "vehicle": r"公务用车购置(?:及|和)运行(?:维护)?费", "vehicle_purchase": r"公务用车购置费",
                 "vehicle_operation": r"公务用车运行(?:维护)?费"}


def final_against_plan(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """决算: “…决算数大于/小于/等于预算数” of the total or a part must hold between its 决算数 and
    预算数 (the text's, else the table's)."""
    if _kind(budget) != "决算":
        return
    cells = three_public_cells(ix, three_public_table(ix, "决算"), "决算", budget.document.get("year"))
    word = r"(?P<cmp>" + COMPARISON.pattern + ")"
    # …“三公”经费…完成预算的100.00%。决算数大于预算数的主要原因…: a sentence of its own, no subject,
    # right after the “三公” total's figures
    after = [m for m in re.finditer(r"(?<=。)" + word, n.text)
             if "三公" in n.text[n.text.rfind("。", 0, m.start() - 1) + 1:m.start()]]
    for part, subject in SUBJECT_WORDS.items():
        pattern = subject + r"[^。;]{0,20}?" + word
        for m in list(re.finditer(pattern, n.text)) + (after if part == "total" else []):
            final, plan = _stated(n, part, ""), _stated(n, part, "_budget")
            spent = final.value if final else cells.get(("final", part), (None, None))[1]
            base = plan.value if plan else cells.get(("budget", part), (None, None))[1]
            if spent is not None and base is not None and not bears_out(m, spent, base):
                shown = m.group(0)[m.start("cmp") - m.start():]
                rec.statement("comparison_claim", n.page_at(m.start()), f"文字称{NAMES[part]}“{shown}”，"
                              f"但决算 {spent} 万元、预算 {base} 万元", n.sentence_at(m.start(), m.end()))


# a “三公” part and the 经济分类 code that books the same money (the 2024 经济分类: 30212 因公出国（境）
# 费用, 30217 公务接待费, 30231 公务用车运行维护费, 31013 公务用车购置)
PART_CODES = {"overseas_travel": "30212", "reception": "30217", "vehicle_operation": "30231", "vehicle_purchase": "31013"}


def economic_codes(ix: TableIndex, rec: Recorder, n: Narrative | None, budget: Budget) -> None:
    """预算: each “三公” part this year = its 经济分类 code in the 一般公共预算支出表（按经济分类）, which
    books basic and project spending alike (the basic table alone may miss a project's share)."""
    if _kind(budget) != "预算" or not ix.rows.get("gpb_by_economic"):
        return
    economic = ix.code_amounts(["gpb_by_economic"])
    cells = three_public_cells(ix, three_public_table(ix, "预算"), "预算", budget.document.get("year"))
    for part, code in PART_CODES.items():
        hit = cells.get(("this", part))
        # a cell of the 政府性基金 / 国有资本经营 money alone is not the 一般公共预算's
        other_funds = hit is not None and re.search(r"政府性基金|国有资本", hit[0]) and "一般公共预算" not in hit[0]
        if hit is not None and code in economic and not other_funds:
            label, value = hit
            row = next(r for r in ix.rows.get("three_public", []) if label.split(":")[1] in (r.label, r.unit))
            rec.add("three_public_code", row, label.split(":")[-1], value, [(f"gpb_by_economic:{code}", economic[code])],
                    f"“三公”{NAMES[part]} = 经济分类 {code}")


CHECKS = (text_against_table, stated_directions, execution_rates, stated_parts, reasons_add_up, agency_costs,
          final_against_plan, economic_codes)
