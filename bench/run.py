"""`make bench`: our extraction timed side by side with the bare libraries, in one run.

Figures, not assertions (the machine is shared and noisy: every figure is printed beside its
baseline from the same run). On a synthetic batch from the seed layouts (bench/synthetic_batch.py):
  batch     pages/s and documents/s per format, cold and warm cache, 1 worker and all
  pdf       ours (read, parse, normalise, write: `run_batch`, 1 worker) against bare pdfplumber
            `extract_tables()` per page (the baseline) and pypdfium2 page text (the floor)
  ocr       s/page: ours in process (tesserocr) page by page, ours with a file's pages in
            parallel (all cores), ours through the tesseract command (the engine before
            issue 8), and bare `tesseract` on the same page images
  memory    peak resident memory of `python -m pipeline extract` at 100 and 1,000 documents
  startup   `--help` and a one-file text run, ours beside the code before issue 13 (bench/startup.py)
  identical parsed/ from the code before and after issue 13, byte for byte (bench/identical.py)
  review    the review page: its list of a 1,000-document batch, a document, a crop (bench/review.py)
`--agreement` adds the field agreement of each format with the text rendering (slow: full scans).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.identical import bench_identical  # noqa: E402
from bench.review import bench_review  # noqa: E402
from bench.startup import bench_startup  # noqa: E402
from bench.synthetic_batch import Batch, build  # noqa: E402
from extractors.extract import extract_bytes  # noqa: E402
from extractors.model.settings import Settings, usable_cores  # noqa: E402
from extractors.readers.pdf.scans import ScanState  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
CORES = usable_cores()


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (the tesseract commands): on a
    shared machine the figure that other people's work does not stretch."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def pages_of(paths: tuple[Path, ...]) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        doc = pypdfium2.PdfDocument(str(path))
        total += len(doc)
        doc.close()
    return total


def _batch_folder(tmp: Path, name: str, files: tuple[Path, ...]) -> Path:
    """A raw folder holding just these files (hard links: no copying)."""
    raw = tmp / f"raw-{name}"
    raw.mkdir()
    for f in files:
        os.link(f, raw / f.name)
    return raw


def run_once(raw: Path, out: Path, jobs: int, cache: Path | None) -> float:
    from pipeline.batch.run import run_batch

    start = time.perf_counter()
    run_batch(raw, out, Settings(), cache, jobs=jobs)
    return time.perf_counter() - start


def bench_batch(tmp: Path, batch: Batch, repeat: int) -> dict[str, float]:
    """Pages/s and documents/s per format, cold (empty cache) and warm (all cached), 1 worker
    and all. Returns our 1-worker cold pdf seconds per page, for the comparison below."""
    print(f"\n## batch: per format, cold and warm cache, 1 worker and {CORES} (median of {repeat})")
    print(f"{'format':<6} {'docs':>5} {'pages':>6} {'cache':<5} {'jobs':>4} {'s':>8} {'docs/s':>8} "
          f"{'pages/s':>8}")
    per_page: dict[str, float] = {}
    for name, files in (("text", batch.texts), ("docx", batch.words), ("pdf", batch.pdfs),
                        ("scan", batch.scans)):
        if not files:
            continue
        raw = _batch_folder(tmp, name, files)
        pages = pages_of(files) if name in ("pdf", "scan") else 0
        for jobs in sorted({1, CORES}):
            cold = []
            for k in range(repeat if name != "scan" else 1):
                cache = tmp / f"cache-{name}-{jobs}-{k}"
                cold.append(run_once(raw, tmp / "out", jobs, cache))
            warm = timed(lambda r=raw, j=jobs, c=cache: run_once(r, tmp / "out", j, c), repeat)
            for label, seconds in (("cold", statistics.median(cold)), ("warm", warm)):
                pps = f"{pages / seconds:>8.2f}" if pages else f"{'':>8}"
                print(f"{name:<6} {len(files):>5} {pages or '':>6} {label:<5} {jobs:>4} {seconds:>8.2f} "
                      f"{len(files) / seconds:>8.2f} {pps}")
            if jobs == 1 and pages:
                per_page[name] = statistics.median(cold) / pages
    return per_page


def bench_pdf_libraries(tmp: Path, batch: Batch, repeat: int) -> None:
    """Ours (whole extraction, 1 worker) against the bare libraries on the same PDFs."""
    import pdfplumber
    import pypdfium2

    def plumber() -> None:
        for path in batch.pdfs:
            with pdfplumber.open(path) as doc:
                for page in doc.pages:
                    page.extract_tables()

    def pdfium() -> None:
        for path in batch.pdfs:
            doc = pypdfium2.PdfDocument(str(path))
            for page in doc:
                page.get_textpage().get_text_bounded()
            doc.close()

    raw = tmp / "raw-pdf"
    pages = pages_of(batch.pdfs)
    runs = {"ours": [], "plumber": [], "pdfium": []}
    for _ in range(repeat):  # interleaved: each figure beside its baseline under the same load
        runs["ours"].append(run_once(raw, tmp / "out", 1, None))
        runs["plumber"].append(timed(plumber, 1))
        runs["pdfium"].append(timed(pdfium, 1))
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"\n## text-layer PDFs: {len(batch.pdfs)} documents, {pages} pages, 1 worker each "
          f"(median of {repeat})")
    print(f"{'what':<52} {'s':>8} {'pages/s':>8} {'ours vs it':>11}")
    names = {"ours": "ours: read, parse, normalise, write (run_batch)",
             "plumber": "bare pdfplumber extract_tables() (baseline)",
             "pdfium": "bare pypdfium2 page text (floor)"}
    for key, label in names.items():
        ratio = med[key] / med["ours"]  # >1: ours has more pages per second than it
        print(f"{label:<52} {med[key]:>8.2f} {pages / med[key]:>8.1f} {ratio:>10.2f}x")


def bench_ocr(tmp: Path, batch: Batch) -> None:
    """OCR seconds per page on the same page images, in one run: ours in process page by page,
    ours with the pages of each scan read in parallel (`ScanState.ocr_pages` on all cores), ours
    via the command (the reader before issue 8), and the bare tesseract command."""
    import pypdfium2

    from extractors.readers.ocr import engine as ocr_engine
    from extractors.readers.ocr.reader import ocr_available, ocr_page

    if not batch.scans or ocr_available() is not None:
        print("\n## ocr: skipped, Tesseract with the ind model is not installed")
        return
    settings = Settings()
    scans: list[tuple[bytes, list[Any], list[float]]] = []  # bytes, page images, heights
    for scan in batch.scans:
        doc = pypdfium2.PdfDocument(str(scan))
        scans.append((scan.read_bytes(), [page.render(scale=settings.ocr_dpi / 72).to_pil() for page in doc],
                      [page.get_height() for page in doc]))
        doc.close()
    images = [image for _, pictures, _ in scans for image in pictures]
    files = []
    for i, image in enumerate(images):
        files.append(tmp / f"page-{i}.png")
        image.save(files[-1])

    def use(engine: str) -> None:
        os.environ["PK_OCR_ENGINE"] = engine
        ocr_engine.engine.cache_clear()
        ocr_engine.engine(settings.ocr_languages)  # model load outside the page loop, as in a batch

    def ours(engine: str) -> Callable[[], object]:
        def run() -> None:
            use(engine)
            for i, image in enumerate(images):
                ocr_page(image, i + 1, settings, 72 / settings.ocr_dpi)
        return run

    parallel_reads: list[dict] = []

    def parallel() -> None:
        use("inprocess")
        parallel_reads.clear()
        for data, pictures, heights in scans:
            state = _Rendered(data, replace(settings, ocr_threads=CORES), pictures=pictures)
            parallel_reads.append(state.ocr_pages([(n, h) for n, h in enumerate(heights, start=1)]))

    def bare() -> None:
        for f in files:
            subprocess.run(["tesseract", str(f), "-", "-l", settings.ocr_languages], check=True,
                           capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})

    runs: dict[str, list[float]] = {"inproc": [], "parallel": [], "command": [], "bare": []}
    cpu: dict[str, list[float]] = {key: [] for key in runs}
    old_reader = _reader_before_issue_8(tmp)
    if old_reader is not None:
        runs["old"], cpu["old"] = [], []
    for _ in range(2):  # interleaved: each figure beside the others under the same load
        for key, fn in (("inproc", ours("inprocess")), ("parallel", parallel), ("command", ours("command")),
                        ("bare", bare)):
            start = cpu_seconds()
            runs[key].append(timed(fn, 1))
            cpu[key].append(cpu_seconds() - start)
        if old_reader is not None:
            seconds, cpu_used = _time_old_reader(old_reader, files)
            runs["old"].append(seconds)
            cpu["old"].append(cpu_used)
    os.environ.pop("PK_OCR_ENGINE", None)
    ocr_engine.engine.cache_clear()
    one_by_one = [_Rendered(data, settings, pictures=pictures).ocr_pages(
        [(n, h) for n, h in enumerate(heights, start=1)]) for data, pictures, heights in scans]
    n = len(images)
    print(f"\n## ocr: {n} scanned pages in {len(scans)} files (200 dpi, tilted, noised; read at "
          f"{settings.ocr_dpi} dpi), median of 2")
    labels = {"inproc": "ours, in process (tesserocr), page by page",
              "parallel": f"ours, in process, a file's pages in parallel ({CORES} threads)",
              "command": "ours through the tesseract command (the engine before issue 8)",
              "bare": "bare `tesseract page.png -` (whole page, no tables)"}
    if old_reader is not None:
        labels["old"] = f"the reader before issue 8 (git {BEFORE_ISSUE_8}), page by page"
    before = statistics.median(runs["old" if old_reader is not None else "command"])
    print(f"{'':<62} {'s/page':>7} {'vs before':>9} {'CPU s/page':>11}")
    for key, label in labels.items():
        seconds = statistics.median(runs[key])
        print(f"{label:<62} {seconds / n:>7.2f} {before / seconds:>8.2f}x "
              f"{statistics.median(cpu[key]) / n:>11.2f}")
    same = "the same" if parallel_reads == one_by_one else "NOT the same"
    print(f"pages read in parallel give {same} items and findings as pages read one by one")


BEFORE_ISSUE_8 = "d14adb4^"  # the commit before issue 8's work: "today's reader" in its bar

_OLD_READER = """
import sys, time, resource
sys.path.insert(0, sys.argv[1])
from PIL import Image
from extractors.readers.ocr import ocr_page
from extractors.settings import Settings
settings = Settings()
images = [Image.open(f) for f in sys.argv[2:]]
ocr_page(images[0], 1, settings, 72 / settings.ocr_dpi)  # the models loaded, as in a batch
cpu = lambda: sum(resource.getrusage(w).ru_utime + resource.getrusage(w).ru_stime
                  for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
start, used = time.perf_counter(), cpu()
for i, image in enumerate(images):
    ocr_page(image, i + 1, settings, 72 / settings.ocr_dpi)
print(time.perf_counter() - start, cpu() - used)
"""


def _reader_before_issue_8(tmp: Path) -> Path | None:
    """The extractors as they were before issue 8, unpacked from git beside the batch (None
    without the history, a shallow clone)."""
    import io
    import tarfile

    proc = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", BEFORE_ISSUE_8, "extractors"],
                          capture_output=True)
    if proc.returncode != 0:
        print(f"\n(the reader before issue 8 is not in this clone's history: {proc.stderr.decode()[:80]})")
        return None
    folder = tmp / "before-issue-8"
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        archive.extractall(folder, filter="data")
    return folder


def _time_old_reader(folder: Path, files: list[Path]) -> tuple[float, float]:
    """(seconds, CPU seconds) of the old reader over the page images, timed inside its process."""
    proc = subprocess.run([sys.executable, "-c", _OLD_READER, str(folder), *map(str, files)],
                          capture_output=True, text=True, check=True, cwd=folder)
    seconds, cpu = proc.stdout.split()[-2:]
    return float(seconds), float(cpu)


@dataclass
class _Rendered(ScanState):
    """A scan whose pages are already rendered: `ocr_pages` timed without PDFium's rendering,
    like the page-by-page figures beside it."""

    pictures: list[Any] = field(default_factory=list)

    def _render(self, number: int, dpi: int) -> Any:
        return self.pictures[number - 1]


def _peak_rss(raw: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(peak RSS of the extract process itself, peak RSS of it and its workers together) in MB,
    polled every 50 ms. Not ru_maxrss: Linux carries it over from the process that forked the
    child, so it would show this benchmark's own peak."""
    import psutil

    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(out),
                             "--no-cache", "--quiet", "--jobs", str(jobs)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watched = psutil.Process(proc.pid)
    own = total = 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            rss = watched.memory_info().rss
            children = 0
            for child in watched.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    children += child.memory_info().rss
            own, total = max(own, rss), max(total, rss + children)
        time.sleep(0.05)
    return own / 2**20, total / 2**20


def bench_memory(tmp: Path, sizes: tuple[int, ...]) -> None:
    """Peak memory as the batch grows: text renderings, all workers, no cache."""
    from bench.synthetic_batch import vary

    seeds = [s.read_text(encoding="utf-8") for s in SEEDS]
    print(f"\n## memory: `python -m pipeline extract` on text renderings, {CORES} workers, no cache")
    results = {}
    for n in sizes:
        raw = tmp / f"mem-{n}"
        raw.mkdir()
        for k in range(n):
            (raw / f"{k:05d}.txt").write_text(vary(seeds[k % len(seeds)], k, 1.0), encoding="utf-8")
        start = time.perf_counter()
        own, total = _peak_rss(raw, tmp / f"mem-out-{n}", CORES)
        results[n] = own
        print(f"{n:>6} documents: peak RSS {own:>7.1f} MB (extract process), {total:>7.1f} MB "
              "(it and its workers, summed: shared pages counted in each); "
              f"{time.perf_counter() - start:.1f} s")
    if len(sizes) == 2:
        small, large = sizes
        print(f"peak at {large} / peak at {small}: {results[large] / results[small]:.2f}x (bar: 1.5x)")


def agreement_by_format(tmp: Path) -> None:
    """Field agreement of each format with the text rendering of the same agreement."""
    from tests.equivalence import KEYS, compare
    from tests.fixtures.docx import seed_docx
    from tests.fixtures.pdfs import build_ruled_pdf, build_unruled_pdf
    from tests.fixtures.scans import scan_pdf

    settings = Settings()
    print(f"\n{'format':<12} {'seed':<14} {'s/page':>7}  " + "  ".join(f"{t:>11}" for t in KEYS)
          + "   (a Word file has no pages: s/file)")
    for seed in SEEDS:
        text_rows = extract_bytes(seed.read_bytes(), seed.name, settings)
        ruled = build_ruled_pdf(seed.read_text(encoding="utf-8"), tmp / f"a-{seed.stem}.pdf")
        variants = {
            "pdf ruled": ruled,
            "pdf unruled": build_unruled_pdf(seed.read_text(encoding="utf-8"), tmp / f"u-{seed.stem}.pdf"),
            "scan": scan_pdf(ruled, tmp / f"s-{seed.stem}.pdf"),
            "word": tmp / f"w-{seed.stem}.docx",
        }
        variants["word"].write_bytes(seed_docx(seed.read_text(encoding="utf-8")))
        for name, pdf in variants.items():
            start = time.perf_counter()
            got = extract_bytes(pdf.read_bytes(), pdf.name, settings)
            per_page = (time.perf_counter() - start) / (got.document.page_count or 1)
            shares = [compare(text_rows, got, t) for t in KEYS]
            print(f"{name:<12} {seed.stem[:12]:<14} {per_page:>7.2f}  "
                  + "  ".join(f"{a.fields_equal:>5}/{a.fields_expected:<5}" for a in shares))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=40, help="text renderings in the batch")
    parser.add_argument("--pdfs", type=int, default=6, help="text-layer PDFs (5-20 pages each)")
    parser.add_argument("--scans", type=int, default=2, help="scanned PDFs (2 pages each)")
    parser.add_argument("--words", type=int, default=20, help="Word files (.docx)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    parser.add_argument("--memory", type=int, nargs="*", default=[100, 1000],
                        help="batch sizes for the memory figures (none: skip)")
    parser.add_argument("--quick", action="store_true",
                        help="only the start-up figures, the same-output check (issue 13) and the "
                             "review page's (issue 15)")
    parser.add_argument("--agreement", action="store_true",
                        help="also the field agreement of each format (slow: full scans)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        batch = build(tmp / "batch", args.texts, args.pdfs, args.scans, args.words)
        print(f"synthetic batch: {len(batch.texts)} text, {len(batch.words)} Word, {len(batch.pdfs)} PDFs "
              f"({pages_of(batch.pdfs)} pages), {len(batch.scans)} scans ({pages_of(batch.scans)} pages); "
              f"built in {time.perf_counter() - start:.0f} s; {CORES} cores")
        bench_startup(tmp, SEEDS[0], max(5, args.repeat))
        same = bench_identical(tmp, {"seeds": _batch_folder(tmp, "seeds", tuple(SEEDS)),
                                     "synthetic": tmp / "batch"})
        bench_review(tmp, batch.pdfs, batch.scans, args.repeat)
        if args.quick:
            return 0 if same else 1
        bench_batch(tmp, batch, args.repeat)
        bench_pdf_libraries(tmp, batch, args.repeat)
        bench_ocr(tmp, batch)
        if args.memory:
            bench_memory(tmp, tuple(args.memory))
        if args.agreement:
            agreement_by_format(tmp)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
