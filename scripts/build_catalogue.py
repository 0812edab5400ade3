"""Rebuild budgetlib/data/catalogue.csv from the codes printed in budget PDFs.

    python scripts/build_catalogue.py data/raw/*.pdf tests/data/real/*.pdf

Reads each text line that starts with a 科目编码 (2013350, or 201 13 50 over three columns)
followed by its name; a name wrapped onto the next line is rejoined. A code printed with
different names (the catalogue changes between years) keeps one row per name and source.
Review the diff before committing: this is the seed of the catalogue, not an authority.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from budgetlib.hierarchy import classification, subject_level  # noqa: E402

LINE = re.compile(r"^\s*(?P<code>[235]\d\d(?:\s?\d\d){0,2})\s+(?P<name>[^\d\s,.，]+)(?P<rest>.*)$")
NAME = re.compile(r"[\u4e00-\u9fff（）()、“”]+")
CONTINUATION = re.compile(r"^\s*(?P<tail>[^\d\s]{1,6})\s*$")


def entries(path: Path):
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        lines = page.get_textpage().get_text_range().splitlines()
        for i, line in enumerate(lines):
            m = LINE.match(line)
            if not m:
                continue
            code = re.sub(r"\s", "", m["code"])
            name = m["name"]
            if not m["rest"].strip() and i + 1 < len(lines):
                nxt = CONTINUATION.match(lines[i + 1])
                if nxt:
                    name += nxt["tail"]
            if plausible(code, name):
                yield code, name


def plausible(code: str, name: str) -> bool:
    """A 科目: 3/5/7 digits under one of the national 类, a name of Chinese words of a 科目's
    length. Lines such as ``500 新招录辅警…`` or ``575 万元/年`` (a figure before text) are not."""
    return (bool(subject_level(code)) and code[:3] in NATIONAL_CLASSES and 2 <= len(name) <= 24
            and NAME.fullmatch(name) is not None)


# The 类 of 《政府收支分类科目》 (财政部, the edition of each year; stable since 2019 apart from
# 234 抗疫特别国债安排的支出 of 2020–2022): a document may print a 类 that no shipped PDF prints,
# and a name-only table is coded from its 类 rows (hierarchy.order_codes).
NATIONAL_CLASSES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出", "205": "教育支出",
    "206": "科学技术支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出", "209": "社会保险基金支出",
    "210": "卫生健康支出", "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出", "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出", "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出", "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
    # 部门预算支出经济分类 and 政府预算支出经济分类
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "307": "债务利息及费用支出",
    "309": "资本性支出（基本建设）", "310": "资本性支出", "311": "对企业补助（基本建设）", "312": "对企业补助",
    "313": "对社会保障基金补助", "399": "其他支出",
    "501": "机关工资福利支出", "502": "机关商品和服务支出", "503": "机关资本性支出（一）", "504": "机关资本性支出（二）",
    "505": "对事业单位经常性补助", "506": "对事业单位资本性补助", "507": "对企业补助", "508": "对企业资本性支出",
    "509": "对个人和家庭的补助", "510": "对社会保障基金补助", "511": "债务利息及费用支出", "512": "债务还本支出",
    "513": "转移性支出", "514": "预备费及预留", "599": "其他支出",
}


def main(paths: list[str]) -> None:
    rows: dict[tuple[str, str], set[str]] = {(c, n): {"政府收支分类科目"} for c, n in NATIONAL_CLASSES.items()}
    for p in map(Path, paths):
        for code, name in entries(p):
            rows.setdefault((code, name), set()).add(p.stem)
    # a 类 keeps the national name: a document's variant (烟台 "303 对个人和家庭补助") is its own
    rows = {(c, n): s for (c, n), s in rows.items() if len(c) != 3 or NATIONAL_CLASSES.get(c) == n}
    # a name cut by a line wrap is a strict prefix of the full name printed elsewhere
    rows = {(c, n): s for (c, n), s in rows.items()
            if not any(c2 == c and n2 != n and n2.startswith(n) for c2, n2 in rows)}
    out = Path(__file__).resolve().parents[1] / "budgetlib" / "data" / "catalogue.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "classification", "source"])
        for (code, name), sources in sorted(rows.items()):
            w.writerow([code, name, subject_level(code), classification(code), ";".join(sorted(sources))])
    print(f"{len(rows)} entries → {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
