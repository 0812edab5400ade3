"""Broken checks grouped by cause, each cause told as one finding a reviewer can act on.

A 类 row whose total does not add up breaks once per printed column (支出总计, 基本支出 …): that is
one mistake (or one rounding), so the checks of one table, page and row with the same difference
become one finding that lists the columns. A wrong figure summed into the rows above it (a 项's
小计 carried into its 款, 类 and 合计) breaks each of them by the same amount in the same columns:
those rows are one finding too. The message says in plain Chinese what is wrong, names
the table by its Chinese title and, for a figure compared with another table, that table's page.
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Check, Finding
from ..tables import SPECS

# what the printed figure is compared with, by rule (the expected value's origin in plain words)
COUNTERPART = {
    "parent_sum": "其下级科目相加", "unit_sum_classes": "各类科目相加", "total_sum_classes": "各类科目相加",
    "unit_sum_items": "各项相加", "total_row_sum": "各行相加", "supervising_sum": "所属各单位相加",
    "row_total_sum": "同行各列相加", "subtotal_sum": "同行各列相加", "two_sided_total": "各项相加",
    "two_sided_balance": "支出方总计", "side_items_sum": "各项相加", "carryover_sum": "各项结转结余相加", "year_change": "本年数减上年数",
    "grand_total": "另一张表的同一合计", "basic_total": "另一张表的同一合计", "project_total": "另一张表的同一合计",
    "gpb_total": "另一张表的同一合计", "cross_code": "支出表中同一科目", "three_public_code": "经济分类表中对应科目",
}


def cause_key(c: Check) -> tuple:
    """Checks with this key are one cause: same table, page, row and the same difference; for a
    text figure, the same printed and expected values of the same rule on the same page."""
    if c.kind == "statement":
        return ("statement", id(c))
    if not c.table:  # a figure of the text: one printed figure read under two keys (收支预算总额 is the
        # income's and the expense's) is one cause
        return ("text", c.rule, c.page, c.lhs, c.rhs, c.status, c.severity)
    return (c.table, c.page, c.unit, c.code, c.name, c.status, c.severity, c.difference)


# identities inside one table, whose break in a row is carried into the rows that sum it
WITHIN = {"parent_sum", "unit_sum_classes", "total_sum_classes", "unit_sum_items", "total_row_sum",
          "supervising_sum", "row_total_sum", "subtotal_sum", "carryover_sum", "year_change", "side_items_sum"}


def _row(c: Check) -> tuple:
    return (c.unit, c.code, c.name)


def carried(a: list[Check], b: list[Check]) -> bool:
    """Whether row cause ``b`` is row cause ``a`` carried into another row: both break the same
    identities of one table and page in the same columns by the same amount (within rounding)."""
    fa, fb = a[0], b[0]
    if not all(g[0].kind == "sum" and g[0].status == "break" and {c.rule for c in g} <= WITHIN for g in (a, b)):
        return False
    if (fa.table, fa.page, fa.severity) != (fb.table, fb.page, fb.severity) or _row(fa) == _row(fb):
        return False
    if {(c.rule, c.measure) for c in a} != {(c.rule, c.measure) for c in b}:
        return False
    return abs(Decimal(fa.difference) - Decimal(fb.difference)) <= max(Decimal(fa.tolerance), Decimal(fb.tolerance))


def group_causes(checks: list[Check]) -> list[list[Check]]:
    """The checks that are not exact, grouped by cause, in the order the first of each was made."""
    groups: dict[tuple, list[Check]] = {}
    for c in checks:
        if c.status != "ok":
            groups.setdefault(cause_key(c), []).append(c)
    causes: list[list[list[Check]]] = []  # each cause: its row groups, the first row's first
    for g in groups.values():
        home = next((rows for rows in causes if carried(rows[0], g) and all(_row(r[0]) != _row(g[0]) for r in rows)),
                    None)
        if home is None:
            causes.append([g])
        else:
            home.append(g)
    return [[c for rows in cause for c in rows] for cause in causes]


def table_title(key: str | None) -> str:
    return f"《{SPECS[key].name}》" if key in SPECS else (f"《{key}》" if key else "")


def _pages(pages: list[int]) -> str:
    return "、".join(str(p) for p in pages)


def other_tables(c: Check, table_pages: dict[str, list[int]]) -> str:
    """The other tables (with their pages) the single term of ``c`` is a figure of
    (``table:label:measure``), or ''."""
    if len(c.terms) != 1:
        return ""
    named = [k for k in c.terms[0].split(":", 1)[0].split("+") if k in SPECS and k != c.table]
    return "、".join(table_title(k) + (f"（第{_pages(table_pages[k])}页）" if table_pages.get(k) else "")
                    for k in named)


def counterpart(c: Check, table_pages: dict[str, list[int]]) -> str:
    """Where the expected value comes from: the rule's words, and the other table and its page
    when the single term is a figure of another table."""
    words = COUNTERPART.get(c.rule, "对照数")
    where = other_tables(c, table_pages)
    return f"{where}{words.replace('另一张表的', '')}" if where else words


def _should_agree(said: str) -> str:
    """…与…一致 as …应与…一致: the last 与 outside quotation marks (a quoted name may hold one:
    “文化旅游体育与传媒”类支出与支出总表一致)."""
    depth, at = 0, -1
    for i, ch in enumerate(said):
        depth += (ch == "“") - (ch == "”")
        if ch == "与" and depth == 0:
            at = i
    return said if at < 0 else said[:at] + "应" + said[at:]


def text_message(first: Check, where: str, verdict: str, table_pages: dict[str, list[int]]) -> str:
    """A figure of the text (or of a task) against its counterpart: what should agree, the printed
    figure, and the table and page it differs from."""
    said = first.description
    if said.endswith("一致") and "与" in said:  # 文字中的总计与收支总表一致 is what should hold, not what does
        said = _should_agree(said)
    table = other_tables(first, table_pages)
    against = f"{table}为" if table else ("应为" if len(first.terms) == 1 else "各项合计")
    return f"{where}{said}：印出 {first.lhs}，{against} {first.rhs}，相差 {first.difference}{verdict}"


def _row_words(c: Check) -> str:
    row = " ".join(x for x in (c.code, c.name) if x)
    return f"“{row}”行" if row else (f"“{c.unit}”合计行" if c.unit else "合计行")


def sum_message(group: list[Check], table_pages: dict[str, list[int]]) -> str:
    first = group[0]
    verdict = ("，差额在公布数逐格四舍五入的范围内（不是错误）" if first.status == "rounding"
               else "，超出四舍五入的范围：数字有误，需核对更正" if first.severity == "defect"
               else "，超出四舍五入的范围，需核对")
    where = f"{table_title(first.table)}第{first.page}页" if first.table in SPECS else (
        f"第{first.page}页" if first.page else "")
    if first.rule not in COUNTERPART:  # a figure of the text or of a task: its own description says it
        return text_message(first, where, verdict, table_pages)
    rows = list(dict.fromkeys(_row(c) for c in group))
    if len(rows) > 1:  # one figure carried into the rows above it
        heads = [next(c for c in group if _row(c) == r) for r in rows]
        cols = "、".join(dict.fromkeys(f"“{c.measure}”" for c in group if c.measure))
        return (f"{where}{'、'.join(_row_words(c) for c in heads)}" + (f"{cols}列" if cols else "")
                + f"印出 {'、'.join(c.lhs for c in heads)}，{counterpart(first, table_pages)}为 "
                + f"{'、'.join(c.rhs for c in heads)}，各相差 {'、'.join(c.difference for c in heads)}{verdict}"
                + "（同一差额逐行计入上级各行：是一处差错）")
    if len({(c.lhs, c.rhs) for c in group}) == 1:
        cols = "、".join(dict.fromkeys(f"“{c.measure}”" for c in group if c.measure))
        values = (f"{cols}列" if cols else "") + f"印出 {first.lhs}，{counterpart(first, table_pages)}为 {first.rhs}"
    else:
        values = "；".join(f"“{c.measure}”列印出 {c.lhs}，{counterpart(c, table_pages)}为 {c.rhs}" for c in group)
    return f"{where}{_row_words(first)}{values}，相差 {first.difference}{verdict}"


def finding_of_cause(group: list[Check], table_pages: dict[str, list[int]] | None = None) -> Finding:
    first = group[0]
    if first.kind == "statement":
        return Finding(first.rule, first.severity, first.page, first.table or None, first.description, first.terms[0])
    where = " ".join(x for x in (first.unit, first.code, first.name) if x)
    measures = "、".join(dict.fromkeys(c.measure for c in group))
    evidence = f"{where} [{measures}] {first.lhs} vs " + " + ".join(first.terms)
    if len(group) > 1:
        evidence += f"（同一原因 {len(group)} 项检查）"
    return Finding(first.rule, "info" if first.status == "rounding" else first.severity, first.page,
                   first.table or None, sum_message(group, table_pages or {}), evidence, first.rhs, first.lhs)
