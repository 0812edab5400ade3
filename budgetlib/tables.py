"""The standard tables of a departmental budget, as plain data: one ``TableSpec`` per table with
everything the library knows of it.

Specs are listed in priority order: the first spec whose pattern matches a title wins, so the
specific titles (政府预算拨款收支总表) come before the general ones (收支总表). Titles are matched
with whitespace removed and the numbering (表一：, 表1, 附表1, 1.) ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    key: str
    name: str  # the canonical Chinese title
    # title patterns (regular expressions on the normalised title, see ``normal_title``): a match
    # of ``patterns`` names the table outright, a match of ``family`` only says which kind of table
    # it may be (一般公共预算支出情况表 is 按功能 or 按经济): the header decides
    patterns: tuple[str, ...]
    family: tuple[str, ...] = ()
    not_title: str = ""  # words that rule the spec out whatever else the title says
    header: str = ""  # words the header of this table prints (it confirms the spec)
    not_header: str = ""  # words its header never prints (it contradicts the spec)
    # the table's item rows are one flat list under the unit: its unit row is their sum (a
    # procurement table nests 大类 → 专项 → 物品, so it is not flat)
    flat_items: bool = False
    # the row names are 科目 names; False for projects, purchases, years or tasks, whose names may
    # happen to equal a 科目 name (办公设备购置) without being that 科目
    names_are_subjects: bool = True
    empty_word: str = ""  # the words a text uses to declare this table empty (本单位无政府性基金…)
    function_rank: int = 0  # preference among the tables that give 功能分类 spending (1 = first)
    total_measures: tuple[str, ...] = ()  # the column names of the table's total, in preference order
    # a table of the 部门预算: a title holding 决算 names its 决算 counterpart (部门决算收支总表,
    # 部门决算“三公”经费支出情况表), never this one
    budget_only: bool = False


# header words shared by several specs
_FUNCTION = r"功能(分类)?科目|功能分类"
_ECONOMIC = r"经济(分类)?科目|经济分类"
_THREE = r"因公出国|公务接待|公务用车"
# 总表 / 总体情况表 / 预算总表: the summary tables' spellings across regions
_SUM = r"(预算)?总(体情况)?表"
# 支出表 / 支出预算表 / 支出情况表 / 支出明细表 / 支出预算情况表
_EXP = r"支出(预算)?(情况|明细)?表"
# 收支 / 收入支出
_IN_OUT = r"收入?支出?"
# a bare 收入预算表 / 支出预算表 names the summary only after the unit's own words (部门支出预算表,
# 2026年支出预算表), never after another qualifier (一般公共预算支出预算表, 项目支出预算表)
# (or a unit's own name: 测试大学收入预算表, XX医院支出预算表)
_BARE = r"(?:^|部门|单位|年|级|大学|学院|学校|医院|局|委|办|厅|中心|所|站|队|馆)"
# 一般公共预算 / 一般公共预算拨款 / 一般公共预算财政拨款
_GPB = r"一般公共预算(财政)?(拨款)?"

TABLE_SPECS: list[TableSpec] = [
    # 决算 (final accounts) first: their titles contain the budget ones
    # the county spellings too: 财政拨款收支决算总表, 部门决算收支总表, 部门决算收入/支出情况表
    # …收入支出决算表 without 总 names the summary too, unless a fund (政府性基金…) qualifies it
    TableSpec("final_gov_funds_summary", "财政拨款收入支出决算总表", (r"财政拨款收入?支出?决算总表", r"决算财政拨款收入?支出?(?:总|情况)表",
              r"财政拨款收入?支出?决算表$"),
              not_title=r"政府性基金|国有资本"),
    TableSpec("final_income_expense_summary", "收入支出决算总表", (r"收入?支出?决算总表", r"决算收入?支出?总表",
              r"(?<!拨款)收入?支出?决算表$"),
              not_title=r"政府性基金|国有资本"),
    TableSpec("final_gpb_basic_expense", "一般公共预算财政拨款基本支出决算表", (r"一般公共预算.*基本支出决算",
              r"决算.*一般公共预算.*基本支出")),
    TableSpec("final_three_public", "财政拨款“三公”经费支出决算表", (r"三公.*决算", r"决算.*三公"),
              not_title=r"^(\d{4}年度?)?(部门)?(政府性基金|国有资本)", header=_THREE, empty_word="三公"),
    TableSpec("final_gpb_expense", "一般公共预算财政拨款支出决算表", (r"一般公共预算.*支出决算", r"决算.*一般公共预算.*支出"),
              not_title="三公",
              not_header=_THREE),
    TableSpec("final_gov_fund", "政府性基金预算财政拨款收入支出决算表", (r"政府性基金.*决算", r"决算.*政府性基金"),
              not_title="三公", empty_word="政府性基金"),
    TableSpec("final_soe_capital", "国有资本经营预算财政拨款收入支出决算表", (r"国有资本经营.*决算", r"决算.*国有资本经营"),
              not_title="三公", empty_word="国有资本经营"),
    TableSpec("final_basic_expense", "基本支出决算表", (r"基本支出决算",)),
    TableSpec("final_project_expense", "项目支出决算表", (r"项目支出决算",), flat_items=True, names_are_subjects=False),
    TableSpec("final_income", "收入决算表", (r"收入决算", r"决算收入(?:总|情况)?表")),
    # a 附表's 支出决算 (机关运行经费, 政府采购) is its own table
    TableSpec("final_expense", "支出决算表", (r"支出决算", r"决算支出(?:总|情况)?表"), not_title="机关运行经费|政府采购|三公",
              not_header=_THREE, function_rank=2,
              total_measures=("本年支出合计", "合计")),
    # 部门预算
    TableSpec("gov_funds_summary", "政府预算拨款收支总表",
              (r"政府预算拨款" + _IN_OUT + _SUM, r"财政拨款" + _IN_OUT + _SUM, r"财政拨款收支(预算)?情况表"),
              budget_only=True),
    TableSpec("income_expense_summary", "收支总表", (_IN_OUT + _SUM, _BARE + _IN_OUT + r"(预算)?(明细)?表$"),
              not_title=r"政府性基金|国有资本|财政专户", budget_only=True),
    TableSpec("income_summary", "收入总表", (r"收入" + _SUM, _BARE + r"收入(预算)?(明细)?表$"), total_measures=("总计", "合计"),
              budget_only=True),
    # a 绩效 table may name what it evaluates (政府采购, 转移支付): it is a 绩效 table all the same
    TableSpec("performance_targets", "整体支出绩效目标表", (r"绩效目标", r"支出绩效表$"), flat_items=True,
              names_are_subjects=False, total_measures=("总额", "合计")),
    TableSpec("procurement", "政府采购项目支出表", (r"政府采购",), not_title="绩效", names_are_subjects=False,
              empty_word="政府采购"),
    # a “三公” table of the 政府性基金 (四川 表4-1) is not the department's “三公” table
    TableSpec("three_public", "“三公”经费支出表", (r"三公",), not_title=r"绩效|^(\d{4}年)?(部门)?(政府性基金|国有资本)",
              header=_THREE, names_are_subjects=False, empty_word="三公", budget_only=True),
    TableSpec("agency_operating_costs", "机关运行经费支出表", (r"机关运行经费",), not_title="绩效"),
    TableSpec("gov_fund_budget", "政府性基金预算支出表", (r"政府性基金",), not_title="绩效|三公", not_header=_THREE,
              empty_word="政府性基金", budget_only=True),
    TableSpec("soe_capital_budget", "国有资本经营预算支出表", (r"国有资本经营",), not_title="绩效|三公", not_header=_THREE,
              empty_word="国有资本经营", budget_only=True),
    TableSpec("transfer_payments", "上级专项转移支付支出表", (r"转移支付",), not_title="绩效", flat_items=True,
              names_are_subjects=False, empty_word="转移支付"),
    # 一般公共预算财政拨款…表 (北京, 辽宁) is the 一般公共预算 table, not the one of all 财政拨款
    TableSpec("gov_funds_basic_by_economic", "财政拨款基本支出表（按经济分类）", (r"财政拨款基本支出",),
              not_title="功能|一般公共预算", not_header=_FUNCTION, budget_only=True),
    TableSpec("gov_funds_by_function", "财政拨款支出表（按功能科目）", (r"财政拨款" + _EXP,), not_title="结转|经济|一般公共预算",
              not_header=_ECONOMIC, function_rank=3, budget_only=True),
    # 一般公共预算基本支出 by 功能科目 (西安) and 一般公共预算项目支出 by 经济科目 (广州) have no key
    TableSpec("gpb_basic_by_economic", "一般公共预算基本支出表（按经济分类）", (_GPB + r"基本支出",),
              not_title="功能", header=_ECONOMIC, not_header=_FUNCTION, budget_only=True),
    TableSpec("gpb_by_function", "一般公共预算支出表（按功能科目）", (r"一般公共预算.*功能",),
              family=(_GPB + _EXP,), not_title="基本支出|项目支出|经济", header=_FUNCTION,
              not_header=_ECONOMIC, function_rank=4, budget_only=True),
    TableSpec("gpb_by_economic", "一般公共预算支出表（按经济分类）", (r"一般公共预算.*经济分类",),
              family=(_GPB + _EXP,), not_title="基本支出|项目支出|功能", header=_ECONOMIC,
              not_header=_FUNCTION, budget_only=True),
    TableSpec("basic_expense", "基本支出总表", (r"基本支出(预算)?(总|情况|预算情况|明细|预算明细)?表",),
              not_title="一般公共预算|财政拨款|功能",
              total_measures=("总计", "合计"), budget_only=True),
    # 专项业务经费 is 西安's name for 项目支出; 项目支出及其他支出 广州's
    TableSpec("project_expense", "项目支出总表", (r"项目支出(及其他支出)?(预算)?(总|情况|预算情况|明细|预算明细)?表",
                                                r"专项业务经费支出(预算)?表"),
              not_title="一般公共预算|财政拨款|经济分类|功能分类", flat_items=True, names_are_subjects=False,
              total_measures=("总计", "合计"), budget_only=True),
    TableSpec("expense_summary", "支出总表", (r"支出" + _SUM, _BARE + r"支出(预算)?(明细)?表$"), function_rank=1,
              total_measures=("支出总计", "总计", "合计"), budget_only=True),
]

SPECS = {s.key: s for s in TABLE_SPECS}
TABLE_KEYS = [s.key for s in TABLE_SPECS]
TABLE_NAMES = {s.key: s.name for s in TABLE_SPECS}
FLAT_ITEMS = frozenset(s.key for s in TABLE_SPECS if s.flat_items)
NO_SUBJECTS = frozenset(s.key for s in TABLE_SPECS if not s.names_are_subjects)
# 功能分类 tables in the order a cross-document comparison prefers them
FUNCTION_TABLES = tuple(s.key for s in sorted((s for s in TABLE_SPECS if s.function_rank), key=lambda s: s.function_rank))


TOTAL_MEASURE = re.compile(r"(总计|合计|总额)$")


def total_measure(measures) -> str | None:
    """Which of a table's amount columns is its total: the first named …总计/…合计/…总额, else
    the first column."""
    measures = list(measures)
    return next((m for m in measures if TOTAL_MEASURE.search(m)), measures[0] if measures else None)


def empty_words() -> dict[str, tuple[str, ...]]:
    """The words that declare a table empty → the keys of the tables they speak of."""
    out: dict[str, tuple[str, ...]] = {}
    for s in TABLE_SPECS:
        if s.empty_word:
            out[s.empty_word] = out.get(s.empty_word, ()) + (s.key,)
    return out

# 表一： / 表1 / 附表1 / 附表1- / 公开表1 / 公开01表 / 1. / 一、 / （一）at the start of a title line
# (the title is read without its spaces: 表5一般公共预算… keeps the 一 of 一般)
_NUMBERING = re.compile(r"^(公开\s*(?:表\s*)?[一二三四五六七八九十\d]+(?!般)\s*表?|附?表\s*[一二三四五六七八九十\d]+(?!般)(?:-\d+)?"
                        r"|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、]|[一二三四五六七八九十]+、)\s*[:：、.\s]*")
# a title ends with 表, optionally followed by a bracketed qualifier: …支出表（按功能科目）
_TITLE_END = re.compile(r"表([（(][^（()）]{1,24}[)）])?$")
# a bracketed aside inside a title (…专项（转移支付）项目绩效目标表) says what, not which table
_ASIDE = re.compile(r"[（(][^（()）]*[)）](?=.)")


def normal_title(title: str) -> str:
    """The title without whitespace, its numbering and the bracketed asides inside it."""
    text = _NUMBERING.sub("", re.sub(r"\s+", "", title or ""))
    return _ASIDE.sub("", text)


@dataclass(frozen=True)
class Recognition:
    key: str | None
    title_says: str | None = None  # the key the title alone names, when the header contradicts it


def _rules_out(spec: TableSpec, title: str) -> bool:
    return bool(spec.not_title and re.search(spec.not_title, title)) or (spec.budget_only and "决算" in title)


def _title_weight(spec: TableSpec, title: str) -> int:
    """2 when the title names the spec, 1 when it names its family, 0 when it rules it out."""
    if _rules_out(spec, title):
        return 0
    if any(re.search(p, title) for p in spec.patterns):
        return 2
    return 1 if any(re.search(p, title) for p in spec.family) else 0


def _header_weight(spec: TableSpec, header: str) -> int:
    if spec.not_header and re.search(spec.not_header, header):
        return -2
    return 1 if spec.header and re.search(spec.header, header) else 0


def _scored(text: str) -> list[tuple[int, int, TableSpec]]:
    """(title weight, spec order, spec) of every spec the normalised title does not leave out."""
    return [(w, i, s) for i, s in enumerate(TABLE_SPECS) if (w := _title_weight(s, text))]


def recognise(title: str, header: str = "") -> Recognition:
    """Which standard table a (title, header) pair is: every spec scored by the title's words
    (named outright 2, family 1) plus the header's (confirming 1, contradicting -2); the highest
    wins, the earlier (more specific) spec on a tie. ``title_says`` is set when the header
    contradicts what the title names."""
    header = re.sub(r"\s+", "", header or "")
    scored = _scored(normal_title(title))
    if not scored:
        return Recognition(None)
    by_title = max(scored, key=lambda t: (t[0], -t[1]))[2]
    best = max(((w + _header_weight(s, header), -i, s) for w, i, s in scored), key=lambda t: t[:2])
    named = max(scored, key=lambda t: (t[0], -t[1]))[0] == 2  # a family title says no more than its family
    said = by_title.key if named and _header_weight(by_title, header) < 0 else None
    # a header that contradicts every reading of the title leaves the title's word standing
    return Recognition(best[2].key if best[0] > 0 else by_title.key, said)


def title_keys(title: str) -> list[str]:
    """Every key the title alone may name: the spec it names outright, or — a family title that
    leaves the choice to the header (一般公共预算支出表: 按功能 or 按经济) — each of its family."""
    scored = _scored(normal_title(title))
    top = max((w for w, _, _ in scored), default=0)
    keys = [s.key for w, _, s in scored if w == top]
    return keys[:1] if top == 2 else keys


def ruled_out(title: str) -> bool:
    """Whether the title names a standard table's kind in words its spec rules out (一般公共预算
    基本支出明细表（按支出功能分类科目）: the 基本支出 table by 功能科目, which has no key): a
    table the library knows and does not read, not an unknown one."""
    text = normal_title(title)
    return any(_rules_out(s, text) and any(re.search(p, text) for p in s.patterns + s.family) for s in TABLE_SPECS)


def table_key(title: str, header: str = "") -> str | None:
    """The canonical key of a table title (and header), or None when it is no standard table."""
    return recognise(title, header).key


# a sentence that mentions a table (详见…绩效目标表) or a section heading of the booklet is no title
_NOT_A_TITLE = re.compile(r"详见|见附|参见|说明|^第[一二三四五六七八九十]+部分|部门(预算|决算)表$|单位预算表$")
_HEAD = re.compile(r"单位名称|(?:金额)?单位[:：]")


def _lines(text: str) -> list[str]:
    return [_HEAD.split(re.sub(r"\s+", "", line))[0] for line in (text or "").splitlines()]


def _is_title(head: str, max_chars: int) -> bool:
    return (2 < len(head) <= max_chars and bool(_TITLE_END.search(head)) and not _NOT_A_TITLE.search(head)
            and len(normal_title(head)) > 2)


def title_lines(text: str, max_chars: int = 60) -> list[tuple[str, str | None]]:
    """Every line of ``text`` that reads as a table title: (title, key or None when unknown). A
    title wrapped over two lines (…项目绩效 / 目标表) is read joined."""
    out = []
    lines = _lines(text)
    for i, head in enumerate(lines):
        if not _is_title(head, max_chars):
            continue
        before = lines[i - 1] if i else ""
        joined = before + head
        if before and not _TITLE_END.search(before) and not _is_title(before, max_chars) \
                and _is_title(joined, max_chars) and not table_key(head) and table_key(joined):
            head = joined
        out.append((head, table_key(head)))
    return out


def find_title(text: str, max_chars: int = 60) -> tuple[str, str] | None:
    """The first line of ``text`` that reads as a standard table's title: (title, key)."""
    return next(((t, k) for t, k in title_lines(text, max_chars) if k), None)


# words of a standard table's header: a grid that prints them under an unknown title is worth a warning
STANDARD_HEADER = re.compile(r"科目(编码|代码|名称)|功能分类|经济分类|本年收入|上年结转|因公出国")
