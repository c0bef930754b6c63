"""Results held against their own numbers: a realisation without a target, an achievement
that contradicts the target and realisation beside it.

Both are the document's own gaps or slips when its text was typed (a Word file, a text
layer): said as warnings, since nothing was lost in the reading. On a scan an empty target
cell or a digit that breaks the sum may be the OCR's, so they are errors there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex as re

from extractors.model.findings import Finding, error, info, warning
from extractors.model.layout import Grid, Layout
from extractors.model.reads import TableRead
from extractors.model.records import DocumentResult, ResultRow

_FORM = "pengukuran_kinerja"


def _finding(scanned: set[int | None], page: int | None) -> Callable[[str, str, int | None, int | None],
                                                                     Finding]:
    return error if page in scanned else warning


def scanned_pages(layout: Layout) -> set[int | None]:
    """Pages whose tables came from OCR (a cover page scanned into a typed report does not count
    for the typed pages)."""
    return {p.number for p in layout.pages
            if any(isinstance(b, Grid) and b.method.startswith("ocr") for b in p.blocks)}


def _names(result: DocumentResult) -> dict[tuple, str]:
    return {(i.goal_no, i.indicator_no): _short(i.indicator) for i in result.indicators
            if i.form == _FORM}


def _short(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(row: ResultRow, names: dict[tuple, str]) -> str:
    return (f"Goal {row.goal_no} indicator {row.indicator_no} "
            f"({names.get((row.goal_no, row.indicator_no), '')!r}, {row.period})")


def realised_without_target(reads: Sequence[TableRead], result: DocumentResult,
                            scanned: set[int | None]) -> list[Finding]:
    """A result whose table has a target column but whose own target cell is empty; a table
    (a realisation report) with no target column at all is said once, as information."""
    names = _names(result)
    findings: list[Finding] = []
    for read in reads:
        if read.kind != "measurement":
            continue
        keys = set(read.keys)
        rows = [r for r in result.results if (r.goal_no, r.indicator_no) in keys
                and (r.realised_raw or r.achievement_raw)]
        if "annual" not in read.columns:
            if rows:
                findings.append(info(
                    "realised_without_target",
                    f"The measurement table on page {read.at.page} gives realisations without "
                    f"targets ({len(rows)} results); score them against the agreement's targets.",
                    read.at.page, read.at.line))
            continue
        findings.extend(_finding(scanned, r.page)(
            "realised_without_target",
            f"{_label(r, names)} has a realisation ({r.realised_raw or r.achievement_raw!r}) but its "
            "target cell is empty, so its achievement cannot be checked.", r.page, r.line)
            for r in rows if not r.target_raw)
    return findings


_DECIMALS = re.compile(r"[.,](\d+)\s*%?\s*$")


def _tolerance(raw: str) -> float:
    """The rounding a written achievement allows: one unit of its last decimal (`94,24%`:
    0.01; `100%`: 1)."""
    found = _DECIMALS.search(raw.strip())
    return 10.0 ** -len(found.group(1)) if found else 1.0


def achievement_contradicts(result: DocumentResult, scanned: set[int | None]) -> list[Finding]:
    """A written *Capaian* that is neither realised ÷ target × 100 nor, for an indicator where
    lower is better, target ÷ realised × 100, beyond its rounding."""
    names = _names(result)
    findings: list[Finding] = []
    for r in result.results:
        if r.achievement_pct is None or not r.achievement_raw or not r.target_value or not r.realised_value:
            continue
        if bool(r.target_percent) != bool(r.realised_percent) and (r.target_label or r.realised_label):
            continue
        higher = r.realised_value / r.target_value * 100
        lower = r.target_value / r.realised_value * 100
        allowed = _tolerance(r.achievement_raw) + 1e-9
        if min(abs(r.achievement_pct - higher), abs(r.achievement_pct - lower)) <= allowed:
            continue
        findings.append(_finding(scanned, r.page)(
            "achievement_mismatch",
            f"{_label(r, names)}: the achievement reads {r.achievement_raw!r}, but realised "
            f"{r.realised_raw!r} against target {r.target_raw!r} is {higher:.2f}% (or {lower:.2f}% "
            "where lower is better); one of the three cells is wrong on the page or in the reading.",
            r.page, r.line))
    return findings

