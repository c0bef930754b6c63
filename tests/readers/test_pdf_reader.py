"""read_pdf on PDFs built from the seeds at test time, on broken PDFs, and on the real-world draft."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extractors.model.layout import Cell, Grid, Layout, Span, TextLine
from extractors.model.settings import Settings
from extractors.readers.pdf.reader import (
    FoundGrid,
    Line,
    is_broken_word,
    join_grids,
    read_pdf,
    unspace_letters,
    words_to_lines,
)
from tests.fixtures import bad_pdfs, pdfs
from tests.paths import REALWORLD, SEEDS

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
DRAFT = REALWORLD / "sulut_dkips_pk2021_draft.pdf"
SETTINGS = Settings()


def norm(text: str) -> str:
    return " ".join(text.split())


def grid_texts(grid: Grid) -> list[list[str]]:
    return [[norm(c.text) for c in row] for row in grid.rows]


def seed_texts(table: pdfs.SeedTable) -> list[list[str]]:
    unicode_font = pdfs.uses_unicode_font()
    return [[norm(pdfs.display_text(c, unicode_font=unicode_font)) for c in row] for row in table.rows]


def grids(layout: Layout) -> list[Grid]:
    return [b for b in layout.blocks() if isinstance(b, Grid)]


def text_lines(layout: Layout) -> list[str]:
    return [b.text for b in layout.blocks() if isinstance(b, TextLine)]


def all_text(layout: Layout) -> str:
    return "\n".join(line.text for line in layout.lines())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Layout]:
    """Each seed as ruled, unruled and rotated-landscape PDF, read once for the module."""
    root = tmp_path_factory.mktemp("pdfs")
    out = {}
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        for kind, build in (
            ("ruled", lambda t, p: pdfs.build_ruled_pdf(t, p)),
            ("rotated", lambda t, p: pdfs.build_ruled_pdf(t, p, rotate_landscape=True)),
            ("unruled", lambda t, p: pdfs.build_unruled_pdf(t, p)),
        ):
            path = build(text, root / f"{seed.stem}_{kind}.pdf")
            out[(seed.name, kind)] = read_pdf(path.read_bytes(), SETTINGS)
    return out


# ---- seed renderings ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ruled", "rotated", "unruled"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_seed_table_is_one_grid_with_the_seed_cells(built, seed: Path, kind: str) -> None:
    layout = built[(seed.name, kind)]
    expected = [seed_texts(t) for t in pdfs.parse_seed(seed.read_text(encoding="utf-8")).tables]
    assert [grid_texts(g) for g in grids(layout)] == expected
    method = "pdfplumber-text" if kind == "unruled" else "pdfplumber-lines"
    assert {g.method for g in grids(layout)} == {method}
    assert layout.findings == ()
    assert layout.source_format == "pdf" and layout.page_count == len(layout.pages)
    assert [p.number for p in layout.pages] == list(range(1, len(layout.pages) + 1))


@pytest.mark.parametrize("kind", ["ruled", "rotated", "unruled"])
def test_rk_table_over_page_breaks_is_one_grid_in_order(built, kind: str) -> None:
    layout = built[(SEED_000.name, kind)]
    rk = next(g for g in grids(layout) if g.width == 12)
    numbers = [row[0].text for row in rk.rows if row[0].text.isdigit()]
    assert numbers == [str(n) for n in range(1, 19)]
    assert sum(1 for row in rk.rows if norm(row[1].text) == "Sasaran") == 1  # header not repeated
    pages = {c.at.page for row in rk.rows for c in row}
    assert len(pages) >= 2 and rk.at.page == min(pages)  # crosses a break, lives where it starts


@pytest.mark.parametrize("kind", ["ruled", "rotated", "unruled"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_running_headers_and_page_numbers_are_dropped(built, seed: Path, kind: str) -> None:
    lines = text_lines(built[(seed.name, kind)])
    assert not [t for t in lines if "Halaman" in t]
    assert pdfs.RUNNING_HEADER not in lines


@pytest.mark.parametrize("kind", ["ruled", "rotated"])
def test_prose_reads_in_order(built, kind: str) -> None:
    lines = text_lines(built[(SEED_000.name, kind)])
    assert lines[:2] == ["PEMERINTAH PROVINSI DAERAH KHUSUS", "IBUKOTA JAKARTA"]
    assert "Nama : RUSTAM EFFENDI" in lines
    assert lines.index("RENCANA KINERJA TAHUN 2020") < lines.index(
        "Unit Kerja : Kota Administrasi Jakarta Barat Provinsi DKI Jakarta"
    )
    for block in built[(SEED_000.name, kind)].pages[0].blocks:
        assert block.at.page == 1 and block.at.bbox is not None


def test_rotated_pages_read_like_landscape_ones(built) -> None:
    ruled, rotated = built[(SEED_000.name, "ruled")], built[(SEED_000.name, "rotated")]
    assert [grid_texts(g) for g in grids(rotated)] == [grid_texts(g) for g in grids(ruled)]
    assert text_lines(rotated) == text_lines(ruled)


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_written_turned_under_rotate_reads_as_shown(tmp_path: Path, degrees: int) -> None:
    upright = pdfs.build_ruled_pdf(SEED_000.read_text(encoding="utf-8"), tmp_path / "upright.pdf")
    turned = pdfs.turn_pages(upright.read_bytes(), degrees)
    assert f"/Rotate {degrees}".encode() in turned
    want, got = read_pdf(upright.read_bytes(), SETTINGS), read_pdf(turned, SETTINGS)
    assert [grid_texts(g) for g in grids(got)] == [grid_texts(g) for g in grids(want)]
    assert text_lines(got) == text_lines(want)


# ---- text hygiene ------------------------------------------------------------------------


def test_invisible_white_and_offpage_text_is_not_content(tmp_path: Path) -> None:
    layout = read_pdf(bad_pdfs.pdf_with_invisible_text(tmp_path / "hidden.pdf").read_bytes(), SETTINGS)
    text = all_text(layout)
    assert bad_pdfs.VISIBLE_LINE in text and "Nama : BLESSMIYANDA" in text
    assert bad_pdfs.WHITE_ON_DARK in text  # white on a dark box is visible
    for hidden in bad_pdfs.HIDDEN_TEXTS:
        assert hidden not in text


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("N a m a : X", "Nama : X"),
        ("J a b a t a n : Kepala", "Jabatan : Kepala"),
        ("a b c", "a b c"),
        ("Rp 1 2 3 4", "Rp 1 2 3 4"),
    ],
)
def test_unspace_letters(raw: str, read: str) -> None:
    assert unspace_letters(raw) == read


def _word(text: str, x0: float, size: float, baseline: float = 100.0) -> dict:
    """A word as pdfplumber gives it, in a font of `size` points sitting on `baseline`."""
    return {"text": text, "x0": x0, "x1": x0 + 0.5 * size * len(text),
            "top": baseline - 0.9 * size, "bottom": baseline + 0.2 * size}


def test_words_of_two_sizes_on_one_baseline_are_one_line() -> None:
    """Word's footer: `Halaman` and `dari` in 8 pt, the PAGE and NUMPAGES fields in 11 pt."""
    words = [_word("Halaman", 250, 8), _word("2", 282, 11), _word("dari", 290, 8), _word("5", 307, 11)]
    assert [ln.text for ln in words_to_lines(words)] == ["Halaman 2 dari 5"]


# ---- word breaks in narrow cells ---------------------------------------------------------


def _line(text: str, width: float) -> Line:
    return Line(text, (0.0, 0.0, width, 8.0))


@pytest.mark.parametrize(
    ("prev", "nxt", "width", "available", "broken"),
    [
        ("Persent", "ase", 42.0, 43.0, True),
        ("TARGE", "T", 40.75, 43.2, True),
        ("Sistem E-", "Government Berbasis", 30.0, 80.0, True),
        ("228,869,037,86", "9", 60.0, 61.0, True),
        ("No", ".", 10.0, 11.0, True),
        ("survey 3,5324-", "4,00 atau nilai", 60.0, 120.0, True),  # a range broken after its hyphen
        ("konversi 65,00-", "Sangat Baik", 60.0, 120.0, False),
        ("PERSENTASE", "HASIL", 78.75, 79.2, False),  # a whole word after a full line
        ("Meningkatnya", "penyelenggaraan", 40.0, 90.0, False),  # short line: an ordinary wrap
        ("Program Pengelolaan", "kendaraan", 80.0, 81.0, False),  # two words: an ordinary wrap
        ("Rp. 7.838.434.333,-", "Provinsi", 80.0, 81.0, False),
        ("131.860.302", "28.939.719", 60.0, 61.0, False),  # two whole values, one a line
    ],
)
def test_is_broken_word(prev: str, nxt: str, width: float, available: float, broken: bool) -> None:
    assert is_broken_word(_line(prev, width), _line(nxt, 20.0), available) is broken


# ---- joining a table continued on the next page ------------------------------------------


def _found(rows: list[list[str]], page: int) -> FoundGrid:
    at = Span(page=page, bbox=(0.0, 0.0, 1.0, 1.0))
    cells = tuple(tuple(Cell(t, at) for t in row) for row in rows)
    return FoundGrid(Grid(rows=cells, at=at, method="pdfplumber-lines"), (0.0, 10.0, 20.0, 30.0), 0.0)


def test_join_grids_merges_a_row_split_over_the_break_and_drops_the_two_row_header() -> None:
    header = [["NO", "Sasaran", "Triwulan"], ["", "", "I"]]
    first = _found([*header, ["1", "Meningkatnya kualitas", "86"], ["2", "Terwujudnya tata", "100%"]], 3)
    cont = _found([*header, ["", "kelola pemerintahan", ""], ["3", "Terjaminnya", "N/A"]], 4)
    joined = join_grids(first, cont).grid
    assert grid_texts(joined) == [
        *header,
        ["1", "Meningkatnya kualitas", "86"],
        ["2", "Terwujudnya tata kelola pemerintahan", "100%"],
        ["3", "Terjaminnya", "N/A"],
    ]
    assert joined.rows[-1][0].at.page == 4 and joined.at.page == 3


def test_join_grids_merges_a_split_row_numbered_in_the_second_no_column() -> None:
    """A goal's second indicator (` | | 2 | …`) broken over the page: its tail has no number anywhere."""
    first = _found([["NO", "Sasaran", "NO", "Indikator"], ["8", "Terwujudnya", "1", "Persentase A"],
                    ["", "", "2", "Persentase penyelesaian rencana aksi"]], 3)
    cont = _found([["", "", "", "Peningkatan Kualitas Kinerja (nomor 61)"],
                   ["9", "Terwujudnya", "1", "B"]], 4)
    assert grid_texts(join_grids(first, cont).grid)[2:] == [
        ["", "", "2", "Persentase penyelesaian rencana aksi Peningkatan Kualitas Kinerja (nomor 61)"],
        ["9", "Terwujudnya", "1", "B"],
    ]


def test_join_grids_keeps_a_continuation_row_that_starts_an_indicator() -> None:
    first = _found([["NO", "Sasaran", "NO"], ["6", "Terwujudnya", "1"]], 1)
    cont = _found([["", "", "2"]], 2)
    assert grid_texts(join_grids(first, cont).grid)[-1] == ["", "", "2"]


# ---- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "code"),
    [
        (bad_pdfs.truncated_pdf, "unreadable_file"),
        (bad_pdfs.encrypted_pdf, "encrypted_pdf"),
        (bad_pdfs.zero_page_pdf, "no_pages"),
        (bad_pdfs.not_a_pdf_named_pdf, "unreadable_file"),
    ],
    ids=["truncated", "encrypted", "zero_pages", "not_a_pdf"],
)
def test_bad_pdfs_give_one_error_finding(tmp_path: Path, builder, code: str) -> None:
    layout = read_pdf(builder(tmp_path / "bad.pdf").read_bytes(), SETTINGS)
    assert layout.pages == () and layout.source_format == "pdf"
    assert [(f.code, f.severity) for f in layout.findings] == [(code, "error")]
    assert layout.findings[0].message.endswith(".")


def test_owner_password_only_opens_normally(tmp_path: Path) -> None:
    layout = read_pdf(bad_pdfs.owner_only_encrypted_pdf(tmp_path / "owner.pdf").read_bytes(), SETTINGS)
    assert layout.findings == ()
    assert "PERJANJIAN KINERJA TAHUN 2021" in text_lines(layout)


def test_a_page_that_fails_is_a_finding_and_the_others_are_read(tmp_path: Path) -> None:
    layout = read_pdf(bad_pdfs.page_raising_pdf(tmp_path / "raising.pdf").read_bytes(), SETTINGS)
    assert layout.page_count == 2
    assert [(f.code, f.page) for f in layout.findings] == [("page_unreadable", 2)]
    assert "PERJANJIAN KINERJA TAHUN 2021" in text_lines(layout)


@pytest.mark.parametrize("data", [b"", b"%PDF-", b"%PDF-1.4\n" + b"\x00" * 100, b"%PDF-1.7\n1 0 obj\n<<"])
def test_garbage_never_raises(data: bytes) -> None:
    layout = read_pdf(data, SETTINGS)
    assert layout.pages == () and layout.findings[0].severity == "error"


# ---- scanned pages -----------------------------------------------------------------------


def test_scanned_page_with_ocr_off_is_skipped_with_a_warning(tmp_path: Path) -> None:
    layout = read_pdf(bad_pdfs.image_only_pdf(tmp_path / "scan.pdf").read_bytes(), Settings(ocr=False))
    assert [(f.code, f.severity, f.page) for f in layout.findings] == [("ocr_skipped", "warning", 1)]
    assert layout.pages[0].blocks == () and not layout.ocr


@pytest.mark.skipif(
    importlib.util.find_spec("extractors.readers.ocr.reader") is None,
    reason="extractors/readers/ocr/ not written yet",
)
def test_scanned_page_is_ocred(tmp_path: Path) -> None:
    from extractors.readers.ocr.reader import ocr_available

    layout = read_pdf(bad_pdfs.image_only_pdf(tmp_path / "scan.pdf").read_bytes(), SETTINGS)
    if ocr_available() is not None:
        assert [f.code for f in layout.findings] == ["ocr_unavailable"] and not layout.ocr
        return
    assert layout.ocr and layout.pages[0].blocks  # how well it reads is test_ocr's business
    assert all(b.at.page == 1 for b in layout.pages[0].blocks)


# ---- the real-world draft ----------------------------------------------------------------


@pytest.mark.skipif(not DRAFT.exists(), reason=f"real-world PDFs not present ({REALWORLD} is absent)")
def test_realworld_draft_pk_and_budget_grids() -> None:
    layout = read_pdf(DRAFT.read_bytes(), SETTINGS)
    assert layout.findings == () and layout.page_count == 4
    tables = grids(layout)
    pk = next(g for g in tables if norm(g.rows[0][1].text) == "SASARAN STRATEGIS")
    assert grid_texts(pk)[1] == [
        "1",
        "Meningkatnya Penyelenggaraan Sistem E-Government",
        "Persentase Integrasi Penyelenggaraan Sistem E-Government Berbasis Teknologi Informasi"
        " dan Komunikasi",
        "100 %",
    ]
    budget = next(g for g in tables if norm(g.rows[0][1].text) == "PROGRAM")
    assert budget.rows[2][0].text == "2" and budget.rows[2][2].text == "Rp. 9.985.639. 757,-"
    assert budget.at.page == 3
    measured = next(g for g in tables if g.width == 6)
    assert grid_texts(measured)[0][3] == "TARGET"  # `TARGE`/`T` glued back
    assert "Nama : CHRISTIANO E. TALUMEPA, SH, M.Si" in text_lines(layout)
