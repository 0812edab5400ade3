"""The text's own arithmetic on the figures ``read.figures_statements`` finds: each stated
percent change recomputed from its amount and change, a share of a named whole (占“三公”经费的
16.93%) recomputed, 完成预算的Z% recomputed, and two totals that are equal but said to have
changed by different amounts. A text part that yields no figure says so."""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import decimal_of, half_unit, to_wan
from ..model import Budget, Finding, Narrative, Row
from ..settings import DEFAULT, Settings
from ..tables import TABLE_NAMES
from .comparisons import COMPARISON, bears_out
from .index import YEAR_ROW, TableIndex
from .record import Recorder
from .text import department_total, percent, text_row

NUMW = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# headings that promise figures, and the keys that keep the promise
PROMISES = {"收支(?:预算)?总体情况|收入支出(?:决算|预算)?总体情况": ("totals.income", "totals.expense"),
            "“三公”经费": ("three_public.total", "three_public.reception", "three_public.overseas_travel"),
            "机关运行经费": ("agency_operating_costs",), "政府采购": ("procurement.total",)}




def stated_changes(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """Every X万元 … 增加/减少Y万元，增长/下降Z% the statements give: Z = Y ÷ (X − Y)."""
    seen = set()
    for pct in n.figures:
        if not pct.key.endswith("_change_pct") or pct.key.startswith(("totals.", "changes.", "projects.")):
            continue  # those three are recomputed by checks.text
        base = pct.key[: -len("_change_pct")]
        change = next((f for f in n.figures if f.key == f"{base}_change" and f.sentence == pct.sentence), None)
        value = next((f for f in n.figures if f.key == base and f.sentence == pct.sentence), None) or \
            _restated(n, base, pct)
        if change is None or value is None or (base, pct.page, pct.value) in seen:
            continue
        seen.add((base, pct.page, pct.value))
        last_year = value.value - change.value
        computed = percent(change.value, last_year, pct.value)
        if computed is not None:
            rec.add("text_percent", text_row(pct), "%", pct.value, [(f"{change.value}/{last_year}", computed)],
                    f"文字所述增减幅度 = {change.value} ÷ 上年 {last_year}", tol=half_unit(pct.value))


def _restated(n: Narrative, key: str, pct):
    """The amount a sentence restates (项目支出400.00万元，同比增长…, after 其中：项目支出400.00万元):
    the reader keeps one statement of an amount per page, so the change's own sentence may not be
    the one kept; the kept one stands for it when it is the page's only amount of that subject and
    the change's sentence prints it."""
    same = [f for f in n.figures if f.key == key and f.page == pct.page]
    if len({f.value for f in same}) == 1 and f"{same[0].value}万元" in pct.sentence.replace(",", ""):
        return same[0]
    return _stated_before(n, same, pct)


_NEAR = 400  # characters: the amount is stated in the sentences just before its change


def _stated_before(n: Narrative, same: list, pct):
    """A change in a sentence of its own (与2024年度相比，“三公”经费财政拨款支出决算减少3.00万元，下降
    16.67%) is the change of the subject's amount stated just before it, on its page."""
    if not re.match(r"(?:与|比|较|同)", pct.sentence):
        return None
    at = n.text.find(pct.sentence)
    before = [(n.text.rfind(f.sentence, 0, at + 1), f) for f in same]
    before = [(p, f) for p, f in before if 0 <= p < at and at - p <= _NEAR]
    return max(before, key=lambda t: t[0])[1] if before else None


def _three_public_whole(ix: TableIndex, n: Narrative, shares: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The “三公” total the shares are of: the text's, else the table's, else the parts' sum when
    the shares add up to 100%."""
    if n.value("three_public.total"):
        return n.value("three_public.total")
    years = [r for r in ix.rows.get("three_public", []) if YEAR_ROW.match(r.name)]
    if years:
        row = max(years, key=lambda r: r.name)
        total = next((v for m, v in row.values.items() if re.search(r"合计|总额|总计", m)), None)
        if total:
            return total
    if shares and abs(sum(p for _, p in shares) - 100) <= Decimal("0.05"):
        return sum((x for x, _ in shares), Decimal(0))
    return None


# “三公”经费财政拨款支出决算中，因公出国（境）费支出决算0.00万元，占0.00%；…: shares of the “三公”
THREE_PUBLIC_LIST = re.compile(r"“?三公”?经费[^。;,]{0,24}?中[,:](?P<rest>[^。]*)")
_SHARE = re.compile(NUMW + r"万元,?占(?:比)?" + NUMW + "%")


def _three_public_shares(text: str) -> list[re.Match]:
    named = list(re.finditer(NUMW + r"万元,?占“?三公”?经费(?:预算)?(?:总额)?的?" + NUMW + "%", text))
    listed = [p for m in THREE_PUBLIC_LIST.finditer(text) for p in _SHARE.finditer(text, m.start("rest"), m.end())]
    return sorted(named + listed, key=lambda m: m.start())


def named_shares(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """X万元，占“三公”经费的Y% (or a list after “三公”经费…支出中：X万元，占Y%): Y = X ÷ the “三公” total."""
    hits = _three_public_shares(n.text)
    shares = [(decimal_of(m.group(1)), decimal_of(m.group(2))) for m in hits]
    whole = _three_public_whole(ix, n, shares)
    if not whole:
        return
    for m, (x, pct) in zip(hits, shares):
        computed = percent(x, whole, pct)
        row = Row("", "", "", m.group(0)[:40], "", "", "", n.page_at(m.start()) or 0)
        rec.add("share_claim", row, "%", pct, [(f"{x}/{whole}", computed)], f"占“三公”经费比重 = {x} ÷ {whole}",
                tol=half_unit(pct))


# X万元，占<named whole>的Y%: the whole named by the words the text stated it with before
# (授予中小企业合同金额120万元，占政府采购支出总额的80% after 政府采购支出总额150万元)
# (…支出决算296,047.75万元，完成年初预算的212.65%，占本年支出合计的14.27%: a rate may stand between)
SHARE_OF_NAMED = re.compile(NUMW + r"万元,?(?:完成[^,。;%]{0,8}?\d+(?:\.\d+)?%,)?占(?!比)(?P<base>[^,，。;:：%\d“”]{4,24}?)的?(?:比例|比重)?(?:为)?" + NUMW + "%")
_LOOK_BACK = 600  # characters: the whole is stated in the same section


def _named_whole(n: Narrative, base: str, before: int) -> Decimal | None:
    """The amount last stated as ``base`` X万元 in the text before ``before``."""
    stated = list(re.finditer(re.escape(base) + r"(?:为|是|共计|合计)?" + NUMW + "万元", n.text[max(0, before - _LOOK_BACK):before]))
    return decimal_of(stated[-1].group(1)) if stated else None


def shares_of_named_wholes(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """X万元，占Z的Y% where the text stated Z's amount before: Y = X ÷ Z (a “三公” whole is
    ``named_shares``'s)."""
    for m in SHARE_OF_NAMED.finditer(n.text):
        base = m.group("base")
        whole, where, severity = None if "三公" in base else _named_whole(n, base, m.start()), "", "defect"
        if not whole and "三公" not in base and (read := _table_whole(ix, base)):
            # a whole the text names but states nowhere, read off its table (its scope may differ)
            (whole, where), severity = read, "warning"
        if not whole:
            continue
        x, pct = decimal_of(m.group(1)), decimal_of(m.group(3))
        computed = percent(x, whole, pct)
        if computed is not None:
            row = Row("", "", "", m.group(0)[:40], "", "", "", n.page_at(m.start()) or 0)
            rec.add("share_claim", row, "%", pct, [(f"{x}/{whole}", computed)], f"占{base}{where}的比重 = {x} ÷ {whole}",
                    tol=half_unit(pct), severity=severity)


# 占一般公共预算项目支出总额的100% (绩效 sections): the 一般公共预算 table's total or its 基本/项目支出
GPB_WHOLE = re.compile(r"^(?:本年)?一般公共预算(?:财政)?(?:拨款)?(?P<part>基本支出|项目支出)?(?:支出)?(?:决算|预算)?(?:总额|合计|数)?$")


def _table_whole(ix: TableIndex, base: str) -> tuple[Decimal, str] | None:
    m = GPB_WHOLE.match(base)
    if not m:
        return None
    measures = (m["part"],) if m["part"] else ("合计", "本年支出合计", "小计", "决算数", "预算数", "总计")
    for table in ("final_gpb_expense", "gpb_by_function"):
        hit = department_total(ix, table, *measures)
        if hit:
            return to_wan(hit[2], ix.money_units.get(table, "万元")), f"（《{TABLE_NAMES[table]}》{hit[1]}）"
    return None


def completion_rate(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """决算: “三公”经费支出决算Y万元，完成预算的Z% — Z = Y ÷ 年初预算."""
    rate, total, plan = (n.get(f"three_public.{k}") for k in ("total_rate", "total", "total_budget"))
    if rate and total and plan and plan.value:
        rec.add("text_percent", text_row(rate), "%", rate.value, [(f"{total.value}/{plan.value}",
                percent(total.value, plan.value, rate.value))], "完成预算的比例 = 决算数 ÷ 年初预算数",
                tol=half_unit(rate.value))


def equal_totals_changes(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """收入与支出总额相同，所述增减额却不同 (上年的收支总额也应相同)."""
    income, expense = n.get("totals.income"), n.get("totals.expense")
    up_in, up_out = n.get("totals.income_change"), n.get("totals.expense_change")
    if income and expense and up_in and up_out and income.value == expense.value and up_in.value != up_out.value:
        rec.add("text_change_mismatch", text_row(up_out), "万元", up_out.value, [("收入增减额", up_in.value)],
                f"收入、支出总额同为{income.value}万元，文字所述增减额却不同（收入：{up_in.sentence}；支出：{up_out.sentence}）",
                severity="warning")


def text_part_findings(n: Narrative, settings: Settings = DEFAULT) -> list[Finding]:
    """A document without a text part (no sentence states an amount: a tables-only booklet) gets
    an info; a text part whose sentences speak of 收支总体情况, “三公”经费, 机关运行经费 or 政府采购
    with amounts, where the reader found none of those figures, gets a warning that says which.
    Findings, not checks: nothing is compared."""
    stating = [s for s in re.split(r"[。;]", n.text) if re.search(r"\d(?:万元|元)", s)]
    if len(stating) < settings.text_part_sentences:
        return [Finding("no_text_part", "info", None, None, "文档没有文字说明部分（没有陈述金额的句子），未读取文字数字",
                        n.text[:80] or "(空)")]
    unread = [heading.split("|")[0] for heading, keys in PROMISES.items()
              if any(re.search(heading, s) for s in stating) and not any(n.get(k) for k in keys)]
    if unread:
        return [Finding("text_unread", "warning", None, None,
                        f"文字说明中有关于“{'、'.join(unread)}”的金额，却未能读出，请人工核对", "；".join(unread))]
    return []


FINAL_VS_BUDGET = re.compile(r"(?:年初)?预算(?:数)?(?:为)?" + NUMW + r"万元,?(?:[^。;\d]{0,12}?)决算(?:数)?(?:为)?" + NUMW
                             + r"万元(?P<rest>[^。]{0,80})")


def _next_sentence_comparison(text: str, at: int) -> re.Match | None:
    """决算数小于预算数的主要原因… opening the sentence after the two amounts speaks of them, as
    long as no amount of its own comes before the comparison."""
    follow = re.match(r"[^。]{0,80}。\s*([^。]{0,120})", text[at:])
    if not follow:
        return None
    word = COMPARISON.search(follow.group(1))
    return word if word and not re.search(r"\d(?:万元|元)", follow.group(1)[:word.start()]) else None


def final_against_budget(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """决算: 年初预算A万元，支出决算B万元，完成年初预算的C% — C = B ÷ A; and 决算数大于/小于/等于
    预算数 must hold between B and A."""
    for m in FINAL_VS_BUDGET.finditer(n.text):
        plan, spent, rest = decimal_of(m.group(1)), decimal_of(m.group(2)), m.group("rest")
        row = Row("", "", "", m.group(0)[:40], "", "", "", n.page_at(m.start()) or 0)
        done = re.match(r"[^。;\d]{0,6}?完成(?:年初)?预算的" + NUMW + "%", rest)
        if done and plan:
            rate = decimal_of(done.group(1))
            rec.add("text_percent", row, "%", rate, [(f"{spent}/{plan}", percent(spent, plan, rate))],
                    f"完成预算的比例 = 决算 {spent} ÷ 年初预算 {plan}", tol=half_unit(rate))
        opening = n.text[n.text.rfind("。", 0, m.start()) + 1: m.start()]
        # the “三公” pair's 决算数小于预算数 is checked with its parts (three_public.py)
        word = COMPARISON.search(rest) or (None if "三公" in opening else _next_sentence_comparison(n.text, m.end()))
        if word and not bears_out(word, spent, plan):
            rec.statement("comparison_claim", row.page, f"文字称“{word.group(0)}”，"
                          f"但决算 {spent} 万元、年初预算 {plan} 万元", m.group(0)[:rec.settings.evidence_chars])


# 支出决算为858.45万元，完成预算87.60%，决算数小于预算数 — the percent alone tells the comparison
RATE = re.compile(r"完成(?:了)?(?:年初|全年|调整后?)?预算(?:数)?的?" + NUMW + "%")


def rate_against_comparison(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """决算: 完成预算Y% with 决算数大于/小于/等于预算数 (or 与预算持平) in its sentence or the next one:
    Y above, below or at 100 must bear the words out (where the sentence states both amounts,
    ``final_against_budget`` checks them instead). A 0% tells nothing: the budget may be 0."""
    paired = [m.span() for m in FINAL_VS_BUDGET.finditer(n.text)]
    for m in RATE.finditer(n.text):
        rate = decimal_of(m.group(1))
        if not rate or any(a <= m.start() < b for a, b in paired):
            continue
        end = n.text.find("。", m.end())
        rest = n.text[m.end(): end if end >= 0 else len(n.text)]
        word = COMPARISON.search(rest) or _next_sentence_comparison(n.text, m.end())
        if word and not word["diff"] and not bears_out(word, rate, Decimal(100)):
            rec.statement("comparison_claim", n.page_at(m.start()) or None,
                          f"文字称完成预算的 {rate}%，却又称“{word.group(0)}”", n.sentence_at(m.start(), m.end()))
