"""The batch report: one self-contained HTML page over `parsed/`, for a reader who opens it from a file.

Built to stay quick with a province's batch: a summary and a sortable table of units on top;
each unit's documents folded under it; a document's budget chart stored as SVG text inside a
`<script type="image/svg+xml">` that the browser does not parse until the document is opened,
so 1,000 documents cost the browser a page of text, not 1,000 drawings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from pipeline.analysis.diff.compare import FORM_SHORT, PERIODS, budget_total
from pipeline.analysis.display import rupiah, where
from pipeline.analysis.html_kit import FILTER_SCRIPT, SORT_SCRIPT, esc, table
from pipeline.analysis.html_kit import page as html_page
from pipeline.analysis.matching import normalise
from pipeline.analysis.report.charts import horizontal_bars, vertical_bars
from pipeline.analysis.report.scores import scores_section
from pipeline.analysis.tables_io import DocRows, Parsed

GOAL_TYPES = ("strategis", "khusus", "operasional")
FORMS = tuple(FORM_SHORT)
PROGRAM_WORD = re.compile(r"^program\s+", re.I)  # every name starts so; the chart drops it
NO_UNIT = "No unit read (failed files, memos, unreadable pages)"

# Opening a folded document draws its chart; a link to a unit (#u-…) unfolds it.
LAZY_SCRIPT = """
function draw(root) {
  root.querySelectorAll(':scope > div > .chart > script[type="image/svg+xml"]').forEach(function (s) {
    var holder = document.createElement("div");
    holder.innerHTML = s.textContent;
    s.replaceWith(holder.firstElementChild || holder);
  });
}
document.addEventListener("toggle", function (e) {
  if (e.target.tagName === "DETAILS" && e.target.open) { draw(e.target); }
}, true);
function reveal() {
  var el = location.hash && document.getElementById(location.hash.slice(1));
  if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
}
window.addEventListener("hashchange", reveal);
reveal();
"""


@dataclass(frozen=True)
class UnitGroup:
    """A unit's documents, all years: the same unit as diff pairs them (region code + name)."""

    name: str
    region_code: str | None
    province: str | None
    docs: tuple[DocRows, ...]
    anchor: str


def _doc_order(doc: DocRows) -> tuple[int, str, int]:
    d = doc.document
    return (d.get("year") or 0, d["source_file"], d.get("part") or 1)


def group_units(docs: Sequence[DocRows]) -> list[UnitGroup]:
    groups: dict[tuple[str, str], list[DocRows]] = {}
    for doc in docs:
        d = doc.document
        key = (normalise(d.get("unit")), d.get("region_code") or "") if d.get("unit") else ("", "")
        groups.setdefault(key, []).append(doc)
    out = []
    for n, key in enumerate(sorted(groups, key=lambda k: (k == ("", ""), k))):
        members = sorted(groups[key], key=_doc_order)
        first = members[0].document
        name = Counter(m.document["unit"] for m in members).most_common(1)[0][0] if key[0] else NO_UNIT
        out.append(UnitGroup(name, first.get("region_code") if key[0] else None,
                             first.get("province") if key[0] else None, tuple(members), f"u-{n + 1}"))
    return out


def _errors(doc: DocRows) -> int:
    return sum(f["severity"] == "error" for f in doc.findings)


def _warnings(doc: DocRows) -> int:
    return sum(f["severity"] == "warning" for f in doc.findings)


def _cards(items: Sequence[tuple[str, str]]) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{esc(v)}</b>{esc(k)}</div>' for k, v in items) + "</div>"


# --- the batch ------------------------------------------------------------------------------


def _finding_order(item: tuple[tuple[str, str], int]) -> tuple[bool, int, tuple[str, str]]:
    (severity, code), n = item
    return (severity != "error", -n, (severity, code))


def summary_section(parsed: Parsed, units: Sequence[UnitGroup]) -> str:
    docs = parsed.docs
    status = Counter(d.document["status"] for d in docs)
    years = sorted({d.document["year"] for d in docs if d.document.get("year")})
    findings = [f for d in docs for f in d.findings]
    total = sum(budget_total(d) for d in docs)
    severities = Counter(f["severity"] for f in findings)
    cards = [
        ("documents", str(len(docs))),
        ("ok / partial / failed", f"{status['ok']} / {status['partial']} / {status['failed']}"),
        ("units", str(sum(u.name != NO_UNIT for u in units))),
        ("years", f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]) if years else "–"),
        ("indicators", f"{sum(len(d.indicators) for d in docs):,}"),
        ("budget lines", f"{sum(len(d.budgets) for d in docs):,}"),
        ("total budget", rupiah(total)),
        ("findings: errors / warnings", f"{severities['error']} / {severities['warning']}"),
    ]
    html = _cards(cards)
    by_year: dict[int, int] = {}
    for d in docs:
        if d.document.get("year") and d.budgets:
            by_year[d.document["year"]] = by_year.get(d.document["year"], 0) + budget_total(d)
    if by_year:
        labels = [str(y) for y in sorted(by_year)]
        html += '<div class="chart">' + vertical_bars(labels, [by_year[int(y)] for y in labels],
                                                      "Total budget per year (all units)") + "</div>"
    if findings:
        codes = Counter((f["severity"], f["code"]) for f in findings)
        holders = {key: len({d.doc_id for d in docs for f in d.findings if (f["severity"], f["code"]) == key})
                   for key in codes}
        rows = [f"<tr><td class='{esc(sev)}'>{esc(sev)}</td><td>{esc(code)}</td>"
                f"<td class='num'>{n}</td><td class='num'>{holders[(sev, code)]}</td></tr>"
                for (sev, code), n in sorted(codes.items(), key=_finding_order)]
        html += "<h3>Findings per code</h3>" + table(["severity", "code", "findings", "documents"], rows,
                                                     "compact sortable", numeric={2, 3})
    return html


def units_section(units: Sequence[UnitGroup]) -> str:
    rows = []
    for u in units:
        years = sorted({d.document["year"] for d in u.docs if d.document.get("year")})
        budget = sum(budget_total(d) for d in u.docs)
        errors = sum(_errors(d) for d in u.docs)
        rows.append(
            f'<tr><td><a href="#{u.anchor}">{esc(u.name)}</a></td><td>{esc(u.region_code)}</td>'
            f"<td>{esc(u.province)}</td><td>{esc(', '.join(map(str, years)))}</td>"
            f"<td class='num'>{len(u.docs)}</td>"
            f"<td class='num'>{sum(len(d.indicators) for d in u.docs)}</td>"
            f"<td class='num' data-v='{budget}'>{esc(rupiah(budget) if budget else '–')}</td>"
            f"<td class='num{' error' if errors else ''}'>{errors}</td>"
            f"<td class='num'>{sum(_warnings(d) for d in u.docs)}</td></tr>")
    units_table = table(["unit", "region", "province", "years", "documents", "indicators", "budget",
                         "errors", "warnings"], rows, "sortable units", numeric={4, 5, 6, 7, 8},
                        ident="units")
    return ('<input class="filter" type="search" data-table="units" placeholder="Filter units…" '
            f'aria-label="Filter units"><div class="scroll">{units_table}</div>')


# --- one document ---------------------------------------------------------------------------


def _meta(doc: DocRows) -> str:
    d = doc.document
    signed = ", ".join(str(x) for x in (d.get("signed_place"), d.get("signed_date")) if x)
    source = f"{d['source_format']}{' (OCR)' if d.get('ocr') else ''}"
    if d.get("page_count"):
        source += f", {d['page_count']} pages"
    if (d.get("part") or 1) > 1:
        source += f", agreement {d['part']} of file {d.get('file_id')}"
    items = [("title", d.get("title")), ("issuer", d.get("issuer")), ("unit", d.get("unit")),
             ("region", " · ".join(str(x) for x in (d.get("regency"), d.get("province"), d.get("region_code"))
                                   if x)),
             ("signed", signed), ("source", f"{d['source_file']} — {source}"), ("doc_id", d["doc_id"])]
    rows = [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in items if v]
    return f'<table class="compact meta"><tbody>{"".join(rows)}</tbody></table>'


def _parties(doc: DocRows) -> str:
    if not doc.parties:
        return "<p class='muted'>No parties read.</p>"
    rows = []
    for p in doc.parties:
        nip = p.get("nip") or ""
        if nip and p.get("nip_valid") is False:
            nip += " (invalid)"
        name = " ".join(x for x in (p.get("name"), ", ".join(p.get("degrees") or [])) if x)
        rows.append(f"<tr><td>{esc(p['role'])}</td><td>{esc(name)}{' (acting)' if p.get('acting') else ''}"
                    f"</td><td>{esc(p.get('position'))}</td><td>{esc(nip)}</td><td>{esc(p.get('rank'))}</td></tr>")
    return table(["role", "name", "position", "NIP", "rank"], rows)


def _counts(doc: DocRows) -> str:
    forms = Counter(r["form"] for r in doc.indicators)
    parts = [f"{n} indicators ({FORM_SHORT.get(f, f)})" for f, n in forms.items()] or ["no indicators"]
    parts += [f"{len(doc.targets)} targets", f"{len(doc.budgets)} budget lines",
              f"{len(doc.findings)} findings"]
    return f"<p>{esc(' · '.join(parts))}</p>"


def _budget(doc: DocRows) -> str:
    lines = [b for b in doc.budgets if b.get("amount_idr") is not None]
    if not lines:
        return ""
    labels = [f"{b['program_no'] or '?'}. {PROGRAM_WORD.sub('', b['program'] or '')}" for b in lines]
    svg = horizontal_bars(labels, [b["amount_idr"] for b in lines],
                          f"Budget per program, total {rupiah(budget_total(doc))}")
    return f'<h4>Budget</h4><div class="chart"><script type="image/svg+xml">{svg}</script></div>'


def _na(n: int) -> str:
    return f" <span class='muted'>+{n} N/A</span>" if n else ""


def _targets(doc: DocRows) -> str:
    """How many indicators carry a target per goal type and period (N/A counted apart)."""
    if not doc.targets:
        return ""
    goal_type = {(r["form"], r["goal_no"], r["indicator_no"]): r["goal_type"] for r in doc.indicators}
    set_, na = Counter(), Counter()
    for t in doc.targets:
        group = (t["form"], goal_type.get((t["form"], t["goal_no"], t["indicator_no"])))
        key = (group, t["period"])
        if t.get("not_applicable"):
            na[key] += 1
        elif t.get("value") is not None or t.get("label") is not None:
            set_[key] += 1
    periods = [p for p in PERIODS if any(t["period"] == p for t in doc.targets)]
    has = {(t["form"], t["period"]) for t in doc.targets}  # a PK table without quarters shows –
    groups = sorted({k[0] for k in (*set_, *na)},
                    key=lambda g: (FORMS.index(g[0]) if g[0] in FORMS else len(FORMS), g[0],
                                   GOAL_TYPES.index(g[1]) if g[1] in GOAL_TYPES else len(GOAL_TYPES)))
    rows = []
    for g in groups:
        cells = "".join(f"<td class='num'>{set_[(g, p)]}{_na(na[(g, p)])}</td>" if (g[0], p) in has
                        else "<td class='num muted'>–</td>" for p in periods)
        rows.append(f"<tr><td>{esc(FORM_SHORT.get(g[0], g[0]))}</td><td>{esc(g[1] or 'not given')}</td>"
                    f"{cells}</tr>")
    return "<h4>Targets set per goal type and period</h4>" + table(
        ["form", "goal type", *periods], rows, "compact", numeric=set(range(2, len(periods) + 2)))


def _findings(doc: DocRows) -> str:
    if not doc.findings:
        return "<p class='muted'>No findings.</p>"
    rows = [f"<tr><td class='{esc(f['severity'])}'>{esc(f['severity'])}</td><td>{esc(f['code'])}</td>"
            f"<td>{esc(f['message'])}</td>"
            f"<td class='where'>{esc(where(f.get('page'), f.get('line')))}</td></tr>" for f in doc.findings]
    return "<h4>Findings</h4>" + table(["severity", "code", "message", "where"], rows)


def document_section(doc: DocRows) -> str:
    d = doc.document
    errors = _errors(doc)
    flag = f" · <span class='error'>{errors} error{'s' if errors != 1 else ''}</span>" if errors else ""
    budget = f" · {rupiah(budget_total(doc))}" if doc.budgets else ""
    head = (f"{esc(d.get('year') or '–')} · {esc(doc.label)} · {esc(d['status'])} · "
            f"{len(doc.indicators)} indicators{esc(budget)}{flag}")
    if d["status"] == "failed":  # nothing was read but why: say that first
        body = _findings(doc) + _meta(doc)
    else:
        body = (_meta(doc) + "<h4>Parties</h4>" + _parties(doc) + _counts(doc) + _budget(doc)
                + _targets(doc) + _findings(doc))
    return (f'<details class="doc" id="d-{esc(doc.doc_id)}"><summary>{head}</summary>'
            f"<div>{body}</div></details>")


def unit_section(unit: UnitGroup) -> str:
    years = sorted({d.document["year"] for d in unit.docs if d.document.get("year")})
    facts = [unit.region_code or "", f"{len(unit.docs)} document{'s' if len(unit.docs) != 1 else ''}",
             ", ".join(map(str, years))]
    head = f"{esc(unit.name)} <span class='muted'>{esc(' · '.join(f for f in facts if f))}</span>"
    docs = "".join(document_section(d) for d in unit.docs)
    return f'<details class="unit" id="{unit.anchor}"><summary>{head}</summary><div>{docs}</div></details>'


def page(parsed: Parsed, scores: pa.Table | None = None) -> str:
    """The report; with `scores` (scores.parquet, when `score` was run) a section on targets met."""
    units = group_units(parsed.docs)
    title = f"Performance agreements: {len(parsed.docs)} documents"
    body = [f"<h1>{esc(title)}</h1>",
            f"<p class='muted'>Tables in {esc(parsed.folder)}; each value traces to its page (p.) or "
            "line (l.) in the source file.</p>",
            "<h2>Summary</h2>", summary_section(parsed, units),
            "<h2>Units</h2><p class='muted'>Click a column to sort; click a unit to open its documents "
            "(below the table).</p>",
            units_section(units),
            *(["<h2>Targets met</h2>", scores_section(parsed, scores)] if scores is not None else []),
            "<h2>Documents by unit</h2>", "".join(unit_section(u) for u in units)]
    return html_page(title, "\n".join(body), SORT_SCRIPT + FILTER_SCRIPT + LAZY_SCRIPT)
