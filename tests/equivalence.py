"""Comparing one agreement's rows across formats: only source_format, ocr, page, line differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractors.model.records import DocumentResult
from tests.golden import rows_of

FORMAT_FIELDS = {"doc_id", "file_id", "source_file", "source_format", "ocr", "page", "line", "page_count"}
KEYS = {
    "documents": (),
    "parties": ("role",),
    "indicators": ("form", "goal_no", "indicator_no"),
    "targets": ("form", "goal_no", "indicator_no", "period"),
    "budgets": ("form", "program_no"),
}


def content(result: DocumentResult, table: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in FORMAT_FIELDS} for r in rows_of(result, table)]


@dataclass(frozen=True)
class Agreement:
    """How far one table of a format agrees with the text rendering's."""

    table: str
    rows_expected: int
    rows_matched: int  # rows found under the same key
    fields_expected: int
    fields_equal: int
    differing: tuple[str, ...]  # `field: want -> got` for the first differences

    @property
    def share(self) -> float:
        return self.fields_equal / self.fields_expected if self.fields_expected else 1.0

    def describe(self) -> str:
        return (f"{self.table}: {self.rows_matched}/{self.rows_expected} rows, "
                f"{self.fields_equal}/{self.fields_expected} fields equal ({self.share:.0%}); "
                + "; ".join(self.differing[:6]))


def compare(want: DocumentResult, got: DocumentResult, table: str) -> Agreement:
    """Rows matched by their key (so one lost row does not shift the rest), then field by field."""
    key = KEYS[table]
    expected, actual = content(want, table), content(got, table)
    by_key = {tuple(r[k] for k in key): r for r in actual}
    matched = equal = total = 0
    differing: list[str] = []
    for row in expected:
        other = by_key.get(tuple(row[k] for k in key))
        total += len(row)
        if other is None:
            differing.append(f"row {tuple(row[k] for k in key)} missing")
            continue
        matched += 1
        for field, value in row.items():
            if other.get(field) == value:
                equal += 1
            else:
                differing.append(f"{field} {tuple(row[k] for k in key)}: {value!r} -> {other.get(field)!r}")
    return Agreement(table, len(expected), matched, total, equal, tuple(differing))
