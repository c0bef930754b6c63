"""Real agreements from other offices, read from ../shared/realworld (never committed here).

Expected values were read off the pages by eye. Scans are held to what OCR
allows: numbers and structure exactly, prose by similarity, slips by findings.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from rapidfuzz import fuzz

from extractors.extract import extract_file
from extractors.records import DocumentResult, FileResult
from extractors.settings import Settings
from tests.paths import REALWORLD, REALWORLD_REASON
from tests.scoring import TRUTH, load_truth, overall, score_file

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason=REALWORLD_REASON)


@cache
def extract_whole(name: str) -> FileResult:
    """Every agreement of a real file, read once per test session (scans take seconds a page)."""
    return extract_file((REALWORLD / name).read_bytes(), name, Settings())


def extract(name: str) -> DocumentResult:
    return extract_whole(name).parts[0]


def codes(result: DocumentResult) -> list[tuple[str, int | None]]:
    return [(f.code, f.page) for f in result.findings]


SULUT_BUDGET = [  # page 3 of both the draft and the signed scan
    (1, "Program Penunjang Urusan Pemerintahan Daerah Provinsi", 7_838_434_333),
    (2, "Program Pengelolaan Informasi dan Komunikasi Publik", 9_985_639_757),
    (3, "Program Pengelolaan Aplikasi Informatika", 5_956_794_338),
    (4, "Program Penyelenggaraan Persandian Untuk Pengamanan Informasi", 191_167_770),
]


def _sulut_common(result: DocumentResult) -> None:
    doc = result.document
    assert (doc.source_format, doc.page_count, doc.year, doc.title) == ("pdf", 4, 2021, "PERJANJIAN KINERJA")
    assert (doc.province, doc.regency, doc.region_code) == ("Sulawesi Utara", None, "71")
    assert doc.unit == "Dinas Komunikasi, Informatika, Persandian dan Statistik Daerah"
    assert (doc.signed_place, doc.signed_date) == ("Manado", None)  # `Manado, Januari 2021`
    first, second = result.parties
    assert (first.role, first.name, first.degrees) == ("first", "Christiano E. Talumepa", ("SH", "M.Si"))
    assert (first.nip, first.rank, first.nip_valid) == ("196909211998031011", "Pembina Utama Madya", True)
    assert (second.role, second.name, second.degrees, second.nip) == (
        "second", "Olly Dondokambey", ("SE",), None)
    assert second.position == "GUBERNUR SULAWESI UTARA"
    got = [(b.program_no, b.program, b.amount_idr) for b in result.budgets]
    assert [(n, a) for n, _, a in got] == [(n, a) for n, _, a in SULUT_BUDGET]
    for (_, want, _), (_, name, _) in zip(SULUT_BUDGET, got, strict=True):
        assert fuzz.ratio(want, name) >= 90, name
    assert ("table_not_extracted", 4) in codes(result)  # Pengukuran Kinerja, page 4


def test_sulut_word_born_draft() -> None:
    result = extract("sulut_dkips_pk2021_draft.pdf")
    _sulut_common(result)
    assert result.document.ocr is False and result.document.status == "ok"
    got = [(i.goal_no, i.indicator_no, i.goal, i.indicator, i.target_raw, i.target_value, i.target_percent,
            i.page) for i in result.indicators]
    assert got == [
        (1, 1, "Meningkatnya Penyelenggaraan Sistem E-Government",
         "Persentase Integrasi Penyelenggaraan Sistem E-Government Berbasis Teknologi Informasi dan "
         "Komunikasi", "100 %", 100.0, True, 2),
        (2, 1, "Terjaminnya Keamanan Sistem Pemerintahan Berbasis Elektronik",
         "Persentase Penyelenggaraan Pengamanan Informasi", "100 %", 100.0, True, 2),
    ]
    assert [b.page for b in result.budgets] == [3, 3, 3, 3]
    assert codes(result) == [("table_not_extracted", 4)]


def test_sulut_signed_scan_differs_from_the_draft_as_its_pages_do() -> None:
    result = extract("sulut_dkips_pk2021_signed_scan.pdf")
    _sulut_common(result)
    assert result.document.ocr is True and result.document.status == "ok"
    got = [(i.goal_no, i.indicator_no, i.target_raw, i.target_value, i.target_percent, i.page)
           for i in result.indicators]
    assert got == [(1, 1, "90%", 90.0, True, 2), (1, 2, "100%", 100.0, True, 2),
                   (2, 1, "100 %", 100.0, True, 2)]
    indicators = [i.indicator for i in result.indicators]
    wanted = ["Persentase Perangkat Daerah yang memiliki portal dan situs web yang sesuai standar",
              "Persentase layanan Sistem Pemerintahan Berbasis Elektronik yang memanfaatkan "
              "sertifikat elektronik",
              "Persentase Penyelenggaraan Pengamanan Informasi"]
    for want, text in zip(wanted, indicators, strict=True):
        assert fuzz.ratio(want, text) >= 90, text
    # two amounts lost a separator in the scan; the total row confirms the digit-by-digit reading
    assert ("amount_mended", 3) in codes(result)


def test_an_iku_decree_is_not_an_agreement() -> None:
    result = extract("sulut_dkips_sk_iku2021.pdf")
    assert result.document.status == "failed"
    assert codes(result) == [("not_an_agreement", None)]
    assert not result.indicators and not result.parties


def test_dki_kepulauan_seribu_scan() -> None:
    result = extract("dki_kepseribu_pk2024_scan.pdf")
    doc = result.document
    assert (doc.ocr, doc.page_count, doc.status, doc.year) == (True, 18, "ok", 2024)
    assert doc.title == "PERJANJIAN KINERJA TAHUN 2024"
    assert doc.issuer == "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta"
    assert (doc.province, doc.regency, doc.region_code) == (
        "DKI Jakarta", "Kabupaten Administrasi Kepulauan Seribu", "31.01")
    assert doc.unit == "Kabupaten Administrasi Kepulauan Seribu"
    assert (doc.signed_place, doc.signed_date) == ("Jakarta", None)  # `Jakarta, 2024`
    first, second = result.parties
    assert (first.name, first.position, first.nip, first.acting) == (
        "Junaedi", "Bupati Kabupaten Administrasi Kepulauan Seribu", "196612051987031003", False)
    assert (first.nip_birth_date, first.nip_appointed) == (dt.date(1966, 12, 5), "1987-03")
    assert (second.name, second.position, second.nip, second.acting) == (
        "Heru Budi Hartono", "Pj. Gubernur Daerah Khusus Ibukota Jakarta", None, True)
    goals = sorted({i.goal_no for i in result.indicators if i.goal_no is not None})
    assert goals == list(range(1, 15))  # goals 1..14, pages 2-15
    assert {i.form for i in result.indicators} == {"perjanjian_kinerja"}
    last = [(i.goal_no, i.goal_type, i.target_raw, i.unit) for i in result.indicators if i.goal_no >= 12]
    assert last == [(12, "operasional", "100", "Persen"), (13, "operasional", "100", "Persen"),
                    (14, "operasional", "100", "Persen")]
    quarters = [(t.period, t.raw) for t in result.targets if t.goal_no == 14]
    assert quarters == [("Q1", "25"), ("Q2", "25"), ("Q3", "25"), ("Q4", "25"), ("annual", "100")]
    not_extracted = {page for code, page in codes(result) if code == "table_not_extracted"}
    assert {17, 18} <= not_extracted  # the Rencana Aksi IKU table


SCORED = sorted(p.name.removesuffix(".json") for p in TRUTH.glob("*.json"))
SCANNED = {name for name in SCORED if "scan" in name}  # the file's kind, as the shared README lists it
FLOOR = {"text": 0.93, "scan": 0.85}  # share of rows found and of fields right (issue: real offices)


@pytest.mark.parametrize("name", SCORED)
def test_real_file_comes_out_as_its_pages_say(name: str) -> None:
    """Rows and fields against values read off the pages by eye (tests/data/realworld/<file>.json)."""
    truth = load_truth(name)
    result = extract_whole(name)
    if not truth["agreements"]:
        assert [p.document.status for p in result.parts] == ["failed"]
        return
    total = overall(score_file(result, truth))
    floor = FLOOR["scan" if name in SCANNED else "text"]
    assert total.rows >= floor and total.fields >= floor, (total.line(), total.misses[:20])
