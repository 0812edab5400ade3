"""Hygiene a reviewer checks on the document as a whole: template placeholders, years and units
that are not the document's own."""
from __future__ import annotations

import re
from datetime import date

from ..model import Budget, unit_rows
from .index import TableIndex
from .record import Recorder

PLACEHOLDER = re.compile(r"(?:XX|ＸＸ|xx|××|＊＊)(?:局|单位|部门|年|市|区|县|委|办|中心|项目)|某某|XXX")


QUALIFIER = re.compile(r"[(（](?:汇总|本级|部门汇总|部门|单位|部门综合)[)）]$")


def same_unit(a: str, b: str) -> bool:
    """西安市卫生健康委员会 and 西安市卫生健康委员会（汇总） name one body; so does a name that
    begins the other (a cover line that runs on into the next words)."""
    a, b = QUALIFIER.sub("", a), QUALIFIER.sub("", b)
    return a == b or a.startswith(b) or b.startswith(a)


def document_identity(ix: TableIndex, rec: Recorder, budget: Budget) -> None:
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
            rec.statement("placeholder_text", page, f"文档中残留模板占位文字“{hit.group(0)}”", text)
    for t in budget.tables:
        y = re.search(r"((?:19|20)\d\d)年", t.title)
        if year and y and int(y.group(1)) != year:
            rec.statement("year_mismatch", t.pages[0], f"表题年份 {y.group(1)} 与文档年份 {year} 不符",
                          t.title, table=t.key)
    unit = budget.document.get("unit")
    units = set(budget.facts[unit_rows(budget.facts)]["unit"])  # units printed as 预算单位 rows
    for t in budget.tables:
        if unit and t.unit and not same_unit(t.unit, unit) and t.unit not in units:
            rec.statement("unit_mismatch", t.pages[0], f"表头单位“{t.unit}”与封面单位“{unit}”不符", t.unit,
                          table=t.key)
    if n is not None and year:
        cut_off_dates(rec, n, year, budget.document.get("kind"))
        cover_year(rec, n, year)
    codes_against_title(rec, budget)


# a key's classification, and the other one
BY_CLASSIFICATION = (("by_economic", "经济分类", "功能分类"), ("by_function", "功能分类", "经济分类"))


def codes_against_title(rec: Recorder, budget: Budget) -> None:
    """A table titled 按经济分类 whose rows are coded in the 功能分类 (201 / 20101 …), or the reverse:
    the title or the codes are wrong (what the table holds is not what it says)."""
    f = budget.facts
    if f.empty or "classification" not in f:
        return
    for key in f["table"].unique():
        said = next(((name, other) for word, name, other in BY_CLASSIFICATION if word in key), None)
        if said is None:
            continue
        name, other = said
        rows = f[(f["table"] == key) & (f["subject_code"].fillna("") != "")].drop_duplicates("subject_code")
        if len(rows) >= 3 and (rows["classification"] == other).mean() > 0.5:
            shown = "、".join(rows["subject_code"].head(3))
            rec.statement("title_header_mismatch", int(rows["page"].iloc[0]),
                          f"表题为按{name}的表，所列科目却是{other}科目（{shown} …），表题或科目有误", shown,
                          table=key, severity="warning")


def cover_year(rec: Recorder, n, year: int) -> None:
    """A cover naming another year than the body's headings and titles (``read.cover.body_year``
    then gave the document the body's year)."""
    printed = printed_cover_year(n)
    if printed is not None and printed != year:
        rec.statement("year_mismatch", 1, f"封面年度 {printed} 与正文标题和表题的年度 {year} 不符", _cover_text(n)[:80],
                      severity="warning")


def _cover_text(n) -> str:
    return "".join(re.sub(r"\s+", "", ln) for p, ln in (n.source.lines if n.source else []) if p == 1)


def printed_cover_year(n) -> int | None:
    """The first year the cover (page 1) prints."""
    m = re.search(r"((?:19|20)\d\d)年度?", _cover_text(n))
    return int(m.group(1)) if m else None


CUT_OFF = re.compile(r"截[至止](?:到)?(?P<y>(?:19|20)\d\d)年(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日|底|末)?")


def _real_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def cut_off_dates(rec: Recorder, n, year: int, kind: str | None) -> None:
    """截至…: a 决算 states its figures as at the end of its own year (截至2024年12月31日 / 2024年底);
    a 预算 its assets as at a date of the year before or of the budget year itself (截至2025年12月31日,
    截至2024年8月31日 in a 2025 上海 budget, 截至2026年1月31日 in a 2026 广州 one). A date that does
    not exist (2月30日) is wrong in either."""
    for m in CUT_OFF.finditer(n.text):
        y, month, day = int(m["y"]), m["m"] and int(m["m"]), m["d"] and int(m["d"])
        page = n.page_at(m.start()) or 0
        if month and not _real_date(y, month, day):
            rec.statement("year_mismatch", page, f"日期 {m.group(0)} 不存在", m.group(0))
        elif kind == "决算" and (y != year or (month and (month, day) != (12, 31))):
            rec.statement("year_mismatch", page, f"决算口径日期 {m.group(0)} 与决算年度 {year} 的年末不符", m.group(0))
        elif kind != "决算" and y not in (year - 1, year):
            rec.statement("year_mismatch", page, f"日期 {m.group(0)} 不是预算年度 {year} 或上年", m.group(0),
                          severity="warning")
