"""The spending by 类 the text lists (``read.class_lists``: of the 一般公共预算, the department, the
政府性基金) against its table (一般公共预算支出表, 支出总表, 政府性基金预算支出表):
each 类's amount against that 类's row, the stated total against the table's total row, and each
share recomputed against the stated total. A share in the total's own sentence (支出X万元，其中：…
占Y%) is recomputed by ``claims.share_claims`` already; here only the shares of a list that opens a
sentence of its own, after the total (…当年拨款432,564.30万元，…。一般公共服务(类)支出6,701.98万元，占1.6%)."""
from __future__ import annotations

from functools import lru_cache

from ..clean import half_unit
from ..hierarchy import catalogue
from ..model import Budget, Narrative
from .index import TOTAL_ROW, TableIndex
from .record import Recorder
from .text import amount_measure, layout_row, percent, same_figure, text_row

GPB_TABLES = ("final_gpb_expense", "gpb_by_function")
# scope of a list (read.class_lists) → (its tables, the spending's name, the table's name)
SCOPES = {"gpb_classes": (GPB_TABLES, "一般公共预算支出", "一般公共预算支出表"),
          "dept_classes": (("expense_summary", "final_expense"), "部门支出", "支出总表"),
          "fund_classes": (("gov_fund_budget", "final_gov_fund"), "政府性基金预算支出", "政府性基金预算支出表")}


@lru_cache(maxsize=1)
def class_codes() -> dict[str, str]:
    """类 name (with and without its closing 支出) → its 3-digit 功能分类 code."""
    c = catalogue()
    rows = c[(c["level"] == "类") & (c["classification"] == "功能分类")]
    out = {}
    for code, name in zip(rows["code"], rows["name"]):
        out.setdefault(name, code)
        out.setdefault(name.removesuffix("支出"), code)
    return out


def _class_row(ix: TableIndex, code: str, tables=GPB_TABLES):
    """(table, row, measure) of the one row of 类 ``code`` in the scope's table (none when the
    table prints it once per unit: which one the text means is not certain)."""
    for table in tables:
        rows = [r for r in ix.rows.get(table, []) if r.subject_code == code and not layout_row(r)]
        if len(rows) == 1 and (m := amount_measure(rows[0])) is not None:
            return table, rows[0], m
    return None


def _total_row(ix: TableIndex, tables=GPB_TABLES):
    for table in tables:
        row = next((r for r in ix.rows.get(table, []) if TOTAL_ROW.search(r.name) and not layout_row(r)), None)
        if row is not None and (m := amount_measure(row)) is not None:
            return table, row, m
    return None


def class_lists(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    for scope in SCOPES:
        for whole in (f for f in n.prefix(scope + ".") if f.key.endswith(".whole")):
            _check_list(ix, rec, n, whole, scope)


def _check_list(ix: TableIndex, rec: Recorder, n: Narrative, whole, scope: str) -> None:
    codes, (tables, spending, title) = class_codes(), SCOPES[scope]
    key = whole.key.removesuffix(".whole")
    entries = [f for f in n.prefix(key + ".") if f.key.endswith(".amount") and f.label in codes]
    if not entries:
        return
    total = _total_row(ix, tables)
    if total is not None:
        table, row, m = total
        same_figure(rec, "text_total", whole, f"{table}:{row.name}:{m}", row.values[m], f"文字中的{spending}总额与{title}一致")
    for f in entries:
        hit = _class_row(ix, codes[f.label], tables)
        if hit is not None:
            table, row, m = hit
            same_figure(rec, "text_class", f, f"{table}:{row.subject_code} {row.name}:{m}", row.values[m],
                        f"文字中的“{f.label}”类支出与{title}一致")
        share = n.get(f.key.removesuffix(".amount") + ".share")
        computed = percent(f.value, whole.value, share.value) if share is not None and share.text == "apart" else None
        if computed is not None:
            rec.add("share_claim", text_row(share), "%", share.value, [(f"{f.value}/{whole.value}", computed)],
                    f"“{f.label}”占{spending}的比重 = {f.value} ÷ {whole.value}", tol=half_unit(share.value))
