"""Quarterly realisation reports (*Realisasi Kinerja Pada Triwulan I - IV*, `K | Rp` per quarter):
one typed in Word, and the 28 Tangerang Selatan units' reports in ../shared/pool.

The Word report's expected rows are its cells as typed below; the pool's files are held to
what every page of them shows: one report table whose later pages continue it.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from docx import Document

from extractors.extract import extract_bytes, extract_file
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from tests.fixtures.docx import add_table, to_bytes
from tests.paths import SHARED

HEADER = ["Urusan/Bidang Urusan/Program/Kegiatan",
          "Indikator Kinerja Program (Outcome)/Indikator Kinerja Kegiatan (Output)",
          "Realisasi Kinerja Pada Triwulan I - IV Tahun 2023", *[""] * 7, "Perangkat Daerah Penanggung Jawab"]
QUARTERS = ["", "", "I", "", "II", "", "III", "", "IV", "", ""]
MARKS = ["", "", "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp", ""]
BODY = [
    ["DINAS KOMUNIKASI DAN INFORMATIKA", "", "-", "12.371.951.113", "", "15.932.420.408", "", "", "", "",
     "DISKOMINFO"],
    ["PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Predikat SAKIP", "A", "", "", "", "", "", "", "",
     "DISKOMINFO"],
    ["Administrasi Umum Perangkat Daerah", "Tersedianya layanan administrasi umum dinas", "12,89%",
     "203.836.867", "21,89%", "346.111.220", "", "", "", "", "DISKOMINFO"],
    ["Fasilitasi Kunjungan Tamu", "Jumlah Laporan Fasilitasi Kunjungan Tamu", "1", "16.420.000", "2",
     "26.814.000", "", "", "", "", "DISKOMINFO"],
    ["PROGRAM PENGELOLAAN APLIKASI INFORMATIKA", "Jumlah Sistem Jaringan Intra Pemerintah Daerah", "2",
     "7.249.385.000", "2", "-", "", "", "", "", "DISKOMINFO"],
]
# (goal, indicator, period) -> K as written, its value, percent, label, Rp in rupiah
EXPECTED = {
    (1, 1, "Q1"): ("A", None, False, "A", None),
    (1, 2, "Q1"): ("12,89%", 12.89, True, None, 203_836_867),
    (1, 2, "Q2"): ("21,89%", 21.89, True, None, 346_111_220),
    (1, 3, "Q1"): ("1", 1.0, False, None, 16_420_000),
    (1, 3, "Q2"): ("2", 2.0, False, None, 26_814_000),
    (2, 1, "Q1"): ("2", 2.0, False, None, 7_249_385_000),
    (2, 1, "Q2"): ("2", 2.0, False, None, None),
}


def _word_report() -> bytes:
    document = Document()
    table = add_table(document, [HEADER, QUARTERS, MARKS, *BODY])
    for start in range(2, 10, 2):  # each quarter's cell spans its K and Rp columns
        table.cell(1, start).merge(table.cell(1, start + 1))
    table.cell(0, 2).merge(table.cell(0, 9))
    return to_bytes(document)


def test_a_word_report_gives_k_and_rp_per_quarter() -> None:
    result = extract_bytes(_word_report(), "realisasi.docx", Settings())
    assert (result.document.kind, result.document.status) == ("measurement", "ok"), result.findings
    got = {(r.goal_no, r.indicator_no, r.period): (r.realised_raw, r.realised_value, r.realised_percent,
                                                   r.realised_label, r.realised_budget_idr)
           for r in result.results}
    assert got == EXPECTED
    assert [(i.goal_no, i.indicator_no, i.goal, i.indicator) for i in result.indicators] == [
        (1, 1, BODY[1][0], "Predikat SAKIP"), (1, 2, BODY[1][0], BODY[2][1]), (1, 3, BODY[1][0], BODY[3][1]),
        (2, 1, BODY[4][0], BODY[4][1])]
    assert not result.targets and all(r.target_raw is None for r in result.results)


POOL = SHARED / "pool"
TANGSEL = sorted(p.name for p in POOL.glob("banten_tangsel_*_realisasi_tw2023.pdf")) if POOL.is_dir() else []


@cache
def _pool_file(name: str) -> DocumentResult:
    return extract_file((POOL / name).read_bytes(), name, Settings()).parts[0]


@pytest.mark.skipif(not TANGSEL, reason=f"{POOL} holds no banten_tangsel_* reports")
def test_the_pool_holds_the_reports_its_catalogue_lists() -> None:
    catalogue = json.loads((POOL / "catalogue.json").read_text(encoding="utf-8"))
    listed = sorted(e["file"] for e in catalogue if e["file"].startswith("banten_tangsel_"))
    assert listed == TANGSEL and len(TANGSEL) == 28


@pytest.mark.parametrize("name", TANGSEL)
def test_a_tangerang_selatan_report_is_read_on_every_page(name: str) -> None:
    """Every page continues the first page's table (no table left unread), programs number the
    goals, Triwulan III and IV are empty on every page of these mid-year reports."""
    result = _pool_file(name)
    document = result.document
    assert (document.kind, document.status, document.year) == ("measurement", "ok", 2023), result.findings
    assert not [f for f in result.findings if f.code == "table_not_extracted"]
    assert {r.period for r in result.results} == {"Q1", "Q2"}
    pages = {r.page for r in result.results}
    assert document.page_count and pages == set(range(1, document.page_count + 1))
    goals = [i.goal_no for i in result.indicators if i.goal_no is not None]
    assert goals == sorted(goals) and goals[0] == 1 and len(set(goals)) >= 2
    assert any(r.realised_budget_idr for r in result.results)
    # no heading names the unit: the table's own office row does, in capitals
    assert document.unit and document.unit.split()[0] in {"Dinas", "Badan", "Sekretariat", "Satuan",
                                                           "Inspektorat", "Kecamatan"}, document.unit


def test_a_report_is_the_unit_its_office_row_names() -> None:
    """No heading, no `Unit Kerja :` line: the office's own row names the unit, its name wrapped
    over the rows below it (Tangerang Selatan's BKPSDM report, page 1, as its grid reads), and a
    row that repeats the name is no part of it."""
    office = [["BADAN KEPEGAWAIAN", "", "-", "4.355.285.807", "", "9.274.621.486", "", "", "", "", "BKPSDM"],
              ["DAN PENGEMBANGAN", "", "", "4.355.285.807", "", "9.274.621.486", "", "", "", "", ""],
              ["SUMBER DAYA", *[""] * 10], ["MANUSIA", *[""] * 10],
              ["BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", *[""] * 9, "BKPSDM"]]
    document = Document()
    table = add_table(document, [HEADER, QUARTERS, MARKS, *office, *BODY[1:]])
    table.cell(0, 2).merge(table.cell(0, 9))
    result = extract_bytes(to_bytes(document), "realisasi.docx", Settings())
    assert (result.document.kind, result.document.unit) == (
        "measurement", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    assert extract_bytes(_word_report(), "realisasi.docx", Settings()).document.unit == \
        "Dinas Komunikasi dan Informatika"
