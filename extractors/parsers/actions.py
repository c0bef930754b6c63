"""Action plans (Rencana Aksi) -> the plan's indicators and targets, and one action row per activity.

A Rencana Aksi table sets, beside each indicator of a goal (its quarterly targets), the
activities (*kegiatan*) that serve it: the program and the activity, the activity's own
output and target, the planned steps, the quarters (or months) its schedule marks, its
budget and who answers for it. The indicator columns are read by the performance parser
(form `rencana_aksi`); the rest of each row by this module. A row opens an activity when
its Program/Kegiatan cell names one (or, without such a column, when it gives steps), or
when it opens an indicator beside an activity's cells (a cell merged over two indicators
serves both); a row with only an output and its target adds them to the activity above; a
row naming only a program (`Program Peningkatan …`) sets the program of the rows under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re

from extractors.model.findings import Finding
from extractors.model.layout import Cell
from extractors.model.reads import TableRead
from extractors.model.records import ActionRow, IndicatorRow, TargetRow, ValueAt
from extractors.parsers.indicators import GoalState, parse_performance
from extractors.segment.tables import Header, Segment, cell_text
from extractors.values import MONTHS, clean_text, parse_amount

FORM = "rencana_aksi"
_INDICATOR_ROLES = frozenset(("no", "goal", "indicator", "q1", "q2", "q3", "q4", "annual", "unit",
                              "data_source", "measurement"))
_ACTIVITY_ROLES = frozenset(("program", "action_plan", "output", "output_target", "amount", "responsible",
                             "schedule"))
_PROGRAM = re.compile(r"^\s*pro?g?ram\b", re.IGNORECASE)  # `Program …`, and `Proram …` as typed
# `TW 2`, `Triwulan IV`, `Q1`, and a scan's `TwW4`
_QUARTER_WORD = re.compile(r"\b(?:triwulan|tri\s+wulan|trw|t[wv]+|q)\s*[-.]?\s*(iv|iii|ii|i|[1-4])\b",
                           re.IGNORECASE)
_QUARTER_SPAN = re.compile(r"\b(?:triwulan|tri\s+wulan|trw|t[wv]+|q)\s*[-.]?\s*(iv|iii|ii|i|[1-4])\s*"
                           r"(?:-|–|s\.?\s?d\.?|sampai(?:\s+dengan)?)\s*"
                           r"(?:triwulan|tri\s+wulan|trw|t[wv]+|q)?\s*[-.]?\s*(iv|iii|ii|i|[1-4])\b",
                           re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_RANGE = re.compile(r"^\s*(?:-|–|s\.?\s?d\.?|sampai(?:\s+dengan)?)\s*$", re.IGNORECASE)
_WRAPPED_END = re.compile(r"(\b(dan|atau|dengan|yang|di|ke|dari|untuk|terhadap|serta|pada|oleh|dalam)"
                          r"|[,/&(-])$", re.IGNORECASE)
# A line that opens a planned step: an Indonesian verb set first (`Dilakukan`, `Dikirim`,
# `Melaksanakan`, `Mengikutsertakan`), or an item number or bullet.
_STEP_OPENS = re.compile(r"^(?:\d{1,2}[.)]\s|[-•·*]\s|Di\p{Ll}{5,}\b|Me[lmn]\p{Ll}{4,}\b)")


@dataclass
class PlanState:
    """What carries from row to row and across a repeated header: the goal, the program, the
    activity a sub-row continues, and the activities numbered under each indicator."""

    goals: GoalState = field(default_factory=GoalState)
    program: str | None = None
    last: ActionRow | None = None
    counts: dict[tuple[int | None, int | None], int] = field(default_factory=dict)
    actions: list[ActionRow] = field(default_factory=list)  # every table's so far, sub-rows merged


@dataclass(frozen=True)
class ActionTable:
    indicators: tuple[IndicatorRow, ...]
    targets: tuple[TargetRow, ...]
    actions: tuple[ActionRow, ...]  # the activities this segment opened (as first read)
    findings: tuple[Finding, ...]
    reads: tuple[TableRead, ...]  # the plan's indicators (performance) and its activities (action_plan)


def parse_actions(segment: Segment, doc_id: str, state: PlanState) -> ActionTable:
    """The indicators, targets and actions of one action-plan segment; `state` carries over."""
    h = segment.header
    indicator_header = Header(tuple(r if r in _INDICATOR_ROLES else None for r in h.roles), h.texts,
                              h.goal_type, h.rows)
    programs = h.columns("program")
    program_col = programs[0] if programs else None
    activity_col = next((c for c in programs[1:] if "kegiatan" in h.texts[c].lower()), None)
    width = _widest_line(segment.rows, program_col)
    indicators: list[IndicatorRow] = []
    targets: list[TargetRow] = []
    findings: list[Finding] = []
    actions: list[ActionRow] = []
    expected = 0
    body = 0
    touched = 0  # activities opened or continued by this segment's rows
    for row in (r for r in segment.rows if any(c.text.strip() for c in r)):
        body += 1
        table = parse_performance(replace(segment, header=indicator_header, rows=(row,)), doc_id, FORM,
                                  state.goals)
        indicators.extend(table.indicators)
        targets.extend(table.targets)
        findings.extend(table.findings)
        fields = _fields(row, h)
        program, activity = _program_activity(row, program_col, activity_col, width, bool(fields))
        if body == 1 and not table.indicators and _runs_on(state.last, program, activity):
            # the page broke a row: its first row ends the last page's activity
            state.last = state.actions[-1] = _continue(state.actions[-1], fields, activity)
            touched += 1
            continue
        if program:
            state.program = program
        steps = fields.get("steps")
        # a row opens an activity when it names one, gives steps in a plan without a Program
        # column, opens an indicator beside an activity's cells, or holds a second budget (an
        # activity whose name the page lost is kept as a row, not merged into the one above)
        second_budget = (fields.get("budget_idr") is not None and state.last is not None
                         and state.last.budget_idr is not None)
        opens = bool(activity) or (program_col is None and bool(steps)) or (
            bool(table.indicators) and bool(fields)) or second_budget
        if activity or (program_col is None and steps) or fields.get("budget_idr") is not None:
            expected += 1
        if opens:
            key = (state.goals.goal_no, state.goals.indicator_no)
            state.counts[key] = state.counts.get(key, 0) + 1
            # a cell merged over two indicators serves both; a lone second budget names no activity
            merged = not activity and state.last is not None and (bool(table.indicators) or not second_budget)
            carried = state.last if merged else None
            action = ActionRow(
                doc_id=doc_id, goal_no=key[0], indicator_no=key[1], action_no=state.counts[key],
                program=state.program if program or activity or carried is None else carried.program,
                activity=activity or (carried.activity if carried else None),
                page=row[0].at.page, line=row[0].at.line, read_at=(ValueAt("*", row[0].at),), **fields)
            actions.append(action)
            state.actions.append(action)
            state.last = action
            touched += 1
        elif fields and state.last is not None:
            # a sub-row (another output, more steps), also under a header repeated on a new page
            state.last = state.actions[-1] = _continue(state.actions[-1], fields)
            touched += 1
    read = TableRead("action_plan", FORM, segment.header_cell.at, h.roles, body, expected,
                     max(touched, len(actions)), tuple((a.goal_no, a.indicator_no) for a in actions))
    reads = [read] if set(h.roles) & _ACTIVITY_ROLES else []  # a plan's indicator table alone has none
    if indicators:
        reads.append(TableRead("performance", FORM, segment.header_cell.at, indicator_header.roles, body,
                               len(indicators), len(indicators),
                               tuple((i.goal_no, i.indicator_no) for i in indicators)))
    return ActionTable(tuple(indicators), tuple(targets), tuple(actions), tuple(findings), tuple(reads))


def _fields(row: tuple[Cell, ...], h: Header) -> dict:
    """The activity's own cells in a row: only those that hold something."""
    out: dict = {}
    output = _joined(row, h.column("output"))
    if output:
        out["output"] = output
    target = _joined(row, h.column("output_target"))
    if target:
        out["output_target"] = target
    steps = _steps(cell_text(row, h.column("action_plan")))
    if steps:
        out["steps"] = steps
    amount = parse_amount(cell_text(row, h.column("amount")) or None)
    if amount is not None:
        out["budget_idr"] = amount
    responsible = _joined(row, h.column("responsible"))
    if responsible:
        out["responsible"] = responsible
    quarters = _quarters(row, h)
    if quarters:
        out["quarters"] = quarters
    return out


def _joined(row: tuple[Cell, ...], col: int | None) -> str | None:
    return clean_text(" ".join(cell_text(row, col).split())) or None


def _runs_on(last: ActionRow | None, program: str | None, activity: str | None) -> bool:
    """Whether a page's first row carries on the activity the page before ended with: the
    activity's text broke off mid-phrase (`Rancaekek -`, `… dan`) or the row opens in lower case."""
    if last is None or not last.activity or program or not activity:
        return False
    return bool(_WRAPPED_END.search(last.activity)) or activity[:1].islower()


def _continue(action: ActionRow, fields: dict, activity: str | None = None) -> ActionRow:
    """A sub-row under an activity (another output and its target, more steps), or the rest of
    its name on the next page: added to it."""
    def more(mine: str | None, theirs: str | None) -> str | None:
        return f"{mine}; {theirs}" if mine and theirs else mine or theirs

    output = more(action.output, fields.get("output"))
    return replace(
        action, output=output,
        activity=f"{action.activity} {activity}" if activity and action.activity else action.activity,
        output_target=more(action.output_target, fields.get("output_target")),
        steps=more(action.steps, fields.get("steps")),
        quarters=tuple(sorted(set(action.quarters) | set(fields.get("quarters", ())))),
        budget_idr=action.budget_idr if action.budget_idr is not None else fields.get("budget_idr"),
        responsible=action.responsible or fields.get("responsible"))


def _widest_line(rows: tuple[tuple[Cell, ...], ...], col: int | None) -> int:
    lines = [ln.strip() for r in rows for ln in cell_text(r, col).split("\n")]
    return max((len(ln) for ln in lines), default=0)


def _program_activity(row: tuple[Cell, ...], program_col: int | None, activity_col: int | None,
                      width: int, has_fields: bool) -> tuple[str | None, str | None]:
    """(program, activity) of a row. A cell that opens with `Program` and stands alone in its
    row is a program heading; beside an activity's cells its first paragraph is the program
    and the rest the activity (the paragraph ends at a line short of the column's width: the
    next word would have fitted, so the break was typed)."""
    text = cell_text(row, program_col)
    activity = _joined(row, activity_col)
    if not text:
        return None, activity
    if not _PROGRAM.match(text):
        return None, activity or clean_text(" ".join(text.split()))
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not has_fields or activity:
        return clean_text(" ".join(lines)), activity
    for k in range(len(lines) - 1):
        head, nxt = lines[k], lines[k + 1]
        if len(head) + 1 + len(nxt.split()[0]) <= width and not _WRAPPED_END.search(head):
            return (clean_text(" ".join(lines[: k + 1])), clean_text(" ".join(lines[k + 1:])))
    return clean_text(" ".join(lines)), None


def _steps(text: str) -> str | None:
    """A steps cell's lines -> its steps joined by `; `: a line opens a step when the one before
    it does not run on and it opens with an item mark, a verb or an action noun."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return None
    steps = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        if _STEP_OPENS.match(line) and not _WRAPPED_END.search(prev):
            steps.append(line)
        else:
            steps[-1] = f"{steps[-1]} {line}"
    return "; ".join(clean_text(s) or s for s in steps)


def _quarters(row: tuple[Cell, ...], h: Header) -> tuple[str, ...]:
    """The quarters a row's schedule marks: marked cells under quarter or month columns, or the
    quarters a `Waktu` cell names (`TW 2`, `Triwulan I - IV`, `Maret - April`)."""
    cols = h.columns("schedule")
    if not cols:
        return ()
    if len(cols) == 1:
        return _quarters_in_text(cell_text(row, cols[0]))
    found: set[int] = set()
    for k, col in enumerate(cols):
        if col < len(row) and (row[col].text.strip() or row[col].fill):
            found.add(_column_quarter(k, cols, h))
    return tuple(f"Q{q}" for q in sorted(found))


def _column_quarter(k: int, cols: list[int], h: Header) -> int:
    """The quarter of the k-th schedule column: by month when there are twelve, by place when
    four, else the quarter named by the nearest header text at or before it."""
    if len(cols) == 12:
        return k // 3 + 1
    if len(cols) == 4:
        return k + 1
    quarter = 1
    for col in cols[: k + 1]:
        named = _quarters_in_text(h.texts[col])
        if named:
            quarter = int(named[-1][1])
    return quarter


def _quarters_in_text(text: str) -> tuple[str, ...]:
    """`TW 2` -> (Q2,); `Triwulan I - III` -> (Q1, Q2, Q3); `Maret - April` -> (Q1, Q2)."""
    marks: list[tuple[int, int, int]] = []  # (start, end, quarter)
    for m in _QUARTER_SPAN.finditer(text):  # `Triwulan I - III`: the second needs no `Triwulan`
        first, last = (_ROMAN.get(g.lower()) or int(g) for g in m.group(1, 2))
        marks.extend((m.start(), m.end(), q) for q in range(first, last + 1))
    for m in _QUARTER_WORD.finditer(text):
        q = m.group(1).lower()
        marks.append((m.start(), m.end(), _ROMAN.get(q) or int(q)))
    for m in re.finditer(r"\p{L}+", text):
        month = MONTHS.get(m.group(0).lower())
        if month:
            marks.append((m.start(), m.end(), (month - 1) // 3 + 1))
    marks.sort()
    found: set[int] = set()
    for k, (_, end, quarter) in enumerate(marks):
        found.add(quarter)
        if k + 1 < len(marks) and _RANGE.match(text[end:marks[k + 1][0]]):
            found.update(range(quarter, marks[k + 1][2] + 1))
    return tuple(f"Q{q}" for q in sorted(found))
