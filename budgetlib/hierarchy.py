"""政府收支分类科目: code levels, parents, the catalogue, and codes for rows that print only a name.

Rules (财政部《政府收支分类科目》):
- 支出功能分类 codes start with 2: 类 3 digits (201), 款 5 (20133), 项 7 (2013350);
- 部门预算支出经济分类 codes start with 3 (301 → 30101), 政府预算支出经济分类 with 5 (501 → 50101):
  类 3 digits, 款 5;
- 收入分类 codes start with 1 (类 3, 款 5, 项 7, 目 9).
"""
from __future__ import annotations

from collections import defaultdict
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd

from .clean import half_unit
from .model import Finding
from .tables import NO_SUBJECTS
from .tidy.layout import TOTAL_LABEL

LEVELS = {3: "类", 5: "款", 7: "项", 9: "目"}
CLASSIFICATIONS = {"1": "收入分类", "2": "功能分类", "3": "经济分类", "5": "经济分类"}


def subject_level(code: str) -> str:
    """类 / 款 / 项 (/ 目) from the length of a code; empty for anything that is not a code."""
    return LEVELS.get(len(code), "") if code and code.isdigit() else ""


def parent_code(code: str) -> str:
    """The code one level up (2013350 → 20133 → 201 → ''), by the 3/5/7/9-digit rule."""
    if not subject_level(code) or len(code) == 3:
        return ""
    return code[: len(code) - 2]


def parent_chain(code: str) -> list[str]:
    """The code and its ancestors up to its 类: 2013350 → [2013350, 20133, 201]."""
    chain = []
    while code:
        chain.append(code)
        code = parent_code(code)
    return chain


def classification(code: str) -> str:
    return CLASSIFICATIONS.get(code[:1], "") if subject_level(code) else ""


def subject_levels(codes: pd.Series) -> pd.DataFrame:
    """level, parent_code and classification for a Series of codes."""
    return pd.DataFrame({
        "level": codes.map(subject_level),
        "parent_code": codes.map(parent_code),
        "classification": codes.map(classification),
    }, index=codes.index)


@lru_cache(maxsize=1)
def catalogue() -> pd.DataFrame:
    """The shipped classification catalogue: code, name, level, classification, source."""
    with resources.files("budgetlib").joinpath("data/catalogue.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def document_codes(facts: pd.DataFrame) -> dict[str, dict[str, list[str]]]:
    """classification digit → name → the distinct codes the document prints for that name, in
    order. 部门 (3xx) and 政府 (5xx) 经济分类 stay apart: they share names (对个人和家庭的补助 is
    303 and 509), and the 政府 pair printed beside a 部门 one counts as printed."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    pairs = [zip(facts["code"], facts["name"])]
    if "gov_economic_code" in facts:
        pairs.append(zip(facts["gov_economic_code"], facts["gov_economic_name"]))
    for code, name in (p for printed in pairs for p in printed):
        if classification(code) and code not in out[code[:1]][name]:
            out[code[:1]][name].append(code)
    return out


# list numbering printed before a name: 一、 （一） 1. 1、 1．
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


def _bare(name: str) -> str:
    """The name to match against 科目 names: no 收入:/支出: side, no list numbering."""
    name = name.split(":", 1)[1] if ":" in name else name
    return _NUMBERING.sub("", name)


def infer_codes(facts: pd.DataFrame) -> tuple[pd.Series, list[Finding]]:
    """subject_code for every fact: the printed code, or for a name-only row the code the
    document's coded tables print for that name. A name printed at two levels (其他社会保障和
    就业支出: 款 20899 and 项 2089999) takes its codes in order of appearance. Returns the codes
    and findings for names that stay ambiguous."""
    codes = facts["code"].copy()
    known = document_codes(facts)
    problems = []
    named = facts[(facts["code"] == "") & (facts["name"] != "") & ~facts["table"].isin(NO_SUBJECTS)]
    for (table, side), rows in named.groupby(["table", "side"], sort=False):
        if side == "收入":
            continue
        names = rows["name"].map(_bare)
        best = {g: _matching(names[rows["group"] == g], known) for g in rows["group"].unique()}
        if not any(best.values()):
            found, finding = catalogue_order_codes(rows)
            codes[found.index] = found
            problems += [finding] if finding else []
            continue
        for g in list(best):
            listed = _matching(names[rows["group"] == g], {d: _catalogue_names(d) for d in "235"})
            if best[g] and listed and listed != best[g] and _matches(names[rows["group"] == g], _catalogue_names(listed)) > \
                    _matches(names[rows["group"] == g], known.get(best[g], {})):
                # the catalogue names this group's rows better than the codes the document prints
                # (政府经济 names beside 部门经济 ones; the two share 对个人和家庭的补助): it codes them
                found, finding = catalogue_order_codes(rows[rows["group"] == g], listed)
                codes[found.index] = found
                problems += [finding] if finding else []
                best[g] = None
        seen: dict[tuple, int] = defaultdict(int)
        for (unit, _, g, row), group in rows.groupby(["unit", "page", "group", "row"], sort=False):
            name = _bare(group["name"].iloc[0])
            options = known[best[g]].get(name, []) if best[g] else []
            k = seen[(unit, name)]
            seen[(unit, name)] += 1
            if len(options) == 1 or k < len(options):
                codes[group.index] = options[min(k, len(options) - 1)]
            elif options:
                problems.append(Finding("ambiguous_name", "warning", int(group["page"].iloc[0]), table,
                                        f"名称“{name}”在编码表中对应多个科目，无法确定编码", name))
    return codes, problems


def _matches(names: pd.Series, options: dict[str, list[str]]) -> int:
    return int(names.isin(list(options)).sum())


def _matching(names: pd.Series, by_class: dict[str, dict[str, list[str]]]) -> str | None:
    """The classification whose names most of ``names`` are (the first on a tie), None for none."""
    best = max(by_class, key=lambda d: _matches(names, by_class[d]), default=None)
    return best if best is not None and _matches(names, by_class[best]) else None


@lru_cache(maxsize=4)
def _catalogue_names(cls_digits: str) -> dict[str, list[str]]:
    """name → the catalogue's codes of one classification (codes starting with ``cls_digits``)."""
    out: dict[str, list[str]] = defaultdict(list)
    for code, name in zip(catalogue()["code"], catalogue()["name"]):
        if code[:1] in cls_digits and code not in out[name]:
            out[name].append(code)
    return out


def order_codes(names: list[str], options: dict[str, list[str]]) -> list[str]:
    """Codes for rows printed in the catalogue's order without codes (levels shown only by
    indentation): each name takes the catalogue code that is a 项 of the 款 above it, else a 款
    of the 类 above it, else its only 类 code. In a 类 block (a 类 row and the rows up to the next
    类) in which one name cannot be placed only the 类 row keeps its code, so no parent is
    compared with a part of its children and the 类 rows still add up to the total."""
    out, block, lei, kuan = [], [], "", ""
    blocks = []
    for name in names:
        codes = options.get(name, [])
        pick = (next((c for c in codes if len(c) == 7 and kuan and c.startswith(kuan)), "")
                or next((c for c in codes if len(c) == 5 and lei and c.startswith(lei)), ""))
        classes = [c for c in codes if len(c) == 3]
        if not pick and len(classes) == 1:
            pick = classes[0]
        if len(pick) == 3 or (not pick and not block):
            blocks.append(block)
            block = []
        if len(pick) == 3:
            lei, kuan = pick, ""
        elif len(pick) == 5:
            kuan = pick
        block.append(pick)
    blocks.append(block)
    for b in blocks:
        if all(b):
            out += b
        else:
            out += [b[0] if len(b[0]) == 3 else ""] + [""] * (len(b) - 1)
    return out


def _class_heads_coded(codes: list[str]) -> bool:
    """Every row is coded or lies in a block headed by a coded 类 row (``order_codes``)."""
    head = ""
    for code in codes:
        head = code if len(code) == 3 else head
        if not code and not head:
            return False
    return True


def _classes_make_total(classes: pd.DataFrame, totals: pd.DataFrame) -> bool:
    """The rows coded 类 add up, in every measure, to the unit's printed 合计 row: the proof that
    no row left uncoded is a 类 of its own."""
    if totals.empty or classes.empty:
        return False
    parts = classes.groupby("measure", sort=False)["amount"].agg(["sum", "size"])
    for measure, amount in totals.drop_duplicates("measure").set_index("measure")["amount"].items():
        # each printed term, the total included, is rounded by at most half a unit of its last digit
        if measure not in parts.index or abs(parts.at[measure, "sum"] - amount) > half_unit(amount) * (parts.at[measure, "size"] + 1):
            return False
    return True


def catalogue_order_codes(rows: pd.DataFrame, digits: str = "") -> tuple[pd.Series, Finding | None]:
    """subject_code for the name-only rows of one table side that no coded table of the document
    names: from the catalogue and the order of the rows (``order_codes``), per unit; ``digits``
    the classification (by default 功能, or the 经济 one an economic table's names match best)."""
    found = pd.Series("", index=rows.index, dtype=object)
    total = rows["name"].map(lambda n: TOTAL_LABEL.search(_bare(n)) is not None)
    listed = rows[~total]
    if listed.empty:
        return found, None
    bare = listed["name"].map(_bare)
    # 部门预算经济分类 (3xx) and 政府预算经济分类 (5xx) share names (对个人和家庭的补助): one of them
    digits = digits or ("2" if str(listed["table"].iloc[0]).find("economic") < 0 else max(
        "35", key=lambda d: bare.isin(list(_catalogue_names(d))).sum()))
    options = _catalogue_names(digits)
    placed = n_rows = 0
    unplaced = []
    for unit, unit_rows in listed.groupby("unit", sort=False):
        printed = unit_rows.groupby(["page", "group", "row"], sort=False)
        groups = printed.groups
        keys = list(groups)
        first = printed["name"].first().to_dict()
        names = [_bare(first[k]) for k in keys]
        codes = order_codes(names, options)
        n_rows += len(keys)
        unplaced += [n for n in names if not options.get(n)]
        if not all(codes):  # a 类 left uncoded would compare the total with a part of its items
            classes = [i for k, c in zip(keys, codes) if len(c) == 3 for i in groups[k]]
            if not (_class_heads_coded(codes)
                    and _classes_make_total(unit_rows.loc[classes], rows[total & (rows["unit"] == unit)])):
                continue
        coded = {i: code for k, code in zip(keys, codes) for i in groups[k]}
        found[list(coded)] = list(coded.values())
        placed += sum(bool(c) for c in codes)
    if not any(options.get(n) for n in bare):
        return found, None
    table = str(listed["table"].iloc[0])
    how = "按目录中的名称与行序（类 → 款 → 项）推得科目编码" if placed else "目录不能确定每一行的科目编码，本表不推编码"
    return found, Finding("codes_from_catalogue", "info", int(listed["page"].iloc[0]), table,
                          f"本表未印科目编码：{how}（{placed}/{n_rows} 行）",
                          "未能定位：" + "、".join(dict.fromkeys(unplaced)) if unplaced else f"{placed}/{n_rows}")


def catalogue_findings(facts: pd.DataFrame) -> list[Finding]:
    """A printed code whose printed name differs from the catalogue's, and unknown codes. The
    catalogue holds the names of the editions its documents print, so another name is a warning
    only where it is provably wrong: cut short (a prefix of the catalogue's name) or the name of
    another code of the same classification; otherwise an info (another year's edition)."""
    names: dict[str, list[str]] = defaultdict(list)
    codes_of: dict[str, set[str]] = defaultdict(set)
    for code, name in zip(catalogue()["code"], catalogue()["name"]):
        names[code].append(name)
        codes_of[_fold(name)].add(code)
    out = []
    rows = facts[(facts["code"] != "") & (facts["name"] != "") & ~facts["table"].isin(NO_SUBJECTS)]
    for r in rows.drop_duplicates(["table", "code", "name"]).itertuples():
        expected = names.get(r.code)
        printed = _fold(r.name)
        if not expected:
            out.append(Finding("unknown_code", "info", int(r.page), r.table, f"科目编码 {r.code} 不在目录中",
                               f"{r.code} {r.name}", None, r.code))
        elif printed not in {_fold(n) for n in expected}:
            cut = any(_fold(n).startswith(printed) for n in expected)
            other = sorted(c for c in codes_of.get(printed, ()) if c[:1] == r.code[:1] and c != r.code)
            why = "名称印得不全" if cut else f"该名称在目录中属科目 {'、'.join(other)}" if other else ""
            out.append(Finding("catalogue_name", "warning" if why else "info", int(r.page), r.table,
                               f"科目 {r.code} 的名称与目录不同：印作“{r.name}”，目录为“{' / '.join(expected)}”"
                               + (f"（{why}）" if why else "（目录未收此名称，或为另一年度的科目名称）"),
                               f"{r.code} {r.name}", " / ".join(expected), r.name))
    return out


def _fold(name: str) -> str:
    """Names compare with full-width and half-width punctuation folded: 维修（护）费 = 维修(护)费."""
    return unicodedata.normalize("NFKC", name)


def add_hierarchy(facts: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    """facts with subject_code, level, parent_code and classification columns."""
    facts = facts.copy()
    facts["subject_code"], problems = infer_codes(facts)
    facts = facts.join(subject_levels(facts["subject_code"]))
    return facts, problems + catalogue_findings(facts)
