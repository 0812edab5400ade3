"""Exports for people who work in Excel and for data catalogues.

- ``write_xlsx``: one sheet per standard table laid out as printed (its title, its money unit,
  the header, a row per printed row; amounts as numbers shown with thousands separators and
  the printed decimals, at least two), then the facts, findings and checks sheets.
- ``write_excel_csvs``: facts.csv and residue.csv again with a UTF-8 byte-order mark, which
  Excel needs to read Chinese text in a CSV.
- ``write_datapackage``: a Frictionless Data Package (``datapackage.json``) describing facts.csv:
  its columns, their types and the table's primary meaning, by the Table Schema spec.
"""
from __future__ import annotations

import json
from dataclasses import replace
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..clean import scale
from ..model import FACT_COLUMNS, contract_order
from ..store import display_name
from ..tables import TABLE_KEYS
from .analysis import table_title
from .views import checks_frame, findings_table

HEADERS = {"unit": "单位", "code": "科目编码", "name": "科目名称"}
# facts.csv's columns: Table Schema type and what each holds (DESIGN.md, the facts contract)
FACT_FIELDS = {
    "table": ("string", "canonical key of the standard table (expense_summary, gpb_by_function …)"),
    "unit": ("string", "the 预算单位 the row belongs to"),
    "code": ("string", "科目编码 exactly as printed; empty where the row prints none"),
    "name": ("string", "row label, whitespace removed"),
    "measure": ("string", "leaf column header; repeated leaves prefixed by their parents, joined with /"),
    "amount": ("number", "the printed number (thousands separators removed), in money_unit"),
    "money_unit": ("string", "万元, 元 or 千元, as the table prints it"),
    "subject_code": ("string", "the row's 科目编码, printed or inferred from the coded tables"),
    "level": ("string", "类, 款 or 项"),
    "parent_code": ("string", "the code one level up"),
    "classification": ("string", "功能分类, 经济分类 or 收入分类"),
    "page": ("integer", "1-based index of the PDF page"),
    "row": ("integer", "row of the table's grid on that page"),
    "side": ("string", "收入 or 支出 for two-sided tables"),
}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def number_format(amounts) -> str:
    """Thousands separators and the printed decimals, at least two: '#,##0.00'."""
    places = max([2] + [scale(a) for a in amounts if isinstance(a, Decimal)])
    return "#,##0." + "0" * places


def printed_rows(budget, key: str) -> tuple[list[str], list[list]]:
    """A table as printed: header and rows (单位 where the table has several, 科目编码, 科目名称,
    one column per measure in printed order); amounts stay Decimal, empty cells None."""
    t = budget.table(key)
    measures = list(dict.fromkeys(t["measure"]))
    wide = t.pivot_table(index=["page", "row", "unit", "code", "name"], columns="measure", values="amount",
                         aggfunc="first", sort=False).reindex(columns=measures).reset_index()
    unit_row = (wide["code"] == "") & (wide["name"] == "")
    wide.loc[unit_row, "name"] = wide.loc[unit_row, "unit"]  # a unit's own row prints the unit's name
    labels = ["unit", "code", "name"] if t["unit"].nunique() > 1 else ["code", "name"]
    header = [HEADERS[c] for c in labels] + measures
    rows = [[r[c] for c in labels] + [None if v != v else v for v in (r[m] for m in measures)]
            for _, r in wide.iterrows()]
    return header, rows


def _sheet_name(key: str, used: set[str]) -> str:
    name = _SHEET_BAD.sub("_", key)[:31]
    n = 2
    while name in used:
        name = f"{name[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def _write_frame(ws, frame: pd.DataFrame, amount_columns: tuple[str, ...] = ()) -> None:
    ws.append(list(frame.columns))
    formats = {c: number_format(frame[c]) for c in amount_columns if c in frame}
    for values in frame.itertuples(index=False):
        ws.append([_cell(v) for v in values])
    for c, fmt in formats.items():
        col = list(frame.columns).index(c) + 1
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = fmt


def _cell(v):
    if isinstance(v, Decimal):
        return float(v)
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v if isinstance(v, (int, float, str)) else str(v)


def write_xlsx(budget, path: str | Path) -> Path:
    """The workbook: a sheet per standard table as printed, then facts, findings, checks."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    present = set(budget.facts["table"])
    found = [k for k in dict.fromkeys(list(budget.document.tables) + TABLE_KEYS) if k in present]  # printed order
    for key in found:
        ws = wb.create_sheet(_sheet_name(key, used))
        header, rows = printed_rows(budget, key)
        unit = next((u for u in budget.table(key)["money_unit"] if u), "")
        ws.append([table_title(budget, key)])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([f"单位：{unit}" if unit else "单位：未注明"])
        ws.append(header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        fmt = number_format([v for r in rows for v in r])
        first_amount = header.index(next(h for h in header if h not in HEADERS.values())) + 1
        for r in rows:
            ws.append([_cell(v) for v in r])
            for cell in ws[ws.max_row][first_amount - 1:]:
                if isinstance(cell.value, float):
                    cell.number_format = fmt
        ws.freeze_panes = ws.cell(row=4, column=first_amount)
    facts = contract_order(budget.facts)
    _write_frame(wb.create_sheet("facts"), facts, ("amount",))
    _write_frame(wb.create_sheet("findings"), findings_table(budget))
    _write_frame(wb.create_sheet("checks"), checks_frame(budget))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def write_excel_csvs(folder: str | Path) -> list[Path]:
    """facts.csv and residue.csv of an extract folder rewritten with a UTF-8 BOM (same content)."""
    done = []
    for name in ("facts.csv", "residue.csv"):
        f = Path(folder) / name
        if f.is_file():
            text = f.read_text(encoding="utf-8-sig")
            f.write_text(text, encoding="utf-8-sig")
            done.append(f)
    return done


def datapackage(budget, columns: list[str]) -> dict:
    """The Data Package descriptor of one extract folder (facts.csv with ``columns``)."""
    fields = [{"name": c, "type": FACT_FIELDS.get(c, ("string", ""))[0],
               **({"description": FACT_FIELDS[c][1]} if c in FACT_FIELDS else {})} for c in columns]
    d = replace(budget.document, file=display_name(budget.document.file))
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", f"budgetlib-{d.sha256[:12]}"),
        "title": f"{d.unit or d.file} {d.year or ''} {d.kind or ''}".strip(),
        "description": f"Facts of every standard table of {d.file}, read by budgetlib (amounts as printed).",
        "sources": [{"title": d.file, "sha256": d.sha256}],
        "resources": [{
            "name": "facts", "path": "facts.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": fields, "missingValues": [""]},
        }],
    }


def write_datapackage(budget, folder: str | Path) -> Path:
    """``datapackage.json`` beside facts.csv, describing the columns facts.csv actually has."""
    folder = Path(folder)
    facts_csv = folder / "facts.csv"
    columns = (facts_csv.read_text(encoding="utf-8-sig").splitlines()[0].split(",") if facts_csv.is_file()
               else list(contract_order(budget.facts).columns) if not budget.facts.empty else FACT_COLUMNS)
    target = folder / "datapackage.json"
    target.write_text(json.dumps(datapackage(budget, columns), ensure_ascii=False, indent=1), encoding="utf-8")
    return target
