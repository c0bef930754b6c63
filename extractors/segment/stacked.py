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


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def spread_header(rows: tuple[tuple[Cell, ...], ...], i: int, header: Any, above: bool,
                  read: Callable[[tuple[tuple[Cell, ...], ...], int], Any]) -> tuple[Any, int, int]:
    """(the header, rows above it, rows below it) once the words a tall header cell set on rows of
    their own (`Capaian s.d.` above `No | Indikator | Target`, `Triwulan IV 2016` below) are put
    back into it. A row is such a fragment when it writes only where the header row leaves a
    cell empty, in a few words and no figure but a year; it is taken only when it names a column
    the header did not have, and names each once (a target and a realisation per year is a
    multi-year table no measurement reader takes). `above`: whether rows[i - 1] is still free."""
    if header.rows != 1:
        return header, 0, 0
    row = rows[i]
    empty = {c for c, cell in enumerate(row) if not cell.text.strip()}

    def fragment(r: tuple[Cell, ...]) -> bool:
        texts = [(c, cell.text.strip()) for c, cell in enumerate(r) if cell.text.strip()]
        return bool(texts) and all(c in empty and len(t.split()) <= 6 and not _DATA.search(_YEAR.sub("", t))
                                   for c, t in texts)

    up = 1 if above and i > 0 and fragment(rows[i - 1]) else 0
    down = 0
    while down < 2 and i + 1 + down < len(rows) and fragment(rows[i + 1 + down]):
        down += 1
    if not up and not down:
        return header, 0, 0
    merged = _merged(rows[i - up:i + 1 + down])
    spread = read((merged, *rows[i + 1 + down:]), 0)
    named = {r for r in header.roles if r}
    roles = [r for r in spread.roles if r] if spread is not None else []
    if spread is None or not set(roles) - named or spread.rows != 1 or len(roles) != len(set(roles)):
        return header, 0, 0
    return spread, up, down
