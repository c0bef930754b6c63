"""Headings: the lines that open a part of a file, and what part each opens.

A PK/RK title (`PERJANJIAN KINERJA TAHUN 2016`) opens an agreement or its plan; a
report heading (`PENGUKURAN KINERJA`, `RENCANA AKSI`) opens a table outside the
contract. The cutting stage splits files and tables on them; the parsers read the
title, the year and the unit from the same lines.
"""

from __future__ import annotations

import regex as re

from extractors.model.layout import TextLine

FORM_HEADING = re.compile(r"^(lampiran\s*[:.]?\s*)?(perjanjian|rencana)\s+kinerja\b", re.IGNORECASE)
REPORT_HEADING = re.compile(
    r"^(pengukuran\s+kinerja|laporan\s+(capaian|kinerja)|capaian\s+kinerja|rencana\s+aksi"
    r"|realisasi\b|indikator\s+kinerja\s+utama|keputusan\b)",
    re.IGNORECASE,
)
_HEADING_SMALL_WORDS = frozenset((
    "dan", "dari", "di", "ke", "untuk", "pada", "atas", "dengan", "atau",
    "kinerja", "tahun", "anggaran", "perangkat", "daerah",
))
_KINDS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), what, kind) for p, what, kind in (
    (r"\brencana\s+aksi\b", "a Rencana Aksi (action plan)", "action_plan"),
    (r"\bpengukuran\s+kinerja\b", "a Pengukuran Kinerja (performance measurement)", "measurement"),
    (r"\b(laporan\s+(akuntabilitas\s+)?kinerja|lkjip|lakip|lkip)\b", "a performance report (LKjIP/LAKIP)",
     "report"),
    (r"\b(laporan\s+)?realisasi\b", "a realisation report", "measurement"),
    (r"\b(data\s+)?(pen)?capaian\s+(target\s+)?kinerja\b", "a sheet of achieved targets (capaian kinerja)",
     "measurement"),
    (r"\bindikator\s+kinerja\s+utama\b", "an IKU (key performance indicator) list or decree", "decree"),
    (r"^(keputusan|surat\s+keputusan|peraturan)\b", "a decree or regulation", "decree"),
))
KINDS = ("agreement", "action_plan", "measurement", "report", "decree", "other")
READ_KINDS = frozenset(("agreement", "action_plan", "measurement", "report"))  # the others are refused


def is_heading(text: str) -> bool:
    """A short line set as a heading: capitalised words, no sentence.

    A wrapped cell line (`rencana aksi tahun berjalan`) or a sentence of the
    statement (`Perjanjian Kinerja ini merupakan …`) names no section.
    """
    text = text.strip()
    words = text.split()
    if not words or len(words) > 14 or len(text) > 120 or not text[0].isupper():
        return False
    if text.endswith((",", ";")):
        return False
    lower = [w for w in words if w[0].islower() and w.lower().strip(".,:") not in _HEADING_SMALL_WORDS]
    return len(lower) <= 1


def document_kind(lines: list[TextLine]) -> str | None:
    """What a readable file that is no agreement seems to be, from its first headings.

    The kinds are tried in order over the first fifteen headings, so a Rencana Aksi
    attached to a report (`LKIP TAHUN 2016` / `Lampiran 3` / `Rencana Aksi Tahun 2016`)
    is named for what it holds.
    """
    found = _first_kind(lines)
    return found[0] if found else None


def kind_heading(lines: list[TextLine]) -> str | None:
    """The heading that names a file's kind (`Rencana Aksi Tahun 2016`): its title when it is
    no agreement."""
    found = _first_kind(lines)
    return found[2] if found else None


def kind_of(lines: list[TextLine], agreement: bool = False) -> str:
    """One of KINDS for a file: `agreement` when the caller found a party block or a PK/RK title
    (`agreement`), else the kind its first headings name (`action_plan`, `measurement`, `report`,
    `decree`), else `other`. Only `decree` and `other` files are refused."""
    if agreement:
        return "agreement"
    found = _first_kind(lines)
    return found[1] if found else "other"


_TABLE_KIND_WORDS = re.compile(r"\b(indikator|sasaran|target)\b", re.IGNORECASE)  # a table's header row
_TABLE_KINDS = (  # (a `Rencana Aksi` column also stands in tables of targets that are no plan)
    (re.compile(r"\brealisasi\b", re.IGNORECASE), "a realisation report", "measurement"),
)


def _first_kind(lines: list[TextLine]) -> tuple[str, str, str | None] | None:
    """(description, kind, heading) of the first kind the first fifteen headings name, else of
    a table header row among the first lines that names a realisation (no heading)."""
    headings = [ln.text for ln in lines[:120] if is_heading(ln.text)][:15]
    for pattern, what, kind in _KINDS:
        heading = next((text for text in headings if pattern.search(text)), None)
        if heading is not None:
            return what, kind, heading
    for ln in lines[:120]:  # no heading: a table whose header says it (`Realisasi Kinerja Pada Triwulan`)
        if ln.from_grid and _TABLE_KIND_WORDS.search(ln.text):
            for pattern, what, kind in _TABLE_KINDS:
                if pattern.search(ln.text):
                    return what, kind, None
    return None


def form_of(text: str) -> str | None:
    m = FORM_HEADING.match(text.strip())
    if not m:
        return None
    return "rencana_kinerja" if m.group(2).lower() == "rencana" else "perjanjian_kinerja"
