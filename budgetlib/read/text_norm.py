"""Page text as the narrative parsers read it: NFKC-folded (full-width digits and punctuation
become ASCII), line breaks removed (the PDF wraps sentences, and numbers, anywhere), page-number
lines dropped, and the spaces word processors scatter through Chinese text taken out:
``0 万元``, ``2024 年``, ``1 2 3 . 4 5`` and a space between every character of a run.
A space between two Latin letters or digits that are not such a spaced-out run stays (two
numbers side by side must not fuse into one)."""
from __future__ import annotations

import re
import unicodedata

PAGE_NUMBER = re.compile(r"^\s*[-－—]?\s*(?:第\s*)?\d+\s*(?:页)?\s*[-－—]?\s*$")
# three or more single characters each followed by one space: a run spaced out letter by letter
# (the last character may run on into a word: 9 9 9 . 8 3万元)
# (or start on a digit glued to the word before it: 预算1 3 0 . 0 0 万元, 。2 0 2 6 年)
SPACED_RUN = re.compile(r"(?:(?<!\S)|(?<=\S)(?=\d))(?:\S )+\S")
ASCII_WORD = re.compile(r"[0-9A-Za-z]")
# a space as the thousands separator (3 630.56万元, 1 385.38): groups of exactly three digits
SPACED_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?: \d{3})+(?=\.\d|[^\d.]|$)")


def fold(raw: str) -> str:
    """NFKC, with the non-breaking and ideographic spaces made plain."""
    return unicodedata.normalize("NFKC", raw).replace("\u3000", " ").replace("\xa0", " ")


def _unspace_run(m: re.Match) -> str:
    run = m.group(0)
    return run.replace(" ", "") if run.count(" ") >= 2 else run


def squeeze(line: str) -> str:
    """One line without the spaces that mean nothing: spaced-out runs are closed up, and a space
    goes unless both its neighbours are Latin letters or digits."""
    line = re.sub(r"\s+", " ", line).strip()
    line = SPACED_RUN.sub(_unspace_run, line)
    line = SPACED_THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), line)
    out = []
    for i, ch in enumerate(line):
        if ch == " ":
            before, after = line[i - 1], line[i + 1] if i + 1 < len(line) else ""
            if not (ASCII_WORD.match(before) and ASCII_WORD.match(after)):
                continue
        out.append(ch)
    return "".join(out)


def page_lines(raw: str) -> list[str]:
    """The page's printed lines, folded and stripped, without page numbers and empty lines."""
    lines = [fold(ln).strip() for ln in raw.splitlines()]
    return [ln for ln in lines if ln and not PAGE_NUMBER.match(ln)]


FOOTNOTE = re.compile(r"^[*※]")
SENTENCE_END = "。;!?"


def split_footnote(lines: list[str]) -> tuple[list[str], list[str]]:
    """(body, footnote) of a page whose last lines are a footnote (from a line opening with * or ※)
    printed while a sentence runs on to the next page: left in place it would cut that sentence,
    and a list of reasons with it, in two."""
    at = next((i for i, ln in enumerate(lines) if FOOTNOTE.match(ln)), None)
    if not at or running_text(lines[:at])[-1:] in SENTENCE_END:
        return lines, []
    return lines[:at], lines[at:]


def after_first_sentence(chunk: str, note: str) -> str:
    """``chunk`` with ``note`` (made a sentence of its own) put after its first sentence."""
    note = note if note[-1:] in SENTENCE_END else note + "。"
    end = min((i for i in (chunk.find("。"), chunk.find(";")) if i >= 0), default=len(chunk) - 1)
    return chunk[:end + 1] + note + chunk[end + 1:]


def running_text(lines: list[str]) -> str:
    """The lines joined into running text (a sentence may wrap anywhere, inside a number too)."""
    return "".join(squeeze(ln) for ln in lines)
