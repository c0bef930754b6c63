"""The change table of one diff or of a whole batch: one row per change, each with its unit and the
two documents, a summary of it, and its Parquet form.

One table for one pair and for a province's batch alike, so an inspectorate filters it the same
way (`WHERE entity = 'target' AND direction = 'down'`).
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.analysis.diff.compare import (
    CHANGES,
    ENTITIES,
    HEADLINE,
    Change,
    DiffSettings,
    DocDiff,
    budget_total,
    diff_documents,
)
from pipeline.analysis.selection import Pairing
from pipeline.analysis.tables_io import DocRows

S, I32, F64 = pa.string(), pa.int32(), pa.float64()
CONTEXT = (("unit", S), ("region_code", S), ("old_doc_id", S), ("new_doc_id", S),
           ("old_source_file", S), ("new_source_file", S))
SCHEMA = pa.schema(
    [pa.field(name, typ) for name, typ in CONTEXT]
    + [pa.field("change", S, nullable=False), pa.field("entity", S, nullable=False)]
    + [pa.field(name, typ) for name, typ in (
        ("old_key", S), ("new_key", S), ("field", S), ("old", S), ("new", S), ("direction", S),
        ("rule", S), ("similarity", F64), ("old_page", I32), ("old_line", I32), ("new_page", I32),
        ("new_line", I32))],
    metadata={"table": "changes"},
)


@dataclass(frozen=True)
class BatchDiff:
    """Diffs of paired documents plus the documents that had no partner."""

    diffs: tuple[DocDiff, ...]
    only_old: tuple[DocRows, ...] = ()
    only_new: tuple[DocRows, ...] = ()
    unpaired: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    counts: dict[tuple[str, str], int]  # (change, entity) -> rows
    budget_old: int
    budget_new: int
    target_changes: tuple[dict[str, Any], ...]  # change rows of changed targets, in table order

    @property
    def budget_delta(self) -> int:
        return self.budget_new - self.budget_old

    @property
    def budget_percent(self) -> float | None:
        return None if not self.budget_old else 100 * self.budget_delta / self.budget_old


def compare(pairing: Pairing, settings: DiffSettings) -> BatchDiff:
    diffs = tuple(diff_documents(old, new, settings, rule) for old, new, rule in pairing.pairs)
    return BatchDiff(diffs, pairing.only_old, pairing.only_new, pairing.unpaired)


def _context(old: DocRows | None, new: DocRows | None) -> dict[str, Any]:
    main = (new or old).document
    return {"unit": main.get("unit"), "region_code": main.get("region_code"),
            "old_doc_id": old.doc_id if old else None, "new_doc_id": new.doc_id if new else None,
            "old_source_file": old.document["source_file"] if old else None,
            "new_source_file": new.document["source_file"] if new else None}


def _lone(doc: DocRows, kind: str) -> dict[str, Any]:
    """A unit's agreement with no partner in the other year: one document row."""
    old, new = (doc, None) if kind == "removed" else (None, doc)
    change = Change(kind, "document", old.doc_id if old else None, new.doc_id if new else None,
                    "source_file", old.document["source_file"] if old else None,
                    new.document["source_file"] if new else None, None, None, None,
                    None, None, None, None)
    return {**_context(old, new), **dataclasses.asdict(change)}


def diff_rows(diff: DocDiff, unchanged: bool = False) -> list[dict[str, Any]]:
    """Change rows of one pair; with `unchanged`, one row per matched pair that did not change
    (targets excepted), so the table also shows what matched what and by which rule."""
    context = _context(diff.old, diff.new)
    rows = []
    for line in diff.lines:
        for change in line.changes:
            rows.append({**context, **dataclasses.asdict(change)})
        if unchanged and line.status == "unchanged" and line.entity in HEADLINE:
            field = HEADLINE[line.entity]
            o, n = line.old or {}, line.new or {}
            rows.append({**context, "change": "unchanged", "entity": line.entity,
                         "old_key": line.old_key, "new_key": line.new_key, "field": field,
                         "old": o.get(field), "new": n.get(field), "direction": None,
                         "rule": line.rule, "similarity": line.similarity,
                         "old_page": o.get("page"), "old_line": o.get("line"),
                         "new_page": n.get("page"), "new_line": n.get("line")})
    return rows


def batch_rows(batch: BatchDiff, unchanged: bool = False) -> list[dict[str, Any]]:
    """All rows: the pairs in order, then units of the old year only, then of the new year only."""
    rows = [row for diff in batch.diffs for row in diff_rows(diff, unchanged)]
    rows += [_lone(doc, "removed") for doc in batch.only_old]
    rows += [_lone(doc, "added") for doc in batch.only_new]
    return rows


def summarise(batch: BatchDiff) -> Summary:
    rows = batch_rows(batch)
    counts = Counter((r["change"], r["entity"]) for r in rows)
    ordered = {(c, e): counts[(c, e)] for e in ENTITIES for c in CHANGES if counts[(c, e)]}
    return Summary(
        counts=ordered,
        budget_old=sum(budget_total(d.old) for d in batch.diffs),
        budget_new=sum(budget_total(d.new) for d in batch.diffs),
        target_changes=tuple(r for r in rows if r["entity"] == "target" and r["change"] == "changed"),
    )


def to_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Written beside, then renamed: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
