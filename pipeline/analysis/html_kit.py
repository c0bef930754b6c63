"""What the diff page and the report share: one page shell with its style inline (no network
needed to open it), escaping, a word-level inline diff, and sortable tables."""

from __future__ import annotations

import difflib
import html
import re

STYLE = """
:root { --added: #e6f4ea; --added-ink: #137333; --removed: #fce8e6; --removed-ink: #a50e0e;
        --changed: #fef7e0; --muted: #5f6368; --rule: #dadce0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124;
       margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted, .where { color: var(--muted); } .where { font-size: 12px; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f4; font-weight: 600; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.card { border: 1px solid var(--rule); border-radius: 8px; padding: 8px 14px; min-width: 150px; }
.card b { display: block; font-size: 20px; }
tr.added td.new, td.added, .added > summary { background: var(--added); }
tr.removed td.old, td.removed, .removed > summary { background: var(--removed); }
tr.changed td.old, tr.changed td.new { background: var(--changed); }
tr.unchanged td { color: var(--muted); }
#show-unchanged:not(:checked) ~ details tr.unchanged { display: none; }
table.compact { width: auto; min-width: 320px; }
tr.section th { background: #e8eaed; }
tr.detail td { border-bottom-style: dashed; font-size: 13px; }
del { background: var(--removed); color: var(--removed-ink); }
ins { background: var(--added); color: var(--added-ink); text-decoration: none; }
.down { color: var(--removed-ink); font-weight: 600; } .up { color: var(--added-ink); font-weight: 600; }
.error { color: var(--removed-ink); font-weight: 600; } .warning { color: #b06000; }
details { border: 1px solid var(--rule); border-radius: 8px; margin: 6px 0; }
details > summary { cursor: pointer; padding: 6px 10px; font-weight: 600; }
details > div { padding: 4px 12px 10px; }
details details { margin: 6px 0; }
.chart svg { max-width: 100%; height: auto; }
th.sortable { cursor: pointer; user-select: none; }
th.sortable::after { content: " ↕"; color: var(--muted); font-weight: 400; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
.scroll { max-height: 60vh; overflow: auto; border: 1px solid var(--rule); border-radius: 8px; }
.scroll table { margin: 0; }
input.filter { font: inherit; padding: 4px 8px; margin: 4px 0 8px; width: 320px; }
.key { font-family: ui-monospace, monospace; font-size: 12px; white-space: nowrap; }
.side td.old, .side td.new { width: 45%; } .side td.match { width: 10%; text-align: center; }
"""

# Type in a filter box to keep the rows of its table that contain the text.
FILTER_SCRIPT = """
document.querySelectorAll("input.filter").forEach(function (box) {
  var rows = document.getElementById(box.getAttribute("data-table")).tBodies[0].rows;
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase();
    Array.prototype.forEach.call(rows, function (r) {
      r.style.display = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) ? "" : "none";
    });
  });
});
"""

# Click a header to sort by it; numbers sort as numbers (data-v holds the raw value).
SORT_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.classList.add("sortable");
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[col], v = cell.getAttribute("data-v");
        if (v === null) { v = cell.textContent.trim(); }
        var n = parseFloat(v);
        return (v !== "" && !isNaN(n) && isFinite(v)) ? n : v.toLowerCase();
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = (typeof x === typeof y) ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, script: str = "") -> str:
    """A whole page: everything inline, so it opens from a file or an e-mail with no network."""
    tail = f"<script>{script}</script>" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n{tail}</body></html>\n")


def words_diff(old: str | None, new: str | None) -> str:
    """Old and new text as one, removed words in <del>, added in <ins>: a changed formula reads
    as what changed, not as two long paragraphs to compare by eye."""
    a, b = re.findall(r"\S+", old or ""), re.findall(r"\S+", new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(esc(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{esc(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{esc(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


def table(headers: list[str], rows: list[str], css: str = "", numeric: set[int] | None = None,
          ident: str = "") -> str:
    """A table from ready-made `<tr>` rows; header cells of numeric columns align right."""
    numeric = numeric or set()
    head = "".join(f'<th class="num">{esc(h)}</th>' if k in numeric else f"<th>{esc(h)}</th>"
                   for k, h in enumerate(headers))
    id_ = f' id="{ident}"' if ident else ""
    return f'<table class="{css}"{id_}><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
