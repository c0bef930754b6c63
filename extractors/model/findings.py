"""Findings: problems the pipeline collects as values instead of raising.

Codes are stable snake_case strings; users filter on them, so never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    page: int | None = None
    line: int | None = None


def error(code: str, message: str, page: int | None = None, line: int | None = None) -> Finding:
    return Finding(code, "error", message, page, line)


def warning(code: str, message: str, page: int | None = None, line: int | None = None) -> Finding:
    return Finding(code, "warning", message, page, line)


def info(code: str, message: str, page: int | None = None, line: int | None = None) -> Finding:
    """Worth knowing, not a problem: a reviewer's correction applied."""
    return Finding(code, "info", message, page, line)
