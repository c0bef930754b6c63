"""Document fields: title, year, signing place and date, province, regency, code, unit."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.extract import extract_bytes
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from tests.agreements import agreement
from tests.paths import REALWORLD


def extract(text: str) -> DocumentResult:
    return extract_bytes(text.encode("utf-8"), "a.txt", Settings())


def test_province_level_unit_outside_jakarta() -> None:
    doc = extract(agreement()).document
    assert (doc.title, doc.year) == ("PERJANJIAN KINERJA TAHUN 2021", 2021)
    assert (doc.signed_place, doc.signed_date) == ("Bandung", dt.date(2021, 8, 1))
    assert (doc.province, doc.regency, doc.region_code) == ("Jawa Barat", None, "32")
    assert doc.unit == "Dinas Kesehatan"
    assert doc.status == "ok"


@pytest.mark.parametrize("position, province, regency, code", [
    ("Kepala Dinas Pendidikan Kabupaten Sleman", "DI Yogyakarta", "Kabupaten Sleman", "34.04"),
    ("Camat Depok Kabupaten Sleman", "DI Yogyakarta", "Kabupaten Sleman", "34.04"),
    ("Kepala Dinas Pariwisata Kota Yogyakarta", "DI Yogyakarta", "Kota Yogyakarta", "34.71"),
    ("Kepala Badan Keuangan Provinsi DI Yogyakarta", "DI Yogyakarta", None, "34"),
    ("Walikota Jakarta Utara", "DKI Jakarta", "Kota Administrasi Jakarta Utara", "31.72"),
    ("KEPALA DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN PRINGSEWU", "Lampung",
     "Kabupaten Pringsewu", "18.10"),
])
def test_regions_from_the_kemendagri_list(position: str, province: str, regency: str | None,
                                          code: str) -> None:
    doc = extract(agreement(first_position=position, second_position="Bupati")).document
    assert (doc.province, doc.regency, doc.region_code) == (province, regency, code)


def test_a_memo_is_not_an_agreement() -> None:
    memo = ("NOTA DINAS\n\nKepada Yth. Sekretaris Daerah\nDari : Kepala Bagian Umum\n"
            "Perihal : Undangan rapat\n\nDengan hormat, kami mengundang Bapak/Ibu hadir pada rapat "
            "koordinasi hari Senin.\n")
    result = extract(memo)
    assert result.document.status == "failed"
    assert [f.code for f in result.findings] == ["not_an_agreement"]


def test_an_agreement_with_no_tables() -> None:
    result = extract(agreement(table=""))
    assert [f.code for f in result.findings] == ["no_tables_found"]
    assert result.document.status == "partial"


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not beside the project")
def test_pringsewu_text_rendering() -> None:
    """Kabupaten Pringsewu, Lampung, 2025: no letterhead, PIHAK KESATU, inline units, TOTAL row."""
    path = REALWORLD / "pringsewu_diskominfo_pk2025.txt"
    result = extract_bytes(path.read_bytes(), path.name, Settings())
    doc = result.document
    assert (doc.status, doc.title, doc.year, doc.issuer) == (
        "ok", "PERJANJIAN KINERJA TAHUN 2025", 2025, None)
    assert (doc.province, doc.regency, doc.region_code, doc.unit) == (
        "Lampung", "Kabupaten Pringsewu", "18.10", "Dinas Komunikasi dan Informatika")
    first, second = result.parties
    assert (first.role, first.name, first.degrees, first.rank) == (
        "first", "Moudy Ary Nazolla", ("S.STP.", "MH"), "Pembina Tk. I")
    assert (first.nip, first.nip_birth_date, first.nip_appointed, first.nip_gender) == (
        "198408192002121001", dt.date(1984, 8, 19), "2002-12", "male")
    assert (second.role, second.name, second.position, second.nip) == (
        "second", "Riyanto Pamungkas", "BUPATI PRINGSEWU", None)
    got = [(i.goal_no, i.indicator, i.unit, i.target_raw, i.target_value, i.target_percent,
            i.target_label) for i in result.indicators]
    assert got == [
        (1, "Nilai SAKIP", None, "BB", None, False, "BB"),
        (2, "Indeks Keterbukaan Informasi Publik", "Indeks", "70 Indeks", 70.0, False, None),
        (3, "Indeks SPBE", "Indeks", "2,8 Indeks", 2.8, False, None),
        (4, "Jumlah Unit Kerja Pemanfaat Data Statistik Sektoral", "Unit Kerja", "25 Unit Kerja",
         25.0, False, None),
        (5, "Cakupan Pengamanan Informasi", None, "100%", 100.0, True, None),
    ]
    assert {i.goal_type for i in result.indicators} == {"strategis"}
    assert [(b.program_no, b.amount_idr) for b in result.budgets] == [
        (1, 4_100_832_755), (2, 2_721_236_800), (3, 1_589_645_600), (4, 13_572_000),
        (5, 155_200_000)]
    assert not [f for f in result.findings if f.severity == "error"]
