"""Header vocabulary: columns found by their header's meaning, in any order and letter case."""

from __future__ import annotations

import pytest

from extractors.model.layout import Cell, Span
from extractors.segment.tables import read_header, role_of, split_segments


@pytest.mark.parametrize("text, role", [
    ("No.", "no"), ("NO", "no"), ("Nomor", "no"),
    ("Sasaran", "goal"), ("Sasaran Strategis", "goal"), ("SASARAN\nSTRATEGIS", "goal"),
    ("Indikator Kinerja", "indicator"), ("Indikator Kinerja Utama", "indicator"),
    ("INDIKATOR SASARAN", "indicator"), ("Indikator\nKinerja", "indicator"),
    ("Target", "annual"), ("Target Tahunan", "annual"), ("Tahunan", "annual"),
    ("TARGE\nT", "annual"), ("Target 2021", "annual"),
    ("Satuan", "unit"), ("Keterangan", "remark"), ("Sumber Data", "data_source"),
    ("Pengukuran Kinerja", "measurement"), ("Triwulan", "quarters"), ("TW II", "q2"),
    ("Anggaran (Rp)", "amount"), ("Pagu Anggaran", "amount"), ("Jumlah Anggaran", "amount"),
    ("ANGGARAN", "amount"), ("Program", "program"), ("Program/Kegiatan", "program"),
    ("Sumber Dana", "funding"), ("Realisasi", "realised"), ("PERSENTASE\nHASIL\nCAPAI (%)", "achievement"),
    ("Tiwulan", "quarters"), ("Sumbar Data", "data_source"),  # a scan's slips
    ("Penanggung Jawab", None), ("", None), ("Capaian (%)", "achievement"), ("K", "k"), ("Rp", "rp"),
    ("Kriteria", None),  # (who answers for an activity only in an action plan)
    # an action plan's columns (issue 16)
    ("TARGET\nKEGIATAN", "output_target"),
    ("Target/Output", "output_target"), ("Kriteria Keberhasilan", "output"), ("JADWAL KEGIATAN", "schedule"),
    ("Waktu", "schedule"), ("RENCANA TINDAK LANJUT", "action_plan"), ("Rencana Aksi", "action_plan"),
    ("Target IKU", "annual"),
])
def test_role_of_header_cells(text: str, role: str | None) -> None:
    assert role_of(text) == role


def row(*texts: str, line: int = 1) -> tuple[Cell, ...]:
    return tuple(Cell(t, Span(line=line)) for t in texts)


def test_two_row_header_with_quarters_and_kinds() -> None:
    rows = (row("NO", "Sasaran", "NO", "Indikator Kinerja", "Triwulan", "", "", "", "Tahunan", "Satuan"),
            row("", "", "", "", "I", "II", "III", "IV", "", ""))
    header = read_header(rows, 0)
    assert header is not None and header.rows == 2
    assert header.roles == ("no", "goal", "no", "indicator", "q1", "q2", "q3", "q4", "annual", "unit")
    assert header.kind == "performance"


def test_a_data_row_under_a_header_is_not_a_sub_header() -> None:
    rows = (row("No", "Sasaran Strategis", "Indikator Kinerja", "Target"),
            row("1", "Meningkatnya mutu", "Indeks mutu", "2"))
    header = read_header(rows, 0)
    assert header is not None and header.rows == 1 and header.goal_type == "strategis"


def test_kinds_by_header_signature() -> None:
    budget = read_header((row("No.", "Program", "Pagu Anggaran", "Sumber Dana"),), 0)
    report = read_header((row("No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi"),), 0)
    prose = read_header((row("Nama", ":", "Ani"),), 0)
    assert (budget.kind, report.kind, prose) == ("budget", "report", None)


def test_a_grid_holding_two_tables_splits_at_the_second_header() -> None:
    rows = (row("No", "Sasaran", "Indikator Kinerja", "Target"), row("1", "A", "B", "90%"),
            row("No", "Program", "Anggaran", "Keterangan"), row("1", "Program X", "Rp 1.000", "APBD"),
            row("JUMLAH", "", "Rp 1.000", ""))
    leading, segments = split_segments(rows)
    assert leading == ()
    assert [(s.header.kind, len(s.rows)) for s in segments] == [("performance", 1), ("budget", 2)]


def test_an_action_plan_header_wrapped_over_two_rows() -> None:
    """The Jabar Inspektorat's plan: `TARGET` / `KEGIATAN`, `PENANGGUNG` / `JAWAB` wrapped into the row
    of the quarters; a `JADWAL` over its quarters; `INDIKATOR KEGIATAN` beside the plan's indicator."""
    rows = (row("NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA SASARAN", "", "", "", "",
                "PROGRAM dan KEGIATAN", "INDIKATOR KEGIATAN", "TARGET", "RENCANA TINDAK LANJUT", "ANGGARAN",
                "PENANGGUNG", "JADWAL", "", "", ""),
            row("", "", "", "Trw I", "Trw II", "Trw III", "Trw IV", "", "", "KEGIATAN", "", "(Rp)", "JAWAB",
                "I", "II", "III", "IV"))
    header = read_header(rows, 0)
    assert header is not None and header.rows == 2 and header.kind == "action_plan"
    assert header.roles == ("no", "goal", "indicator", "q1", "q2", "q3", "q4", "program", "output",
                            "output_target", "action_plan", "amount", "responsible", "schedule", "schedule",
                            "schedule", "schedule")
