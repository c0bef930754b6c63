"""Ruled tables recovered from a scan's ruling lines (OpenCV morphology).

Tesseract reads a ruled table row by row across cells, so the grid is found from
its lines instead, and each word later goes to the cell holding its centre.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.readers.ocr.image import components


@dataclass(frozen=True)
class CellBox:
    row: int  # lattice row and column of the cell's top-left corner
    col: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class TableBox:
    """A ruled table: its lattice size and its (possibly spanning) cells."""

    box: tuple[int, int, int, int]
    xs: tuple[int, ...]  # column rulings, left to right
    ys: tuple[int, ...]  # row rulings, top to bottom
    cells: tuple[CellBox, ...]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def lattice_box(self, row: int, col: int) -> tuple[int, int, int, int]:
        """The box of one lattice position (a part of a spanning cell that holds no text)."""
        return (self.xs[col], self.ys[row], self.xs[col + 1], self.ys[row + 1])


def line_masks(ink: np.ndarray, glyph_height: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling masks: long thin runs of ink survive an opening. A ruling
    is several glyphs long, so that the stems and bars of large print (a title) are not taken
    for rulings and erased."""
    h, w = ink.shape
    least = int(3 * glyph_height)
    thick_h = cv2.dilate(ink, np.ones((3, 1), np.uint8))  # tolerate wavy, broken scan lines
    thick_v = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    horizontal = cv2.morphologyEx(thick_h, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(25, w // 30, least), 1)))
    vertical = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (1, max(20, h // 60, least))))
    return horizontal, vertical


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, int, int]]:
    """(position across, start, end along) of each line in a mask; axis 0 = horizontal lines."""
    count, _, stats, _ = components(mask)
    out = []
    for x, y, w, h, _area in stats[1:count]:
        if axis == 0:
            out.append((y + h / 2, int(x), int(x + w)))
        else:
            out.append((x + w / 2, int(y), int(y + h)))
    return out


def _cluster(positions: list[float], tolerance: float) -> list[int]:
    """Positions within `tolerance` of each other are one ruling (a thick or doubled line)."""
    result: list[list[float]] = []
    for p in sorted(positions):
        if result and p - result[-1][-1] <= tolerance:
            result[-1].append(p)
        else:
            result.append([p])
    return [int(round(sum(group) / len(group))) for group in result]


def _covered(mask: np.ndarray, fixed: int, start: int, end: int, tol: int, axis: int) -> bool:
    """Does a ruling run along most of [start, end) at `fixed` (y for axis 0, x for axis 1)?"""
    margin = max(1, (end - start) // 10)
    start, end = start + margin, end - margin
    if end <= start:
        return True
    if axis == 0:
        band = mask[max(0, fixed - tol): fixed + tol + 1, start:end]
        hits = band.any(axis=0)
    else:
        band = mask[start:end, max(0, fixed - tol): fixed + tol + 1]
        hits = band.any(axis=1)
    return bool(hits.mean() > 0.6)


def _table_cells(hmask: np.ndarray, vmask: np.ndarray, box: tuple[int, int, int, int],
                 tol: int) -> TableBox | None:
    """Lattice of rulings inside one table region; cells without a ruling between them merge."""
    x0, y0, x1, y1 = box
    hs = [s for s in _segments(hmask[y0:y1, x0:x1], 0) if s[2] - s[1] > (x1 - x0) * 0.05]
    vs = [s for s in _segments(vmask[y0:y1, x0:x1], 1) if s[2] - s[1] > (y1 - y0) * 0.02]
    ys = [y + y0 for y in _cluster([s[0] for s in hs], tol * 2)]
    xs = [x + x0 for x in _cluster([s[0] for s in vs], tol * 2)]
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _covered(vmask, xs[c + 1], ys[r], ys[r + 1], tol, 1):
                parent[find(here + 1)] = find(here)
            if r + 1 < n_rows and not _covered(hmask, ys[r + 1], xs[c], xs[c + 1], tol, 0):
                parent[find(here + n_cols)] = find(here)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for members in groups.values():
        r0 = min(r for r, _ in members)
        c0 = min(c for r, c in members if r == r0)
        r1 = max(r for r, _ in members) + 1
        c1 = max(c for _, c in members) + 1
        cells.append(CellBox(r0, c0, (xs[c0], ys[r0], xs[c1], ys[r1])))
    if len(cells) < 2:
        return None  # a frame around the page or a boxed paragraph is no table
    return TableBox((xs[0], ys[0], xs[-1], ys[-1]), tuple(xs), tuple(ys),
                    tuple(sorted(cells, key=lambda cell: (cell.row, cell.col))))


def find_tables(hmask: np.ndarray, vmask: np.ndarray) -> list[TableBox]:
    """Ruled tables: connected groups of horizontal and vertical rulings forming at least 2 cells."""
    h, w = hmask.shape
    tol = max(3, round(min(h, w) * 0.003))
    joined = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((2 * tol + 1, 2 * tol + 1), np.uint8))
    count, _, stats, _ = components(joined)
    tables = []
    for x, y, bw, bh, _area in stats[1:count]:
        if bw < w * 0.1 or bh < h * 0.02:
            continue
        table = _table_cells(hmask, vmask, (int(x), int(y), int(x + bw), int(y + bh)), tol)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.box[1])


def kept_lattice(table: TableBox, texts: list[list[str]],
                  shape: tuple[int, ...]) -> tuple[list[int], list[int]]:
    """Lattice rows and columns worth keeping: rulings that are doubled or stop short make
    empty rows (never content: text renderings drop blank rows too) and empty slivers of
    columns thinner than a text line."""
    min_w = shape[1] * 0.012
    keep_rows = [r for r in range(table.n_rows) if any(texts[r])]
    keep_cols = [c for c in range(table.n_cols)
                 if any(row[c] for row in texts) or table.xs[c + 1] - table.xs[c] >= min_w]
    return keep_rows, keep_cols
