"""One file in, one FileResult out: the worker every runner (serial, pool, cluster) maps."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from extractors import __version__
from extractors.agreement import parse_agreement
from extractors.bundles import split_agreements
from extractors.layout import Layout
from extractors.readers import read_bytes
from extractors.records import DocumentResult, DocumentRow, FileResult
from extractors.settings import Settings


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
    """A read file's Layout -> the rows of each agreement it holds."""
    parts = []
    for k, piece in enumerate(split_agreements(layout), start=1):
        result = parse_agreement(piece, part_id(file_id, k), source_file)
        parts.append(replace(result, document=replace(result.document, file_id=file_id, part=k)))
    return FileResult(tuple(parts))


def extract_bytes(data: bytes, source_file: str, settings: Settings) -> DocumentResult:
    """The first (usually the only) agreement of a file: a shorthand for one-agreement files."""
    return extract_file(data, source_file, settings).parts[0]
