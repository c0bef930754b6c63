"""The diff as one self-contained HTML page: a summary on top, then each pair side by side,
changes coloured, changed texts shown word by word."""

from __future__ import annotations

from typing import Any

from pipeline.analysis.diff.changes import BatchDiff, Summary
from pipeline.analysis.diff.compare import CHANGES, ENTITIES, HEADLINE, Change, DocDiff, Line
from pipeline.analysis.display import direction, rupiah, signed_percent, signed_rupiah, where
from pipeline.analysis.html_kit import SORT_SCRIPT, esc, table, words_diff
from pipeline.analysis.html_kit import page as html_page
from pipeline.analysis.tables_io import DocRows

SECTIONS = {"document": "Document", "party": "Parties", "goal": "Goals (Sasaran)",
            "indicator": "Indicators and their targets", "budget": "Budget (Anggaran)"}
OPEN_UP_TO = 3  # pairs shown unfolded; a province's batch starts folded
TEXT_FIELDS = {"title", "issuer", "unit", "regency", "position", "goal", "indicator", "measurement",
               "data_source", "program", "funding_source"}


def _where(page: int | None, line: int | None) -> str:
    text = where(page, line)
    return f' <span class="where">{esc(text)}</span>' if text else ""


def _value(field: str | None, value: str | None) -> str:
    if value is None:
        return '<span class="muted">–</span>'
    if field == "amount_idr":
        return esc(rupiah(int(value)))
    return esc(value)


def _change_html(change: Change) -> str:
    """One changed field: a word diff for texts, `old → new` with its direction for values."""
    label = f"<b>{esc(change.field)}</b>: "
    if change.entity == "target":
        label = f"<b>target {esc(change.field)}</b>: "
    if change.change != "changed":
        verb = "added" if change.change == "added" else "removed"
        return label + f'<span class="{verb}">{verb}</span> ' + _value(change.field, change.old or change.new)
    if change.field in TEXT_FIELDS and change.old and change.new:
        return label + words_diff(change.old, change.new)
    arrow = ""
    if change.direction:
        arrow = f' <span class="{change.direction}">{esc(direction(change.direction))}</span>'
    return label + f"{_value(change.field, change.old)} → {_value(change.field, change.new)}{arrow}"


def _cell_text(entity: str, row: dict[str, Any] | None) -> str:
    if row is None:
        return ""
    if entity == "document":
        d = row
        return (f"{esc(d['source_file'])}<br>{esc(d.get('title'))}<br>"
                f'<span class="muted">{esc(d.get("unit"))}, {esc(d.get("year"))}</span>')
    if entity == "party":
        return (f"<b>{esc(row['role'])}</b>: {esc(row.get('name'))}<br>"
                f'<span class="muted">{esc(row.get("position"))}</span>')
    text = esc(row.get(HEADLINE[entity]))
    if entity == "indicator" and row.get("target_raw") is not None:
        text += f' <span class="muted">· target {esc(row["target_raw"])}</span>'
    if entity == "goal" and row.get("goal_type"):
        text += f' <span class="muted">· {esc(row["goal_type"])}</span>'
    if entity == "budget":
        text += f' <span class="muted">· {esc(rupiah(row.get("amount_idr")))}</span>'
    return text


def _side(entity: str, key: str | None, row: dict[str, Any] | None) -> str:
    if row is None:
        return ""
    place = _where(row.get("page"), row.get("line")) if entity != "document" else ""
    shown_key = f'<span class="key">{esc(key)}</span> ' if key and entity not in ("document", "party") else ""
    return shown_key + _cell_text(entity, row) + place


def _line_rows(line: Line, targets_changed: bool = False) -> str:
    if line.entity == "target":
        change = line.changes[0]
        places = (f"{_where(change.old_page, change.old_line)} → {_where(change.new_page, change.new_line)}"
                  if change.change == "changed" else "")
        return (f'<tr class="detail {change.change}"><td colspan="3">↳ {_change_html(change)}{places}'
                f"</td></tr>")
    match = ""
    if line.rule:
        score = f"<br>{line.similarity:.1f}" if line.similarity is not None else ""
        match = f'<span class="muted">{esc(line.rule)}{score}</span>'
    old, new = _side(line.entity, line.old_key, line.old), _side(line.entity, line.new_key, line.new)
    status = "changed" if line.status == "unchanged" and targets_changed else line.status
    out = (f'<tr class="{status}"><td class="old">{old}</td><td class="match">{match}</td>'
           f'<td class="new">{new}</td></tr>')
    if line.status == "changed":
        details = "<br>".join(_change_html(c) for c in line.changes)
        out += f'<tr class="detail changed"><td colspan="3">{details}</td></tr>'
    return out


def _doc_title(doc: DocRows) -> str:
    d = doc.document
    return f"{doc.label} ({d.get('year') or 'year?'})"


def pair_section(diff: DocDiff, open_: bool) -> str:
    changes = len(diff.changes)
    unit = diff.new.document.get("unit") or diff.old.document.get("unit") or "unit unknown"
    head = (f"{esc(unit)} — {esc(_doc_title(diff.old))} → {esc(_doc_title(diff.new))}: "
            f"{changes} change{'s' if changes != 1 else ''}")
    rows = []
    current = None
    lines = diff.lines
    changed_sections = {"indicator" if line.entity == "target" else line.entity
                        for line in lines if line.changes}
    for k, line in enumerate(lines):
        section = "indicator" if line.entity == "target" else line.entity
        if section != current:
            current = section
            quiet = "" if section in changed_sections else " — no changes"
            rows.append(f'<tr class="section"><th colspan="3">{esc(SECTIONS[section] + quiet)}</th></tr>')
        # An indicator whose targets changed reads as changed, though its own fields did not.
        targets_changed = k + 1 < len(lines) and lines[k + 1].entity == "target"
        rows.append(_line_rows(line, targets_changed))
    forms = ""
    if any(o != n for o, n in diff.forms):
        forms = "<p class=muted>Indicators compared: " + ", ".join(
            f"{esc(o or 'none')} (old) with {esc(n or 'none')} (new)" for o, n in diff.forms) + "</p>"
    body = table([f"old: {diff.old.label}", "matched by", f"new: {diff.new.label}"], rows, "side")
    return (f"<details{' open' if open_ else ''}><summary>{head}</summary><div>{forms}{body}"
            f"</div></details>")


def summary_section(batch: BatchDiff, summary: Summary) -> str:
    totals = {c: sum(n for (change, _), n in summary.counts.items() if change == c) for c in CHANGES}
    cards = [("pairs compared", str(len(batch.diffs)))] + [(c, str(totals[c])) for c in CHANGES]
    budget = (f"{rupiah(summary.budget_old)} → {rupiah(summary.budget_new)}",
              f"{signed_rupiah(summary.budget_delta)} ({signed_percent(summary.budget_percent)})")
    html = '<div class="cards">' + "".join(
        f'<div class="card"><b>{esc(v)}</b>{esc(k)}</div>' for k, v in cards)
    html += (f'<div class="card"><b>{esc(budget[0])}</b>total budget, '
             f'{esc(budget[1])}</div></div>')
    rows = [f"<tr><td>{esc(e)}</td>" + "".join(
        f'<td class="num">{summary.counts.get((c, e), 0) or ""}</td>' for c in CHANGES) + "</tr>"
        for e in ENTITIES if any(summary.counts.get((c, e)) for c in CHANGES)]
    html += "<h3>Changes per kind</h3>" + (table(["entity", *CHANGES], rows, "compact", numeric={1, 2, 3})
                                           if rows else "<p>No changes.</p>")
    if summary.target_changes:
        target_rows = [
            f"<tr><td>{esc(r['unit'])}</td><td class='key'>{esc(r['old_key'])} → {esc(r['new_key'])}</td>"
            f"<td>{esc(r['field'])}</td><td class='num'>{esc(r['old'])} → {esc(r['new'])}</td>"
            f"<td class='{esc(r['direction'] or '')}'>{esc(direction(r['direction']))}</td>"
            f"<td class='where'>{esc(where(r['old_page'], r['old_line']))} → "
            f"{esc(where(r['new_page'], r['new_line']))}</td></tr>"
            for r in summary.target_changes]
        html += "<h3>Target changes</h3>" + table(
            ["unit", "indicator", "period", "old → new", "direction", "where"], target_rows,
            "sortable", numeric={3})
    return html


def _lone_section(title: str, docs: tuple[DocRows, ...]) -> str:
    if not docs:
        return ""
    items = "".join(f"<li>{esc(d.document.get('unit'))}: {esc(_doc_title(d))} "
                    f"<span class='muted'>{esc(d.doc_id)}</span></li>" for d in docs)
    return f"<h2>{esc(title)}</h2><ul>{items}</ul>"


def page(batch: BatchDiff, summary: Summary) -> str:
    if len(batch.diffs) == 1:
        d = batch.diffs[0]
        title = f"Changes: {_doc_title(d.old)} → {_doc_title(d.new)}"
    else:
        title = f"Changes across {len(batch.diffs)} pairs of agreements"
    body = [f"<h1>{esc(title)}</h1>", "<h2>Summary</h2>", summary_section(batch, summary)]
    if batch.diffs:
        body.append("<h2>Side by side</h2>")
        body.append('<p class="muted">Removed rows in red on the left, added rows in green on the '
                    "right, changed pairs in yellow with what changed below them; "
                    "<del>struck</del> words were removed, <ins>marked</ins> words added.</p>")
        unchanged = sum(line.status == "unchanged" for d in batch.diffs for line in d.lines)
        body.append('<input type="checkbox" id="show-unchanged"> <label for="show-unchanged">'
                    f"show the {unchanged} unchanged rows too (matched, with the rule that matched them)"
                    "</label>")
        open_ = len(batch.diffs) <= OPEN_UP_TO
        body += [pair_section(d, open_) for d in batch.diffs]
    body.append(_lone_section("In the old year only", batch.only_old))
    body.append(_lone_section("In the new year only", batch.only_new))
    if batch.unpaired:
        body.append("<h2>Not paired</h2><ul>" + "".join(f"<li>{esc(n)}</li>" for n in batch.unpaired)
                    + "</ul>")
    return html_page(title, "\n".join(body), SORT_SCRIPT)
