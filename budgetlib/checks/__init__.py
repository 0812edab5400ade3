"""Checks: the tables' accounting identities, the text part against the tables, the claims the
text makes by itself, and the document's hygiene — each recorded, the broken ones as findings."""
from __future__ import annotations

from ..model import Budget, Check, Finding
from ..settings import DEFAULT, Settings
from .claims import comparison_claims, declared_empty, flat_claims, share_claims, task_checks
from .document import document_identity
from .identities import run_identities
from .index import index_tables
from .record import Recorder, findings_from_checks
from .text import change_reasons, expense_split, procurement, projects, three_public, totals

TEXT_AGAINST_TABLES = (totals, change_reasons, expense_split, projects, three_public, procurement)
TEXT_CLAIMS = (flat_claims, comparison_claims, share_claims, declared_empty)


def run_checks(budget: Budget, settings: Settings = DEFAULT) -> tuple[list[Check], list[Finding]]:
    """Every check of one document (its facts, tables, text and metadata), and the findings of
    those that do not hold exactly."""
    doc = budget.document
    ix = index_tables(budget.facts, budget.tables, doc.get("year"), doc.get("kind"))
    rec = Recorder(settings)
    run_identities(ix, rec)
    n = budget.narrative
    if n is not None:
        for check in TEXT_AGAINST_TABLES:
            check(ix, rec, n)
        for check in TEXT_CLAIMS:
            check(ix, rec, n, budget)
    task_checks(ix, rec, budget)
    document_identity(ix, rec, budget)
    checks = rec.checks
    return checks, findings_from_checks(checks)


__all__ = ["run_checks", "findings_from_checks", "Recorder"]
