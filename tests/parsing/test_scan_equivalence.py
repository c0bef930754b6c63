"""The same agreement scanned (rendered at 200 dpi, tilted 1°, noised, image-only PDF) and OCR'd by
the real Tesseract gives the text rendering's rows, as nearly as OCR allows.

Every row must be found under its key, and documents and parties must be equal. For the other
tables OCR does not yet reach every field; each test names the fields that still differ and
holds the count of equal fields at what was measured (in the issue 3 closing note), so a
regression fails here. Raise a floor when OCR gets better; never lower one to pass.
"""

from __future__ import annotations

import pytest

from extractors.extract import extract_bytes
from extractors.model.settings import Settings
from tests.equivalence import KEYS, compare
from tests.fixtures.pdfs import build_ruled_pdf
from tests.fixtures.scans import scan_pdf
from tests.paths import SEEDS

# (seed, table) -> equal fields measured; None = all must be equal
FLOORS: dict[tuple[str, str], int | None] = {
    ("000_5f40e461a794e47d", "indicators"): 321,  # of 330: 'Jakarta' read 'jakarta', measurement noise
    ("000_5f40e461a794e47d", "budgets"): 23,  # of 25: one 5 read 9, 'Jakarta' -> 'jakarta'
    ("002_cc6b3664b0174547", "indicators"): 317,  # of 330: long measurement texts ('PB)' read as 'PBJ')
}


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("scans")
    results = {}
    for seed in SEEDS:
        pdf = build_ruled_pdf(seed.read_text(encoding="utf-8"), tmp / f"{seed.stem}.pdf")
        scanned = scan_pdf(pdf, tmp / f"{seed.stem}-scan.pdf")
        results[seed.stem] = (extract_bytes(seed.read_bytes(), seed.name, Settings()),
                              extract_bytes(scanned.read_bytes(), scanned.name, Settings()))
    return results


@pytest.mark.parametrize("table", list(KEYS))
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_scan_gives_the_text_rows(scans: dict, seed: str, table: str) -> None:
    text, scan = scans[seed]
    agreement = compare(text, scan, table)
    assert agreement.rows_matched == agreement.rows_expected, agreement.describe()
    floor = FLOORS.get((seed, table))
    want = agreement.fields_expected if floor is None else floor
    assert agreement.fields_equal >= want, agreement.describe()


@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_scan_is_marked_as_ocr_with_pages(scans: dict, seed: str) -> None:
    _, scan = scans[seed]
    assert (scan.document.source_format, scan.document.ocr) == ("pdf", True)
    assert all(r.page for r in [*scan.indicators, *scan.budgets])
    assert {f.code for f in scan.findings} <= {"ocr_corrected", "low_ocr_confidence", "unknown_column"}
