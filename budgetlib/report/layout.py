"""What an editor sees first and last: the headline screen (unit, year, kind, total, change, the
findings that matter), tables formatted as printed, and collapsed sections for the checks.

Every piece of document text passes through ``html.escape`` (or a DataFrame's escaping ``to_html``).
"""
from __future__ import annotations

import html
import re
from decimal import Decimal

import pandas as pd

from ..clean import to_wan

from .composition import spending_split, total_row
from .views import Display, findings_table

HEADERS = {"unit": "单位", "code": "科目编码", "name": "科目名称"}


class Html(Display):
    def _repr_html_(self) -> str:
        return self.text


def money(value: Decimal | float | None, unit: str = "万元") -> str:
    """1234.5 → '1,234.50 万元': thousands separators, the printed decimals (at least two)."""
    if value is None:
        return "—"
    d = Decimal(str(value))
    places = max(0 if unit == "元" else 2, -d.as_tuple().exponent)
    text = f"{d:,.{places}f} {unit}"
    if unit != "万元":
        text += f"（{to_wan(d, unit):,.2f} 万元）"
    return text.replace("-", "−")


# the text's own name for a total that is not the spending alone: a 决算's 收入支出总计 includes
# what is carried into next year (普陀 2,995.39 against 本年支出合计 2,940.05), a 收支总预算 the income side
_GRAND_TOTAL = re.compile(r"收入支出(?:决算)?总计|收支(?:决算|预算)?总(?:预算|决算|计|额)|收支预算总(?:额|计)")


def total_label(sentence: str) -> str:
    """What the first screen calls the text's total: its own words when it names the grand total
    of income and spending, else 支出总额."""
    m = _GRAND_TOTAL.search(sentence or "")
    return m.group(0) if m else "支出总额"


def headline(budget) -> dict:
    """The figures of the first screen: total, change and change %, each with where it is printed."""
    n = budget.narrative
    get = (lambda k: n.get(k)) if n else (lambda k: None)
    total = get("totals.expense") or get("totals.income")
    change = get("totals.expense_change") or get("totals.income_change")
    pct = get("totals.expense_change_pct") or get("totals.income_change_pct")
    out = {"total": None, "total_where": "", "change": None, "change_where": "", "pct": None, "total_label": "支出总额"}
    if total is not None:
        out.update(total=total.value, total_unit=total.unit or "万元", total_where=f"文字第 {total.page} 页",
                   total_label=total_label(total.sentence))
    else:
        split = spending_split(budget)
        if split.table is not None:
            t = budget.table(split.table)
            row = total_row(t)
            cell = row[row["measure"] == split.measure]
            out.update(total=cell["amount"].iloc[0], total_unit=cell["money_unit"].iloc[0] or "万元",
                       total_where=f"{split.title}合计行，第 {int(cell['page'].iloc[0])} 页")
    if change is not None:
        out.update(change=change.value, change_unit=change.unit or "万元", change_where=f"文字第 {change.page} 页")
    if pct is not None:
        out["pct"] = pct.value
    return out


def findings_that_matter(budget, limit: int = 12) -> list[str]:
    """Defects and warnings one line each (severity, page, message); the info findings (published
    rounding and the like) collapsed into one line."""
    f = findings_table(budget)
    if f.empty:
        return ["没有发现问题。"]
    serious = f[f["severity"] != "info"]
    lines = []
    for r in serious.head(limit).itertuples():
        page = f"第 {int(r.page)} 页" if r.page == r.page and r.page is not None else "全文"
        lines.append(f"<b>{html.escape(r.severity)}</b> · {page} · {html.escape(str(r.message))}")
    if len(serious) > limit:
        lines.append(f"……另有 {len(serious) - limit} 条 defect/warning，见文末“发现”。")
    infos = f[f["severity"] == "info"]
    if not infos.empty:
        rules = infos.groupby("rule").size().sort_values(ascending=False)
        lines.append(f"另有 {len(infos)} 条 info（公布数的四舍五入等，按规则：" +
                     "、".join(f"{html.escape(k)} {v}" for k, v in rules.items()) + "），见文末。")
    return lines


def first_screen(budget) -> Html:
    """Unit, year, kind, the total and its change, and the findings that matter."""
    d = budget.document
    h = headline(budget)
    esc = lambda v: html.escape(str(v)) if v not in (None, "") else "（未识别）"  # noqa: E731
    rows = [("单位", esc(d.unit)), ("年度", esc(d.year)), ("类型", esc(d.kind)), ("金额单位", esc(d.money_unit))]
    if h["total"] is not None:
        rows.append((html.escape(h["total_label"]),
                     f"<b>{money(h['total'], h['total_unit'])}</b>（{html.escape(h['total_where'])}）"))
    if h["change"] is not None:
        pct = f"，{Decimal(h['pct']):+}%".replace("-", "−") if h["pct"] is not None else ""
        signed = ("" if h["change"] < 0 else "+") + money(h["change"], h["change_unit"])
        rows.append(("比上年增减", f"<b>{signed}{pct}</b>（{html.escape(h['change_where'])}）"))
    else:
        rows.append(("比上年增减", "文字部分没有给出"))
    table = "".join(f"<tr><th style='text-align:left;padding-right:1.5em'>{k}</th><td style='text-align:left'>{v}</td></tr>"
                    for k, v in rows)
    findings = "".join(f"<li>{line}</li>" for line in findings_that_matter(budget))
    title = esc(d.unit) + (f" {esc(d.year)}年" if d.year else "") + f" {esc(d.kind) if d.kind else ''}"
    return Html(f"<h2>{title}</h2><table>{table}</table><h3>值得注意的发现</h3><ul>{findings}</ul>")


def printed_amount(value) -> str:
    """A Decimal as printed, with thousands separators: 12345.60 → '12,345.60'; blank for none."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,.2f}"


def printed_table(budget, key: str) -> pd.DataFrame:
    """One table laid out as printed: a row per printed row with 单位 (where the table has
    units), 科目编码, 科目名称, then one column per measure in printed order; amounts as printed
    text with thousands separators; empty cells blank, never NaN."""
    t = budget.table(key)
    if t.empty:
        return pd.DataFrame()
    measures = list(dict.fromkeys(t["measure"]))
    wide = t.pivot_table(index=["row", "unit", "code", "name"], columns="measure", values="amount",
                         aggfunc="first", sort=False)
    wide = wide.reindex(columns=measures).reset_index()
    unit_row = (wide["code"] == "") & (wide["name"] == "")
    wide.loc[unit_row, "name"] = wide.loc[unit_row, "unit"]  # a unit's own row prints the unit's name
    for m in measures:
        wide[m] = wide[m].map(printed_amount)
    wide = wide.drop(columns=["row"]).rename(columns=HEADERS)
    wide.columns.name = None
    if wide["单位"].nunique() <= 1:
        wide = wide.drop(columns=["单位"])
    return wide.fillna("")


def table_html(frame: pd.DataFrame) -> Html:
    """A printed table as HTML: no index column, amounts right-aligned."""
    if frame.empty:
        return Html("<p>（空表）</p>")
    body = frame.to_html(index=False, escape=True, border=0, classes="printed", na_rep="")
    style = "<style>table.printed td{text-align:right} table.printed td:nth-child(-n+3){text-align:left}</style>"
    return Html(style + body)


def collapsed(summary: str, frame: pd.DataFrame, max_rows: int = 2000) -> Html:
    """A frame inside <details>: closed until the reader opens it."""
    body = frame.head(max_rows).to_html(index=False, escape=True, border=0, na_rep="") if not frame.empty else "<p>（无）</p>"
    return Html(f"<details><summary>{html.escape(summary)}</summary>{body}</details>")


def table_caption(budget, key: str) -> Html:
    """Under a table's title: its key, the pages it is on and its money unit."""
    t = budget.table(key)
    reads = [r for r in budget.tables if r.key == key]
    pages = sorted({p for r in reads for p in r.pages} | set(t["page"].dropna().astype(int)))
    unit = next((u for u in t["money_unit"] if u), "") if not t.empty else ""
    facts = f"{len(t)} 个数字" if not t.empty else "没有读出数字"
    return Html(f"<p><code>{html.escape(key)}</code> · 第 {', '.join(map(str, pages))} 页 · "
                f"单位：{html.escape(unit or '未注明')} · {facts}</p>")
