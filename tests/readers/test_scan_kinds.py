"""The kinds of PDF real offices send, built by the tests: scans carrying another OCR's hidden
text layer (good or poor), 1-bit CCITT scans, text covered by a picture, and Word exports
turned sideways by a viewer's "rotate and save". A few small pages, real Tesseract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from extractors.extract import extract_bytes
from extractors.model.layout import Grid, Layout, TextLine
from extractors.model.settings import Settings
from extractors.readers.ocr.layer import is_known, judge_layer, known_words, slip_of
from extractors.readers.ocr.reader import ocr_available
from extractors.readers.pdf.reader import read_pdf
from tests.equivalence import KEYS, compare
from tests.fixtures import layers, office
from tests.fixtures.scans import build_simple_ruled_pdf, render_pages, scan_image
from tests.paths import IN_CI, SEEDS

SETTINGS = Settings()
needs_tesseract = pytest.mark.skipif(
    ocr_available(SETTINGS.ocr_languages) is not None and not IN_CI,
    reason="Tesseract with the ind+eng models is not installed (run `python -m pipeline.setup.ocr`)",
)
needs_soffice = pytest.mark.skipif(office.soffice() is None and not IN_CI,
                                   reason="LibreOffice (soffice) is not installed")

ROWS = [["NO", "Sasaran Strategis", "Indikator Kinerja", "Target"],
        ["1", "Meningkatnya kualitas pelayanan publik", "Persentase layanan yang terpenuhi", "90%"],
        ["2", "Terwujudnya tata kelola pemerintahan", "Indeks kepuasan masyarakat", "86"]]
# the same page as a poor OCR engine leaves it in its layer
SLIPPED = [["NO", "Sasaran Strategis", "lndikator Kine~a", "Target"],
           ["1", "Men1ngkatnya kualitas pelayanan pub|ik", "Persentase Iayanan yang terpenuhi", "90%"],
           ["2", "Terwujudnya tata ke1ola pemerintahan", "Indeks kepuasan masyarakat", "B6"]]


def _cells(layout: Layout) -> list[list[str]]:
    return [[" ".join(c.text.split()) for c in row]
            for b in layout.blocks() if isinstance(b, Grid) for row in b.rows]


def _codes(layout: Layout) -> list[str]:
    return [f.code for f in layout.findings]


# ---- the judge ---------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["kine~a", "pe~anjian", "D1NAS", "PlHAK", "RpA.868.180.000,-",
                                   "HasHPertanian", "pub|ik"])
def test_slips_no_printed_word_has(token: str) -> None:
    assert slip_of(token)


@pytest.mark.parametrize("token", ["kinerja", "Rp.30.903.396.770,-", "NIP.19591030", "e-SAKIP",
                                   "eKINERJA", "2.1.", "(kasus/tahun)", "10m", "1st", "N/A", "100%"])
def test_printed_words_are_no_slips(token: str) -> None:
    assert not slip_of(token)


def test_word_list_holds_every_word_of_the_seeds() -> None:
    words = {w.lower() for seed in SEEDS for w in re.findall(r"[^\W\d_]{2,}", seed.read_text("utf-8"))}
    assert words <= known_words()


@pytest.mark.parametrize("word", ["kinerja", "Dihasilkan", "pelayanannya", "SASARAN"])
def test_known_words_and_their_affixed_forms(word: str) -> None:
    assert is_known(word)


def test_judge_layer() -> None:
    good = ["PERJANJIAN KINERJA TAHUN 2016", "Dalam rangka mewujudkan manajemen pemerintahan yang efektif"]
    assert judge_layer(good, 0, 0).good
    assert not judge_layer(good, 0, 1).good, "a ruled table on the picture the layer misses"
    poor = [*good, "PIHAK KESATU be~anji akan mewujudkan target kine~a", "D1NAS PETERNAKAN"]
    verdict = judge_layer(poor, 0, 0)
    assert not verdict.good and "`be~anji`" in verdict.reason()
    assert not judge_layer(["Ø¸ÖÌ ÕÎÏÐ ÑÒÓÔ"] * 5, 0, 0).good, "no word known: a garbled layer"


# ---- text a PDF does not show ------------------------------------------------------------


def test_text_under_an_opaque_picture_is_not_content(tmp_path: Path) -> None:
    pdf = layers.picture_over_part(tmp_path / "covered.pdf", covered="RAHASIA: TIDAK DICETAK",
                                   shown="PERJANJIAN KINERJA TAHUN 2021")
    layout = read_pdf(pdf.read_bytes(), SETTINGS)
    lines = [b.text for b in layout.blocks() if isinstance(b, TextLine)]
    assert lines == ["PERJANJIAN KINERJA TAHUN 2021", "Nama : BLESSMIYANDA"]
    assert layout.ocr is False and layout.findings == ()


def test_a_signature_with_a_transparent_background_leaves_the_name_shown(tmp_path: Path) -> None:
    pdf = layers.signature_over_name(tmp_path / "signed.pdf", name="Ir. YERRY YANUAR, MM")
    assert b"/SMask" in pdf.read_bytes()  # the picture does carry a mask
    layout = read_pdf(pdf.read_bytes(), SETTINGS)
    lines = [b.text for b in layout.blocks() if isinstance(b, TextLine)]
    assert lines == ["PERJANJIAN KINERJA TAHUN 2021", "Ir. YERRY YANUAR, MM"]


# ---- scans with another OCR's layer --------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layers")
    clean = build_simple_ruled_pdf(folder / "clean.pdf", ROWS)
    slipped = build_simple_ruled_pdf(folder / "slipped.pdf", SLIPPED, title="PERJANJIAN KINE~A TAHUN 2O21")
    return {
        "good": layers.text_under_picture(clean, clean, folder / "good.pdf"),
        "poor": layers.text_under_picture(slipped, clean, folder / "poor.pdf"),
        "mode3": layers.invisible_text_over_picture(clean, folder / "mode3.pdf"),
    }


def test_a_good_layer_under_the_picture_is_used(pages: dict[str, Path]) -> None:
    layout = read_pdf(pages["good"].read_bytes(), SETTINGS)
    assert layout.ocr is True
    assert _codes(layout) == ["ocr_layer_used"]
    assert "judged good" in layout.findings[0].message and layout.findings[0].page == 1
    assert _cells(layout) == ROWS
    assert [g.method for g in layout.blocks() if isinstance(g, Grid)] == ["pdfplumber-lines"]


def test_invisible_text_over_the_picture_is_a_layer_too(pages: dict[str, Path]) -> None:
    layout = read_pdf(pages["mode3"].read_bytes(), SETTINGS)
    assert layout.ocr is True and "ocr_layer_" in layout.findings[0].code
    lines = [b.text for b in layout.lines()]
    assert "PERJANJIAN KINERJA TAHUN 2021" in lines


@needs_tesseract
def test_a_poor_layer_is_replaced_by_our_ocr(pages: dict[str, Path]) -> None:
    layout = read_pdf(pages["poor"].read_bytes(), SETTINGS)
    assert layout.ocr is True
    replaced = [f for f in layout.findings if f.code == "ocr_layer_replaced"]
    assert len(replaced) == 1 and replaced[0].severity == "warning" and replaced[0].page == 1
    assert "slips" in replaced[0].message
    assert "ocr_layer_used" not in _codes(layout)
    assert _cells(layout) == ROWS, "the picture's words, read by our OCR, not the layer's slips"
    assert [g.method for g in layout.blocks() if isinstance(g, Grid)] == ["ocr-lines"]


def test_a_poor_layer_is_used_when_ocr_is_off(pages: dict[str, Path]) -> None:
    layout = read_pdf(pages["poor"].read_bytes(), Settings(ocr=False))
    assert layout.ocr is True and _codes(layout) == ["ocr_layer_used"]
    assert "judged poor" in layout.findings[0].message
    assert _cells(layout) == SLIPPED


# ---- 1-bit scans ---------------------------------------------------------------------------


@needs_tesseract
def test_a_ccitt_one_bit_scan_reads_as_the_colour_scan(tmp_path: Path) -> None:
    page = scan_image(render_pages(build_simple_ruled_pdf(tmp_path / "s.pdf", ROWS), 200)[0],
                      angle=0.5, noise=0.01, seed=5)
    colour, bitonal = tmp_path / "colour.pdf", tmp_path / "bitonal.pdf"
    page.convert("RGB").save(colour, "PDF", resolution=200.0, quality=80)
    page.point(lambda v: 255 if v > 150 else 0).convert("1", dither=Image.Dither.NONE).save(
        bitonal, "PDF", resolution=200.0)
    assert b"/CCITTFaxDecode" in bitonal.read_bytes(), "Pillow writes 1-bit pages as CCITT G4"
    read = {name: read_pdf(pdf.read_bytes(), SETTINGS) for name, pdf in
            (("colour", colour), ("bitonal", bitonal))}
    assert _cells(read["colour"]) == ROWS
    assert _cells(read["bitonal"]) == _cells(read["colour"])
    assert read["bitonal"].ocr is True


# ---- unruled lists --------------------------------------------------------------------------


def test_a_tab_stop_budget_list_is_a_grid_under_its_header_set_off_by_a_blank_line(tmp_path: Path) -> None:
    # the scanned form of this list is held by the real ESDM scan (tests/realworld_files/test_realworld.py)
    typed = layers.tab_stop_budget_pdf(tmp_path / "budget.pdf")
    layout = read_pdf(typed.read_bytes(), SETTINGS)
    assert _cells(layout) == [["No.", "Program", "", "Anggaran", "Ket"]] + [
        [no, program, "Rp.", amount, "APBD"] for no, program, amount in layers.BUDGET_LIST]
    result = extract_bytes(typed.read_bytes(), "budget.pdf", SETTINGS)
    assert [(b.program_no, b.amount_idr) for b in result.budgets] == [
        (1, 150_000_000), (2, 5_855_965_700), (3, 7_016_708_000), (4, 40_816_510_000)]


# ---- a Word export turned sideways ---------------------------------------------------------


@needs_soffice
def test_a_word_pdf_turned_by_rotate_gives_the_same_rows(tmp_path: Path) -> None:
    seed = SEEDS[0]
    (upright,) = office.convert_to_pdf([office.build_docx(seed.read_text("utf-8"), tmp_path / "pk.docx")],
                                       tmp_path)
    turned = tmp_path / "pk-turned.pdf"
    turned.write_bytes(office.rotate_pages(upright.read_bytes()))
    want = extract_bytes(upright.read_bytes(), "pk.pdf", SETTINGS)
    got = extract_bytes(turned.read_bytes(), "pk-turned.pdf", SETTINGS)
    assert want.indicators and want.budgets and len(want.parties) == 2
    for table in KEYS:
        agreement = compare(want, got, table)
        assert agreement.rows_matched == agreement.rows_expected, agreement.describe()
        assert agreement.fields_equal == agreement.fields_expected, agreement.describe()
