"""`make bench`: our stages timed side by side with the bare libraries they build on, in one run.

Figures, not assertions: seconds per document or page for
  text      extract_bytes            vs decoding and splitting tabs only
  pdf       read_pdf (text layer)    vs pdfplumber extract_text + extract_tables
  scan      OCR reader per page      vs pytesseract.image_to_string per page
  batch     run_batch --jobs 1 vs --jobs 2 on the same batch (cache off)
and, per format, the share of fields equal to the text rendering's rows.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.extract import extract_bytes  # noqa: E402
from extractors.settings import Settings  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def row(name: str, ours: float, base: float, unit: str) -> None:
    ratio = ours / base if base else float("nan")
    print(f"{name:<34} {ours * 1000:>10.1f} ms {base * 1000:>10.1f} ms {ratio:>8.1f}x   per {unit}")


def bench_text() -> None:
    settings = Settings()
    for seed in SEEDS:
        data = seed.read_bytes()
        ours = timed(lambda d=data: extract_bytes(d, "x.txt", settings), repeat=5)
        base = timed(lambda d=data: [ln.split("\t") for ln in d.decode("utf-8").splitlines()],
                     repeat=5)
        row(f"text {seed.stem[:12]}", ours, base, "document")


def bench_pdf(tmp: Path) -> list[Path]:
    import pdfplumber

    from extractors.readers.pdf import read_pdf
    from tests.fixtures.pdfs import build_ruled_pdf

    settings = Settings()
    pdfs = []
    for seed in SEEDS:
        pdf = build_ruled_pdf(seed.read_text(encoding="utf-8"), tmp / f"{seed.stem}.pdf")
        pdfs.append(pdf)
        data = pdf.read_bytes()
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)

        def bare(p: Path = pdf) -> None:
            with pdfplumber.open(p) as doc:
                for page in doc.pages:
                    page.extract_text()
                    page.extract_tables()

        ours = timed(lambda d=data: read_pdf(d, settings)) / pages
        row(f"pdf {seed.stem[:12]} ({pages} p)", ours, timed(bare) / pages, "page")
    return pdfs


def bench_scan(tmp: Path, pdfs: list[Path]) -> None:
    import pypdfium2
    import pytesseract

    from extractors.readers.ocr import ocr_available, ocr_page
    from tests.fixtures.scans import scan_pdf

    if ocr_available() is not None:
        print("scan: skipped, Tesseract with the ind model is not installed")
        return
    settings = Settings()
    scanned = scan_pdf(pdfs[-1], tmp / "scan.pdf")
    doc = pypdfium2.PdfDocument(str(scanned))
    image = doc[0].render(scale=settings.ocr_dpi / 72).to_pil()
    ours = timed(lambda: ocr_page(image, 1, settings, 72 / settings.ocr_dpi), repeat=1)
    base = timed(lambda: pytesseract.image_to_string(image, lang=settings.ocr_languages), repeat=1)
    row("scan page 1 (OCR)", ours, base, "page")


def agreement_by_format(tmp: Path) -> None:
    """Field agreement of each format with the text rendering of the same agreement."""
    from tests.equivalence import KEYS, compare
    from tests.fixtures.pdfs import build_ruled_pdf, build_unruled_pdf
    from tests.fixtures.scans import scan_pdf

    settings = Settings()
    print(f"\n{'format':<12} {'seed':<14} {'s/page':>7}  " + "  ".join(f"{t:>11}" for t in KEYS))
    for seed in SEEDS:
        text_rows = extract_bytes(seed.read_bytes(), seed.name, settings)
        ruled = build_ruled_pdf(seed.read_text(encoding="utf-8"), tmp / f"a-{seed.stem}.pdf")
        variants = {
            "pdf ruled": ruled,
            "pdf unruled": build_unruled_pdf(seed.read_text(encoding="utf-8"), tmp / f"u-{seed.stem}.pdf"),
            "scan": scan_pdf(ruled, tmp / f"s-{seed.stem}.pdf"),
        }
        for name, pdf in variants.items():
            start = time.perf_counter()
            got = extract_bytes(pdf.read_bytes(), pdf.name, settings)
            per_page = (time.perf_counter() - start) / (got.document.page_count or 1)
            shares = [compare(text_rows, got, t) for t in KEYS]
            print(f"{name:<12} {seed.stem[:12]:<14} {per_page:>7.2f}  "
                  + "  ".join(f"{a.fields_equal:>5}/{a.fields_expected:<5}" for a in shares))


def bench_batch(tmp: Path) -> None:
    from pipeline.run import run_batch

    raw = tmp / "batch"
    raw.mkdir()
    for i in range(12):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8") + f"\n{i}\n"
            (raw / f"{i:02d}_{seed.name}").write_text(text, encoding="utf-8")
    n = len(list(raw.iterdir()))
    times = {}
    for jobs in (1, 2):
        times[jobs] = timed(lambda j=jobs: run_batch(raw, tmp / f"out{j}", Settings(), None, jobs=j),
                            repeat=1) / n
    row(f"batch of {n}: jobs=2 vs jobs=1", times[2], times[1], "document")


def main() -> int:
    print(f"{'stage':<34} {'ours':>13} {'baseline':>13} {'ratio':>9}")
    bench_text()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        pdfs = bench_pdf(tmp)
        bench_scan(tmp, pdfs)
        bench_batch(tmp)
        agreement_by_format(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
