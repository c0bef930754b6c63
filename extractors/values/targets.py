"""A target cell -> value, percent flag, unit label or not-applicable mark."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extractors.values.numbers import CURRENCY_PREFIX, NUM, parse_amount, parse_number, scaled_amount
from extractors.values.text import clean_text


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

_P = rf"(?P<num>{NUM})\s*(?P<pct>%)?"
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
# `140 Kelompok (1400 orang)`: the number and its unit word, then a remark in brackets
_RE_NUM_UNIT_NOTE = re.compile(rf"{_P}\s*(?P<unit>[^\W\d_][^()\[\]]{{0,40}}?)\s*\([^()]{{1,60}}\)")
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
    m = (_RE_NUM_SPELLED_UNIT.fullmatch(text) or _RE_NUM_REST.fullmatch(text)
         or _RE_NUM_UNIT_NOTE.fullmatch(text))
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
        money = scaled_amount(text)
        if money is None and CURRENCY_PREFIX.match(text):
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
