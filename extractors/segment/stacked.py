"""A header whose cells a page set as several short lines, each read as a row of its own.

A ruled header row whose words are centred vertically (`SASARAN` / `STRATEGIS` beside
`INDIKATOR` / `KINERJA` / `SASARAN`) comes out of a reader as three to six rows of
fragments, none of them a header alone. Stacked column by column they are one. Only an
action plan's header is taken this way (the agreements' tables are read as they were).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex as re

from extractors.model.layout import Cell

_MAX_ROWS = 6
_DATA = re.compile(r"\d")  # a header fragment holds no figures (`(RP.)`, `TW I` aside)


def stacked_header(rows: tuple[tuple[Cell, ...], ...], i: int,
                   read: Callable[[tuple[tuple[Cell, ...], ...], int], Any]) -> tuple[Any, int] | None:
    """(the header, rows it takes) when rows i, i+1, … stacked column by column read (by `read`,
    the header reader) as an action plan's header; None otherwise (at once for a row that is
    no fragment: mixed-case text or figures, a body row)."""
    if not _fragment(rows[i]):
        return None
    for depth in range(2, _MAX_ROWS + 1):
        part = rows[i:i + depth]
        if len(part) < depth or any(_DATA.search(c.text) for r in part for c in r):
            return None
        header = read((_merged(part), *rows[i + depth:]), 0)
        if header is not None and header.kind == "action_plan":
            # the fragments below the words that made it a header are the header's too
            while i + depth < len(rows) and depth < 2 * _MAX_ROWS and _fragment(rows[i + depth]):
                depth += 1
            header = read((_merged(rows[i:i + depth]), *rows[i + depth:]), 0)
            if header is None or header.kind != "action_plan":
                return None
            return header, depth - 1 + header.rows
    return None


def _merged(part: tuple[tuple[Cell, ...], ...]) -> tuple[Cell, ...]:
    width = max(len(r) for r in part)
    return tuple(Cell("\n".join(r[c].text.strip() for r in part if c < len(r) and r[c].text.strip()),
                      part[0][c].at if c < len(part[0]) else part[0][0].at) for c in range(width))


def _fragment(row: tuple[Cell, ...]) -> bool:
    """An empty row, or one of capitalised header words without figures."""
    return all(not c.text.strip() or (c.text.isupper() and not _DATA.search(c.text)) for c in row)
