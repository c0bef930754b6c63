"""Every value traced back: the box a source row names holds the text it says was read there.

The check is made against the document itself, not the code: for a text rendering the seed's
own line; for a LibreOffice export the PDF's text layer cropped to the box (pdfplumber); for a
scan the text layer of the PDF that was printed and scanned, cropped to the box OCR gave (in
points, so the same place on the page).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pdfplumber
import pytest
import regex as re

from extractors.extract import extract_bytes
from extractors.model.records import KEY_COLUMNS, DocumentResult, output_fields, row_key
from extractors.model.settings import Settings
from extractors.parsers.provenance import TABLES
from extractors.readers.ocr.reader import ocr_available
from tests.fixtures.office import build_docx, convert_to_pdf, soffice
from tests.fixtures.scans import build_simple_ruled_pdf, scan_pdf
from tests.paths import IN_CI, SEEDS

SEED = SEEDS[0]  # 000: a PK and an RK table, a budget, both parties
_NOT_VALUES = {"doc_id", "page", "line", "source_file", "source_format", "ocr", "status",
               "page_count", "pipeline_version", "file_id", "part", "kind"}


def norm(text: str | None) -> str:
    return re.sub(r"[^\p{L}\p{N}%]+", "", (text or "").casefold())


def values(result: DocumentResult) -> set[tuple[str, str, str]]:
    """(table, key, column) of every value the rows hold: what must have a source."""
    out = set()
    for table in TABLES:
        rows = (result.document,) if table == "documents" else getattr(result, table)
        for row in rows:
            for f in output_fields(type(row)):
                value = getattr(row, f.name)
                if f.name not in _NOT_VALUES | set(KEY_COLUMNS[table]) and value not in (None, ()):
                    out.add((table, row_key(table, row), f.name))
    return out


@functools.cache
def seed_result() -> DocumentResult:
    return extract_bytes(SEED.read_bytes(), SEED.name, Settings())


def test_every_value_of_a_text_rendering_has_one_source() -> None:
    result = seed_result()
    got = [(s.table, s.key, s.column) for s in result.sources]
    assert len(got) == len(set(got))
    assert set(got) == values(result)
    assert len(got) > 500  # 28 indicators, their targets, 5 programs, two parties


def test_a_text_source_names_the_line_that_holds_the_value() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    result = seed_result()
    checked = 0
    for s in result.sources:
        if s.table in ("targets", "budgets") and s.column in ("raw", "amount_idr"):
            assert s.page is None and s.x0 is None
            assert norm(s.raw) in norm(lines[s.line - 1]), (s, lines[s.line - 1])
            checked += 1
    assert checked >= 100
    by = {(s.table, s.key, s.column): s for s in result.sources}
    title = by[("documents", result.document.doc_id, "title")]
    assert "PERJANJIAN KINERJA" in lines[title.line - 1]
    nip = by[("parties", "first", "nip")]
    assert result.parties[0].nip in re.sub(r"\D", "", lines[nip.line - 1])
    # Q2 of the RK's first indicator: the row's line, read at the cell of the Q2 column
    q2 = by[("targets", "rencana_kinerja/1/1/Q2", "raw")]
    assert lines[q2.line - 1].split("\t")[:2] == ["1", lines[q2.line - 1].split("\t")[1]]


def crop_text(pdf: Path, page: int, box: tuple[float, float, float, float], pad: float = 2.0) -> str:
    with pdfplumber.open(pdf) as doc:
        p = doc.pages[page - 1]
        x0, top, x1, bottom = box
        bbox = (max(0, x0 - pad), max(0, top - pad), min(p.width, x1 + pad), min(p.height, bottom + pad))
        return p.within_bbox(bbox).extract_text() or ""


needs_office = pytest.mark.skipif(soffice() is None and not IN_CI, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def office_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    document = build_docx(SEED.read_text(encoding="utf-8"), folder / "seed.docx")
    return convert_to_pdf([document], folder)[0]


@needs_office
def test_a_pdf_box_holds_the_text_read_from_it(office_pdf: Path) -> None:
    result = extract_bytes(office_pdf.read_bytes(), office_pdf.name, Settings())
    assert set((s.table, s.key, s.column) for s in result.sources) == values(result)
    checked = 0
    for s in result.sources:
        if s.table in ("targets", "indicators", "budgets") and s.column in (
                "raw", "target_raw", "indicator", "amount_idr", "program", "goal_type"):
            assert s.page is not None and s.x0 is not None and s.x0 < s.x1 and s.top < s.bottom
            inside = norm(crop_text(office_pdf, s.page, (s.x0, s.top, s.x1, s.bottom)))
            assert norm(s.raw)[:40] in inside, (s.key, s.column, s.raw, inside[:200])
            checked += 1
    assert checked >= 100


@needs_office
def test_a_word_file_gives_its_rows_lines_for_sources(office_pdf: Path) -> None:
    document = office_pdf.with_suffix(".docx")
    result = extract_bytes(document.read_bytes(), document.name, Settings())
    rows = {row_key("targets", t): t.line for t in result.targets}
    sources = [s for s in result.sources if s.table == "targets"]
    assert sources and all(s.page is None and s.x0 is None for s in sources)
    assert all(s.line == rows[s.key] for s in sources)


needs_tesseract = pytest.mark.skipif(ocr_available("ind+eng") is not None and not IN_CI,
                                     reason="Tesseract with its ind model is not installed")


@needs_tesseract
def test_an_ocr_box_in_points_lands_on_the_printed_text(tmp_path: Path) -> None:
    printed = build_simple_ruled_pdf(tmp_path / "printed.pdf")
    scanned = scan_pdf(printed, tmp_path / "scanned.pdf", dpi=200, angle=0.0, noise=0.01)
    result = extract_bytes(scanned.read_bytes(), scanned.name, Settings())
    assert result.document.ocr
    cells = [s for s in result.sources if s.table in ("indicators", "targets") and s.column in (
        "indicator", "raw", "goal")]
    assert len(cells) >= 6
    for s in cells:
        inside = norm(crop_text(printed, s.page, (s.x0, s.top, s.x1, s.bottom)))
        assert norm(s.raw)[:20] in inside, (s.key, s.column, s.raw, inside)
