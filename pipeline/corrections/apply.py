"""Corrections meet a fresh extraction: apply what still fits, report what no longer does.

A correction is applied only when its row (table and key) exists in the document and the value
extracted now is the value the reviewer saw; otherwise it is stale and reported. A confirmed
value that now reads differently is reported too. `sources` is never touched: it keeps what
was read. A correction of a target's raw text re-derives its value, percent, label and n/a
flag with the extractor's own `parse_target`, and the annual target and its indicator's
`target_*` columns move together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from extractors.model.findings import Finding, info, warning
from extractors.model.records import DocumentResult, FileResult, row_key
from extractors.values import parse_target
from pipeline.corrections.model import Correction
from pipeline.corrections.values import Value, as_text, column_type, parse, same

# Columns holding a target as written -> (the prefix of the columns derived from it).
RAW_COLUMNS: dict[tuple[str, str], str] = {
    ("targets", "raw"): "",
    ("indicators", "target_raw"): "target_",
    ("results", "target_raw"): "target_",
    ("results", "realised_raw"): "realised_",
}
_DERIVED = ("value", "percent", "label", "not_applicable")


@dataclass
class Tally:
    """What the corrections did in one run: the run summary and manifest.json say it."""

    applied: int = 0
    confirmed: int = 0  # confirmed values extraction still reads the same
    already_right: int = 0  # corrections extraction now agrees with by itself
    stale: int = 0
    changed: int = 0  # confirmed values extraction now reads differently
    unplaced: list[str] = field(default_factory=list)  # stale with no document to hold a finding


def _rows(doc: DocumentResult, table: str) -> tuple[Any, ...]:
    return (doc.document,) if table == "documents" else getattr(doc, table)


def _who(c: Correction) -> str:
    note = f" ({c.note})" if c.note else ""
    return f"by {c.who} on {c.when}{note}"


def _where(c: Correction) -> str:
    return f"{c.table} {c.key} {c.column}" if c.table != "documents" else f"documents {c.column}"


def _what(c: Correction, file: str = "") -> str:
    """The correction in words, for the message saying it was not applied."""
    where = f"{_where(c)}{f' in {file}' if file else ''}"
    if c.action == "confirm":
        return f"The confirmation of {where} as {c.extracted!r} ({_who(c)})"
    return f"The correction of {where} ({c.extracted!r} -> {c.corrected!r}, {_who(c)})"


def _derived(table: str, column: str, text: Value, unit: str | None) -> dict[str, Any]:
    """The columns re-derived from a target's corrected raw text."""
    prefix = RAW_COLUMNS[(table, column)]
    parsed = parse_target(text if isinstance(text, str) else None, unit)
    values = {"value": parsed.value, "percent": parsed.percent, "label": parsed.label,
              "not_applicable": parsed.not_applicable}
    if table == "results":
        values.pop("not_applicable")
    return {column: parsed.raw, **{prefix + k: v for k, v in values.items() if k in _DERIVED}}


def _unit_of(doc: DocumentResult, table: str, row: Any) -> str | None:
    if table == "indicators":
        return row.unit
    if table == "targets":
        for ind in doc.indicators:
            if (ind.form, ind.goal_no, ind.indicator_no) == (row.form, row.goal_no, row.indicator_no):
                return ind.unit
    return None


Twin = tuple[str, int, dict[str, Any]]


def _mirror(doc: DocumentResult, table: str, row: Any, changes: dict[str, Any]) -> Twin | None:
    """The annual target and its indicator's target_* columns hold one value: (table, index,
    changes) for the twin of a corrected target, when the twin reads what the row read."""
    if table == "targets" and row.period == "annual" and "raw" in changes:
        for i, ind in enumerate(doc.indicators):
            if (ind.form, ind.goal_no, ind.indicator_no) == (row.form, row.goal_no, row.indicator_no) \
                    and ind.target_raw == row.raw:
                return "indicators", i, {"target_" + k: v for k, v in changes.items()}
    if table == "indicators" and "target_raw" in changes:
        wanted = (row.form, row.goal_no, row.indicator_no, "annual", row.target_raw)
        for i, t in enumerate(doc.targets):
            if (t.form, t.goal_no, t.indicator_no, t.period, t.raw) == wanted:
                return "targets", i, {k.removeprefix("target_"): v for k, v in changes.items()}
    return None


def _check(doc: DocumentResult, c: Correction, tally: Tally) -> tuple[int, Any, Finding | None]:
    """(row index or -1 when not applicable, the value to set, the finding to add)."""
    rows = [i for i, r in enumerate(_rows(doc, c.table)) if row_key(c.table, r) == c.key]
    if len(rows) != 1:
        tally.stale += 1
        why = "no longer exists" if not rows else f"now names {len(rows)} rows"
        return -1, None, warning("correction_stale", (
            f"{_what(c)} was not applied: its row {why} in this extraction; review the value again."))
    index = rows[0]
    row = _rows(doc, c.table)[index]
    dtype = column_type(c.table, c.column)
    assert dtype is not None  # load checked it
    now = getattr(row, c.column)
    seen, right = parse(dtype, c.extracted).value, parse(dtype, c.corrected).value
    page, line = getattr(row, "page", None), getattr(row, "line", None)
    if same(now, seen):
        if c.action == "confirm":
            tally.confirmed += 1
            return -1, None, None
        tally.applied += 1
        return index, right, info("corrected", (
            f"{_where(c)} corrected from {c.extracted!r} to {c.corrected!r} {_who(c)}; "
            "sources keeps the extracted text."), page, line)
    if c.action == "confirm":
        tally.changed += 1
        return -1, None, warning("confirmed_value_changed", (
            f"{_where(c)} was marked right as {c.extracted!r} {_who(c)}, and this extraction reads "
            f"{as_text(now)!r}; check it against the page and confirm or correct it again."), page, line)
    if same(now, right):
        tally.already_right += 1
        return -1, None, None
    tally.stale += 1
    return -1, None, warning("correction_stale", (
        f"{_what(c)} was not applied: the reviewer saw {c.extracted!r} and this extraction reads "
        f"{as_text(now)!r}; review the value again."), page, line)


def apply_document(doc: DocumentResult, corrections: Iterable[Correction], tally: Tally) -> DocumentResult:
    """The document with every applicable correction in its rows and a finding for each one."""
    findings: list[Finding] = []
    changes: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
    # A raw target first, so a correction of a derived column (target_value) still wins over it.
    ordered = sorted(corrections, key=lambda c: (c.table, c.column) not in RAW_COLUMNS)
    for c in ordered:
        index, value, finding = _check(doc, c, tally)
        if finding is not None:
            findings.append(finding)
        if index < 0:
            continue
        row = _rows(doc, c.table)[index]
        if (c.table, c.column) in RAW_COLUMNS:
            derived = _derived(c.table, c.column, value, _unit_of(doc, c.table, row))
            changes[(c.table, index)].update(derived)
            twin = _mirror(doc, c.table, row, derived)
            if twin is not None:
                changes[twin[:2]].update(twin[2])
        else:
            changes[(c.table, index)][c.column] = value
    if not changes and not findings:
        return doc
    tables: dict[str, Any] = {}
    for (table, index), values in changes.items():
        rows = list(tables.get(table, _rows(doc, table)))
        rows[index] = replace(rows[index], **values)
        tables[table] = tuple(rows)
    document = tables.pop("documents", (doc.document,))[0]
    return replace(doc, document=document, findings=doc.findings + tuple(findings), **tables)


class Applier:
    """The corrections of one run, applied file by file as results arrive (cache hits too)."""

    def __init__(self, corrections: Iterable[Correction]) -> None:
        self.by_doc: dict[str, list[Correction]] = defaultdict(list)
        for c in corrections:
            self.by_doc[c.doc_id].append(c)
        self.tally = Tally()
        self.seen: dict[str, str] = {}  # doc_id -> source_file of every document met

    def file(self, result: FileResult) -> FileResult:
        """The file's documents with their corrections applied."""
        parts = []
        for part in result.parts:
            self.seen[part.document.doc_id] = part.document.source_file
            mine = self.by_doc.get(part.document.doc_id)
            parts.append(apply_document(part, mine, self.tally) if mine else part)
        return FileResult(tuple(parts))

    def left_over(self) -> list[tuple[str | None, str]]:
        """Corrections whose document this run did not meet: (the source file now holding other
        bytes under the same name, or None when the file is gone; the message)."""
        files = set(self.seen.values())
        out: list[tuple[str | None, str]] = []
        for doc_id, cs in sorted(self.by_doc.items()):
            if doc_id in self.seen:
                continue
            for c in cs:
                self.tally.stale += 1
                if c.source_file in files:
                    out.append((c.source_file, (
                        f"{_what(c, c.source_file)} was not applied: the file changed since it was "
                        f"reviewed (it was document {doc_id}); review the value again.")))
                else:
                    out.append((None, (
                        f"{_what(c, c.source_file)} was not applied: document {doc_id} is not in "
                        "this batch (its file is gone, or renamed and changed).")))
        return out


@dataclass(frozen=True)
class RunCorrections:
    """What the corrections file did to one run: for the summary and manifest.json."""

    file: str
    tally: Tally
    problems: tuple[tuple[int, str], ...]  # (line, what to fix) of lines not loaded

    def manifest(self) -> dict[str, Any]:
        t = self.tally
        return {"file": self.file, "applied": t.applied, "confirmed": t.confirmed,
                "already_right": t.already_right, "stale": t.stale, "confirmed_changed": t.changed,
                "not_placed": list(t.unplaced),
                "bad_lines": [{"line": n, "message": m} for n, m in self.problems]}

    def lines(self) -> list[str]:
        """The summary's words on corrections: counts, then every line to fix."""
        t = self.tally
        if not (t.applied or t.confirmed or t.already_right or t.stale or t.changed or self.problems):
            return []
        out = [f"corrections ({self.file}): {t.applied} applied, {t.confirmed} confirmed values "
               f"unchanged, {t.stale} stale, {t.changed} confirmed values read differently now"
               f"{f', {t.already_right} no longer needed' if t.already_right else ''}"
               " (see the corrected, correction_stale and confirmed_value_changed findings)"]
        out += [f"  not applied: {message}" for message in t.unplaced]
        return out
