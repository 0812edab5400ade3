"""The sample document against its hand-checked truth (tests/data/luohu-2024)."""
import csv
import json
import subprocess
import sys
from collections import Counter

from conftest import SAMPLE, TRUTH

KEY = ("table", "unit", "code", "name", "measure", "amount", "money_unit")
RULES_OF_TABLES = {"parent_sum", "unit_sum_classes", "unit_sum_items", "total_row_sum", "total_sum_classes",
                   "supervising_sum", "subtotal_sum", "row_total_sum", "two_sided_total", "two_sided_balance",
                   "carryover_sum", "year_change", "grand_total", "basic_total", "project_total", "gpb_total",
                   "cross_code", "three_public_code"}


def as_keys(rows):
    return Counter(tuple(str(r[k]) for k in KEY) for r in rows)


def test_facts_equal_truth_exactly(sample, truth_rows):
    got, want = as_keys(sample.facts.to_dict("records")), as_keys(truth_rows)
    assert sum(want.values()) == 747
    assert want - got == Counter(), "truth rows missing from the extraction"
    assert got - want == Counter(), "rows extracted that the truth does not have"


def test_command_line_writes_truth(tmp_path, truth_rows):
    run = subprocess.run([sys.executable, "-m", "budgetlib", "extract", str(SAMPLE), "-o", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "747 facts" in run.stdout
    folder = tmp_path / SAMPLE.stem
    with open(folder / "facts.csv", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert list(written[0])[:7] == list(KEY)
    assert as_keys(written) == as_keys(truth_rows)
    for name in ("facts.parquet", "validation.json", "residue.csv", "document.json"):
        assert (folder / name).is_file()
    validation = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    assert validation["summary"]["findings"] == {"defect": 1, "warning": 1, "info": 17}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folders left behind"


def test_document_order_follows_the_pages(sample):
    assert sample.facts["page"].is_monotonic_increasing
    assert sample.facts["page"].min() == 9 and sample.facts["page"].max() == 25


def test_money_unit_and_metadata(sample):
    assert set(sample.facts["money_unit"]) == {"万元"}
    doc = sample.document
    assert (doc["year"], doc["unit"], doc["kind"], doc["level"], doc["pages"]) == (2024, "深圳市罗湖区互联网信息中心", "预算", "区", 25)


def test_procurement_has_only_placeholder_rows(sample):
    assert sample.table("procurement").empty
    residue = sample.residue[sample.residue["table"] == "procurement"]
    assert list(residue["reason"].unique()) == ["placeholder row (no label, only zeros)"]
    assert set(residue["page"]) == {23}


def test_every_known_break_is_a_rounding_finding(sample):
    """known_breaks.json (from the truth's own checker) names the 22 identities the published
    figures break by 0.01; each must be among our rounding checks, none may be a break."""
    known = json.loads((TRUTH / "known_breaks.json").read_text(encoding="utf-8"))
    rounding = [c for c in sample.checks if c["status"] == "rounding"]

    def matches(kb):
        parts = kb.split("|")
        table = parts[0]
        if len(parts) == 2:  # income_expense_summary|本年支出合计=sum(classes)
            return [c for c in rounding if c["table"] == table and c["rule"] == "total_sum_classes"]
        unit, what, measure = parts[1], parts[2], parts[3]
        if what == "unit=sum(classes)":
            return [c for c in rounding if (c["table"], c["unit"], c["rule"], c["measure"], c["name"])
                    == (table, unit, "unit_sum_classes", measure, "")]
        if what.startswith("增减变化金额"):
            return [c for c in rounding if (c["table"], c["rule"], c["measure"]) == (table, "year_change", measure)]
        return [c for c in rounding if c["table"] == table and c["unit"] == unit and c["rule"] == "parent_sum"
                and c["measure"] == (parts[4] if len(parts) > 4 and parts[4] != "children" else measure)
                and what in (c["code"], c["name"])]

    unmatched = [kb for kb in known if not matches(kb)]
    assert unmatched == []
    assert len(known) == 22


def test_sample_findings_are_rounding_the_unexplained_change_and_the_5_percent_claim(sample):
    """The findings NOTES.md lists, and nothing else: the 22 rounding breaks (+4 reprints in the
    two-sided tables), +0.39 of the change unexplained, 5.28万 × 18 场 = 95.04 printed as 95,
    0.247 + 0.05 = 0.297 printed as 0.30, and 预算准备金 “部门预算的5%” although 10 ÷ 667.95 = 1.50%."""
    table_breaks = [c for c in sample.checks if c["status"] == "break" and c["rule"] in RULES_OF_TABLES]
    assert table_breaks == []
    severities = Counter(f["severity"] for f in sample.findings)
    assert severities == {"info": 17, "warning": 1, "defect": 1}
    assert {f["rule"] for f in sample.findings if f["severity"] == "info"} == {
        "parent_sum", "unit_sum_classes", "total_sum_classes", "year_change", "text_arithmetic", "task_components"}
    info = {(f["rule"], f["printed"], f["expected"]) for f in sample.findings if f["severity"] == "info"}
    assert ("text_arithmetic", "95", "95.04") in info
    assert ("task_components", "0.30", "0.297") in info
    (defect,) = [f for f in sample.findings if f["severity"] == "defect"]
    assert (defect["rule"], defect["page"], defect["printed"], defect["expected"]) == ("percent_claim", 24, "5", "1.50")
    (warning,) = [f for f in sample.findings if f["severity"] == "warning"]
    # −91.7 + 22.65 = −69.05 against the stated −68.66: +0.39 of the change is not explained
    assert (warning["rule"], warning["page"], warning["printed"], warning["expected"]) == (
        "text_change_reasons", 4, "-68.66", "-69.05")
