"""The Word reader: what a .docx built by the tests gives as a Layout, and end to end.

Each test builds the document it reads with python-docx (XML where python-docx
has no API) and says, from how the page would look, what the Layout holds. What is not
content, and files that are no readable .docx: test_docx_not_content.py.
"""

from __future__ import annotations

import pytest
from docx import Document

from extractors.extract import extract_bytes
from extractors.model.layout import Grid, Layout, TextLine
from extractors.model.settings import Settings
from extractors.readers.docx.reader import read_docx
from tests.fixtures.docx import (
    add_list,
    add_table,
    add_text_box,
    number,
    restart_list,
    set_cell_lines,
    to_bytes,
)

SETTINGS = Settings()


def read(doc: Document) -> Layout:
    return read_docx(to_bytes(doc), SETTINGS)


def texts(layout: Layout) -> list[str]:
    return [b.text for b in layout.blocks() if isinstance(b, TextLine)]


def grids(layout: Layout) -> list[Grid]:
    return [b for b in layout.blocks() if isinstance(b, Grid)]


def cells(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


# ---- order, provenance, text hygiene -------------------------------------------------------


def test_paragraphs_and_tables_in_document_order_with_their_position() -> None:
    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    doc.add_paragraph("")
    add_table(doc, [["No", "Program"], ["1", "Program A"]])
    doc.add_paragraph("Bandung, 1 Agustus 2021")
    layout = read(doc)
    assert layout.source_format == "docx" and layout.page_count is None and not layout.ocr
    assert [p.number for p in layout.pages] == [None]
    first, grid, last = layout.pages[0].blocks
    assert isinstance(first, TextLine) and (first.text, first.at.line, first.at.page) == (
        "PERJANJIAN KINERJA TAHUN 2021", 1, None)
    # the empty paragraph is position 2; the table's rows are positions 3 and 4
    assert isinstance(grid, Grid) and grid.method == "docx-table"
    assert cells(grid) == [["No", "Program"], ["1", "Program A"]]
    assert [row[0].at.line for row in grid.rows] == [3, 4] and grid.at.line == 3
    assert isinstance(last, TextLine) and (last.text, last.at.line) == ("Bandung, 1 Agustus 2021", 5)


def test_text_is_nfkc_normalised() -> None:
    doc = Document()
    # mathematical bold letters, a no-break space, a ligature
    doc.add_paragraph("𝐏𝐄𝐑𝐉𝐀𝐍𝐉𝐈𝐀𝐍 KINERJA\u00a0TAHUN 2021 ﬁnal")
    assert texts(read(doc)) == ["PERJANJIAN KINERJA TAHUN 2021 final"]


# ---- merged cells ---------------------------------------------------------------------------


def test_merged_cells_leave_the_slots_they_cover_empty_as_a_ruled_pdf_grid_does() -> None:
    doc = Document()
    table = add_table(doc, [
        ["NO", "Indikator", "Triwulan", "", "", "", "Tahunan"],
        ["", "", "I", "II", "III", "IV", ""],
        ["1", "Indeks kepuasan", "80", "82", "84", "86", "86"],
        ["", "Persentase serapan", "25%", "50%", "75%", "100%", "100%"],
    ])
    table.cell(0, 2).merge(table.cell(0, 5))  # Triwulan over its four quarters (gridSpan 4)
    table.cell(0, 0).merge(table.cell(1, 0))  # NO over both header rows (vMerge)
    table.cell(0, 6).merge(table.cell(1, 6))
    table.cell(2, 0).merge(table.cell(3, 0))  # goal number 1 over its two indicators
    (grid,) = grids(read(doc))
    assert cells(grid) == [
        ["NO", "Indikator", "Triwulan", "", "", "", "Tahunan"],
        ["", "", "I", "II", "III", "IV", ""],
        ["1", "Indeks kepuasan", "80", "82", "84", "86", "86"],
        ["", "Persentase serapan", "25%", "50%", "75%", "100%", "100%"],
    ]


def test_a_merged_goal_carries_down_to_its_indicators_end_to_end() -> None:
    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    table = add_table(doc, [
        ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
        ["1", "Meningkatnya derajat kesehatan", "Angka harapan hidup", "74,5"],
        ["", "", "Prevalensi stunting", "14%"],
    ])
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    result = extract_bytes(to_bytes(doc), "pk.docx", SETTINGS)
    got = [(i.goal_no, i.goal, i.indicator_no, i.indicator, i.target_value, i.line)
           for i in result.indicators]
    assert got == [
        (1, "Meningkatnya derajat kesehatan", 1, "Angka harapan hidup", 74.5, 3),
        (1, "Meningkatnya derajat kesehatan", 2, "Prevalensi stunting", 14.0, 4),
    ]
    assert all(i.page is None for i in result.indicators)


# ---- lines inside a cell, nested tables, frames ----------------------------------------------


def test_line_breaks_and_paragraphs_in_a_cell_are_lines_of_that_cell() -> None:
    doc = Document()
    table = add_table(doc, [["Indikator", "Target"], ["", "100%"]])
    cell = table.cell(1, 0)
    run = cell.paragraphs[0].add_run("Persentase penyelesaian")
    run.add_break()  # w:br inside the paragraph
    cell.paragraphs[0].add_run("rencana aksi")
    cell.add_paragraph("")  # an empty paragraph draws no line
    cell.add_paragraph("(nomor 20)")
    (grid,) = grids(read(doc))
    assert cells(grid) == [["Indikator", "Target"],
                           ["Persentase penyelesaian\nrencana aksi\n(nomor 20)", "100%"]]


def test_a_table_inside_a_cell_gives_that_cell_one_line_per_row() -> None:
    doc = Document()
    outer = add_table(doc, [["Program", "Anggaran"], ["Program A", ""]])
    inner = add_table(outer.cell(1, 1), [["APBD", "Rp 1.000.000"], ["APBN", "Rp 500.000"]])
    assert inner is not None
    (grid,) = grids(read(doc))
    assert cells(grid) == [["Program", "Anggaran"], ["Program A", "APBD Rp 1.000.000\nAPBN Rp 500.000"]]


def test_a_one_column_frame_is_read_as_its_content() -> None:
    doc = Document()
    frame = doc.add_table(rows=1, cols=1)
    frame.style = "Table Grid"
    frame.cell(0, 0).text = "PERJANJIAN KINERJA TAHUN 2021"
    add_table(frame.cell(0, 0), [["No", "Program"], ["1", "Program A"]])
    layout = read(doc)
    assert texts(layout) == ["PERJANJIAN KINERJA TAHUN 2021"]
    assert [cells(g) for g in grids(layout)] == [[["No", "Program"], ["1", "Program A"]]]


# ---- text boxes --------------------------------------------------------------------------------


@pytest.mark.parametrize("modern", [False, True], ids=["vml", "alternate-content"])
def test_a_text_box_is_read_in_place_once(modern: bool) -> None:
    doc = Document()
    doc.add_paragraph("DINAS PERHUBUNGAN")
    anchor = doc.add_paragraph()
    add_text_box(anchor, ["PERJANJIAN KINERJA TAHUN 2016", "Nama\t: AHMAD HERYAWAN"], modern=modern)
    doc.add_paragraph("Bandung, 2016")
    layout = read(doc)
    blocks = layout.pages[0].blocks
    assert [b.text if isinstance(b, TextLine) else cells(b) for b in blocks] == [
        "DINAS PERHUBUNGAN",
        "PERJANJIAN KINERJA TAHUN 2016",
        [["Nama", ": AHMAD HERYAWAN"]],  # tab-laid, as in the text reader
        "Bandung, 2016",
    ]
    # the box's paragraphs count where the box is anchored: after paragraph 2, before the next
    assert [b.at.line for b in blocks] == [1, 3, 4, 5]


def test_a_text_box_in_a_cell_gives_lines_of_that_cell() -> None:
    doc = Document()
    table = add_table(doc, [["Target", "Keterangan"], ["100%", ""]])
    add_text_box(table.cell(1, 1).paragraphs[0], ["APBD", "Provinsi"])
    (grid,) = grids(read(doc))
    assert cells(grid)[1] == ["100%", "APBD\nProvinsi"]


# ---- tabs ------------------------------------------------------------------------------------


def test_a_block_laid_out_with_tabs_is_a_grid_as_in_the_text_reader() -> None:
    doc = Document()
    doc.add_paragraph("\tselanjutnya disebut PIHAK PERTAMA")  # indented only: prose
    for line in ["No.\tProgram\tAnggaran\tKeterangan",
                 "1.\tProgram Pelayanan Administrasi\tRp 1.250.000.000\tAPBD",
                 "",  # a blank paragraph inside the block, as text renderings have blank lines
                 "2.\tProgram Peningkatan Sarana\tRp 750.000.000\tAPBD",
                 "JUMLAH\t\tRp 2.000.000.000"]:
        doc.add_paragraph(line)
    doc.add_paragraph("Bandung, 1 Agustus 2021")
    layout = read(doc)
    assert texts(layout) == ["selanjutnya disebut PIHAK PERTAMA", "Bandung, 1 Agustus 2021"]
    (grid,) = grids(layout)
    assert grid.method == "tabs"
    assert cells(grid) == [
        ["No.", "Program", "Anggaran", "Keterangan"],
        ["1.", "Program Pelayanan Administrasi", "Rp 1.250.000.000", "APBD"],
        ["2.", "Program Peningkatan Sarana", "Rp 750.000.000", "APBD"],
        ["JUMLAH", "", "Rp 2.000.000.000", ""],
    ]
    assert [r[0].at.line for r in grid.rows] == [2, 3, 5, 6]


def test_tabs_that_indent_every_row_are_no_column() -> None:
    doc = Document()
    doc.add_paragraph("\tNama\t: Dr.H. DEDI TAUFIK, M.SI.")
    doc.add_paragraph("\tJabatan\t: Kepala Dinas Perhubungan")
    (grid,) = grids(read(doc))
    assert cells(grid) == [["Nama", ": Dr.H. DEDI TAUFIK, M.SI."], ["Jabatan", ": Kepala Dinas Perhubungan"]]


def test_a_tab_laid_budget_block_gives_budget_rows_end_to_end() -> None:
    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    for line in ["No.\tProgram\tAnggaran\tKeterangan",
                 "1\tProgram Pelayanan Administrasi\tRp 1.250.000.000\tAPBD",
                 "2\tProgram Peningkatan Sarana\tRp 750.000.000\tAPBD",
                 "\tJUMLAH\tRp 2.000.000.000\t"]:
        doc.add_paragraph(line)
    result = extract_bytes(to_bytes(doc), "budget.docx", SETTINGS)
    assert [(b.program_no, b.program, b.amount_idr, b.funding_source, b.line) for b in result.budgets] == [
        (1, "Program Pelayanan Administrasi", 1_250_000_000, "APBD", 3),
        (2, "Program Peningkatan Sarana", 750_000_000, "APBD", 4),
    ]
    assert "budget_total_mismatch" not in [f.code for f in result.findings]


# ---- signature blocks --------------------------------------------------------------------------


def _signature_table(doc: Document) -> None:
    table = add_table(doc, [["", ""]], ruled=False)
    set_cell_lines(table.cell(0, 0), ["", "PIHAK KEDUA,", "", "", "", "RIDWAN KAMIL"])
    set_cell_lines(table.cell(0, 1), ["Bandung, 1 Agustus 2021", "PIHAK PERTAMA,", "", "", "",
                                      "dr. Ani Rahma, M.Kes", "Pembina Tk. I", "NIP. 19840819 200212 2 001"])


def test_a_borderless_signature_table_is_read_line_by_line_as_the_page_shows_it() -> None:
    doc = Document()
    _signature_table(doc)
    layout = read(doc)
    assert not grids(layout)
    assert texts(layout) == [
        "Bandung, 1 Agustus 2021",
        "PIHAK KEDUA, PIHAK PERTAMA,",
        "RIDWAN KAMIL dr. Ani Rahma, M.Kes",
        "Pembina Tk. I",
        "NIP. 19840819 200212 2 001",
    ]
    assert {b.at.line for b in layout.blocks()} == {1}  # all from the table's one row


def test_a_ruled_table_with_blank_lines_in_a_cell_stays_a_grid() -> None:
    doc = Document()
    table = add_table(doc, [["Pengukuran", "Target"], ["", "100%"]])
    set_cell_lines(table.cell(1, 0), ["a) penyerapan anggaran", "", "b) efisiensi"])
    set_cell_lines(table.cell(1, 1), ["100%", "", "90%"])
    (grid,) = grids(read(doc))
    assert cells(grid)[1] == ["a) penyerapan anggaran\nb) efisiensi", "100%\n90%"]


def _agreement(doc: Document) -> None:
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    doc.add_paragraph("DINAS KESEHATAN PROVINSI JAWA BARAT")
    add_table(doc, [["Nama", ":", "dr. Ani Rahma, M.Kes"],
                    ["Jabatan", ":", "Kepala Dinas Kesehatan Provinsi Jawa Barat"]], ruled=False)
    doc.add_paragraph("selanjutnya disebut PIHAK PERTAMA")
    add_table(doc, [["Nama", ":", "RIDWAN KAMIL"], ["Jabatan", ":", "Gubernur Jawa Barat"]], ruled=False)
    doc.add_paragraph("selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA")
    _signature_table(doc)
    add_table(doc, [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
                    ["1", "Meningkatnya derajat kesehatan", "Angka harapan hidup", "74,5"]])


def test_parties_from_borderless_tables_and_a_signature_table_end_to_end() -> None:
    doc = Document()
    _agreement(doc)
    result = extract_bytes(to_bytes(doc), "pk.docx", SETTINGS)
    assert result.document.source_format == "docx" and result.document.status == "ok"
    first, second = result.parties
    assert (first.role, first.name, first.degrees, first.position) == (
        "first", "Ani Rahma", ("dr.", "M.Kes"), "Kepala Dinas Kesehatan Provinsi Jawa Barat")
    assert (first.nip, first.rank, first.nip_gender) == ("198408192002122001", "Pembina Tk. I", "female")
    assert (second.role, second.name, second.nip) == ("second", "Ridwan Kamil", None)
    assert (result.document.signed_place, str(result.document.signed_date)) == ("Bandung", "2021-08-01")


# ---- list numbering --------------------------------------------------------------------------


def test_word_list_numbers_are_the_paragraphs_number_text() -> None:
    doc = Document()
    num = add_list(doc, [("decimal", "%1."), ("lowerLetter", "%2.")])
    for text, level in [("Program A", 0), ("Kegiatan satu", 1), ("Kegiatan dua", 1), ("Program B", 0),
                        ("Kegiatan tiga", 1)]:
        number(doc.add_paragraph(text), num, level)
    again = restart_list(doc, num)
    number(doc.add_paragraph("Program baru"), again)
    roman = add_list(doc, [("upperRoman", "%1)")], start=3)
    number(doc.add_paragraph("Bagian"), roman)
    bullets = add_list(doc, [("bullet", "•")])
    number(doc.add_paragraph("butir tanpa nomor"), bullets)
    assert texts(read(doc)) == [
        "1. Program A", "a. Kegiatan satu", "b. Kegiatan dua", "2. Program B", "a. Kegiatan tiga",
        "1. Program baru", "III) Bagian", "butir tanpa nomor",
    ]


def test_list_letters_inside_table_cells_restart_per_list() -> None:
    doc = Document()
    table = add_table(doc, [["No", "Indikator"], ["1.", ""], ["", ""], ["2.", ""]])
    goal_one, goal_two = add_list(doc, [("lowerLetter", "%1.")]), add_list(doc, [("lowerLetter", "%1.")])
    for row, text, num in [(1, "Ratio kematian ibu", goal_one), (2, "Ratio kematian bayi", goal_one),
                           (3, "Jumlah Puskesmas", goal_two)]:
        paragraph = table.cell(row, 1).paragraphs[0]
        paragraph.add_run(text)
        number(paragraph, num)
    (grid,) = grids(read(doc))
    assert [r[1] for r in cells(grid)] == [
        "Indikator", "a. Ratio kematian ibu", "b. Ratio kematian bayi", "a. Jumlah Puskesmas"]


def test_numbered_program_cells_give_program_numbers_end_to_end() -> None:
    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    table = add_table(doc, [["Program", "Anggaran", "Keterangan"], ["", "Rp. 4.325.170.000", "APBD"],
                            ["", "Rp 2.674.840.000", "APBN"]], ruled=False)
    programs = add_list(doc, [("decimal", "%1.")])
    for row, text in [(1, "Promosi Kesehatan"), (2, "Pengembangan Lingkungan Sehat")]:
        paragraph = table.cell(row, 0).paragraphs[0]
        paragraph.add_run(text)
        number(paragraph, programs)
    result = extract_bytes(to_bytes(doc), "budget.docx", SETTINGS)
    assert [(b.program_no, b.program, b.amount_idr, b.funding_source) for b in result.budgets] == [
        (1, "Promosi Kesehatan", 4_325_170_000, "APBD"),
        (2, "Pengembangan Lingkungan Sehat", 2_674_840_000, "APBN"),
    ]
