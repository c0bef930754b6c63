"""The Word reader: what a .docx built by the tests gives as a Layout, and end to end.

Each test builds the document it reads with python-docx (XML where python-docx
has no API) and says, from how the page would look, what the Layout holds.
"""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from extractors.extract import extract_bytes
from extractors.model.layout import Grid, Layout, TextLine
from extractors.model.settings import Settings
from extractors.readers import read_bytes, sniff
from extractors.readers.docx.reader import read_docx
from tests.fixtures.docx import (
    add_list,
    add_table,
    add_text_box,
    deleted_run,
    hidden_run,
    number,
    old_word_doc,
    ole_file,
    restart_list,
    rezip,
    set_cell_lines,
    shade,
    to_bytes,
    white_run,
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


# ---- what is not content ---------------------------------------------------------------------


def test_hidden_white_and_deleted_text_is_not_content() -> None:
    doc = Document()
    p = doc.add_paragraph("Target kinerja ")
    hidden_run(p, "CATATAN REVIEWER: cek lagi ")
    white_run(p, "kata kunci tersembunyi ")
    deleted_run(p, "90% ")
    p.add_run("100%")
    style = doc.styles.add_style("Tersembunyi", WD_STYLE_TYPE.CHARACTER)  # a style that hides its runs
    style.font.hidden = True
    doc.add_paragraph().add_run("draf lama", style="Tersembunyi")
    table = add_table(doc, [["Header putih", "Biasa"]])
    white_run(table.cell(0, 0).paragraphs[0], " di atas biru")  # white on a dark cell: visible
    shade(table.cell(0, 0), "1F3864")
    white_run(table.cell(0, 1).paragraphs[0], " di atas putih")
    layout = read(doc)
    assert texts(layout) == ["Target kinerja 100%"]
    assert cells(grids(layout)[0]) == [["Header putih di atas biru", "Biasa"]]


def test_headers_footers_and_comments_are_not_content() -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Dokumen rahasia - kepala halaman"
    doc.sections[0].footer.paragraphs[0].text = "Halaman 1 dari 3"
    p = doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    doc.add_comment(p.runs, text="Komentar: ganti tahunnya", author="Reviewer")
    assert texts(read(doc)) == ["PERJANJIAN KINERJA TAHUN 2021"]


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


# ---- files that are no readable .docx ------------------------------------------------------


def _small_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    return to_bytes(doc)


def _zip_of(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _needs_zip_version(data: bytes, version: int) -> bytes:
    """A ZIP whose directory says its first entry needs a newer unzipper than Python's."""
    at = data.find(b"PK\x01\x02") + 6
    return data[:at] + bytes([version]) + data[at + 1:]


@pytest.mark.parametrize("name, data, says", [
    ("truncated.docx", lambda: _small_docx()[: len(_small_docx()) // 2], "truncated or damaged"),
    ("no_body.docx", lambda: rezip(_small_docx(), drop="word/document.xml"), "word/document.xml"),
    ("broken_xml.docx", lambda: rezip(_small_docx(), replace={
        "word/document.xml": b"<w:document xmlns:w='urn:x'><w:body><w:p>"}), "word/document.xml"),
    ("future_zip.docx", lambda: _needs_zip_version(_small_docx(), 255), "could not be opened"),
    ("old.doc", old_word_doc, "save it as a Word document (.docx) or export it as PDF"),
    ("sheet.xlsx", lambda: _zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
     "Excel workbook"),
    ("photos.zip", lambda: _zip_of({"scan1.jpg": b"\xff\xd8\xff"}), "a ZIP archive"),
])
def test_a_file_that_is_no_readable_docx_fails_with_a_finding(name: str, data, says: str) -> None:
    result = extract_bytes(data(), name, SETTINGS)
    assert result.document.status == "failed"
    (finding,) = result.findings
    assert finding.code == "unreadable_file" and finding.severity == "error"
    assert says in finding.message, finding.message
    assert finding.message.endswith(".") and finding.message.count(". ") == 0  # one sentence


def test_sniffing_tells_word_files_from_other_containers() -> None:
    assert sniff(_small_docx()) == ("docx", "a Word document (.docx)")
    assert sniff(_small_docx()[:600])[0] == "docx"  # the local headers still name word/ parts
    assert sniff(old_word_doc()) == (None, "an old Word 97-2003 document (.doc)")
    encrypted = ole_file("EncryptionInfo", "EncryptedPackage")  # a .docx saved with a password
    assert sniff(encrypted) == (None, "a password-protected Office document")


def test_a_docx_is_read_whatever_its_name() -> None:
    layout = read_bytes(_small_docx(), "lampiran.bin", SETTINGS)
    assert layout.source_format == "docx" and texts(layout) == ["PERJANJIAN KINERJA TAHUN 2021"]


def test_any_damage_to_a_docx_is_a_finding_never_an_exception() -> None:
    import random

    data = _small_docx()
    rng = random.Random(5)
    damaged = [data[:cut] for cut in range(100, len(data), len(data) // 25)]
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))  # the ZIP's last entry
    for k in range(50):
        flipped = bytearray(data)
        for _ in range(rng.randrange(1, 12)):  # anywhere, or in the directory that names the parts
            flipped[rng.randrange(directory if k % 2 else 0, len(flipped))] = rng.randrange(256)
        damaged.append(bytes(flipped))
    intact = extract_bytes(data, "intact.docx", SETTINGS)  # a title alone: `partial`, no parties
    for bad in damaged:
        result = extract_bytes(bad, "damaged.docx", SETTINGS)
        if result.document.status == "failed":
            assert [f.code for f in result.findings] == ["unreadable_file"]
        else:  # the damage missed what is read
            assert result.document.title == intact.document.title
