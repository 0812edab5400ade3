"""Checks: the tables' accounting identities, the text part against the tables, the claims the
text makes by itself, and the document's hygiene — each recorded, the broken ones as findings."""
from __future__ import annotations

import logging

import pandas as pd

from ..clean import to_wan
from ..model import Budget, Check, Finding
from ..settings import DEFAULT, Settings
from .claims import (comparison_claims, complementary_parts, count_parts, declared_empty, direction_claims, flat_claims,
                     share_claims, task_checks, vehicle_counts)
from .document import document_identity
from .final_accounts import basic_funds, carry_forward, stated_items
from .hygiene import empty_tables, text_hygiene, text_units, text_years, unit_wording
from .identities import run_identities
from .index import index_tables
from .record import Recorder, findings_from_checks
from .text_figures import (completion_rate, equal_totals_changes, final_against_budget, named_shares,
                           rate_against_comparison, shares_of_named_wholes, stated_changes, text_part_findings)
from .text_classes import class_lists
from .text_subjects import subject_amounts
from .text import change_reasons, explained_changes, expense_split, procurement, projects, totals
from .three_public import CHECKS as THREE_PUBLIC_CHECKS
from .three_public_parts import parts_add_up

TEXT_AGAINST_TABLES = (totals, change_reasons, explained_changes, expense_split, projects, procurement)
TEXT_CLAIMS = (flat_claims, comparison_claims, direction_claims, share_claims, vehicle_counts, count_parts, complementary_parts,
               declared_empty, stated_changes, named_shares, shares_of_named_wholes, completion_rate, equal_totals_changes,
               final_against_budget, rate_against_comparison, text_hygiene, text_years, text_units, unit_wording,
               empty_tables, class_lists, *THREE_PUBLIC_CHECKS)


log = logging.getLogger(__name__)


def _guarded(check, failed: list[Finding], *args) -> None:
    """Run one check; a check that breaks on an unforeseen layout costs its own result only, not
    the document's: a warning names it (the rest of the checks and the facts stand)."""
    try:
        check(*args)
    except Exception as e:  # noqa: BLE001 -- any fault of one check is reported, never fatal
        log.debug("check %s failed", check.__name__, exc_info=True)
        failed.append(Finding("check_failed", "warning", None, None,
                              f"检查“{check.__name__}”未能完成（{type(e).__name__}: {e}），其结果缺失；请报告此文件",
                              f"{type(e).__name__}: {e}"))


def facts_in_wan(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with their amounts in 万元, as the text part states them."""
    if "money_unit" not in facts or facts.empty or set(facts["money_unit"].dropna()) <= {"万元", ""}:
        return facts
    return facts.assign(amount=[to_wan(a, u) for a, u in zip(facts["amount"], facts["money_unit"])])


def run_checks(budget: Budget, settings: Settings = DEFAULT) -> tuple[list[Check], list[Finding]]:
    """Every check of one document (its facts, tables, text and metadata), and the findings of
    those that do not hold exactly."""
    doc = budget.document
    ix = index_tables(budget.facts, budget.tables, doc.get("year"), doc.get("kind"))
    rec = Recorder(settings)
    failed: list[Finding] = []
    _guarded(run_identities, failed, ix, rec)
    n = budget.narrative
    if n is not None:
        in_wan = index_tables(facts_in_wan(budget.facts), budget.tables)  # the text states 万元
        for check in TEXT_AGAINST_TABLES:
            _guarded(check, failed, in_wan, rec, n)
        for check in TEXT_CLAIMS:
            _guarded(check, failed, in_wan, rec, n, budget)
    for check in (basic_funds, carry_forward, stated_items, subject_amounts, parts_add_up):
        _guarded(check, failed, ix, rec, n, budget)
    _guarded(task_checks, failed, ix, rec, budget)
    _guarded(document_identity, failed, ix, rec, budget)
    checks = rec.checks
    notes = text_part_findings(n, settings) if n is not None else []
    pages = {t.key: list(t.pages) for t in budget.tables}
    return checks, findings_from_checks(checks, pages) + notes + failed


__all__ = ["run_checks", "findings_from_checks", "Recorder"]
