"""Where every value was read: the rows' `read_at` made into the `sources` table.

Table values carry the cell they came from (the parsers note it as they read). Prose values
(a title, a signing place, a party's name in its opening block) are found again on the lines
the agreement was read from, so a reviewer sees the line they stand on. A value with no place
of its own falls back on its row's first cell; the box is in PDF points for PDFs and scans
alike (OCR boxes are converted by the reader), absent for Word files and text, whose line
(paragraph / table row) stands in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import regex as re

from extractors.model.layout import Span, TextLine
from extractors.model.records import (
    KEY_COLUMNS,
    DocumentResult,
    SourceRow,
    ValueAt,
    output_fields,
    row_key,
)

TABLES = ("documents", "parties", "indicators", "targets", "budgets", "actions", "results")
_NOT_VALUES = frozenset(("doc_id", "page", "line", "source_file", "source_format", "ocr", "status",
                         "page_count", "pipeline_version", "file_id", "part", "kind"))
_MONTHS = (r"(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober"
           r"|nopember|november|desember)")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\p{L}\p{N}]+", " ", text.casefold()).split())


def _find(lines: Sequence[TextLine], text: str | None) -> TextLine | None:
    """The first line holding the value: its first six words, else (a value wrapped over
    lines, a heading broken in two) its first three."""
    if not text:
        return None
    for words in (6, 3):
        want = " ".join(_norm(text).split()[:words])
        found = next((ln for ln in lines if want and want in _norm(ln.text)), None)
        if found is not None:
            return found
    return None


def _narrowed(line: TextLine, text: str) -> Span:
    """The line's box, narrowed to the stretch holding the value on a side-by-side line."""
    want = " ".join(_norm(text).split()[:3])
    part = next((p for p in line.parts if want and want in _norm(p.text)), None)
    if part is None or line.at.bbox is None:
        return line.at
    _, top, _, bottom = line.at.bbox
    return replace(line.at, bbox=(part.x0, top, part.x1, bottom))


def _prose(lines: Sequence[TextLine], wanted: Iterable[tuple[str, str | None]],
           known: tuple[ValueAt, ...]) -> tuple[ValueAt, ...]:
    have = {v.column for v in known}
    found = list(known)
    for column, text in wanted:
        if column in have or not text:
            continue
        line = _find(lines, text)
        if line is not None:
            found.append(ValueAt(column, _narrowed(line, text), line.text))
    return tuple(found)


def _document_wanted(doc: Any, lines: Sequence[TextLine]) -> list[tuple[str, str | None]]:
    signed = None
    if doc.signed_place:
        signed = next((ln.text for ln in lines if re.search(
            rf"{re.escape(doc.signed_place)}\s*,\s*(\d{{1,2}}\s+)?({_MONTHS}|\d{{4}})", ln.text,
            re.IGNORECASE)), None)
    year = f"tahun {doc.year}" if doc.year else None
    if year and _find(lines, year) is None:
        year = str(doc.year)
    region = doc.regency or doc.province
    region_text = re.sub(r"^(kabupaten|kota(\s+administrasi)?|provinsi)\s+", "", region or "",
                         flags=re.IGNORECASE) or None
    return [("title", doc.title), ("issuer", doc.issuer), ("year", year), ("unit", doc.unit),
            ("signed_place", signed), ("signed_date", signed if doc.signed_date else None),
            ("regency", region_text if doc.regency else None), ("province", region_text or doc.unit),
            ("region_code", region_text or doc.unit)]


def located(result: DocumentResult, lines: Sequence[TextLine]) -> DocumentResult:
    """The document's and the parties' values found on the lines they were read from."""
    doc = result.document
    doc = replace(doc, read_at=_prose(lines, _document_wanted(doc, lines), doc.read_at))
    parties = tuple(replace(p, read_at=_prose(lines, [
        ("name", p.name), ("degrees", p.name if p.degrees else None), ("position", p.position),
        ("acting", (p.position or p.name) if p.acting is not None else None), ("rank", p.rank)],
        p.read_at))
        for p in result.parties)
    return replace(result, document=doc, parties=parties)


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _source(doc_id: str, table: str, key: str, column: str, at: Span, raw: str | None) -> SourceRow:
    x0, top, x1, bottom = at.bbox if at.bbox else (None, None, None, None)
    return SourceRow(doc_id, table, key, column, at.page, x0, top, x1, bottom, at.line, raw)


def source_rows(result: DocumentResult) -> tuple[SourceRow, ...]:
    """One row per value of the document's tables, in table order, then row and column order."""
    doc_id = result.document.doc_id
    out: list[SourceRow] = []
    for table in TABLES:
        rows = (result.document,) if table == "documents" else getattr(result, table)
        keys = set(KEY_COLUMNS[table]) | _NOT_VALUES
        for row in rows:
            places = {v.column: v for v in row.read_at}
            star = places.get("*")
            own_at = Span(getattr(row, "page", None), getattr(row, "line", None))
            key = row_key(table, row)
            for f in output_fields(type(row)):
                value = getattr(row, f.name)
                if f.name in keys or value is None or value == ():
                    continue
                place = places.get(f.name)
                if place is not None:
                    out.append(_source(doc_id, table, key, f.name, place.at, place.raw))
                elif star is not None:
                    out.append(_source(doc_id, table, key, f.name, star.at, star.raw or _text(value)))
                elif table != "documents" and (own_at.page or own_at.line):
                    out.append(_source(doc_id, table, key, f.name, own_at, _text(value)))
    return tuple(out)


def with_sources(result: DocumentResult, lines: Sequence[TextLine]) -> DocumentResult:
    """The result with its `sources` rows: the last step of reading an agreement."""
    if result.document.status == "failed":
        return result
    placed = located(result, lines)
    return dataclasses.replace(placed, sources=source_rows(placed))
