"""Text a spreadsheet clips at a cell's rule stays with its cell (budgetlib.camelot_split), on
hand-made glyphs and on 西安应急管理局 p3, whose 收支总表 (2019 template: 收入 | 功能 | 部门经济 |
政府经济 side by side) prints labels running past their rules."""
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from budgetlib import load
from budgetlib.camelot_split import glyph_runs, keep_runs_whole

XIAN = Path(__file__).parent / "data" / "regions" / "西安-应急管理局_2026年部门预算.pdf"


@dataclass
class Glyph:
    text: str
    x0: float
    width: float = 8.5
    height: float = 8.5

    @property
    def x1(self) -> float:
        return self.x0 + self.width

    def get_text(self) -> str:
        return self.text


def line(text: str, x0: float, gap_after: dict[int, float] | None = None) -> list[Glyph]:
    """Touching glyphs from x0 on, with extra space after the glyph at each index of ``gap_after``."""
    out, x = [], x0
    for i, ch in enumerate(text):
        w = 4.25 if ch in "0123456789.," else 8.5
        out.append(Glyph(ch, x, w))
        x += w + (gap_after or {}).get(i, 0)
    return out


def test_a_label_running_past_its_rule_stays_in_its_cell():
    # p3: "(3)对个人和家庭的补助" starts in the 部门经济 label column (438–546); 助 lies past 546
    glyphs = line("对个人和家庭的补助", 476.0)
    cut = [(6, 4 if g.x0 + g.width / 2 <= 546 else 5, g) for g in glyphs]
    assert [c for _, c, _ in keep_runs_whole(cut, [438.0, 546.0])] == [4] * 9


def test_text_parted_by_a_space_is_still_cut_at_the_rule():
    # p3 row 39: "收入总计 … 支出总计" — words of two cells on one text line, a space between
    glyphs = line("总计支出", 240.0, gap_after={1: 2.5})
    cut = [(39, 1 if g.x0 + g.width / 2 <= 261 else 2, g) for g in glyphs]
    assert [c for _, c, _ in keep_runs_whole(cut, [197.0, 261.0])] == [1, 1, 2, 2]


def test_digits_touching_a_label_are_a_run_of_their_own():
    # 西安气象局 p22: 缴费支出43608.96 prints the clipped label against its amount, no space
    assert glyph_runs(line("支出43608.96", 100.0)) == [[0, 1], list(range(2, 10))]


def test_a_run_from_its_cells_left_edge_is_that_cells_text():
    # 西安气象局 p30: 序号 fills its 10-point column (29–39) and touches 单位编码 beside it
    glyphs = line("序号单位", 30.0)
    cut = [(0, 0 if g.x0 + g.width / 2 <= 39 else 1, g) for g in glyphs]
    assert [c for _, c, _ in keep_runs_whole(cut, [29.0, 39.0])] == [0, 1, 1, 1]


def test_the_side_by_side_expense_groups_of_a_2019_summary_table():
    # p3 prints "(3)对个人和家庭的补助 4.82" and "9、对个人和家庭的补助 4.82" (部门 / 政府经济),
    # "5、对事业单位经常性补助 730.29", "3、机关资本性支出（一） 104.31", "8、社会保障和就业 183.60",
    # and 本年支出合计 3,643.37 in each of the three 支出 groups
    facts = load(XIAN).facts
    p3 = facts[(facts["table"] == "income_expense_summary") & (facts["page"] == 3)]
    got = {(n, m): a for n, m, a in zip(p3["name"], p3["measure"], p3["amount"])}
    economic, government = "部门预算支出经济分类科目（按大类）/预算数", "政府预算支出经济分类科目（按大类）/预算数"
    assert got[("支出:(3)对个人和家庭的补助", economic)] == Decimal("4.82")
    assert got[("支出:9、对个人和家庭的补助", government)] == Decimal("4.82")
    assert got[("支出:5、对事业单位经常性补助", government)] == Decimal("730.29")
    assert got[("支出:3、机关资本性支出（一）", government)] == Decimal("104.31")
    assert got[("支出:8、社会保障和就业", "支出功能分类科目（按大类）/预算数")] == Decimal("183.60")
    for measure in (economic, government, "支出功能分类科目（按大类）/预算数"):
        assert got[("支出:本年支出合计", measure)] == Decimal("3643.37")
    # 政府经济 names are coded as 政府经济 (509), not as the 部门 303 they share the name with
    row = p3[p3["name"] == "支出:9、对个人和家庭的补助"]
    assert row["subject_code"].tolist() == ["509"]
