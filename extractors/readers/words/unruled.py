"""Unruled tables: grids found from how words line up in columns on a page without ruled tables."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pdfplumber.utils import cluster_objects

from extractors.model.layout import Cell, Grid, Span
from extractors.readers.words.cells import join_cell_lines
from extractors.readers.words.lines import words_to_lines
from extractors.readers.words.model import (
    LINE_KEY,
    LINE_TOLERANCE,
    ROW_NUMBER,
    FoundGrid,
    Line,
    Obj,
    round_bbox,
)


def _segments(words: list[Obj], gap: float) -> list[tuple[float, float, list[Obj]]]:
    """A line's words grouped into runs separated by more than `gap` points, unless the gap is
    a justified line's stretched space (see `page_words`)."""
    runs: list[tuple[float, float, list[Obj]]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if runs and (w["x0"] - runs[-1][1] <= gap or runs[-1][2][-1].get("stretched_space_after")):
            x0, _, ws = runs[-1]
            runs[-1] = (x0, max(runs[-1][1], w["x1"]), [*ws, w])
        else:
            runs.append((w["x0"], w["x1"], [w]))
    return runs


def visual_lines(words: list[Obj]) -> list[list[Obj]]:
    """Words grouped into visual lines, each left to right, top to bottom."""
    lines = [sorted(c, key=lambda w: w["x0"]) for c in cluster_objects(words, LINE_KEY, LINE_TOLERANCE)]
    return sorted(lines, key=lambda ws: min(w["top"] for w in ws))


def font_size(words: list[Obj]) -> float:
    return statistics.median(w["bottom"] - w["top"] for w in words)


def _gap(size: float) -> float:
    """The least gap between two cells of a line: wider than a space, narrower than cell padding."""
    return max(3.5, 0.45 * size)


def grid_in_columns(
    lines: list[list[Obj]], edges: tuple[float, ...], size: float, number: int
) -> FoundGrid | None:
    """Lines read as rows of a table whose columns are known (`edges`), or None when a line
    runs across a column edge (prose, not the table's)."""
    if not lines or not all(_fits_columns(ws, edges, _gap(size)) for ws in lines):
        return None
    return _grid_from_aligned(lines, edges, size, number)


def unruled_grids(words: list[Obj], number: int) -> tuple[list[FoundGrid], list[Obj]]:
    """Tables drawn without rules: runs of lines whose words fall into ≥3 aligned columns.

    Columns are the x-ranges no multi-column line's words cross; a new row starts
    where the vertical gap is wider than the line pitch inside cells, or where a
    number column (`NO`) gets an entry; wrapped lines join the current row's cells.
    """
    line_words = visual_lines(words)
    if not words:
        return [], words
    size = font_size(words)
    gap = _gap(size)
    grids: list[FoundGrid] = []
    used: set[int] = set()
    start = free = 0  # free: the first line no grid has taken
    while start < len(line_words):
        region = _table_region(line_words, start, gap, size)
        if region is None:
            start += 1
            continue
        first, last, edges = region
        if first > free and _is_header_above(line_words, first, edges, gap, size):
            first -= 1
        lines = line_words[first : last + 1]
        grids.append(_grid_from_aligned(lines, edges, size, number))
        used.update(id(w) for ws in lines for w in ws)
        start = free = last + 1
    return grids, [w for w in words if id(w) not in used]


def _is_header_above(lines: list[list[Obj]], first: int, edges: tuple[float, ...], gap: float,
                     size: float) -> bool:
    """The line above a table, set off by a blank line (`No. | Program | Anggaran | Ket`), is its
    header when it has a word in three or more of the table's columns and none across them."""
    above = lines[first - 1]
    pitch = min(w["top"] for w in lines[first]) - max(w["bottom"] for w in above)
    runs = _segments(above, gap)
    columns = {_column_of(x0, edges) for x0, _, _ in runs}
    return pitch <= 4 * size and len(runs) >= 3 and len(columns) == len(runs) and _fits_columns(
        above, edges, gap)


def _table_region(
    lines: list[list[Obj]], start: int, gap: float, size: float
) -> tuple[int, int, tuple[float, ...]] | None:
    """The table starting at line `start` (first, last line, column edges), or None.

    Whether a line of one or two runs (a wrapped cell line) stays in the table is
    judged by the columns of the whole run of closely spaced lines ahead: a
    page that opens with a repeated header and the tail of a row broken over the
    page break has only centred header words above that tail to go by otherwise.
    """
    if len(_segments(lines[start], gap)) < 3:
        return None
    ahead = _body_edges(lines, _multi_lines(lines, start, gap, size), start, gap)
    multi = [start]
    last = start
    for i in range(start + 1, len(lines)):
        pitch = min(w["top"] for w in lines[i]) - max(w["bottom"] for w in lines[i - 1])
        if pitch > 2.5 * size:
            break
        if len(_segments(lines[i], gap)) >= 3:
            multi.append(i)
            last = i
            continue
        fits = _fits_columns(lines[i], _aligned_edges([lines[k] for k in multi], gap), gap) or (
            len(ahead) >= 4 and _fits_columns(lines[i], ahead, gap))
        if not fits and not _next_is_multi(lines, i, gap, size):
            break
        last = i
    body = _body(lines, multi, start, gap)
    edges = _aligned_edges([lines[k] for k in body], gap)
    # three aligned lines make a table; two do at the top of a page with four columns (a table's tail)
    if len(edges) < 4 or len(multi) < (2 if start <= 1 and len(edges) >= 5 else 3):
        return None
    if not _columns_aligned([lines[k] for k in body], edges, gap):
        return None
    return start, last, edges


def _multi_lines(lines: list[list[Obj]], start: int, gap: float, size: float) -> list[int]:
    """The lines of three or more runs in the closely spaced lines from `start` on."""
    multi = [start]
    for i in range(start + 1, len(lines)):
        if min(w["top"] for w in lines[i]) - max(w["bottom"] for w in lines[i - 1]) > 2.5 * size:
            break
        if len(_segments(lines[i], gap)) >= 3:
            multi.append(i)
    return multi


def _body(lines: list[list[Obj]], multi: list[int], start: int, gap: float) -> list[int]:
    """The `multi` lines that say where the columns are. Header cells may span columns
    (`Triwulan` over I–IV) or be centred: the body below the first line that starts with a
    row number, when there are two such lines."""
    body = [k for k in multi if k >= next((k for k in multi if _starts_numbered(lines[k], gap)), start)]
    return body if len(body) >= 2 else multi


def _body_edges(lines: list[list[Obj]], multi: list[int], start: int, gap: float) -> tuple[float, ...]:
    return _aligned_edges([lines[k] for k in _body(lines, multi, start, gap)], gap)


def _columns_aligned(lines: list[list[Obj]], edges: tuple[float, ...], gap: float) -> bool:
    """Table columns line up (left, centre or right) in most lines; justified prose only has wide gaps."""
    for j in range(len(edges) - 1):
        runs = [(x0, x1) for ws in lines for x0, x1, _ in _segments(ws, gap) if _column_of(x0, edges) == j]
        if len(runs) < 2:
            continue
        best = 0.0
        for values in ([a for a, _ in runs], [(a + b) / 2 for a, b in runs], [b for _, b in runs]):
            middle = statistics.median(values)
            best = max(best, sum(abs(v - middle) <= 2.5 for v in values) / len(values))
        if best < 0.6:
            return False
    return True


def _starts_numbered(words: list[Obj], gap: float) -> bool:
    runs = _segments(words, gap)
    return bool(runs) and bool(ROW_NUMBER.match(" ".join(w["text"] for w in runs[0][2])))


def _next_is_multi(lines: list[list[Obj]], i: int, gap: float, size: float) -> bool:
    """A one-run line (`Sasaran Strategis`) stays in the table when a multi-column line follows closely."""
    if i + 1 >= len(lines):
        return False
    pitch = min(w["top"] for w in lines[i + 1]) - max(w["bottom"] for w in lines[i])
    return pitch <= 2.5 * size and len(_segments(lines[i + 1], gap)) >= 3


def _aligned_edges(lines: list[list[Obj]], gap: float) -> tuple[float, ...]:
    """Column left edges (plus the right end): gaps in the x-coverage of all the lines' runs."""
    spans = sorted((x0, x1) for ws in lines for x0, x1, _ in _segments(ws, gap))
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return tuple(m[0] for m in merged) + (merged[-1][1],) if merged else ()


def _column_of(x: float, edges: Sequence[float]) -> int:
    col = 0
    for j, left in enumerate(edges[:-1]):
        if x >= left - 1:
            col = j
    return col


def _fits_columns(words: list[Obj], edges: Sequence[float], gap: float) -> bool:
    """Every run of the line stays inside one column (prose crosses column gaps)."""
    for x0, x1, _ in _segments(words, gap):
        col = _column_of(x0, edges)
        if col + 1 < len(edges) - 1 and x1 > edges[col + 1]:
            return False
    return True


def _grid_from_aligned(
    lines: list[list[Obj]], edges: tuple[float, ...], size: float, number: int
) -> FoundGrid:
    """Rows twice: first split on gaps and the first column, then again once every number column is known."""
    pitches = [
        min(w["top"] for w in b) - max(w["bottom"] for w in a) for a, b in zip(lines, lines[1:], strict=False)
    ]
    usual = statistics.median(pitches) if pitches else 0.0
    rows = _aligned_rows(lines, edges, usual + 0.35 * size, {0})
    number_cols = {c for c in range(len(edges) - 1) if _is_number_column(rows, c)} | {0}
    if number_cols != {0}:  # a second `NO` column starts rows too
        rows = _aligned_rows(lines, edges, usual + 0.35 * size, number_cols)
    return _found_from_rows(_split_spanning_header(rows, edges), edges, number)


Cells = list[list[Line]]


def _split_spanning_header(rows: list[Cells], edges: tuple[float, ...]) -> list[Cells]:
    """A header cell centred over sub-headers (`Triwulan` over `I II III IV`) as two header rows.

    The sub-headers sit level with the second line of the header cells beside them
    (`NO` wrapped to `N`/`O`, `Sumber`/`Data`), so row gaps cannot part them. The
    spanning text goes in the first column of its span, the sub-headers below it in
    a row of their own, the rest of the header stays in the first row.
    """
    if len(rows) < 2:
        return rows
    head = rows[0]
    first_cell = " ".join(ln.text for ln in head[0])
    if ROW_NUMBER.match(first_cell.strip()):
        return rows
    for c in range(len(head)):
        span = _span_under(head, c, edges)
        if span is None:
            continue
        a, b, cut = span
        top = [list(col) for col in head]
        sub: Cells = [[] for _ in head]
        for j in range(a, b + 1):
            top[j] = [ln for ln in head[j] if ln.bbox[1] < cut]
            sub[j] = [ln for ln in head[j] if ln.bbox[1] >= cut]
        top[a], top[c] = top[c], ([] if c != a else top[c])
        return [top, sub, *rows[1:]]
    return rows


def _span_under(head: Cells, c: int, edges: tuple[float, ...]) -> tuple[int, int, float] | None:
    """(first, last column, top of the sub-header line) when column c's header text spans
    the columns beside it: they are empty at its height and all hold one sub-header line
    that starts level with the line below it in column c."""
    cell = head[c]
    if len(cell) < 2:
        return None
    text_bottom = cell[0].bbox[3]
    cut = cell[1].bbox[1]

    def sub_only(j: int) -> bool:
        return bool(head[j]) and all(ln.bbox[1] >= text_bottom for ln in head[j]) and abs(
            head[j][0].bbox[1] - cut) <= LINE_TOLERANCE

    a = b = c
    while a > 0 and sub_only(a - 1):
        a -= 1
    while b + 1 < len(head) and sub_only(b + 1):
        b += 1
    if a == b:
        return None
    left, right = edges[a], edges[b + 1]
    x0, x1 = cell[0].bbox[0], cell[0].bbox[2]
    centred = abs((x0 + x1) / 2 - (left + right) / 2) <= 0.15 * (right - left)
    return (a, b, cut) if centred or abs(x0 - left) <= 3 else None


def _aligned_rows(
    lines: list[list[Obj]], edges: tuple[float, ...], row_gap: float, number_cols: set[int]
) -> list[list[list[Line]]]:
    """Lines -> rows of cells. The gap is measured per column, from that column's last text:
    a header cell spanning two rows (`Sumber Data`) overlaps the next header row (`I II III IV`)."""
    rows: list[list[list[Line]]] = []
    last_bottom: dict[int, float] = {}
    prev_bottom: float | None = None
    for ws in lines:
        by_col: dict[int, list[Obj]] = {}
        for w in ws:
            by_col.setdefault(_column_of(w["x0"], edges), []).append(w)
        gaps = [
            min(w["top"] for w in cw) - last_bottom.get(c, prev_bottom if prev_bottom is not None else 1e9)
            for c, cw in by_col.items()
        ]
        new_number = any(
            c in number_cols and ROW_NUMBER.match(" ".join(w["text"] for w in cw)) for c, cw in by_col.items()
        )
        if not rows or new_number or (prev_bottom is not None and max(gaps) > row_gap):
            rows.append([[] for _ in range(len(edges) - 1)])
        for c, cw in by_col.items():
            rows[-1][c].extend(words_to_lines(cw))
            last_bottom[c] = max(w["bottom"] for w in cw)
        prev_bottom = max(w["bottom"] for w in ws)
    return rows


def _is_number_column(rows: list[list[list[Line]]], col: int) -> bool:
    texts = [" ".join(ln.text for ln in r[col]) for r in rows if r[col]]
    numbers = [t for t in texts if ROW_NUMBER.match(t)]
    return len(numbers) >= 2 and len(numbers) >= 0.6 * len(texts)


def _found_from_rows(rows: list[list[list[Line]]], edges: tuple[float, ...], number: int) -> FoundGrid:
    # without rules, a column is as wide as its widest line: that is what "fills the cell" means here
    widths = [
        max((ln.bbox[2] for r in rows for ln in r[j]), default=edges[j + 1]) - edges[j]
        for j in range(len(rows[0]))
    ]
    grid_rows = []
    for row in rows:
        all_lines = [ln for cell in row for ln in cell]
        top = min(ln.bbox[1] for ln in all_lines)
        bottom = max(ln.bbox[3] for ln in all_lines)
        cells = []
        for j, cell in enumerate(row):
            bbox = round_bbox((edges[j], top, edges[j + 1], bottom))
            cells.append(Cell(join_cell_lines(cell, widths[j]), Span(page=number, bbox=bbox)))
        grid_rows.append(tuple(cells))
    top = grid_rows[0][0].at.bbox[1]
    bottom = grid_rows[-1][0].at.bbox[3]
    at = Span(page=number, bbox=round_bbox((edges[0], top, edges[-1], bottom)))
    return FoundGrid(Grid(rows=tuple(grid_rows), at=at, method="pdfplumber-text"), edges, top)
