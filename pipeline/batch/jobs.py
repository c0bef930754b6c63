"""What the runners (local child processes, Dask) hand each other: a job, its outcome, and the
row of a file that failed before or outside its extractor.

Shared by `run.py` and `dask_run.py`, so neither imports the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors import __version__
from extractors.model.findings import Finding, error
from extractors.model.records import DocumentResult, DocumentRow, FileResult
from extractors.model.settings import Settings
from pipeline.batch.discover import InputFile


@dataclass(frozen=True)
class Job:
    index: int
    file: InputFile
    doc_id: str


@dataclass(frozen=True)
class Done:
    result: FileResult
    seconds: float
    cacheable: bool  # the worker returned normally; a timeout or crash is never cached


# --- failed rows ---------------------------------------------------------------------------


def guess_format(data: bytes) -> str:
    return "pdf" if b"%PDF" in data[:1024] else "text"


def failed_result(
    doc_id: str, source_file: str, source_format: str, finding: Finding
) -> FileResult:
    row = DocumentRow(
        doc_id=doc_id,
        source_file=source_file,
        source_format=source_format,
        ocr=False,
        status="failed",
        pipeline_version=__version__,
        file_id=doc_id,
        part=1,
    )
    return FileResult((DocumentResult(document=row, findings=(finding,)),))


def timeout_finding(settings: Settings) -> Finding:
    limit = f"{settings.timeout_seconds:g}"
    return error(
        "timeout",
        f"Extraction took longer than {limit} s and was stopped; raise --timeout "
        "or split the file.",
    )


def crash_finding(kind: str, message: str) -> Finding:
    return error(
        "extractor_crashed",
        f"The extractor failed with {kind}: {message} (a bug in the pipeline, please report it "
        "with this file); the rest of the batch was extracted.",
    )
