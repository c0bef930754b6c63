"""Numbers and rupiah amounts as offices write them: `1.250.000`, `Rp 2,5 M`, `12,5`."""

from __future__ import annotations

import math
import unicodedata

import regex as re

from extractors.values.text import clean_text

NUM = r"[-−+]?\d+(?:[.,]\d+)*"
_NUM_RE = re.compile(NUM)
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
    rf"{_CURRENCY}\s*(?P<num>{NUM})\s*(?P<scale>{_SCALE_WORDS}|{_SCALE_SHORT})\.?{_MONEY_TAIL}",
    re.IGNORECASE,
)
_SCALED_WORD = re.compile(
    rf"(?:{_CURRENCY}\s*)?(?P<num>{NUM})\s*(?P<scale>{_SCALE_WORDS})\.?{_MONEY_TAIL}",
    re.IGNORECASE,
)
CURRENCY_PREFIX = re.compile(rf"^\s*{_CURRENCY}\s*", re.IGNORECASE)


def scaled_amount(text: str) -> float | None:
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
    # A scan's space for some separators only: "1 273.000.000,00", "648 000.000,00"
    elif " " in s and re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{2})?", s):
        grouping = set(re.findall(r"(?<=\d)[.,](?=\d{3}(?!\d))", s))
        if len(grouping) == 1:
            s = s.replace(" ", grouping.pop())
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
        return None  # `4,600.921.150`: a scan's slip; read only where a total confirms it
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
        scaled = scaled_amount(text)
        if scaled is not None:
            return round(scaled)
        rest = CURRENCY_PREFIX.sub("", text)
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
