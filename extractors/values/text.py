"""Cell text as written -> clean text: markup, LaTeX from converters, spacing."""

from __future__ import annotations

import html
import unicodedata

import regex as re

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_LATEX = {
    "geq": "≥",
    "ge": "≥",
    "leq": "≤",
    "le": "≤",
    "neq": "≠",
    "ne": "≠",
    "times": "×",
}
_LATEX_CMD = re.compile(r"\\(geq|leq|neq|times|ge|le|ne)(?![A-Za-z])")
_MATH_DOLLARS = re.compile(r"\$\s*([≥≤≠×])\s*\$")
_SPACE = re.compile(r"\s+")


def clean_text(s: str | None) -> str | None:
    """NFKC, no simple HTML tags or LaTeX comparators, single spaces; "" -> None.

    Measurement cells come from web forms (``<p>``) and LaTeX exports (``\\geq``), and
    PDFs carry mathematical-italic letters, so all text is normalised the same way.
    """
    if s is None:
        return None
    text = unicodedata.normalize("NFKC", s)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _LATEX_CMD.sub(lambda m: _LATEX[m.group(1)], text)
    text = _MATH_DOLLARS.sub(r"\1", text)
    text = _SPACE.sub(" ", text).strip()
    return text or None
