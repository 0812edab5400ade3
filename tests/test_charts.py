"""Chart frames and figures: the numbers drawn are the document's, and Chinese renders."""
import json
import warnings
from decimal import Decimal

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from budgetlib.cache import load
from budgetlib.clean import to_wan
from budgetlib.report import analysis, charts, composition, views
from conftest import REAL

REGIONS = REAL.parent / "regions"

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
    # p.6 表三 支出总表, unit row: 支出总计 667.95 = 基本支出 357.65 + 项目支出 310.30 (+ three columns of 0.00)
    split = analysis.basic_and_project(sample)
    assert split.set_index("part")["amount"].to_dict() == {"基本支出": 357.65, "项目支出": 310.30, "事业单位经营支出": 0.0,
                                                           "对附属单位补助支出": 0.0, "上缴上级支出": 0.0}
    fig = draw(charts.basic_project_bar(split))
    assert sorted(round(b.get_width(), 2) for b in bars(fig.axes[0])) == [310.30, 357.65]
    assert {" 357.65（53.54%）", " 310.30（46.46%）"} <= set(texts(fig))


def test_waterfall_axis_shows_the_steps_and_the_total_change(sample):
    # p.4: "部门预算支出667.95万元,较2023年年初预算减少68.66万元,减少9.3%"
    steps = analysis.change_steps(sample.narrative)
    fig = draw(charts.change_waterfall(steps, -9.3))
    low, high = fig.axes[0].get_ylim()
    assert 600 < low < 645.26 and 736.61 < high < 760  # 645.26 = 736.61 − 91.70 − … the lowest step
    assert "总增减 −68.66 万元，−9.3%" in texts(fig)


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


def test_committed_notebooks_print_nothing_on_stderr():
    # a font fallback ("findfont: Failed to find font weight bold …") or any warning printed by a
    # cell shows in the rendered report as a red box above the chart: the shipped CJK font has one
    # weight, so no chart may ask for bold
    from budgetlib.report.render import NOTEBOOKS

    leaked = [(nb.name, "".join(o.get("text", ""))[:80]) for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
              for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]
              for o in cell.get("outputs", []) if o.get("name") == "stderr"]
    assert leaked == []


# -- every real document: each chart's numbers are the table's ----------------------------------

DOCS = sorted(REAL.glob("*.pdf")) + sorted(REGIONS.glob("*.pdf"))
HAND = json.loads((REGIONS / "hand_read.json").read_text(encoding="utf-8"))


def _wan(rows) -> float:
    return float(sum((to_wan(a, u) for a, u in zip(rows["amount"], rows["money_unit"])), Decimal(0)))


def _check_subjects(budget, classification, level):
    comp = composition.by_subject(budget, classification, level)
    if comp.empty:
        assert comp.reason, f"{classification}{level}: no chart and no reason"
        return comp
    t = budget.table(comp.table)
    coded = comp.frame[comp.frame["subject_code"] != ""]
    for r in coded.itertuples():
        cells = t[(t["measure"] == comp.measure) & (t["subject_code"] == r.subject_code) & (t["level"] == level)]
        assert abs(r.amount - _wan(cells)) < 1e-6, (comp.table, r.subject_code)
    assert abs(comp.frame["share"].sum() - 1) < 1e-9
    if len(coded) < len(comp.frame):  # the coded rows fall short: the gap is its own row, shares of the printed total
        assert len(comp.frame) - len(coded) == 1 and comp.frame.iloc[-1]["subject_code"] == ""
        assert abs(comp.frame.iloc[-1]["amount"] - (comp.total - coded["amount"].sum())) < 1e-6
        assert all(abs(r.share - r.amount / comp.total) < 1e-12 for r in comp.frame.itertuples())
        assert not comp.adds_up
    return comp


def test_a_partly_coded_level_shows_shares_of_the_printed_total():
    # 杭州 表3 p26 prints 合计 665,964.37 and codes (from the catalogue) one 款 only: 行政事业单位医疗 2,531.04,
    # which is 0.38% of the total, never 100% of the one coded row
    comp = composition.by_subject(load(REGIONS / "2026年杭州市交通运输局部门预算.pdf"), "功能分类", "款")
    assert comp.total == 665964.37
    first, gap = comp.frame.iloc[0], comp.frame.iloc[-1]
    assert (first["name"], first["amount"]) == ("行政事业单位医疗", 2531.04)
    assert round(first["share"], 4) == 0.0038 and gap["name"] == "未归入款级科目的部分"
    assert round(gap["amount"], 2) == 663433.33
    text = views.composition_text(comp, "功能分类").text
    assert "占表中合计的 0.4%" in text and "未归入款级科目的部分" in text


@pytest.mark.slow
@pytest.mark.parametrize("pdf", DOCS, ids=[p.stem for p in DOCS])
def test_every_chart_draws_the_tables_numbers(pdf):
    budget = load(pdf)
    for classification in ("功能分类", "经济分类"):
        by_class, by_kuan = (_check_subjects(budget, classification, lvl) for lvl in ("类", "款"))
        if not (by_class.empty and by_kuan.empty):
            fig = draw(charts.subject_composition(by_class.frame, by_kuan.frame, classification, by_class.title))
            drawn = sorted(round(b.get_width(), 6) for ax in fig.axes for b in bars(ax))
            printed = list(by_class.frame["amount"]) + list(by_kuan.frame["amount"])
            assert drawn == sorted(round(a, 6) for a in printed if a != 0)  # a 0 is named, not drawn
            plt.close(fig)

    split = composition.spending_split(budget)
    if split.empty:
        assert split.reason
    else:
        t = budget.table(split.table)
        row = composition.total_row(t)
        for r in split.frame.itertuples():
            assert r.amount == _wan(row[row["measure"] == r.part])
        assert abs(split.frame["amount"].sum() - split.total) <= float(split.tolerance_wan) + 1e-9
        hand = {x["key"]: float(x["value"]) for x in HAND.get(pdf.name, {}).get("text", [])}
        parts = split.frame.set_index("part")["amount"].to_dict()
        for key, part in (("expense_split.basic", "基本支出"), ("expense_split.project", "项目支出")):
            if key in hand and part in parts:  # hand-read off the text part of the document
                assert abs(parts[part] - hand[key]) < 0.006, (key, parts[part], hand[key])
        fig = draw(charts.spending_split_bars(split.frame, split.title))
        assert sorted(round(b.get_width(), 6) for b in bars(fig.axes[0])) == sorted(
            round(a, 6) for a in split.frame["amount"] if a != 0)
        plt.close(fig)

    steps = analysis.change_steps(budget.narrative, budget.document.money_unit or "万元") if budget.narrative else None
    if steps is not None and not steps.empty:
        moves = steps[steps["kind"] != "total"]["amount"].sum()
        assert abs(steps.iloc[0]["end"] + moves - steps.iloc[-1]["end"]) < 1e-6
        plt.close(draw(charts.change_waterfall(steps)))


def test_jiangsu_court_split_is_over_all_three_categories():
    # 江苏省高级人民法院2019年度部门预算公开.pdf p9: "基本支出21,968.00万元，占59.07%；项目支出10,208.94万元，
    # 占27.45%；单位预留机动经费5,011.40万元，占13.48%"
    split = composition.spending_split(load(REAL / "江苏省高级人民法院2019年度部门预算公开.pdf"))
    shares = {p: round(s * 100, 2) for p, s in zip(split.frame["part"], split.frame["share"])}
    assert shares == {"基本支出": 59.07, "项目支出": 27.45, "单位预留机动经费": 13.48}
    assert split.frame.set_index("part")["amount"].to_dict()["单位预留机动经费"] == 5011.40


def test_shanghai_composition_comes_from_its_tables():
    # 上海市财政局25年预算.pdf: the 支出总表's total row is printed 合计 (no unit row); 171,915,169 元
    b = load(REAL / "上海市财政局25年预算.pdf")
    split = composition.spending_split(b)
    assert split.table == "expense_summary" and round(split.total, 4) == 17191.5169
    eco = composition.by_subject(b, "经济分类", "款")
    assert eco.table == "gpb_basic_by_economic" and not eco.empty


def test_a_tiny_share_is_not_printed_as_nothing():
    """The sample's 其他社会保障和就业支出 is 0.17 of 667.94 万元 (表三 p11): 0.03%, which one
    decimal would print as 0.0%. Bars and texts say <0.1%; zero stays 0.0%, a whole stays 100.0%."""
    from budgetlib.report.views import share_text
    assert [share_text(x) for x in (0.17 / 667.94, 0.0, 0.797, 1.0)] == ["<0.1%", "0.0%", "79.7%", "100.0%"]
    assert share_text(0.00004, 2) == "<0.01%"
    frame = pd.DataFrame({"name": ["宣传事务", "其他社会保障和就业支出"], "amount": [667.77, 0.17],
                          "share": [667.77 / 667.94, 0.17 / 667.94], "subject_code": ["20133", "20899"]})
    fig = charts.composition_bars(frame, "按功能分类（款）")
    assert sorted(t.get_text().strip() for t in fig.axes[0].texts) == ["0.17（<0.1%）", "667.77（100.0%）"]
    plt.close(fig)
