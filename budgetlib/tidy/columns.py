"""A table's header → its columns: each column's header path, its role and its measure name.

- The header path follows the merged blocks of the header rows down to the leaf, which names
  the measure; a leaf printed under several parents takes as many parents as tell it apart
  (一般公共预算拨款/小计).
- Roles: unit (预算单位), code (科目编码, possibly 类 | 款 | 项), label, amount, or extra (a second
  text column: 主要内容, 项目简介), decided from the header words and what the data cells hold;
  target for a 绩效目标表's target columns (指标值, 分值), which are text however numeric.
- A two-sided table (收入 | 支出 side by side) marks each column's side.
- Side-by-side layouts (科目 | 金额 | 科目 | 金额) fall into groups, each read as its own rows.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..clean import clean_code, clean_label, is_amount, money_unit
from ..model import Cell, Column, Grid, Origin
from ..settings import DEFAULT, Settings
from .layout import is_column_marks, is_layout_header
from .spill import ends_in_amount

CODE_HEADER = re.compile(r"编码|代码")
UNIT_CODE_HEADER = re.compile(r"^(预算)?单位(代码|编码)$")
CODE_PART = {"类", "款", "项"}
UNIT_HEADER = re.compile(r"^(预算)?单位(名称)?$|^部门(（单位）|\(单位\))?名称$")
NAME_HEADER = re.compile(r"名称|项目|类别|年度")
# a column that lists the rows' items (a second 科目 | 金额 list starts with one); a text
# column headed otherwise (规格型号, 采购时间, 备注) describes the row beside it
LIST_HEADER = re.compile(r"名称|项目|类别|年度|科目|分类|用途|类型")
TWO_SIDES = ("收入", "支出")
# 收入 / 本年支出 / 支出项目 / 支出（按功能分类）: the side a group of columns lists
SIDE_HEADER = re.compile(r"^(?:本年)?(收入|支出)(?:项目)?(?:[（(][^（()）]{1,12}[)）])?$")
# Organisations end in these words (the value of a form's 部门（单位）名称 field).
ORG_SUFFIX = re.compile(r"(部|委员会|委|中心|局|办公室|办|厅|院|所|处|站|队|馆|学校|大学|政府|法院|检察院|联合会|协会|集团|公司|本级)$")
# A 绩效目标表 prints targets beside its money (指标值 100, 权重 20, 分值 6): a column headed by a
# target word holds text, however numeric; the money columns (资金总额, 预算金额, 财政拨款) stay amounts
TARGET_HEADER = re.compile(r"指标|目标|评分|扣分|标准|权重|分值|备注|计量|度量")
INDICATOR_HEADER = re.compile(r"^(一级|二级|三级)?指标(名称|值)?$|^绩效指标$")
FIELD_KEY = re.compile(r"^(部门|单位|部门（单位）|部门\(单位\))名称$|^主管部门$")


def form_fields(grid: Grid, end: int) -> dict[str, tuple[str, Origin]]:
    """Key/value blocks in the header of a form-like table (部门（单位）名称 | 某单位):
    key → (value, the value block's origin)."""
    fields: dict[str, tuple[str, Origin]] = {}
    for r in range(end):
        row: list[Origin] = []
        for c in range(len(grid.cols)):
            o = grid.origin[r][c]
            if o[0] == r and (not row or row[-1] != o):
                row.append(o)
        for key_o, value_o in zip(row, row[1:]):
            key = clean_label(grid.blocks.get(key_o, ""))
            value = clean_label(grid.blocks.get(value_o, ""))
            if FIELD_KEY.search(key) and ORG_SUFFIX.search(value) and key not in fields:
                fields[key] = (value, value_o)
    return fields


def field_blocks(grid: Grid, end: int, fields: dict[str, tuple[str, Origin]]) -> set[Origin]:
    """The header blocks a form's fields occupy (key and value): no column's header."""
    return {o for _, o in fields.values()} | {
        grid.origin[r][c] for r in range(end) for c in range(len(grid.cols))
        if FIELD_KEY.search(clean_label(grid.block(r, c))) and clean_label(grid.block(r, c)) in fields
    }


def header_columns(grid: Grid, end: int, skip: set[Origin] = frozenset()) -> list[Column]:
    """One column per grid column, with the header texts above it (blocks in ``skip`` and rows
    that only mark the columns, ** | **, left out)."""
    marks = {r for r in range(end) if is_column_marks([grid.own(r, c) for c in range(len(grid.cols))])}
    columns = []
    for c in range(len(grid.cols)):
        path, seen = [], set()
        for r in range(end):
            if r in marks:
                continue
            o = grid.origin[r][c]
            text = clean_label(grid.blocks.get(o, ""))
            if text and o not in seen and o not in skip:
                seen.add(o)
                path.append(text)
        columns.append(Column(c, tuple(path)))
    return columns


def mark_sides(grid: Grid, end: int, columns: list[Column], rows: list[dict[int, Cell]]) -> list[Column]:
    """The 收入 / 支出 sides of a two-sided table, from its top header row; the side word leaves
    the path (it is not a parent of the measure). Other tables' columns come back unchanged.
    A side lists items: some column under it holds their names. 本年收入 | 本年支出 over amount
    columns only (a 决算 table's 年初结转 | 本年收入 | 本年支出 | 年末结转) are measures, not sides."""
    if end == 0:
        return columns
    sides = {}
    for c in range(len(grid.cols)):
        m = SIDE_HEADER.match(clean_label(grid.block(0, c)))
        if m:
            sides[c] = m.group(1)
    named = {side for c, side in sides.items() if _holds_names(c, rows)}
    if set(sides.values()) != set(TWO_SIDES) or named != set(TWO_SIDES):
        return columns
    out = []
    for col in columns:
        side = sides.get(col.index, "")
        path = col.path[1:] if side and col.path and col.path[0] == side else col.path
        out.append(replace(col, side=side, path=path))
    return out


def _holds_names(c: int, rows: list[dict[int, Cell]]) -> bool:
    """Whether column ``c`` holds row names: text cells that are mostly not amounts."""
    cells = [row[c].text for row in rows if c in row and row[c].text.strip()]
    return bool(cells) and sum(is_amount(t) for t in cells) < len(cells) / 2


def column_role(col: Column, cells: list[str], settings: Settings = DEFAULT) -> str:
    """unit | unit_code | code | label | amount | layout, from the header words and the cells'
    contents. A 单位代码 column numbers units, not 科目; a 行次 / 序号 column numbers rows."""
    # a number beside a spilled piece of the label on its left counts as a number (see spill)
    amounts = sum(is_amount(t) or ends_in_amount(t) for t in cells)
    parent = col.path[-2] if len(col.path) > 1 else ""
    if is_layout_header(col.leaf):
        return "layout"
    if UNIT_CODE_HEADER.search(col.leaf):
        return "unit_code"
    if CODE_HEADER.search(col.leaf) or (col.leaf in CODE_PART and CODE_HEADER.search(parent)):
        return "code"
    if col.leaf in CODE_PART and cells and all(clean_code(t) for t in cells):
        # a 类 | 款 | 项 column of whole numbers whose 科目编码 heading ran off its cell: codes
        return "code"
    if cells and amounts >= settings.amount_column_share * len(cells):
        return "amount"
    if UNIT_HEADER.search(col.leaf) and not col.side:
        return "unit"
    if cells or NAME_HEADER.search(col.leaf) or not col.leaf:
        return "label"
    return "amount"  # an empty column under an amount header


def code_part_runs(columns: list[Column]) -> set[int]:
    """Columns headed 类 | 款 (| 项) side by side, left to right, with no heading over them: the
    parts of one 科目编码 (长沙 收入总表 prints the three words alone). Under a heading they are
    codes when it says 编码 (``column_role``); a classification's name over them (部门经济科目 |
    政府经济科目, two code pairs side by side) is not joined here."""
    out: set[int] = set()
    for i in range(len(columns) - 1):
        run = columns[i:i + 3]
        leaves = [c.leaf if len(c.path) == 1 else "" for c in run]
        if leaves[:2] == ["类", "款"]:
            out |= {c.index for c in columns[i:i + (3 if leaves[2:] == ["项"] else 2)]}
    return out


def is_targets_form(key: str | None, columns: list[Column]) -> bool:
    """A 绩效目标表: keyed so by its title, or a header printing indicator columns (一级指标, 指标值)."""
    return key == "performance_targets" or any(INDICATOR_HEADER.search(p) for c in columns for p in c.path)


def target_role(col: Column, role: str, targets: bool) -> str:
    """``target`` for a text or amount column of a targets form headed by a target word (a title
    printed in the grid, …绩效目标表, names no column), else ``role``."""
    if targets and role in ("amount", "label", "extra") and any(
            TARGET_HEADER.search(p) and not p.endswith("表") for p in col.path):
        return "target"
    return role


def assign_roles(columns: list[Column], rows: list[dict[int, Cell]], settings: Settings = DEFAULT,
                 targets: bool = False) -> list[Column]:
    """The columns with their roles and measure names. In each group one label column names the
    rows (the one headed 名称, else the first with text); the other label columns are extra. In a
    targets form (``targets``) the target columns are text (role ``target``)."""
    parts = code_part_runs(columns)
    columns = [replace(col, role="code" if col.index in parts else target_role(
                   col, column_role(col, [row[col.index].text for row in rows if col.index in row], settings), targets))
               for col in columns]
    columns = further_classifications(second_classification(columns), rows)
    extra = set()
    for group in column_groups(columns):
        labels = [c for c in group if c.role == "label"]
        named = [c for c in labels if "名称" in c.leaf and any(c.index in r for r in rows)]
        # else the one naming the most rows (a heading printed once beside 实施期资金总额 | 其中：财政
        # 拨款 | 其他资金 names a block, not each row), the leftmost of equals
        filled = sorted((-sum(c.index in r for r in rows), i, c) for i, c in enumerate(labels)
                        if any(c.index in r for r in rows))
        keep = named[0] if named else (filled[0][2] if filled else None)
        if keep is not None:
            extra |= {c.index for c in labels if c.index != keep.index}
    columns = [replace(c, role="extra") if c.index in extra else c for c in columns]
    measures: dict[int, str] = {}
    for side in dict.fromkeys(c.side for c in columns):
        measures |= measure_names([c for c in columns if c.role == "amount" and c.side == side], settings.measure_depth)
    columns = [replace(c, measure=measures[c.index]) if c.index in measures else c for c in columns]
    return classified_measures(columns)


def classified_measures(columns: list[Column]) -> list[Column]:
    """Side-by-side groups of one side that list different classifications (支出功能分类科目 |
    预算数 | 部门预算支出经济分类科目 | 预算数 | 政府预算支出经济分类科目 | 预算数): where their
    measures repeat, each takes its group's classification as a parent (支出功能分类科目/预算数)
    unless its header already lies under it, so the group's rows stay apart. Groups under one heading (a list continued in a second
    column pair) keep their measures."""
    out = list(columns)
    groups = column_groups(columns)
    for side in dict.fromkeys(g[0].side for g in groups):
        listed = [(g, _classification(g)) for g in groups if g[0].side == side and any(c.role == "amount" for c in g)]
        heads = [h for _, h in listed]
        measures = [c.measure for g, _ in listed for c in g if c.role == "amount"]
        if len(listed) < 2 or not all(heads) or len(set(heads)) < len(heads) or len(set(measures)) == len(measures):
            continue
        for g, head in listed:
            for c in g:
                if c.role == "amount" and head not in c.path:
                    out[c.index] = replace(c, measure=f"{head}/{c.leaf}")
    return out


def _classification(group: list[Column]) -> str:
    """The heading of a group's label column (its top header text)."""
    label = next((c for c in group if c.role == "label" and c.path), None)
    return label.path[0] if label else ""


def second_classification(columns: list[Column]) -> list[Column]:
    """A row printing two classifications side by side (部门经济分类 类 | 款 | 名称 and then
    政府经济分类 类 | 款 | 名称): the second run of code columns and the label after it take
    the roles code2 / label2; the first pair stays the row's code and name."""
    out = list(columns)
    for group in column_groups(columns):
        kinds = [c.role for c in group]
        first_code = next((i for i, k in enumerate(kinds) if k == "code"), None)
        if first_code is None:
            continue
        first_label = next((i for i in range(first_code, len(kinds)) if kinds[i] == "label"), None)
        if first_label is None:
            continue
        second = next((i for i in range(first_label, len(kinds)) if kinds[i] == "code"), None)
        if second is None:
            continue
        for i in range(second, len(kinds)):
            if kinds[i] == "code":
                out[group[i].index] = replace(group[i], role="code2")
            elif kinds[i] == "label" and _lists_items(group[i]):
                out[group[i].index] = replace(group[i], role="label2")
                break
            else:
                break
    return out


def further_classifications(columns: list[Column], rows: list[dict[int, Cell]]) -> list[Column]:
    """A row may print more classifications after its name than the one pair facts keep beside
    the code (政府采购: 部门经济 类 | 款, then 政府经济 类 | 款). The code2 columns split where a
    类 follows a 款; the run whose 类 cells start with 5 (政府预算支出经济分类) stays code2, else
    the first; the others become code_other (kept in the residue)."""
    runs: list[list[Column]] = []
    for c in columns:
        if c.role != "code2":
            continue
        if not runs or c.index != runs[-1][-1].index + 1 or (c.leaf == "类" and runs[-1][-1].leaf != "类"):
            runs.append([c])
        else:
            runs[-1].append(c)
    if len(runs) < 2:
        return columns
    first_digits = [{row[r[0].index].text.strip()[:1] for row in rows if r[0].index in row} for r in runs]
    keep = next((r for r, digits in zip(runs, first_digits) if digits == {"5"}), runs[0])
    other = {c.index for r in runs if r is not keep for c in r}
    return [replace(c, role="code_other") if c.index in other else c for c in columns]


def column_groups(columns: list[Column]) -> list[list[Column]]:
    """Side-by-side layouts (科目 | 金额 | 科目 | 金额): a label column listing items after
    amount columns, or a new side of a two-sided table, starts a new group; each group is read
    as its own rows. A text column describing the row (规格型号 | 数量 | 采购时间 | 预算金额) does
    not, nor does a group's extra text column. Code columns after amounts start a group only
    when a column listing items follows them (a second 科目 list); else they are a further
    classification of the same row (政府采购 经济分类 类 | 款)."""
    groups: list[list[Column]] = []
    for i, col in enumerate(columns):
        starts = not groups or col.side != groups[-1][-1].side or (
            col.role not in ("amount", "extra") and any(c.role == "amount" for c in groups[-1])
            and (col.role not in ("code", "code2", "code_other", "label") or _names_follow(columns[i:])))
        if starts:
            groups.append([col])
        else:
            groups[-1].append(col)
    return groups


def _names_follow(columns: list[Column]) -> bool:
    """Whether a column listing items comes before the next amount column."""
    for c in columns:
        if c.role == "amount":
            return False
        if c.role == "unit" or (c.role == "label" and _lists_items(c)):
            return True
    return False


def _lists_items(col: Column) -> bool:
    """Whether a text column names the rows (科目名称, 项目, or no header at all) rather than
    describing them (规格型号, 采购时间, 备注): only the former starts a side-by-side group."""
    return not col.leaf or any(LIST_HEADER.search(p) for p in col.path)


def measure_names(amount_columns: list[Column], max_depth: int = DEFAULT.measure_depth) -> dict[int, str]:
    """Column index → its measure: the leaf, prefixed by as many parents as it takes to tell
    repeated leaves apart."""
    measure = {c.index: c.leaf for c in amount_columns}
    depth = 1
    while depth < max_depth:
        counts: dict[str, int] = {}
        for c in amount_columns:
            counts[measure[c.index]] = counts.get(measure[c.index], 0) + 1
        dupes = [c for c in amount_columns if counts[measure[c.index]] > 1 and len(c.path) > depth]
        if not dupes:
            break
        for c in dupes:
            measure[c.index] = "/".join(c.path[-depth - 1:])
        depth += 1
    return measure


def header_money_unit(columns: list[Column]) -> str | None:
    """A money unit printed in a header: 预算金额（万元）, or a 单位：元 cell atop the header."""
    for col in columns:
        for text in col.path:
            m = re.search(r"[（(](万元|千元|元)[)）]", text)
            if m:
                return m.group(1)
            declared = money_unit(text)
            if declared:
                return declared
    return None
