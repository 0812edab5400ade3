"""The figures every 部门预算/决算 说明 states, in whatever words it states them: a subject
(收入, 支出, “三公”经费 and its parts, 机关运行经费, 政府采购, 基本支出, 项目支出), the amount that
follows it, and the change against last year that follows the amount in the same sentence
(比上年增加X万元，增长Y% / 较2025年年初预算减少… / 与上年持平 = 0).

The amount must follow the subject closely: between them only words and years (2026年), never
another number and never a word of change (增加, 减少, 比, 较), so a sentence about the change
is not read as the amount. The first statement in the document wins; a subject preceded by a
narrower qualifier (一般公共预算收入, 财政拨款支出, 基本支出…) is a different subject."""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import decimal_of
from ..model import Figure, PageText
from ..settings import DEFAULT, Settings

NUM = r"(?P<amt>-?\d+(?:,\d{3})*(?:\.\d+)?)"
YEAR = r"(?:19|20)\d\d年度?"
GAP = r"(?P<gap>(?:" + YEAR + r"|[^。;\d])*?)"
# a heading or another subject between a subject and an amount: the amount is not the subject's
NOT_A_GAP = re.compile(r"说明|情况|\([一二三四五六七八九十]\)|[一二三四五六七八九十]、")
CHANGE_WORDS = re.compile(r"增加|减少|增长|下降|比|较|相比|占|同比")
CHANGE = re.compile(r"(?P<gap>(?:" + YEAR + r"|\d+(?:辆|台|套|人|个|项|家|次)|[^。;\d])*?)(?P<dir>增加|减少|增长|下降)了?(?P<chg>\d+(?:,\d{3})*(?:\.\d+)?)万元"
                    r"(?:[,，]?(?:[^。;\d%]{0,12}?)(?P<dir2>增长|下降|增幅|减幅|减少|增加|上升|降低)?了?"
                    r"(?P<pct>-?\d+(?:\.\d+)?)%)?")
# the percent first: 同比增长11.11%，增加40.00万元
PCT_FIRST = re.compile(r"(?P<gap>(?:" + YEAR + r"|[^。;\d])*?)(?P<dir>增长|下降|增加|减少)了?(?P<pct>\d+(?:\.\d+)?)%[,，]?"
                       r"(?P<dir2>增加|减少)了?(?P<chg>\d+(?:,\d{3})*(?:\.\d+)?)万元")
FLAT = re.compile(r"(?:(?:" + YEAR + r"|[^。;\d]){0,30}?)(?:基本)?(?:持平|相同|一致|不变|无变化)")
# a change stated by its direction alone (比上年有所增加, 较2025年减少，主要原因是…): no amount follows
DIRECTION_ONLY = re.compile(r"[^。;\d]{0,12}?(?:比|较|与)(?:上年|去年|上一年|" + YEAR + r")[^。;\d]{0,10}?(?:有所)?"
                            r"(?P<dir>增加|减少|增长|下降|上升|降低)(?!了?\d)")
DOWN = ("减少", "下降", "减幅", "降低")
NARROWER = re.compile(r"(一般公共预算|财政拨款|政府性基金|国有资本经营|事业|经营|其他|本年|上年|上级补助|附属单位|专户|"
                      r"基本|项目|人员|公用|资本性|转移性|工资福利|商品和服务|对个人和家庭|当年|结转|结余|社会保障|"
                      r"住房保障|公共安全|采购|[一-龥]{2}服务|[一-龥]{2}管理|[一-龥]{2}事务|费|经费|中|拨款|购置|维护|接待|基金|退休)$")
STOP_BEFORE = re.compile(r"(一般公共预算|财政拨款|政府性基金)(?:预算)?(?:拨款)?(?:安排)?的?$")

# key → subject; joint subjects (收、支预算总计) give both totals
SUBJECTS = {
    "totals.income": r"(?:总收入|收入(?:预算|决算)(?:总计|合计|总额)?|收入(?:总计|合计|总额)|预算收入)",
    "totals.expense": r"(?:总支出|支出(?:预算|决算)(?:总计|合计|总额)?|支出(?:总计|合计|总额)|预算支出)",
    "three_public.total": r"“?三公”?经费",
    "three_public.overseas_travel": r"因公出国\((?:境|国)\)(?:费用?|经费)?",
    "three_public.reception": r"公务接待(?:费用?|经费)?",
    "three_public.vehicle_purchase": r"(?:公务用车购置(?!及|和)(?:费|支出)?|购置公务用车)",
    "three_public.vehicle_operation": r"公务用车运行(?:及|和)?(?:维护|维修)?(?:费|支出)?",
    "three_public.vehicle": r"公务用车购置(?:及|和)运行(?:及|和)?(?:维护|维修)?(?:费用?|经费|支出)?",
    "agency_operating_costs": r"(?:机关)?运行经费",
    "procurement.total": r"政府采购",
    "gov_fund.expense": r"政府性基金预算(?:财政)?(?:拨款)?支出(?:预算|决算)?(?:合计|总额)?",
    "expense_split.basic": r"基本支出",
    "expense_split.project": r"项目支出",
    "expense_split.personnel": r"人员经费",
    "expense_split.public": r"公用经费",
}
# a bare 收入 / 支出 that opens a clause and compares: 收入较去年减少…, 支出比2025年增加…
CHANGE_ONLY = {"totals.income": r"(?:(?<=[。;:,])|^)收入(?=比|较|与上年)",
               "totals.expense": r"(?:(?<=[。;:,])|^)支出(?=比|较|与上年)"}
JOINT = re.compile(r"(?:收、支|收入、支出|收入支出|收支|收入总计、支出总计)(?:预算|决算)?(?:总计|合计)?")
# the subject and its qualifiers that are not the subject itself (e.g. 收入 in 一般公共预算收入)
QUALIFIED = {"totals.income", "totals.expense", "expense_split.project", "expense_split.personnel", "expense_split.public"}


# words between a subject and an amount that make the amount a part's
PART_WORDS = {"procurement.total": r"货物|工程|服务"}
# words before a subject that make it another one's (预留给中小企业的政府采购项目预算金额: a share of it)
NOT_AFTER = {"procurement.total": re.compile(r"(?:中小企业|小微企业|预留给?|授予)[^。;,]{0,6}$")}
OTHER_SUBJECT = re.compile("|".join(p for k, p in SUBJECTS.items() if k.startswith("three_public.") and k != "three_public.total")
                           + r"|基本支出|项目支出|人员经费|公用经费")




def _clause_end(s: str, start: int) -> int:
    end = s.find("。", start)
    return len(s) if end < 0 else end


def _amount_after(s: str, at: int, kind: str, window: int, gap: int = 30) -> re.Match | None:
    """The amount the subject ending at ``at`` states: the first NUM万元 after a gap of words,
    or in a 决算 the amount after 决算 (年初预算X万元，支出决算Y万元) in the same sentence."""
    end = min(_clause_end(s, at), at + window)
    if kind == "决算":
        m = re.compile(r"(?<!年初)(?<!预算)决算(?:数)?(?:为|是)?" + NUM + r"万元").search(s, at, end)
        if m and not re.search(r"[“”]?三公|公务|运行经费", s[at:m.start()]) and not OTHER_SUBJECT.search(s[at:m.start()]):
            return m  # (“三公”经费支出决算中，因公出国（境）费支出决算0.00万元: the part's)
    m = re.compile(GAP + NUM + r"万元").match(s, at, end)
    if m and OTHER_SUBJECT.search(m["gap"]):
        return None  # “三公”经费预算支出中，因公出国（境）费支出160万元: the amount is the part's
    if m and not CHANGE_WORDS.search(m["gap"]) and not NOT_A_GAP.search(m["gap"]) and len(m["gap"]) <= gap:
        return m
    return None


def _figure(t: PageText, key: str, value: Decimal, start: int, end: int, label: str = "") -> Figure:
    return Figure(key, value, "万元" if not key.endswith("_pct") and not key.endswith("_rate") else "%",
                  t.page(start), t.sentence(start, end), label=label)


PURPOSE = re.compile(r",?(?:主要)?用于[^,。;\d]*")
RESTATED = re.compile(r"[,，]?其中:?[^。;\d]{0,20}?" + NUM + "万元")


def _change_after(t: PageText, key: str, at: int, window: int, amount: str = "") -> list[Figure]:
    """The change against last year stated right after an amount, up to the sentence's end; a
    clause saying what the money is for (主要用于…等支出,) does not count against the window."""
    s = t.s
    purpose = PURPOSE.match(s, at)
    end = min(_clause_end(s, at), at + window + (len(purpose.group(0)) if purpose else 0))
    m = CHANGE.match(s, at, end) or PCT_FIRST.match(s, at, end)
    if m is None:  # 收入X万元，其中：财政拨款收入X万元，比上年… — the same amount restated
        same = RESTATED.match(s, at, end)
        if same and same["amt"] == amount:
            return _change_after(t, key, same.end(), window)
    if m and not re.search(r"其中|主要原因|主要是", m["gap"]):
        sign = -1 if m["dir"] in DOWN else 1
        out = [_figure(t, f"{key}_change", sign * decimal_of(m["chg"]), m.start("chg"), m.end("chg"))]
        if m["pct"] is not None:
            pct = decimal_of(m["pct"])
            out.append(_figure(t, f"{key}_change_pct", -abs(pct) if sign < 0 else pct, m.start("pct"), m.end("pct")))
        return out
    m = FLAT.match(s, at, end)
    if m:
        return [_figure(t, f"{key}_change", Decimal(0), m.end() - 2, m.end())]
    m = DIRECTION_ONLY.match(s, at, end)
    if m:  # the sign of the change: -1 or 1 (its label: the word)
        sign = Decimal(-1) if m["dir"] in DOWN else Decimal(1)
        return [_figure(t, f"{key}_change_direction", sign, m.start("dir"), m.end("dir"), label=m["dir"])]
    return []


def _subject_ok(s: str, start: int, key: str) -> bool:
    before = s[max(0, start - 8):start]
    if key in NOT_AFTER and NOT_AFTER[key].search(s[max(0, start - 16):start]):
        return False
    return not (key in QUALIFIED and NARROWER.search(before))


def _subject_figures(t: PageText, key: str, subject: str, kind: str, window: int) -> list[Figure]:
    """Every amount stated for ``subject``, each with the change stated after it (directly, or
    after the same amount restated); and a change stated in a sentence of its own
    (收入较去年减少1316.82万元) after the bare subject."""
    s, out = t.s, []
    pattern = subject + (("|" + CHANGE_ONLY[key]) if key in CHANGE_ONLY else "")
    for m in re.finditer(pattern, s):
        if not _subject_ok(s, m.start(), key):
            continue
        amount = _amount_after(s, m.end(), kind, window) if re.fullmatch(subject, m.group(0)) else None
        if amount is not None and key in PART_WORDS and re.search(PART_WORDS[key], amount.groupdict().get("gap") or ""):
            continue  # 政府采购货物预算50.00万元: the amount of a part (read by narrative.counts), not the total
        if amount is not None:
            out.append(_figure(t, key, decimal_of(amount["amt"]), amount.start("amt"), amount.end("amt")))
            out += _change_after(t, key, amount.end(), window, amount["amt"])
        elif CHANGE_WORDS.search(s[m.end():m.end() + 12]):
            out += _change_after(t, key, m.end(), window)
        elif key.startswith("three_public.") and re.search(r"(?:无|没有)(?:财政拨款|一般公共预算)?(?:安排)?$",
                                                           s[max(0, m.start() - 12):m.start()]):
            out.append(_figure(t, key, Decimal(0), m.start(), m.end()))  # 本年度无财政拨款因公出国（境）费支出
    return out


def statements(t: PageText, settings: Settings = DEFAULT, kind: str = "") -> list[Figure]:
    """Every statement of each subject, in document order (the first is the figure the checks
    use; later ones restate it, often on the page a reader looks at); a joint subject
    (收、支预算总计各增加…, 收入支出总计…) counts for both sides."""
    out = []
    for key, subject in SUBJECTS.items():
        out += _subject_figures(t, key, subject, kind, settings.statement_window)
    for side in ("income", "expense"):
        out += _subject_figures(t, f"totals.{side}", JOINT.pattern, kind, settings.statement_window)
    seen, unique = set(), []
    for f in sorted(out, key=lambda f: (f.key.split("_change")[0], t.s.find(f.sentence), f.page)):
        if (f.key, f.value, f.page) not in seen:
            seen.add((f.key, f.value, f.page))
            unique.append(f)
    return unique


def final_three_public(t: PageText, settings: Settings = DEFAULT, kind: str = "") -> list[Figure]:
    """决算: “三公”经费年初预算X万元，支出决算Y万元，完成预算的Z% — the budget and the rate."""
    out = []
    m = re.search(r"“?三公”?经费[^。]{0,30}?(?:年初)?预算(?:数)?(?:为)?" + NUM + r"万元", t.s)
    if m and kind == "决算":
        out.append(_figure(t, "three_public.total_budget", decimal_of(m["amt"]), m.start("amt"), m.end("amt")))
    m = re.search(r"“?三公”?经费[^。]{0,60}?完成(?:年初)?预算(?:" + NUM + r"万元)?的?(?P<pct>\d+(?:\.\d+)?)%", t.s)
    if m:
        if m["amt"] is not None and not out:
            out.append(_figure(t, "three_public.total_budget", decimal_of(m["amt"]), m.start("amt"), m.end("amt")))
        out.append(_figure(t, "three_public.total_rate", decimal_of(m["pct"]), m.start("pct"), m.end("pct")))
    return out
