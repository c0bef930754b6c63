"""Performance and budget tables held against what their pages show.

Every check reads only the parsers' `TableRead` reports, the rows and the layout, and says
what is missing where it stands: a recognised header with no rows under it, numbered rows
that did not become rows, a goal with no indicator, an indicator without a target or
without the quarters its table has, a total that the programs do not add up to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import regex as re

from extractors.model.findings import Finding, error, warning
from extractors.model.layout import Grid, Layout, Span, TextLine
from extractors.model.reads import TableRead
from extractors.model.records import DocumentResult, TargetRow
from extractors.segment.headings import form_of, is_heading

_KIND = {"performance": "performance", "budget": "budget"}
_QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def _where(at: Span) -> str:
    if at.page is not None:
        return f"page {at.page}"
    return f"line {at.line}" if at.line is not None else "the document"


def _finding(code: str, message: str, at: Span | None) -> Finding:
    return error(code, message, at.page if at else None, at.line if at else None)


def _columns(read: TableRead) -> str:
    return ", ".join(dict.fromkeys(c for c in read.columns if c))


def empty_tables(reads: Sequence[TableRead]) -> list[Finding]:
    """A header this version recognises with rows under it, and no row read from them."""
    return [_finding("table_empty",
                     f"The {read.kind} table whose header stands on {_where(read.at)} (columns: "
                     f"{_columns(read)}) has {read.body_rows} row(s) under it, but none could be "
                     "read; check that table on the page.", read.at)
            for read in reads if read.produced == 0 and read.body_rows > 0]


_ROWS = {"performance": "indicators", "measurement": "indicators", "budget": "programs",
         "action_plan": "activities"}


def short_tables(reads: Sequence[TableRead]) -> list[Finding]:
    """A table that shows more rows (numbered items counted one each; an action plan's rows
    that name an activity or hold its budget) than were read."""
    return [_finding("rows_missing",
                     f"The {read.kind.replace('_', ' ')} table whose header stands on {_where(read.at)} "
                     f"shows {read.expected} {_ROWS.get(read.kind, 'rows')} but {read.produced} were read; "
                     "the others are missing from the tables.", read.at)
            for read in reads if read.produced and read.expected > read.produced]


def plan_indicators_without_actions(result: DocumentResult) -> list[Finding]:
    """An action plan's indicator (form `rencana_aksi`) with no activity under it, while the
    plan lists activities: the plan says nothing of how it is to be reached, or its rows
    were not read."""
    if not result.actions:
        return []
    served = {(a.goal_no, a.indicator_no) for a in result.actions}
    return [warning("indicator_without_action", f"The action plan's goal {i.goal_no} indicator "
                    f"{i.indicator_no} ({_short(i.indicator or '')!r}) has no activity under it.",
                    i.page, i.line)
            for i in result.indicators
            if i.form == "rencana_aksi" and (i.goal_no, i.indicator_no) not in served]


def unread_numbers(reads: Sequence[TableRead], result: DocumentResult) -> list[Finding]:
    """Goal and program numbers printed in a NO column that no row carries."""
    goals = {(i.form, i.goal_no) for i in result.indicators}
    programs = {(b.form, b.program_no) for b in result.budgets}
    alone = {at for read in reads for _, at in read.goals_alone}
    findings = []
    for read in reads:
        if read.produced == 0:
            continue  # said once, as an empty table
        for number, at in read.goal_numbers:
            if (read.form, number) not in goals and at not in alone:
                findings.append(_finding("rows_missing", f"Goal {number} is numbered on {_where(at)} "
                                         "but none of its indicators was read.", at))
        for number, at in read.program_numbers:
            if (read.form, number) not in programs:
                findings.append(_finding("rows_missing", f"Program {number} is numbered on "
                                         f"{_where(at)} but was not read.", at))
    return findings


def _typed(result: DocumentResult) -> bool:
    """A Word file or a text rendering: an empty cell is empty in the document, not lost by a
    reading (a gap the document has is said as a warning, not as a loss)."""
    return result.document.source_format in ("docx", "text")


def goals_alone(reads: Sequence[TableRead], result: DocumentResult) -> list[Finding]:
    if _typed(result):
        return [warning("goal_without_indicator", f"The goal {_short(goal)!r} on {_where(at)} has "
                        "no indicator: the document leaves its indicator cells empty.", at.page, at.line)
                for read in reads for goal, at in read.goals_alone]
    return [_finding("goal_without_indicator",
                     f"The goal {_short(goal)!r} on {_where(at)} has no indicator beside or under it; "
                     "its indicator was not read, or the page lost it.", at)
            for read in reads for goal, at in read.goals_alone]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _targets_by_indicator(targets: Iterable[TargetRow]) -> dict[tuple, dict[str, str]]:
    out: dict[tuple, dict[str, str]] = defaultdict(dict)
    for t in targets:
        out[(t.form, t.goal_no, t.indicator_no)][t.period] = (t.raw or "").strip()
    return out


def missing_targets(reads: Sequence[TableRead], result: DocumentResult) -> list[Finding]:
    """An indicator whose target cells are all empty; in a table with Triwulan columns, an
    indicator whose quarters are all empty while its table gives other indicators theirs."""
    cells = _targets_by_indicator(result.targets)
    where = {(i.form, i.goal_no, i.indicator_no): Span(i.page, i.line) for i in result.indicators}
    findings = []
    for read in reads:
        if read.kind != "performance":
            continue
        keys = [(read.form, g, n) for g, n in read.keys]
        with_quarters = [k for k in keys if any(cells[k].get(q) for q in _QUARTERS)]
        for key in keys:
            at = where.get(key)
            label = f"Goal {key[1]} indicator {key[2]}"
            if not any(cells[key].values()):
                if _typed(result):
                    findings.append(warning("target_missing", f"{label} ({_where(at or read.at)}) "
                                            "has no target: the document leaves its target cells "
                                            "empty.", at.page if at else None, at.line if at else None))
                else:
                    findings.append(_finding("target_missing", f"{label} ({_where(at or read.at)}) "
                                             "has no target: its target cells came out empty.", at))
            elif read.quarters and with_quarters and key not in with_quarters:
                findings.append(_finding("quarters_missing", f"{label} ({_where(at or read.at)}) has "
                                         "none of its Triwulan targets although its table has "
                                         "quarter columns.", at))
    return findings


def totals(reads: Sequence[TableRead]) -> list[Finding]:
    """A JUMLAH / TOTAL row whose amount is not what the programs read add up to."""
    return [_finding("budget_total_mismatch",
                     f"The programs read add up to Rp {read.summed:,} but the total row on "
                     f"{_where(read.total[1])} says Rp {read.total[0]:,}; a program line is missing "
                     "or misread.", read.total[1])
            for read in reads if read.total is not None and read.summed != read.total[0]]


_TABULAR_CELLS = 3


def _tabular(grid: Grid) -> bool:
    wide = [r for r in grid.rows if sum(1 for c in r if re.search(r"\w", c.text)) >= _TABULAR_CELLS]
    return len(wide) >= 2


def headings_without_rows(layout: Layout, result: DocumentResult) -> list[Finding]:
    """A PK or RK heading with a table under it (before the next heading) and no row of its
    form in the whole document: the table under it was not read."""
    forms = {i.form for i in result.indicators} | {b.form for b in result.budgets}
    under: dict[str, TextLine] = {}
    heading: TextLine | None = None
    for block in layout.blocks():
        if isinstance(block, TextLine):
            if is_heading(block.text) and form_of(block.text):
                heading = block
            continue
        if heading is not None and _tabular(block):
            under.setdefault(form_of(heading.text) or "", heading)
    return [_finding("table_empty", f"The {form.replace('_', ' ').upper()} heading on "
                     f"{_where(line.at)} stands over a table, but no row of it was read.", line.at)
            for form, line in under.items() if form not in forms]


def amounts_missing(result: DocumentResult) -> list[Finding]:
    """A program read without its amount: the budget's total would be wrong without a word."""
    return [error("amount_missing", f"Program {b.program_no} ({_short(b.program or '')!r}) was read "
                  "without an amount; check its Anggaran cell.", b.page, b.line)
            for b in result.budgets if b.amount_idr is None]


def no_indicators(result: DocumentResult) -> list[Finding]:
    """An agreement read with parties or a budget but no indicator: its performance table (the
    heart of a PK) is empty on the page or was not read. (`no_tables_found` says it when
    nothing at all was read.)"""
    if result.indicators or not result.budgets:
        return []
    return [error("no_indicators", "No indicator was read: the agreement's performance table "
                  "(Sasaran / Indikator / Target) is empty or could not be read; check its pages.")]


_VALUE_TOKEN = re.compile(r"^[≤≥<>sS]?\d[\d.,]*%?$")  # `s4`: a scan's `≤4`


def merged_targets(result: DocumentResult) -> list[Finding]:
    """A target cell holding several bare values (`30 18 1`, `8 2 100`): the rows of sub-indicators
    a scan read as one row, their targets run together; the rows under it are lost."""
    findings = []
    for i in result.indicators:
        tokens = [tok for tok in (i.target_raw or "").split() if tok != "%"]
        if len(tokens) >= 2 and all(_VALUE_TOKEN.match(tok) for tok in tokens):
            findings.append(error(
                "rows_missing", f"Goal {i.goal_no} indicator {i.indicator_no}'s target reads "
                f"{i.target_raw!r}: several rows' targets run together, so the rows under it are "
                "missing.", i.page, i.line))
    return findings
