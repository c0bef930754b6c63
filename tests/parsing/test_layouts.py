"""Layouts real offices use, one kind per test, each built as a made-up table in the intermediate form.

The domain parsers read only the Layout, so these tests hand them grids whose
cells hold what a reader gives for the real layout (lines of a cell joined by
'\\n', a 1|2|3|4 row under the header, a `Rp.` cell beside the amount).
"""

from __future__ import annotations

from extractors.extract import parse_file
from extractors.model.layout import Cell, Grid, Layout, Page, Part, Span, TextLine
from extractors.model.records import DocumentResult, FileResult

STATEMENT = [
    "PERJANJIAN KINERJA TAHUN 2017",
    "Nama : dr. Ani Rahma, M.Kes",
    "Jabatan : Kepala Dinas Kesehatan Provinsi Jawa Barat",
    "selanjutnya disebut PIHAK PERTAMA",
    "Nama : RIDWAN KAMIL",
    "Jabatan : Gubernur Jawa Barat",
    "selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA",
    "Bandung, 1 Februari 2017",
]


def line(text: str, n: int, page: int = 1) -> TextLine:
    return TextLine(text, Span(page=page, line=n, bbox=(72.0, 10.0 * n, 500.0, 10.0 * n + 8)))


def grid(rows: list[list[str]], n: int, page: int = 1) -> Grid:
    cells = tuple(tuple(Cell(text, Span(page=page, line=n + k)) for text in r) for k, r in enumerate(rows))
    return Grid(cells, Span(page=page, line=n))


def parse(*blocks_per_page: list) -> FileResult:
    pages = tuple(Page(k + 1, tuple(blocks)) for k, blocks in enumerate(blocks_per_page))
    return parse_file(Layout(pages, "pdf", page_count=len(pages)), "f" * 16, "a.pdf")


def one(*tables: list[list[str]], prose: list[str] = STATEMENT) -> DocumentResult:
    blocks: list = [line(t, k + 1) for k, t in enumerate(prose)]
    blocks += [grid(t, 100 * (k + 1)) for k, t in enumerate(tables)]
    result = parse(blocks)
    assert len(result.parts) == 1
    return result.parts[0]


def rows(result: DocumentResult) -> list[tuple]:
    return [(i.goal_no, i.indicator_no, i.indicator, i.target_raw, i.target_value, i.unit)
            for i in result.indicators]


HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]


def test_indicators_stacked_in_one_cell_pair_with_their_stacked_targets() -> None:
    result = one([HEADER, ["1", "Meningkatnya kinerja perhubungan",
                           "Persentase jalan mantap\nIndeks kepuasan layanan\nJumlah terminal",
                           "55.56 persen\n79.00 persen\n4 Unit"]])
    assert rows(result) == [
        (1, 1, "Persentase jalan mantap", "55.56 persen", 55.56, "persen"),
        (1, 2, "Indeks kepuasan layanan", "79.00 persen", 79.0, "persen"),
        (1, 3, "Jumlah terminal", "4 Unit", 4.0, "Unit"),
    ]
    assert [i.target_percent for i in result.indicators] == [True, True, False]


def test_a_wrapped_indicator_with_one_target_stays_one_indicator() -> None:
    result = one([HEADER, ["1", "Meningkatnya layanan",
                           "Tingkat aksesibilitas data dan\ninformasi pembangunan", "500 ribu\norg"]])
    assert rows(result) == [(1, 1, "Tingkat aksesibilitas data dan informasi pembangunan",
                             "500 ribu org", 500.0, "ribu org")]
    result = one([HEADER, ["1", "Peningkatan pengunjung",
                           "Tercapainya Perlindungan dan\nPendokumentasian Koleksi Museum",
                           "7.201 Koleksi dan\n28 Naskah"]])
    assert rows(result) == [(1, 1, "Tercapainya Perlindungan dan Pendokumentasian Koleksi Museum",
                             "7.201 Koleksi dan 28 Naskah", 7201.0, "Koleksi dan 28 Naskah")]


def test_numbered_indicators_and_sub_items_in_one_cell() -> None:
    result = one([HEADER, ["1.", "Meningkatnya produksi ternak",
                           "1.1. Jumlah produksi (ton) :\n- Daging\n- Telur\n1.2. Jumlah populasi (ekor)",
                           "768.495\n217.235\n10.207.731"]])
    assert rows(result) == [
        (1, 1, "Jumlah produksi (ton) - Daging", "768.495", 768495.0, "ton"),
        (1, 2, "Jumlah produksi (ton) - Telur", "217.235", 217235.0, "ton"),
        (1, 3, "Jumlah populasi (ekor)", "10.207.731", 10207731.0, "ekor"),
    ]


def test_item_numbers_whose_dots_ocr_lost_still_open_their_indicators() -> None:
    """Cells as OCR read them on Disnak Jawa Barat's scanned PKs (2016): one ruled cell holds two
    or three numbered indicators, each target at the foot of its text; the page prints
    `1.2.2.1.1` / `1.2.2.1.2` and `1.4.1.1.1` … `1.4.1.1.3`, OCR gives `12212`, `14111`, `1411.2`."""
    result = one([HEADER,
                  ["1.2", "Meningkatnya Kualitas dan Keamanan Produk Hewan",
                   "1.2.2.1.1 Jumlah pelaku usaha/kelompok\nyang mendapat sosialisasi\n"
                   "12212 Jumlah pelaku usaha/kelompok\nyang difasilitasi sertifikasi", "50\n20"],
                  ["", "", "14111 Jumlah kelompok tani ternak\nyang berprestasi (kelompok)\n"
                   "1411.2 Jumlah stakeholder yang\nmenyepakati manajemen (stakeholder)\n"
                   "14113 Jumlah dokumen updating\nkelembagaan (dokumen)", "18\n4\n0"]])
    assert [(i.indicator, i.target_raw) for i in result.indicators] == [
        ("Jumlah pelaku usaha/kelompok yang mendapat sosialisasi", "50"),
        ("Jumlah pelaku usaha/kelompok yang difasilitasi sertifikasi", "20"),
        ("Jumlah kelompok tani ternak yang berprestasi (kelompok)", "18"),
        ("Jumlah stakeholder yang menyepakati manajemen (stakeholder)", "4"),
        ("Jumlah dokumen updating kelembagaan (dokumen)", "0"),
    ]
    assert not [f for f in result.findings if f.severity == "error"]


def test_a_parent_item_with_its_own_target_above_its_sub_item() -> None:
    """Disnak Jawa Barat's BPPIB Bunikasih PK 2016 (scan), page 2, as OCR reads the cell: `1.1.2.1`
    has its target (64), the `–` sub-item under it its own (7), then `1.1.2.2` (≤ 4): three
    targets for three indicators, the parent one of them."""
    result = one([HEADER, ["1.1", "Meningkatnya produksi dan populasi ternak",
                           "11.21 Prosentase kelahiran ternak sapi\nperah di UPTD (persen)\n"
                           "— Jumlah ternak sapi perah di\nUPTD yang terseleksi\nsebagai calon bibit (ekor)\n"
                           "11.22 Prosentase kematian ternak sapi\nperah di UPTD (persen)", "64\n7\n≤ 4"]])
    assert [(i.indicator, i.target_raw) for i in result.indicators] == [
        ("Prosentase kelahiran ternak sapi perah di UPTD (persen)", "64"),
        ("Prosentase kelahiran ternak sapi perah di UPTD (persen) - Jumlah ternak sapi perah di UPTD "
         "yang terseleksi sebagai calon bibit (ekor)", "7"),
        ("Prosentase kematian ternak sapi perah di UPTD (persen)", "≤ 4"),
    ]


def test_a_parent_broken_into_short_parts_keeps_no_target_of_its_own() -> None:
    """Disnak's Jatiwangi PK 2016 (scan), page 2: `- Ayam Buras` 80 and `- Itik Lokal` 50 under
    `1.1.1.1 Prosentase daya tetas`, then `➢ Jumlah rekomendasi …` 4, whose arrow OCR lost:
    three targets, but the parent's parts are no indicators of their own, so the cell is not
    read as parent 80, Ayam Buras 50; it stays one row, said as several rows run together."""
    result = one([HEADER, ["1.1", "Meningkatnya produksi dan populasi ternak",
                           "11.11 Prosentase daya tetas ternak\nunggas di UPTD (%)\n- Ayam Buras\n"
                           "- Itik Lokal\nJumlah rekomendasi kaji\nterap teknologi pakan\nternak unggas\n"
                           "(rekomendasi)", "80\n50\n4"]])
    assert [i.target_raw for i in result.indicators] == ["80 50 4"]
    assert "rows_missing" in [f.code for f in result.findings]


def test_a_number_at_a_line_start_is_no_item_without_a_sibling() -> None:
    """`2016 Tahun` is not an item number (no other line opens with a number one digit away), so
    the cell is one wrapped indicator, not two to pair with the two lines of its target."""
    result = one([HEADER, ["1", "Meningkatnya layanan",
                           "Jumlah kunjungan wisatawan\nyang datang sejak\n2016 Tahun dasar", "500\n20"]])
    assert [(i.indicator, i.target_raw) for i in result.indicators] == [
        ("Jumlah kunjungan wisatawan yang datang sejak 2016 Tahun dasar", "500 20")]


def test_sub_rows_under_a_parent_row_without_target() -> None:
    result = one([HEADER,
                  ["7", "Terkendalinya penyakit hewan", "7.1 jumlah kasus penyakit hewan menular :", ""],
                  ["", "", "- Anthrax (kasus/tahun)", "0"],
                  ["", "", "- Rabies (kasus/tahun)", "0"],
                  ["", "", "7.2 Persentase vaksinasi", "80%"]])
    assert rows(result) == [
        (7, 1, "jumlah kasus penyakit hewan menular - Anthrax (kasus/tahun)", "0", 0.0, "kasus/tahun"),
        (7, 2, "jumlah kasus penyakit hewan menular - Rabies (kasus/tahun)", "0", 0.0, "kasus/tahun"),
        (7, 3, "Persentase vaksinasi", "80%", 80.0, None),
    ]


def test_a_numbering_row_under_the_header_is_no_data_and_no_quarters() -> None:
    result = one([HEADER, ["1", "2", "3", "4"],
                  ["1", "Meningkatnya kesesuaian", "Tingkat kesesuaian RKPD", "80%"]])
    assert rows(result) == [(1, 1, "Tingkat kesesuaian RKPD", "80%", 80.0, None)]
    assert [(t.period, t.raw) for t in result.targets] == [("annual", "80%")]


def test_header_words_run_together_and_other_wordings() -> None:
    result = one([["NO", "SasaranStrategis", "IndikatorKinerja", "TARGET 2017", "SATUAN", "KET"],
                  ["1", "Meningkatnya derajat kesehatan", "Angka kematian ibu", "88/100.000 KH", "",
                   "APBD"]])
    assert rows(result) == [(1, 1, "Angka kematian ibu", "88/100.000 KH", 88.0, "/100.000 KH")]
    result = one([["No", "Sasaran", "Indikator Sasaran", "Target", "Satuan"],
                  ["1", "Meningkatnya pengunjung", "Pengunjung museum", "43.000", "Orang"]])
    assert rows(result) == [(1, 1, "Pengunjung museum", "43.000", 43000.0, "Orang")]


def test_rp_in_a_column_of_its_own_beside_the_amount() -> None:
    result = one([HEADER, ["1", "Meningkatnya energi", "Rasio elektrifikasi", "98 %"]],
                 [["No", "Program", "Anggaran (Rp)", "", "Keterangan"],
                  ["1", "Program Pelayanan Administrasi Perkantoran", "Rp.", "7.016.224.700,00", "APBD"],
                  ["2", "Program Pembinaan Energi", "Rp.", "2.310.000.000,00", "APBD"]])
    assert [(b.program_no, b.program, b.amount_idr, b.funding_source) for b in result.budgets] == [
        (1, "Program Pelayanan Administrasi Perkantoran", 7016224700, "APBD"),
        (2, "Program Pembinaan Energi", 2310000000, "APBD"),
    ]


def test_a_functional_officers_duties_are_indicators_with_their_quantity_as_target() -> None:
    result = one([["NO", "URAIAN TUGAS", "SATUAN", "KETERANGAN"],
                  ["1", "Menyusun rencana kerja pengawasan", "2 Dokumen", "Tahunan"],
                  ["2", "Melaksanakan audit kinerja", "12", "Laporan"]])
    got = [(i.goal_type, i.goal_no, i.goal, i.indicator_no, i.indicator, i.target_raw, i.target_value)
           for i in result.indicators]
    # No goals: the one NO column numbers the duties (issue 14: "duties tables keyed as the
    # contract says": indicator_no the duty's number, goal_no null).
    assert got == [(None, None, None, 1, "Menyusun rencana kerja pengawasan", "2 Dokumen", 2.0),
                   (None, None, None, 2, "Melaksanakan audit kinerja", "12", 12.0)]


def test_a_cover_page_before_the_statement_changes_nothing() -> None:
    cover = [line("DOKUMEN", 1), line("PERJANJIAN KINERJA TAHUN 2017", 2),
             line("DINAS KESEHATAN PROVINSI JAWA BARAT", 3)]
    statement = [line(t, k + 1, page=2) for k, t in enumerate(STATEMENT)]
    table = [grid([HEADER, ["1", "Meningkatnya derajat kesehatan", "Angka harapan hidup", "74,5"]], 1, 3)]
    result = parse(cover, statement, table)
    assert len(result.parts) == 1
    part = result.parts[0]
    assert [p.name for p in part.parties] == ["Ani Rahma", "Ridwan Kamil"]
    assert rows(part) == [(1, 1, "Angka harapan hidup", "74,5", 74.5, None)]


def test_a_wrapped_cell_line_outside_the_grid_is_no_heading() -> None:
    prose = [*STATEMENT, "rencana aksi tahun berjalan"]
    result = one([HEADER, ["1", "Meningkatnya tata kelola", "Persentase kegiatan sesuai", "90%"]],
                 prose=prose)
    assert rows(result) == [(1, 1, "Persentase kegiatan sesuai", "90%", 90.0, None)]
    assert "table_not_extracted" not in [f.code for f in result.findings]


def test_a_sentence_of_the_statement_is_no_heading() -> None:
    prose = [*STATEMENT, "Perjanjian Kinerja ini merupakan lampiran yang tidak terpisahkan dari dokumen."]
    result = one([HEADER, ["1", "Meningkatnya tata kelola", "Indeks reformasi birokrasi", "70"]],
                 prose=prose)
    assert result.document.title == "PERJANJIAN KINERJA TAHUN 2017"
    assert rows(result) == [(1, 1, "Indeks reformasi birokrasi", "70", 70.0, None)]


def test_a_rencana_aksi_is_read_as_an_action_plan() -> None:
    result = one([["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "Trw I", "Trw II", "Trw III", "Trw IV"],
                  ["1", "Meningkatnya kualitas", "Persentase temuan", "15%", "35%", "60%", "90%"]],
                 prose=["LKIP TAHUN 2016", "Lampiran 3", "Rencana Aksi Tahun 2016"])
    assert (result.document.kind, result.document.title) == ("action_plan", "Rencana Aksi Tahun 2016")
    assert result.document.status == "ok" and not result.parties
    assert "not_an_agreement" not in [f.code for f in result.findings]
    assert [(i.form, i.goal_no, i.indicator_no, i.indicator) for i in result.indicators] == [
        ("rencana_aksi", 1, 1, "Persentase temuan")]
    assert [(t.period, t.raw) for t in result.targets] == [("Q1", "15%"), ("Q2", "35%"), ("Q3", "60%"),
                                                           ("Q4", "90%")]


QUARTER_HEADER = ["No", "Sasaran", "No", "Indikator Kinerja", "Triwulan", "", "", "", "Tahunan", "Satuan"]


def test_a_scanned_quarter_header_keeps_its_columns() -> None:
    page_one = [grid([QUARTER_HEADER, ["", "", "", "", "I", "II", "III", "IV", "", ""],
                      ["1", "Meningkatnya layanan", "1", "Indeks kepuasan", "25", "50", "75", "100", "100",
                       "Persen"]], 1)]
    scanned = ["No", "Sasaran", "No", "Indikator Kinerja", "Inwulan", "", "", "", "Tahunan", "Satuan"]
    page_two = [grid([scanned,
                      ["", "", "", "", "LiTu", "", "Turu", "", "", ""],
                      ["2", "Meningkatnya tata kelola", "1", "Nilai SAKIP", "N/A", "N/A", "50", "50", "100",
                       "Persen"]], 1, page=2)]
    prose = [line(t, k + 1) for k, t in enumerate(STATEMENT)]
    result = parse([*prose, *page_one], page_two).parts[0]
    quarters = [(t.goal_no, t.period, t.raw) for t in result.targets if t.goal_no == 2]
    assert quarters == [(2, "Q1", "N/A"), (2, "Q2", "N/A"), (2, "Q3", "50"), (2, "Q4", "50"),
                        (2, "annual", "100")]


def _signature_page(page: int, post: str, first: tuple[str, str, str], second: tuple[str, str, str],
                    indicator: str, target: str) -> list:
    def split(n: int, left: str, right: str) -> TextLine:
        return TextLine(f"{left} {right}", Span(page=page, bbox=(70.0, 10.0 * n, 480.0, 10.0 * n + 8)),
                        parts=(Part(left, 70.0, 230.0), Part(right, 330.0, 480.0)))
    return [
        line("PERJANJIAN KINERJA TAHUN 2016", 1, page),
        line("DINAS PARIWISATA DAN KEBUDAYAAN PROVINSI JAWA BARAT", 2, page),
        line(post, 3, page),
        grid([["No", "Sasaran Strategis", "Indikator Sasaran", "Target"],
              ["1", "Peningkatan pengunjung museum", indicator, target]], 4, page),
        line("Program Anggaran (Rp) Keterangan", 19, page),
        line("1. Program Pengembangan Nilai Budaya 1.674.900.000 APBD", 20, page),
        line("Bandung, 2016", 21, page),
        split(30, "PIHAK KEDUA", "PIHAK KESATU"),
        split(40, second[0], first[0]),
        split(41, second[1], first[1]),
        split(42, second[2], first[2]),
    ]


HEAD = ("Drs. SAJIDIN ARIES", "Pembina", "NIP.19590428 1981031 005")
SECTION = ("Dra. NITA JULIANITA", "Penata TK. I", "NIP. 19590731 199003 2 001")
GOVERNOR_OFFICE = ("Hj. IDA HERNIDA, SH.,M.Si", "Pembina Utama Madya", "NIP. 19590110 198503 2 007")


def test_a_file_bundling_agreements_gives_one_document_each() -> None:
    result = parse(
        _signature_page(1, "KEPALA BALAI PENGELOLAAN MUSEUM", HEAD, GOVERNOR_OFFICE, "Koleksi terdata",
                        "7.201 Koleksi"),
        _signature_page(2, "KEPALA SEKSI PERLINDUNGAN", SECTION, HEAD, "Naskah dialihmediakan",
                        "24 Naskah"),
    )
    docs = [p.document for p in result.parts]
    assert [(d.doc_id, d.file_id, d.part) for d in docs] == [("f" * 16, "f" * 16, 1),
                                                             ("f" * 16 + "-2", "f" * 16, 2)]
    assert [d.unit for d in docs] == ["Balai Pengelolaan Museum", "Seksi Perlindungan"]
    parties = [[(p.role, p.name, p.nip, p.rank) for p in part.parties] for part in result.parts]
    assert parties == [
        [("first", "Sajidin Aries", "195904281981031005", "Pembina"),
         ("second", "Ida Hernida", "195901101985032007", "Pembina Utama Madya")],
        [("first", "Nita Julianita", "195907311990032001", "Penata TK. I"),
         ("second", "Sajidin Aries", "195904281981031005", "Pembina")],
    ]
    assert [[(i.indicator, i.target_value) for i in part.indicators] for part in result.parts] == [
        [("Koleksi terdata", 7201.0)], [("Naskah dialihmediakan", 24.0)]]
    assert [[(b.program_no, b.amount_idr, b.funding_source) for b in p.budgets] for p in result.parts] == [
        [(1, 1674900000, "APBD")], [(1, 1674900000, "APBD")]]


def test_a_page_scanned_twice_gives_its_rows_once() -> None:
    statement = [line(t, k + 1) for k, t in enumerate(STATEMENT)]
    table = [grid([HEADER, *[[str(g), f"Sasaran nomor {g} yang cukup panjang untuk dibandingkan",
                              f"Indikator nomor {g} dengan teks yang panjang", f"{g}0%"]
                             for g in range(1, 6)]], 1, page=2)]
    again = [grid([HEADER, *[[str(g), f"Sasaran nomor {g} yang cukup panjang untuk dibandingkan",
                              f"Indikator nomor {g} dengan teks yang panjang", f"{g}0%"]
                             for g in range(1, 6)]], 1, page=3)]
    result = parse(statement, table, again)
    assert len(result.parts) == 1
    part = result.parts[0]
    assert [(i.goal_no, i.target_value) for i in part.indicators] == [(g, g * 10.0) for g in range(1, 6)]
    assert [(f.code, f.page) for f in part.findings] == [("duplicate_page", 3)]


def test_a_readers_finding_on_a_page_that_gave_nothing_stays_with_its_agreement() -> None:
    from extractors.model.findings import error
    statement = [line(t, k + 1) for k, t in enumerate(STATEMENT)]
    table = [grid([HEADER, ["1", "Meningkatnya derajat kesehatan", "Angka harapan hidup", "74,5"]], 1, 3)]
    pages = (Page(1, tuple(statement)), Page(2, ()), Page(3, tuple(table)))
    unreadable = error("page_unreadable", "Page 2 could not be read.", page=2)
    result = parse_file(Layout(pages, "pdf", page_count=3, findings=(unreadable,)), "f" * 16, "a.pdf")
    assert [[(f.code, f.page) for f in part.findings] for part in result.parts] == [[("page_unreadable", 2)]]


def test_a_unit_named_in_brackets_where_the_table_has_no_unit_column() -> None:
    result = one([HEADER, ["1", "Meningkatnya produksi", "Jumlah produksi daging (ton)", "768.495"],
                  ["", "", "Persentase produk sesuai SNI (%)", "65"],
                  ["", "", "Indeks Kepuasan Masyarakat (IKM)", "80"]])
    assert [(i.unit, i.target_percent) for i in result.indicators] == [("ton", False), ("%", True),
                                                                         (None, False)]


def test_a_budget_list_whose_item_numbers_a_scan_lost() -> None:
    prose = [*STATEMENT,
             "1. Peningkatan Produksi Pertanian (APBD) Rp. 30.903.396.770,-",
             "2. Pemberdayaan Sumber Daya Pertanian (APBD) Rp. 2.208.100.000,-",
             "Pencegahan dan Penanggulangan Penyakit, Tanaman, Rp.4.868.180.000,-",
             "Ternak dan Ikan (APBD)",
             "Pemenuhan Pangan Asal Ternak Rp.51.727 .133.000,-",
             "Rakyat (APBN)",
             "Bandung, 2016"]
    result = one([HEADER, ["1", "Meningkatnya produksi", "Produksi daging", "768.495"]], prose=prose)
    assert [(b.program_no, b.program, b.amount_idr, b.funding_source) for b in result.budgets] == [
        (1, "Peningkatan Produksi Pertanian", 30903396770, "APBD"),
        (2, "Pemberdayaan Sumber Daya Pertanian", 2208100000, "APBD"),
        (3, "Pencegahan dan Penanggulangan Penyakit, Tanaman, Ternak dan Ikan", 4868180000, "APBD"),
        (4, "Pemenuhan Pangan Asal Ternak Rakyat", 51727133000, "APBN"),
    ]


def test_a_party_block_whose_closing_words_split_over_its_two_cells() -> None:
    """Disnak Jawa Barat's section heads' PKs 2016 (scans): OCR sees the block as a grid, keys
    stacked in one cell, values in another, and `Selanjutnya disebut PIHAK` | `KESATU` split
    between them, the role word standing under the position."""
    blocks = [line("PERJANJIAN KINERJA TAHUN 2016", 1),
              grid([["Nama\nJabatan\nSelanjutnya disebut PIHAK", "::",
                     "drh. L. DWI ARYANTO\nKepala Seksi Penataan Kawasan Bidang Prasarana dan\n"
                     "Sarana\nKESATU"],
                    ["Nama\nJabatan", "::", "Ir. ANDRI ARFIANA\nKepala Bidang Prasarana dan Sarana"]], 2),
              line("Selaku atasan PIHAK KESATU, selanjutnya disebut PIHAK KEDUA", 4),
              line("Bandung, 22 April 2016", 5),
              grid([HEADER, ["1", "Meningkatnya kawasan peternakan", "Jumlah kajian penataan kawasan", "2"]],
                   100)]
    result = parse(blocks).parts[0]
    assert [(p.role, p.name, p.position) for p in result.parties] == [
        ("first", "L. Dwi Aryanto", "Kepala Seksi Penataan Kawasan Bidang Prasarana dan Sarana"),
        ("second", "Andri Arfiana", "Kepala Bidang Prasarana dan Sarana"),
    ]
    assert not [f for f in result.findings if f.code == "party_missing"]


def test_a_budget_list_whose_program_names_its_activity_on_the_line_below() -> None:
    """Disparbud Jawa Barat's Balai Cagar Budaya PKs 2016 (Word-born PDF, two agreements): under
    `Program Anggaran (Rp) Keterangan`, the program's own line carries no amount; the activity
    below it does (`Kegiatan …`, numbered `1.` on the second page), its name wrapping once."""
    for activity in ("Kegiatan Pelestarian dan Pengembangan Cagar Budaya di 332.500.000 APBD",
                     "1. Kegiatan Pelestarian dan Pengembangan Cagar Budaya 332.500.000 APBD"):
        tail = "Jawa Barat" if activity.startswith("K") else "di Jawa Barat"
        prose = [*STATEMENT[:-1], "Program Anggaran (Rp) Keterangan", "Program Pengembangan Nilai Budaya",
                 activity, tail, "Bandung, 2016"]
        table = [HEADER, ["1", "Pelestarian Cagar Budaya", "Pelestarian Cagar Budaya", "5 Cagar Budaya"]]
        result = one(table, prose=prose)
        assert [(b.program_no, b.program, b.amount_idr, b.funding_source) for b in result.budgets] == [
            (1, "Program Pengembangan Nilai Budaya - Kegiatan Pelestarian dan Pengembangan Cagar Budaya "
                "di Jawa Barat", 332500000, "APBD")], activity
        assert "budget_missing" not in [f.code for f in result.findings]
