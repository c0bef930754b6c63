"""A corrected value's text parsed to its column's type: every value written as text reads back
as itself, and any text at all gives a value or a sentence, never an exception."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.contract import CONTRACT
from pipeline.corrections.values import as_text, column_type, parse, same

I32, I64 = pa.int32(), pa.int64()
TYPES = sorted({str(t): t for cols in CONTRACT.values() for _, t, _ in cols}.items())


@given(st.integers(-(2**31), 2**31 - 1))
def test_int32_round_trip(n: int) -> None:
    assert parse(I32, as_text(n)).value == n


@given(st.integers(-(2**63), 2**63 - 1))
def test_int64_round_trip(n: int) -> None:
    assert parse(I64, as_text(n)).value == n


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_round_trip(x: float) -> None:
    back = parse(pa.float64(), as_text(x)).value
    assert isinstance(back, float) and same(back, x)


@given(st.booleans())
def test_bool_round_trip(b: bool) -> None:
    assert parse(pa.bool_(), as_text(b)).value is b


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_date_round_trip(d: dt.date) -> None:
    assert parse(pa.date32(), as_text(d)).value == d


@given(st.lists(st.text(st.characters(blacklist_characters=";", blacklist_categories=("Cs",)),
                        min_size=1).map(str.strip).filter(bool), max_size=4))
def test_list_round_trip(items: list[str]) -> None:
    assert parse(CONTRACT["parties"][3][1], as_text(tuple(items))).value == tuple(items)


@given(st.text(st.characters(blacklist_categories=("Cs",))).map(str.strip).filter(bool))
def test_string_round_trip(text: str) -> None:
    assert parse(pa.string(), as_text(text)).value == text


@pytest.mark.parametrize(("name", "dtype"), TYPES)
@given(text=st.text())
def test_any_text_gives_a_value_or_a_sentence(name: str, dtype: pa.DataType, text: str) -> None:
    parsed = parse(dtype, text)
    assert parsed.problem is None or (parsed.value is None and repr(text.strip()) in parsed.problem)


@pytest.mark.parametrize(("dtype", "text", "value"), [
    (I64, "1.250.000", 1250000),  # Rupiah as written in the agreements
    (I64, "8,797,819,537", 8797819537),
    (I64, "1 250 000", 1250000),
    (I32, " 2017 ", 2017),
    (pa.float64(), "85,5", 85.5),  # the Indonesian decimal comma
    (pa.float64(), "0.75", 0.75),
    (pa.bool_(), "Ya", True),
    (pa.bool_(), "tidak", False),
    (pa.date32(), "2017-01-02", dt.date(2017, 1, 2)),
    (pa.string(), "  Budi  ", "Budi"),
    (I32, "", None),  # an empty cell: no value
])
def test_written_forms(dtype: pa.DataType, text: str, value: object) -> None:
    assert parse(dtype, text) == parse(dtype, text) and parse(dtype, text).value == value
    assert parse(dtype, text).problem is None


@pytest.mark.parametrize(("dtype", "text"), [
    (I64, "1.25"), (I64, "12.34.567"), (I32, "2147483648"), (pa.float64(), "1.000.000"),
    (pa.float64(), "nan"), (pa.float64(), "1e999"), (pa.bool_(), "maybe"),
    (pa.date32(), "2017-1-2"), (pa.date32(), "2017-02-30"),
])
def test_refused_forms(dtype: pa.DataType, text: str) -> None:
    assert parse(dtype, text).problem


def test_column_types_come_from_the_contract() -> None:
    assert column_type("budgets", "amount_idr") == I64
    assert column_type("documents", "signed_date") == pa.date32()
    assert column_type("budgets", "colour") is None
    assert column_type("colours", "red") is None
