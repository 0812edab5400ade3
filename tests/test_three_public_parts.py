"""The “三公” table's total against its parts where the parts are columns split by fund (深圳).

深圳民政 p33 表9 财政拨款“三公”经费支出表 (page text, one row per 年度; columns 总计 | 因公出国(境)费 |
公务接待费 | 公务用车购置及运行维护费: 小计 | 公务用车购置费 | 公务用车运行维护费, each over 一般公共预算 |
政府性基金预算 | 国有资本经营预算):
    “深圳市民政局（本级） 2025 年 33.00 0.00 0.00 0.00 0.00 0.00 15.00 0.00 0.00 18.00 0.00 0.00 12.00 0.00 0.00 6.00 0.00 0.00
     2026 年 66.00 0.00 0.00 46.80 0.00 0.00 15.00 0.00 0.00 4.20 0.00 0.00 0.00 0.00 0.00 4.20 0.00 0.00
     增减变化金额 33.00 0.00 0.00 46.80 0.00 0.00 0.00 0.00 0.00 -13.80 0.00 0.00 -12.00 0.00 0.00 -1.80 0.00 0.00”
2025: 33.00 = 0.00 + 15.00 + 18.00 and 18.00 = 12.00 + 6.00; 2026: 66.00 = 46.80 + 15.00 + 4.20, 4.20 = 0.00 + 4.20."""
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from budgetlib import load
from budgetlib.checks import index_tables
from budgetlib.checks.record import Recorder, findings_from_checks
from budgetlib.checks.three_public_parts import parts_add_up

CIVIL = Path(__file__).parent / "data" / "regions" / "2026年深圳市民政局部门预算.pdf"
GPB = "一般公共预算"


def _index(budget):
    return index_tables(budget.facts, budget.tables, budget.document.get("year"), budget.document.get("kind"))


def _checks(ix):
    rec = Recorder()
    parts_add_up(ix, rec, None, None)
    return rec.checks


def test_the_total_and_the_vehicle_subtotal_add_up_fund_by_fund():
    b = load(CIVIL)
    got = [(c.name, c.measure, c.lhs, c.rhs, c.status) for c in b.checks if c.rule == "three_public_parts"]
    # 3 rows × 3 funds × 2 identities, all on p33, all exact
    assert len(got) == 18 and {s for *_, s in got} == {"ok"}
    assert {c.page for c in b.checks if c.rule == "three_public_parts"} == {33}
    assert ("2025年", f"总计/{GPB}", "33.00", "33.00", "ok") in got
    assert ("2025年", f"小计/{GPB}", "18.00", "18.00", "ok") in got
    assert ("2026年", f"总计/{GPB}", "66.00", "66.00", "ok") in got
    assert ("增减变化金额", f"小计/{GPB}", "-13.80", "-13.80", "ok") in got
    (total,) = [c for c in b.checks if c.rule == "three_public_parts" and c.name == "2026年" and c.measure == f"总计/{GPB}"]
    assert total.terms == [f"因公出国(境)费/{GPB}=46.80", f"公务接待费/{GPB}=15.00", f"小计/{GPB}=4.20"]


def _planted(ix, name, measure, value):
    rows = [replace(r, values={**r.values, measure: Decimal(value)}) if r.name == name and measure in r.values else r
            for r in ix.rows["three_public"]]
    return replace(ix, rows={**ix.rows, "three_public": rows})


def test_a_part_planted_wrong_in_the_read_table_breaks_the_total():
    ix = _index(load(CIVIL))
    assert [c for c in _checks(ix) if c.status != "ok"] == []
    # 2026年 公务接待费 15.00 → 16.00: 66.00 ≠ 46.80 + 16.00 + 4.20 = 67.00
    findings = findings_from_checks(_checks(_planted(ix, "2026年", f"公务接待费/{GPB}", "16.00")))
    assert [(f.rule, f.severity, f.page, f.printed, f.expected) for f in findings] == [
        ("three_public_parts", "defect", 33, "66.00", "67.00")]


def test_a_vehicle_part_planted_wrong_breaks_the_subtotal():
    ix = _index(load(CIVIL))
    # 2025年 公务用车运行维护费 6.00 → 5.00: 小计 18.00 ≠ 12.00 + 5.00
    findings = findings_from_checks(_checks(_planted(ix, "2025年", f"公务用车运行维护费/{GPB}", "5.00")))
    assert ("three_public_parts", "defect", 33, "18.00", "17.00") in [
        (f.rule, f.severity, f.page, f.printed, f.expected) for f in findings]


def test_a_table_whose_parts_are_not_split_by_fund_is_left_to_the_row_identities():
    b = load(Path(__file__).parent / "data" / "regions" / "2026年杭州市交通运输局部门预算.pdf")
    assert [c for c in b.checks if c.rule == "three_public_parts"] == []
    # 杭州 p34: “合计 … 873.20 846.10 421.30 424.80 27.10” — 873.20 = 846.10 + 27.10 by the row identity
    assert any(c.rule == "row_total_sum" and c.table == "three_public" and c.lhs == "873.20" and c.status == "ok"
               for c in b.checks)
