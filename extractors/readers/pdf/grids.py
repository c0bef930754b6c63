"""Ruled tables: pdfplumber tables -> grids whose cells hold their words' text."""

from __future__ import annotations

import bisect
from typing import Any

from extractors.model.layout import Cell, Grid, Span
from extractors.readers.words.cells import join_cell_lines
from extractors.readers.words.lines import words_to_lines
from extractors.readers.words.model import FoundGrid, Obj, center, inside, round_bbox


def is_real_table(table: Any) -> bool:
    """A box (a frame, a shaded label, ruled lines under prose) is no table: it needs two columns."""
    return max((len(r.cells) for r in table.rows), default=0) >= 2


def outermost(tables: list[Any]) -> list[Any]:
    """Drop tables drawn inside another table's cell (a box in a `PARAF` column): their text is the cell's."""

    def within(a: Any, b: Any) -> bool:
        return a is not b and all(
            (a.bbox[i] >= b.bbox[i] - 1) if i < 2 else (a.bbox[i] <= b.bbox[i] + 1) for i in range(4)
        )

    return [t for t in tables if not any(within(t, other) for other in tables)]


def grid_from_table(table: Any, words: list[Obj], number: int,
                    fills: list[tuple[float, float, float, float]] | None = None) -> FoundGrid:
    """A ruled table's grid. Words inside the table that no cell holds (a last row whose bottom
    rule the page lacks, so pdfplumber made no cells for it) go to the empty slot they stand
    in; an empty cell inside a filled box (a schedule's coloured month) is marked `fill`."""
    rows = table.rows
    edges = _column_edges(table)
    box = table.bbox  # pdfplumber computes it again at each call
    in_table = [w for w in words if inside(center(w), box)]
    by_cell = _words_by_cell(rows, in_table)
    placed = {id(w) for row_words in by_cell for mine in row_words for w in mine}
    stray = [w for w in in_table if id(w) not in placed]
    marks = [f for f in fills or () if (f[2] - f[0]) < 0.5 * (box[2] - box[0])]
    padding = _table_padding(by_cell, rows)
    grid_rows = []
    for r, row in enumerate(rows):
        cells = []
        for j, bbox in enumerate(row.cells):
            if bbox is None:  # covered by a merged cell: empty, at its slot in the grid
                bbox = (edges[j], row.bbox[1], edges[min(j + 1, len(edges) - 1)], row.bbox[3])
                mine = [w for w in stray if bbox[0] <= center(w)[0] <= bbox[2]
                        and bbox[1] <= center(w)[1] <= bbox[3]]
                available = (bbox[2] - bbox[0]) - 2 * padding
                text = join_cell_lines(words_to_lines(mine), available) if mine else ""
                cells.append(Cell(text, Span(page=number, bbox=round_bbox(bbox)), _filled(bbox, marks)
                                  if not text else False))
                continue
            text = join_cell_lines(words_to_lines(by_cell[r][j]), (bbox[2] - bbox[0]) - 2 * padding)
            cells.append(Cell(text, Span(page=number, bbox=round_bbox(bbox)),
                              _filled(bbox, marks) if not text else False))
        grid_rows.append(tuple(cells))
    grid = Grid(
        rows=tuple(grid_rows), at=Span(page=number, bbox=round_bbox(box)), method="pdfplumber-lines"
    )
    return FoundGrid(grid, edges, float(box[1]))


def _filled(bbox: tuple[float, float, float, float], marks: list[tuple[float, float, float, float]]) -> bool:
    """The cell's centre lies inside a filled box."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(m[0] <= cx <= m[2] and m[1] <= cy <= m[3] for m in marks)


def _words_by_cell(rows: Any, words: list[Obj]) -> list[list[list[Obj]]]:
    """The words whose centre lies in each cell (a centre on a shared border counts for both),
    found row by row from the words sorted by their centre's height, not cell by all words."""
    placed = sorted(((center(w), w) for w in words), key=lambda p: p[0][1])
    heights = [p[0][1] for p in placed]
    out = []
    for row in rows:
        row_box = row.bbox
        lo = bisect.bisect_left(heights, row_box[1])
        hi = bisect.bisect_right(heights, row_box[3])
        band = placed[lo:hi]
        out.append([[] if bbox is None else [w for (x, y), w in band if bbox[0] <= x <= bbox[2]
                                            and bbox[1] <= y <= bbox[3]] for bbox in row.cells])
    return out


def _column_edges(table: Any) -> tuple[float, ...]:
    xs = sorted({round(c[0], 1) for r in table.rows for c in r.cells if c} | {round(table.bbox[2], 1)})
    return tuple(xs)


def _table_padding(by_cell: list[list[list[Obj]]], rows: Any) -> float:
    """Cell padding: the smallest gap between a cell's left edge and its text (most cells align left)."""
    gaps = []
    for row_words, row in zip(by_cell, rows, strict=True):
        for mine, bbox in zip(row_words, row.cells, strict=True):
            if bbox and mine:
                gaps.append(min(w["x0"] for w in mine) - bbox[0])
    return min(max(min(gaps, default=2.0), 0.0), 10.0)
