"""Quarterly realisation reports -> results rows: performance (*K*) and money spent (*Rp*)
per program and activity, quarter by quarter.

The report's header (`Urusan/Bidang Urusan/Program/Kegiatan | Indikator Kinerja … |
Realisasi Kinerja Pada Triwulan I - IV | Perangkat Daerah Penanggung Jawab`, then `I II III
IV`, then `K Rp K Rp …`) stands on its first page only; the grids of the next pages are
mapped onto its columns by where their cells stand (their boxes), or by position when the
reader gives no boxes and the grid is as wide. `PROGRAM …` rows open a goal; each indicator
row under it is an indicator, numbered in order; `URUSAN …` rows and the unit's subtotal rows
(no indicator) are no rows. A quarter whose K and Rp cells are both empty gives no result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from extractors.model.findings import Finding, warning
from extractors.model.layout import Cell, Span
from extractors.model.reads import TableRead
from extractors.model.records import IndicatorRow, ResultRow, ValueAt
from extractors.parsers.results import FORM, ResultTable
from extractors.segment.tables import Header, Segment
from extractors.values import clean_text, parse_amount, parse_target

_QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_PROGRAM = re.compile(r"^program\b", re.IGNORECASE)
_RESPONSIBLE = re.compile(r"penanggung\s*jawab", re.IGNORECASE)  # a column of no table role


def is_quarterly_report(header: Header) -> bool:
    """A realisation header over quarter columns, with programs and indicators beside it."""
    roles = set(header.roles)
    return ({"realised", "indicator"} <= roles and "annual" not in roles
            and len(roles & {"q1", "q2", "q3", "q4"}) >= 2)


@dataclass(frozen=True)
class _Column:
    """Where a column stands: its index in the header's grid and its x-range, when known."""

    index: int
    x0: float | None = None
    x1: float | None = None

    def holds(self, cell: Cell, index: int, same_grid: bool) -> bool:
        box = cell.at.bbox
        if box is not None and self.x0 is not None and self.x1 is not None:
            return self.x0 <= (box[0] + box[2]) / 2 <= self.x1
        return same_grid and index == self.index


def _column(row: tuple[Cell, ...], index: int) -> _Column:
    box = row[index].at.bbox if index < len(row) else None
    return _Column(index, box[0], box[2]) if box else _Column(index)


@dataclass
class _Line:
    """One report row as its columns hold it, lines of broken cells joined."""

    at: Span
    name: str = ""
    indicator: str = ""
    k: dict[str, str] = field(default_factory=dict)
    rp: dict[str, str] = field(default_factory=dict)
    responsible: str = ""


@dataclass
class QuarterlyReport:
    """A report being read: its columns, fixed by its header, and its rows as they come,
    page after page."""

    doc_id: str
    at: Span
    width: int
    name: _Column | None
    indicator: _Column
    k: dict[str, _Column]
    rp: dict[str, _Column]
    responsible: _Column | None
    lines: list[_Line] = field(default_factory=list)
    body_rows: int = 0

    def feed(self, rows: tuple[tuple[Cell, ...], ...]) -> bool:
        """Rows of a grid that continues the report; False when they do not fit its columns."""
        width = max((len(r) for r in rows), default=0)
        boxed = all(c.at.bbox is not None for r in rows for c in r if c.text.strip())
        if not boxed and width != self.width:
            return False
        for row in rows:
            self._add(row, width == self.width)
        return True

    def _pick(self, row: tuple[Cell, ...], column: _Column | None, same_grid: bool, longest: bool) -> str:
        if column is None:
            return ""
        texts = [" ".join(c.text.split()) for k, c in enumerate(row)
                 if c.text.strip() and column.holds(c, k, same_grid)]
        if not texts:
            return ""
        return max(texts, key=len) if longest else texts[0]

    def _add(self, row: tuple[Cell, ...], same_grid: bool) -> None:
        if not any(c.text.strip() for c in row):
            return
        line = _Line(next(c for c in row if c.text.strip()).at,
                     self._pick(row, self.name, same_grid, True),
                     self._pick(row, self.indicator, same_grid, True),
                     {q: t for q, col in self.k.items() if (t := self._pick(row, col, same_grid, False))},
                     {q: t for q, col in self.rp.items() if (t := self._pick(row, col, same_grid, False))},
                     self._pick(row, self.responsible, same_grid, False))
        previous = self.lines[-1] if self.lines else None
        if previous is not None and not line.k and not line.responsible and (
                self.responsible is not None or not line.rp):
            # a cell's next lines, set in a row of their own (a PDF that draws each line apart)
            for name in ("name", "indicator"):
                piece, whole = getattr(line, name), getattr(previous, name)
                if piece and piece not in whole:
                    setattr(previous, name, f"{whole} {piece}".strip())
            return
        self.body_rows += 1
        self.lines.append(line)

    def finish(self) -> ResultTable:
        """The report's indicators and results, and what was read for the checks."""
        indicators: list[IndicatorRow] = []
        results: list[ResultRow] = []
        findings: list[Finding] = []
        goal_no: int | None = None
        goal: str | None = None
        number = 0
        expected = 0
        for line in self.lines:
            name = clean_text(line.name)
            if name and _PROGRAM.match(name):
                goal_no, goal, number = (goal_no or 0) + 1, name, 0
            if not line.indicator:
                continue  # an URUSAN heading, the unit's subtotal row
            expected += 1
            number += 1
            indicators.append(IndicatorRow(
                doc_id=self.doc_id, form=FORM, goal_type=None, goal_no=goal_no, goal=goal,
                indicator_no=number, indicator=clean_text(line.indicator),
                page=line.at.page, line=line.at.line))
            for q in _QUARTERS:
                if q not in line.k and q not in line.rp:
                    continue
                realised = parse_target(line.k.get(q))
                if line.k.get(q) and not realised.parsed:
                    findings.append(warning(
                        "target_unparsed", f"The {q} realisation of {_short(line.indicator)!r} reads "
                        f"{realised.raw!r}, which is no number, grade or N/A; its raw text is kept.",
                        line.at.page, line.at.line))
                results.append(ResultRow(
                    doc_id=self.doc_id, goal_no=goal_no, indicator_no=number, period=q,
                    realised_raw=realised.raw, realised_value=realised.value,
                    realised_percent=realised.percent if realised.raw else None,
                    realised_label=realised.label, realised_budget_idr=parse_amount(line.rp.get(q)),
                    page=line.at.page, line=line.at.line, read_at=(ValueAt("*", line.at),)))
        read = TableRead("measurement", FORM, self.at, ("program", "indicator", "realised"),
                         self.body_rows, expected, len(indicators),
                         tuple((i.goal_no, i.indicator_no) for i in indicators))
        return ResultTable(tuple(indicators), (), tuple(results), tuple(findings), read)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def start_report(segment: Segment, header_rows: tuple[tuple[Cell, ...], ...], doc_id: str) -> QuarterlyReport:
    """A report whose header rows are `header_rows` (as the grid holds them) and whose first
    rows are the segment's; the `K | Rp` row under the header gives each quarter its two
    columns, in order."""
    h = segment.header
    top = header_rows[0]
    body = list(segment.rows)
    k_cols: dict[str, _Column] = {}
    rp_cols: dict[str, _Column] = {}
    start = 0
    for n, row in enumerate(body[:4]):
        marks = [(i, c.text.strip().lower()) for i, c in enumerate(row) if c.text.strip()]
        if marks and all(m in ("k", "rp") for _, m in marks):
            ks = [i for i, m in marks if m == "k"]
            rps = [i for i, m in marks if m == "rp"]
            k_cols = {q: _column(row, i) for q, i in zip(_QUARTERS, ks, strict=False)}
            rp_cols = {q: _column(row, i) for q, i in zip(_QUARTERS, rps, strict=False)}
            start = n + 1
            break
    if not k_cols:  # no K | Rp row: each quarter's column holds its performance
        k_cols = {q.upper(): _column(top, c) for q in ("q1", "q2", "q3", "q4")
                  for c in h.columns(q)}
    name = h.column("program") if h.column("program") is not None else h.column("goal")
    responsible = next((c for c, text in enumerate(h.texts) if _RESPONSIBLE.search(text)), None)
    report = QuarterlyReport(
        doc_id, segment.header_cell.at, len(top), _column(top, name) if name is not None else None,
        _column(top, h.column("indicator") or 0), k_cols, rp_cols,
        _column(top, responsible) if responsible is not None else None)
    report.feed(tuple(r for r in body[start:] if not _numbers_row(r)))
    return report


def _numbers_row(row: tuple[Cell, ...]) -> bool:
    """`2 | 3 | 7 | 8 | 9 | 10 | 14`: the printed column numbers of a cut-down form."""
    texts = [c.text.strip() for c in row if c.text.strip()]
    return len(texts) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts)
