"""Budget tables (`No | Program | Anggaran (Rp) | Keterangan`) -> budget rows.

Total rows (`JUMLAH`, `TOTAL`) are no programs; when a table gives a total, the
programs are checked against it, since a mismatch usually means a lost row.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extractors.findings import Finding, warning
from extractors.indicators import join_lines
from extractors.layout import Cell
from extractors.records import BudgetRow
from extractors.tables import Segment
from extractors.values import clean_text, parse_amount, parse_int

_TOTAL = re.compile(r"^(jumlah|total|grand\s+total|sub\s*total|jumlah\s+total)\b", re.IGNORECASE)
_LEADING_NO = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(?=\S)")


@dataclass(frozen=True)
class BudgetTable:
    budgets: tuple[BudgetRow, ...]
    findings: tuple[Finding, ...]


def _cell(row: tuple[Cell, ...], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return join_lines(row[col].text).strip()


def parse_budget(segment: Segment, doc_id: str, form: str) -> BudgetTable:
    h = segment.header
    no_col = h.column("no")
    program_col = h.column("program")
    amount_col = h.column("amount")
    funding_col = h.column("funding") if h.column("funding") is not None else h.column("remark")
    rows: list[BudgetRow] = []
    findings: list[Finding] = []
    total: tuple[int, Cell] | None = None
    for row in segment.rows:
        no_text, program, amount_text = (_cell(row, c) for c in (no_col, program_col, amount_col))
        if not (program or amount_text):
            continue
        at = row[0].at
        if _TOTAL.match(no_text) or _TOTAL.match(program) or (not program and not no_text):
            amount = parse_amount(amount_text)
            if amount is not None:
                total = (amount, row[0])
            continue
        program_no = parse_int(no_text)
        m = _LEADING_NO.match(program)
        if m:
            program_no = program_no if program_no is not None else int(m.group(1))
            program = program[m.end():]
        amount = parse_amount(amount_text)
        if amount is None and amount_text:
            findings.append(warning(
                "amount_unparsed",
                f"The budget of program {program_no} reads {amount_text!r}, which is no rupiah "
                "amount; check the cell.", at.page, at.line))
        rows.append(BudgetRow(
            doc_id=doc_id, form=form, program_no=program_no, program=clean_text(program),
            amount_idr=amount, funding_source=clean_text(_cell(row, funding_col)),
            page=at.page, line=at.line))
    if total is not None:
        summed = sum(r.amount_idr or 0 for r in rows)
        if summed != total[0]:
            findings.append(warning(
                "budget_total_mismatch",
                f"The programs add up to Rp {summed:,} but the table's total row says "
                f"Rp {total[0]:,}; a program line may be missing or misread.",
                total[1].at.page, total[1].at.line))
    return BudgetTable(tuple(rows), tuple(findings))
