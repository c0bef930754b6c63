"""Action-plan layouts real offices use, each built as a made-up table in the intermediate form:
a schedule of twelve months marked `x`, a `Waktu` cell naming quarters, a program written over
its activity in one cell, an activity whose name the page lost, an action plan inside an
agreement's file (which stays an agreement)."""

from __future__ import annotations

from extractors.extract import parse_file
from extractors.model.layout import Cell, Grid, Layout, Page, Span, TextLine
from extractors.model.records import DocumentResult

MONTHS = [str(m) for m in range(1, 13)]


def _parse(blocks: list) -> DocumentResult:
    result = parse_file(Layout((Page(1, tuple(blocks)),), "pdf", page_count=1), "a" * 16, "plan.pdf")
    assert len(result.parts) == 1
    return result.parts[0]


PROSE = ("RENCANA AKSI TAHUN 2022", "BADAN KEPEGAWAIAN DAERAH KOTA DEPOK")


def _plan(rows: list[list[str]], prose: tuple[str, ...] = PROSE) -> DocumentResult:
    lines = [TextLine(t, Span(page=1, line=k + 1)) for k, t in enumerate(prose)]
    cells = tuple(tuple(Cell(t, Span(page=1, line=10 + k)) for t in r) for k, r in enumerate(rows))
    return _parse([*lines, Grid(cells, Span(page=1, line=10))])


MONTH_HEADER = [["No", "Sasaran", "Indikator Kinerja", "Target", "Kegiatan", "Anggaran",
                 "Jadwal Pelaksanaan", *[""] * 11],
                ["", "", "", "", "", "", *MONTHS]]


def test_twelve_months_marked_x_give_their_quarters() -> None:
    rows = [*MONTH_HEADER,
            ["1", "Meningkatnya kompetensi ASN", "Persentase ASN mengikuti diklat", "80%",
             "Pendidikan dan Pelatihan Teknis", "250.000.000", "", "", "x", "x", *[""] * 6, "x", ""],
            ["", "", "", "", "Seleksi Calon Peserta", "40.000.000", "x", *[""] * 11]]
    result = _plan(rows)
    doc = result.document
    assert (doc.kind, doc.status, doc.year) == ("action_plan", "ok", 2022)
    assert result.document.unit == "Badan Kepegawaian Daerah"
    assert [(a.action_no, a.program, a.activity, a.quarters, a.budget_idr) for a in result.actions] == [
        (1, None, "Pendidikan dan Pelatihan Teknis", ("Q1", "Q2", "Q4"), 250_000_000),
        (2, None, "Seleksi Calon Peserta", ("Q1",), 40_000_000)]
    assert [(i.form, i.indicator, i.target_raw) for i in result.indicators] == [
        ("rencana_aksi", "Persentase ASN mengikuti diklat", "80%")]


def test_a_waktu_cell_names_its_quarters_and_a_program_paragraph_opens_the_cell() -> None:
    rows = [["No", "Sasaran", "Indikator Kinerja", "Program/Kegiatan", "Rencana Aksi", "Waktu",
             "Penanggung Jawab"],
            ["1", "Meningkatnya tertib administrasi", "Nilai SAKIP", "Program Penunjang Urusan\nPemerintahan"
             "\nPenyusunan Dokumen Perencanaan", "Menyusun Renja\nMenyusun RKA", "Triwulan I - III",
             "Sub Bagian Perencanaan"],
            ["", "", "", "Monitoring dan Evaluasi Kinerja", "Menyusun laporan triwulan",
             "Maret, Juni dan Desember", "Sub Bagian Perencanaan"]]
    result = _plan(rows)
    assert [(a.program, a.activity, a.steps, a.quarters, a.responsible) for a in result.actions] == [
        ("Program Penunjang Urusan Pemerintahan", "Penyusunan Dokumen Perencanaan",
         "Menyusun Renja; Menyusun RKA", ("Q1", "Q2", "Q3"), "Sub Bagian Perencanaan"),
        ("Program Penunjang Urusan Pemerintahan", "Monitoring dan Evaluasi Kinerja",
         "Menyusun laporan triwulan", ("Q1", "Q2", "Q4"), "Sub Bagian Perencanaan")]


def test_an_activity_whose_name_is_lost_keeps_its_own_row() -> None:
    rows = [*MONTH_HEADER,
            ["1", "Meningkatnya kompetensi ASN", "Persentase ASN mengikuti diklat", "80%",
             "Pendidikan dan Pelatihan Teknis", "250.000.000", "x", *[""] * 11],
            ["", "", "", "", "", "75.000.000", "", "x", *[""] * 10]]
    result = _plan(rows)
    assert [(a.action_no, a.activity, a.budget_idr, a.quarters) for a in result.actions] == [
        (1, "Pendidikan dan Pelatihan Teknis", 250_000_000, ("Q1",)), (2, None, 75_000_000, ("Q1",))]


def test_a_plan_indicator_without_activity_is_warned_of() -> None:
    rows = [*MONTH_HEADER,
            ["1", "Meningkatnya kompetensi ASN", "Persentase ASN mengikuti diklat", "80%",
             "Pendidikan dan Pelatihan Teknis", "250.000.000", "x", *[""] * 11],
            ["", "", "Indeks profesionalitas ASN", "70", "", "", *[""] * 12]]
    result = _plan(rows)
    assert [(f.code, f.severity) for f in result.findings] == [("indicator_without_action", "warning")]
    assert result.document.status == "ok"


def test_a_memo_is_still_refused() -> None:
    result = _plan([["No", "Uraian", "Keterangan"], ["1", "Rapat koordinasi", "Senin"]],
                   prose=("NOTA DINAS", "Kepada Yth. Kepala Dinas"))
    assert (result.document.status, result.document.kind) == ("failed", "other")
    assert [f.code for f in result.findings] == ["not_an_agreement"]


def test_a_header_set_as_rows_of_fragments_and_repeated_without_its_first() -> None:
    """The Jabar Dishub monitoring report: each header cell's words, centred, came out as rows of
    their own (`SASARAN` / `STRATEGIS`); the next page repeats the header without its first rows."""
    fragments = [["", "INDIKATOR", "", "", "", "", ""],
                 ["SASARAN", "", "PROGRAM DAN", "INDIKATOR", "TARGET", "", "ANGGARAN"],
                 ["", "KINERJA", "", "", "", "RENCANA AKSI", ""],
                 ["STRATEGIS", "", "KEGIATAN", "KEGIATAN", "KEGIATAN", "", "(RP.)"],
                 ["", "SASARAN", "", "", "", "", ""]]
    body = [["Meningkatnya ketertiban lalu lintas", "Persentase kendaraan laik jalan",
             "Program Keselamatan", "", "", "", ""],
            ["", "", "Pengujian Kendaraan Bermotor", "Jumlah kendaraan diuji", "900 unit",
             "Melaksanakan uji berkala", "432.835.000"]]
    again = [*fragments[2:], ["", "", "Pembinaan Bengkel Umum", "Jumlah bengkel dibina", "40 bengkel",
                              "Melaksanakan pembinaan", "120.000.000"]]
    result = _plan([*fragments, *body, *again])
    assert [(a.program, a.activity, a.output, a.output_target, a.budget_idr) for a in result.actions] == [
        ("Program Keselamatan", "Pengujian Kendaraan Bermotor", "Jumlah kendaraan diuji", "900 unit",
         432_835_000),
        ("Program Keselamatan", "Pembinaan Bengkel Umum", "Jumlah bengkel dibina", "40 bengkel", 120_000_000)]
    assert [(i.form, i.indicator) for i in result.indicators] == [
        ("rencana_aksi", "Persentase kendaraan laik jalan")]


def _two_pages(first: list[list[str]], second: list[list[str]]) -> DocumentResult:
    lines = [TextLine(t, Span(page=1, line=k + 1)) for k, t in enumerate(PROSE)]
    pages = []
    for number, (rows, blocks) in enumerate(((first, lines), (second, [])), start=1):
        cells = tuple(tuple(Cell(t, Span(page=number, line=10 + k)) for t in r) for k, r in enumerate(rows))
        pages.append(Page(number, (*blocks, Grid(cells, Span(page=number, line=10)))))
    result = parse_file(Layout(tuple(pages), "pdf", page_count=2), "a" * 16, "plan.pdf")
    assert len(result.parts) == 1
    return result.parts[0]


PLAN_HEADER = ["Sasaran", "Indikator Kinerja", "Program dan Kegiatan", "Indikator Kegiatan",
               "Target Kegiatan", "Rencana Aksi", "Anggaran (Rp.)"]
FIRST_PAGE = [PLAN_HEADER,
              ["Meningkatnya layanan kereta api", "Jumlah jalur kereta api direaktivasi",
               "Program Pembangunan Prasarana", "", "", "", ""],
              ["", "", "Persiapan Reaktivasi Jalur Kereta Api Rancaekek -", "Jumlah dokumen", "2 dokumen",
               "Melaksanakan penyusunan dokumen", "1.465.200.000"]]


def test_a_row_the_page_broke_ends_on_the_next_page() -> None:
    """The Jabar Dishub monitoring report: an activity's name broke off at the foot of one page
    (`… Rancaekek -`) and ends in the first row of the next, under the repeated header."""
    result = _two_pages(FIRST_PAGE, [PLAN_HEADER, ["", "", "Tanjungsari dan Banjar", "", "", "", ""],
                                     ["", "", "Pemeliharaan Perlintasan Sebidang", "Jumlah perlintasan",
                                      "12 lokasi", "Melaksanakan pemeliharaan", "300.000.000"]])
    assert [(a.action_no, a.activity, a.output_target, a.budget_idr) for a in result.actions] == [
        (1, "Persiapan Reaktivasi Jalur Kereta Api Rancaekek - Tanjungsari dan Banjar", "2 dokumen",
         1_465_200_000),
        (2, "Pemeliharaan Perlintasan Sebidang", "12 lokasi", 300_000_000)]
    assert not [f for f in result.findings if f.code == "rows_missing"]


def test_a_whole_activity_first_on_a_page_keeps_its_own_row() -> None:
    ended = [*FIRST_PAGE[:2], [*FIRST_PAGE[2][:2], "Persiapan Reaktivasi Jalur Kereta Api Rancaekek",
                               *FIRST_PAGE[2][3:]]]
    result = _two_pages(ended, [PLAN_HEADER, ["", "", "Koordinasi Perkeretaapian", "", "", "", ""]])
    assert [a.activity for a in result.actions] == ["Persiapan Reaktivasi Jalur Kereta Api Rancaekek",
                                                    "Koordinasi Perkeretaapian"]
