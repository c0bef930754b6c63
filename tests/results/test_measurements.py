"""A Pengukuran Kinerja typed in Word (`No | Sasaran | Indikator Kinerja | Satuan | Target |
Realisasi | Capaian (%)`), as its text rendering, as the .docx and as LibreOffice's PDF export:
every indicator gives its result, field for field, and the file is read as a measurement.

The expected rows are the table below as typed: what the page shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from extractors.extract import extract_bytes, parse_file
from extractors.model.layout import Cell, Grid, Layout, Page, Span, TextLine
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from tests.fixtures.docx import add_table, set_cell_lines, to_bytes
from tests.fixtures.office import OfficeOptions, build_docx, convert_to_pdf, soffice
from tests.paths import IN_CI

MEASUREMENT = """PENGUKURAN KINERJA TAHUN 2023
DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN PRINGSEWU

No\tSasaran\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)
1\tMeningkatnya layanan informasi publik\tIndeks Keterbukaan Informasi Publik\tIndeks\t80\t84,5\t105,63
\t\tPersentase aduan masyarakat yang ditindaklanjuti\t%\t100\t80\t80
2\tMeningkatnya akuntabilitas kinerja\tPredikat SAKIP\tPredikat\tA\tBB\t-
\t\tJumlah temuan BPK yang belum ditindaklanjuti\tTemuan\t5\t4\t125
3\tMeningkatnya pemanfaatan aplikasi\tJumlah aplikasi terintegrasi\tAplikasi\t12\t15\t125
"""
# (goal, indicator) -> target raw/value/percent/label, realised raw/value/percent/label,
# achievement raw/number, as the table above shows them
EXPECTED = {
    (1, 1): ("80", 80.0, False, None, "84,5", 84.5, False, None, "105,63", 105.63),
    (1, 2): ("100", 100.0, True, None, "80", 80.0, True, None, "80", 80.0),
    (2, 1): ("A", None, False, "A", "BB", None, False, "BB", "-", None),
    (2, 2): ("5", 5.0, False, None, "4", 4.0, False, None, "125", 125.0),
    (3, 1): ("12", 12.0, False, None, "15", 15.0, False, None, "125", 125.0),
}
INDICATORS = ["Indeks Keterbukaan Informasi Publik", "Persentase aduan masyarakat yang ditindaklanjuti",
              "Predikat SAKIP", "Jumlah temuan BPK yang belum ditindaklanjuti",
              "Jumlah aplikasi terintegrasi"]


def _rows(result: DocumentResult) -> dict[tuple, tuple]:
    return {(r.goal_no, r.indicator_no): (
        " ".join((r.target_raw or "").split()) or None, r.target_value, r.target_percent, r.target_label,
        " ".join((r.realised_raw or "").split()) or None, r.realised_value, r.realised_percent,
        r.realised_label, r.achievement_raw, r.achievement_pct) for r in result.results}


def _holds_the_table(result: DocumentResult) -> None:
    assert (result.document.kind, result.document.status) == ("measurement", "ok"), result.findings
    assert result.document.year == 2023
    assert {r.period for r in result.results} == {"annual"}
    assert _rows(result) == EXPECTED
    measured = [i for i in result.indicators if i.form == "pengukuran_kinerja"]
    assert [" ".join((i.indicator or "").split()) for i in measured] == INDICATORS
    assert [(t.goal_no, t.indicator_no, t.period) for t in result.targets] == [
        (g, n, "annual") for g, n in EXPECTED]
    assert not result.parties and not result.budgets


def test_the_text_rendering_gives_every_result() -> None:
    _holds_the_table(extract_bytes(MEASUREMENT.encode("utf-8"), "pengukuran.txt", Settings()))


def test_the_word_file_gives_every_result(tmp_path: Path) -> None:
    path = build_docx(MEASUREMENT, tmp_path / "pengukuran.docx", OfficeOptions(ruled=True))
    _holds_the_table(extract_bytes(path.read_bytes(), path.name, Settings()))


@pytest.mark.skipif(soffice() is None and not IN_CI, reason="LibreOffice is not installed")
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_the_libreoffice_export_gives_every_result(tmp_path: Path, ruled: bool) -> None:
    docx = build_docx(MEASUREMENT, tmp_path / "pengukuran.docx", OfficeOptions(ruled=ruled))
    (pdf,) = convert_to_pdf([docx], tmp_path)
    result = extract_bytes(pdf.read_bytes(), pdf.name, Settings())
    _holds_the_table(result)
    assert all(r.page == 1 for r in result.results)


def test_results_hold_against_their_numbers() -> None:
    """A written Capaian that neither ratio gives, and a realisation whose target is empty, are
    found; a lower-is-better achievement (target ÷ realised) and a rounded one are not."""
    text = MEASUREMENT.replace("\t80\t84,5\t105,63", "\t80\t84,5\t110").replace(
        "\t12\t15\t125", "\t\t15\t")
    result = extract_bytes(text.encode("utf-8"), "pengukuran.txt", Settings())
    found = {(f.code, f.severity): f.message for f in result.findings}
    assert set(found) == {("achievement_mismatch", "warning"), ("realised_without_target", "warning")}
    assert "Goal 1 indicator 1" in found[("achievement_mismatch", "warning")]
    assert "'110'" in found[("achievement_mismatch", "warning")]
    assert "Goal 3 indicator 1" in found[("realised_without_target", "warning")]


def test_an_indicator_not_yet_realised_is_no_result() -> None:
    """A row whose Realisasi and Capaian cells are empty measured nothing: no result, no
    indicator, and its goal's number is no row lost."""
    text = MEASUREMENT.replace("\t12\t15\t125", "\t12\t\t")
    result = extract_bytes(text.encode("utf-8"), "pengukuran.txt", Settings())
    assert (result.document.status, result.findings) == ("ok", ())
    assert sorted(_rows(result)) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert [i.goal_no for i in result.indicators] == [1, 1, 2, 2]


def test_a_table_read_short_is_an_error() -> None:
    """A Word cell numbering two indicators (`1. …`, `2. …`) beside one target: the table shows
    more indicators than were read, and says so as an error."""
    document = Document()
    document.add_paragraph("PENGUKURAN KINERJA TAHUN 2023")
    rows = [line.split("\t") for line in MEASUREMENT.splitlines() if "\t" in line]
    table = add_table(document, rows)
    set_cell_lines(table.cell(len(rows) - 1, 2),
                   ["1. Jumlah aplikasi terintegrasi", "2. Jumlah layanan daring"])
    result = extract_bytes(to_bytes(document), "pengukuran.docx", Settings())
    missing = [f for f in result.findings if f.code == "rows_missing"]
    assert [f.severity for f in missing] == ["error"] and "shows 6 indicators but 5" in missing[0].message
    assert result.document.status == "partial"


def test_a_header_cell_whose_words_stand_above_and_below_the_header_row() -> None:
    """The grid a ruled Word-born PDF gave (Jabar ESDM's `DATA PENCAPAIAN TARGET KINERJA`): the
    tall `Capaian s.d. Triwulan IV 2016` cell set its words on the rows above and below the one
    holding `No | Indikator Kinerja | Target`. Put back together, the column is the achievement,
    and the sheet is a measurement of 2016, not a file refused."""
    rows = [["", "", "", "Capaian s.d."],
            ["No", "Indikator Kinerja", "Target", ""],
            ["", "", "", "Triwulan IV 2016"],
            ["", "", "", ""],
            ["1.", "Jumlah gedung kantor yang melakukan penghematan energi", "60 %", "36,57%"],
            ["Cara Perhitungan: % pelaporan OPD + % bangunan dilaporkan", "", "", ""]]
    lines = [TextLine(t, Span(page=1, line=k + 1))
             for k, t in enumerate(("DATA PENCAPAIAN TARGET KINERJA BIDANG LPE", "TAHUN 2016"))]
    grid = Grid(tuple(tuple(Cell(t, Span(page=1, line=10 + k)) for t in r) for k, r in enumerate(rows)),
                Span(page=1, line=10))
    (part,) = parse_file(Layout((Page(1, (*lines, grid)),), "pdf", page_count=1), "b" * 16,
                         "capaian.pdf").parts
    assert (part.document.kind, part.document.status, part.document.year) == ("measurement", "ok", 2016)
    assert [(r.goal_no, r.indicator_no, r.period, r.year, r.target_raw, r.target_value, r.realised_raw,
             r.achievement_raw, r.achievement_pct) for r in part.results] == [
        (1, 1, "annual", 2016, "60 %", 60.0, None, "36,57%", 36.57)]
