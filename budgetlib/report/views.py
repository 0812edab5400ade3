"""What the notebooks show: display frames and prose built from a Budget.

Text from a document is untrusted: it reaches a report only through ``escape`` (Markdown) or a
DataFrame (whose HTML pandas escapes), never as raw HTML.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from ..model import SEVERITIES, STATUSES
from ..tables import TABLE_KEYS, TABLE_NAMES

SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape(text) -> str:
    """Document text made inert for Markdown and HTML: ``<script>`` shows as text."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=True))


class Display:
    """A display object for notebooks (no IPython import needed to build one): its text, shown
    as the subclass's MIME type."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


class Markdown(Display):
    def _repr_markdown_(self) -> str:
        return self.text


def md(template: str, **values) -> Markdown:
    """Markdown from a trusted template and escaped values: md("**{unit}**", unit=b.document["unit"])."""
    return Markdown(template.format(**{k: escape(v) for k, v in values.items()}))


def document_summary(budget) -> pd.DataFrame:
    d = budget.document
    rows = [("文件", d["file"]), ("单位", d.get("unit") or "（未识别）"), ("年度", d.get("year") or "（未识别）"),
            ("类型", d.get("kind") or "（未识别）"), ("页数", d["pages"]), ("金额单位", d.get("money_unit") or "（未识别）"),
            ("标准表格", len(budget.tables)), ("事实行", len(budget.facts)), ("SHA-256", d["sha256"][:16] + "…")]
    return pd.DataFrame(rows, columns=["项目", "内容"]).set_index("项目")


def coverage(budget) -> pd.DataFrame:
    """Each standard table: found, on which pages, how many facts, announced by the contents."""
    announced = {f["table"] for f in budget.findings if f["rule"] == "table_missing"}
    found = {}
    for t in budget.tables:
        found.setdefault(t.key, []).extend(t.pages)
    facts = budget.facts.groupby("table").size()
    rows = []
    for key in TABLE_KEYS:
        pages = found.get(key, [])
        rows.append((key, TABLE_NAMES[key], "是" if pages else "否", ", ".join(map(str, pages)),
                     int(facts.get(key, 0)), "目录列出但未找到" if key in announced else ""))
    return pd.DataFrame(rows, columns=["表键", "表名", "找到", "页", "事实行", "备注"]).set_index("表键")


def check_tally(budget) -> pd.DataFrame:
    checks = pd.DataFrame([(c.rule, c.status) for c in budget.checks], columns=["rule", "status"])
    if checks.empty:
        return pd.DataFrame(columns=list(STATUSES))
    tally = checks.pivot_table(index="rule", columns="status", aggfunc="size", fill_value=0)
    return tally.reindex(columns=list(STATUSES), fill_value=0)


def findings_table(budget) -> pd.DataFrame:
    """Findings sorted by severity (defect first), then page."""
    f = budget.findings_frame
    if f.empty:
        return f
    f = f.assign(_s=f["severity"].map(SEVERITY_ORDER), _p=f["page"].fillna(0))
    return f.sort_values(["_s", "_p"], kind="stable").drop(columns=["_s", "_p"]).reset_index(drop=True)


def findings_summary(budget) -> Markdown:
    t = budget.tally()
    counts, checks = t["findings"], t["checks"]
    text = (f"共检查 **{len(budget.checks)}** 条恒等式：{checks['ok']} 条完全相等，{checks['rounding']} 条在公布数"
            f"四舍五入允许范围内，{checks['break']} 条不成立。发现：**{counts['defect']}** 个 defect、"
            f"**{counts['warning']}** 个 warning、{counts['info']} 个 info。")
    return Markdown(text)


def table_as_printed(budget, key: str) -> pd.DataFrame:
    """One table as the document prints it: a row per printed row, a column per measure,
    amounts as printed."""
    t = budget.table(key)
    if t.empty:
        return pd.DataFrame()
    t = t.assign(amount=t["amount"].map(str))
    wide = t.pivot_table(index=["row", "unit", "code", "name"], columns="measure", values="amount",
                         aggfunc="first", sort=False)
    wide = wide[list(dict.fromkeys(t["measure"]))]
    wide.columns.name = None
    return wide.reset_index(level="row", drop=True)


def found_tables(budget) -> list[str]:
    return list(dict.fromkeys(t.key for t in budget.tables))


def residue_summary(budget) -> pd.DataFrame:
    r = budget.residue
    if r.empty:
        return pd.DataFrame(columns=["table", "reason", "cells", "pages"])
    return (r.groupby(["table", "reason"], sort=False)
            .agg(cells=("text", "size"), pages=("page", lambda p: ", ".join(map(str, sorted(set(p))))))
            .reset_index())


def composition_text(comp, what: str) -> Markdown:
    """The largest item, the table it comes from, and whether the items add up to its printed
    total; or exactly why there is no chart."""
    frame = comp.frame if hasattr(comp, "frame") else comp
    if frame.empty:
        reason = getattr(comp, "reason", "") or f"本文档没有可用于“{what}”构成的科目数据。"
        return md("{reason}", reason=reason)
    top = frame.iloc[0]
    unplaced = getattr(comp, "unplaced", 0.0)
    parts = comp.parts_sum if hasattr(comp, "parts_sum") else frame["amount"].sum()
    base = "表中合计" if unplaced else "各项之和"
    text = md("按{what}（{source}），最大的一项是 **{name}**（{code}），{amount} 万元，占{base}的 {share}。共 {n} 项。",
              what=what, source=getattr(comp, "title", "") or "", name=top["name"], code=top["subject_code"],
              amount=wan_text(top["amount"]), base=base, share=share_text(top["share"]),
              n=len(frame) - (1 if unplaced else 0)).text
    total = getattr(comp, "total", None)
    if total is not None:
        diff = parts - total
        text += (md(" 各项合计 {sum} 万元，与表中合计 {total} 万元一致（差额在四舍五入范围内）。", sum=wan_text(parts),
                    total=wan_text(total)).text if comp.adds_up else
                 md(" **各项合计 {sum} 万元，与表中合计 {total} 万元相差 {diff} 万元**：有的行没有读到或没有编码。", sum=wan_text(parts),
                    total=wan_text(total), diff=f"{diff:+,.4f}").text +
                 (md("图中把差额列为“{name}”，比例按表中合计计算。", name=frame.iloc[-1]["name"]).text if unplaced else
                  "图中的比例是各项之和的比例。"))
    return Markdown(text)


def split_text(split) -> Markdown:
    """The spending categories in one sentence, or why there are none."""
    if split.empty:
        return md("{reason}", reason=split.reason)
    parts = "，".join(f"{escape(p)} {wan_text(a)} 万元（{share_text(s, 2)}）" for p, a, s in split.frame[["part", "amount", "share"]]
                     .itertuples(index=False))
    return Markdown(md("{title}的合计 **{total} 万元** 分为：", title=split.title, total=wan_text(split.total)).text + parts + "。")


def wan_text(value: float) -> str:
    """An amount in 万元: two decimals, or four where an amount printed in 元 needs them to stay
    exact (1 元 = 0.0001 万元: 1,756.0320, never a rounded 1,756.03)."""
    four = f"{value:,.4f}"
    return four if not four.endswith("00") else f"{value:,.2f}"


def share_text(share: float, digits: int = 1) -> str:
    """A share as a percentage; a share too small to show at ``digits`` decimals but not zero is
    "<0.1%", never a 0.0% that reads as nothing (0.17 of 667.94 万元)."""
    text = f"{share:.{digits}%}"
    floor = 10 ** -digits
    if share > 0 and float(text.rstrip("%")) == 0:
        return f"<{floor:.{digits}f}%"
    return text


def checks_frame(budget) -> pd.DataFrame:
    """Every identity tested, one row each, with Chinese headers."""
    rows = [c.to_dict() for c in budget.checks]
    frame = pd.DataFrame(rows)
    return frame.fillna("") if not frame.empty else frame


def _chinese(frame: pd.DataFrame, headers: dict, money: tuple[str, ...] = ()) -> pd.DataFrame:
    out = frame.copy()
    for col in money:
        out[col] = out[col].map(lambda v: "" if v != v else wan_text(float(v)))
    return out.rename(columns=headers).fillna("")


def steps_table(steps: pd.DataFrame) -> pd.DataFrame:
    kinds = {"total": "总额", "reason": "文字所述原因", "unexplained": "文字未说明"}
    return _chinese(steps.assign(kind=steps["kind"].map(kinds)), {"label": "步骤", "kind": "类别", "amount": "金额（万元）",
                    "start": "起点", "end": "终点", "page": "页"}, ("amount", "start", "end"))


def project_totals_table(totals: pd.DataFrame) -> pd.DataFrame:
    out = totals.assign(agrees=totals["agrees"].map({True: "是", False: "否"})) if not totals.empty else totals
    return _chinese(out, {"project": "一级项目", "amount": "金额（万元）", "items": "子项数", "sum_of_items": "子项合计（万元）",
                          "agrees": "相符"}, ("amount", "sum_of_items") if not totals.empty else ())


def items_table(items: pd.DataFrame) -> pd.DataFrame:
    out = items.assign(share=items["share"].map(share_text)) if not items.empty else items
    return _chinese(out, {"project": "一级项目", "project_amount": "项目金额（万元）", "item": "子项", "amount": "金额（万元）",
                          "share": "占全部项目", "source": "来源", "page": "页"},
                    ("project_amount", "amount") if not items.empty else ())


def change_text(budget, steps: pd.DataFrame) -> Markdown:
    n = budget.narrative
    change = (n.get("totals.expense_change") or n.get("totals.income_change")) if n else None
    if steps.empty or change is None:
        return Markdown("本文档的文字部分没有给出与上年比较的金额，无法绘制增减变化。")
    pct = n.get("totals.expense_change_pct") or n.get("totals.income_change_pct")
    last, this = steps.iloc[0], steps.iloc[-1]
    unexplained = steps[steps["kind"] == "unexplained"]
    text = md("文字部分（第 {page} 页）说：“{sentence}” 由此推得上年数为 {this} − ({change}) = **{last} 万元**。",
              page=change.page, sentence=change.sentence, this=f"{this['amount']:,.2f}",
              change=f"{float(change.value):,.2f}", last=f"{last['amount']:,.2f}").text
    if pct is not None:
        text += md(" 增减幅度印为 {pct}%。", pct=pct.value).text
    if unexplained.empty:
        text += " 文字列出的原因恰好解释了全部增减。"
    else:
        text += md(" 文字列出的原因合计与总增减额相差 **{rest} 万元**，图中以灰色斜线标为“文字未说明”。",
                   rest=f"{unexplained['amount'].iloc[0]:+,.2f}").text
    return Markdown(text)


def missing(text: str) -> Markdown:
    return Markdown(text)
