"""Findings as a reviewer's work list: one row per finding with Chinese column names, the
Chinese table title, and the row, column and 科目 of the check it comes from — written as CSV
(UTF-8 with BOM, so Excel opens it) or as an .xlsx sheet."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..tables import SPECS
from .causes import finding_of_cause, group_causes

COLUMNS = ["文件", "规则", "严重程度", "页码", "表", "行", "列", "科目", "说明", "印刷值", "应为值", "证据"]
SEVERITY_CN = {"defect": "错误", "warning": "需核对", "info": "提示"}
ORDER = {"defect": 0, "warning": 1, "info": 2}


def checks_of_findings(budget) -> dict[tuple, list]:
    """(rule, page, evidence) of each finding the checks gave → the checks of its cause."""
    pages = {t.key: list(t.pages) for t in budget.tables}
    out = {}
    for group in group_causes(budget.checks):
        f = finding_of_cause(group, pages)
        out.setdefault((f.rule, f.page, f.evidence), group)
    return out


def review_rows(budget, min_severity: str = "info") -> list[dict]:
    checks = checks_of_findings(budget)
    shown = {s for s, i in ORDER.items() if i <= ORDER[min_severity]}
    rows = []
    for f in sorted(budget.findings, key=lambda f: (ORDER[f.severity], f.page or 0)):
        if f.severity not in shown:
            continue
        group = checks.get((f.rule, f.page, f.evidence), [])
        c = group[0] if group else None
        table = SPECS[f.table].name if f.table in SPECS else (f.table or "")
        rows.append({"文件": budget.path.name, "规则": f.rule, "严重程度": SEVERITY_CN[f.severity],
                     "页码": f.page if f.page is not None else "", "表": table,
                     "行": "、".join(dict.fromkeys(g.name for g in group)) if c is not None and c.kind == "sum" else "",
                     "列": "、".join(dict.fromkeys(g.measure for g in group if g.measure)), "科目": "、".join(dict.fromkeys(g.code for g in group if g.code)) if c is not None else "",
                     "说明": f.message, "印刷值": f.printed or "", "应为值": f.expected or "", "证据": f.evidence})
    return rows


def write_review(rows: list[dict], path: Path, fmt: str) -> Path:
    """The rows as ``fmt`` (csv or xlsx) at ``path``; written whole or not at all."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    if fmt == "csv":
        frame.to_csv(tmp, index=False, encoding="utf-8-sig")
    else:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            frame.to_excel(xl, index=False, sheet_name="审核发现")
    tmp.replace(path)
    return path
