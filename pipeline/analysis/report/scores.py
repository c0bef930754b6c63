"""The report's scores section, when `python -m pipeline score` has been run on the folder.

Per unit and year: how many annual targets were met, not met, not comparable, without a
result; then, per unit, each indicator's achievement year by year (the same indicator across
years is the same text after normalisation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from pipeline.analysis.html_kit import esc, table
from pipeline.analysis.matching import normalise
from pipeline.analysis.tables_io import Parsed

STATUSES = ("met", "not_met", "not_comparable", "no_result")
HEADS = ("met", "not met", "not comparable", "without result")
Row = dict[str, Any]


def _annual(rows: Sequence[Row]) -> list[Row]:
    """The rows the counts are made of: annual targets (a quarter is scored in the table only)."""
    return [r for r in rows if r["period"] == "annual"]


def _units(rows: Sequence[Row]) -> dict[tuple[str, str], list[Row]]:
    grouped: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        grouped.setdefault((r.get("region_code") or "", normalise(r.get("unit"))), []).append(r)
    return grouped


def _name(rows: Sequence[Row]) -> str:
    return Counter(r.get("unit") or "no unit read" for r in rows).most_common(1)[0][0]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}%"


def _counts_table(units: dict[tuple[str, str], list[Row]]) -> str:
    lines = []
    for key in sorted(units):
        name = _name(units[key])
        for year in sorted({r.get("year") or 0 for r in units[key]}):
            rows = [r for r in units[key] if (r.get("year") or 0) == year]
            counts = Counter(r["status"] for r in rows)
            cells = "".join(f"<td class='num'>{counts[s]}</td>" for s in STATUSES)
            lines.append(f"<tr><td>{esc(name)}</td><td>{esc(key[0])}</td><td>{year or '–'}</td>{cells}</tr>")
    return table(["unit", "region", "year", *HEADS], lines, "sortable compact", numeric={2, 3, 4, 5, 6})


def _texts(parsed: Parsed) -> dict[tuple[str, Any, Any], str]:
    """Each agreement indicator's text, by (doc_id, goal_no, indicator_no), PK's before RK's."""
    texts: dict[tuple[str, Any, Any], str] = {}
    for doc in parsed.docs:
        for r in sorted(doc.indicators, key=lambda r: r["form"] != "perjanjian_kinerja"):
            texts.setdefault((doc.doc_id, r["goal_no"], r["indicator_no"]), r.get("indicator") or "")
    return texts


def _cell(row: Row | None) -> str:
    if row is None:
        return "<td class='num muted'>–</td>"
    css = {"met": "up", "not_met": "down"}.get(row["status"], "muted")
    shown = _pct(row["achievement_pct"]) if row["achievement_pct"] is not None else ""
    status = row["status"].replace("_", " ")
    return f"<td class='num'>{esc(shown)} <span class='{css}'>{esc(status)}</span></td>"


def _years_table(rows: Sequence[Row], texts: dict[tuple[str, Any, Any], str]) -> str:
    years = sorted({r.get("year") or 0 for r in rows})
    by_indicator: dict[str, dict[int, Row]] = {}
    shown: dict[str, str] = {}
    for r in rows:
        text = texts.get((r["doc_id"], r["goal_no"], r["indicator_no"]), "")
        key = normalise(text) or f"{r['goal_no']}.{r['indicator_no']}"
        shown.setdefault(key, text or f"indicator {r['goal_no']}.{r['indicator_no']}")
        by_indicator.setdefault(key, {}).setdefault(r.get("year") or 0, r)
    lines = [f"<tr><td>{esc(shown[k])}</td><td>{esc(next(iter(v.values()))['direction'] or '')}</td>"
             + "".join(_cell(v.get(y)) for y in years) + "</tr>" for k, v in by_indicator.items()]
    return table(["indicator", "direction", *[str(y or "–") for y in years]], lines, "compact",
                 numeric=set(range(2, len(years) + 2)))


def scores_section(parsed: Parsed, scores: pa.Table) -> str:
    """Counts per unit and year, then each unit's achievements over the years."""
    rows = _annual(scores.to_pylist())
    if not rows:
        return "<p class='muted'>No annual target was scored (no agreement with targets).</p>"
    units = _units(rows)
    texts = _texts(parsed)
    folds = []
    for key in sorted(units):
        members = units[key]
        years = sorted({r.get("year") or 0 for r in members})
        head = f"{esc(_name(members))} <span class='muted'>{esc(', '.join(str(y) for y in years))}</span>"
        folds.append(f"<details class='unit-scores'><summary>{head}</summary>"
                     f"<div>{_years_table(members, texts)}</div></details>")
    return ("<p class='muted'>Annual targets of each agreement against the results of its unit and year "
            "(<code>scores.parquet</code>); achievement computed from target and realisation.</p>"
            + _counts_table(units) + "<h3>Achievements over the years</h3>" + "".join(folds))
