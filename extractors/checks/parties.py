"""Two parties, each named, and no table-header words where a unit, position or name belongs.

A reader that runs the table's header into the line above it gives a unit such as `Badan …
No Sasaran Strategis Indikator Kinerja Target`: the value is wrong, and the row it came from
was probably cut short too.
"""

from __future__ import annotations

import regex as re

from extractors.model.findings import Finding, error
from extractors.model.records import DocumentResult

_ROLE = {"first": "PIHAK PERTAMA", "second": "PIHAK KEDUA"}
# Header words of performance and budget tables; two of them together, or one of the
# unmistakable ones, is a header run into a value.
_HEADER_WORD = re.compile(r"\b(sasaran|indikator|target|satuan|keterangan|no|tupoksi|triwulan|anggaran)\b",
                          re.IGNORECASE)
_UNMISTAKABLE = {"indikator", "satuan", "keterangan", "tupoksi", "triwulan"}


def header_words(text: str | None) -> list[str]:
    """The table-header words a value holds, when they make it a header run into it."""
    if not text:
        return []
    words = [w.lower() for w in _HEADER_WORD.findall(text)]
    if len(set(words)) >= 2 or set(words) & _UNMISTAKABLE:
        return list(dict.fromkeys(words))
    return []


def unnamed_parties(result: DocumentResult) -> list[Finding]:
    return [error("party_name_missing", f"The {_ROLE.get(p.role, p.role)} block was found but no name "
                  "was read from it; check the opening block and the signature.")
            for p in result.parties if not p.name]


def header_words_in_values(result: DocumentResult) -> list[Finding]:
    values = [("unit", "The unit", result.document.unit)]
    for p in result.parties:
        label = _ROLE.get(p.role, p.role)
        values += [("position", f"The {label}'s position", p.position),
                   ("name", f"The {label}'s name", p.name)]
    findings = []
    for _, label, value in values:
        words = header_words(value)
        if words:
            findings.append(error("header_words_in_value", f"{label} {value!r} holds table-header words "
                                  f"({', '.join(words)}): a table's header was read into it."))
    return findings
