"""One file in, one DocumentResult out: the worker every runner (serial, pool, cluster) maps."""

from __future__ import annotations

import hashlib

from extractors import __version__
from extractors.agreement import parse_agreement
from extractors.findings import Finding
from extractors.readers import read_bytes
from extractors.records import DocumentResult, DocumentRow
from extractors.settings import Settings


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def status_of(findings: tuple[Finding, ...], failed: bool) -> str:
    if failed:
        return "failed"
    return "partial" if any(f.severity == "error" for f in findings) else "ok"


def extract_bytes(data: bytes, source_file: str, settings: Settings) -> DocumentResult:
    """Read and parse one input. Never raises for bad input: problems become findings."""
    doc_id = doc_id_of(data)
    layout = read_bytes(data, source_file, settings)
    if not layout.pages:
        document = DocumentRow(
            doc_id=doc_id,
            source_file=source_file,
            source_format=layout.source_format,
            ocr=layout.ocr,
            status="failed",
            page_count=layout.page_count,
            pipeline_version=__version__,
        )
        return DocumentResult(document=document, findings=layout.findings)
    return parse_agreement(layout, doc_id, source_file)
