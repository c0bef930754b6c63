"""Which documents of a batch need a person's look, worst first: errors, then warnings, then
pages read by OCR with low confidence (the order the review page lists them in)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

LOW_OCR = "low_ocr_confidence"


@dataclass(frozen=True)
class Triage:
    documents: int
    errors: int  # documents with at least one error finding
    warnings: int  # documents with warnings and no error
    low_ocr: int  # documents with a page read by OCR with low confidence (a warning)

    @property
    def to_review(self) -> int:
        return self.errors + self.warnings

    def line(self, parsed: Path) -> str:
        """The end-of-run words: how many to look at, and how to open the review page."""
        if not self.to_review:
            return f"needs review: none of {self.documents} documents has an error or a warning"
        return (f"needs review: {self.to_review} of {self.documents} documents ({self.errors} with "
                f"errors, {self.warnings} with warnings, {self.low_ocr} of them read by OCR with low "
                f"confidence); open the review page with `make review` or "
                f"`python -m pipeline review --parsed {parsed}`")


def triage(parsed: Path) -> Triage | None:
    """The counts for the batch in `parsed/`; None when its tables cannot be read."""
    try:
        # ParquetFile, not read_table: the dataset layer would import pandas (0.5 s at every run's end)
        documents = pq.ParquetFile(parsed / "documents.parquet").read(columns=["doc_id"]).column(0)
        findings = pq.ParquetFile(parsed / "findings.parquet").read(columns=["doc_id", "severity", "code"])
    except (OSError, KeyError, ValueError):
        return None
    errors: set[str] = set()
    warned: set[str] = set()
    low: set[str] = set()
    for doc_id, severity, code in zip(*(findings.column(c).to_pylist()
                                        for c in ("doc_id", "severity", "code")), strict=True):
        if severity == "error":
            errors.add(doc_id)
        elif severity == "warning":
            warned.add(doc_id)
            if code == LOW_OCR:
                low.add(doc_id)
    return Triage(len(documents), len(errors), len(warned - errors), len(low))
