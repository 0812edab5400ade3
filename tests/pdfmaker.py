"""Small budget-like PDFs made by the tests themselves (fpdf2 + the CJK font mplfonts ships)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import mplfonts
from fpdf import FPDF

FONT = Path(os.path.dirname(mplfonts.__file__)) / "fonts" / "NotoSansCJKsc-Regular.otf"

EXPENSE_HEADER = ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"]


def expense_rows(override: dict | None = None) -> list[list[str]]:
    """A 支出总表 that adds up: 201 = 20101 = 2010101 + 2010102; override cells by (row, col)."""
    rows = [
        ["", "合计", "30.00", "10.00", "20.00"],
        ["201", "一般公共服务支出", "30.00", "10.00", "20.00"],
        ["20101", "人大事务", "30.00", "10.00", "20.00"],
        ["2010101", "行政运行", "10.00", "10.00", "0.00"],
        ["2010102", "一般行政管理事务", "20.00", "0.00", "20.00"],
    ]
    for (r, c), text in (override or {}).items():
        rows[r][c] = text
    return rows


def budget_pdf(path: Path, tables: list[tuple[str, list[str], list[list[str]]]], *, cover: str = "2024年测试局部门预算",
               unit: str = "测试局", pages_before: int = 1, text: str | list[str] = "", password: str | None = None,
               owner_password: str = "owner", borders: str = "ALL", notes: dict[str, str] | None = None,
               contents: bool | list[str] = True, title_in_grid: bool = False, amounts_right: bool = False,
               money: str | dict[str, str] = "万元") -> Path:
    """A cover, ``pages_before`` text pages (or one page per item of a list ``text``), then one
    page per (title, header, rows) table;
    ``borders`` is fpdf2's borders_layout (ALL, NONE, HORIZONTAL_LINES, SINGLE_TOP_LINE, …);
    ``notes`` maps a table title to text printed below that table, on its page; ``contents`` puts a
    目录 of the tables it prints on the cover (a document without one is held to the standard set);
    a list of titles is printed as the 目录 instead (to list them in another order). A cell may be
    ``(text, colspan)``; ``title_in_grid`` prints each title as the grid's first row, merged across;
    ``amounts_right`` aligns amounts to the right of their cells, as spreadsheets print them;
    ``money`` is the money unit every table page declares (a dict: by title, 万元 for the others;
    "" declares none)."""
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(FONT))
    pdf.set_font("cjk", size=10)
    pdf.add_page()
    pdf.cell(0, 12, cover, new_x="LMARGIN", new_y="NEXT")
    if contents:
        listed = contents if isinstance(contents, list) else [title for title, _, _ in tables]
        for line in ["目录"] + listed:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pages = text if isinstance(text, list) else [text] * pages_before
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, page or "第一部分 部门概况")
    for title, header, rows in tables:
        pdf.add_page()
        if not title_in_grid:
            pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        declared = money.get(title, "万元") if isinstance(money, dict) else money
        pdf.cell(0, 8, f"单位名称：{unit}" + (f" 单位：{declared}" if declared else ""), new_x="LMARGIN", new_y="NEXT")
        if header is not None:  # None: a title (and its note) without a table
            width = sum(c[1] if isinstance(c, tuple) else 1 for c in header)
            with pdf.table(first_row_as_headings=False, borders_layout=borders) as table:
                for cells in ([[(title, width)]] if title_in_grid else []) + [header] + rows:
                    row = table.row()
                    for cell in cells:
                        text, span = cell if isinstance(cell, tuple) else (cell, 1)
                        right = amounts_right and re.fullmatch(r"-?[\d,]+\.\d+", text)
                        row.cell(text, colspan=span, align="R" if right else None)
        if notes and title in notes:
            pdf.ln(6)
            pdf.multi_cell(0, 8, notes[title])
    if password is not None:
        pdf.set_encryption(owner_password=owner_password, user_password=password)
    pdf.output(str(path))
    return path


def text_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    """A PDF with text but no tables."""
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(FONT))
    pdf.set_font("cjk", size=10)
    for _ in range(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def image_pdf(path: Path) -> Path:
    """An image-only PDF, as a scanner makes it."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (800, 1100), "white")
    draw = ImageDraw.Draw(img)
    for y in range(100, 600, 50):
        draw.line([(80, y), (720, y)], fill="black", width=2)
    img.save(path, "PDF", resolution=100)
    return path
