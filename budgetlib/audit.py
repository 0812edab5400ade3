"""The text part against the tables: every figure the narrative states is recomputed from the
tables or from the other figures its sentence gives, and recorded as a check.

A text figure that differs from the table it restates is a ``defect``; a list of reasons that
does not add up to the change it explains is a ``warning`` (the text need not name every cause).
Percentages are compared at the precision they are printed with.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .narrative import Figure, Narrative
from .validate import TOTAL_ROW, YEAR_ROW, Checker, Row, _scale

THREE_PUBLIC_MEASURES = {"total": ("“三公”经费财政拨款预算总额", "“三公”经费财政拨款决算总额", "合计", "总额", "总计"),
                         "overseas_travel": ("因公出国(境)费", "因公出国（境）费"),
                         "reception": ("公务接待费",), "vehicle_purchase": ("公务用车购置费",),
                         "vehicle_operation": ("公务用车运行维护费",)}
SPLIT_CODES = {"personnel": "301", "public": "302", "household_subsidy": "303"}


def text_row(f: Figure) -> Row:
    return Row("", "", "", f.key, "", "", "", f.page)


def percent(part: Decimal, whole: Decimal, like: Decimal) -> Decimal | None:
    """part / whole in percent, rounded half up to the printed precision of ``like``."""
    if whole == 0:
        return None
    q = Decimal(1).scaleb(-_scale(like))
    return (part / whole * 100).quantize(q, rounding=ROUND_HALF_UP)


def code_amount(checker: Checker, code: str, measures: tuple[str, ...], tables: tuple[str, ...]):
    """The amount booked under an 经济分类 code (name-only tables via subject_code), first table that has it."""
    for table in tables:
        rows = [r for r in checker.rows.get(table, []) if r.subject_code == code]
        for m in measures:
            hits = [r.values[m] for r in rows if m in r.values]
            if hits:
                return f"{table}:{code}:{m}", sum(hits, Decimal(0))
    return None


def text_checks(checker: Checker, budget) -> None:
    """Every statement of the text part and of the tables' descriptive columns, as checks."""
    n = budget.narrative
    if n is not None:
        for fn in (totals, change_reasons, expense_split, projects, three_public, procurement):
            fn(checker, n)
        for fn in (flat_claims, comparison_claims, share_claims, declared_empty):
            fn(checker, n, budget)
    task_checks(checker, budget)
    document_identity(checker, budget)


def _equal(checker: Checker, rule: str, f: Figure | None, figure, description: str) -> None:
    if f is None or f.value is None or figure is None:
        return
    row, m, value = figure
    checker.add(rule, text_row(f), f.unit, f.value, [(f"{row.table}:{row.label}:{m}", value)], description)


def totals(checker: Checker, n: Narrative) -> None:
    _equal(checker, "text_total", n.get("totals.income"),
           checker.figure("income_expense_summary", name="收入:收入总计") or checker.figure("income_summary", "总计", "合计"),
           "文字中的收入总额与收支总表一致")
    _equal(checker, "text_total", n.get("totals.expense"),
           checker.figure("expense_summary", "支出总计", "总计", "合计") or
           checker.figure("income_expense_summary", name="支出:支出总计"),
           "文字中的支出总额与支出总表一致")
    for side in ("income", "expense"):
        total, change, pct = (n.get(f"totals.{side}{k}") for k in ("", "_change", "_change_pct"))
        change_percent(checker, total, change, pct, "增减幅度")
    for f in n.prefix("changes."):
        if f.key.endswith(".value"):
            key = f.key[: -len(".value")]
            change_percent(checker, f, n.get(f"{key}.change"), n.get(f"{key}.change_pct"), f"“{f.label}”增减幅度")
    two_sided = [("totals.grand_total", ("final_income_expense_summary", "income_expense_summary"), "收入:(收入)?总计"),
                 ("totals.gov_funds_grand_total", ("final_gov_funds_summary", "gov_funds_summary"), "收入:(收入)?总计"),
                 ("totals.year_income", ("final_income_expense_summary", "income_expense_summary"), "收入:本年收入(合计|小计)"),
                 ("totals.year_expense", ("final_income_expense_summary", "income_expense_summary"), "支出:本年支出(合计|小计)")]
    for key, tables, name in two_sided:
        f = n.get(key)
        for table in tables:
            row = next((r for r in checker.rows.get(table, []) if re.fullmatch(name, r.name)), None)
            if f is not None and row is not None and row.values:
                m = next(iter(row.values))
                checker.add("text_total", text_row(f), "万元", f.value, [(f"{table}:{row.name}:{m}", row.values[m])],
                            "文字中的总计与收支总表一致")
                break


def change_percent(checker: Checker, total: Figure | None, change: Figure | None, pct: Figure | None, what: str) -> None:
    """增长/下降 X% against change ÷ last year (this year − change), at the printed precision."""
    if not (total and change and pct):
        return
    base = total.value - change.value
    computed = percent(change.value, base, pct.value)
    if computed is not None:
        checker.add("text_percent", text_row(pct), "%", pct.value, [(f"{change.value}/{base}", computed)],
                    f"{what} = {change.value} ÷ 上年 {base}", tol=_half_unit(pct.value))


def change_reasons(checker: Checker, n: Narrative) -> None:
    """The reasons the text gives for the change should add up to the change."""
    change = n.get("totals.expense_change") or n.get("totals.income_change")
    reasons = n.prefix("change_reasons.")
    if change and reasons:
        checker.add("text_change_reasons", text_row(change), "万元", change.value,
                    [(r.label or r.key, r.value) for r in reasons],
                    "文字所列增减原因之和 = 总增减额（差额为未说明部分）", severity="warning")


def expense_split(checker: Checker, n: Narrative) -> None:
    for key, code in SPLIT_CODES.items():
        f = n.get(f"expense_split.{key}")
        if f is None:
            continue
        hit = code_amount(checker, code, ("总计", "合计", "基本支出"), ("basic_expense", "gpb_by_economic"))
        if hit is None and checker.rows.get("basic_expense"):
            hit = (f"basic_expense: no {code} row", Decimal(0))
        if hit:
            checker.add("text_split", text_row(f), "万元", f.value, [hit], f"文字中的{f.label}与经济分类 {code} 一致")
    _equal(checker, "text_split", n.get("expense_split.project"), checker.figure("expense_summary", "项目支出"),
           "文字中的项目支出与支出总表一致")


def _project_row(checker: Checker, name: str):
    for r in checker.rows.get("project_expense", []):
        if r.name == name:
            for m in ("总计", "合计", "项目支出"):
                if m in r.values:
                    return r, m, r.values[m]
    return None


def projects(checker: Checker, n: Narrative) -> None:
    names = sorted({f.label for f in n.prefix("projects.") if f.key.endswith(".amount")})
    for name in names:
        key = f"projects.{name}"
        amount, change, pct = n.get(f"{key}.amount"), n.get(f"{key}.change"), n.get(f"{key}.change_pct")
        _equal(checker, "text_project", amount, _project_row(checker, name), f"文字中的项目“{name}”金额与项目支出总表一致")
        listed = n.get(f"key_projects.{name}")
        if amount and listed:
            checker.add("text_project", text_row(listed), "万元", listed.value, [(f"{key}.amount", amount.value)],
                        f"重点项目表中“{name}”的预算数与文字一致")
        change_percent(checker, amount, change, pct, f"“{name}”增减幅度")
        parts = n.prefix(f"{key}.components.")
        if amount and parts:
            checker.add("text_components", text_row(amount), "万元", amount.value, [(p.label, p.value) for p in parts],
                        f"“{name}”= 所列各子项之和")
        causes = n.prefix(f"{key}.change_components.")
        if change and causes:
            checker.add("text_change_reasons", text_row(change), "万元", change.value,
                        [(c.text[:20], c.value) for c in causes], f"“{name}”增减原因之和 = 增减额", severity="warning")


def three_public(checker: Checker, n: Narrative) -> None:
    rows = checker.rows.get("three_public", [])
    years = [r for r in rows if YEAR_ROW.match(r.name)]
    if not years:
        return
    this = max(years, key=lambda r: r.name)
    change_row = next((r for r in rows if r.name.startswith("增减")), None)
    for key, measures in THREE_PUBLIC_MEASURES.items():
        for row, suffix in ((this, ""), (change_row, "_change")):
            f = n.get(f"three_public.{key}{suffix}")
            m = next((m for m in measures if row is not None and m in row.values), None)
            if f is not None and m is None and row is not None and f.value:
                # the text states a value where the table prints nothing
                checker.add("blank_where_stated", text_row(f), "万元", f.value,
                            [(f"three_public:{row.name}:{'/'.join(measures[:1])}(空)", Decimal(0))],
                            "文字给出的“三公”经费在表中为空")
            if f is not None and m is not None:
                checker.add("text_three_public", text_row(f), "万元", f.value, [(f"three_public:{row.name}:{m}", row.values[m])],
                            "文字中的“三公”经费与“三公”经费表一致")


def procurement(checker: Checker, n: Narrative) -> None:
    total = n.get("procurement.total")
    parts = [n.get(f"procurement.{k}") for k in ("goods", "works", "services")]
    if total and all(parts):
        checker.add("text_components", text_row(total), "万元", total.value, [(p.key, p.value) for p in parts],
                    "政府采购总额 = 货物 + 工程 + 服务")
    table_total = next((r for r in checker.rows.get("procurement", []) if TOTAL_ROW.search(r.name) or r.is_unit_row), None)
    if total and table_total:
        m = next(iter(table_total.values))
        checker.add("text_total", text_row(total), "万元", total.value, [(f"procurement:{m}", table_total.values[m])],
                    "文字中的政府采购总额与政府采购表一致")
    funds = n.get("performance_management.project_funds_in_scope")
    _equal(checker, "text_total", funds, checker.figure("expense_summary", "项目支出"), "绩效管理涉及的项目资金与项目支出一致")


# -- statements the tables' descriptive columns make (绩效目标表 主要内容) -------------------------

NUMW = r"(\d+(?:\.\d+)?)"
UNIT_WORD = r"[场次期个人辆件批台套项]"


def task_texts(budget) -> list[tuple[Row, Decimal, str]]:
    """(row, amount, text) for each table row that carries descriptive text beside its amount."""
    import unicodedata

    from .clean import MalformedAmount, clean_amount, clean_label

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


def _half_unit(d: Decimal) -> Decimal:
    return Decimal(5).scaleb(-_scale(d) - 1)


def task_checks(checker: Checker, budget) -> None:
    """Inside a task's description: unit price × quantity = its total (每场5.28万，18场共计95万);
    the amounts it lists add up to the task's amount; 部门预算的5% is recomputed."""
    grand = checker.figure("expense_summary", "支出总计", "合计", "总计") or \
        checker.figure("income_expense_summary", name="支出:支出总计")
    for row, amount, text in task_texts(budget):
        for m in re.finditer(r"每(?P<u>" + UNIT_WORD + r")" + NUMW + r"万元?,?(?P<n>\d+)(?P=u)(?:共计|合计|共)" + NUMW + "万", text):
            price, count, total = Decimal(m.group(2)), int(m.group("n")), Decimal(m.group(4))
            checker.add("text_arithmetic", row, "万元", total, [(f"{price}×{count}{m.group('u')}", price * count)],
                        f"“{row.name}”：单价 × 数量 = 合计（{m.group(0)}）", tol=_half_unit(total))
        for m in re.finditer(r"(?:至少|共|预计)?(?P<n>\d+)(?P<u>" + UNIT_WORD + r"),?(?:平均)?每(?P=u)" + NUMW
                             + r"万元?,?(?:合计|共计|共)" + NUMW + "万", text):
            price, count, total = Decimal(m.group(3)), int(m.group("n")), Decimal(m.group(4))
            checker.add("text_arithmetic", row, "万元", total, [(f"{price}×{count}{m.group('u')}", price * count)],
                        f"“{row.name}”：单价 × 数量 = 合计（{m.group(0)}）", tol=_half_unit(total))
        parts = []
        for m in re.finditer(NUMW + r"万元?", text):
            before = text[max(0, m.start() - 4):m.start()]
            value = Decimal(m.group(1))
            if re.search(r"每" + UNIT_WORD + r"$|每" + UNIT_WORD + r"平均$", before) or "以上" in text[m.end():m.end() + 2]:
                continue  # a unit price, not a part
            if re.search(r"(共计|合计|总计|共)$", before) and value == amount:
                continue  # the task's own total restated
            parts.append((text[max(0, m.start() - 12):m.end()], value))
        if len(parts) >= 2:
            checker.add("task_components", row, "万元", amount, parts, f"“{row.name}”= 说明中所列各项金额之和")
        for m in re.finditer(r"(部门预算|预算总额|年度预算|总预算)的?" + NUMW + "%", text):
            if grand is not None:
                pct = Decimal(m.group(2))
                computed = percent(amount, grand[2], Decimal("0.01"))  # shown to 0.01%; judged at the claim's precision
                checker.add("percent_claim", row, "%", pct, [(f"“{m.group(0)}”: {amount}/{grand[2]}", computed)],
                            f"“{row.name}”说是{m.group(0)}，实为 {amount} ÷ {grand[2]}", tol=_half_unit(pct))


# -- statements of the text part -----------------------------------------------------------------

def _text_row(n: Narrative, start: int, end: int, key: str) -> Row:
    return Row("", "", "", key, "", "", "", n.page_at(start) or 0)


def flat_claims(checker: Checker, n: Narrative, budget) -> None:
    """A sentence that says 持平 (unchanged) while it states a non-zero change."""
    for m in re.finditer(r"[^。;]*持平[^。;]*", n.text):
        change = re.search(r"(增加|减少|增长|下降)" + NUMW + r"(万元|元|%)", m.group(0))
        if change and Decimal(change.group(2)) != 0:
            checker.add("flat_claim", _text_row(n, m.start(), m.end(), m.group(0)[:40]), change.group(3), Decimal(0),
                        [(change.group(0), Decimal(change.group(2)))], "文字称“持平”，同句却给出非零增减")


def comparison_claims(checker: Checker, n: Narrative, budget) -> None:
    """A 大于 / 小于 between two amounts of one sentence must hold."""
    for m in re.finditer(NUMW + r"万元[^。;]{0,20}?(大于|高于|多于|超过|小于|低于|少于)[^。;]{0,30}?" + NUMW + "万元", n.text):
        a, word, b = Decimal(m.group(1)), m.group(2), Decimal(m.group(3))
        holds = a > b if word in ("大于", "高于", "多于", "超过") else a < b
        if not holds:
            checker.add("comparison_claim", _text_row(n, m.start(), m.end(), m.group(0)[:40]), "万元", a, [(f"{word}{b}", b)],
                        f"文字称 {a} {word} {b}，数字不符")


def share_claims(checker: Checker, n: Narrative, budget) -> None:
    """合计 Z 万元，其中：… X 万元，占 Y% (or 支出 Z 万元，主要用于以下方面：…) — recompute X / Z."""
    for m in re.finditer(r"(?:合计|总计|共计|支出|收入)" + NUMW + r"万元,?(?:其中|主要用于以下方面):?(?P<rest>[^。]*)", n.text):
        whole = Decimal(m.group(1))
        for part in re.finditer(r"(?P<label>[^,;:、]{0,20}?)" + NUMW + r"万元,?占(?:比)?" + NUMW + "%", m.group("rest")):
            if part.start() > 0 and re.search(r"(合计|总计)\d", m.group("rest")[:part.start()]):
                break  # a new total starts a new list
            x, pct = Decimal(part.group(2)), Decimal(part.group(3))
            computed = percent(x, whole, pct)
            if computed is not None:
                start = m.start("rest") + part.start()
                checker.add("share_claim", _text_row(n, start, start + len(part.group(0)), part.group(0)[:40]), "%", pct,
                            [(f"{x}/{whole}", computed)], f"占比 = {x} ÷ {whole}", tol=_half_unit(pct))


EMPTY_WORDS = {"政府性基金": ("gov_fund_budget", "final_gov_fund"), "国有资本经营": ("soe_capital_budget", "final_soe_capital"),
               "转移支付": ("transfer_payments",), "政府采购": ("procurement",), "三公": ("three_public", "final_three_public")}


def declared_empty(checker: Checker, n: Narrative, budget) -> None:
    """A table the text declares empty (本单位无政府性基金预算支出…) must hold no non-zero amount."""
    for m in re.finditer(r"(?:本单位|本部门|我单位|我部门)(?:无|没有)(?P<what>[^。]{2,80})", n.text):
        for word, keys in EMPTY_WORDS.items():
            if word not in m.group("what"):
                continue
            for key in keys:
                rows = [r for r in checker.rows.get(key, []) if any(v != 0 for v in r.values.values())]
                if rows:
                    total = sum((abs(v) for r in rows for v in r.values.values()), Decimal(0))
                    checker.add("declared_empty", _text_row(n, m.start(), m.end(), m.group(0)[:40]), "万元", Decimal(0),
                                [(f"{key} 中的非零金额", total)], f"文字称本单位无{word}，表中却有金额")


PLACEHOLDER = re.compile(r"(?:XX|ＸＸ|xx|××|＊＊)(?:局|单位|部门|年|市|区|县|委|办|中心|项目)|某某|XXX")


def document_identity(checker: Checker, budget) -> None:
    """Template placeholders (XX局, ××, 某某) anywhere; table titles whose year is not the document's;
    a table heading naming a unit that is neither the cover's nor one of its 预算单位 rows;
    a 决算 whose 截至…年12月31日 names another year."""
    year = budget.document.get("year")
    texts = [(t.pages[0], t.title) for t in budget.tables]
    texts += [(int(r.page), r.name) for r in budget.facts.drop_duplicates(["page", "name"]).itertuples() if r.name]
    texts += [(int(r.page), r.unit) for r in budget.facts.drop_duplicates(["page", "unit"]).itertuples() if r.unit]
    n = budget.narrative
    if n is not None:
        texts += [(n.page_at(m.start()) or 0, n.sentence_at(m.start(), m.end())) for m in PLACEHOLDER.finditer(n.text)]
    seen = set()
    for page, text in texts:
        hit = PLACEHOLDER.search(text)
        if hit and (page, text) not in seen:
            seen.add((page, text))
            checker.checks.append(_finding_check("placeholder_text", page, f"文档中残留模板占位文字“{hit.group(0)}”", text))
    for t in budget.tables:
        y = re.search(r"((?:19|20)\d\d)年", t.title)
        if year and y and int(y.group(1)) != year:
            checker.checks.append(_finding_check("year_mismatch", t.pages[0], f"表题年份 {y.group(1)} 与文档年份 {year} 不符",
                                                 t.title, table=t.key))
    unit = budget.document.get("unit")
    f = budget.facts
    units = set(f[(f["code"] == "") & (f["name"] == "")]["unit"])  # units printed as 预算单位 rows
    for t in budget.tables:
        if unit and t.unit and t.unit != unit and t.unit not in units:
            checker.checks.append(_finding_check("unit_mismatch", t.pages[0],
                                                 f"表头单位“{t.unit}”与封面单位“{unit}”不符", t.unit, table=t.key))
    if n is not None and budget.document.get("kind") == "决算" and year:
        for m in re.finditer(r"截至((?:19|20)\d\d)年12月31日", n.text):
            if int(m.group(1)) != year:
                checker.checks.append(_finding_check("year_mismatch", n.page_at(m.start()) or 0,
                                                     f"决算口径日期 {m.group(0)} 与决算年度 {year} 不符", m.group(0)))


def _finding_check(rule: str, page: int, description: str, evidence: str, table: str = "") -> dict:
    """A check that is a statement of fact rather than a sum: recorded broken, as a defect."""
    return {"rule": rule, "table": table, "unit": "", "code": "", "name": evidence[:60], "measure": "", "page": page,
            "description": description, "lhs": "", "rhs": "", "difference": "", "tolerance": "0", "status": "break",
            "terms": [evidence[:200]], "severity": "defect"}