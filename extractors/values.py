"""Pure parsers for the values written in agreement cells: targets, amounts, numbers, dates.

Agreements are typed by hand in many offices, so every parser here accepts the spellings
seen in real documents and returns None (or ``parsed=False``) rather than raising: the
caller decides which finding to emit.
"""

from __future__ import annotations

import datetime
import html
import math
import unicodedata
from dataclasses import dataclass

import regex as re

__all__ = [
    "MONTHS",
    "SignedAt",
    "TargetValue",
    "clean_text",
    "parse_amount",
    "parse_date_text",
    "parse_int",
    "parse_ksd_no",
    "parse_number",
    "parse_signed_at",
    "parse_target",
]

# --------------------------------------------------------------------------- text


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


# --------------------------------------------------------------------------- numbers

_NUM = r"[-−+]?\d+(?:[.,]\d+)*"
_NUM_RE = re.compile(_NUM)
_THOUSANDS_DOTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def parse_number(text: str) -> float | None:
    """See _parse_number; never returns inf or nan."""
    try:
        value = _parse_number(text)
    except (ValueError, OverflowError):
        return None
    return value if value is not None and math.isfinite(value) else None


def _parse_number(text: str) -> float | None:
    """A target number: comma is decimal, a dot before exactly three digits groups thousands.

    ``88,31`` -> 88.31, ``23.212`` -> 23212, ``1.234,5`` -> 1234.5, ``2.5`` -> 2.5.
    Returns None for anything that is not one such number (``1,234,567``, ``1.5.3``).
    """
    s = text.strip().replace("−", "-")
    sign = 1.0
    if s[:1] in "+-":
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:]
    if not s or not s[0].isdigit():
        return None
    if "," in s:
        intpart, _, frac = s.partition(",")
        if not frac.isdigit():
            return None
        if "." in intpart and not _THOUSANDS_DOTS.fullmatch(intpart):
            return None
        intpart = intpart.replace(".", "")
        if not intpart.isdigit():
            return None
        return sign * float(f"{intpart}.{frac}")
    if "." in s:
        if _THOUSANDS_DOTS.fullmatch(s):
            return sign * float(s.replace(".", ""))
        if re.fullmatch(r"\d+\.\d+", s):
            return sign * float(s)
        return None
    return sign * float(s) if s.isdigit() else None


_SCALES: dict[str, int] = {
    "t": 10**12,
    "triliun": 10**12,
    "trilyun": 10**12,
    "trilliun": 10**12,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "miliyar": 10**9,
    "milliar": 10**9,
    "jt": 10**6,
    "juta": 10**6,
    "rb": 10**3,
    "ribu": 10**3,
}
# Single letters are scales only after "Rp"; spelled-out words are scales on their own.
_SCALE_WORDS = r"triliun|trilyun|trilliun|miliar|milyar|miliyar|milliar|juta|ribu"
_SCALE_SHORT = r"t|m|jt|rb"
_CURRENCY = r"(?:rp|idr)\.?"
_MONEY_TAIL = r"(?:\s*[,.]\s*-+|\s*-+)?"
_SCALED_RP = re.compile(
    rf"{_CURRENCY}\s*(?P<num>{_NUM})\s*(?P<scale>{_SCALE_WORDS}|{_SCALE_SHORT})\.?{_MONEY_TAIL}",
    re.IGNORECASE,
)
_SCALED_WORD = re.compile(
    rf"(?:{_CURRENCY}\s*)?(?P<num>{_NUM})\s*(?P<scale>{_SCALE_WORDS})\.?{_MONEY_TAIL}",
    re.IGNORECASE,
)
_CURRENCY_PREFIX = re.compile(rf"^\s*{_CURRENCY}\s*", re.IGNORECASE)


def _scaled(text: str) -> float | None:
    """``Rp 2,5 M`` / ``750 Juta`` -> rupiah as float, else None."""
    m = _SCALED_RP.fullmatch(text) or _SCALED_WORD.fullmatch(text)
    if not m:
        return None
    num = parse_number(m.group("num"))
    if num is None:
        return None
    return num * _SCALES[m.group("scale").lower()]


def _whole_rupiah(text: str) -> int | None:
    """Digits with thousands separators (either kind) and optional 2-digit decimals, dropped."""
    s = text.strip()
    s = re.sub(r"(?:[,.]\s*-+|-+)$", "", s).strip()  # "...,-" / "...-"
    # Stray spaces next to separators: "9.985.639. 757"
    s = re.sub(r"\s*([.,])\s*", r"\1", s)
    # Spaces as group separators: "8 797 819 537"
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d{2})?", s):
        s = s.replace(" ", ".") if "," in s or "." not in s else s.replace(" ", ",")
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    seps = [c for c in s if c in ".,"]
    if seps:
        last = max(s.rfind("."), s.rfind(","))
        tail = s[last + 1 :]
        mixed = len(set(seps)) > 1
        single = len(seps) == 1
        if (mixed and len(tail) <= 2) or (single and len(tail) == 2):
            s = s[:last]
            seps = seps[:-1]
    if seps and len(set(seps)) > 1:
        return None
    if seps and not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s):
        return None
    return int(re.sub(r"[.,]", "", s))


def parse_amount(raw: str | None) -> int | None:
    """A budget cell -> whole rupiah.

    Budget tables use either separator for thousands (``8,797,819,537`` and
    ``8.797.819.537``), trailing decimals (``,00``, ``,-``) and stray spaces from
    retyping, and sometimes a scale word (``Rp 2,5 M``). Anything else is None.
    """
    try:
        text = clean_text(raw)
        if text is None:
            return None
        scaled = _scaled(text)
        if scaled is not None:
            return round(scaled)
        rest = _CURRENCY_PREFIX.sub("", text)
        if not rest or not rest[0].isdigit():
            return None
        return _whole_rupiah(rest)
    except (ValueError, OverflowError):
        return None


def parse_int(raw: str | None) -> int | None:
    """A row number cell: ``1``, ``1.``, ``(1)``, ``1)``, `` 12 `` -> int; anything else None."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", raw)
    m = re.fullmatch(r"\s*\(?\s*(\d{1,9})\s*(?:\.|\))?\s*", text)
    if not m:
        return None
    if text.strip().startswith("(") and not text.strip().endswith(")"):
        return None
    return int(m.group(1))


_KSD = re.compile(r"\bnomor\s*\(?\s*(\d{1,6})(?!\d)", re.IGNORECASE)


def parse_ksd_no(indicator: str | None) -> int | None:
    """The action-plan (KSD) number cited in an indicator: ``(nomor 20)``, ``nomor (63)``."""
    if not indicator:
        return None
    m = _KSD.search(unicodedata.normalize("NFKC", indicator))
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetValue:
    raw: str | None
    value: float | None
    percent: bool
    label: str | None
    not_applicable: bool
    unit_word: str | None
    parsed: bool


_NOT_APPLICABLE = {
    "n/a",
    "na",
    "n.a",
    "n.a.",
    "-",
    "--",
    "–",
    "—",
    "−",
    "‐",
    "‑",
    "-/-",
    "n/a.",
}
_PERCENT_UNITS = {"%", "persen", "persentase", "percent", "prosentase"}
_PERCENT_WORD = re.compile(r"persen|percent", re.IGNORECASE)

_P = rf"(?P<num>{_NUM})\s*(?P<pct>%)?"
_LABEL_CHARS = r"[^\d()\[\]]*[^\d()\[\]\s]"
_RE_NUMBER = re.compile(rf"{_P}")
_RE_PAREN_NUM_LABEL = re.compile(rf"\(\s*{_P}\s*\)\s*(?P<label>{_LABEL_CHARS})")
_RE_NUM_PAREN_LABEL = re.compile(rf"{_P}\s*\(\s*(?P<label>{_LABEL_CHARS})\s*\)")
_RE_LABEL_PAREN_NUM = re.compile(rf"(?P<label>{_LABEL_CHARS})\s*\(\s*{_P}\s*\)")
_UNIT_TOKEN = r"[^\W\d_][\w²³/.\-]*"
_RE_NUM_UNIT = re.compile(rf"{_P}\s*(?P<unit>{_UNIT_TOKEN}(?:\s+{_UNIT_TOKEN}){{0,3}})")
# `100 dari 110 Organisasi`, `88/100.000 KH`, `7.201 Koleksi dan 28 Naskah`: the first number,
# the rest its unit
# `3 (tiga) Dokumen`: the number spelled out in brackets, then the unit
_RE_NUM_SPELLED_UNIT = re.compile(rf"{_P}\s*\(\s*[\p{{L}}\s]+\)\s*(?P<unit>[^\W\d_][^()\[\]]{{0,60}})")
_RE_NUM_REST = re.compile(rf"{_P}\s*(?P<unit>(?:/\s*\d|[^\W\d_])[^()\[\]]{{0,80}})")
_RE_COMPARATOR = re.compile(
    r"(?P<cmp>≥|≤|>=|<=|=>|=<|>|<|≠|(?:min(?:imal|imum)?|maks(?:imal|imum)?|max(?:imal|imum)?)"
    r"\.?(?=\s|\d))\s*(?P<rest>.+)",
    re.IGNORECASE,
)
_CMP_NORMAL = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤"}
_KNOWN_LABEL_WORDS = {
    "baik",
    "sangat",
    "cukup",
    "kurang",
    "memuaskan",
    "tinggi",
    "sedang",
    "rendah",
    "wajar",
    "tanpa",
    "pengecualian",
    "dengan",
    "ada",
    "tersedia",
    "terlaksana",
    "tercapai",
    "opini",
    "predikat",
    "wtp",
    "wdp",
    "tmp",
    "tw",
}


def _is_percent_unit(unit: str | None) -> bool:
    return bool(unit) and unit.strip().lower() in _PERCENT_UNITS  # type: ignore[union-attr]


def _looks_like_label(text: str) -> bool:
    """A predicate written without a number: ``WTP``, ``BB``, ``Sangat Baik``, ``A+``.

    Capitalised words (or known predicate words) only; lower-case prose such as
    ``sekitar delapan`` is not a label but an unparsed cell.
    """
    if re.search(r"\d", text) or len(text) > 60:
        return False
    words = re.findall(r"[\p{L}]+", text)
    if not words or len(words) > 6:
        return False
    if not re.fullmatch(r"[\p{L}+\-./&()\s]+", text):
        return False
    return all(w[0].isupper() or w.lower() in _KNOWN_LABEL_WORDS for w in words)


def _simple(text: str) -> tuple[float, bool, str | None, str | None] | None:
    """Number forms without comparator: -> (value, has_percent, label, unit_word)."""
    m = _RE_NUMBER.fullmatch(text)
    if m:
        v = parse_number(m.group("num"))
        return None if v is None else (v, bool(m.group("pct")), None, None)
    for rx in (_RE_PAREN_NUM_LABEL, _RE_NUM_PAREN_LABEL, _RE_LABEL_PAREN_NUM):
        m = rx.fullmatch(text)
        if m:
            v = parse_number(m.group("num"))
            label = m.group("label").strip()
            if v is None or not label:
                return None
            return v, bool(m.group("pct")), label, None
    m = _RE_NUM_UNIT.fullmatch(text)
    if m:
        v = parse_number(m.group("num"))
        if v is None:
            return None
        unit = m.group("unit").strip()
        pct = bool(m.group("pct")) or bool(_PERCENT_WORD.fullmatch(unit))
        return v, pct, None, unit
    m = _RE_NUM_SPELLED_UNIT.fullmatch(text) or _RE_NUM_REST.fullmatch(text)
    if m:
        v = parse_number(m.group("num"))
        unit = " ".join(m.group("unit").split())
        return None if v is None else (v, bool(m.group("pct")), None, unit)
    return None


def parse_target(raw: str | None, unit: str | None = None) -> TargetValue:
    """A target cell as written -> value, percent flag, label, n/a flag (see the contract).

    ``parsed`` is False when the cell fits no rule, so the caller can emit a
    ``target_unparsed`` finding; ``raw`` is always kept.
    """
    stripped = raw.strip() if raw is not None else ""
    if not stripped:
        return TargetValue(None, None, False, None, False, None, True)
    unparsed = TargetValue(stripped, None, False, None, False, None, False)
    try:
        text = clean_text(stripped) or ""
        text = text.replace("−", "-")
        unit_pct = _is_percent_unit(unit)
        if text.lower() in _NOT_APPLICABLE:
            return TargetValue(stripped, None, False, None, True, None, True)
        money = _scaled(text)
        if money is None and _CURRENCY_PREFIX.match(text):
            amount = parse_amount(text)
            money = float(amount) if amount is not None else None
            if money is None:
                return unparsed
        if money is not None:
            return TargetValue(stripped, money, False, None, False, None, True)
        simple = _simple(text)
        if simple is not None:
            value, pct, label, unit_word = simple
            return TargetValue(stripped, value, pct or unit_pct, label, False, unit_word, True)
        m = _RE_COMPARATOR.fullmatch(text)
        if m:
            cmp = _CMP_NORMAL.get(m.group("cmp"), m.group("cmp"))
            inner = _simple(m.group("rest").strip())
            if inner is not None and inner[2] is None:
                value, pct, _, unit_word = inner
                return TargetValue(stripped, value, pct or unit_pct, cmp, False, unit_word, True)
            return unparsed
        if _looks_like_label(text):
            return TargetValue(stripped, None, False, text, False, None, True)
        return unparsed
    except (ValueError, OverflowError):
        return unparsed


# --------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agt": 8,
    "agu": 8,
    "agus": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "nopember": 11,
    "november": 11,
    "nop": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}


@dataclass(frozen=True)
class SignedAt:
    place: str | None
    date: datetime.date | None
    year: int | None


_DATE = (
    r"(?:(?i:tanggal|tgl\.?)\s*)?"
    r"(?:(?P<day>\d{1,2})\s*(?:[-/.]\s*(?P<mnum>\d{1,2})\s*[-/.]|\s+(?P<month1>\p{L}+)\.?\s+)"
    r"|(?P<month2>\p{L}+)\.?\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?!\d)"
)
_PLACE = r"(?P<place>\p{Lu}[\p{L}.'\-]*(?:\s+\p{Lu}[\p{L}.'\-]*){0,3})"
_SIGNED = re.compile(rf"{_PLACE}\s*,\s*{_DATE}")
_DATE_ONLY = re.compile(rf"{_DATE}[\s.,]*")


def _date_parts(m: re.Match) -> tuple[datetime.date | None, int, bool]:
    """(date or None, year, ok); ok is False when a month word is not a month."""
    year = int(m.group("year"))
    month_word = m.group("month1") or m.group("month2")
    month: int | None = None
    if month_word is not None:
        month = MONTHS.get(month_word.lower())
        if month is None:
            return None, year, False
    elif m.group("mnum") is not None:
        month = int(m.group("mnum"))
    day = m.group("day")
    if day is None or month is None:
        return None, year, True
    try:
        return datetime.date(year, month, int(day)), year, True
    except ValueError:
        return None, year, True


def parse_signed_at(line: str) -> SignedAt | None:
    """``Jakarta, 31 Januari 2020`` -> place, date (None without a day), year.

    Signature lines often leave the day blank (``Manado,      Januari 2021``) for a wet
    signature; the year is still known. Text after the year is ignored.
    """
    text = clean_text(line.replace("*", " ")) if line else None
    if not text:
        return None
    text = re.sub(r"(?<=,)\s*[.…_]{3,}\s*", " ", text)  # `Bandung, ........ 2016`: day and month left blank
    m = _SIGNED.match(text)
    if not m:
        return None
    date, year, ok = _date_parts(m)
    if not ok:
        return None
    return SignedAt(m.group("place"), date, year)


def parse_date_text(text: str) -> datetime.date | None:
    """``31 Januari 2020`` (the whole text) -> date; None when no day or not a date."""
    cleaned = clean_text(text) if text else None
    if not cleaned:
        return None
    m = _DATE_ONLY.fullmatch(cleaned)
    if not m:
        return None
    date, _, _ = _date_parts(m)
    return date
