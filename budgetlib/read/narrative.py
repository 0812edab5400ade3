"""Figures stated in the text part of a budget document (部门概况 … 名词解释).

Each figure keeps the sentence it came from and its page, so a reader can check it and the audit
can compare it with the tables. The text is read after NFKC folding (full-width digits and
punctuation become ASCII) with line breaks removed, since the PDF wraps sentences anywhere.
Amounts are in 万元 (an amount printed in 元 is converted and says so in ``unit``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..clean import decimal_of
from ..model import Figure, Narrative, PageText
from ..settings import DEFAULT, Settings
from .class_lists import class_lists
from .figures_statements import final_three_public, statements
from .follow_ups import changes_after_parts, follow_up_changes
from .reasons import explained_figures, reason_amounts
from .figures_three_public import change_reasons as item_change_reasons
from .figures_three_public import final_parts
from .text_norm import after_first_sentence, page_lines, running_text, split_footnote

NUM = r"(-?\d+(?:,\d{3})*(?:\.\d+)?)"
UP = ("增加", "增长", "增幅", "上升", "提高")
DOWN = ("减少", "下降", "减幅", "降低", "核减")


def page_text(pages: list[tuple[int, str]]) -> PageText:
    """The text pages (1-based number, text) as one normalised string (``text_norm``)."""
    parts, starts, numbers, printed = [], [], [], []
    offset, note = 0, ""
    for number, raw in pages:
        lines = page_lines(raw)
        printed += [(number, ln) for ln in lines]
        body, footnote = split_footnote(lines)
        chunk = running_text(body)
        if note and chunk:  # the footnote of the page before, after the sentence it interrupted
            chunk, note = after_first_sentence(chunk, note), ""
        note += running_text(footnote)
        if number == pages[-1][0] and note:
            chunk, note = chunk + note, ""
        starts.append(offset)
        numbers.append(number)
        parts.append(chunk)
        offset += len(chunk)
    return PageText("".join(parts), starts, numbers, printed)




def _signed(word: str, amount: Decimal) -> Decimal:
    return -amount if any(w in word for w in DOWN) else amount


def _fig(text: PageText, m: re.Match, key: str, value, unit: str, group: int | str = 0, label: str = "") -> Figure:
    start, end = m.span(group)
    return Figure(key, value, unit, text.page(start), text.sentence(start, end), label=label)


# -- the parsers, one per kind of statement ---------------------------------------------------

def totals(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """部门预算收入667.95万元，较2023年年初预算减少68.66万元，减少9.3%."""
    out = []
    pat = (r"部门(?:预算|决算)?(?P<side>收入|支出)(?:预算)?(?:合计|总计)?(?:为)?" + NUM.replace("(", "(?P<amt>", 1)
           + r"万元,?(?:较|比)(?P<y0>\d{4})年(?:年初)?(?:预算|决算)?(?:数)?(?P<dir>增加|减少|增长|下降)"
           + NUM.replace("(", "(?P<chg>", 1) + r"万元,?(?:(?P<dir2>增加|减少|增长|下降)|增幅|减幅)?"
           + NUM.replace("(", "(?P<pct>", 1) + r"%")
    for m in re.finditer(pat, t.s):
        side = "income" if m["side"] == "收入" else "expense"
        if any(f.key == f"totals.{side}" for f in out):
            continue
        out.append(_fig(t, m, f"totals.{side}", decimal_of(m["amt"]), "万元", "amt"))
        out.append(_fig(t, m, f"totals.{side}_change", _signed(m["dir"], decimal_of(m["chg"])), "万元", "chg",
                        label=f"较{m['y0']}年"))
        out.append(_fig(t, m, f"totals.{side}_change_pct", _signed(m["dir"], decimal_of(m["pct"])), "%", "pct"))
    return out


def change_reasons(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """The numbered reasons after 主要原因: each clause's last 增加/减少 X万元."""
    m = re.search(r"(?:增|减|增\(减\)|增减)[^。]{0,6}主要原因(?:说明)?:", t.s)
    if not m:
        return []
    end = re.search(r"第[一二三四五六七八九十]+部分", t.s[m.end():])
    body_start = m.end()
    body = t.s[body_start: body_start + (end.start() if end else settings.reasons_window)]
    out = []
    for i, r in enumerate(reason_amounts(body)):
        key = ("project_funds" if "项目" in r.label else "personnel_funds" if "人员" in r.label
               else "public_funds" if "公用" in r.label else f"other_{i + 1}")
        if any(f.key == f"change_reasons.{key}" for f in out):
            key = f"{key}_{i + 1}"
        out.append(Figure(f"change_reasons.{key}", r.value, "万元", t.page(body_start + r.amount_start),
                          t.sentence(body_start + r.start, body_start + r.amount_start), label=r.label))
    return out


def expense_split(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """预算667.95万元，包括人员支出344.60万元、公用支出13.05万元、对个人和家庭的补助支出0.00万元、项目支出310.30万元."""
    names = {"人员支出": "personnel", "人员经费": "personnel", "公用支出": "public", "公用经费": "public",
             "对个人和家庭的补助支出": "household_subsidy", "对个人和家庭的补助": "household_subsidy",
             "项目支出": "project"}
    m = re.search(r"包括(?:人员支出|人员经费)[^。]*", t.s)
    if not m:
        return []
    out = []
    for pm in re.finditer(r"(?P<name>" + "|".join(sorted(names, key=len, reverse=True)) + r")" + NUM.replace("(", "(?P<amt>", 1)
                          + r"万元", m.group(0)):
        out.append(Figure(f"expense_split.{names[pm['name']]}", decimal_of(pm["amt"]), "万元", t.page(m.start() + pm.start("amt")),
                          t.sentence(m.start(), m.end()), label=pm["name"]))
    return out


def projects(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """The numbered projects under 项目支出…具体包括: name, amount, change, percent, components."""
    head = re.search(r"项目支出" + NUM + r"万元,?(?:具体|主要)包括:", t.s)
    if not head:
        return []
    stop = re.search(r"第[一二三四五六七八九十]+部分", t.s[head.end():])
    body_start = head.end()
    body = t.s[body_start: body_start + (stop.start() if stop else len(t.s))]
    out = []
    items = list(re.finditer(r"(?:^|(?<=[。;]))(?P<n>\d+)\.(?P<name>[^\d,。;]{2,40}?)" + NUM.replace("(", "(?P<amt>", 1)
                             + r"万元", body))
    for i, m in enumerate(items):
        start = body_start + m.start()
        end = body_start + (items[i + 1].start() if i + 1 < len(items) else len(body))
        para = t.s[start:end]
        heading = re.search(r"(?<=[。;])(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))", para)
        para = para[:heading.start()] if heading else para  # a project's paragraph ends at the next heading
        name = m["name"].strip()
        key = f"projects.{name}"
        page = t.page(start)
        out.append(Figure(f"{key}.amount", decimal_of(m["amt"]), "万元", page, para, label=name))
        change = re.search(r"较(?P<y0>\d{4})年(?:年初)?(?:预算)?(?:数)?(?P<dir>增加|减少)" + NUM.replace("(", "(?P<amt>", 1)
                           + r"(?P<unit>万元|元)", para)
        if change:
            amount = decimal_of(change["amt"]) / (10000 if change["unit"] == "元" else 1)
            out.append(Figure(f"{key}.change", _signed(change["dir"], amount), "万元", page, para, label=name,
                              text=change.group(0)))
            pct = re.search(r"(?P<dir>增长|增幅|减幅|下降|减少|增加)" + NUM.replace("(", "(?P<pct>", 1) + "%", para[change.end():])
            if pct:
                out.append(Figure(f"{key}.change_pct", _signed(pct["dir"], decimal_of(pct["pct"])), "%", page, para,
                                  label=name, text=pct.group(0)))
        for j, tm in enumerate(re.finditer(r"(?P<what>[^;,。]*?)(?:至少|不少于|不低于)(?P<n>\d+)(?P<u>场|次|期|个|篇|条|人次)", para)):
            out.append(Figure(f"{key}.targets.{j + 1}", Decimal(tm["n"]), tm["u"], page, para, label=name,
                              text=tm.group(0)))
        purpose = re.search(r"主要用于(?P<p>[^。;,]+)", para)
        if purpose:
            out.append(Figure(f"{key}.purpose", None, "text", page, para, label=name, text=purpose["p"]))
        listing = re.search(r"主要包括(?P<body>.+?)(?:较\d{4}年|$)", para)
        if listing:
            for j, cm in enumerate(re.finditer(r"(?:^|[;。])(?P<name>[^;。,]+?)" + NUM.replace("(", "(?P<amt>", 1)
                                               + r"万元", listing["body"])):
                out.append(Figure(f"{key}.components.{j + 1}", decimal_of(cm["amt"]), "万元", page, para,
                                  label=cm["name"].strip(), text=cm.group(0).lstrip(";。")))
        reason = re.search(r"主要原因是(?P<r>.+)", para)
        if reason:
            for j, clause in enumerate(c for c in re.split(r";", reason["r"]) if c.strip()):
                cm = list(re.finditer(r"(?P<dir>增加|减少|核减)" + NUM.replace("(", "(?P<amt>", 1) + r"万元", clause))
                if cm:
                    last = cm[-1]
                    out.append(Figure(f"{key}.change_components.{j + 1}", _signed(last["dir"], decimal_of(last["amt"])),
                                      "万元", page, para, label=name, text=clause))
    return out


def key_projects_table(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """The 重点项目 table of the text part (项目名称 | 预算数（万元） | 绩效目标), line by line: a line
    that starts with a name and an amount starts a row."""
    out, inside = [], False
    for page, line in t.lines:
        if re.search(r"项目名称\(一级项目\)\s*预算数\(万元\)", line):
            inside = True
            continue
        if inside and (line.startswith("备注") or re.match(r"第[一二三四五六七八九十]+部分", line)):
            break
        m = re.match(r"^(?P<name>[^\d\s:;,。]{2,30})\s+(?P<amt>\d+(?:\.\d+)?)(?:\s|$)", line) if inside else None
        if m:
            out.append(Figure(f"key_projects.{m['name']}", decimal_of(m["amt"]), "万元", page, line, label=m["name"]))
    return out


def three_public(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """财政拨款“三公”经费预算1.86万元，较2023年年初预算减少0.80万元; each item's 预算数 and change."""
    out = []
    m = re.search(r"“?三公”?经费(?:预算|决算)?(?:数)?(?:为)?" + NUM.replace("(", "(?P<amt>", 1) + r"万元,?较(?P<y0>\d{4})年"
                  r"(?:年初)?(?:预算|决算)?(?:数)?(?P<dir>增加|减少)" + NUM.replace("(", "(?P<chg>", 1) + r"万元", t.s)
    if m:
        out.append(_fig(t, m, "three_public.total", decimal_of(m["amt"]), "万元", "amt"))
        out.append(_fig(t, m, "three_public.total_change", _signed(m["dir"], decimal_of(m["chg"])), "万元", "chg"))
    items = {"因公出国\\(境\\)费用?": "overseas_travel", "公务接待费": "reception", "公务用车购置费": "vehicle_purchase",
             "公务用车运行维护费": "vehicle_operation"}
    for pattern, key in items.items():
        im = re.search(pattern + r"[.。]?\d{4}年(?:预算|决算)数" + NUM.replace("(", "(?P<amt>", 1) + r"万元,?较\d{4}年"
                       r"(?:年初)?(?:预算|决算)?(?:数)?(?P<dir>增加|减少)" + NUM.replace("(", "(?P<chg>", 1) + r"万元", t.s)
        if im:
            out.append(_fig(t, im, f"three_public.{key}", decimal_of(im["amt"]), "万元", "amt"))
            out.append(_fig(t, im, f"three_public.{key}_change", _signed(im["dir"], decimal_of(im["chg"])), "万元", "chg"))
    return out


# the vehicles of the 共有车辆N辆 sentence (not 更新执法执勤用车1辆 of a “三公” sentence)
HELD = r"(?:共有|现有|实有)(?:公务)?(?:车辆|用车)\d+辆[^。]*?"


def _procurement_part(word: str) -> str:
    """货物类12.00万元 / 政府采购货物预算12.00万元 / 采购货物12.00万元 / 政府采购货物支出12.00万元 (决算) /
    货物采购12.00万元."""
    return rf"(?:{word}类(?:采购)?|采购{word}|{word}采购)(?:项目)?(?:支出|预算)?(?:金额)?(?:为)?" + NUM + r"万元"


_COUNTS = {
    "staff.administrative_establishment": (r"行政编制总数(\d+)人", "人"),
    "staff.administrative_actual": (r"行政编制总数\d+人,实有在编人数(\d+)人", "人"),
    "staff.institutional_establishment": (r"事业编制总数(\d+)人", "人"),
    "staff.institutional_actual": (r"事业编制总数\d+人,实有在编人数(\d+)人", "人"),
    "staff.retired_lixiu": (r"离休(\d+)人", "人"),
    "staff.retired_tuixiu": (r"退休(\d+)人", "人"),
    "staff.basic_units": (r"共(\d+)家基层单位", "家"),
    "staff.internal_departments": (r"共(\d+)个部门", "个"),
    "performance_management.units_in_scope": (r"绩效管理的单位范围包括:.*?共(\d+)家基层单位", "家"),
    "performance_management.project_performance_targets": (r"设置并编报(\d+)个项目绩效目标", "个"),
    "assets.vehicles": (r"(?:共有|现有|实有)(?:公务)?(?:车辆|用车)(\d+)辆", "辆"),
    "assets.vehicles_confidential_comm": (HELD + r"机要通信用(?:车)?(\d+)辆", "辆"),
    "assets.vehicles_emergency": (HELD + r"应急保障用车(\d+)辆", "辆"),
    "assets.vehicles_law_enforcement": (HELD + r"执法执勤用车(\d+)辆", "辆"),
    "assets.vehicles_special_technical": (HELD + r"特种专业技术用车(\d+)辆", "辆"),
    "assets.vehicles_other": (HELD + r"其他用车(\d+)辆", "辆"),
    "assets.equipment_unit_price_over_1m": (r"共有车辆.*?单价100万元以上设备(\d+)台", "台"),
    "assets.planned_vehicle_purchases": (r"计划购置车辆(\d+)辆", "辆"),
    "assets.planned_vehicle_purchase_amount": (r"计划购置车辆\d+辆," + NUM + r"万元", "万元"),
    "assets.planned_equipment_over_1m": (r"计划购置车辆.*?单价100万元以上设备(\d+)台", "台"),
    "assets.planned_equipment_over_1m_amount": (r"计划购置车辆.*?单价100万元以上设备\d+台\(套\),?\s*" + NUM + r"万元", "万元"),
    # the funds of all projects under 绩效管理, not of the few picked for a 重点绩效评价
    "performance_management.project_funds_in_scope": (r"(?:^|[。;])(?:(?!评价)[^。;])*?涉及预算资金" + NUM + r"万元", "万元"),
    "procurement.goods": (_procurement_part("货物"), "万元"),
    "procurement.works": (_procurement_part("工程"), "万元"),
    "procurement.services": (_procurement_part("服务"), "万元"),
}



def counts(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """Staff, units, vehicles, procurement and the like: one regex each, the first match."""
    out = []
    for key, (pattern, unit) in _COUNTS.items():
        m = re.search(pattern, t.s)
        if m:
            out.append(_fig(t, m, key, decimal_of(m.group(1)), unit, 1))
    return out


def grand_totals(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """收入支出总计 / 财政拨款收入支出总计 / 本年收入合计 / 本年支出合计 stated in the text."""
    out = []
    # 财政拨款收、支总预算 / 收支总计 / 收入总计、支出总计均为 / 收入预算总计: the 财政拨款收支总表's 总计;
    # 财政拨款收入合计, (预算)支出(合计): its 本年 rows — a narrower 一般公共预算财政拨款… is another subject
    patterns = {"totals.gov_funds_grand_total": r"财政拨款(?:收入支出|收、支|收支|收入、支出|收入总计、支出总计均为|收入)"
                                                r"(?:决算|预算)?(?:总计|总预算|总额)?(?:为|均为)?(?<=[计算额为])",
                # (“三公”经费财政拨款支出预算为20.00万元 is the “三公”'s, not all 财政拨款 spending)
                "totals.gov_funds_year_income": r"(?<!预算)(?<!基金)(?<!公共)(?<!经费)财政拨款收入(?:预算|决算)?(?:合计)?(?:为)?",
                "totals.gov_funds_year_expense": r"(?<!预算)(?<!基金)(?<!公共)(?<!经费)财政拨款(?:预算)?支出(?:预算|决算)?(?:合计)?(?:为)?",
                "totals.grand_total": r"(?<!财政拨款)收入支出(?:决算|预算)?总计(?:为)?",
                # (其中本年收入1668.14万元: the 广东 2019 决算 words it without 合计)
                "totals.year_income": r"本年收入(?:预算)?(?:合计)?(?:为)?",
                "totals.year_expense": r"本年支出(?:预算)?(?:合计)?(?:为)?"}
    for key, pattern in patterns.items():
        m = re.search(pattern + NUM.replace("(", "(?P<amt>", 1) + r"万元", t.s)
        if m:
            out.append(_fig(t, m, key, decimal_of(m["amt"]), "万元", "amt"))
    return out


def changes(t: PageText, settings: Settings = DEFAULT) -> list[Figure]:
    """“S X万元，比2023年增加Y万元，增长Z%” and “S X万元。与2023年度相比，S减少Y万元，下降Z%”:
    the subject S must be the same on both sides, so the base of the percent is certain."""
    out = []
    subject = r"(?P<subj>[\u4e00-\u9fff“”()]{2,30}?)(?:为)?"
    value = NUM.replace("(", "(?P<val>", 1) + r"万元"
    change = (r"(?P<dir>增加|减少)" + NUM.replace("(", "(?P<chg>", 1) + r"万元,?(?P<dir2>增长|下降|增加|减少)"
              + NUM.replace("(", "(?P<pct>", 1) + "%")
    # the base may be named: 比2025年执行数 / 较上年预算数 / 比2025年年初预算
    base = r"(?:上年|\d{4}年度?)(?:年初)?(?:预算|执行|决算)?数?(?:相比)?,?"
    one_clause = subject + value + r",?(?:比|较|与)" + base + change
    # (收入总计3,630.56万元，支出总计3,630.56万元。与2022年度相比，收入总计、支出总计各增加217.69万元)
    two_sentences = (subject + value + r"。(?:与|比|较)(?:上年|\d{4}年度?)相比,?(?P<subj2>[\u4e00-\u9fff“”()、]{2,30}?)(?:各|均)?"
                     + change)
    for pattern in (one_clause, two_sentences):
        for m in re.finditer(pattern, t.s):
            subj = m["subj"]
            if "subj2" in m.groupdict() and m["subj2"] and not (subj.endswith(m["subj2"][-4:]) or subj[-4:] in m["subj2"]):
                continue  # a different subject: the base of the percent is not this amount
            key = f"changes.{len(out) // 3 + 1}"
            label = re.sub(r"^年度?", "", subj[-20:])  # 2026年项目支出: the subject is 项目支出
            out.append(_fig(t, m, f"{key}.value", decimal_of(m["val"]), "万元", "val", label=label))
            out.append(_fig(t, m, f"{key}.change", _signed(m["dir"], decimal_of(m["chg"])), "万元", "chg", label=label))
            out.append(_fig(t, m, f"{key}.change_pct", _signed(m["dir"], decimal_of(m["pct"])), "%", "pct", label=label))
    return out


PARSERS = [totals, grand_totals, changes, change_reasons, expense_split, projects, key_projects_table, three_public,
           counts]
# the phrasing-free readers run last and only add what the sentence-shaped ones above did not find
GENERAL = [statements, final_three_public, final_parts, item_change_reasons]


def numbered_changes(figures: list[Figure], groups: list[list[Figure]]) -> list[Figure]:
    """The follow-up changes as ``changes.N`` after the ones already read, less those already read
    (a change of the same amount on the same page)."""
    known = {(f.page, f.value) for f in figures if f.key.endswith("change")}
    n = len([f for f in figures if f.key.startswith("changes.") and f.key.endswith(".value")])
    out = []
    for group in groups:
        if (group[1].page, group[1].value) in known:
            continue
        n += 1
        out += [replace(f, key=f"changes.{n}{f.key}") for f in group]
    return out


def read_narrative(pages: list[tuple[int, str]], settings: Settings = DEFAULT, kind: str = "") -> Narrative:
    """Figures from the text pages (1-based page number, page text); ``kind`` is 预算 or 决算."""
    text = page_text(pages)
    figures = []
    for parse in PARSERS:
        figures += parse(text, settings)
    figures += numbered_changes(figures, follow_up_changes(text)) + class_lists(text)
    figures += explained_figures(text, {(f.page, f.value) for f in figures if f.key.endswith(".change")
                                        and any(g.key.startswith(f.key + "_components.") for g in figures)})
    known = {f.key for f in figures}
    for parse in GENERAL:
        figures += [f for f in parse(text, settings, kind) if f.key not in known]
    figures += changes_after_parts(text, figures)
    return Narrative(figures, text.s, text)
