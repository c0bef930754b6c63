"""The corrections file's row: one reviewed value, as text, with who and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from extractors.model.records import KEY_COLUMNS

ACTIONS = ("correct", "confirm")


@dataclass(frozen=True)
class Correction:
    """One value a reviewer looked at: typed right (`correct`) or marked right (`confirm`)."""

    doc_id: str  # the document (a bundled file's k-th agreement: <file id>-k)
    source_file: str  # as in documents.source_file, to tell "file changed" from "file gone"
    table: str  # documents | parties | indicators | targets | budgets | actions | results
    key: str  # extractors.model.records.row_key(table, row)
    column: str
    extracted: str | None  # the value as extracted when the reviewer saw it, as text
    corrected: str | None  # the right value as text; for action "confirm" equal to extracted
    action: str  # "correct" (type the right value) | "confirm" (marked right)
    who: str
    when: str  # ISO 8601 UTC, seconds
    note: str = ""

    @property
    def target(self) -> tuple[str, str, str, str]:
        """What the correction is about; the file holds one line per target."""
        return (self.doc_id, self.table, self.key, self.column)


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Correction))


@dataclass(frozen=True)
class LineProblem:
    """A line of the corrections file that was not loaded, and what to fix."""

    line: int
    message: str


@dataclass(frozen=True)
class Loaded:
    corrections: tuple[Correction, ...]
    problems: tuple[LineProblem, ...]


# Columns a reviewer may not change: the keys (they name the row), and the facts of the run
# (where a value was read, which file, which version).
FIXED_COLUMNS: frozenset[str] = frozenset({
    "doc_id", "source_file", "source_format", "ocr", "status", "pipeline_version", "file_id",
    "part", "page_count", "page", "line"})


def fixed_columns(table: str) -> frozenset[str]:
    """The columns of `table` no correction may name."""
    return FIXED_COLUMNS | frozenset(KEY_COLUMNS.get(table, ()))


def utc_now() -> str:
    """The `when` of a correction saved now: ISO 8601 UTC to the second (`2026-12-02T17:40:05Z`)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
