"""Performance tables (PK and RK forms) -> indicator and target rows.

Reads segments whose header has an indicator column and one or more period
columns. Goals carry down to continuation rows; section rows (`Sasaran
Strategis`, `SASARAN KHUSUS`) set the goal type for the rows under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from extractors.findings import Finding, warning
from extractors.layout import Cell
from extractors.records import IndicatorRow, TargetRow
from extractors.tables import Segment, cell_text
from extractors.values import clean_text, parse_int, parse_ksd_no, parse_target

PERIODS = ("q1", "q2", "q3", "q4", "annual")
_PERIOD_NAME = {"q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4", "annual": "annual"}
_SECTION = re.compile(r"^sasaran\s+(strategis|khusus|operasional)\b", re.IGNORECASE)


@dataclass
class GoalState:
    """What carries from row to row and across a repeated header: the running goal."""

    goal_type: str | None = None
    goal_no: int | None = None
    goal: str | None = None
    indicator_no: int = 0
    seen_goals: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorTable:
    indicators: tuple[IndicatorRow, ...]
    targets: tuple[TargetRow, ...]
    findings: tuple[Finding, ...]


def _text(row: tuple[Cell, ...], col: int | None) -> str | None:
    return clean_text(cell_text(row, col))


def _label(row: tuple[Cell, ...], col: int | None) -> str | None:
    """A short label cell (unit, data source) without a scan's stray leading marks (`— Nilai`)."""
    text = _text(row, col)
    return clean_text(text.strip(" :;|—–-")) if text else None


def _is_section(row: tuple[Cell, ...]) -> str | None | bool:
    """A row with one filled cell of prose: a section label. Returns its goal type (or None)."""
    filled = [c.text.strip() for c in row if c.text.strip()]
    if len(filled) != 1 or parse_int(filled[0]) is not None:
        return False
    m = _SECTION.match(filled[0])
    if m:
        return m.group(1).lower()
    if re.match(r"^sasaran\b", filled[0], re.IGNORECASE):
        return None
    return False


def parse_performance(
    segment: Segment, doc_id: str, form: str, state: GoalState
) -> IndicatorTable:
    """Rows of one segment; `state` is updated in place so a repeated header carries the goal."""
    h = segment.header
    nos = h.columns("no")
    goal_no_col = nos[0] if nos and (h.column("goal") is None or nos[0] < h.column("goal")) else None
    ind_col = h.column("indicator")
    ind_no_col = next((c for c in nos if ind_col is not None and c < ind_col
                       and c != goal_no_col), None)
    period_cols = {p: h.column(p) for p in PERIODS if h.column(p) is not None}
    unit_col = h.column("unit") if h.column("unit") is not None else h.column("remark")
    if h.goal_type and state.goal_type is None:
        state.goal_type = h.goal_type
    indicators: list[IndicatorRow] = []
    targets: list[TargetRow] = []
    findings: list[Finding] = []
    for row in segment.rows:
        if not any(c.text.strip() for c in row):
            continue
        section = _is_section(row)
        if section is not False:
            state.goal_type = section if isinstance(section, str) else h.goal_type
            continue
        indicator = _text(row, ind_col)
        goal_no = parse_int(cell_text(row, goal_no_col))
        goal = _text(row, h.column("goal"))
        raw_targets = {p: " ".join(cell_text(row, c).split()) for p, c in period_cols.items()}
        if not indicator:
            continue
        if goal_no is not None or goal:
            if goal_no is not None and state.seen_goals and goal_no > state.seen_goals[-1] + 1:
                findings.append(warning(
                    "goal_numbering_gap",
                    f"Goal numbers jump from {state.seen_goals[-1]} to {goal_no}; check whether "
                    "a goal or a page is missing.", row[0].at.page, row[0].at.line))
            state.goal_no = goal_no
            state.goal = goal or state.goal
            state.indicator_no = 0
            if goal_no is not None:
                state.seen_goals.append(goal_no)
        indicator_no = parse_int(cell_text(row, ind_no_col))
        state.indicator_no = indicator_no if indicator_no is not None else state.indicator_no + 1
        unit = _label(row, unit_col)
        parsed = {p: parse_target(raw or None, unit) for p, raw in raw_targets.items()}
        if unit is None:
            words = {v.unit_word for v in parsed.values() if v.unit_word}
            unit = words.pop() if len(words) == 1 else None
            if unit:
                parsed = {p: parse_target(raw or None, unit) for p, raw in raw_targets.items()}
        at = row[0].at
        for p, value in parsed.items():
            if not value.parsed:
                findings.append(warning(
                    "target_unparsed",
                    f"Target {_PERIOD_NAME[p]} of goal {state.goal_no} indicator "
                    f"{state.indicator_no} reads {value.raw!r}, which is no number, grade or N/A; "
                    "its raw text is kept.", at.page, at.line))
        annual = parsed.get("annual")
        indicators.append(IndicatorRow(
            doc_id=doc_id, form=form, goal_type=state.goal_type, goal_no=state.goal_no,
            goal=state.goal, indicator_no=state.indicator_no, indicator=indicator,
            data_source=_label(row, h.column("data_source")),
            measurement=_text(row, h.column("measurement")),
            unit=unit, ksd_no=parse_ksd_no(indicator),
            target_raw=annual.raw if annual else None,
            target_value=annual.value if annual else None,
            target_percent=annual.percent if annual else None,
            target_label=annual.label if annual else None,
            target_not_applicable=annual.not_applicable if annual else None,
            page=at.page, line=at.line,
        ))
        for p in PERIODS:
            if p in parsed:
                v = parsed[p]
                targets.append(TargetRow(
                    doc_id=doc_id, form=form, goal_no=state.goal_no,
                    indicator_no=state.indicator_no, period=_PERIOD_NAME[p], raw=v.raw,
                    value=v.value, percent=v.percent, label=v.label,
                    not_applicable=v.not_applicable, page=at.page, line=at.line))
    return IndicatorTable(tuple(indicators), tuple(targets), tuple(findings))

