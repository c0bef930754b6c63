"""Compare two agreements: match their parties, goals, indicators, targets and budget lines, and
say what was added, removed or changed, each change traced to its page or line on both sides.

Position numbers are not content: an indicator that moved from goal 3 to goal 4 shows that in its
keys (`RK 3.1` -> `PK 4.1`), not as a change. Only what a row says is compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.analysis import DEFAULT_THRESHOLD
from pipeline.analysis.matching import Match, align, by_key, by_key_then_text, by_text, normalise
from pipeline.analysis.tables_io import DocRows, Row

ENTITIES = ("document", "party", "goal", "indicator", "target", "budget")
CHANGES = ("added", "removed", "changed")
FORM_SHORT = {"perjanjian_kinerja": "PK", "rencana_kinerja": "RK"}
PERIODS = ("Q1", "Q2", "Q3", "Q4", "annual")
DOCUMENT_FIELDS = ("title", "issuer", "year", "province", "regency", "region_code", "unit",
                   "signed_place", "signed_date", "status")
PARTY_FIELDS = ("name", "degrees", "position", "nip", "rank", "acting")
INDICATOR_FIELDS = ("indicator", "data_source", "measurement", "unit", "ksd_no")
BUDGET_FIELDS = ("program", "amount_idr", "funding_source")
# The field that names a row: what an added or removed row shows, and an unchanged pair lists.
HEADLINE = {"document": "source_file", "party": "name", "goal": "goal", "indicator": "indicator",
            "budget": "program"}
DIRECTED = ("amount_idr",)  # fields whose change has a direction (targets always have one)


@dataclass(frozen=True)
class DiffSettings:
    threshold: float = DEFAULT_THRESHOLD  # least similarity (0-100) for two texts to be one row

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 100:
            raise ValueError(f"threshold must lie between 0 and 100, not {self.threshold}")


@dataclass(frozen=True)
class Change:
    change: str  # added | removed | changed
    entity: str  # document | party | goal | indicator | target | budget
    old_key: str | None
    new_key: str | None
    field: str | None
    old: str | None
    new: str | None
    direction: str | None  # up | down, for a number that moved
    rule: str | None  # how old and new were matched: ksd_no | similarity | role | named | unit ...
    similarity: float | None
    old_page: int | None
    old_line: int | None
    new_page: int | None
    new_line: int | None


@dataclass(frozen=True)
class Line:
    """One line of the side-by-side view: an old row, a new row, or the two matched, with changes."""

    entity: str
    old: Row | None
    new: Row | None
    old_key: str | None
    new_key: str | None
    rule: str | None
    similarity: float | None
    changes: tuple[Change, ...]

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes else "unchanged"


@dataclass(frozen=True)
class DocDiff:
    old: DocRows
    new: DocRows
    rule: str  # how the two documents were paired
    forms: tuple[tuple[str | None, str | None], ...]  # indicator tables compared, old with new
    lines: tuple[Line, ...]

    @property
    def changes(self) -> list[Change]:
        return [c for line in self.lines for c in line.changes]


# --- values -----------------------------------------------------------------------------


def as_text(value: Any) -> str | None:
    """A cell as the change table writes it: numbers without a spurious `.0`, dates ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or None
    text = " ".join(str(value).split())
    return text or None


def _direction(old: Any, new: Any) -> str | None:
    if isinstance(old, int | float) and isinstance(new, int | float) and not isinstance(old, bool):
        if new > old:
            return "up"
        if new < old:
            return "down"
    return None


def _where(row: Row | None) -> tuple[int | None, int | None]:
    return (row.get("page"), row.get("line")) if row else (None, None)


def _short(form: str | None) -> str:
    return FORM_SHORT.get(form or "", form or "?")


def _num(value: int | None) -> str:
    return "?" if value is None else str(value)


def indicator_key(row: Row) -> str:
    return f"{_short(row['form'])} {_num(row['goal_no'])}.{_num(row['indicator_no'])}"


def goal_key(row: Row) -> str:
    return f"{_short(row['form'])} {_num(row['goal_no'])}"


def budget_key(row: Row) -> str:
    return f"{_short(row['form'])} {_num(row['program_no'])}"


# --- building lines ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    rows: Sequence[Row]
    keys: Sequence[str]


def _line(entity: str, old: _Side, new: _Side, i: int | None, j: int | None, match: Match | None,
          fields: Sequence[str]) -> Line:
    """A matched pair with its changed fields, or one added / removed row."""
    o = old.rows[i] if i is not None else None
    n = new.rows[j] if j is not None else None
    okey = old.keys[i] if i is not None else None
    nkey = new.keys[j] if j is not None else None
    rule = match.rule if match else None
    headline = HEADLINE[entity]
    score = match.similarity if match else None
    (op, ol), (np_, nl) = _where(o), _where(n)

    def change(kind: str, field: str, a: Any, b: Any) -> Change:
        direction = _direction(a, b) if field in DIRECTED else None
        return Change(kind, entity, okey, nkey, field, as_text(a), as_text(b), direction,
                      rule, score, op, ol, np_, nl)

    if o is None:
        changes = (change("added", headline, None, n[headline]),)
    elif n is None:
        changes = (change("removed", headline, o[headline], None),)
    else:
        changes = tuple(change("changed", f, o.get(f), n.get(f)) for f in fields
                        if as_text(o.get(f)) != as_text(n.get(f)))
    return Line(entity, o, n, okey, nkey, rule, score, changes)


def _lines(entity: str, old: _Side, new: _Side, matches: Sequence[Match],
           fields: Sequence[str]) -> list[Line]:
    return [_line(entity, old, new, i, j, m, fields)
            for i, j, m in align(matches, len(old.rows), len(new.rows))]


# --- documents and parties ---------------------------------------------------------------


def _document_line(old: DocRows, new: DocRows, rule: str,
                   forms: Sequence[tuple[str | None, str | None]]) -> Line:
    """The document pair: its heading fields, and which indicator tables were compared."""
    o = {**old.document, "indicator_form": ", ".join(f or "none" for f, _ in forms)}
    n = {**new.document, "indicator_form": ", ".join(f or "none" for _, f in forms)}
    changes = tuple(
        Change("changed", "document", old.doc_id, new.doc_id, f, as_text(o.get(f)), as_text(n.get(f)),
               None, rule, None, None, None, None, None)
        for f in (*DOCUMENT_FIELDS, "indicator_form") if as_text(o.get(f)) != as_text(n.get(f)))
    return Line("document", old.document, new.document, old.doc_id, new.doc_id, rule, None, changes)


def _party_lines(old: DocRows, new: DocRows) -> list[Line]:
    o = _Side(old.parties, [p["role"] for p in old.parties])
    n = _Side(new.parties, [p["role"] for p in new.parties])
    matches = by_key(o.keys, n.keys, "role")
    return _lines("party", o, n, matches, PARTY_FIELDS)


# --- indicators, goals, targets ------------------------------------------------------------


def _forms(rows: Sequence[Row]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        if row["form"] not in seen:
            seen.append(row["form"])
    return seen


def _fullest(rows: Sequence[Row]) -> str | None:
    forms = _forms(rows)
    counts = {f: sum(r["form"] == f for r in rows) for f in forms}
    return max(forms, key=lambda f: counts[f]) if forms else None  # max keeps the first of a tie


def indicator_forms(old: DocRows, new: DocRows) -> list[tuple[str | None, str | None]]:
    """Which indicator tables to compare: like with like when both documents have the same forms,
    else each one's fullest table (a 2020 PK+RK bundle's RK against a 2021 PK with the same role)."""
    old_forms, new_forms = _forms(old.indicators), _forms(new.indicators)
    if old_forms and set(old_forms) == set(new_forms):
        return [(f, f) for f in old_forms]
    if not old_forms and not new_forms:
        return []
    return [(_fullest(old.indicators), _fullest(new.indicators))]


def _match_indicators(old: Sequence[Row], new: Sequence[Row], threshold: float) -> list[Match]:
    """By action-plan number (two different numbers are two indicators), else by similarity."""
    texts = ([r["indicator"] for r in old], [r["indicator"] for r in new])
    return by_key_then_text([r["ksd_no"] for r in old], [r["ksd_no"] for r in new], texts, threshold,
                            "ksd_no")


def _goals(rows: Sequence[Row]) -> tuple[list[Row], list[int]]:
    """Goal rows (first indicator row of each goal) and, per indicator, its goal's index."""
    goals: list[Row] = []
    index: dict[tuple[Any, Any], int] = {}
    of_indicator = []
    for row in rows:
        ident = (row["goal_no"], normalise(row["goal"]))
        if ident not in index:
            index[ident] = len(goals)
            goals.append(row)
        of_indicator.append(index[ident])
    return goals, of_indicator


def _targets(doc: DocRows) -> dict[tuple[Any, ...], dict[str, Row]]:
    by_indicator: dict[tuple[Any, ...], dict[str, Row]] = {}
    for t in doc.targets:
        by_indicator.setdefault((t["form"], t["goal_no"], t["indicator_no"]), {})[t["period"]] = t
    return by_indicator


def _same_target(a: Row, b: Row) -> bool:
    fields = ("value", "percent", "label", "not_applicable")
    if any(as_text(a.get(f)) != as_text(b.get(f)) for f in fields):
        return False
    return a.get("value") is not None or a.get("label") is not None or \
        normalise(a.get("raw")) == normalise(b.get("raw"))


def _target_lines(line: Line, old_t: dict[str, Row], new_t: dict[str, Row]) -> list[Line]:
    periods = [p for p in PERIODS if p in old_t or p in new_t]
    periods += sorted(p for p in {*old_t, *new_t} if p not in PERIODS)
    lines = []
    for period in periods:
        o, n = old_t.get(period), new_t.get(period)
        (op, ol), (np_, nl) = _where(o or line.old), _where(n or line.new)
        if o is not None and n is not None:
            if _same_target(o, n):
                continue
            kind = "changed"
        else:
            kind = "added" if o is None else "removed"
        change = Change(kind, "target", line.old_key, line.new_key, period,
                        as_text(o["raw"]) if o else None, as_text(n["raw"]) if n else None,
                        _direction(o["value"], n["value"]) if o and n else None,
                        line.rule, line.similarity, op, ol, np_, nl)
        lines.append(Line("target", o, n, line.old_key, line.new_key, line.rule, line.similarity,
                          (change,)))
    return lines


def _indicator_lines(old: DocRows, new: DocRows, form_old: str | None, form_new: str | None,
                     threshold: float) -> tuple[list[Line], list[Line]]:
    """(goal lines, indicator lines each followed by its target changes) for one pair of tables."""
    o_rows = [r for r in old.indicators if r["form"] == form_old]
    n_rows = [r for r in new.indicators if r["form"] == form_new]
    matches = _match_indicators(o_rows, n_rows, threshold)

    o_goals, o_goal_of = _goals(o_rows)
    n_goals, n_goal_of = _goals(n_rows)
    shared: dict[tuple[int, int], int] = {}
    for m in matches:
        pair = (o_goal_of[m.old], n_goal_of[m.new])
        shared[pair] = shared.get(pair, 0) + 1
    goal_matches = by_text([g["goal"] for g in o_goals], [g["goal"] for g in n_goals], threshold,
                           support=lambda i, j: shared.get((i, j), 0))
    goal_lines = _lines("goal", _Side(o_goals, [goal_key(g) for g in o_goals]),
                        _Side(n_goals, [goal_key(g) for g in n_goals]), goal_matches,
                        ("goal", "goal_type"))

    o_side = _Side(o_rows, [indicator_key(r) for r in o_rows])
    n_side = _Side(n_rows, [indicator_key(r) for r in n_rows])
    o_targets, n_targets = _targets(old), _targets(new)
    lines: list[Line] = []
    for line in _lines("indicator", o_side, n_side, matches, INDICATOR_FIELDS):
        lines.append(line)
        if line.old is not None and line.new is not None:
            ident = ("form", "goal_no", "indicator_no")
            lines += _target_lines(line, o_targets.get(tuple(line.old[k] for k in ident), {}),
                                   n_targets.get(tuple(line.new[k] for k in ident), {}))
    return goal_lines, lines


# --- budgets and the whole ------------------------------------------------------------------


def _budget_lines(old: DocRows, new: DocRows, threshold: float) -> list[Line]:
    o = _Side(old.budgets, [budget_key(b) for b in old.budgets])
    n = _Side(new.budgets, [budget_key(b) for b in new.budgets])
    matches = by_text([b["program"] for b in o.rows], [b["program"] for b in n.rows], threshold)
    return _lines("budget", o, n, matches, BUDGET_FIELDS)


def diff_documents(old: DocRows, new: DocRows, settings: DiffSettings = DiffSettings(),
                   rule: str = "named") -> DocDiff:
    """Every difference between two documents, in reading order: document, parties, goals,
    indicators (each followed by its targets), budget lines."""
    forms = indicator_forms(old, new)
    goal_lines: list[Line] = []
    indicator_lines: list[Line] = []
    for form_old, form_new in forms:
        goals, indicators = _indicator_lines(old, new, form_old, form_new, settings.threshold)
        goal_lines += goals
        indicator_lines += indicators
    lines = [_document_line(old, new, rule, forms), *_party_lines(old, new), *goal_lines,
             *indicator_lines, *_budget_lines(old, new, settings.threshold)]
    return DocDiff(old, new, rule, tuple(forms), tuple(lines))


def budget_total(doc: DocRows) -> int:
    """Sum of the document's budget lines, in rupiah (lines without an amount count 0)."""
    return sum(b["amount_idr"] or 0 for b in doc.budgets)
