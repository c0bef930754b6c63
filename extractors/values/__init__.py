"""Cell values: text as written -> typed values (numbers, amounts, targets, dates, NIPs, names,
regions).

Pure functions over strings, below every other stage: readers, segmenters and domain parsers
all use them. Agreements are typed by hand in many offices, so every parser accepts the
spellings seen in real documents and returns None (or ``parsed=False``) rather than raising:
the caller decides which finding to emit.
"""

from extractors.values.dates import MONTHS, SignedAt, parse_date_text, parse_signed_at
from extractors.values.numbers import parse_amount, parse_int, parse_ksd_no, parse_number
from extractors.values.targets import TargetValue, parse_target
from extractors.values.text import clean_text

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
