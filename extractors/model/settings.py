"""Typed settings, validated once; CLI flags land here."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    timeout_seconds: float = 1200.0  # per file: room for a 200-page scan at ~5 s a page
    ocr_languages: str = "ind+eng"
    ocr_dpi: int = 300
    min_ocr_confidence: float = 70.0  # mean word confidence below this -> low_ocr_confidence
    ocr: bool = True  # False: scanned pages get `ocr_skipped` instead of being OCR'd
    max_memory_bytes: int = 4 * 2**30  # per file (worker address space): a PDF bomb fails, not the machine
    # Scanned pages of one file OCR'd at once (threads: Tesseract releases the GIL). 0: as the
    # cores allow: a batch gives a file the cores its idle workers leave (pipeline/batch/run.py), a
    # file read alone gets them all.
    ocr_threads: int = 0

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        if self.max_memory_bytes <= 0:
            raise ValueError("max_memory_bytes must be positive")
        if not 72 <= self.ocr_dpi <= 600:
            raise ValueError("ocr_dpi must be between 72 and 600")
        if not 0 <= self.min_ocr_confidence <= 100:
            raise ValueError("min_ocr_confidence must be between 0 and 100")
        if self.ocr_threads < 0:
            raise ValueError("ocr_threads must be 0 (as the cores allow) or more")
        if not self.ocr_languages:
            raise ValueError("ocr_languages must name at least one Tesseract model")

    def fingerprint(self) -> str:
        """What of the settings changes the rows (the time and memory limits and the OCR threads
        do not): part of the cache key.

        A file stopped by either limit is never cached, so raising a limit retries it; pages
        read in parallel give the same rows as pages read one by one (tests/readers/test_ocr_pages.py).
        """
        limits = {"timeout_seconds", "max_memory_bytes", "ocr_threads"}
        relevant = {k: v for k, v in asdict(self).items() if k not in limits}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:12]
