"""A Rencana Aksi typed in Word (python-docx) and exported to PDF by LibreOffice gives its
indicators, targets and activities as typed.

The values below were chosen for this test and are what the document shows: the table is
built from them, and the expected rows are worked out by hand from the same page (a program
row over its activities, an activity with a second output on a sub-row, schedule quarters
marked by `√` / `v` or by a green-shaded cell with no text, an indicator with no activity).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from extractors.extract import extract_bytes
from extractors.model.records import DocumentResult
from extractors.model.settings import Settings
from tests.fixtures.office import convert_to_pdf, soffice
from tests.paths import IN_CI

pytestmark = pytest.mark.skipif(
    soffice() is None and not IN_CI,
    reason="LibreOffice is not installed (run `python -m pipeline.setup.office`)",
)

HEADER = ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET", "", "", "", "PROGRAM / KEGIATAN",
          "INDIKATOR KEGIATAN", "TARGET KEGIATAN", "RENCANA AKSI", "ANGGARAN (Rp)", "PENANGGUNG JAWAB",
          "JADWAL", "", "", ""]
SUB = ["", "", "", "I", "II", "III", "IV", "", "", "", "", "", "", "I", "II", "III", "IV"]  # Triwulan I-IV
INFO = "Program Informasi dan Komunikasi Publik"
SANDI = "Program Penyelenggaraan Persandian untuk Pengamanan Informasi"
GREEN = "#"  # a cell shaded green, no text
# NO, goal, indicator, Trw I-IV, program/activity, output, output target, steps, amount, who, TW I-IV
ROWS = [
    ["1", "Meningkatnya kualitas layanan informasi publik",
     "Persentase informasi publik yang dipublikasikan tepat waktu", "20%", "45%", "70%", "95%", INFO,
     "", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "Pengelolaan Konten dan Perencanaan Media Komunikasi Publik",
     "Jumlah konten informasi yang dipublikasikan", "240 konten",
     "Menyusun jadwal publikasi bulanan\nMenerbitkan konten di kanal resmi", "185.000.000",
     "Bidang Informasi Publik", "√", "√", "√", "√"],
    ["", "", "", "", "", "", "", "", "Jumlah rilis pers", "48 rilis", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "Layanan Hubungan Media", "Jumlah liputan media", "36 liputan",
     "Menggelar konferensi pers triwulanan", "92.500.000", "Bidang Informasi Publik", "", GREEN, "", GREEN],
    ["", "", "Indeks kepuasan layanan PPID", "-", "-", "-", "3,60", INFO, "", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "Pelayanan Informasi Publik PPID",
     "Jumlah permohonan informasi yang dilayani", "100%", "Melaksanakan survei kepuasan pemohon",
     "64.250.000", "Sekretariat PPID", "", "", "√", ""],
    ["2", "Meningkatnya keamanan sistem elektronik pemerintah daerah",
     "Persentase perangkat daerah yang menerapkan sertifikat elektronik", "25%", "50%", "75%", "100%", SANDI,
     "", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah",
     "Jumlah perangkat daerah yang menerapkan sertifikat elektronik", "35 perangkat daerah",
     "Mendata perangkat daerah\nMenerbitkan sertifikat elektronik", "310.000.000", "Bidang Persandian",
     "v", GREEN, "", ""],
    ["", "", "Persentase sistem elektronik yang diaudit", "-", "-", "50%", "100%", "", "", "", "", "", "", "",
     "", "", ""],
]
WIDTHS_CM = [0.9, 2.6, 2.8, 1.1, 1.1, 1.1, 1.1, 3.2, 2.9, 1.8, 3.1, 2.0, 2.2, 0.7, 0.7, 0.7, 0.7]


def _shade(cell: docx.table._Cell, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shd)


def _write(cell: docx.table._Cell, text: str, bold: bool = False, size: float = 7) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = ""
    for k, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.font.size, run.font.name, run.bold = Pt(size), "Arial", bold


def build_plan(path: Path) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.0))
    for text in ("RENCANA AKSI TAHUN 2023", "DINAS KOMUNIKASI DAN INFORMATIKA KOTA BOGOR"):
        run = document.add_paragraph().add_run(text)
        run.bold, run.font.size = True, Pt(12)
    table = document.add_table(rows=2 + len(ROWS), cols=len(HEADER))
    table.style = "Table Grid"
    table.autofit = False
    for c, width in enumerate(WIDTHS_CM):
        table.columns[c].width = Cm(width)  # the grid's widths: LibreOffice ignores the cells' alone
    for r, values in enumerate([HEADER, SUB, *ROWS]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(WIDTHS_CM[c])
            if value == GREEN:
                _shade(cell, "70AD47")
            else:
                _write(cell, value, bold=r < 2 or value in (INFO, SANDI), size=6 if r < 2 else 7)
    table.cell(0, 3).merge(table.cell(0, 6))
    table.cell(0, 13).merge(table.cell(0, 16))
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> DocumentResult:
    folder = tmp_path_factory.mktemp("plan")
    (pdf,) = convert_to_pdf([build_plan(folder / "rencana_aksi_2023.docx")], folder)
    result = extract_bytes(pdf.read_bytes(), pdf.name, Settings())
    return result


def test_the_export_is_read_as_an_action_plan(plan: DocumentResult) -> None:
    doc = plan.document
    assert (doc.kind, doc.status, doc.title, doc.year) == (
        "action_plan", "ok", "RENCANA AKSI TAHUN 2023", 2023)
    assert (doc.unit, doc.regency) == ("Dinas Komunikasi dan Informatika", "Kota Bogor")
    assert not plan.parties and not plan.budgets
    assert [f.code for f in plan.findings] == ["indicator_without_action"]


def test_its_indicators_and_quarterly_targets(plan: DocumentResult) -> None:
    assert [(i.form, i.goal_no, i.indicator_no, i.indicator) for i in plan.indicators] == [
        ("rencana_aksi", 1, 1, "Persentase informasi publik yang dipublikasikan tepat waktu"),
        ("rencana_aksi", 1, 2, "Indeks kepuasan layanan PPID"),
        ("rencana_aksi", 2, 1, "Persentase perangkat daerah yang menerapkan sertifikat elektronik"),
        ("rencana_aksi", 2, 2, "Persentase sistem elektronik yang diaudit"),
    ]
    quarters = {}
    for t in plan.targets:
        quarters.setdefault((t.goal_no, t.indicator_no), []).append((t.period, t.raw))
    assert quarters[(1, 1)] == [("Q1", "20%"), ("Q2", "45%"), ("Q3", "70%"), ("Q4", "95%")]
    assert quarters[(1, 2)] == [("Q1", "-"), ("Q2", "-"), ("Q3", "-"), ("Q4", "3,60")]
    assert quarters[(2, 2)] == [("Q1", "-"), ("Q2", "-"), ("Q3", "50%"), ("Q4", "100%")]


def test_one_action_per_activity_as_typed(plan: DocumentResult) -> None:
    got = [(a.goal_no, a.indicator_no, a.action_no, a.program, a.activity, a.output, a.output_target, a.steps,
            a.quarters, a.budget_idr, a.responsible) for a in plan.actions]
    assert got == [
        (1, 1, 1, INFO, "Pengelolaan Konten dan Perencanaan Media Komunikasi Publik",
         "Jumlah konten informasi yang dipublikasikan; Jumlah rilis pers", "240 konten; 48 rilis",
         "Menyusun jadwal publikasi bulanan; Menerbitkan konten di kanal resmi", ("Q1", "Q2", "Q3", "Q4"),
         185_000_000, "Bidang Informasi Publik"),
        (1, 1, 2, INFO, "Layanan Hubungan Media", "Jumlah liputan media", "36 liputan",
         "Menggelar konferensi pers triwulanan", ("Q2", "Q4"), 92_500_000, "Bidang Informasi Publik"),
        (1, 2, 1, INFO, "Pelayanan Informasi Publik PPID", "Jumlah permohonan informasi yang dilayani",
         "100%",
         "Melaksanakan survei kepuasan pemohon", ("Q3",), 64_250_000, "Sekretariat PPID"),
        (2, 1, 1, SANDI, "Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah",
         "Jumlah perangkat daerah yang menerapkan sertifikat elektronik", "35 perangkat daerah",
         "Mendata perangkat daerah; Menerbitkan sertifikat elektronik", ("Q1", "Q2"), 310_000_000,
         "Bidang Persandian"),
    ]
    assert all(a.page == 1 for a in plan.actions)
