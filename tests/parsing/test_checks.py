"""The self-check stage, one check at a time: a made-up layout in the intermediate form that
passes it and one that fails it, read through the whole of segment -> parse -> check.

A document is `ok` only when every check holds; each failed check is an `error` finding with
the place it stands and what is missing.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.checks.parties import header_words, header_words_in_values, unnamed_parties
from extractors.checks.tables import unread_numbers
from extractors.model.layout import Span
from extractors.model.reads import TableRead
from extractors.model.records import DocumentResult, DocumentRow, IndicatorRow, PartyRow
from tests.parsing.test_layouts import HEADER, STATEMENT, grid, line, one, parse

BUDGET = ["No", "Program", "Anggaran (Rp)", "Keterangan"]
QUARTERS = ["No", "Sasaran", "Indikator Kinerja", "Triwulan I", "Triwulan II", "Triwulan III",
            "Triwulan IV", "Tahunan"]
PERFORMANCE = [HEADER, ["1", "Meningkatnya layanan", "Indeks kepuasan", "80"],
               ["2", "Meningkatnya tata kelola", "Nilai SAKIP", "A"]]
PROGRAMS = [BUDGET, ["1", "Program Pelayanan Administrasi", "1.500.000.000", "APBD"],
            ["2", "Program Peningkatan Sarana", "2.250.000.000", "APBD"]]


def codes(result: DocumentResult) -> list[str]:
    return [f.code for f in result.findings if f.severity == "error"]


def test_a_complete_agreement_passes_every_check() -> None:
    result = one(PERFORMANCE, PROGRAMS)
    assert codes(result) == []
    assert result.document.status == "ok"


def test_a_recognised_header_with_rows_and_nothing_read_under_it() -> None:
    # The indicator and target cells a column to the right of their header: nothing reads.
    shifted = [HEADER + [""], ["1", "Meningkatnya layanan", "", "", "Indeks kepuasan 80"],
               ["2", "Meningkatnya tata kelola", "", "", "Nilai SAKIP A"]]
    result = one(PERFORMANCE, shifted)
    assert "table_empty" in codes(result)
    empty = next(f for f in result.findings if f.code == "table_empty")
    assert (empty.page, empty.line) == (1, 200)  # where the second table's header stands
    assert result.document.status == "partial"


def test_an_rk_heading_over_a_table_that_gives_no_row() -> None:
    unread = grid([["Kegiatan", "Pelaksana", "Waktu"], ["Rapat koordinasi", "Bidang I", "Maret"],
                   ["Monitoring", "Bidang II", "Juni"]], 300)
    blocks = [line(t, k + 1) for k, t in enumerate(STATEMENT)] + [grid(PERFORMANCE, 100)]
    result = parse([*blocks, line("RENCANA KINERJA TAHUN 2017", 250), unread]).parts[0]
    assert "table_empty" in codes(result)
    passing = parse([*blocks, line("RENCANA KINERJA TAHUN 2017", 250), grid(PERFORMANCE, 300)]).parts[0]
    assert codes(passing) == []


def test_numbered_items_in_one_cell_that_became_fewer_rows() -> None:
    # Three numbered indicators in one cell, one target for them all: one row came out.
    short = [HEADER, ["1", "Meningkatnya layanan", "1. Indeks A\n2. Indeks B\n3. Indeks C", "80"]]
    result = one(short)
    assert "rows_missing" in codes(result)
    assert "shows 3 indicators but 1 were read" in next(
        f.message for f in result.findings if f.code == "rows_missing")
    paired = [HEADER, ["1", "Meningkatnya layanan", "1. Indeks A\n2. Indeks B\n3. Indeks C",
                       "80\n85\n90"]]
    assert codes(one(paired)) == []


def test_a_printed_goal_number_no_row_carries() -> None:
    read = TableRead("performance", "perjanjian_kinerja", Span(2, None), ("no", "goal", "indicator"),
                     2, 2, 2, goal_numbers=((1, Span(2, None)), (2, Span(2, None))))
    result = DocumentResult(DocumentRow("d", "a.pdf", "pdf", False, "ok"), indicators=(
        IndicatorRow("d", "perjanjian_kinerja", None, 1, "G", 1, "I"),))
    assert [f.code for f in unread_numbers([read], result)] == ["rows_missing"]
    both = replace(result, indicators=(*result.indicators,
                                       IndicatorRow("d", "perjanjian_kinerja", None, 2, "H", 1, "J")))
    assert unread_numbers([read], both) == []


def test_a_goal_without_an_indicator() -> None:
    alone = [HEADER, ["1", "Meningkatnya layanan", "Indeks kepuasan", "80"],
             ["2", "Meningkatnya tata kelola", "", ""],
             ["3", "Meningkatnya pendapatan", "Realisasi PAD", "100%"]]
    result = one(alone)
    assert codes(result) == ["goal_without_indicator"]
    # A goal whose indicators stand on the rows under it is no goal alone.
    carried = [HEADER, ["1", "Meningkatnya layanan", "", ""], ["", "", "Indeks kepuasan", "80"]]
    assert "goal_without_indicator" not in codes(one(carried))


def test_an_indicator_without_a_target() -> None:
    result = one([HEADER, ["1", "Meningkatnya layanan", "Indeks kepuasan", ""],
                  ["2", "Meningkatnya tata kelola", "Nilai SAKIP", "A"]])
    assert codes(result) == ["target_missing"]
    assert codes(one(PERFORMANCE)) == []


def test_an_indicator_without_its_quarters_in_a_quarterly_table() -> None:
    table = [QUARTERS, ["1", "Meningkatnya layanan", "Indeks kepuasan", "20", "40", "60", "80", "80"],
             ["2", "Meningkatnya tata kelola", "Nilai SAKIP", "", "", "", "", "A"]]
    assert codes(one(table)) == ["quarters_missing"]
    table[2][3:7] = ["-", "-", "-", "A"]
    assert codes(one(table)) == []


def test_a_total_row_the_programs_do_not_add_up_to() -> None:
    total = [*PROGRAMS, ["", "JUMLAH", "4.000.000.000", ""]]
    assert codes(one(PERFORMANCE, total)) == ["budget_total_mismatch"]
    total[-1][2] = "3.750.000.000"
    assert codes(one(PERFORMANCE, total)) == []


def test_amounts_on_the_page_and_no_budget_row() -> None:
    prose = [*STATEMENT, "Program Pelayanan Administrasi Perkantoran Rp 1.500.000.000"]
    result = one(PERFORMANCE, prose=prose)
    assert codes(result) == ["budget_missing"]
    assert codes(one(PERFORMANCE)) == []  # no amount anywhere: an agreement without a budget


def test_an_amount_in_a_performance_table_is_a_target_not_a_budget() -> None:
    revenue = [HEADER, ["1", "Meningkatnya pendapatan", "Realisasi PAD", "Rp 1.250.000.000.000"]]
    assert codes(one(revenue)) == []


def test_a_program_read_without_its_amount() -> None:
    programs = [BUDGET, ["1", "Program Pelayanan Administrasi", "Rp.", "APBD"],
                ["2", "Program Peningkatan Sarana", "2.250.000.000", "APBD"]]
    assert codes(one(PERFORMANCE, programs)) == ["amount_missing"]


def test_fewer_than_two_parties() -> None:
    result = one(PERFORMANCE, prose=STATEMENT[:4])
    assert codes(result) == ["party_missing"]


def test_a_party_without_a_name() -> None:
    document = DocumentResult(DocumentRow("d", "a.pdf", "pdf", False, "ok"),
                              parties=(PartyRow("d", "first", None), PartyRow("d", "second", "Ani")))
    assert [f.code for f in unnamed_parties(document)] == ["party_name_missing"]
    named = replace(document, parties=(PartyRow("d", "first", "Budi"), PartyRow("d", "second", "Ani")))
    assert unnamed_parties(named) == []


def test_table_header_words_read_into_a_unit_or_a_position() -> None:
    assert header_words("Badan Pemberdayaan Masyarakat No Sasaran Strategis Indikator Kinerja Target") == [
        "no", "sasaran", "indikator", "target"]
    assert header_words("Sub Bagian Kepegawaian dan Umum Tupoksi Satuan Keterangan")
    assert header_words("Dinas Komunikasi dan Informatika") == []
    assert header_words("Bidang Sasaran Mutu") == []  # one ordinary word is no header
    row = DocumentRow("d", "a.pdf", "pdf", False, "ok", unit="Dinas Pertanian Satuan Keterangan")
    assert [f.code for f in header_words_in_values(DocumentResult(row))] == ["header_words_in_value"]
    assert header_words_in_values(DocumentResult(replace(row, unit="Dinas Pertanian"))) == []
