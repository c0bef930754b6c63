"""Civil-servant numbers (NIP): find them in a line and decode the 18 digits.

A NIP is ``YYYYMMDD`` birth date, ``YYYYMM`` appointment (TMT CPNS), one gender digit and
a three-digit serial. PPPK (contract) staff carry ``21`` or ``24`` where the month would be.
Decoding lets the pipeline flag mistyped numbers instead of passing them on silently.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

import regex as re

__all__ = ["NIP_LENGTH", "NipInfo", "find_nip", "parse_nip"]

NIP_LENGTH = 18
_PPPK_MONTHS = {"21", "24"}
_MIN_BIRTH_YEAR = 1900
_MIN_APPOINTMENT_AGE = 15
_GENDERS = {"1": "male", "2": "female"}


@dataclass(frozen=True)
class NipInfo:
    nip: str | None
    birth_date: datetime.date | None
    appointed: str | None
    gender: str | None
    valid: bool | None
    problem: str | None


def _birth_date(digits: str) -> datetime.date | None:
    """Digits 1–8 as a date, when they form one in a plausible year."""
    if len(digits) < 8:
        return None
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    if not _MIN_BIRTH_YEAR <= year <= datetime.date.today().year:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _appointment(digits: str, birth: datetime.date | None) -> tuple[str | None, str | None]:
    """Digits 9–14 -> ("YYYY-MM" or "YYYY" for PPPK, None) or (None, why it is impossible)."""
    if len(digits) < 14:
        return None, None
    year_text, month_text = digits[8:12], digits[12:14]
    year = int(year_text)
    latest = datetime.date.today().year + 1
    earliest = (birth.year if birth else _MIN_BIRTH_YEAR) + _MIN_APPOINTMENT_AGE
    if year > latest:
        return None, f"its appointment year {year_text} (digits 9–12) lies in the future"
    if year < earliest:
        if birth:
            why = (
                f"its appointment year {year_text} (digits 9–12) is before the holder, "
                f"born {birth.year}, turned {_MIN_APPOINTMENT_AGE}"
            )
        else:
            why = f"its appointment year {year_text} (digits 9–12) is implausibly early"
        return None, why
    if month_text in _PPPK_MONTHS:
        return year_text, None
    if not 1 <= int(month_text) <= 12:
        return None, f"its appointment month {month_text} (digits 13–14) is no month"
    return f"{year_text}-{month_text}", None


def parse_nip(raw: str | None) -> NipInfo:
    """Decode a NIP; ``valid`` False with a ``problem`` sentence when it cannot be right.

    Parts that make sense are filled even when another part is wrong, so a reader can
    still see e.g. the birth date of a NIP with a bad gender digit. For a NIP of the
    wrong length the parts are read from the positions they would have (digits present).
    """
    if raw is None:
        return NipInfo(None, None, None, None, None, None)
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", raw))
    if not digits:
        return NipInfo(None, None, None, None, None, None)
    problems: list[str] = []
    if len(digits) != NIP_LENGTH:
        problems.append(f"it has {len(digits)} digits; a NIP has {NIP_LENGTH}")
    birth = _birth_date(digits)
    if birth is None and len(digits) >= 8:
        problems.append(f"its birth date {digits[:8]} (digits 1–8) is no possible date")
    appointed, why = _appointment(digits, birth)
    if why:
        problems.append(why)
    gender: str | None = None
    if len(digits) >= 15:
        gender = _GENDERS.get(digits[14])
        if gender is None:
            problems.append(f"its gender digit {digits[14]} (digit 15) is neither 1 nor 2")
    if not problems:
        return NipInfo(digits, birth, appointed, gender, True, None)
    problem = f"NIP {digits}: " + "; ".join(problems) + "; check it against the signed document."
    if len(problems) == 1 and len(digits) != NIP_LENGTH:
        problem = f"NIP {digits} has {len(digits)} digits; a NIP has {NIP_LENGTH}."
    return NipInfo(digits, birth, appointed, gender, False, problem)


_FIND = re.compile(r"\bNIP\b\s*\.?\s*:?\s*(?P<num>\d[\d \t.]*)", re.IGNORECASE)


def find_nip(text: str) -> str | None:
    """The digits written after ``NIP`` in a line, spaces and dots removed; None without one.

    Handles ``NIP 1960…``, ``NIP. 19840819 200212 1 001``, ``NIP : 1969…``, ``NIP.1969…``.
    Digit groups are collected until 18 digits are reached, so a following number on the
    same line is not glued on; a shorter run is returned as is (parse_nip flags it).
    """
    if not text:
        return None
    m = _FIND.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    digits = ""
    for group in re.split(r"[ \t.]+", m.group("num").strip(" \t.")):
        if not group.isdigit():
            break
        if len(digits) >= NIP_LENGTH:
            break
        digits += group
    return digits or None


def find_nips(text: str) -> list[str]:
    """Every NIP a line writes, left to right (`NIP 1962… NIP. 1966…`: two signatures side by side)."""
    starts = [m.start() for m in re.finditer(r"\bNIP\b", unicodedata.normalize("NFKC", text or ""),
                                             re.IGNORECASE)]
    found = (find_nip(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=True))
    return [nip for nip in found if nip]
