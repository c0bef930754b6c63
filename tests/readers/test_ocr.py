"""The OCR reader against real Tesseract: seed tables scanned and read back, deskew, confidence,
mending, availability, and a real signed scan. No mocks; a few small pages only."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors.model.layout import Grid, Page, TextLine
from extractors.model.settings import Settings
from extractors.readers.ocr.cells import Word, _lines_of
from extractors.readers.ocr.grid import CellBox, TableBox
from extractors.readers.ocr.image import estimate_skew
from extractors.readers.ocr.mend import _mend_labels, mend_cell, mend_grid
from extractors.readers.ocr.reader import ocr_available, ocr_page
from tests.fixtures.bad_pdfs import image_only_pdf
from tests.fixtures.pdfs import build_ruled_pdf, display_text, parse_seed
from tests.fixtures.scans import build_simple_ruled_pdf, render_pages, scan_image, scan_pdf
from tests.paths import DATA, IN_CI, REALWORLD

SEED = DATA / "seeds" / "000_5f40e461a794e47d.txt"

SIGNED_SCAN = REALWORLD / "sulut_dkips_pk2021_signed_scan.pdf"
OCR_DPI = 300
SETTINGS = Settings()

# In CI the OCR tests never skip: a missing Tesseract there is a failure, not a pass.
needs_tesseract = pytest.mark.skipif(
    ocr_available(SETTINGS.ocr_languages) is not None and not IN_CI,
    reason="Tesseract with the ind+eng models is not installed (run `python -m pipeline.setup.ocr`)",
)


def _mini_seed() -> str:
    """Seed 000 cut to what fits two pages: the PK and budget tables, and the RK header with
    three rows of short measurements (a section row, spanning Triwulan header, N/A-free)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("**PERJANJIAN KINERJA TAHUN"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("5\tProgram Peningkatan Penyel"))
    header = next(ln for ln in lines if ln.startswith("NO\tSasaran"))
    quarters = next(ln for ln in lines if ln.startswith("\t\t\t\t\t\tI\tII"))
    body = [ln for ln in lines if ln.startswith("Sasaran Operasional") or re.match(r"1[567]\t", ln)]
    rk = ["", "RENCANA KINERJA TAHUN 2020", "", header, quarters, *body]
    return "\n".join(lines[start: end + 1] + rk) + "\n"


def _read_pdf_pages(path: Path, dpi: int = OCR_DPI) -> list[Page]:
    document = pdfium.PdfDocument(str(path))
    try:
        images = [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()
    return [ocr_page(image, i, SETTINGS, 72 / dpi).page for i, image in enumerate(images, 1)]


def _norm(text: str) -> str:
    """Cells compare without whitespace: where a narrow column wraps a word is layout."""
    return re.sub(r"\s+", "", text)


def _words(page: Page) -> Counter[str]:
    words: Counter[str] = Counter()
    for block in page.blocks:
        texts = [block.text] if isinstance(block, TextLine) else [
            c.text for row in block.rows for c in row]
        for text in texts:
            words.update(w for w in text.split() if re.search(r"\w{3,}", w))
    return words


@pytest.fixture(scope="module")
def scanned_seed_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    folder = tmp_path_factory.mktemp("ocr_seed")
    source = build_ruled_pdf(_mini_seed(), folder / "seed.pdf")
    scanned = scan_pdf(source, folder / "seed_scan.pdf", dpi=200, angle=1.0, noise=0.02, seed=7)
    return _read_pdf_pages(scanned)


@needs_tesseract
def test_scanned_seed_tables_read_back_cell_by_cell(scanned_seed_pages: list[Page]) -> None:
    expected = parse_seed(_mini_seed()).tables
    grids = [b for page in scanned_seed_pages for b in page.blocks if isinstance(b, Grid)]
    assert len(grids) == len(expected), f"found {len(grids)} grids, the seed has {len(expected)}"
    total, wrong = 0, []
    for table, grid in zip(expected, grids, strict=True):
        assert grid.method == "ocr-lines"
        assert (len(grid.rows), grid.width) == (len(table.rows), table.width), (
            f"grid shape {(len(grid.rows), grid.width)} != seed {(len(table.rows), table.width)}")
        for r, (want_row, got_row) in enumerate(zip(table.rows, grid.rows, strict=True)):
            for c, want in enumerate(want_row):
                total += 1
                got = got_row[c].text
                if _norm(display_text(want)) != _norm(got):
                    wrong.append((r, c, want[:40], got[:40]))
    assert len(wrong) <= total * 0.12, f"{len(wrong)} of {total} cells differ: {wrong}"


@needs_tesseract
def test_scanned_seed_cells_carry_page_and_points(scanned_seed_pages: list[Page]) -> None:
    grid = next(b for b in scanned_seed_pages[0].blocks if isinstance(b, Grid))
    cell = grid.rows[1][1]
    assert cell.at.page == 1 and cell.at.line is None
    x0, top, x1, bottom = cell.at.bbox
    assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850, "bbox should be in PDF points (A4)"


@needs_tesseract
def test_deskew_gives_the_same_words(tmp_path: Path) -> None:
    page = render_pages(build_simple_ruled_pdf(tmp_path / "simple.pdf"), 200)[0]
    level = scan_image(page, angle=0.0, noise=0.0)
    tilted = scan_image(page, angle=2.0, noise=0.0)
    assert estimate_skew(_array(tilted)) == pytest.approx(-2.0, abs=0.3)
    straight = _words(ocr_page(level, 1, SETTINGS, 72 / 200).page)
    turned = _words(ocr_page(tilted, 1, SETTINGS, 72 / 200).page)
    missing, extra = straight - turned, turned - straight
    assert sum(missing.values()) + sum(extra.values()) <= 2, (
        f"tilted page read differently: missing {dict(missing)}, extra {dict(extra)}")


def _array(image: Image.Image):  # noqa: ANN202 - numpy array
    import numpy as np

    return np.asarray(image.convert("L"))


@needs_tesseract
def test_noisy_blurred_page_is_flagged_low_confidence(tmp_path: Path) -> None:
    page = render_pages(build_simple_ruled_pdf(tmp_path / "simple.pdf"), 150)[0]
    ruined = scan_image(page, angle=0.5, noise=0.3, blur=1.6, seed=3)
    result = ocr_page(ruined, 3, SETTINGS, 72 / 150)
    low = [f for f in result.findings if f.code == "low_ocr_confidence"]
    assert result.mean_confidence is not None
    assert result.mean_confidence < SETTINGS.min_ocr_confidence
    assert len(low) == 1 and low[0].page == 3 and low[0].severity == "warning"
    assert f"{result.mean_confidence:.0f}%" in low[0].message and "Page 3" in low[0].message


@needs_tesseract
def test_clean_scan_has_high_confidence_and_no_warning(tmp_path: Path) -> None:
    page = render_pages(build_simple_ruled_pdf(tmp_path / "simple.pdf"), 300)[0]
    result = ocr_page(page, 1, SETTINGS, 72 / 300)
    assert result.mean_confidence is not None and result.mean_confidence > 85
    assert not [f for f in result.findings if f.code == "low_ocr_confidence"]


@needs_tesseract
def test_digit_like_letters_in_a_number_cell_are_mended_and_counted(tmp_path: Path) -> None:
    # Tesseract's own number model already reads a printed `1OO%` as `100%`; `lOO %` (letter l,
    # letters O) it reads as written, so that is the slip to mend here (a crisp `lOO%` without
    # the space it reads `(0096`, which nothing can mend).
    rows = [["NO", "Indikator Kinerja", "Target"],
            ["1", "Persentase layanan terpenuhi", "lOO %"],
            ["2", "Indeks kepuasan masyarakat", "NIA"]]
    source = build_simple_ruled_pdf(tmp_path / "slips.pdf", rows)
    result = ocr_page(render_pages(source, 300)[0], 2, SETTINGS, 72 / 300)
    grid = next(b for b in result.page.blocks if isinstance(b, Grid))
    targets = [row[-1].text for row in grid.rows]
    assert targets == ["Target", "100 %", "N/A"], targets
    mended = [f for f in result.findings if f.code == "ocr_corrected"]
    assert len(mended) == 1 and mended[0].page == 2 and mended[0].severity == "warning"
    assert mended[0].message.startswith("Page 2: 2 OCR slips mended (")
    assert "lOO % → 100 %" in mended[0].message and "NIA → N/A" in mended[0].message


@pytest.mark.parametrize(("written", "column_percent", "column_numbers", "mended"), [
    ("1OO%", False, False, "100%"),
    ("lOO%", False, False, "100%"),
    ("l00", False, False, "100"),
    ("1O", False, False, "10"),
    ("Rp. 8.797.8l9.537", False, False, "Rp. 8.797.819.537"),
    ("NIA", False, False, "N/A"),
    ("N/A.", False, False, "N/A"),
    ("NA", False, False, "N/A"),
    ("100 96", True, False, "100%"),
    ("80x", True, False, "80%"),
    ("i", False, True, "1"),
    ("100 Yo", False, False, "100 %"),
    ("40.816 510.000,00", False, False, "40.816.510.000,00"),
    ("Rp. 1.330.400 000,00", False, False, "Rp. 1.330.400.000,00"),
])
def test_mend_cell_mends_certain_slips(written: str, column_percent: bool, column_numbers: bool,
                                       mended: str) -> None:
    assert mend_cell(written, column_percent, column_numbers) == (mended, f"{written} → {mended}")


@pytest.mark.parametrize("written", ["100%", "N/A", "100 96", "IV", "Opini WTP", "Indeks", "i",
                                     "Tahun 2O21 ini", "-", "WA", "NYA", "9 :", "12 345", "2020 100"])
def test_mend_cell_leaves_uncertain_text(written: str) -> None:
    assert mend_cell(written) == (written, None)


@pytest.mark.parametrize(("written", "mended"), [("NYA", "N/A"), ("WA", "N/A"), ("N/À", "N/A"),
                                                 ("4", None), ("IV", None), ("Nilai", None)])
def test_not_applicable_lookalikes_are_mended_only_in_a_column_of_values(written: str,
                                                                         mended: str | None) -> None:
    assert mend_cell(written, column_of_values=True)[0] == (mended or written)


@pytest.mark.parametrize(("written", "mended"), [("9 :", "9"), ("3:", "3"), ("l", "1"), ("12", None)])
def test_speck_beside_a_row_number_is_dropped(written: str, mended: str | None) -> None:
    assert mend_cell(written, column_is_numbers=True)[0] == (mended or written)


def test_wrapped_cell_lines_read_top_to_bottom_even_beside_a_tall_speck() -> None:
    def word(text: str, x: int, top: int, bottom: int) -> Word:
        return Word(text, 90.0, (x, top, x + 10 * len(text), bottom), (1, 1, 1))

    words = [word("penyelenggaraan", 0, 130, 160), word("Terwujudnya", 0, 100, 130),
             word("©", 170, 100, 150),  # a speck read tall, reaching into the next line
             word("pemerintahan", 160, 131, 160), word("dan", 0, 161, 190), word("adaptif", 40, 160, 190)]
    lines = [" ".join(w.text for w in line) for line in _lines_of(words)]
    assert lines == ["Terwujudnya ©", "penyelenggaraan pemerintahan", "dan adaptif"]


@needs_tesseract
def test_large_print_is_not_taken_for_rulings(tmp_path: Path) -> None:
    # Stems of 40-pixel letters are longer than the old fixed ruling length: they were erased.
    page = render_pages(image_only_pdf(tmp_path / "big.pdf"), OCR_DPI)[0]
    result = ocr_page(page, 1, SETTINGS, 72 / OCR_DPI)
    lines = [b.text for b in result.page.blocks if isinstance(b, TextLine)]
    assert lines == ["PERJANJIAN KINERJA TAHUN 2021", "Nama : BLESSMIYANDA"], lines
    assert result.mean_confidence is not None and result.mean_confidence > 85


@needs_tesseract
def test_ocr_available_here() -> None:
    assert ocr_available() is None


def test_missing_model_is_an_error_finding_with_the_install_command() -> None:
    finding = ocr_available("xxx")
    assert finding is not None and finding.code == "ocr_unavailable"
    assert finding.severity == "error"
    assert re.search(r"(apt-get install tesseract-ocr|brew install tesseract)", finding.message)
    result = ocr_page(Image.new("L", (200, 100), 255), 4, Settings(ocr_languages="xxx"))
    assert [(f.code, f.page) for f in result.findings] == [("ocr_unavailable", 4)]
    assert result.page.number == 4 and result.page.blocks == () and result.mean_confidence is None


@needs_tesseract
@pytest.mark.skipif(not SIGNED_SCAN.exists(),
                    reason=f"real-world scans not present ({REALWORLD} is absent on this machine)")
def test_real_signed_scan_indicator_table() -> None:
    document = pdfium.PdfDocument(str(SIGNED_SCAN))
    try:
        image = document[1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    result = ocr_page(image, 2, SETTINGS, 72 / OCR_DPI)
    grids = [b for b in result.page.blocks if isinstance(b, Grid)]
    assert grids, "no ruled grid found on the signed scan's page 2"
    rows = [[c.text for c in row] for grid in grids for row in grid.rows]
    wanted = [row for row in rows if row[0].strip() == "1"
              and any("Persentase" in t for t in row) and any("100" in t or "90" in t for t in row)]
    assert wanted, f"no indicator row 1 with a Persentase indicator and a target: {rows}"
    assert any("100" in row[-1] for row in rows), f"no target cell holds 100: {rows}"
    assert result.mean_confidence is not None and result.mean_confidence > 85


def test_a_label_column_mends_its_slipped_cells() -> None:
    column = [["Keterangan"], ["Nilai"], ["Nitai"], ["Nita $ }"], ["Nilai"], ["Nilai"], ["Persen"]]
    slips = _mend_labels(column)
    assert [r[0] for r in column] == ["Keterangan", "Nilai", "Nilai", "Nilai", "Nilai", "Nilai", "Persen"]
    assert slips == ["Nitai → Nilai", "Nita $ } → Nilai"]
    alone = [["Keterangan"], ["Nifai"], ["APBD"], ["Jakarta"]]  # one row a page: the word list decides
    assert _mend_labels(alone) == ["Nifai → Nilai"] and alone[2:] == [["APBD"], ["Jakarta"]]


@pytest.mark.parametrize("header", ["Triwulan", "Inwulan", "Triwutan", "Tnwulan", "Triwuian"])
def test_quarter_sub_headers_are_recovered_under_a_triwulan_like_header(header: str) -> None:
    xs, ys = (0, 50, 100, 150, 200, 250), (0, 20, 30, 60)
    cells = [CellBox(0, 0, (0, 0, 50, 30)), CellBox(0, 1, (50, 0, 250, 20))]
    cells += [CellBox(1, c, (xs[c], 20, xs[c + 1], 30)) for c in range(1, 5)]
    cells += [CellBox(2, c, (xs[c], 30, xs[c + 1], 60)) for c in range(5)]
    table = TableBox((0, 0, 250, 60), xs, ys, tuple(cells))
    texts = [["Nomor", header, "", "", ""], ["", "LiTu", "", "CT", ""], ["1", "N/A", "50", "N/A", "100"]]
    mended, _ = mend_grid(texts, table)
    assert mended[:2] == [["Nomor", "Triwulan", "", "", ""], ["", "I", "II", "III", "IV"]]
    assert mended[2] == ["1", "N/A", "50", "N/A", "100"]


def test_a_value_column_mends_a_mark_behind_a_ruling_and_a_separator_read_as_a_space() -> None:
    texts = [["Nomor", "Triwulan", "", "Tahunan"], ["", "I", "II", ""],
             ["1", "1 NIA", "87,25", "87,25"], ["", "N/A", "94,16", "94 16"]]
    mended, slips = mend_grid(texts, None)
    assert [row[1:] for row in mended[2:]] == [["N/A", "87,25", "87,25"], ["N/A", "94,16", "94,16"]]
    assert slips == ["1 NIA → N/A", "94 16 → 94,16"]
