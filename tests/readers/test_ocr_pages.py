"""Pages of one scan OCR'd in parallel (`ScanState.ocr_pages`, `Settings.ocr_threads`) read as
the pages read one by one: same items, same findings, page order kept. Real Tesseract, a
two-page scan built by the tests (small: CI has two cores)."""

from __future__ import annotations

import pytest

from extractors.extract import extract_bytes
from extractors.model.settings import Settings
from extractors.readers.ocr.reader import ocr_available
from extractors.readers.pdf.scans import ScanState
from extractors.readers.words.model import PageRead
from pipeline.batch.run import ocr_threads_for
from tests.fixtures.scans import build_simple_ruled_pdf, render_pages, save_image_pdf, scan_image
from tests.paths import IN_CI

needs_tesseract = pytest.mark.skipif(
    ocr_available() is not None and not IN_CI,
    reason="Tesseract with the ind+eng models is not installed (run `python -m pipeline.setup.ocr`)",
)

SECOND = [
    ["NO", "Sasaran Strategis", "Indikator Kinerja", "Target"],
    ["1", "Meningkatnya Kualitas Pelayanan Publik", "Indeks Kepuasan Masyarakat", "85,5"],
    ["2", "Meningkatnya Akuntabilitas Kinerja", "Nilai SAKIP Perangkat Daerah", "75%"],
]


@pytest.fixture(scope="module")
def two_page_scan(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("ocr_pages")
    first = render_pages(build_simple_ruled_pdf(folder / "a.pdf"), 200)[0]
    second = render_pages(build_simple_ruled_pdf(folder / "b.pdf", SECOND, "RENCANA KINERJA"), 200)[0]
    pages = [scan_image(first, seed=1), scan_image(second, seed=2, angle=-0.7)]
    return save_image_pdf(pages, folder / "scan.pdf", 200).read_bytes()


def _read(data: bytes, threads: int) -> dict[int, PageRead]:
    state = ScanState(data=data, settings=Settings(ocr_threads=threads))
    return state.ocr_pages([(1, 842.0), (2, 842.0)])


@needs_tesseract
def test_two_threads_read_the_pages_as_one_does(two_page_scan: bytes) -> None:
    alone, parallel = _read(two_page_scan, 1), _read(two_page_scan, 2)
    assert list(parallel) == [1, 2]
    assert all(read.ocr and read.items for read in alone.values())
    assert parallel == alone
    texts = [i.text for i in alone[1].items if hasattr(i, "text")]
    assert any("PERJANJIAN" in t for t in texts), texts


@needs_tesseract
def test_two_threads_give_the_same_rows(two_page_scan: bytes) -> None:
    """Through the PDF reader, which OCRs a file's scanned pages together (`ocr_pages`)."""
    alone = extract_bytes(two_page_scan, "scan.pdf", Settings(ocr_threads=1))
    parallel = extract_bytes(two_page_scan, "scan.pdf", Settings(ocr_threads=2))
    assert alone.document.ocr and alone.indicators
    assert parallel == alone


def test_ocr_threads_do_not_change_the_cache_key() -> None:
    assert Settings(ocr_threads=4).fingerprint() == Settings().fingerprint()
    with pytest.raises(ValueError, match="ocr_threads"):
        Settings(ocr_threads=-1)


@pytest.mark.parametrize(("workers", "remaining", "cores", "threads"), [
    (2, 10, 2, 1),  # a full batch: the workers keep the cores busy, pages one by one
    (2, 2, 2, 1),
    (2, 1, 2, 2),  # the last file: the idle worker's core goes to its pages
    (1, 5, 4, 4),  # --jobs 1 on 4 cores: one file at a time, all cores for its pages
    (4, 3, 8, 2),
    (8, 3, 2, 1),  # never below one
])
def test_a_file_gets_the_cores_its_idle_fellow_workers_leave(workers: int, remaining: int, cores: int,
                                                             threads: int) -> None:
    assert ocr_threads_for(workers, remaining, cores) == threads


def test_pages_without_ocr_are_skipped_in_order() -> None:
    state = ScanState(data=b"", settings=Settings(ocr=False, ocr_threads=2))
    reads = state.ocr_pages([(3, 842.0), (1, 842.0)])
    assert list(reads) == [3, 1]
    assert [f.code for r in reads.values() for f in r.findings] == ["ocr_skipped", "ocr_skipped"]
