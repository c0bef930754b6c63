"""A Word table -> rows of grid slots, merged cells placed as a ruled PDF grid has them.

pdfplumber gives a merged cell once, in its first row and column, and leaves
the slots it covers empty; so here a `gridSpan` leaves the spanned columns
empty and a `vMerge` continuation is an empty slot (text a continuation cell
holds, which is rare, is added to the cell it continues rather than lost).
Each slot keeps its cell's visual lines, blank ones included, so the caller
can lay side-by-side stacks (a signature block) out line by line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from extractors.readers.docx.xml import Element, children, val, w

Lines = list[str]


@dataclass
class Slot:
    lines: Lines = field(default_factory=list)  # the cell's visual lines; [] for a covered slot


def _int(text: str | None, default: int) -> int:
    try:
        return max(int(text), 0) if text is not None else default
    except ValueError:
        return default


def table_rows(tbl: Element) -> Iterator[Element]:
    return (el for el in children(tbl) if el.tag == w("tr"))


def _cells(tr: Element) -> Iterator[Element]:
    return (el for el in children(tr) if el.tag == w("tc"))


def grid_width(tbl: Element) -> int:
    grid = tbl.find(w("tblGrid"))
    return len(grid.findall(w("gridCol"))) if grid is not None else 0


def lay_out(tbl: Element, read_cell: Callable[[Element], Lines]) -> list[list[Slot]]:
    """Rows of slots, one slot per grid column. `read_cell` gives a cell's visual lines."""
    rows: list[list[Slot]] = []
    above: dict[int, Slot] = {}  # column -> the cell a vertical merge there continues
    for tr in table_rows(tbl):
        tr_pr = tr.find(w("trPr"))
        before = _int(val(tr_pr.find(w("gridBefore"))), 0) if tr_pr is not None else 0
        row: list[Slot] = [Slot() for _ in range(before)]
        for tc in _cells(tr):
            tc_pr = tc.find(w("tcPr"))
            span = _int(val(tc_pr.find(w("gridSpan"))), 1) if tc_pr is not None else 1
            v_merge = tc_pr.find(w("vMerge")) if tc_pr is not None else None
            h_merge = tc_pr.find(w("hMerge")) if tc_pr is not None else None
            lines = read_cell(tc)
            col = len(row)
            if h_merge is not None and (val(h_merge) or "continue") == "continue" and row:
                row[-1].lines.extend(line for line in lines if line.strip())
                row.append(Slot())
                continue
            if v_merge is not None and (val(v_merge) or "continue") == "continue" and col in above:
                above[col].lines.extend(line for line in lines if line.strip())
                slot = Slot()
            else:
                slot = Slot(list(lines))
                if v_merge is not None:
                    above[col] = slot
                else:
                    above.pop(col, None)
            row.append(slot)
            row.extend(Slot() for _ in range(max(span, 1) - 1))
        rows.append(row)
    width = max([grid_width(tbl), *(len(r) for r in rows)], default=0)
    return [r + [Slot() for _ in range(width - len(r))] for r in rows]


def filled(lines: Lines) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def is_stacked(row: list[Slot]) -> bool:
    """Cells that are stacks of separate lines set side by side (a signature block).

    Either a cell keeps blank lines between its lines (room for a signature), or
    two cells hold several lines each.
    """
    def gapped(lines: Lines) -> bool:
        marks = [bool(line.strip()) for line in lines]
        if True not in marks:
            return False
        first, last = marks.index(True), len(marks) - 1 - marks[::-1].index(True)
        return not all(marks[first:last + 1])

    return any(gapped(s.lines) for s in row) or sum(1 for s in row if len(filled(s.lines)) >= 2) >= 2


def visual_rows(row: list[Slot]) -> list[list[str]]:
    """A row of stacked cells as the page shows it: the k-th line of every cell side by side."""
    height = max((len(s.lines) for s in row), default=0)
    out = []
    for k in range(height):
        texts = [s.lines[k].strip() if k < len(s.lines) else "" for s in row]
        if any(texts):
            out.append(texts)
    return out
