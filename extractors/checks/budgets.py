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
from extractors.parsers.budgets import is_total
from extractors.segment.tables import split_segments
from extractors.values import parse_amount

_AMOUNT = re.compile(r"(?i:\brp\b\.?\s*\d)|(?<![\d.,])\d{1,3}(?:[.,]\d{3}){2,}(?![\d])")
_BUDGET_HEAD = re.compile(r"\bprogram\b.*\b(anggaran|pagu)\b|\b(anggaran|pagu)\b.*\bprogram\b",
                          re.IGNORECASE)
_PROSE_WORDS = 12  # a line of more words is a sentence of the statement, not a budget line


def _outside_performance(grid: Grid) -> list[tuple[Cell, ...]]:
    """The grid's rows that are not under a performance header (nor an action plan's, whose
    amounts are its activities' budgets, read into `actions`)."""
    leading, segments = split_segments(grid.rows)
    rows = list(leading)
    for seg in segments:
        if seg.header.kind not in ("performance", "action_plan"):
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


_LINE_WORDS = 25  # a budget line (number, program name, amount, source) is shorter than this
_SUBSETS = 16  # programs up to which every subset's sum is tried (activities summing to programs)


def _amounts(text: str) -> list[int]:
    found = []
    for m in _AMOUNT.finditer(text):
        value = parse_amount(text[m.start():m.start() + 40].split("  ")[0])
        if value is not None and value >= 1000:
            found.append(value)
    return found


def visible_amounts(layout: Layout) -> list[tuple[int, Span]]:
    """Every rupiah amount outside performance tables, statement prose and total rows."""
    out: list[tuple[int, Span]] = []
    for block in layout.blocks():
        if isinstance(block, TextLine):
            if len(block.text.split()) <= _LINE_WORDS and not is_total(block.text):
                out.extend((v, block.at) for v in _amounts(block.text))
            continue
        for row in _outside_performance(block):
            if any(is_total(c.text) for c in row):
                continue
            for cell in row:
                out.extend((v, cell.at) for v in _amounts(cell.text))
    return out


def _sums(values: list[int]) -> set[int]:
    sums = {0}
    for v in values:
        sums |= {s + v for s in sums}
    return sums


def unread_amounts(layout: Layout, result: DocumentResult) -> list[Finding]:
    """Amounts the pages show that no budget row holds: a program line lost. Amounts of
    activities under a program that carries their sum are no rows (the contract), so leftovers
    that add up to some of the programs read are no loss."""
    if not result.budgets:
        return []  # said by missing_budget
    left = list(visible_amounts(layout))
    for amount in (b.amount_idr for b in result.budgets if b.amount_idr is not None):
        k = next((i for i, (v, _) in enumerate(left) if v == amount), None)
        if k is not None:
            left.pop(k)
    if not left:
        return []
    read = [b.amount_idr for b in result.budgets if b.amount_idr is not None]
    leftover = sum(v for v, _ in left)
    if leftover == sum(read) or (len(read) <= _SUBSETS and leftover in _sums(read)):
        return []
    shown = ", ".join(f"Rp {v:,}" + (f" (page {at.page})" if at.page else f" (line {at.line})")
                      for v, at in left[:3])
    more = f" and {len(left) - 3} more" if len(left) > 3 else ""
    first = left[0][1]
    return [error("rows_missing", f"The pages show {len(left)} amount(s) that no budget row holds: "
                  f"{shown}{more}; a program line is missing or misread.", first.page, first.line)]


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
