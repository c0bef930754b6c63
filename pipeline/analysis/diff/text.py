"""The diff as a terminal reads it: a summary, then one table of changes per pair of documents."""

from __future__ import annotations

from typing import Any

from pipeline.analysis.diff.changes import BatchDiff, Summary, diff_rows
from pipeline.analysis.display import direction, rupiah, signed_percent, signed_rupiah, text_table, where
from pipeline.analysis.tables_io import DocRows

HEADERS = ("change", "entity", "old key", "new key", "field", "old", "new", "sim", "rule", "old at", "new at")
WIDTHS = (9, 9, 16, 16, 14, 38, 38, 5, 12, 12, 12)


def _doc(doc: DocRows) -> str:
    d = doc.document
    return f"{doc.label} ({doc.doc_id}): {d.get('unit') or 'unit unknown'}, {d.get('year') or 'year unknown'}"


def _value(row: dict[str, Any], side: str) -> str | None:
    value = row[side]
    if row["field"] == "amount_idr" and value is not None:
        return rupiah(int(value))
    return value


def summary_lines(batch: BatchDiff, summary: Summary) -> list[str]:
    lines = [f"pairs compared: {len(batch.diffs)}"]
    if batch.only_old or batch.only_new or batch.unpaired:
        lines[0] += (f"; in the old year only: {len(batch.only_old)}; in the new year only: "
                     f"{len(batch.only_new)}; not paired: {len(batch.unpaired)}")
    by_entity: dict[str, list[str]] = {}
    for (change, entity), n in summary.counts.items():
        by_entity.setdefault(entity, []).append(f"{n} {change}")
    lines.append("changes: " + ("; ".join(f"{e} {', '.join(parts)}" for e, parts in by_entity.items())
                                or "none"))
    lines.append(f"budget total: {rupiah(summary.budget_old)} -> {rupiah(summary.budget_new)} "
                 f"({signed_rupiah(summary.budget_delta)}, {signed_percent(summary.budget_percent)})")
    if summary.target_changes:
        moved = [r["direction"] for r in summary.target_changes]
        parts = [f"{moved.count(d)} {direction(d)}" for d in ("down", "up") if moved.count(d)]
        if moved.count(None):
            parts.append(f"{moved.count(None)} not comparable as numbers (N/A, labels)")
        lines.append(f"targets changed: {len(moved)} ({', '.join(parts)})")
    return lines


def render(batch: BatchDiff, summary: Summary, unchanged: bool = False) -> str:
    out = summary_lines(batch, summary)
    for diff in batch.diffs:
        out += ["", f"old: {_doc(diff.old)}", f"new: {_doc(diff.new)}"]
        if any(o != n for o, n in diff.forms):
            out.append("indicators compared: " + ", ".join(f"{o or 'none'} (old) with {n or 'none'} (new)"
                                                          for o, n in diff.forms))
        rows = diff_rows(diff, unchanged)
        if not rows:
            out.append("no changes")
            continue
        cells = [(r["change"], r["entity"], r["old_key"], r["new_key"], r["field"], _value(r, "old"),
                  _value(r, "new"), "" if r["similarity"] is None else f"{r['similarity']:.1f}",
                  r["rule"], where(r["old_page"], r["old_line"]), where(r["new_page"], r["new_line"]))
                 for r in rows]
        out.append(text_table(HEADERS, cells, WIDTHS))
    for title, docs in (("in the old year only", batch.only_old), ("in the new year only", batch.only_new)):
        if docs:
            out += ["", f"{title}:"] + [f"  {_doc(d)}" for d in docs]
    if batch.unpaired:
        out += ["", "not paired:"] + [f"  {note}" for note in batch.unpaired]
    return "\n".join(out)
