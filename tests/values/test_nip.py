"""NIP finding and decoding, checked against the NIPs printed in the sample agreements."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.values.nip import NipInfo, find_nip, parse_nip


@pytest.mark.parametrize(
    ("line", "nip"),
    [
        ("NIP 196010131983121001", "196010131983121001"),
        ("NIP. 19840819 200212 1 001", "198408192002121001"),
        ("NIP : 196910131997031004", "196910131997031004"),
        (" NIP : 196910131997031004", "196910131997031004"),
        ("NIP.19690921 199803 1 011", "196909211998031011"),
        ("NIP. 19840819.200212.1.001", "198408192002121001"),
        ("NIP 1960101319831210", "1960101319831210"),
        ("Nip. 196010131983121001", "196010131983121001"),
        ("NIP 196010131983121001 2021", "196010131983121001"),
    ],
)
def test_find_nip(line: str, nip: str) -> None:
    assert find_nip(line) == nip


@pytest.mark.parametrize("line", ["", "Nama : RUSTAM EFFENDI", "Pembina Tk. I", "NIP. -", "NIPPON 1"])
def test_find_nip_absent(line: str) -> None:
    assert find_nip(line) is None


def test_parse_nip_rustam_effendi() -> None:
    assert parse_nip("196010131983121001") == NipInfo(
        "196010131983121001", datetime.date(1960, 10, 13), "1983-12", "male", True, None
    )


def test_parse_nip_spaced_moudy() -> None:
    info = parse_nip("19840819 200212 1 001")
    assert info.nip == "198408192002121001"
    assert info.birth_date == datetime.date(1984, 8, 19)
    assert info.appointed == "2002-12"
    assert info.gender == "male"
    assert info.valid is True


def test_parse_nip_blessmiyanda() -> None:
    info = parse_nip("196910131997031004")
    assert (info.birth_date, info.appointed, info.gender, info.valid) == (
        datetime.date(1969, 10, 13),
        "1997-03",
        "male",
        True,
    )


def test_parse_nip_female() -> None:
    assert parse_nip("197502142000032001").gender == "female"


@pytest.mark.parametrize("pppk", ["21", "24"])
def test_parse_nip_pppk(pppk: str) -> None:
    info = parse_nip(f"19900101 2022{pppk} 2 001")
    assert info.appointed == "2022"
    assert info.gender == "female"
    assert info.valid is True


@pytest.mark.parametrize("raw", [None, "", "   ", "-"])
def test_parse_nip_none(raw: str | None) -> None:
    assert parse_nip(raw) == NipInfo(None, None, None, None, None, None)


def test_parse_nip_wrong_length() -> None:
    info = parse_nip("1960101319831210")
    assert info.nip == "1960101319831210"
    assert info.valid is False
    assert info.problem == "NIP 1960101319831210 has 16 digits; a NIP has 18."
    assert info.birth_date == datetime.date(1960, 10, 13)  # the digits that make sense stay


def test_parse_nip_impossible_birth_date() -> None:
    info = parse_nip("196002301983121001")  # 30 February
    assert info.valid is False
    assert info.birth_date is None
    assert info.appointed == "1983-12"
    assert info.gender == "male"
    assert "19600230" in (info.problem or "")


@pytest.mark.parametrize("month", ["00", "13", "20"])
def test_parse_nip_impossible_month(month: str) -> None:
    info = parse_nip(f"196010131983{month}1001")
    assert info.valid is False
    assert info.appointed is None
    assert info.birth_date == datetime.date(1960, 10, 13)
    assert month in (info.problem or "")


def test_parse_nip_appointed_before_age_15() -> None:
    info = parse_nip("196010131970121001")
    assert info.valid is False
    assert info.appointed is None
    assert "1970" in (info.problem or "")


def test_parse_nip_appointed_in_far_future() -> None:
    info = parse_nip("196010132090121001")
    assert info.valid is False
    assert info.appointed is None


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_parse_nip_bad_gender_digit(digit: str) -> None:
    info = parse_nip(f"19601013198312{digit}001")
    assert info.valid is False
    assert info.gender is None
    assert info.appointed == "1983-12"
    assert "digit 15" in (info.problem or "")


@given(st.text())
def test_nip_never_raises(text: str) -> None:
    info = parse_nip(text)
    assert isinstance(info, NipInfo)
    assert (info.nip is None) == (info.valid is None)
    if info.valid is False:
        assert info.problem
    found = find_nip(text)
    assert found is None or found.isdigit()


@st.composite
def _nips(draw: st.DrawFn) -> tuple[datetime.date, int, str, str, int]:
    birth = draw(st.dates(min_value=datetime.date(1945, 1, 1), max_value=datetime.date(2004, 12, 31)))
    year = draw(st.integers(min_value=birth.year + 18, max_value=max(birth.year + 18, 2025)))
    month = draw(st.sampled_from([f"{m:02d}" for m in range(1, 13)] + ["21", "24"]))
    gender = draw(st.sampled_from(["1", "2"]))
    serial = draw(st.integers(min_value=1, max_value=999))
    return birth, year, month, gender, serial


@given(_nips(), st.booleans())
def test_nip_round_trip(parts: tuple[datetime.date, int, str, str, int], spaced: bool) -> None:
    birth, year, month, gender, serial = parts
    groups = [birth.strftime("%Y%m%d"), f"{year:04d}{month}", gender, f"{serial:03d}"]
    digits = "".join(groups)
    written = " ".join(groups) if spaced else digits
    info = parse_nip(written)
    assert info.nip == digits
    assert info.birth_date == birth
    assert info.appointed == (str(year) if month in {"21", "24"} else f"{year}-{month}")
    assert info.gender == {"1": "male", "2": "female"}[gender]
    assert info.valid is True
    assert info.problem is None
    assert find_nip(f"NIP. {written}") == digits
