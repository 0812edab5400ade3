"""Chart frames and figures: the numbers drawn are the document's, and Chinese renders."""
import warnings
from decimal import Decimal

import matplotlib
import pytest
from matplotlib.patches import Rectangle

from budgetlib.report import analysis, charts

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def no_missing_glyphs():
    """Matplotlib warns 'Glyph … missing from font' when Chinese would be drawn as boxes."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        yield


def draw(fig):
    fig.canvas.draw()  # rendering is where missing glyphs show up
    return fig


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0 and p.get_height() > 0]


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_waterfall_steps_add_up_to_the_stated_change(sample):
    steps = analysis.change_steps(sample.narrative)
    assert steps["label"].tolist() == ["2023年预算", "项目经费", "人员经费", "文字未说明", "本年预算"]
    moves = steps[steps["kind"] != "total"]["amount"]
    assert round(moves.sum(), 2) == -68.66  # the stated change
    assert steps.iloc[0]["amount"] == 736.61 and steps.iloc[-1]["amount"] == 667.95
    assert steps[steps["kind"] == "unexplained"]["amount"].round(2).tolist() == [0.39]
    fig = draw(charts.change_waterfall(steps))
    heights = [round(b.get_height(), 2) for b in bars(fig.axes[0])]
    assert heights == [736.61, 91.7, 22.65, 0.39, 667.95]
    assert {"+0.39", "-91.70", "+22.65", "736.61", "667.95"} <= set(texts(fig))


def test_project_breakdown_segments_add_up_to_each_project(sample):
    items = analysis.project_items(sample)
    totals = analysis.project_totals(items).set_index("project")
    assert totals["agrees"].all()
    assert totals.loc["新闻发布业务工作", "items"] == 3 and totals.loc["网信工作", "items"] == 3
    news = items[items["project"] == "新闻发布业务工作"]
    assert sorted(news["amount"]) == [45.0, 70.0, 95.0]  # 210 = 95 + 45 + 70
    cyber = items[items["project"] == "网信工作"]
    assert sorted(cyber["amount"]) == [10.0, 30.0, 50.0] and set(cyber["source"]) == {"文字"}
    assert round(items["share"].sum(), 6) == 1.0
    fig = draw(charts.project_breakdown(items))
    assert round(sum(b.get_width() for b in bars(fig.axes[0])), 2) == 310.30
    assert any("210.00（67.7%）" in t for t in texts(fig))


def test_composition_adds_up_to_the_table_total(sample):
    by_class = analysis.composition(sample, "功能分类", "类")
    assert by_class["name"].tolist() == ["一般公共服务支出", "住房保障支出", "社会保障和就业支出", "卫生健康支出"]
    assert round(by_class["amount"].sum(), 2) == 667.94  # the printed classes; the unit row says 667.95
    fig = draw(charts.function_composition(by_class, analysis.composition(sample, "功能分类", "款")))
    assert sorted(round(b.get_width(), 2) for b in bars(fig.axes[0])) == sorted(by_class["amount"].round(2))
    economic = analysis.composition(sample, "经济分类", "款")
    assert round(economic["amount"].sum(), 2) == 667.96  # 30101…30299 as printed
    draw(charts.composition_bars(economic, "按经济分类（款）"))


def test_basic_and_project_split(sample):
    split = analysis.basic_and_project(sample)
    assert split.set_index("part")["amount"].to_dict() == {"基本支出": 357.65, "项目支出": 310.30}
    draw(charts.basic_project_bar(split))


def test_three_public_years(sample):
    years = analysis.three_public_years(sample)
    vehicle = years[years["item"] == "公务用车运行维护费"].set_index("year")["amount"].to_dict()
    assert vehicle == {"2023年": 2.65, "2024年": 1.86}
    fig = draw(charts.three_public_bars(years))
    assert {"2.65", "1.86"} <= set(texts(fig))


def test_amounts_in_yuan_are_charted_in_wan():
    assert analysis.to_wan(Decimal("84861719"), "元") == Decimal("8486.1719")
    assert analysis.to_wan(Decimal("12.5"), "千元") == Decimal("1.25")
    assert analysis.to_wan(Decimal("3"), "万元") == Decimal("3")


def test_cjk_font_is_the_one_mplfonts_ships():
    assert charts.cjk_font_path().endswith("NotoSansCJKsc-Regular.otf")
    assert charts.style()["font.family"][0] == "Noto Sans CJK SC"
