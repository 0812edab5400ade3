"""Exports: the workbook's sheets and numbers are the facts; BOM CSVs; the Data Package."""
import csv
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import REAL, SAMPLE


def export(tmp_path, pdf, *flags):
    r = subprocess.run([sys.executable, "-m", "budgetlib", "export", str(pdf), "-o", str(tmp_path), *flags],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return tmp_path / pdf.stem


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    return export(tmp_path_factory.mktemp("export"), SAMPLE, "--xlsx", "--excel")


def facts(folder):
    with open(folder / "facts.csv", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_workbook_has_a_sheet_per_table_and_the_facts(sample_out):
    wb = load_workbook(sample_out / f"{SAMPLE.stem}.xlsx")
    tables = list(dict.fromkeys(r["table"] for r in facts(sample_out)))
    assert wb.sheetnames == tables + ["facts", "findings", "checks"]
    ws = wb["expense_summary"]
    assert ws["A1"].value == "表三：支出总表" and ws["A2"].value == "单位：万元"
    header = [c.value for c in ws[3]]
    assert header[:3] == ["科目编码", "科目名称", "支出总计"]
    first = [c.value for c in ws[4]]
    assert first[1] == "深圳市罗湖区互联网信息中心" and first[2] == 667.95  # the unit's own row


def test_sheet_numbers_are_numbers_with_two_decimals(sample_out):
    # p.6 表三 支出总表: 201 一般公共服务支出 支出总计 532.13, 基本支出 221.83, 项目支出 310.30
    ws = load_workbook(sample_out / f"{SAMPLE.stem}.xlsx")["expense_summary"]
    header = [c.value for c in ws[3]]
    row = next(r for r in ws.iter_rows(min_row=4) if r[header.index("科目编码")].value == "201")
    cells = {h: c for h, c in zip(header, row)}
    assert cells["支出总计"].value == 532.13 and cells["项目支出"].value == 310.30
    assert cells["支出总计"].number_format == "#,##0.00"
    assert isinstance(cells["基本支出"].value, float)


def test_facts_sheet_equals_facts_csv(sample_out):
    rows = facts(sample_out)
    ws = load_workbook(sample_out / f"{SAMPLE.stem}.xlsx")["facts"]
    header = [c.value for c in ws[1]]
    got = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert len(got) == len(rows) == 747
    for want, have in zip(rows, got):
        assert Decimal(str(have["amount"])) == Decimal(want["amount"])
        assert (have["table"], have["measure"], have["code"] or "") == (want["table"], want["measure"], want["code"])


def test_excel_csvs_carry_a_bom(sample_out):
    assert (sample_out / "facts.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (sample_out / "residue.csv").read_bytes()[:3] == b"\xef\xbb\xbf"


def test_datapackage_describes_facts_csv(sample_out):
    pkg = json.loads((sample_out / "datapackage.json").read_text(encoding="utf-8"))
    resource = pkg["resources"][0]
    assert resource["path"] == "facts.csv" and pkg["profile"] == "tabular-data-package"
    fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    with open(sample_out / "facts.csv", encoding="utf-8-sig") as f:
        assert list(fields) == next(csv.reader(f))
    assert fields["amount"] == "number" and fields["page"] == "integer" and fields["code"] == "string"


def test_yuan_document_keeps_whole_yuan(tmp_path):
    # 上海市财政局25年预算.pdf 支出总表: 2010601 行政运行 合计 84,861,719 (元)
    out = export(tmp_path, REAL / "上海市财政局25年预算.pdf", "--xlsx")
    ws = load_workbook(out / "上海市财政局25年预算.xlsx")["expense_summary"]
    assert ws["A2"].value == "单位：元"
    header = [c.value for c in ws[3]]
    row = next(r for r in ws.iter_rows(min_row=4) if r[header.index("科目编码")].value == "2010601")
    assert row[header.index("合计")].value == 84861719
    assert (out / "facts.csv").read_bytes()[:3] != b"\xef\xbb\xbf"  # no BOM unless asked
