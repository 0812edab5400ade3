"""What a reviewer checks on the text before publication: template leftovers (placeholders,
增加（减少）), doubled punctuation, unfinished sentences (主要原因是。), an amount left blank
(支出决算为万元), a heading naming another year, and an empty table that carries no note saying why it is empty. Each is a ``warning``
with its page and the sentence that shows it."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Budget, Narrative
from ..tables import SPECS, empty_words
from .document import PLACEHOLDER, printed_cover_year
from .index import TableIndex
from .record import Recorder

# the next heading of the 说明: （二） / 三、
NEXT_HEADING = r"(?:[(][一二三四五六七八九十]{1,3}[)]|[一二三四五六七八九十]{1,3}、)"
# (主要原因是……。: the template's ellipsis where the reason belongs; ……等 lists on, it is no blank)
ELLIPSIS = r"(?:…{2,}|\.{6,})"
PLACEHOLDERS = re.compile(r"X{2,}|×{2,}|某某|【\s*】|【[^】]{0,20}(?:填写|填列|名称)[^】]{0,20}】|此处填写|此处(?:填|输入)|"
                          r"待填|\?{3,}|" + ELLIPSIS + r"(?=[。;]|" + NEXT_HEADING + r"|\d+[.、])")
# ，，  。。  ：：  ，。  其中：， (text_norm makes ，；： ASCII)
DOUBLED = re.compile(r"([。,;、:!?])\1|[,;、:]。|。[,;、:]|:[,;、]|[,;、]:")
# 主要原因是。 / 主要原因是：（二）… — nothing between the words and the sentence's end or the next heading
UNFINISHED = re.compile(r"(?:主要原因(?:是|为)?|原因(?:是|为)|主要用于|主要包括|具体包括|其中)[:,]?[。;]|"
                        r"(?:主要原因(?:是|为)?|原因(?:是|为))[:,]?(?=" + NEXT_HEADING + ")")  # (其中：一、… lists)
# an amount left blank: 支出决算为万元, 完成预算的%
# (公用经费万元, 占%): a unit or % right after a word, where a figure belongs — not 单位:万元, 以万元计, 千万元
# (a conversion into the unit, 转换为万元 / 约值万元, and 万元GDP, name the unit, not an amount)
BLANK_AMOUNT = re.compile(r"(?<!转换|换算|折算|折合|单位)(?<!转换为|换算为|折算为|折合为|单位为)(?<![以按计千百十数几余亿约值])"
                          r"(?<=[\u4e00-\u9fff])(?:万元|%)(?!为单位|计|[A-Za-z])")
TEMPLATE_WORDS = re.compile(r"增加\((?:减少|下降)\)|增长\((?:下降|减少)\)|减少\(增加\)|增加/减少|增长/下降|增\(减\)\d|"
                            r"大于/小于|大于\(小于\)|高于/低于|上升\(下降\)")
# a heading's year: 2023年部门预算情况说明 / …收支总体情况 (not 比2025年部门预算, 2025年部门预算含…)
HEADING_YEAR = re.compile(r"(?<![比较与对含])((?:19|20)\d\d)年度?(?:部门|单位)(?:综合)?(?:预算|决算)(?=公开|情况说明|编制说明|说明|收支|表)")
EMPTY_NOTE = re.compile(r"空表|无数据|无发生额|(?:本表|此表)[^。;]{0,6}无|无此项|不涉及|无相关|没有|(?<![增减])无[^。;,]{0,12}(?:收支|支出|收入|经费|预算|资金)|"
                        r"为0|为零|均为0")


def _sentences(n: Narrative, pattern: re.Pattern):
    for m in pattern.finditer(n.text):
        yield m, n.page_at(m.start()) or None, n.sentence_at(m.start(), m.end())


def text_hygiene(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """Placeholders, doubled punctuation, unfinished sentences and template words in the text."""
    kinds = ((PLACEHOLDERS, "text_placeholder", "文字中残留模板占位符“{0}”"),
             (DOUBLED, "doubled_punctuation", "标点重复“{0}”"),
             (UNFINISHED, "unfinished_sentence", "句子未写完：“{0}”后没有内容"),
             (BLANK_AMOUNT, "blank_amount", "金额空缺：“{0}”前没有数字"),
             (TEMPLATE_WORDS, "template_words", "模板用语“{0}”未按实际情况改写"))
    seen = set()
    for pattern, rule, message in kinds:
        for m, page, sentence in _sentences(n, pattern):
            if (rule, page, sentence) in seen or _in_contents(sentence, _page_text(n, page)) or \
                    (rule == "text_placeholder" and PLACEHOLDER.search(sentence)):
                continue  # document.document_identity reports XX局 and the like already
            if rule == "doubled_punctuation" and not _on_one_line(n, page, m.group(0)):
                continue  # 。 printed alone on a line after one ending in 。: the text layer's order, not a typo
            seen.add((rule, page, sentence))
            shown = m.group(0) if rule == "doubled_punctuation" else m.group(0).rstrip("。;,:")
            rec.statement(rule, page, message.format(shown), sentence, severity="warning")


def _on_one_line(n: Narrative, page: int | None, marks: str) -> bool:
    """Whether ``marks`` stand side by side on one printed line of ``page`` (true when the printed
    lines are unknown)."""
    lines = [ln for p, ln in (n.source.lines if n.source else []) if p == page]
    return not lines or any(marks in re.sub(r"\s+", "", ln) for ln in lines)


def _in_contents(sentence: str, page_text: str) -> bool:
    """A table of contents' dot leaders (第一部分……3) are not punctuation, nor is anything on the
    contents page itself (a sentence that merely runs on from it is judged on its own page)."""
    return bool(re.search(r"(?:\.{3,}|…+)\s*\d+(?![\d.、])", sentence) or re.search(r"^\s*目\s*录\s*$", page_text, re.M))


# the year a change is measured against: 与2023年度相比…减少 / 比2025年年初预算增加 / 较上年 (that is year − 1)
BASE_YEAR = re.compile(r"(?:与|比|较|同)((?:19|20)\d\d)年度?(?=(?:年初)?(?:部门)?(?:预算|决算)?(?:执行)?数?(?:相比|比较)?"
                       r"[^。;\d]{0,30}?(?:增加|减少|增长|下降|持平|上升|降低))")


# 七、2025年“三公”经费预算情况 in a 2026 budget: a numbered section heading of another year
SECTION_YEAR = re.compile(r"(?:(?<![\d、])[一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)])((?:19|20)\d\d)年度?"
                          r"[\u4e00-\u9fff“”\"]{0,20}?(?:预算|决算)[\u4e00-\u9fff]{0,4}?(?:情况|说明)")
# a sentence that opens on its year and states an amount (2025年度本年收入合计1091.80万元): the
# document's year, unless the sentence compares (比/较/相比/同比/上年)
# the subjects of the 说明's own statements (a report annexed about another year's fund is not one)
DOCUMENT_SUBJECTS = (r"本年收入|本年支出|收入总计|支出总计|收、支总计|收支总计|收入(?:预算|决算)|支出(?:预算|决算)|收支(?:预算|决算)|财政拨款|一般公共预算|政府性基金|国有资本经营|"
                     r"“?三公”?经费|机关运行经费|政府采购|基本支出|项目支出|部门(?:预算|决算)?(?:收入|支出)")
# (a heading runs into its first sentence: …情况说明2025年度…; 本部门2025年度无… states a nil)
STATEMENT_SUBJECT = r"(?:本部门|本单位|部门|单位)?(?:(?:" + DOCUMENT_SUBJECTS + r")(?:(?!比|较|相比)[^。;\d]){0,16}?\d|无|没有)"
STATEMENT_YEAR = re.compile(r"(?:^|(?<=[。;)])|(?<=说明)|(?<=情况))(?:本部门|本单位|我部门|我单位)?((?:19|20)\d\d)年度?"
                            r"(?=" + STATEMENT_SUBJECT + ")"
                            # (a heading runs into it: 五、政府性基金预算支出2025年本单位无政府性基金安排的支出)
                            r"|(?<![\d比较与和至截于自从到前后同])((?:19|20)\d\d)年度?(?=(?:本部门|本单位|我部门|我单位)(?:无|没有|未))")
# 2062年 in a 2026 document: a year no budget speaks of (2035 and 2050 are planning horizons)
FAR_YEAR = re.compile(r"(?<!\d)((?:19|2\d)\d\d)年")  # (2203年度: digits transposed)
FAR = 25


def text_years(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """“2023年部门预算” in the text of a 2024 budget: a heading copied from last year; a change
    measured against another year than the last (与2022年度相比 in a 2024 决算); the unit's own
    year (上海市普陀区财政局2025年度无…) other than the document's."""
    year = budget.document.get("year")
    if not year:
        return
    seen = set()
    cover = _bare(budget.document.get("unit", ""))
    # (西安市卫生健康委员会2023年7月 under a report is a date, not the unit's year)
    own = re.compile(re.escape(cover) + r"((?:19|20)\d\d)年度?(?!\d{1,2}月)") if len(cover) >= 4 else None
    kinds = [(HEADING_YEAR, year, "与文档年度 {year} 不符"), (BASE_YEAR, year - 1, "：对比的不是上年 {year}"),
             (SECTION_YEAR, year, "与文档年度 {year} 不符"), (STATEMENT_YEAR, year, "与文档年度 {year} 不符")]
    if own is not None:
        kinds.append((own, year, "与文档年度 {year} 不符"))
        # 。2026年深圳市民政局（本级）部门预算支出28,283.46万元: the year, then the unit's name
        kinds.append((re.compile(r"(?:^|(?<=[。;)]))((?:19|20)\d\d)年度?(?=" + re.escape(cover) + r"(?:\([^)]{1,6}\))?"
                                 + STATEMENT_SUBJECT + ")"), year, "与文档年度 {year} 不符"))
    for m, page, sentence in _sentences(n, FAR_YEAR):
        stated = int(m.group(1))
        if stated > year + FAR and (stated, page, sentence) not in seen:
            seen.add((stated, page, sentence))
            rec.statement("text_year_mismatch", page, f"文字中的“{m.group(0)}”远在文档年度 {year} 之后，应是笔误",
                          sentence, severity="warning")
    cover_year = printed_cover_year(n)  # a wrong year on the cover is document.cover_year's finding
    for pattern, want, words in kinds:
        for m, page, sentence in _sentences(n, pattern):
            stated = int(next(g for g in m.groups() if g))
            if page == 1 and stated == cover_year:
                continue
            if stated != want and (stated, page, sentence) not in seen:
                seen.add((stated, page, sentence))
                rec.statement("text_year_mismatch", page, f"文字中的“{m.group(0)}”" + words.format(year=want), sentence,
                              severity="warning")


# 2024年深圳市民政局部门预算情况说明: the unit a heading or sentence names before its 部门预算
NAMED_UNIT = re.compile(r"(?:(?:19|20)\d\d年度?)(?P<unit>[\u4e00-\u9fff（）()]{2,30}?(?:局|委员会|委|办公室|办公厅|厅|院|中心|部|署|馆|"
                        r"所|站|队|会|处|室))(?:本级|机关)?(?:20\d\d年度?)?(?:部门|单位)(?:综合)?(?:预算|决算)")


def _bare(unit: str) -> str:
    return re.sub(r"[（(](?:本级|汇总|机关)[)）]", "", unit or "")


def text_units(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A heading or sentence of the text naming another unit than the cover (a copied template)."""
    cover = _bare(budget.document.get("unit", ""))
    if not cover:
        return
    known = {cover} | {_bare(u) for u in (budget.facts["unit"] if "unit" in budget.facts else []) if u}
    seen = set()
    for m, page, sentence in _sentences(n, NAMED_UNIT):
        named = m.group("unit")
        if any(k in named or named in k for k in known) or (named, page) in seen:
            continue
        seen.add((named, page))
        rec.statement("text_unit_mismatch", page, f"文字中的“{m.group(0)}”所写单位“{named}”与封面单位“{cover}”不符",
                      sentence, severity="warning")
    for m, page, sentence in _sentences(n, _misspelt(cover)) if len(cover) >= 4 else ():
        if (m.group(0), page) not in seen:
            seen.add((m.group(0), page))
            rec.statement("text_unit_mismatch", page, f"文字中的单位名称“{m.group(0)}”与封面单位“{cover}”不符（一字之差）",
                          sentence, severity="warning")


def _misspelt(cover: str) -> re.Pattern:
    """The cover's unit name with one of its characters (not the first) replaced by a digit, a
    letter or a sign: 苏州市水1局 for 苏州市水务局, 杭州市交通X输局."""
    other = r"[0-9A-Za-z×*?□○#_]"
    return re.compile("|".join(re.escape(cover[:i]) + other + re.escape(cover[i + 1:]) for i in range(1, len(cover))))


# the document naming itself: 2025年部门预算 / 2024年度测试局单位决算 / 本部门 — not the 部门预算支出经济分类
# (a classification every 单位 table prints) nor a 部门预算改革 or 管理
SELF_NAME = re.compile(r"(?:(?:19|20)\d\d年度?[\u4e00-\u9fff（）()]{0,30}?|本)(?P<word>部门|单位)(?P<kind>预算|决算)?"
                       r"(?!支出经济分类|经济分类|改革|管理|制度)")


def unit_wording(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A 单位预算 or 单位决算 (its cover says so) that calls itself 部门 (2025年部门预算安排购置车辆, 本部门),
    or a 部门 document that calls itself 单位预算: wording a reviewer corrects (info: a 部门's own
    text says 本单位 as often as 本部门, and templates mix the two)."""
    src = n.source
    cover = re.search(r"(部门|单位)(?:综合)?(预算|决算)", src.s[src.starts[0]:src.starts[0] + 80]) if src and src.pages else None
    if cover is None:
        return
    word, other = cover.group(1), "单位" if cover.group(1) == "部门" else "部门"
    seen = set()
    for m, page, sentence in _sentences(n, SELF_NAME):
        if m.group("word") != other or (word == "部门" and not m.group("kind")) or (page, m.group(0)) in seen:
            continue  # a 部门's 本单位 is usual wording
        seen.add((page, m.group(0)))
        rec.statement("unit_wording", page, f"本文件为{word}{cover.group(2)}，文字却写作“{m.group(0)}”（部门/单位用词不一致）",
                      sentence, severity="info")


def _table_text(t) -> str:
    """The words a table prints in its own frame: a note merged across the grid (本表无数据) is
    read as a row, a header or a residue cell."""
    cells = [c.text for row in t.rows for c in row.values()] + [r.get("text", "") for r in t.residue]
    return re.sub(r"\s+", "", "".join(cells + [p for c in t.columns for p in c.path]))


def _page_text(n: Narrative, page: int) -> str:
    src = n.source
    if src is None or page not in src.pages:
        return ""
    i = src.pages.index(page)
    end = src.starts[i + 1] if i + 1 < len(src.starts) else len(src.s)
    return src.s[src.starts[i]:end]


# residue that shows the table does print amounts, though not as facts
NOT_EMPTY = ("amounts in a row without a label", "malformed amount")


def printed_empty(ix: TableIndex, budget: Budget, key: str) -> bool:
    """A table that prints no amount but 0: only zeros, dashes, or its header alone."""
    if any(v != Decimal(0) for r in ix.rows.get(key, []) for v in r.values.values()):
        return False
    res = budget.residue
    return not (len(res) and ((res["table"] == key) & res["reason"].isin(NOT_EMPTY)).any())


def empty_tables(ix: TableIndex, rec: Recorder, n: Narrative, budget: Budget) -> None:
    """A standard table that prints no amount other than 0 — or no row at all under its header —
    needs a note (本单位无…, 此表为空表) on its page, in the 目录 or in the text (the 公开 templates
    ask for one: 西安's 目录 says “公开空表一定要在目录说明理由”)."""
    words = {key: word for word, keys in empty_words().items() for key in keys}
    for t in budget.tables:
        if not printed_empty(ix, budget, t.key) or (not ix.rows.get(t.key) and not words.get(t.key)):
            continue  # a header alone is an empty table only where templates allow one (政府性基金 …)
        on_page = "".join(_page_text(n, p) for p in t.pages) + _table_text(t)
        word = words.get(t.key)
        in_text = word and (re.search(r"(?:无|没有|不涉及|未安排)[^。;]{0,60}" + re.escape(word), n.text) or
                            re.search(re.escape(word) + r"[^。;\d]{0,30}(?<![\d.])0(?:\.0+)?(?:万元|元)?(?![\d.])", n.text))
        if not EMPTY_NOTE.search(on_page) and not in_text:
            title = t.title or (SPECS[t.key].name if t.key in SPECS else t.key)
            rec.statement("empty_table_unexplained", t.pages[0], f"“{title}”各项均为0，却没有说明为空表的原因", t.title,
                          table=t.key, severity="warning")
