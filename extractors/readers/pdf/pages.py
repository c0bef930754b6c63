"""Work across pages: running headers/footers dropped, tables over page breaks stitched into one grid."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.model.layout import Block, Cell, Grid, Page, TextLine
from extractors.readers.words.model import ROW_NUMBER, FoundGrid, Item, PageRead

MARGIN_ZONE = 0.12  # running footers live in the bottom 12% of a page
HEADER_ZONE = 0.07  # running headers in the top 7% (Word's header sits at half an inch); a title
# 1 inch down, repeated on every page of a bundle of agreements, is content
COLUMN_TOLERANCE = 4.0  # points: column edges of a table continued on the next page
_PAGE_NUMBER = re.compile(
    r"^(?:(?:halaman|hal\.?|page)\s*\d+(?:\s*(?:dari|of|/)\s*\d+)?|[-–—]\s*\d+\s*[-–—]|\d{1,3})$",
    re.IGNORECASE,
)


def _in_margin(line: TextLine, height: float) -> bool:
    if not line.at.bbox or not height:
        return False
    return line.at.bbox[1] < HEADER_ZONE * height or line.at.bbox[3] > (1 - MARGIN_ZONE) * height


def _edge_lines(read: PageRead) -> list[TextLine]:
    """The first two and last two items of a page when they are text lines in the margin zones."""
    ends = [*read.items[:2], *read.items[-2:]]
    return [i for i in ends if isinstance(i, TextLine) and _in_margin(i, read.height)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def drop_running_lines(reads: list[PageRead]) -> list[PageRead]:
    """Drop page numbers (`Halaman 2 dari 5`, `- 2 -`) and lines repeated at the top/bottom of most pages."""
    pages: dict[str, set[int]] = {}
    for r in reads:
        for t in {id(x): x for x in _edge_lines(r)}.values():
            pages.setdefault(_norm(t.text), set()).add(r.number)
    # a running line is on most pages, pages in a row among them; a signature block repeated on
    # the first and the last page of three (`Pembina Utama Madya`, its NIP) is not
    repeated = {text for text, on in pages.items()
                if len(on) >= 2 and len(on) > len(reads) / 2 and any(n + 1 in on for n in on)}
    out = []
    for read in reads:
        edges = {id(x) for x in _edge_lines(read)}
        kept = tuple(
            item
            for item in read.items
            if not (
                isinstance(item, TextLine)
                and (
                    (
                        id(item) in edges
                        and (_norm(item.text) in repeated or _PAGE_NUMBER.match(_norm(item.text)))
                    )
                    or re.match(r"^(halaman|page)\s+\d+\s+(dari|of)\s+\d+$", _norm(item.text), re.IGNORECASE)
                )
            )
        )
        out.append(replace(read, items=kept))
    return out


def _same_columns(a: FoundGrid, b: FoundGrid) -> bool:
    if a.grid.width != b.grid.width or len(a.edges) != len(b.edges):
        return False
    # left edges only: without rules, a table's right end is wherever its longest line stops
    return all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a.edges[:-1], b.edges[:-1], strict=True))


def _row_key(row: Sequence[Cell]) -> tuple[str, ...]:
    """A row's texts without whitespace: a header word broken in a narrow column may be glued
    back on one page and not on the next (`Keteranga`/`n`), and it is the same header."""
    return tuple("".join(c.text.split()) for c in row)


def _repeated_header_depth(first: Grid, cont: Grid) -> int:
    """How many leading rows of the continuation repeat the table's header (0–3)."""
    for depth in (3, 2, 1):
        if min(len(cont.rows), len(first.rows)) <= depth:
            continue
        if all(_row_key(a) == _row_key(b) for a, b in zip(first.rows, cont.rows[:depth], strict=False)):
            return depth
    return 0


def _is_split_row(last: Sequence[Cell], nxt: Sequence[Cell]) -> bool:
    """The continuation's first row ends the previous page's last row: no number where rows start.

    The last row's number may stand in a second `NO` column (a goal's second
    indicator: ` | | 2 | …`); Word and LibreOffice break such a row over the page too.
    """
    if nxt[0].text.strip() or not any(ROW_NUMBER.match(c.text.strip()) for c in last):
        return False
    return not any(ROW_NUMBER.match(c.text.strip()) for c in nxt)


def join_grids(first: FoundGrid, cont: FoundGrid) -> FoundGrid:
    """One grid from a table and its continuation on the next page."""
    rows = list(first.grid.rows)
    more = list(cont.grid.rows[_repeated_header_depth(first.grid, cont.grid) :])
    if more and rows and _is_split_row(rows[-1], more[0]):
        merged = tuple(
            Cell("\n".join(t for t in (a.text, b.text) if t), a.at)
            for a, b in zip(rows[-1], more[0], strict=True)
        )
        rows[-1] = merged
        more = more[1:]
    grid = replace(first.grid, rows=tuple(rows + more))
    return replace(first, grid=grid)


def _continues(prev: list[Item], cur: list[Item]) -> bool:
    """A page that opens with a table shaped like the one that closed the page before."""
    if not (prev and cur and isinstance(prev[-1], FoundGrid) and isinstance(cur[0], FoundGrid)):
        return False
    return _same_columns(prev[-1], cur[0])


def stitch_tables(reads: list[PageRead]) -> tuple[Page, ...]:
    items = [list(r.items) for r in reads]
    for k in range(len(items) - 1, 0, -1):  # back to front, so a table over three pages chains
        prev, cur = items[k - 1], items[k]
        if _continues(prev, cur):
            prev[-1] = join_grids(prev[-1], cur.pop(0))
    return tuple(
        Page(number=r.number, blocks=tuple(_block(i) for i in its))
        for r, its in zip(reads, items, strict=True)
    )


def _block(item: Item) -> Block:
    return item.grid if isinstance(item, FoundGrid) else item
