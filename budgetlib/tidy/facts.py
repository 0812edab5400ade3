"""A ``TableRead`` → long facts rows (table, unit, code, name, measure, amount) and residue.

Every non-empty cell ends up in a fact, a label, the header, or the residue. A unit row (a
预算单位's own totals) has neither code nor name; the item rows below it take its unit.
"""
from __future__ import annotations

import re

from ..clean import MalformedAmount, clean_amount, clean_code, clean_label, is_amount, is_dash, is_money_measure
from ..model import Cell, Column, Finding, TableRead
from .codes import expanded_code, joined_code, split_code_name
from .columns import ORG_SUFFIX, column_groups
from .layout import is_column_number_row, is_total_label
from .table import residue_row

SUBJECT_LENGTHS = (3, 5, 7, 9)  # 类 款 项 目
SUBJECT_STARTS = "235"  # 功能分类 2xx, 部门经济分类 3xx, 政府经济分类 5xx (1xx is 收入分类)
# text columns beside the amounts → why their cells are in the residue
TEXT_ROLES = {"extra": "descriptive text", "target": "performance target (text, not an amount)"}


def _first_text(row: dict[int, Cell], cols: list[Column]) -> str:
    """A row whose name column is blank but which prints its label in another text column
    (nested procurement tables: 大类 | 专项 | 物品 each on its own row)."""
    for c in cols:
        if c.role == "extra" and c.index in row and not is_amount(row[c.index].text):
            return clean_label(row[c.index].text)
    return ""


def _code_column_label(row: dict[int, Cell], code_cols: list[Column]) -> str:
    """Text in a code column that is no code (合计 printed where the codes stand) labels the row."""
    texts = [clean_label(row[c.index].text) for c in code_cols if c.index in row]
    return "".join(t for t in texts if t and not clean_code(t))


def _code(row: dict[int, Cell], code_cols: list[Column], carry: dict[str, str]) -> str:
    """The row's 科目编码 from its code columns (see ``codes``)."""
    if len(code_cols) == 1:
        code = clean_code(row[code_cols[0].index].text) if code_cols[0].index in row else ""
        return expanded_code(code, carry) if code else ""
    parts = [clean_code(row[c.index].text) if c.index in row else "" for c in code_cols]
    return joined_code(parts, [c.leaf for c in code_cols], carry)


def _layout_residue(key: str, row: dict[int, Cell], cols: list[Column]) -> list[dict]:
    """The cells of 行次 / 序号 columns, the 单位代码 numbers and the codes of a classification
    facts have no column for: kept in the residue."""
    out = []
    for c in cols:
        if c.index not in row:
            continue
        if c.role == "layout":
            out.append(residue_row(key, row[c.index], "row number (layout)"))
        elif c.role == "unit_code" and clean_code(row[c.index].text):
            out.append(residue_row(key, row[c.index], "unit number (单位代码)"))
        elif c.role == "code_other":
            out.append(residue_row(key, row[c.index], "code of a further classification"))
    return out


def _borrowed_labels(table: TableRead, groups: list[list[Column]]) -> dict[tuple[int, int], str]:
    """A label merged across two groups of one side (当年支出小计 over 功能分类 and 支出用途) sits in
    the first group while the amount stands in the second: the second borrows it."""
    out = {}
    for seq, row in enumerate(table.rows):
        labelled, amounted = {}, {}
        for g, cols in enumerate(groups):
            label = "".join(clean_label(row[c.index].text) for c in cols if c.role in ("label", "code") and c.index in row)
            labelled[g] = label
            amounted[g] = any(c.role == "amount" and c.index in row and is_amount(row[c.index].text) for c in cols)
        for g, cols in enumerate(groups):
            if amounted[g] and not labelled[g]:
                donors = [d for d, other in enumerate(groups) if d != g and other[0].side == cols[0].side
                          and labelled[d] and not amounted[d]]
                if len(donors) == 1:
                    out[(g, seq)] = labelled[donors[0]]
    return out


def table_facts(table: TableRead, known_units: set[str], doc_unit: str) -> tuple[list[dict], list[dict], list[Finding]]:
    """Facts, residue (the table's own and the cells no fact takes) and findings (malformed
    cells, unplaceable rows) of one table."""
    facts, problems = [], []
    residue = list(table.residue)
    groups = table.groups or column_groups(table.columns)
    borrowed = _borrowed_labels(table, groups)
    all_amounts = [c.index for c in table.columns if c.role == "amount"]
    layout_rows = {seq for seq, row in enumerate(table.rows) if is_column_number_row(row, all_amounts)}
    for group, cols in enumerate(groups):
        side = cols[0].side
        unit_col = next((c for c in cols if c.role == "unit"), None)
        code_cols = [c for c in cols if c.role == "code"]
        code2_cols = [c for c in cols if c.role == "code2"]
        name_col = next((c for c in cols if c.role == "label"), None)
        name2_col = next((c for c in cols if c.role == "label2"), None)
        amount_cols = [c for c in cols if c.role == "amount"]
        current_unit = table.unit or doc_unit
        seen_item, seen_unit, carry, carry2 = False, False, {}, {}
        for seq, row in enumerate(table.rows):
            if seq in layout_rows:
                residue += [residue_row(table.key, row[c.index], "column numbers (layout)") for c in cols if c.index in row]
                continue
            residue += _layout_residue(table.key, row, cols)
            unit_text = clean_label(row[unit_col.index].text) if unit_col and unit_col.index in row else ""
            code = _code(row, code_cols, carry)
            raw_name = row[name_col.index].text if name_col and name_col.index in row else ""
            printed_code, name = split_code_name(raw_name) if not code else ("", clean_label(raw_name))
            if not code and name_col is None and len(code_cols) == 1 and code_cols[0].index in row:
                # one column headed 科目编码及名称 prints both: 201 一般公共服务支出
                printed_code, name = split_code_name(row[code_cols[0].index].text)
            code = code or (expanded_code(printed_code, carry) if printed_code else "")
            label_cols = code_cols + [c for c in cols if c.role == "unit_code"]
            name = name or _code_column_label(row, label_cols) or _first_text(row, cols) or borrowed.get((group, seq), "")
            if unit_text and is_total_label(unit_text) and not name:
                # 合计 printed in the 单位名称 column: the unit's total row, not a unit
                unit_text, name = "", unit_text
            gov_code = _code(row, code2_cols, carry2) if code2_cols else ""
            gov_name = clean_label(row[name2_col.index].text) if name2_col and name2_col.index in row else ""
            values = [(c, row[c.index]) for c in amount_cols if c.index in row]
            if (not (unit_text or code or name) and values and not seen_item and not seen_unit and current_unit
                    and any(is_amount(c.text) and clean_amount(c.text) != 0 for _, c in values)):
                # the first row carries amounts but no label: the table's total (合计) row,
                # printed without its word — it is the unit's total
                unit_text = current_unit
                problems.append(_problem("unlabelled_total_row", "info", table, values[0][1],
                                         "首行金额没有标签，按本表单位的合计行读取", values))
            is_unit_row = bool(unit_text) and not code and not name
            if code and (len(code) not in SUBJECT_LENGTHS or code[0] not in SUBJECT_STARTS) and name and (
                    name in known_units or ORG_SUFFIX.search(name)):
                # a unit number in the code column (125001 西安市安全生产监督管理局; 101 河南省…厅, no
                # 功能 or 经济 code, which start with 2, 3 or 5): a unit row
                residue += [residue_row(table.key, row[c.index], "unit number (单位代码)") for c in code_cols if c.index in row]
                code, unit_text, name, is_unit_row = "", name, "", True
            if not unit_col and name and not code and name in known_units and not is_total_label(name):
                unit_text, name, is_unit_row = name, "", True
            if unit_text:
                current_unit = unit_text
            seen_unit = seen_unit or is_unit_row
            if not is_unit_row and (code or name):
                seen_item = True
            labelled = is_unit_row or code or name
            for col in cols:
                if col.role in TEXT_ROLES and col.index in row:
                    residue.append(residue_row(table.key, row[col.index], TEXT_ROLES[col.role]))
            if not labelled:
                if values:
                    zero = all(is_amount(cell.text) and clean_amount(cell.text) == 0 for _, cell in values)
                    reason = "placeholder row (no label, only zeros)" if zero else "amounts in a row without a label"
                    residue += [residue_row(table.key, cell, reason) for _, cell in values]
                    if not zero:
                        problems.append(_problem("unlabelled_row", "warning", table, values[0][1],
                                                 "金额所在行没有单位、编码或名称，无法归属", values))
                continue
            if not values and (code or name) and not is_unit_row:
                label_cell = row.get(name_col.index) if name_col else None
                if label_cell is not None:
                    residue.append(residue_row(table.key, label_cell, "label without amounts"))
                continue
            for col, cell in values:
                try:
                    amount = clean_amount(cell.text)
                except MalformedAmount:
                    if is_dash(cell.text):
                        residue.append(residue_row(table.key, cell, "dash instead of a number"))
                        problems.append(_problem("dash_cell", "info", table, cell,
                                                 f"单元格印为“{cell.text.strip()}”而非数字，未记为 0", [(col, cell)]))
                    else:
                        residue.append(residue_row(table.key, cell, "malformed amount"))
                        problems.append(_problem("malformed_amount", "warning", table, cell,
                                                 f"金额单元格无法读作数字：{cell.text!r}", [(col, cell)]))
                    continue
                if amount < 0 and re.search(r"[(（]", cell.text):
                    problems.append(_problem("parenthesised_negative", "info", table, cell,
                                             f"括号表示的负数 {cell.text.strip()} 读作 {amount}", [(col, cell)]))
                facts.append({
                    "table": table.key, "unit": current_unit,
                    "code": "" if is_unit_row else code,
                    "name": "" if is_unit_row else (f"{side}:{name}" if side else name),
                    "measure": col.measure, "amount": amount, "money_unit": table.money_unit or "" if is_money_measure(col.measure) else "",
                    "page": cell.page, "row": seq, "side": side, "group": group,
                    "gov_economic_code": gov_code, "gov_economic_name": gov_name,
                })
    return facts, residue, problems


def _problem(rule: str, severity: str, table: TableRead, cell: Cell, message: str, cells) -> Finding:
    return Finding(rule, severity, cell.page, table.key, message,
                   " | ".join(f"{c.measure or c.leaf}={x.text!r}" for c, x in cells), None, cell.text)


def unit_names(tables: list[TableRead]) -> set[str]:
    """Every unit name the document prints in a 预算单位 column or a table heading."""
    names = {t.unit for t in tables if t.unit}
    for t in tables:
        for col in t.columns:
            if col.role == "unit":
                names |= {clean_label(row[col.index].text) for row in t.rows if col.index in row}
    # a 合计 row or a layout mark (**) in a 单位名称 column names no unit
    return {n for n in names if n and not is_total_label(n) and re.search(r"[\u3400-\u9fff]", n)}
