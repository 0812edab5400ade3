"""The document's identity from its cover and table headings: unit, year, kind, level, money unit."""
from __future__ import annotations

import re

from ..model import DocumentMeta, TableRead
from ..settings import DEFAULT, Settings
from .source import Source


def _most_common(values: list):
    values = [v for v in values if v]
    return max(values, key=lambda v: (values.count(v), -values.index(v))) if values else None


def document_meta(source: Source, tables: list[TableRead], settings: Settings = DEFAULT) -> DocumentMeta:
    """Unit, year, kind (预算/决算) and money unit: from the cover when it names them
    (2024年深圳市…中心部门预算), else from the tables' headings and titles."""
    first = "".join(source.texts[:1])
    cover = re.sub(r"\s+", "", first)
    headings = " ".join(t.title for t in tables)
    year = re.search(r"((?:19|20)\d\d)年度?", cover)
    years = re.findall(r"((?:19|20)\d\d)年", headings + cover[:settings.cover_year_window])
    body = body_year(source, headings, int(year.group(1))) if year else None
    if body:
        year = None  # the cover's year is a typo: every heading and title of the body names another one
        years = [str(body)]
    kind = re.search(r"(预算|决算)", cover[year.end():] if year else cover)
    unit = cover_unit(first, settings.cover_window) or _most_common([t.unit for t in tables]) or ""
    return DocumentMeta(
        file=source.path.name,
        sha256=source.sha256,
        pages=source.n_pages,
        year=int(year.group(1)) if year else (int(_most_common(years)) if years else None),
        unit=unit,
        kind=kind.group(1) if kind else (_most_common(re.findall(r"预算|决算", headings)) or ""),
        level=government_level(cover, unit),
        money_unit=_most_common([t.money_unit for t in tables]),
        tables=tuple(t.key for t in tables),
    )


# the document naming itself in a heading or sentence: 2023年度部门决算 / 2023年度北京市…委员会部门决算
# (not 比2022年度部门决算, 截至2023年)
SELF_YEAR = re.compile(r"(?<![比较与对含至截])((?:19|20)\d\d)年度?[\u4e00-\u9fff（）()]{0,24}?(?:部门|单位)(?:综合)?(?:预算|决算)")


def body_year(source: Source, headings: str, cover_year: int) -> int | None:
    """The year the body names itself by (its headings and sentences after the cover, the tables'
    titles) when that is one year, at least three times, and ``cover_year`` never."""
    votes = [int(y) for y in SELF_YEAR.findall(re.sub(r"\s+", "", "".join(source.texts[1:])))]
    votes += [int(y) for y in re.findall(r"((?:19|20)\d\d)年", headings)]
    if not votes or cover_year in votes:
        return None
    best = max(set(votes), key=lambda y: (votes.count(y), y))
    return best if votes.count(best) >= 3 else None


def government_level(cover: str, unit: str) -> str:
    """省 / 市 / 区 / 县: as the cover says it (区级部门预算), else from the unit's name
    (江苏省人大… → 省, 上海市财政局 → 市, 深圳市罗湖区… → 区)."""
    m = re.search(r"(省|市|区|县)级", cover)
    if m:
        return m.group(1)
    m = re.match(r"^(?:中共)?(?:.{2,3}省)?(?:.{2,3}(?:市|自治州|州))?(?:.{1,4}(区|县))?", unit)
    if m and m.group(1):
        return m.group(1)
    if re.match(r"^(?:中共)?(?:.{2,3}省)?.{2,3}市", unit):
        return "市"
    if re.match(r"^(?:中共)?.{2,3}(省|自治区)", unit):
        return "省"
    return ""


def cover_unit(text: str, window: int = 400) -> str:
    """The unit a cover names: 预算主管部门：X / 预算单位：X, else the words before the year
    (X 2024年度部门决算) or between the year and 部门预算 (2024年X部门预算)."""
    # a label's value ends with its line or at a wide gap before the next label (保密审查情况：…)
    fields = [re.sub(r"\s+", "", f) for line in text[:window].splitlines() for f in re.split(r"\s{2,}", line)]
    for field in fields:
        m = re.search(r"(?:预算主管部门|主管部门|预算单位|部门名称|单位名称)[:：](.{2,40}?)(?=\d|$|单位|部门[:：])", field)
        if m:
            return m.group(1)
    flat = "".join(fields)
    # (leading digits are no year: 2025年测试大学单位预算 目录 测试大学2025年单位预算支出总表)
    m = re.search(r"^(?:(?!(?:19|20)\d\d年)\d+)?(?P<before>[^\d]{2,40}?)?(?:19|20)\d\d年度?(?P<after>[^\d]{0,40}?)(?:部门|单位)?"
                  r"(?:预算|决算)", flat)
    if m:
        # 部门综合预算 / 单位综合预算: a qualifier of the document, not a unit's name
        after = re.sub(r"^(?:部门|单位)[^\d]{0,4}$", "", m.group("after") or "")
        return after or m.group("before") or ""
    return ""
