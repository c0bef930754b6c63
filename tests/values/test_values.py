"""Value parsers: target cells, amounts, row numbers, KSD numbers, dates, text hygiene.

Expected values are read off the contract's *Target cells* table and the sample
agreements (Jakarta Barat PK 2020, BPPBJ PK 2021, Pringsewu Diskominfo PK 2025).
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.values import (
    MONTHS,
    SignedAt,
    TargetValue,
    clean_text,
    parse_amount,
    parse_date_text,
    parse_int,
    parse_ksd_no,
    parse_signed_at,
    parse_target,
)

# --------------------------------------------------------------------------- targets


@pytest.mark.parametrize(
    ("raw", "value", "percent"),
    [
        ("86", 86.0, False),
        ("4", 4.0, False),
        ("92", 92.0, False),
        ("100%", 100.0, True),
        ("100 %", 100.0, True),
        ("91%", 91.0, True),
        ("5%", 5.0, True),
        ("88,31", 88.31, False),
        ("89,015", 89.015, False),
        ("23.212", 23212.0, False),
        ("1.234.567", 1234567.0, False),
        ("1.234,5", 1234.5, False),
        ("2.5", 2.5, False),
        (" 86 ", 86.0, False),
    ],
)
def test_target_numbers(raw: str, value: float, percent: bool) -> None:
    t = parse_target(raw)
    assert t.value == pytest.approx(value)
    assert t.percent is percent
    assert t.label is None
    assert t.not_applicable is False
    assert t.parsed is True
    assert t.raw == raw.strip()


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("(3) WTP", 3.0, "WTP"),
        ("A (81)", 81.0, "A"),
        ("80 (BB / Sangat Baik)", 80.0, "BB / Sangat Baik"),
    ],
)
def test_target_number_with_label(raw: str, value: float, label: str) -> None:
    t = parse_target(raw, "Predikat")
    assert (t.value, t.label, t.percent, t.parsed) == (value, label, False, True)


@pytest.mark.parametrize(
    ("raw", "value", "unit_word"),
    [
        ("70 Indeks", 70.0, "Indeks"),
        ("2,8 Indeks", 2.8, "Indeks"),
        ("25 Unit Kerja", 25.0, "Unit Kerja"),
    ],
)
def test_target_unit_word(raw: str, value: float, unit_word: str) -> None:
    t = parse_target(raw)
    assert t.value == pytest.approx(value)
    assert t.unit_word == unit_word
    assert t.label is None
    assert t.percent is False
    assert t.parsed is True


def test_target_persen_word_is_percent() -> None:
    t = parse_target("100 Persen")
    assert t.value == 100.0
    assert t.percent is True


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Rp. 70 T", 7e13),
        ("Rp 2,5 M", 2.5e9),
        ("Rp 750 Juta", 7.5e8),
        ("Rp 1,5 Miliar", 1.5e9),
        ("Rp 3 Milyar", 3e9),
        ("Rp 1 Triliun", 1e12),
        ("Rp 500 Ribu", 5e5),
        ("Rp 500 Rb", 5e5),
        ("Rp 1.234.567", 1234567.0),
    ],
)
def test_target_money(raw: str, value: float) -> None:
    t = parse_target(raw, "Persentase")
    assert t.value == pytest.approx(value)
    assert t.percent is False
    assert t.label is None
    assert t.parsed is True


@pytest.mark.parametrize("raw", ["WTP", "BB", "AA", "A", "Sangat Baik"])
def test_target_label_alone(raw: str) -> None:
    t = parse_target(raw, "Persentase")
    assert t == TargetValue(raw, None, False, raw, False, None, True)


@pytest.mark.parametrize("raw", ["N/A", "NA", "n/a", "-", "–", "—"])
def test_target_not_applicable(raw: str) -> None:
    t = parse_target(raw, "Persentase")
    assert t == TargetValue(raw, None, False, None, True, None, True)


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
def test_target_empty(raw: str | None) -> None:
    assert parse_target(raw) == TargetValue(None, None, False, None, False, None, True)


@pytest.mark.parametrize("unit", ["Persentase", "Persen", "%", "PERSENTASE", " persen "])
def test_target_percent_from_unit(unit: str) -> None:
    assert parse_target("86", unit).percent is True


@pytest.mark.parametrize("unit", ["Indeks", "Nilai", None, ""])
def test_target_no_percent_from_other_unit(unit: str | None) -> None:
    assert parse_target("86", unit).percent is False


@pytest.mark.parametrize(
    ("raw", "value", "label", "percent"),
    [
        ("≥ 80%", 80.0, "≥", True),
        (">= 80", 80.0, "≥", False),
        ("≤ 5", 5.0, "≤", False),
        ("< 10", 10.0, "<", False),
    ],
)
def test_target_comparator(raw: str, value: float, label: str, percent: bool) -> None:
    t = parse_target(raw)
    assert (t.value, t.label, t.percent, t.parsed) == (value, label, percent, True)


@pytest.mark.parametrize(
    ("raw", "value", "unit", "percent"),
    [  # the contract's *Target cells*: the first number, the rest as the unit
        ("100 dari 110 Organisasi", 100.0, "dari 110 Organisasi", False),
        ("3 dari 10 OPD", 3.0, "dari 10 OPD", False),
        ("88/100.000 KH", 88.0, "/100.000 KH", False),
        ("5,6 /1000 KH", 5.6, "/1000 KH", False),
        ("55.56 persen", 55.56, "persen", True),
        ("2 Dokumen", 2.0, "Dokumen", False),
        ("7.201 Koleksi dan 28 Naskah", 7201.0, "Koleksi dan 28 Naskah", False),
        ("3 (tiga) Dokumen", 3.0, "Dokumen", False),
        ("175.000 SBM", 175000.0, "SBM", False),
    ],
)
def test_target_number_then_unit(raw: str, value: float, unit: str, percent: bool) -> None:
    t = parse_target(raw)
    assert (t.value, t.unit_word, t.percent, t.label, t.parsed) == (value, unit, percent, None, True)


@pytest.mark.parametrize(
    "raw",
    ["sekitar delapan", "12-15", "80-90", "naik 5% dari 2020 menjadi 10%", "1.5.3"],
)
def test_target_unparsed(raw: str) -> None:
    t = parse_target(raw)
    assert t == TargetValue(raw, None, False, None, False, None, False)


def test_target_nfkc_and_markup() -> None:
    assert parse_target("<p>100%</p>").value == 100.0
    assert parse_target("８６").value == 86.0  # full-width digits


@given(st.text(), st.one_of(st.none(), st.text()))
def test_target_never_raises(raw: str, unit: str | None) -> None:
    t = parse_target(raw, unit)
    assert isinstance(t, TargetValue)
    if not raw.strip():
        assert t.raw is None
    else:
        assert t.raw == raw.strip()
    if t.value is None:
        assert t.percent is False


@given(
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
    st.sampled_from(["", "%", " %"]),
)
def test_target_round_trip_decimal_comma(scaled: int, decimals: int, group: bool, suffix: str) -> None:
    value = scaled / 10**decimals
    int_part, _, frac = f"{value:.{decimals}f}".partition(".")
    if group:
        int_part = f"{int(int_part):,}".replace(",", ".")
    written = int_part + ("," + frac if frac else "") + suffix
    t = parse_target(written)
    assert t.parsed is True, written
    assert t.value == pytest.approx(value), written
    assert t.percent is bool(suffix)


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("8,797,819,537", 8797819537),
        ("8.797.819.537", 8797819537),
        ("Rp 8.797.819.537,00", 8797819537),
        ("Rp. 9.985.639. 757,-", 9985639757),
        ("Rp.7.838.434.333,-", 7838434333),
        ("IDR 1,234,567.00", 1234567),
        ("Rp. 4.100.832.755", 4100832755),
        ("Rp. 13.572.000", 13572000),
        ("383,468,853,275", 383468853275),
        ("Rp 2,5 M", 2_500_000_000),
        ("Rp 750 Juta", 750_000_000),
        ("Rp 1,2 Miliar", 1_200_000_000),
        ("1500000", 1500000),
    ],
)
def test_amount(raw: str, amount: int) -> None:
    assert parse_amount(raw) == amount


@pytest.mark.parametrize(
    "raw", [None, "", "APBD Provinsi DKI Jakarta", "JUMLAH", "Rp", "12.34.567", "1,2,3", "-"]
)
def test_amount_not_an_amount(raw: str | None) -> None:
    assert parse_amount(raw) is None


@given(st.text())
def test_amount_never_raises(raw: str) -> None:
    result = parse_amount(raw)
    assert result is None or isinstance(result, int)


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from(["comma", "dot", "rp_decimals", "rp_dash", "idr"]),
)
def test_amount_round_trip(n: int, style: str) -> None:
    written = {
        "comma": _grouped(n, ","),
        "dot": _grouped(n, "."),
        "rp_decimals": f"Rp {_grouped(n, '.')},00",
        "rp_dash": f"Rp. {_grouped(n, '.')},-",
        "idr": f"IDR {_grouped(n, ',')}.00",
    }[style]
    assert parse_amount(written) == n, written


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("raw", "n"), [("1", 1), ("1.", 1), ("(1)", 1), (" 12 ", 12), ("3)", 3), ("18", 18)])
def test_parse_int(raw: str, n: int) -> None:
    assert parse_int(raw) == n


@pytest.mark.parametrize("raw", [None, "", "a", "1.2", "1a", "(1", "Sasaran Strategis", "-"])
def test_parse_int_rejects(raw: str | None) -> None:
    assert parse_int(raw) is None


@pytest.mark.parametrize(
    ("indicator", "n"),
    [
        ("Persentase penyelesaian rencana aksi Program Pembinaan (nomor 20)", 20),
        ("Peningkatan Kualitas Kinerja Pemerintahan nomor (61)", 61),
        ("Realisasi rencana aksi KSD mengenai Pengembangan Smart City Nomor(43)", 43),
        ("Revitalisasi Sistem Polder dan Tanggul Pantai (Nomor 23)", 23),
        ("Implementasi SPBE (Sistem Pemerintahan Berbasis Elektronik) (nomor 63) nomor (63)", 63),
        ("Nomor(71) lalu (nomor 9)", 71),
    ],
)
def test_ksd_no(indicator: str, n: int) -> None:
    assert parse_ksd_no(indicator) == n


@pytest.mark.parametrize("indicator", [None, "", "Persentase Kualitas Pelaksanaan Anggaran"])
def test_ksd_no_absent(indicator: str | None) -> None:
    assert parse_ksd_no(indicator) is None


# --------------------------------------------------------------------------- text


def test_clean_text_markup() -> None:
    raw = "<p>a) Bobot 30% :</p> <p>b) Serapan Anggaran \\geq 80%</p><br/>c)\n\n x"
    assert clean_text(raw) == "a) Bobot 30% : b) Serapan Anggaran ≥ 80% c) x"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a \\leq b", "a ≤ b"),
        ("a \\neq b", "a ≠ b"),
        ("3 \\times 4", "3 × 4"),
        ("x<br>y", "x y"),
        ("  spaced\t\tout \n", "spaced out"),
        ("\U0001d440\U0001d44e\U0001d45b\U0001d44e\U0001d451\U0001d45c", "Manado"),  # math italic
        ("ﬁnal", "final"),  # ligature
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize("raw", [None, "", "   ", "<p></p>"])
def test_clean_text_empty(raw: str | None) -> None:
    assert clean_text(raw) is None


# --------------------------------------------------------------------------- dates


def test_months() -> None:
    assert MONTHS["januari"] == 1
    assert MONTHS["agustus"] == 8
    for abbreviation, month in [
        ("jan", 1), ("feb", 2), ("agt", 8), ("agu", 8), ("sept", 9), ("okt", 10),
        ("nop", 11), ("nov", 11), ("des", 12),
    ]:  # fmt: skip
        assert MONTHS[abbreviation] == month
    assert set(MONTHS.values()) == set(range(1, 13))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jakarta, 31 Januari 2020", SignedAt("Jakarta", datetime.date(2020, 1, 31), 2020)),
        ("Jakarta, 2021", SignedAt("Jakarta", None, 2021)),
        ("Manado,      Januari 2021", SignedAt("Manado", None, 2021)),
        ("Pringsewu,   Januari 2025", SignedAt("Pringsewu", None, 2025)),
        ("Jakarta, 1 Agustus 2021", SignedAt("Jakarta", datetime.date(2021, 8, 1), 2021)),
        (
            "Jakarta, 31 Januari 2020 Walikota Kota Administrasi Jakarta Barat",
            SignedAt("Jakarta", datetime.date(2020, 1, 31), 2020),
        ),
        ("Jakarta, 31 Februari 2020", SignedAt("Jakarta", None, 2020)),
        ("Jakarta, 5 Okt 2022", SignedAt("Jakarta", datetime.date(2022, 10, 5), 2022)),
        ("Tanjung Pinang, 2 Jan 2023", SignedAt("Tanjung Pinang", datetime.date(2023, 1, 2), 2023)),
    ],
)
def test_signed_at(line: str, expected: SignedAt) -> None:
    assert parse_signed_at(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "PIHAK KEDUA,",
        "Gubernur Provinsi Daerah Khusus Ibukota Jakarta,",
        "Nama : RUSTAM EFFENDI",
        "dalam rangka ini, 2020",
        "Jakarta, 31 Bulan 2020",
        "PERJANJIAN KINERJA TAHUN 2020",
    ],
)
def test_signed_at_not_a_signature_line(line: str) -> None:
    assert parse_signed_at(line) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31 Januari 2020", datetime.date(2020, 1, 31)),
        ("1 Agustus 2021", datetime.date(2021, 8, 1)),
        ("Januari 2021", None),
        ("31 Februari 2020", None),
        ("kemarin", None),
        ("", None),
    ],
)
def test_parse_date_text(text: str, date: datetime.date | None) -> None:
    assert parse_date_text(text) == date


@given(st.text())
def test_dates_never_raise(text: str) -> None:
    result = parse_signed_at(text)
    assert result is None or isinstance(result, SignedAt)
    assert parse_date_text(text) is None or isinstance(parse_date_text(text), datetime.date)


_MONTH_NAMES = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]  # fmt: skip


@given(
    st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.sampled_from(["Jakarta", "Manado", "Pringsewu", "Kota Bandar Lampung", "Tanjung Pinang"]),
    st.sampled_from([" ", "   "]),
)
def test_signed_at_round_trip(date: datetime.date, place: str, gap: str) -> None:
    line = f"{place},{gap}{date.day} {_MONTH_NAMES[date.month - 1]} {date.year}"
    assert parse_signed_at(line) == SignedAt(place, date, date.year)
    assert parse_date_text(f"{date.day} {_MONTH_NAMES[date.month - 1]} {date.year}") == date
