"""Layout is not data: the printed numbers that only number the table's rows and columns.

- a 行次 / 栏次 / 序号 column numbers the rows: its cells are no amounts;
- a column-number row under the header (栏次 | 1 | 2 | 3 …, or ** | 1 | 2 …) numbers the columns;
- a 合计 / 总计 row is a total row, never a 预算单位.
"""
from __future__ import annotations

import re

from ..clean import clean_label, counts_columns, strip_space
from ..model import Cell

# headers of columns that number the rows
LAYOUT_HEADER = re.compile(r"^(行次|栏次|序号?|行号|编号|项次)$")  # 序: 序号 with its 号 wrapped off
# the label cells of a column-number row: the word, stars, or the letters 甲 乙 丙 …
_LAYOUT_LABEL = re.compile(r"^(栏次|行次|序号|\*+|[甲乙丙丁戊己庚辛壬癸]|[A-Za-z]|-|—)$")
# the labels of total rows (合计, 总计, 本年收入合计, 收 入 总 计, 小计 …)
TOTAL_LABEL = re.compile(r"(合计|总计|小计)$")


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.search(clean_label(text)))


def is_column_marks(texts: list[str]) -> bool:
    """A header row that only marks its columns (** | ** | 甲 | 乙): it names none of them."""
    texts = [strip_space(t) for t in texts if strip_space(t)]
    return bool(texts) and all(_LAYOUT_LABEL.match(t) and t not in ("栏次", "行次", "序号") for t in texts)


def is_layout_header(leaf: str) -> bool:
    return bool(LAYOUT_HEADER.match(leaf))


def is_column_number_row(row: dict[int, Cell], amount_columns: list[int]) -> bool:
    """A row whose amount cells count 1, 2, 3 … (or n, n+1, …) from left to right, with at
    least two of them (or any whole numbers beside the word 栏次), and whose other cells hold
    only layout words (栏次, **, 甲 乙)."""
    numbers, named = [], False
    for c in sorted(row):
        text = strip_space(row[c].text)
        if not text:
            continue
        if c in amount_columns:
            if not text.isdigit():
                return False
            numbers.append(int(text))
        elif text in ("栏次", "行次"):
            named = True
        elif not _LAYOUT_LABEL.match(text) and not all(_LAYOUT_LABEL.match(t) for t in row[c].text.split()):
            return False
    return counts_columns(numbers, named)
