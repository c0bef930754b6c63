"""Text reader: a text rendering of an agreement -> Layout.

Tab-separated lines are table rows; runs of them (blank lines allowed in
between) become one grid, since renderings put blank lines inside tables. Where
one grid holds several tables, the domain parsers split it at header rows.
"""

from __future__ import annotations

import unicodedata

import regex as re

from extractors.model.findings import error
from extractors.model.layout import Cell, Grid, Layout, Page, Span, TextLine

_EMPHASIS = re.compile(r"^\s*\*\*|\*\*\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the bytes are UTF-16 without a byte-order mark, else None.

    Told by the zero bytes: the letters of Indonesian text are ASCII, so one byte
    of each pair is zero (the second in LE, the first in BE) and the other never is.
    """
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    pairs = len(sample) // 2
    zero_first, zero_second = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    if zero_second >= 0.3 and zero_first <= 0.02:
        return "utf-16-le"
    if zero_first >= 0.3 and zero_second <= 0.02:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes -> text, trying UTF-8 (with or without BOM), UTF-16 (by BOM or by its zero bytes),
    then Windows-1252, then Latin-1.

    Returns (text, encoding); text is None when no encoding gives plausible text.
    """
    bomless = utf16_without_bom(data)
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif bomless is not None:
        candidates = [bomless]
        data = data[: len(data) // 2 * 2]  # a cut-off last byte is no reason to refuse the rest
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) <= max(2, len(text) // 200):
            return text, encoding
    return None, ""


def clean_line(raw: str) -> str:
    """NFKC (agreements carry mathematical letters and ligatures) and no Markdown emphasis."""
    text = unicodedata.normalize("NFKC", raw.replace("\u00a0", " "))
    return _EMPHASIS.sub("", text).rstrip(" \r\n\f\v")


def read_text(data: bytes) -> Layout:
    text, _ = decode(data)
    if text is None:
        finding = error(
            "unreadable_file",
            "The file is neither UTF-8 nor Windows-1252 text (it may be mis-encoded or binary); "
            "save it again as UTF-8 text or as PDF.",
        )
        return Layout(pages=(), source_format="text", findings=(finding,))
    blocks: list[TextLine | Grid] = []
    rows: list[tuple[Cell, ...]] = []

    def close_grid() -> None:
        if rows:
            width = max(len(r) for r in rows)
            padded = tuple(
                r + tuple(Cell("", r[0].at) for _ in range(width - len(r))) for r in rows
            )
            blocks.append(Grid(rows=padded, at=padded[0][0].at, method="tabs"))
            rows.clear()

    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = clean_line(raw)
        if "\t" in line:
            at = Span(line=number)
            rows.append(tuple(Cell(clean_line(c).strip(), at) for c in line.split("\t")))
        elif not line.strip():
            continue
        else:
            close_grid()
            blocks.append(TextLine(line.strip(), Span(line=number)))
    close_grid()
    return Layout(pages=(Page(number=None, blocks=tuple(blocks)),), source_format="text")
