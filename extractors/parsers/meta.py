"""Document-level fields: title, letterhead, year, where and when it was signed, the unit."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extractors.model.layout import TextLine
from extractors.model.records import ValueAt
from extractors.segment.headings import form_of, is_heading
from extractors.segment.tables import role_of
from extractors.values import SignedAt, clean_text, parse_signed_at
from extractors.values.names import title_case

_YEAR = re.compile(r"\btahun\s+(?:anggaran\s+)?((?:19|20)\d{2})\b", re.IGNORECASE)
_LETTERHEAD = re.compile(r"^pemerintah\s+(provinsi|kabupaten|kota|daerah)\b", re.IGNORECASE)
_TITLE_TAIL = re.compile(r"^(tahun\s+(anggaran\s+)?\d{4}|\d{4})$", re.IGNORECASE)
_REGION_SUFFIX = re.compile(
    r"\s+(?:pemerintah\s+)?(?:provinsi|propinsi|prov\.)\s+.*$", re.IGNORECASE)
_REGENCY_SUFFIX = re.compile(
    r"\s+(?:kabupaten|kab\.|kota)\s+(?:administrasi\s+)?[\p{L} ]+$", re.IGNORECASE)
_OFFICE = re.compile(r"^(kepala|plt\.?|plh\.?|pj\.?|sekretaris|direktur(\s+utama)?|camat|lurah"
                     r"|inspektur|asisten)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Meta:
    title: str | None
    issuer: str | None
    year: int | None
    signed: SignedAt | None
    headings: tuple[str, ...]  # the lines under the first form heading that name the unit
    read_at: tuple[ValueAt, ...] = ()  # the lines the title, year and signing were read from


def _title(lines: list[TextLine]) -> tuple[int, str] | None:
    for i, line in enumerate(lines[:60]):
        if form_of(line.text) and is_heading(line.text):
            title = line.text
            if i + 1 < len(lines) and _TITLE_TAIL.match(lines[i + 1].text.strip()):
                title = f"{title} {lines[i + 1].text}"
            return i, clean_text(title) or title
    return None


def _issuer(lines: list[TextLine], before: int) -> str | None:
    for i, line in enumerate(lines[:before]):
        if _LETTERHEAD.match(line.text):
            parts = [line.text]
            for nxt in lines[i + 1:min(before, i + 3)]:
                if not nxt.text.isupper() or len(nxt.text) > 60:
                    break
                parts.append(nxt.text)
            text = clean_text(" ".join(parts)) or ""
            return title_case(text) if text.isupper() else text
    return None


def _unit_headings(lines: list[TextLine]) -> tuple[str, ...]:
    """Lines right under a form heading with a year (`PERJANJIAN KINERJA TAHUN 2025` /
    `DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN PRINGSEWU`): they name the unit."""
    for i, line in enumerate(lines):
        if form_of(line.text) and _YEAR.search(line.text):
            found: list[str] = []
            for nxt in lines[i + 1:i + 3]:
                text = nxt.text.strip()
                if (form_of(text) or _kv_like(text) or not text.isupper() or len(text) > 100
                        or nxt.from_grid or _LIST_MARK.match(text) or _table_header(text)):
                    break  # a unit is the unit, never the table or the section under it
                found.append(text)
            if found:
                return tuple(found)
    return ()


_LIST_MARK = re.compile(r"^([IVX]{1,4}|\d{1,2}|[A-Za-z])[.)]\s")


def _table_header(text: str) -> bool:
    """A line of table-header words (`NO SASARAN STRATEGIS INDIKATOR KINERJA TARGET`)."""
    return len({role for word in text.split() if (role := role_of(word))}) >= 2


def _kv_like(text: str) -> bool:
    return bool(re.match(r"^\p{L}[\p{L} ./]{0,24}:", text))


def parse_meta(lines: list[TextLine]) -> Meta:
    title_at = _title(lines)
    issuer = _issuer(lines, title_at[0] if title_at else min(len(lines), 8))
    year = None
    year_line = None
    for line in lines:
        if form_of(line.text):
            m = _YEAR.search(line.text)
            if m:
                year, year_line = int(m.group(1)), line
                break
    signed_line = next((ln for ln in lines if parse_signed_at(ln.text)), None)
    signed = parse_signed_at(signed_line.text) if signed_line else None
    if year is None:
        found = next(((m, ln) for ln in lines[:80] if (m := _YEAR.search(ln.text))), None)
        year, year_line = (int(found[0].group(1)), found[1]) if found else (
            (signed.year, signed_line) if signed else (None, None))
    read_at = [ValueAt(c, line.at, line.text) for c, line in (
        ("title", lines[title_at[0]] if title_at else None), ("year", year_line),
        ("signed_place", signed_line), ("signed_date", signed_line)) if line is not None]
    return Meta(title_at[1] if title_at else None, issuer, year, signed, _unit_headings(lines),
                tuple(read_at))


def post_heading(lines: list[TextLine]) -> str | None:
    """The post a piece's heading names, above its first table or block (`KEPALA SEKSI PROMOSI`
    under the office's name): whose agreement the piece is, where no name says it."""
    for line in lines[:8]:
        text = line.text.strip()
        if line.from_grid or _kv_like(text):
            return None
        if is_heading(text) and text.isupper() and _OFFICE.match(text):
            return text
    return None


def office_heading(headings: tuple[str, ...]) -> str | None:
    """A heading under the title that names a post (`KEPALA SEKSI PERLINDUNGAN`): the first party's."""
    return next((h for h in headings if _OFFICE.match(h.strip())), None)


def unit_name(unit_field: str | None, headings: tuple[str, ...], position: str | None) -> str | None:
    """The first party's unit without the province (or regency) suffix.

    From the `Unit Kerja` field where a block gives one, else the heading under
    the form title, else the position less the office (`Kepala …`). Where a
    heading names the post itself (`KEPALA SEKSI PERLINDUNGAN` under the office's
    name), the post is the first party's: its unit is the post less the office.
    """
    post = office_heading(headings)
    plain = " ".join(h for h in headings if h != post) or None
    from_position = _OFFICE.sub("", position) if position and _OFFICE.match(position) else None
    if post is not None:
        candidates = [unit_field, from_position if position and position != post else None,
                      _OFFICE.sub("", post), plain]
    else:
        candidates = [unit_field, plain, from_position]
    for raw in candidates:
        text = clean_text(raw)
        if not text:
            continue
        text = _REGION_SUFFIX.sub("", re.sub(r"^[^\p{L}]+", "", text)).strip(" ,")  # `[] Rumah …`
        stripped = _REGENCY_SUFFIX.sub("", text).strip(" ,")
        if stripped and stripped != text and not re.match(r"^(kota|kabupaten)\b", text, re.I):
            text = stripped
        if text:
            return title_case(text) if text.isupper() else text
    return None


_REPORT_YEAR = re.compile(r"\btahun(?:\s+anggaran)?\s*:\s*((?:19|20)\d{2})\b", re.IGNORECASE)
_UNIT_FIELD = re.compile(r"^(?:unit\s+kerja|perangkat\s+daerah|opd|skpd)(?:\s+\p{L}+)?\s*:\s*(\p{L}.+)$",
                         re.IGNORECASE)


_OFFICE_WORD = r"(?i:inspektorat|dinas|badan|sekretariat|satuan|kantor|rumah sakit|kecamatan|kelurahan)"
_OFFICE_NAMED = re.compile(
    rf"\b{_OFFICE_WORD}\b[\p{{L}} ,]{{0,80}}?"
    r"\b(?i:kabupaten|kota|provinsi)\s+\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?")
# A table row of the office's own (its subtotal in a realisation report): `DINAS LINGKUNGAN HIDUP`.
_OFFICE_CELL = re.compile(rf"^{_OFFICE_WORD}\s+[\p{{Lu}}\s,.&()/-]{{3,120}}$")
_NOT_NAME = re.compile(r"^(program|urusan|kegiatan|sub)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReportMeta:
    """What a measurement or report (no agreement) says of itself in its first lines."""

    title: str | None
    year: int | None
    unit: str | None


def report_meta(lines: list[TextLine]) -> ReportMeta:
    """The first report heading (`PENGUKURAN KINERJA`, `LAPORAN KINERJA …`), the year of a
    `Tahun Anggaran : 2016` line, the unit of a `Unit Kerja … : …` line."""
    head = lines[:40]
    title = next((clean_text(ln.text) for ln in head if is_heading(ln.text) and not ln.from_grid
                  and re.match(r"^(pengukuran\s+kinerja|laporan\s+(capaian|kinerja|realisasi)|capaian"
                               r"\s+kinerja|realisasi\b)", ln.text, re.IGNORECASE)), None)
    year = next((int(m.group(1)) for ln in head if (m := _REPORT_YEAR.search(ln.text))), None)
    unit = next((m.group(1) for ln in head if (m := _UNIT_FIELD.match(ln.text.strip()))), None)
    if unit is None:  # the office the report's own text names with its region
        unit = next((m.group(0) for ln in lines[:100] if (m := _OFFICE_NAMED.search(ln.text))), None)
    if unit is None:  # else the row a table gives the office itself, in capitals
        unit = next((_office_rows(lines, k) for k, ln in enumerate(lines[:100]) if ln.cells
                     and _OFFICE_CELL.match(text := _first_cell(ln)) and text.isupper()), None)
    return ReportMeta(title, year, unit)


def _first_cell(line: TextLine) -> str:
    return " ".join(next((c for c in line.cells if c.strip()), "").split())


def _office_rows(lines: list[TextLine], k: int) -> str:
    """The office's name from its row, with the rows below it that carry on its words (`BADAN
    KEPEGAWAIAN` / `DAN PENGEMBANGAN` / `SUMBER DAYA` / `MANUSIA`): capitals in the first cell,
    nothing but figures and codes beside them, and words the name does not hold yet (a row
    below that repeats it, `SEKRETARIAT DAERAH`, is a row of its own)."""
    words = [_first_cell(lines[k])]
    for line in lines[k + 1:k + 5]:
        first, rest = _first_cell(line), [c for c in line.cells if c.strip()][1:]
        if (not line.cells or not first.isupper() or _NOT_NAME.match(first) or first in " ".join(words)
                or any(re.search(r"\p{Ll}", c) for c in rest)):
            break
        words.append(first)
    return " ".join(words)
