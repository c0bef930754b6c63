"""Amounts on the pages and no budget row: a budget the parsers did not see.

An amount is `Rp` before a number, or a number grouped in thousands at least twice
(`1.250.000.000`, `8,797,819,537`). Amounts inside a recognised performance table are
targets (`Rp 2,5 M` of revenue), not a budget, and are not counted; neither is running text
of the statement. A `Program … Anggaran` header line or grid row counts as a budget's head.
"""

from __future__ import annotations

import regex as re

from extractors.model.findings import Finding, error
from extractors.model.layout import Cell, Grid, Layout, Span, TextLine
from extractors.model.records import DocumentResult
from extractors.segment.tables import split_segments

_AMOUNT = re.compile(r"(?i:\brp\b\.?\s*\d)|(?<![\d.,])\d{1,3}(?:[.,]\d{3}){2,}(?![\d])")
_BUDGET_HEAD = re.compile(r"\bprogram\b.*\b(anggaran|pagu)\b|\b(anggaran|pagu)\b.*\bprogram\b",
                          re.IGNORECASE)
_PROSE_WORDS = 12  # a line of more words is a sentence of the statement, not a budget line


def _outside_performance(grid: Grid) -> list[tuple[Cell, ...]]:
    """The grid's rows that are not under a performance header."""
    leading, segments = split_segments(grid.rows)
    rows = list(leading)
    for seg in segments:
        if seg.header.kind != "performance":
            rows.extend(seg.rows)
    return rows


def budget_evidence(layout: Layout) -> tuple[str, Span] | None:
    """The first amount-like text or budget header outside performance tables, and where."""
    for block in layout.blocks():
        if isinstance(block, TextLine):
            if len(block.text.split()) <= _PROSE_WORDS and (
                    _AMOUNT.search(block.text) or _BUDGET_HEAD.search(block.text)):
                return block.text.strip(), block.at
            continue
        for row in _outside_performance(block):
            joined = " ".join(c.text for c in row)
            if _BUDGET_HEAD.search(joined) and len(joined.split()) <= _PROSE_WORDS:
                return joined.strip(), row[0].at
            for cell in row:
                if _AMOUNT.search(cell.text):
                    return cell.text.strip(), cell.at
    return None


def missing_budget(layout: Layout, result: DocumentResult) -> list[Finding]:
    if result.budgets:
        return []
    seen = budget_evidence(layout)
    if seen is None:
        return []
    text, at = seen
    where = f"page {at.page}" if at.page is not None else f"line {at.line}"
    shown = " ".join(text.split())[:60]
    return [error("budget_missing", f"The pages show a budget ({shown!r} on {where}) but no budget "
                  "row was read; check the Program / Anggaran table.", at.page, at.line)]
