"""Audit rules: each planted error is reported with its page; the clean original stays clean."""
import subprocess
import sys

import pytest

from budgetlib import read_budget
from conftest import SAMPLE
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

CLEAN_TEXT = ("第二部分 部门预算收支总体情况\n"
              "2024年测试局部门预算支出30.00万元，较2023年年初预算减少1.00万元，减少3.2%。\n"
              "本年收入预算合计30.00万元，其中：一般公共预算收入30.00万元，占100%。\n"
              "本单位无政府性基金预算支出。")
GOV_FUND_HEADER = ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"]
GOV_FUND_EMPTY = [["", "合计", "0.00", "0.00", "0.00"]]


def document(tmp_path, name, text=CLEAN_TEXT, title="表三：支出总表", cover="2024年测试局部门预算", fund_rows=None,
             rows=None, unit="测试局"):
    tables = [(title, EXPENSE_HEADER, rows or expense_rows()),
              ("表十：政府性基金预算支出表", GOV_FUND_HEADER, fund_rows or GOV_FUND_EMPTY)]
    return read_budget(budget_pdf(tmp_path / f"{name}.pdf", tables, cover=cover, text=text, unit=unit))


def defects(budget):
    return [(f["rule"], f["page"]) for f in budget.findings if f["severity"] == "defect"]


def test_the_clean_document_has_no_finding_worse_than_info(tmp_path):
    b = document(tmp_path, "clean")
    assert [f for f in b.findings if f["severity"] != "info"] == []
    rules = {c["rule"] for c in b.checks}
    assert {"text_total", "text_percent", "share_claim", "parent_sum"} <= rules


@pytest.mark.parametrize("planted, rule, page", [
    (dict(text=CLEAN_TEXT.replace("减少1.00万元，减少3.2%", "减少1.00万元，减少5.2%")), "text_percent", 2),
    (dict(text=CLEAN_TEXT.replace("支出30.00万元", "支出31.00万元")), "text_total", 2),
    (dict(text=CLEAN_TEXT.replace("占100%", "占90%")), "share_claim", 2),
    (dict(text=CLEAN_TEXT + "\n“三公”经费与上年持平，较上年增加0.50万元。"), "flat_claim", 2),
    (dict(text=CLEAN_TEXT + "\n基本支出10.00万元，大于项目支出20.00万元。"), "comparison_claim", 2),
    (dict(cover="2024年XX局部门预算"), "placeholder_text", 1),
    (dict(title="表三：2023年支出总表"), "year_mismatch", 3),
    (dict(cover="2024年测试局部门预算", unit="另一局"), "unit_mismatch", 3),
    (dict(fund_rows=[["", "合计", "5.00", "5.00", "0.00"]]), "declared_empty", 2),
    # the phrasings of 杭州/福州 (“本部门2026年没有使用国有资本经营预算拨款安排的支出”) and “…支出为0”
    (dict(fund_rows=[["", "合计", "5.00", "5.00", "0.00"]],
          text=CLEAN_TEXT.replace("本单位无政府性基金预算支出。", "本部门2024年没有使用政府性基金预算拨款安排的支出。")),
     "declared_empty", 2),
    (dict(fund_rows=[["", "合计", "5.00", "5.00", "0.00"]],
          text=CLEAN_TEXT.replace("本单位无政府性基金预算支出。", "2024年政府性基金预算支出为0万元。")), "declared_empty", 2),
    (dict(rows=expense_rows({(2, 3): "11.00"})), "parent_sum", 3),
])
def test_planted_error_is_reported_with_its_page(tmp_path, planted, rule, page):
    b = document(tmp_path, rule, **planted)
    assert (rule, page) in defects(b), b.findings


def test_audit_command_gates_on_defects(tmp_path):
    from pdfmaker import budget_pdf as make

    clean = make(tmp_path / "clean.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())], text=CLEAN_TEXT)
    ok = subprocess.run([sys.executable, "-m", "budgetlib", "audit", str(clean)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("clean.pdf: 0 defect, 0 warning")
    bad = subprocess.run([sys.executable, "-m", "budgetlib", "audit", str(SAMPLE), "--min-severity", "warning"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert lines[0] == "luohu-2024-budget.pdf: 1 defect, 1 warning, 17 info"
    assert lines[1].split() [:3] == ["p.24", "defect", "percent_claim:"]
    assert "部门预算的5%" in lines[2]
    assert lines[3].split()[:3] == ["p.4", "warning", "text_change_reasons:"]
    assert len(lines) == 5  # info findings hidden by --min-severity
