"""One file in, one FileResult out: the worker every runner (serial, pool, cluster) maps.

The stages in the order the data flows: a reader turns the bytes into a Layout
(`readers/`), the layout is cut into agreements (`segment/`), the domain parsers
turn each agreement into rows (`parsers/`), and the checks hold the rows against the pages
(`checks/`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from extractors import __version__
from extractors.checks.document import check_agreement
from extractors.model.layout import Layout
from extractors.model.records import DocumentResult, DocumentRow, FileResult
from extractors.model.settings import Settings
from extractors.parsers.agreement import parse_agreement
from extractors.parsers.meta import post_heading
from extractors.parsers.parties import parse_parties
from extractors.parsers.provenance import with_sources
from extractors.readers import read_bytes
from extractors.segment.bundles import cut_pieces, split_agreements


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def part_id(file_id: str, part: int) -> str:
    """The contract's doc_id of the part-th agreement of a file: `<file id>`, `<file id>-2`, …"""
    return file_id if part == 1 else f"{file_id}-{part}"


def extract_file(data: bytes, source_file: str, settings: Settings) -> FileResult:
    """Read and parse one input into its agreements. Never raises for bad input: problems
    become findings."""
    file_id = doc_id_of(data)
    layout = read_bytes(data, source_file, settings)
    if not layout.pages:
        document = DocumentRow(
            doc_id=file_id,
            source_file=source_file,
            source_format=layout.source_format,
            ocr=layout.ocr,
            status="failed",
            page_count=layout.page_count,
            pipeline_version=__version__,
            file_id=file_id,
            part=1,
        )
        return FileResult((DocumentResult(document=document, findings=layout.findings),))
    return parse_file(layout, file_id, source_file)


def parse_file(layout: Layout, file_id: str, source_file: str) -> FileResult:
    """A read file's Layout -> the rows of each agreement it holds.

    The parties of each piece are parsed once: their names decide how the pieces group
    into agreements, and an agreement that is one whole piece keeps them as its rows.
    """
    pieces = cut_pieces(layout)
    parties = [parse_parties(list(piece.lines()), "") for piece in pieces]
    names = [{p.role: p.name for p in found.rows if p.name} for found in parties]
    for own, piece in zip(names, pieces, strict=True):
        post = post_heading(list(piece.lines()))
        if post:
            own["post"] = post
    parts = []
    for k, agreement in enumerate(split_agreements(layout, names), start=1):
        known = parties[agreement.pieces[0]] if agreement.whole else None
        parsed = parse_agreement(agreement.layout, part_id(file_id, k), source_file, known)
        result = check_agreement(agreement.layout, parsed.result, parsed.tables)
        result = with_sources(result, list(agreement.layout.lines()))
        parts.append(replace(result, document=replace(result.document, file_id=file_id, part=k)))
    return FileResult(tuple(parts))


def extract_bytes(data: bytes, source_file: str, settings: Settings) -> DocumentResult:
    """The first (usually the only) agreement of a file: a shorthand for one-agreement files."""
    return extract_file(data, source_file, settings).parts[0]
