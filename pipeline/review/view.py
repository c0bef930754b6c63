"""One document as the review page shows it: its values table by table, each with the box or line
it was read from and what a reviewer said of it (the corrections file, overlaid).

A value here is one cell: (table, row key, column). Shown are the columns a reviewer checks
against the page (PRIMARY) and any other column `sources` names for the row; keys and the facts
of the run (page, line, file) are the row's heading, not values to correct.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from extractors.model.records import KEY_COLUMNS, row_key
from pipeline.corrections.model import Correction, fixed_columns
from pipeline.corrections.values import as_text

Row = dict[str, Any]

# The tables a document's values are in, in the order the page shows them.
TABLE_ORDER = ("documents", "parties", "indicators", "targets", "budgets", "actions", "results")

PRIMARY: dict[str, tuple[str, ...]] = {
    "documents": ("title", "issuer", "year", "province", "regency", "region_code", "unit",
                  "signed_place", "signed_date"),
    "parties": ("name", "degrees", "position", "nip", "rank", "acting"),
    "indicators": ("goal", "indicator", "data_source", "unit", "ksd_no", "target_raw"),
    "targets": ("raw",),
    "budgets": ("program", "amount_idr", "funding_source"),
    "actions": ("program", "activity", "output", "output_target", "steps", "budget_idr", "responsible"),
    "results": ("target_raw", "realised_raw", "achievement_raw", "realised_budget_idr"),
}
NOT_VALUES = frozenset({"page", "line"})

# Columns parsed from another one (a target cell's number, percent, label, n/a; the NIP's date,
# year and gender): shown beside it as what it was read as, not as values of their own. A
# correction of the cell as written re-derives them.
DERIVED: dict[str, dict[str, tuple[str, ...]]] = {
    "targets": {"raw": ("value", "percent", "label", "not_applicable")},
    "indicators": {"target_raw": ("target_value", "target_percent", "target_label", "target_not_applicable")},
    "parties": {"nip": ("nip_birth_date", "nip_appointed", "nip_gender", "nip_valid")},
    "results": {"target_raw": ("target_value", "target_percent", "target_label"),
                "realised_raw": ("realised_value", "realised_percent", "realised_label"),
                "achievement_raw": ("achievement_pct",)},
}


@dataclass(frozen=True)
class Source:
    """Where a value was read: a box on a PDF page, or a line of a text or Word file."""

    page: int | None
    x0: float | None
    top: float | None
    x1: float | None
    bottom: float | None
    line: int | None
    raw: str | None

    @property
    def has_box(self) -> bool:
        return self.page is not None and None not in (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Value:
    """One cell of one row, as shown: its text, its source, and the reviewer's word on it."""

    anchor: str  # the element id of its line on the page
    table: str
    key: str
    column: str
    text: str | None  # the value as in the table, as the corrections file writes it
    source: Source | None
    correction: Correction | None
    derived: tuple[tuple[str, str], ...] = ()  # (column, text) parsed from this value, non-null ones

    @property
    def state(self) -> str:
        """`corrected`, `confirmed`, `stale` (said of another value than the one shown) or ``."""
        if self.correction is None:
            return ""
        c = self.correction
        if c.action == "confirm":
            return "confirmed" if (c.extracted or None) == (self.text or None) else "stale"
        # once applied by extract, the table holds the corrected value; before, the extracted one
        return "corrected" if (self.text or None) in {c.extracted or None, c.corrected or None} else "stale"

    @property
    def shown(self) -> str | None:
        """What the page shows as the value: the corrected one where a correction stands."""
        if self.state == "corrected" and self.correction is not None:
            return self.correction.corrected
        return self.text

    @property
    def extracted(self) -> str | None:
        """The value as extracted: what the correction was made over, else the table's value."""
        if self.state in {"corrected", "confirmed"} and self.correction is not None:
            return self.correction.extracted
        return self.text


@dataclass(frozen=True)
class RowView:
    table: str
    key: str
    heading: str  # the key columns as a person reads them: `perjanjian_kinerja · 3 · 1 · Q2`
    page: int | None
    line: int | None
    values: tuple[Value, ...]


@dataclass(frozen=True)
class TableView:
    name: str
    rows: tuple[RowView, ...]

    @property
    def count(self) -> int:
        return sum(len(r.values) for r in self.rows)


def sources_by_value(sources: list[Row]) -> dict[tuple[str, str, str], Source]:
    """(table, key, column) -> its source; a value read from several boxes on one page gets the
    box round them all (a goal wrapped over three lines), else the first."""
    found: dict[tuple[str, str, str], Source] = {}
    for s in sources:
        target = (s["table"], s["key"], s["column"])
        new = Source(s.get("page"), s.get("x0"), s.get("top"), s.get("x1"), s.get("bottom"),
                     s.get("line"), s.get("raw"))
        old = found.get(target)
        if old is None:
            found[target] = new
        elif old.has_box and new.has_box and old.page == new.page:
            found[target] = Source(old.page, min(old.x0, new.x0), min(old.top, new.top),  # type: ignore[type-var]
                                   max(old.x1, new.x1), max(old.bottom, new.bottom),  # type: ignore[type-var]
                                   old.line, " ".join(t for t in (old.raw, new.raw) if t))
    return found


def anchor_of(table: str, key: str, column: str) -> str:
    """The element id of a value's line: the same on every load, so links to it last."""
    return "v" + hashlib.sha1(f"{table}\0{key}\0{column}".encode()).hexdigest()[:12]


def _heading(table: str, row: Row) -> str:
    if table == "documents":
        return "document"
    return " · ".join("—" if row.get(c) is None else str(row.get(c)) for c in KEY_COLUMNS[table])


def _columns(table: str, row: Row, key: str, sourced: dict[str, set[str]]) -> list[str]:
    fixed = fixed_columns(table) | NOT_VALUES | {c for cs in DERIVED.get(table, {}).values() for c in cs}
    names = [c for c in PRIMARY[table] if c not in fixed]
    extra = sorted(c for c in sourced.get(f"{table}\0{key}", set()) if c not in fixed and c not in names
                   and c in row)
    return names + extra


def table_views(doc_id: str, rows: dict[str, list[Row]], sources: list[Row],
                corrections: list[Correction]) -> list[TableView]:
    """The document's values, table by table (tables without rows left out)."""
    by_value = sources_by_value(sources)
    sourced: dict[str, set[str]] = {}
    for table, key, column in by_value:
        sourced.setdefault(f"{table}\0{key}", set()).add(column)
    said = {(c.table, c.key, c.column): c for c in corrections if c.doc_id == doc_id}
    views = []
    for table in TABLE_ORDER:
        row_views = []
        for row in rows.get(table, []):
            key = doc_id if table == "documents" else row_key(table, row)
            values = []
            for column in _columns(table, row, key, sourced):
                values.append(Value(
                    anchor=anchor_of(table, key, column), table=table, key=key, column=column,
                    text=as_text(row.get(column)), source=by_value.get((table, key, column)),
                    correction=said.get((table, key, column)),
                    derived=tuple((d, text) for d in DERIVED.get(table, {}).get(column, ())
                                  if (text := as_text(row.get(d))) not in (None, "", "false"))))
            row_views.append(RowView(table, key, _heading(table, row), row.get("page"), row.get("line"),
                                     tuple(values)))
        if row_views:
            views.append(TableView(table, tuple(row_views)))
    return views


def boxes_on_page(sources: list[Row], page: int) -> list[tuple[tuple[str, str, str], Source]]:
    """Every box read on one page, for drawing them over it."""
    return [(target, s) for target, s in sources_by_value(sources).items()
            if s.has_box and s.page == page]
