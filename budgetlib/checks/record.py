"""Recording checks and turning the broken ones into findings. Nothing is ever "fixed".

Published tables are rounded cell by cell, so a sum of n printed terms may differ from its
printed total by up to half a unit of the last printed digit per term (0.005 × n for two
decimals): such a difference is ``info`` (published rounding); a larger one is what the check
says it is (a ``defect`` by default). A figure compared with the same figure in another table
has no rounding allowance.
"""
from __future__ import annotations

from decimal import Decimal

from ..clean import half_unit, scale
from ..model import Check, Finding, Row, Severity
from ..settings import DEFAULT, Settings
from .causes import finding_of_cause, group_causes


def tolerance(values: list[Decimal], n_terms: int) -> Decimal:
    """Half a unit of the last printed digit per summed term (of the coarsest precision among the
    figures: 0.247 + 0.05 may print as 0.30); none for a single figure. A zero tells no precision
    (a blank cell counts as 0): 2.00 = (blank) + 0.22 + 2.04 allows 0.015, not 1.5. A whole
    number among figures printed with decimals has its trailing zeros dropped, not its decimals
    rounded off (政府采购625.65万元 = 货物20.95 + 工程18 + 服务586.70 allows 0.015, not 1.5)."""
    if n_terms < 2:
        return Decimal(0)
    printed = [v for v in values if v != 0 and scale(v) > 0] or [v for v in values if v != 0] or values
    return half_unit(Decimal(1).scaleb(-min(scale(v) for v in printed))) * n_terms


def text_tolerance(values: list[Decimal], n_terms: int) -> Decimal:
    """Half a unit of the finest precision among figures the text states, per summed term: a
    sentence drops trailing zeros (586.7万元 for 586.70, 18万元 for 18.00), it does not round."""
    if n_terms < 2:
        return Decimal(0)
    return half_unit(Decimal(1).scaleb(-max(scale(v) for v in values))) * n_terms


class Recorder:
    """Collects the checks of one document, in the order they are made."""

    def __init__(self, settings: Settings = DEFAULT):
        self.settings = settings
        self._checks: list[Check] = []

    @property
    def checks(self) -> list[Check]:
        return list(self._checks)

    def add(self, rule: str, row: Row, measure: str, lhs: Decimal, terms: list[tuple[str, Decimal]],
            description: str, severity: Severity = "defect", tol: Decimal | None = None) -> None:
        """Record lhs = sum(terms). ``severity`` is what a break beyond the tolerance means."""
        rhs = sum((v for _, v in terms), Decimal(0))
        if tol is None:
            tol = tolerance([lhs] + [v for _, v in terms], len(terms))
        diff = lhs - rhs
        status = "ok" if diff == 0 else "rounding" if abs(diff) <= tol else "break"
        self._checks.append(Check(
            rule, row.table, row.unit, row.subject_code or row.code, row.name, measure, row.page, description,
            str(lhs), str(rhs), str(diff), str(tol), status, [f"{label}={v}" for label, v in terms], severity))

    def statement(self, rule: str, page: int | None, description: str, evidence: str, table: str = "",
                  severity: Severity = "defect") -> None:
        """Record a fact about the document that is wrong by itself (a placeholder, a wrong year)."""
        s = self.settings
        self._checks.append(Check(rule, table, "", "", evidence[:s.label_chars], "", page, description, "", "", "",
                                  "0", "break", [evidence[:s.evidence_chars]], severity, kind="statement"))


def findings_from_checks(checks: list[Check], table_pages: dict[str, list[int]] | None = None) -> list[Finding]:
    """One finding per cause among the checks that are not exact (see causes.py): rounding as
    ``info``, a break as its severity. ``table_pages`` (table key → its pages) lets a message name
    the page of a figure's counterpart in another table."""
    return [finding_of_cause(g, table_pages) for g in group_causes(checks)]
