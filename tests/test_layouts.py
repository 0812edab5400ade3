"""Layouts beyond the sample's, made by the tests: tables drawn without (all) rules."""
import pytest

from budgetlib import read_budget
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

KEY = ["table", "unit", "code", "name", "measure", "amount", "page"]


@pytest.mark.parametrize("borders", ["NONE", "HORIZONTAL_LINES", "SINGLE_TOP_LINE", "MINIMAL"])
def test_unruled_table_reads_like_its_ruled_twin(tmp_path, borders):
    tables = [("表三：支出总表", EXPENSE_HEADER, expense_rows())]
    ruled = read_budget(budget_pdf(tmp_path / "ruled.pdf", tables))
    unruled = read_budget(budget_pdf(tmp_path / "unruled.pdf", tables, borders=borders))
    assert len(unruled.facts) == 15
    assert unruled.facts[KEY].astype(str).values.tolist() == ruled.facts[KEY].astype(str).values.tolist()
    # the generated document has no text part, which an info says; a table read from text
    # positions alone is a warning (no rule confirms its rows and columns)
    assert [(f["rule"], f["severity"], f["page"]) for f in unruled.findings] == [("no_text_part", "info", None),
                                                                                  ("unruled_table", "warning", 3)]
    assert {c["status"] for c in unruled.checks} == {"ok"}
    assert "unruled_table" not in {f["rule"] for f in ruled.findings}
