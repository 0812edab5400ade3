"""Statements that can be checked by themselves: the arithmetic inside a task's description
(每场5.28万，18场共计95万), 持平 with a non-zero change, 大于/小于 between two amounts, shares
within one sentence, a table the text declares empty."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from ..clean import MalformedAmount, clean_amount, clean_label, decimal_of, half_unit
from ..model import Budget, Narrative, Row
from ..read.narrative import UP
from ..tables import empty_words
from .index import TableIndex, current_measures
from .record import Recorder, text_tolerance
from .text import layout_row, percent


# -- statements the tables' descriptive columns make (绩效目标表 主要内容) ---------------------

NUMW = r"(\d+(?:,\d{3})*(?:\.\d+)?)"  # 1,150.00 as printed: thousands separators kept
UNIT_WORD = r"[场次期个人辆件批台套项]"


def task_texts(budget: Budget) -> list[tuple[Row, Decimal, str]]:
    """(row, amount, text) for each table row that carries descriptive text beside its amount."""
    out = []
    for t in budget.tables:
        extra = [c for c in t.columns if c.role == "extra"]
        name = next((c for c in t.columns if c.role == "label"), None)
        amounts = [c for c in t.columns if c.role == "amount"]
        if not extra or name is None or not amounts:
            continue
        for row in t.rows:
            text = "".join(row[c.index].text for c in extra if c.index in row)
            cell = next((row[c.index] for c in amounts if c.index in row), None)
            if not text or cell is None or name.index not in row:
                continue
            try:
                amount = clean_amount(cell.text)
            except MalformedAmount:
                continue
            text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
            out.append((Row(t.key, t.unit, "", clean_label(row[name.index].text), "", "", "", cell.page), amount, text))
    return out


def task_checks(ix: TableIndex, rec: Recorder, budget: Budget) -> None:
    """Inside a task's description: unit price × quantity = its total (每场5.28万，18场共计95万);
    the amounts it lists add up to the task's amount; 部门预算的5% is recomputed."""
    grand = ix.figure("expense_summary", "支出总计", "合计", "总计") or \
        ix.figure("income_expense_summary", name="支出:支出总计")
    for row, amount, text in task_texts(budget):
        for m in re.finditer(r"每(?P<u>" + UNIT_WORD + r")" + NUMW + r"万元?,?(?P<n>\d+)(?P=u)(?:共计|合计|共)" + NUMW + "万", text):
            price, count, total = decimal_of(m.group(2)), int(m.group("n")), decimal_of(m.group(4))
            rec.add("text_arithmetic", row, "万元", total, [(f"{price}×{count}{m.group('u')}", price * count)],
                        f"“{row.name}”：单价 × 数量 = 合计（{m.group(0)}）", tol=half_unit(total))
        for m in re.finditer(r"(?:至少|共|预计)?(?P<n>\d+)(?P<u>" + UNIT_WORD + r"),?(?:平均)?每(?P=u)" + NUMW
                             + r"万元?,?(?:合计|共计|共)" + NUMW + "万", text):
            price, count, total = decimal_of(m.group(3)), int(m.group("n")), decimal_of(m.group(4))
            rec.add("text_arithmetic", row, "万元", total, [(f"{price}×{count}{m.group('u')}", price * count)],
                        f"“{row.name}”：单价 × 数量 = 合计（{m.group(0)}）", tol=half_unit(total))
        parts = []
        for m in re.finditer(NUMW + r"万元?", text):
            before = text[max(0, m.start() - 4):m.start()]
            value = decimal_of(m.group(1))
            if re.search(r"每" + UNIT_WORD + r"$|每" + UNIT_WORD + r"平均$", before) or "以上" in text[m.end():m.end() + 2]:
                continue  # a unit price, not a part
            if re.search(r"(共计|合计|总计|共)$", before) and value == amount:
                continue  # the task's own total restated
            parts.append((text[max(0, m.start() - 12):m.end()], value))
        if len(parts) >= 2:
            rec.add("task_components", row, "万元", amount, parts, f"“{row.name}”= 说明中所列各项金额之和")
        for m in re.finditer(r"(部门预算|预算总额|年度预算|总预算)的?" + NUMW + "%", text):
            if grand is not None:
                pct = decimal_of(m.group(2))
                computed = percent(amount, grand[2], Decimal(rec.settings.percent_precision))  # shown to 0.01%; judged at the claim's precision
                rec.add("percent_claim", row, "%", pct, [(f"“{m.group(0)}”: {amount}/{grand[2]}", computed)],
                            f"“{row.name}”说是{m.group(0)}，实为 {amount} ÷ {grand[2]}", tol=half_unit(pct))


# -- statements of the text part -----------------------------------------------------------------

def _text_row(n: Narrative, start: int, end: int, key: str) -> Row:
    return Row("", "", "", key, "", "", "", n.page_at(start) or 0)


def flat_claims(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A sentence that says 持平 (unchanged) while it states a non-zero change."""
    for m in re.finditer(r"[^。;]*持平[^。;]*", n.text):
        change = re.search(r"(增加|减少|增长|下降)" + NUMW + r"(万元|元|%)", m.group(0))
        if change and decimal_of(change.group(2)) != 0:
            rec.add("flat_claim", _text_row(n, m.start(), m.end(), m.group(0)[:40]), change.group(3), Decimal(0),
                        [(change.group(0), decimal_of(change.group(2)))], "文字称“持平”，同句却给出非零增减")


def comparison_claims(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A 大于 / 小于 between two amounts of one sentence must hold."""
    for m in re.finditer(NUMW + r"万元[^。;]{0,20}?(大于|高于|多于|超过|小于|低于|少于)[^。;]{0,30}?" + NUMW + "万元", n.text):
        a, word, b = decimal_of(m.group(1)), m.group(2), decimal_of(m.group(3))
        holds = a > b if word in ("大于", "高于", "多于", "超过") else a < b
        if not holds:
            rec.add("comparison_claim", _text_row(n, m.start(), m.end(), m.group(0)[:40]), "万元", a, [(f"{word}{b}", b)],
                        f"文字称 {a} {word} {b}，数字不符")


# 减少56.95万元，增长1.87%: the amount and the percent of one change going opposite ways
# (the percent right after the amount: 减少50万元，其中工资增长3% speaks of a part)
CHANGE_PAIR = re.compile(r"(增加|增长|上升|提高|减少|下降|降低)了?" + NUMW + r"万元,?(?:同比|比上年|较上年)?"
                         r"(增加|增长|增幅|上升|提高|减少|下降|减幅|降低)了?" + NUMW + "%")


def direction_claims(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """The amount and the percent of one stated change go the same way."""
    for m in CHANGE_PAIR.finditer(n.text):
        if (m.group(1) in UP) != (m.group(3) in UP) and decimal_of(m.group(2)) and decimal_of(m.group(4)):
            rec.statement("change_direction", n.page_at(m.start()) or None,
                          f"文字称{m.group(1)}{m.group(2)}万元，又称{m.group(3)}{m.group(4)}%：增减方向相反",
                          n.sentence_at(m.start(), m.end()))


# 共有车辆4辆，其中：一般公务用车1辆、执法执勤用车3辆 — the kinds of one sentence add up to its total
# (共有公务用车102辆，其中，…其他按照规定配备的公务用车4辆 / 拟新增配置公务用车6辆，其中…)
VEHICLE_COUNT = re.compile(r"(?:共有|现有|实有|拥有|安排购置|计划购置|拟购置|(?:拟|计划)?新增(?:配置|配备|购置)?|拟配置|拟更新)"
                           r"(?:公务)?(?:车辆|用车)(\d+)辆[^。;]*?其中[,:]?(?P<parts>[^。;]*)")
VEHICLE_KIND = re.compile(r"([\u4e00-\u9fff]{2,14}?用车)(\d+)辆")


def vehicle_counts(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """The vehicles a sentence counts by kind add up to the number it states in all."""
    for m in VEHICLE_COUNT.finditer(n.text):
        parts = [(k.group(1), Decimal(k.group(2))) for k in VEHICLE_KIND.finditer(m.group("parts"))]
        if len(parts) >= 2:
            rec.add("text_components", _text_row(n, m.start(), m.end(), m.group(0)[:40]), "辆", Decimal(m.group(1)),
                    parts, "文字所述车辆总数 = 各类车辆之和", tol=Decimal(0))  # counts are exact


# 单位价值50万元以上设备8台，其中，单位价值100万元以上设备15台: a count and the first part its 其中 names
COUNT_WHOLE = re.compile(r"(?<![\d.])(\d+)(?P<m>台|辆|套|个|人|项|家|户|所|批次|人次)(?:\(套\))?[^。;\d]{0,3}?其中[,:]?"
                         r"(?P<rest>[^。;]*)")


def count_parts(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A part that its 其中 counts is no larger than the whole it is part of."""
    for m in COUNT_WHOLE.finditer(n.text):
        part = re.search(r"(?<![\d.])(\d+)" + re.escape(m["m"]) + r"(?![\d次])", m["rest"])
        if part and int(part.group(1)) > int(m.group(1)):
            rec.statement("text_components", n.page_at(m.start()) or None,
                          f"“其中”所述的 {part.group(1)}{m['m']} 多于总数 {m.group(1)}{m['m']}",
                          n.sentence_at(m.start(), m.end()))


# the parts that make up a whole by definition: spending is 基本支出 + 项目支出, 基本支出 is 人员经费 + 公用经费
COMPLEMENTS = (("基本支出", "项目支出"), ("人员经费", "公用经费"))
WHOLE_THEN_PARTS = re.compile(NUMW + r"万元[^。;\d]{0,8}?其中[,:]?(?P<rest>[^。;]*)")


def complementary_parts(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """X万元，其中：基本支出A万元，项目支出B万元 — parts that make up their whole by definition add up to it
    (纳入绩效目标的金额68632.12万元，其中，基本支出28398.17万元，项目支出40233.95万元)."""
    for m in WHOLE_THEN_PARTS.finditer(n.text):
        for names in COMPLEMENTS:
            parts = [re.search(re.escape(name) + r"(?:预算|决算|支出)?(?:数)?(?:为)?" + NUMW + r"万元", m["rest"]) for name in names]
            if all(parts) and len({p.start() for p in parts}) == len(parts):
                whole = decimal_of(m.group(1))
                values = [decimal_of(p.group(1)) for p in parts]
                rec.add("text_components", _text_row(n, m.start(), m.end(), m.group(0)[:40]), "万元", whole,
                        list(zip(names, values)), f"{'+'.join(names)} = 所述总额",
                        tol=text_tolerance([whole, *values], len(values)))
                break


def share_claims(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """合计 Z 万元，其中：… X 万元，占 Y% (or 支出 Z 万元，主要用于以下方面：…) — recompute X / Z."""
    # a list runs to the sentence's end or to the next total (收入合计…；三、…本年支出合计…, no 。 between)
    for m in re.finditer(r"(?:合计|总计|共计|支出|收入)(?:预算|决算)?(?:数|总额)?(?:为|是)?" + NUMW
                         + r"万元,?(?:(?:比|较)[^。;其]{0,30}?%,?)?"
                         # (or 其中 opens the next sentence: 收入预算665964.37万元，比上年…增加。其中：…占62.3%)
                         r"(?:[^。其]{0,160}?。)?(?:其中|主要用于以下方面):?"
                         r"(?P<rest>(?:(?!(?:合计|总计|共计)\d)[^。])*)", n.text):
        whole = decimal_of(m.group(1))
        for part in re.finditer(r"(?P<label>[^,;:、]{0,20}?)" + NUMW + r"万元,?占(?:比)?" + NUMW + "%", m.group("rest")):
            x, pct = decimal_of(part.group(2)), decimal_of(part.group(3))
            computed = percent(x, whole, pct)
            if computed is not None:
                start = m.start("rest") + part.start()
                rec.add("share_claim", _text_row(n, start, start + len(part.group(0)), part.group(0)[:40]), "%", pct,
                            [(f"{x}/{whole}", computed)], f"占比 = {x} ÷ {whole}", tol=half_unit(pct))


# 本单位无政府性基金预算支出 / 本部门2026年度没有使用国有资本经营预算拨款安排的支出
NIL_STATEMENT = re.compile(r"(?:本单位|本部门|我单位|我部门|本机关|(?:19|20)\d\d年度)[^。;,]{0,12}?(?:没有使用|未使用|无|没有)"
                           r"(?P<what>[^。]{2,80})")
# 政府性基金预算支出为0 / 国有资本经营预算拨款支出预算为0万元 (the table's own subject, not a part of it: 其中…为0)
NIL_AMOUNT = re.compile(r"(?<![其中])(?P<what>政府性基金|国有资本经营|政府采购|转移支付)[^。;,中]{0,8}?"
                        r"(?:支出|收入|拨款|预算)(?:预算|决算)?数?均?为0(?:\.0+)?(?:万元|元)?(?![.\d])")


def declared_empty(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A table the text declares empty (本单位无政府性基金预算支出…, 没有使用…安排的支出, …支出为0)
    must hold no non-zero amount."""
    seen = set()
    for m in [*NIL_STATEMENT.finditer(n.text), *NIL_AMOUNT.finditer(n.text)]:
        for word, keys in empty_words().items():
            what = m.group("what")
            if word not in what or re.search(r"结转|结余", what[:what.find(word)]):
                continue  # 本部门无2021年结转的“三公”经费: only the carried-over part is nil
                # (…无政府性基金预算财政拨款收入、支出及结转结余: all of it is)
            for key in keys:
                rows = printing_amounts(ix, key, budget)
                if rows and (key, n.page_at(m.start())) not in seen:
                    seen.add((key, n.page_at(m.start())))
                    rec.add("declared_empty", _text_row(n, m.start(), m.end(), m.group(0)[:40]), "万元", Decimal(0),
                            [(f"{key} 中的非零金额", _nonzero(rows, ix, budget))], f"文字称本单位无{word}，表中却有金额")
    empty_notes_on_tables(ix, rec, n, budget)


# 此表为空表 / 本表无数据 / 故本表为空表 (not 此表如无数字则表示…, a rule for reading the table)
EMPTY_NOTE = re.compile(r"(?:此表|本表|该表)(?:为|是)?空表|(?:此表|本表|该表)(?:无|没有)(?:数据|数字|内容|金额)(?![则的])|"
                        r"(?:故|因此|所以)(?:此表|本表|该表)?(?:为)?空表")


def _current(ix: TableIndex, budget: Budget, row: Row) -> list[Decimal]:
    """A row's amounts of the document's own kind: a 决算's 预算数 columns are its plan, not what
    the text says it did not spend."""
    doc = budget.document
    measures = [c.measure for c in ix.columns.get(row.table, []) if c.role == "amount"] or list(row.values)
    keep = set(current_measures(measures, doc.get("year"), doc.get("kind")))
    return [v for m, v in row.values.items() if m in keep]


def printing_amounts(ix: TableIndex, key: str, budget: Budget) -> list[Row]:
    return [r for r in ix.rows.get(key, []) if any(v != 0 for v in _current(ix, budget, r)) and not layout_row(r)]


def _nonzero(rows: list[Row], ix: TableIndex, budget: Budget) -> Decimal:
    return sum((abs(v) for r in rows for v in _current(ix, budget, r)), Decimal(0))


def empty_notes_on_tables(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A note printed on a table's own page saying the table is empty (此表为空表) while the table
    prints amounts. Only a page that starts one table, so the note is that table's."""
    starts: dict[int, list[str]] = {}
    for t in budget.tables:
        starts.setdefault(t.pages[0], []).append(t.key)
    for m in EMPTY_NOTE.finditer(n.text):
        page = n.page_at(m.start())
        keys = starts.get(page, [])
        if len(keys) != 1:
            continue
        rows = printing_amounts(ix, keys[0], budget)
        if rows:
            rec.add("declared_empty", _text_row(n, m.start(), m.end(), m.group(0)), "万元", Decimal(0),
                    [(f"{keys[0]} 中的非零金额", _nonzero(rows, ix, budget))], f"表下注明“{m.group(0)}”，表中却有金额")
