"""Two real Word agreements from West Java, read from ../shared/realworld (never committed here).

What the Layout must hold was read off the pages (LibreOffice rendering) and
the XML (/work/truth/*.docx.md describes both files); the rows are the ground
truth read off the pages. Where the domain parsers do not yet give the ground
truth from a correct Layout, the test is an expected failure that names the
parser change it waits for.
"""

from __future__ import annotations

from functools import cache

import pytest

from extractors.extract import extract_bytes
from extractors.model.layout import Grid, Layout, TextLine
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from extractors.readers.docx.reader import read_docx
from tests.paths import REALWORLD, REALWORLD_REASON

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason=REALWORLD_REASON)

DINKES = "jabar_dinkes_pk2017.docx"
DISHUB = "jabar_dishub_pk2016_appgenerated.docx"


@cache
def layout(name: str) -> Layout:
    return read_docx((REALWORLD / name).read_bytes(), Settings())


@cache
def extract(name: str) -> DocumentResult:
    return extract_bytes((REALWORLD / name).read_bytes(), name, Settings())


def texts(name: str) -> list[str]:
    return [b.text for b in layout(name).blocks() if isinstance(b, TextLine)]


def grids(name: str) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in b.rows] for b in layout(name).blocks() if isinstance(b, Grid)]


# ---- jabar_dinkes_pk2017.docx: borderless party and signature tables, list numbers, merges ----

DINKES_PK_TABLE = [
    ["NO.", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"],
    ["1", "2", "3", "4"],
    ["1.", "Meningkatnya kemandirian masyarakat untuk Hidup Sehat",
     "Persentase Rumah Tangga yang Berprilaku Hidup Bersih dan Sehat (PHBS)", "60%"],
    # goals 2-4: NO and SASARAN merged down their indicators; letters a.-d. are Word list numbers
    ["2.", "Menurunnya ratio Kematian Ibu dan Bayi", "a. Ratio kematian ibu", "88/100.000 KH"],
    ["", "", "b. Ratio kematian bayi", "5,6 /1000 KH"],
    ["", "", "c. Prevalensi Gizi Buruk", "0,56"],
    ["", "", "d. Cakupan Persalinan oleh Tenaga Kesehatan", "87%"],
    ["3.", "Meningkatnya upaya pencegahan, pemberantasan, pengendalian penyakit menular dan tidak menular",
     "a. Persentase desa/kelurahan yang mencapai UCI ≥ 90%", "92%"],
    ["", "", "b. Angka Keberhasilan Pengobatan  TB (Treatment Succes Rate)", "87%"],
    ["4.", "Meningkatkan sumber daya kesehatan sesuai dengan standar",
     "a. Jumlah Puskesmas yang sudah terakreditasi", "128"],
    ["", "", "b. Jumlah Rumah Sakit yang sudah terakreditasi", "80"],
    ["5.", "Terwujudnya Regulasi dan kebijakan Kesehatan",
     "Jumlah Dokumen regulasi kebijakan pembangunan kesehatan", "2 Dokumen"],
    ["6.", "Meningkatnya data Kesehatan yang komprehensif",
     "Jumlah Dokumen Data Prioritas Bidang Kesehatan Provinsi Jawa Barat", "1 Dokumen"],
]
DINKES_BUDGET = [  # (no, program, amount) as on pages 2-3; APBD for 1-6, APBN for 7-13
    (1, "Promosi Kesehatan", 4_325_170_000),
    (2, "Pengembangan Lingkungan Sehat", 2_674_840_000),
    (3, "Pelayanan Kesehatan", 160_427_065_470),
    (4, "Pengendalian Penyakit Menular dan Tidak Menular", 31_008_703_500),
    (5, "Sumber Daya Kesehatan", 315_751_615_601),
    (6, "Manajemen Kesehatan", 6_965_143_900),
    (7, "Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya Kementerian Kesehatan", 2_028_658_000),
    (8, "Penguatan Pelaksanaan Jaminan Kesehatan Nasional", 1_216_362_000),
    (9, "Pembinaan Kesehatan Masyarakat", 55_169_058_000),
    (10, "Pembinaan Pelayanan Kesehatan", 3_269_645_000),
    (11, "Pencegahan dan Pengendalian Penyakit", 13_513_265_000),
    (12, "Kefarmasian dan Alat Kesehatan", 1_632_601_000),
    (13, "Pengembangan Dan Pemberdayaan Sumber Daya Manuasia Kesehatan (PPSDMK)", 8_065_407_000),
]


def test_dinkes_pk_table_has_merged_goals_empty_below_and_the_list_letters() -> None:
    pk = next(g for g in grids(DINKES) if g[0][0] == "NO.")
    assert pk == DINKES_PK_TABLE


def test_dinkes_program_numbers_are_the_word_list_numbers() -> None:
    budget = next(g for g in grids(DINKES) if g[0] == ["Program", "Anggaran", "Keterangan"])
    assert [row[0] for row in budget[1:]] == [f"{n}. {name}" for n, name, _ in DINKES_BUDGET]
    assert budget[1][1:] == ["Rp.      4.325.170.000", "APBD"]  # `Rp.` and the amount share a cell
    assert budget[2][1] == "Rp       2.674.840.000"
    assert budget[4][2] == "APBD"  # the cell's extra empty paragraph draws no line


def test_dinkes_parties_tables_and_signature_blocks() -> None:
    assert grids(DINKES)[:2] == [
        [["Nama", ":", "dr. H. DODO SUHENDAR, MM."],
         ["Jabatan", ":", "KEPALA DINAS KESEHATAN PROVINSI JAWA BARAT"]],
        [["Nama", ":", "AHMAD HERYAWAN"], ["Jabatan", ":", "GUBERNUR PROVINSI JAWA BARAT"]],
    ]
    lines = texts(DINKES)
    first_signature = lines.index("PIHAK KEDUA, PIHAK KESATU,")
    assert lines[first_signature - 1].split() == ["Bandung,", "2017"]  # no day or month written
    assert lines[first_signature + 1:first_signature + 4] == [
        "AHMAD HERYAWAN dr. H. DODO SUHENDAR, MM.", "Pembina Utama Muda", "NIP. 19650928 199010 1001"]
    # the second block labels the parties by position; `KEPALA DINAS KESEHATAN` + w:br + `PROVINSI …`
    assert "KEPALA DINAS KESEHATAN" in lines and "GUBERNUR JAWA BARAT, PROVINSI JAWA BARAT," in lines
    assert lines.count("NIP. 19650928 199010 1001") == 2


def test_dinkes_positions_count_paragraphs_and_table_rows() -> None:
    blocks = layout(DINKES).pages[0].blocks
    title = next(b for b in blocks if isinstance(b, TextLine))
    assert (title.text, title.at.line, title.at.page) == ("PERJANJIAN KINERJA TAHUN 2017", 7, None)
    # 10 paragraphs, two 2-row party tables with a paragraph between, 4 paragraphs, the
    # signature table's row (20), the page-break paragraph, two headings: the PK table is rows 24-36
    pk = next(b for b in blocks if isinstance(b, Grid) and b.rows[0][0].text == "NO.")
    assert [row[0].at.line for row in pk.rows] == list(range(24, 37))


def test_dinkes_end_to_end_document_parties_and_budget() -> None:
    result = extract(DINKES)
    doc = result.document
    assert (doc.source_format, doc.status, doc.page_count, doc.ocr) == ("docx", "ok", None, False)
    assert (doc.title, doc.year, doc.issuer) == ("PERJANJIAN KINERJA TAHUN 2017", 2017, None)
    assert (doc.province, doc.regency, doc.signed_place, doc.signed_date) == (
        "Jawa Barat", None, "Bandung", None)
    first, second = result.parties
    assert (first.role, first.name, first.degrees, first.position) == (
        "first", "Dodo Suhendar", ("dr.", "H.", "MM."), "KEPALA DINAS KESEHATAN PROVINSI JAWA BARAT")
    assert (first.nip, first.rank, first.acting) == ("196509281990101001", "Pembina Utama Muda", False)
    assert (second.role, second.name, second.degrees, second.position, second.nip, second.rank) == (
        "second", "Ahmad Heryawan", (), "GUBERNUR PROVINSI JAWA BARAT", None, None)
    assert [(b.program_no, b.program, b.amount_idr) for b in result.budgets] == DINKES_BUDGET
    assert [b.funding_source for b in result.budgets] == ["APBD"] * 6 + ["APBN"] * 7
    assert all(b.page is None and b.line for b in result.budgets)


def test_dinkes_end_to_end_goals() -> None:
    result = extract(DINKES)
    got = [(i.goal_type, i.goal_no, i.indicator_no) for i in result.indicators]
    assert got == [("strategis", g, k) for g, n in [(1, 1), (2, 4), (3, 2), (4, 2), (5, 1), (6, 1)]
                   for k in range(1, n + 1)]
    assert [i.goal for i in result.indicators][3] == "Menurunnya ratio Kematian Ibu dan Bayi"
    assert [i.line for i in result.indicators] == [26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36]


def test_dinkes_end_to_end_indicators_and_targets_as_on_the_page() -> None:
    result = extract(DINKES)
    got = [(i.indicator, i.target_raw, i.target_value, i.target_percent) for i in result.indicators]
    assert got == [
        ("Persentase Rumah Tangga yang Berprilaku Hidup Bersih dan Sehat (PHBS)", "60%", 60.0, True),
        ("Ratio kematian ibu", "88/100.000 KH", 88.0, False),
        ("Ratio kematian bayi", "5,6 /1000 KH", 5.6, False),
        ("Prevalensi Gizi Buruk", "0,56", 0.56, False),
        ("Cakupan Persalinan oleh Tenaga Kesehatan", "87%", 87.0, True),
        ("Persentase desa/kelurahan yang mencapai UCI ≥ 90%", "92%", 92.0, True),
        ("Angka Keberhasilan Pengobatan TB (Treatment Succes Rate)", "87%", 87.0, True),
        ("Jumlah Puskesmas yang sudah terakreditasi", "128", 128.0, False),
        ("Jumlah Rumah Sakit yang sudah terakreditasi", "80", 80.0, False),
        ("Jumlah Dokumen regulasi kebijakan pembangunan kesehatan", "2 Dokumen", 2.0, False),
        ("Jumlah Dokumen Data Prioritas Bidang Kesehatan Provinsi Jawa Barat", "1 Dokumen", 1.0, False),
    ]
    assert {t.period for t in result.targets} == {"annual"}


def test_dinkes_unit() -> None:
    assert extract(DINKES).document.unit == "Dinas Kesehatan"


# ---- jabar_dishub_pk2016_appgenerated.docx: statement page in a text box, LF-stacked cells ----


def test_dishub_statement_page_is_read_in_place_from_its_text_box() -> None:
    blocks = layout(DISHUB).pages[0].blocks
    shown = [b.text if isinstance(b, TextLine) else [[c.text for c in r] for r in b.rows] for b in blocks]
    # letterhead paragraphs, then the box anchored after them, then page 2's heading
    assert shown[:13] == [
        "DINAS PERHUBUNGAN",
        "PROVINSI JAWA BARAT",
        "PERJANJIAN KINERJA TAHUN 2016",
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
        "berorientasi pada hasil, yang bertanda tangan di bawah ini :",
        [["Nama", ": Dr.H. DEDI TAUFIK, M.SI."],
         ["Jabatan", ": Kepala Dinas Perhubungan Provinsi Jawa Barat"]],
        "Selanjutnya disebut PIHAK PERTAMA",
        [["Nama", ": AHMAD HERYAWAN"], ["Jabatan", ": GUBERNUR"]],
        "selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA",
        shown[8],  # PIHAK PERTAMA berjanji …
        shown[9],  # PIHAK KEDUA akan melakukan supervisi …
        "Bandung, ............... 2016",
        [["PIHAK KEDUA,", "PIHAK KESATU,"]],
        shown[12],  # both names in one paragraph, spaces between
    ]
    assert shown[8].startswith("PIHAK PERTAMA berjanji") and shown[9].startswith("PIHAK KEDUA akan")
    assert shown[12].split("  ")[0] == "AHMAD HERYAWAN" and shown[12].endswith("Dr.H. DEDI TAUFIK, M.SI.")
    assert shown[13] == "PERJANJIAN KINERJA TAHUN 2016"


def test_dishub_indicators_of_a_goal_are_lines_of_one_cell() -> None:
    pk = next(g for g in grids(DISHUB) if g[0][0] == "No.")
    budget = next(g for g in grids(DISHUB) if g[0][0] == "Program")
    assert pk[:2] == [["No.", "Sasaran Strategis", "Indikator Kinerja", "Target"],
                      ["(1)", "(2)", "(3)", "(4)"]]
    assert pk[2] == [
        "1", "Meningkatnya kualitas pelayanan moda transportasi umum",
        "Prosentase keikutsertaan kabupaten/kota dalam WTN\n"
        "Prosentase kepemilikan armada angkutan umum (AKDP) perseorangan menjadi badan hukum\n"
        "Prosentase ketersediaan AKDP di Jawa Barat",
        "55.56 persen\n50.12 persen\n94.00 persen",
    ]
    assert [len(row[2].split("\n")) for row in pk[2:6]] == [3, 2, 3, 1]
    assert [row[3].split("\n") for row in pk[3:6]] == [
        ["79.00 persen", "100.00 persen"], ["66.67 persen", "74.29 persen", "45.64 persen"], ["21.00 persen"]]
    assert pk[6] == ["", "", "", ""]  # the empty last row
    assert budget == [["Program", "", "Anggaran", "", "Keterangan"]]  # header only, two gridSpan 2 cells


def test_dishub_end_to_end_document_and_parties() -> None:
    result = extract(DISHUB)
    doc = result.document
    assert (doc.source_format, doc.status, doc.title, doc.year) == (
        "docx", "ok", "PERJANJIAN KINERJA TAHUN 2016", 2016)
    assert (doc.province, doc.regency, doc.unit) == ("Jawa Barat", None, "Dinas Perhubungan")
    first, second = result.parties
    assert (first.role, first.name, first.degrees, first.position, first.nip) == (
        "first", "Dedi Taufik", ("Dr.", "H.", "M.SI."), "Kepala Dinas Perhubungan Provinsi Jawa Barat", None)
    assert (second.role, second.name, second.position, second.nip) == (
        "second", "Ahmad Heryawan", "GUBERNUR", None)
    assert [i.goal_no for i in result.indicators][-1] == 4


def test_dishub_end_to_end_nine_indicators() -> None:
    result = extract(DISHUB)
    got = [(i.goal_no, i.indicator_no, i.target_raw, i.target_value, i.target_percent)
           for i in result.indicators]
    assert got == [(1, 1, "55.56 persen", 55.56, True), (1, 2, "50.12 persen", 50.12, True),
                   (1, 3, "94.00 persen", 94.0, True), (2, 1, "79.00 persen", 79.0, True),
                   (2, 2, "100.00 persen", 100.0, True), (3, 1, "66.67 persen", 66.67, True),
                   (3, 2, "74.29 persen", 74.29, True), (3, 3, "45.64 persen", 45.64, True),
                   (4, 1, "21.00 persen", 21.0, True)]


def test_dishub_end_to_end_no_budget_rows() -> None:
    assert extract(DISHUB).budgets == ()


def test_dishub_signed_place() -> None:
    assert (extract(DISHUB).document.signed_place, extract(DISHUB).document.signed_date) == ("Bandung", None)
