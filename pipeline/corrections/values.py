"""A value as the corrections file writes it (text) and back, per contract column type.

`as_text` is what the review page shows and stores as `extracted`; `parse` turns a reviewer's
text into the column's type, or says why it cannot.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import pyarrow as pa

from pipeline.contract import CONTRACT

Value = str | int | float | bool | dt.date | tuple[str, ...] | None

_INT_RANGES = {pa.int32(): 2**31, pa.int64(): 2**63}
_INT = re.compile(r"[+-]?(\d+|\d{1,3}([.,]\d{3})+|\d{1,3}( \d{3})+)")
_FLOAT = re.compile(r"[+-]?(\d+([.,]\d+)?|\.\d+)([eE][+-]?\d+)?")
_TRUE = {"true", "yes", "ya", "1", "benar"}
_FALSE = {"false", "no", "tidak", "0", "salah"}
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Parsed:
    value: Value
    problem: str | None = None  # what is wrong with the text, for a LineProblem


def column_type(table: str, column: str) -> pa.DataType | None:
    """The contract type of `table.column`; None for a column the contract does not have."""
    for name, dtype, _ in CONTRACT.get(table, ()):
        if name == column:
            return dtype
    return None


def type_name(dtype: pa.DataType) -> str:
    if pa.types.is_list(dtype):
        return "list<string>"
    return str(dtype)


def parse(dtype: pa.DataType, text: str | None) -> Parsed:
    """A reviewer's text as a value of `dtype`; an empty text is no value (null).

    int32/int64: digits, optionally grouped by `.`, `,` or spaces in threes (`1.250.000`).
    float64: a decimal with `.` or a single `,` as the decimal mark (`85,5`), no nan/inf.
    bool: true/false, yes/no, ya/tidak, 1/0. date32: `YYYY-MM-DD`. list: items split by `;`
    (an empty text: no items).
    """
    if text is None or not text.strip():
        return Parsed(() if pa.types.is_list(dtype) else None)  # rows hold no items as ()
    stripped = text.strip()
    if pa.types.is_integer(dtype):
        if not _INT.fullmatch(stripped):
            return Parsed(None, f"{stripped!r} is not a whole number")
        number = int(re.sub(r"[., ]", "", stripped))
        limit = _INT_RANGES.get(dtype, 2**63)
        if not -limit <= number < limit:
            return Parsed(None, f"{stripped!r} is out of range")
        return Parsed(number)
    if pa.types.is_floating(dtype):
        if not _FLOAT.fullmatch(stripped):
            return Parsed(None, f"{stripped!r} is not a number (use 85.5 or 85,5)")
        number = float(stripped.replace(",", "."))
        if not math.isfinite(number):
            return Parsed(None, f"{stripped!r} is too large a number")
        return Parsed(number)
    if pa.types.is_boolean(dtype):
        word = stripped.lower()
        if word in _TRUE or word in _FALSE:
            return Parsed(word in _TRUE)
        return Parsed(None, f"{stripped!r} is not true or false")
    if pa.types.is_date32(dtype):
        try:
            return Parsed(dt.date.fromisoformat(stripped) if len(stripped) == 10 else _bad_date())
        except ValueError:
            return Parsed(None, f"{stripped!r} is not a date as YYYY-MM-DD")
    if pa.types.is_list(dtype):
        return Parsed(tuple(item.strip() for item in stripped.split(";") if item.strip()))
    return Parsed(stripped)


def _bad_date() -> dt.date:
    raise ValueError("not YYYY-MM-DD")


def as_text(value: object) -> str | None:
    """A row's value as the corrections file writes it: `parse(as_text(v))` gives `v` back."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def same(a: Value, b: Value) -> bool:
    """Two values of one column equal, floats to a relative 1e-9."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return tuple(a) == tuple(b)
    return a == b
