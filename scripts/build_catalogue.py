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
            if subject_level(code) and len(name) >= 2:
                yield code, name


def main(paths: list[str]) -> None:
    rows: dict[tuple[str, str], set[str]] = {}
    for p in map(Path, paths):
        for code, name in entries(p):
            rows.setdefault((code, name), set()).add(p.stem)
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
