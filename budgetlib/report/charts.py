"""Charts: functions that take the frames of ``budgetlib.analysis`` and return matplotlib Figures.

Chinese labels use Noto Sans CJK SC, which the PyPI package mplfonts ships (no root needed);
every figure is drawn inside ``plt.rc_context(STYLE)``, so nothing global is changed.
"""
from __future__ import annotations

import os
from functools import lru_cache

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from .views import share_text, wan_text

CJK_FONT = "Noto Sans CJK SC"
COLORS = {"total": "#3b5b92", "down": "#2a9d8f", "up": "#e76f51", "unexplained": "#b0b0b0",
          "basic": "#3b5b92", "project": "#e9a23b"}


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Register Noto Sans CJK SC (from mplfonts) with matplotlib once; return its file."""
    import mplfonts

    path = os.path.join(os.path.dirname(mplfonts.__file__), "fonts", "NotoSansCJKsc-Regular.otf")
    font_manager.fontManager.addfont(path)
    return path


def style() -> dict:
    cjk_font_path()
    return {"font.family": [CJK_FONT, "DejaVu Sans"], "axes.unicode_minus": False, "figure.dpi": 100,
            "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 13, "font.size": 10}


def use_cjk_font() -> None:
    """For your own plots: make Noto Sans CJK SC the default font of this session."""
    plt.rcParams.update(style())


def composition_bars(frame: pd.DataFrame, title: str, ax=None) -> Figure:
    """Horizontal bars of a composition frame (name, amount, share), largest on top."""
    with plt.rc_context(style()):
        fig = ax.figure if ax is not None else plt.figure(figsize=(8, 0.5 * max(len(frame), 2) + 1.2))
        ax = ax or fig.add_subplot()
        zeros = int((frame["amount"] == 0).sum())
        frame = frame[frame["amount"] != 0].iloc[::-1]
        title += f"（另有 {zeros} 项印为 0，未画出）" if zeros else ""
        colors = [COLORS["unexplained"] if code == "" else COLORS["total"] for code in frame.get("subject_code", [])]
        bars = ax.barh(frame["name"], frame["amount"], color=colors or COLORS["total"])
        for bar, amount, share in zip(bars, frame["amount"], frame["share"]):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {wan_text(amount)}（{share_text(share)}）",
                    va="center", fontsize=9)
        ax.set_xlabel("金额（万元）")
        ax.set_title(title)
        ax.set_xlim(0, (frame["amount"].max() if len(frame) else 1) * 1.35)
        if fig.get_layout_engine() is None:
            fig.tight_layout()
    return fig


def subject_composition(by_class: pd.DataFrame, by_kuan: pd.DataFrame, classification: str = "功能分类",
                        source: str = "") -> Figure:
    """One classification at 类 and 款 side by side (款 alone where the table prints no 类)."""
    with plt.rc_context(style()):
        frames = [(f, lvl) for f, lvl in ((by_class, "类"), (by_kuan, "款")) if not f.empty]
        sizes = [max(len(f), 2) for f, _ in frames]
        fig, axes = plt.subplots(len(frames), 1, figsize=(10, 0.36 * sum(sizes) + 1.4 * len(frames) + 0.6),
                                 squeeze=False, gridspec_kw={"height_ratios": sizes}, layout="constrained")
        for ax, (frame, level) in zip(axes[:, 0], frames):
            composition_bars(frame, f"按{classification}（{level}）", ax=ax)
        fig.suptitle(f"支出构成：{classification}" + (f"\n（{source}）" if source else ""), fontsize=13)
        # room between the figure's title and the first chart's own title
        fig.get_layout_engine().set(h_pad=0.12)
    return fig


def function_composition(by_class: pd.DataFrame, by_kuan: pd.DataFrame) -> Figure:
    """功能分类: 类 and 款 side by side."""
    return subject_composition(by_class, by_kuan, "功能分类")


def spending_split_bars(frame: pd.DataFrame, source: str = "") -> Figure:
    """The total over its spending categories (基本支出, 项目支出, 单位预留机动经费 …), largest on
    top, each bar labelled with its amount and share; categories printed as 0 are named below."""
    with plt.rc_context(style()):
        drawn = frame[frame["amount"] != 0].iloc[::-1]
        fig, ax = plt.subplots(figsize=(9, 0.55 * max(len(drawn), 2) + 1.6))
        bars = ax.barh(drawn["part"], drawn["amount"],
                       color=[COLORS["project"] if "项目" in p else COLORS["basic"] for p in drawn["part"]])
        for bar, amount, share in zip(bars, drawn["amount"], drawn["share"]):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {wan_text(amount)}（{share_text(share, 2)}）",
                    va="center", fontsize=10)
        ax.set_xlim(0, (drawn["amount"].max() if len(drawn) else 1) * 1.4)
        ax.set_xlabel("金额（万元）")
        ax.set_title("支出按类别" + (f"（{source}）" if source else ""))
        zeros = frame[frame["amount"] == 0]["part"].tolist()
        if zeros:
            fig.text(0.01, 0.01, "印为 0 的类别：" + "、".join(zeros), fontsize=8, va="bottom")
        fig.tight_layout(rect=(0, 0.06 if zeros else 0, 1, 1))
    return fig


def basic_project_bar(frame: pd.DataFrame) -> Figure:
    """Kept for old notebooks: the spending split as bars."""
    return spending_split_bars(frame)


def change_waterfall(steps: pd.DataFrame, change_pct: float | None = None) -> Figure:
    """Last year's total → each stated reason → what the text leaves unexplained → this year's total.

    The axis starts near the lowest level the steps reach (not at 0), so the steps show; the
    total change is written on the chart."""
    with plt.rc_context(style()):
        fig, ax = plt.subplots(figsize=(9, 4.8))
        for i, step in enumerate(steps.itertuples(index=False)):
            low, high = sorted((step.start, step.end))
            color = (COLORS["total"] if step.kind == "total" else COLORS["unexplained"] if step.kind == "unexplained"
                     else COLORS["up"] if step.amount > 0 else COLORS["down"])
            ax.bar(i, high - low, bottom=low, color=color, hatch="//" if step.kind == "unexplained" else None,
                   edgecolor="#555555" if step.kind == "unexplained" else color)
            label = wan_text(step.amount) if step.kind == "total" else f"{step.amount:+,.2f}"
            ax.text(i, high, label, ha="center", va="bottom", fontsize=10)
        ax.set_xticks(range(len(steps)), steps["label"])
        ax.set_ylim(*_waterfall_limits(steps))
        ax.set_ylabel("金额（万元）；纵轴不从 0 开始")
        change = steps.iloc[-1]["end"] - steps.iloc[0]["end"]
        pct = f"，{change_pct:+.1f}%" if change_pct is not None else ""
        ax.text(0.98, 0.97, f"总增减 {change:+,.2f} 万元{pct}".replace("-", "−"), transform=ax.transAxes,
                ha="right", va="top", fontsize=12)
        ax.set_title("与上年相比的增减（文字所述原因）")
        fig.tight_layout()
    return fig


def _waterfall_limits(steps: pd.DataFrame) -> tuple[float, float]:
    """From a little below the lowest level any step reaches to a little above the highest."""
    levels = steps[steps["kind"] != "total"][["start", "end"]].to_numpy().ravel().tolist()
    levels += steps[steps["kind"] == "total"]["end"].tolist()
    low, high = min(levels), max(levels)
    pad = max((high - low) * 0.25, abs(high) * 0.01, 0.01)
    return max(0.0, low - pad), high + pad * 0.8


def project_breakdown(items: pd.DataFrame) -> Figure:
    """One bar per 一级项目, split into its numbered sub-items (listed under the chart), with
    each project's amount and share of all projects."""
    with plt.rc_context(style()):
        projects = list(dict.fromkeys(items["project"]))[::-1]
        height = 0.8 * len(projects) + 1.6 + 0.16 * len(items)
        fig, ax = plt.subplots(figsize=(11, height))
        palette = plt.get_cmap("tab20").colors
        total = items["amount"].sum()
        widest = items.groupby("project")["amount"].sum().max()
        notes = []
        for y, project in enumerate(projects):
            left = 0.0
            for k, item in enumerate(items[items["project"] == project].itertuples(index=False)):
                notes.append(f"{len(notes) + 1}. {project} · {item.item[:40]}：{wan_text(item.amount)} 万元（{item.source}）")
                ax.barh(y, item.amount, left=left, color=palette[k % len(palette)], edgecolor="white")
                if item.amount >= 0.06 * widest:
                    ax.text(left + item.amount / 2, y, f"({len(notes)})\n{wan_text(item.amount)}", ha="center",
                            va="center", fontsize=8)
                left += item.amount
            ax.text(left, y, f"  {wan_text(left)}（{share_text(left / total)}）", va="center", fontsize=10)
        ax.set_yticks(range(len(projects)), projects)
        ax.set_xlim(0, widest * 1.3)
        ax.set_xlabel("金额（万元）")
        ax.set_title("项目支出构成（一级项目及其子项）")
        fig.tight_layout(rect=(0, 0.16 * len(items) / height + 0.03, 1, 1))
        fig.text(0.02, 0.01, "\n".join(notes), fontsize=8, va="bottom")
    return fig


def three_public_bars(frame: pd.DataFrame) -> Figure:
    """“三公”经费 by item, last year next to this year."""
    with plt.rc_context(style()):
        years = list(dict.fromkeys(frame["year"]))
        items = [i for i in dict.fromkeys(frame["item"]) if i != "小计"]
        fig, ax = plt.subplots(figsize=(10, 4))
        width = 0.8 / max(len(years), 1)
        for k, year in enumerate(years):
            values = [frame[(frame["year"] == year) & (frame["item"] == i)]["amount"].sum() for i in items]
            xs = [x + (k - (len(years) - 1) / 2) * width for x in range(len(items))]
            bars = ax.bar(xs, values, width=width, label=year)
            for bar, v in zip(bars, values):
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), wan_text(v), ha="center", va="bottom", fontsize=9)
        ax.set_xticks(range(len(items)), [i.replace("财政拨款", "\n财政拨款") for i in items], fontsize=9)
        ax.set_ylabel("金额（万元）")
        ax.set_title("“三公”经费：上年与本年")
        ax.legend(frameon=False)
        fig.tight_layout()
    return fig


def class_shares(frame: pd.DataFrame) -> Figure:
    """Each document's 功能分类 类 spending as shares of its total (100% bars), so departments of
    any size compare; the total in 万元 at the end of each bar."""
    with plt.rc_context(style()):
        wide = frame.pivot_table(index="label", columns="name", values="amount_wan", aggfunc="sum", fill_value=0)
        wide = wide[wide.sum().sort_values(ascending=False).index]
        shares = wide.div(wide.sum(axis=1), axis=0)
        fig, ax = plt.subplots(figsize=(12, 0.7 * len(shares) + 2.2))
        palette = plt.get_cmap("tab20").colors
        left = pd.Series(0.0, index=shares.index)
        for k, name in enumerate(shares.columns):
            ax.barh(shares.index, shares[name], left=left, color=palette[k % len(palette)], label=name)
            for y, (l, v) in enumerate(zip(left, shares[name])):
                if v >= 0.07:
                    ax.text(l + v / 2, y, f"{v:.0%}", ha="center", va="center", fontsize=8)
            left += shares[name]
        for y, total in enumerate(wide.sum(axis=1)):
            ax.text(1.01, y, f"{total:,.2f} 万元", va="center", fontsize=9)
        ax.set_xlim(0, 1.25)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("占本单位支出的比例（按功能分类 类）")
        ax.set_title("各单位支出构成")
        ax.legend(ncol=4, fontsize=8, loc="upper center", bbox_to_anchor=(0.45, -0.18), frameon=False)
        fig.tight_layout()
    return fig
