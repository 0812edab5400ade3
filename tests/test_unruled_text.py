"""Text of tables printed without rules, as the unruled readers see it (issue #16 item 6): texts
printed over each other, texts of two columns touching, rows set tighter than the table's usual
gap, layout lines (running page numbers, column numbers, part headings). Unit cases on built
characters, then pages of real documents read off their twins without rules."""
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest

from budgetlib.read.hrules import heading_band, read_hrule_pages
from budgetlib.read.lines import FOLIO, line_rules, read_unruled
from budgetlib.read.text_runs import Run, band_runs, code_seams
from twins import make_twin

REGIONS = Path(__file__).parent / "data" / "regions"


def chars(text: str, x: float, top: float = 0.0, width: float = 6.0, size: float = 9.0) -> list[dict]:
    """One string as a PDF draws it: glyph after glyph from ``x``."""
    return [{"text": ch, "x0": x + width * i, "x1": x + width * (i + 1), "top": top, "bottom": top + size}
            for i, ch in enumerate(text)]


def test_a_label_printed_on_under_the_next_cells_amount_is_one_text():
    # 西安气象 表2: the unit's name runs on past its cell, under 合计's amount (clipped in the print)
    line = chars("西安市人工影响天气服务保障中心", 110.0, width=7.0) + chars("1839311.66", 200.0, width=4.5)
    runs = band_runs(line)
    assert [(r.text, r.overflow) for r in runs] == [("西安市人工影响天气服务保障中心", True), ("1839311.66", False)]
    # texts apart are no overprint; a glyph printed twice a little offset (faked bold) is one glyph
    assert [r.text for r in band_runs(chars("合计", 10.0) + chars("12.00", 40.0))] == ["合计", "12.00"]
    bold = chars("合计", 10.0) + chars("合计", 10.3)
    assert all(not r.overflow for r in band_runs(bold))
    # a mark printed under a bracket (重庆规划 p18: a 1 under the （ of （一）) runs on no text: as placed
    mark = chars("1", 35.3, width=4.5) + chars("（一）一般公共预算资金", 36.8, width=12.0)
    assert [(r.text, r.overflow) for r in band_runs(mark)] == [("1（一）一般公共预算资金", False)]


def test_a_column_of_right_aligned_codes_touching_the_names_is_split_there():
    # 西安应急 表6: codes right-aligned at x=158, names left-aligned from x=158
    rows = [("301", "工资福利支出"), ("30101", "基本工资"), ("3010201", "津贴补贴")]
    bands = [chars(code, 158.0 - 4.5 * len(code), top=20.0 * i, width=4.5) + chars(name, 158.0, top=20.0 * i)
             for i, (code, name) in enumerate(rows)]
    seams = code_seams(bands)
    assert seams == (158.0,)
    assert [[r.text for r in band_runs(b, seams)] for b in bands] == [list(row) for row in rows]
    # codes of one length only, left-aligned in the name cell (2010501行政运行): no seam, the cell is kept
    same = [chars(c, 100.0, top=20.0 * i, width=4.5) + chars("行政运行", 131.5, top=20.0 * i)
            for i, c in enumerate(["2010501", "2010502", "2010599"])]
    assert code_seams(same) == ()
    # a year is no code: 2024年预算数
    assert code_seams([chars("2024年预算数", 10.0, top=20.0 * i) for i in range(3)]) == ()


def page(*lines: tuple[str, float]) -> SimpleNamespace:
    """A page of one text line per (text, top), each string from x=10."""
    return SimpleNamespace(chars=[c for text, top in lines for c in chars(text, 10.0, top)])


def test_rows_set_tighter_than_the_usual_gap_part_where_two_lines_print_amounts():
    # 西安应急 p10: a wrapped name with its amounts centred beside it, then the next row, only 5.5
    # points below, about half the table's usual gap between rows
    p = page(("合计 3,643.37", 174.5), ("西安市安全生产监督", 189.2), ("125001 2,080.32", 194.8),
             ("管理局", 200.5), ("301 工资福利支出 970.84", 215.0), ("30101 基本工资 237.03", 235.3),
             ("3010201 津贴补贴 317.69", 255.6))
    ys = [round(y, 2) for y, _, _ in line_rules(p)]
    assert ys == [173.5, 186.35, 212.25, 229.65, 249.95, 265.6]


def test_layout_lines_of_unruled_pages():
    # running page numbers are no row; a column-number line is a row of its own
    for folio in ("- 19 -", "19", "第 3 页", "3/45", "第11页，共45页", "第 1 页 共 3 页"):
        assert FOLIO.match(folio), folio
    for text in ("2019年", "19.00", "共45页"):
        assert not FOLIO.match(text), text
    p = page(("项目 合计 基本支出", 150.0), ("科目编码", 161.0), ("栏次 1 2", 172.0), ("合计 12.00 12.00", 190.0),
             ("201 一般公共服务支出 12.00 12.00", 210.0))
    # the header's two lines, 栏次 (as close to them as they are to each other), two rows
    assert [y for y, _, _ in line_rules(p)] == [149.0, 171.0, 181.0 + 4.5, 204.5, 220.0]
    # a part's heading above the first table is no data, though it prints a year
    assert heading_band([Run(10, 200, 0, "第二部分 佛山市轨道交通局", 9), Run(210, 300, 0, "2019年部门决算表", 9)])
    assert not heading_band([Run(10, 60, 0, "单位名称", 9), Run(70, 90, 0, "合计", 9), Run(100, 150, 0, "事业收入", 9)])


@pytest.fixture(scope="module")
def unruled(tmp_path_factory):
    """The pages read off twins without rules of three real documents, by page."""
    folder = tmp_path_factory.mktemp("unruled")

    def read(name: str, pages: list[int]) -> dict:
        twin = make_twin(REGIONS / name, folder / name, "none")
        with pdfplumber.open(twin) as pdf:
            return {g.page: g for g in read_hrule_pages(pdf, pages, reader=read_unruled)}

    return {"应急": read("西安-应急管理局_2026年部门预算.pdf", [10, 11]),
            "气象": read("西安-气象局_2026年部门预算.pdf", [19]),
            "佛山": read("2026年佛山市交通运输局部门预算.pdf", [5, 10])}


def rows(grid) -> list[list[str]]:
    return [[t.replace("\n", "") for t in row] for row in grid.text]


def test_codes_wrapped_names_and_a_continuation_page_read_off_xian_emergency(unruled):
    """西安应急 p10 表6 (as printed, ruled): 125001 | 西安市安全生产监督管理局 (two lines) | 2,080.32 | 972.99 |
    98.88 | 1,008.45, then 301 | 工资福利支出 | 970.84 | 970.84 … 30108 | 机关事业单位基本养老保险缴费 | 50102
    | 社会保障缴费 | 81.23 | 81.23; p11 goes on without a header: 30217 | 公务接待费 | 50206 | 公务接待费 | 4.00."""
    p10 = rows(unruled["应急"][10])
    assert ["125001", "西安市安全生产监督管理局", "", "", "2,080.32", "972.99", "98.88", "1,008.45", ""] in p10
    assert ["301", "工资福利支出", "", "", "970.84", "970.84", "", "", ""] in p10
    assert ["3010201", "津贴补贴", "50101", "工资奖金津补贴", "317.69", "317.69", "", "", ""] in p10
    assert ["30108", "机关事业单位基本养老保险缴费", "50102", "社会保障缴费", "81.23", "81.23", "", "", ""] in p10
    assert ["30110", "职工基本医疗保险缴费", "50102", "社会保障缴费", "15.86", "15.86", "", "", ""] in p10
    p11 = unruled["应急"][11]
    assert p11.cols == unruled["应急"][10].cols  # the columns of the page it continues
    assert rows(p11)[0] == ["30217", "公务接待费", "50206", "公务接待费", "4.00", "", "4.00", "", ""]
    # a code of its own in every row (the rows' boundaries run across the columns taken, the code
    # column left of the text's own width too); 第11页，共45页 is no row
    assert [row[0] for row in rows(p11)][-3:] == ["30108", "30110", "30112"]
    assert len(p11.text) == 23 and all(row[0].isdigit() for row in rows(p11))
    assert all(p11.origin[r][0] == (r, 0) for r in range(len(p11.text)))


def test_a_name_run_on_under_an_amount_read_off_xian_weather(unruled):
    """西安气象 p19 表2 收入总表: 4 | 234002 | 西安市人工影响天气服务保障中心 | 1839311.66 | 1839311.66 | 0 …"""
    p19 = rows(unruled["气象"][19])
    row = next(r for r in p19 if "234002" in r)
    name = row.index("西安市人工影响天气服务保障中心")  # the whole name, in its own cell
    assert row[0] == "4" and row[name + 1:name + 4] == ["1839311.66", "1839311.66", "0"]


def test_final_accounts_headers_read_off_foshan(unruled):
    """佛山 p5 收入支出决算总表: 收入 over 项目 | 行次 | 决算数, 支出 over the other three; 栏次 | 1 | 2 under
    them; the part heading and 表1 above are no rows. p10 支出决算表's 栏次 | 1 … 6 is a row of its own."""
    p5 = unruled["佛山"][5]
    assert rows(p5)[:3] == [["收入", "", "", "支出", "", ""], ["项    目", "行次", "决算数", "项    目", "行次", "决算数"],
                            ["栏    次", "", "1", "栏    次", "", "2"]]
    assert p5.origin[0] == [(0, 0)] * 3 + [(0, 3)] * 3
    p10 = rows(unruled["佛山"][10])
    assert p10[1:3] == [["栏次", "", "1", "2", "3", "4", "5", "6"], ["", "合计", "1668.14", "746.39", "921.75", "0.00", "0.00", "0.00"]]


def test_a_whole_code_in_a_later_code_column_is_the_code():
    """西安气象 表5 without rules: its codes are printed as the levels go, 208 left in the 功能科目编码
    cell, 20805 and 2080506 right-aligned in it, so the text gives two columns under that header.
    A whole code in the second is the row's code, not a part to append (20820805); codes split
    over 类 | 款 | 项 columns are still joined."""
    from budgetlib.tidy.codes import joined_code

    carry: dict[str, str] = {}
    assert joined_code(["208", ""], ["功能科目编码", "功能科目编码"], carry) == "208"
    assert joined_code(["", "20805"], ["功能科目编码", "功能科目编码"], carry) == "20805"
    assert joined_code(["", "2080506"], ["功能科目编码", "功能科目编码"], carry) == "2080506"
    split: dict[str, str] = {}
    assert joined_code(["201", "", ""], ["类", "款", "项"], split) == "201"
    assert joined_code(["", "13", ""], ["类", "款", "项"], split) == "20113"
    assert joined_code(["", "", "50"], ["类", "款", "项"], split) == "2011350"
    # two codes side by side stay as they were read (西安应急 采购: 31007 | 503 | 06)
    assert joined_code(["31007", "503", "06"], ["部门经济分类", "类", "款"], {}) == "3100750306"
