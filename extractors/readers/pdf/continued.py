"""Unruled tables over a page break: the top of a page read in the columns of the table that ended
the page before.

Word and LibreOffice break a row over the page and repeat the header rows on
the next page. When that page holds only the repeated header and the row's tail
(the table's last row), nothing on the page itself says where its columns are:
header words are centred, the tail is one column's text. (Four columns of header
words read alone may even make a grid of their own: it is dropped as the repeat.) Read alone, those
lines would be running text outside the table, and a tail line such as
`rencana aksi tahun berjalan` would even read as a heading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from extractors.model.layout import TextLine
from extractors.readers.words.model import FoundGrid, Obj, PageRead, center, inside
from extractors.readers.words.unruled import font_size, grid_in_columns, visual_lines

UNRULED = "pdfplumber-text"
BROKEN_OFF = 0.7  # a table broken over a page reaches below 70% of its page
HEADER_LINES = 4  # a repeated header takes at most this many lines


def continue_unruled(reads: list[PageRead]) -> list[PageRead]:
    """Each page's leading text lines that continue the unruled table ending the page before,
    turned into a grid in that table's columns (its repeated header dropped), so that
    stitching joins it to the table."""
    out = list(reads)
    for k in range(1, len(out)):
        table = _broken_off_table(out[k - 1])
        if table is not None:
            out[k] = _continued(out[k], table)
    return out


def _broken_off_table(read: PageRead) -> FoundGrid | None:
    last = read.items[-1] if read.items else None
    if not isinstance(last, FoundGrid) or last.grid.method != UNRULED or not last.grid.at.bbox:
        return None
    return last if last.grid.at.bbox[3] >= BROKEN_OFF * read.height else None


def _chars(texts: Iterable[str]) -> Counter[str]:
    return Counter(ch for text in texts for ch in text if not ch.isspace())


def _header_lines(lines: list[list[Obj]], table: FoundGrid) -> int:
    """How many of the leading lines repeat the table's header rows (same characters)."""
    rows = table.grid.rows
    headers = [_chars(c.text for row in rows[:d] for c in row) for d in range(1, min(3, len(rows)) + 1)]
    for m in range(min(HEADER_LINES, len(lines)), 0, -1):
        if _chars(w["text"] for ws in lines[:m] for w in ws) in headers:
            return m
    return 0


def _repeats_header(item: object, table: FoundGrid) -> bool:
    """A grid the page's own reading made of the repeated header alone (its centred words taken
    for columns): the same characters as the table's first header rows."""
    if not isinstance(item, FoundGrid) or item.grid.method != UNRULED:
        return False
    rows = table.grid.rows
    headers = [_chars(c.text for row in rows[:d] for c in row) for d in range(1, min(3, len(rows)) + 1)]
    return _chars(c.text for row in item.grid.rows for c in row) in headers


def _continued(read: PageRead, table: FoundGrid) -> PageRead:
    items = list(read.items)
    header = items[0] if items and _repeats_header(items[0], table) else None
    lead = []
    for item in items[1:] if header is not None else items:
        if not isinstance(item, TextLine):
            break
        lead.append(item)
    boxes = [ln.at.bbox for ln in lead if ln.at.bbox]
    words = [w for w in read.loose if any(inside(center(w), box) for box in boxes)]
    if not words:
        return read
    lines = visual_lines(words)
    skip = 0 if header is not None else _header_lines(lines, table)
    size = font_size(words)
    taken: list[list[Obj]] = []
    for ws in lines[skip:]:
        previous = taken[-1] if taken else None
        if previous and min(w["top"] for w in ws) - max(w["bottom"] for w in previous) > size:
            break  # a blank line: the table has ended
        if grid_in_columns([ws], table.edges, size, read.number) is None:
            break
        taken.append(ws)
    found = grid_in_columns(taken, table.edges, size, read.number)
    if found is None:
        return read
    used = {id(w) for ws in [*lines[:skip], *taken] for w in ws}
    consumed = {id(ln) for ln in lead if any(id(w) in used for w in _words_in(ln, words))}
    consumed |= {id(header)} if header is not None else set()
    rest = [i for i in read.items if id(i) not in consumed]
    return replace(read, items=(found, *rest))


def _words_in(line: TextLine, words: list[Obj]) -> list[Obj]:
    box = line.at.bbox
    return [w for w in words if box and inside(center(w), box)]

