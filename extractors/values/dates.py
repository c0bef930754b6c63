"""Signing places and dates: `Jakarta, 2 Januari 2020`, `12-03-2021`, Indonesian and English months."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import regex as re

from extractors.values.text import clean_text

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
