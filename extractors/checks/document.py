"""Every check on one agreement, and the status that follows from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.checks.budgets import missing_budget, unread_amounts
from extractors.checks.parties import header_words_in_values, unnamed_parties
from extractors.checks.results import achievement_contradicts, realised_without_target, scanned_pages
from extractors.checks.tables import (
    amounts_missing,
    empty_tables,
    goals_alone,
    headings_without_rows,
    merged_targets,
    missing_targets,
    no_indicators,
    plan_indicators_without_actions,
    short_tables,
    totals,
    unread_numbers,
)
from extractors.model.findings import Finding
from extractors.model.layout import Layout
from extractors.model.reads import TableRead
from extractors.model.records import DocumentResult

_MEASURED_KINDS = ("measurement", "report")  # read for their results only: no parties, no budget


def check_agreement(layout: Layout, result: DocumentResult, reads: Sequence[TableRead]) -> DocumentResult:
    """The result with a finding for each check that fails; `ok` only when all hold. A failed
    document (not an agreement, unreadable) is left as it is: there is nothing to hold."""
    if result.document.status == "failed":
        return result
    scanned = scanned_pages(layout)
    found: list[Finding] = [
        *empty_tables(reads), *short_tables(reads), *unread_numbers(reads, result),
        *goals_alone(reads, result), *missing_targets(reads, result), *totals(reads),
        *realised_without_target(reads, result, scanned), *achievement_contradicts(result, scanned),
        *plan_indicators_without_actions(result),
    ]
    if result.document.kind not in _MEASURED_KINDS:  # an agreement's own parts
        found += [
            *headings_without_rows(layout, result), *missing_budget(layout, result),
            *unread_amounts(layout, result), *amounts_missing(result),
            *no_indicators(result), *merged_targets(result),
            *unnamed_parties(result), *header_words_in_values(result),
        ]
    if any(f.code == "no_tables_found" for f in result.findings):
        found = [f for f in found if f.code not in ("table_empty", "budget_missing")]
    findings = (*result.findings, *_once(found))
    status = "partial" if any(f.severity == "error" for f in findings) else "ok"
    return replace(result, findings=findings, document=replace(result.document, status=status))


def _once(findings: list[Finding]) -> list[Finding]:
    """Each finding once (two checks may see one loss from the same row)."""
    return list(dict.fromkeys(findings))
