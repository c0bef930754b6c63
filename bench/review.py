"""The review page: how long the list of a 1,000-document batch takes to open, and a crop to render.

The list: a synthetic `parsed/` of 1,000 documents (bench/synthetic_parsed.py: the seeds' rows
under 500 units and two years), served by the real server (`pipeline.review.serve.server`, port
0); timed from the server's start (it reads the list's two tables before it answers), then as a
browser asks for it over HTTP (first request and again), a document's page beside it, and, where
Debian's Chromium is installed, until Chromium has the page loaded. Bar (issue 15): under 2 s.

A crop: boxes of the synthetic batch's text-layer PDFs (words as pdfplumber finds them) and
scans (a grid of cell-sized boxes), each crop once with nothing cached; the first on a page
renders the page (`cold`), the rest cut from it (`warm`). Beside them, bare pypdfium2 rendering
the whole page at the same scale (the floor). Bar: under 0.3 s a crop.
"""

from __future__ import annotations

import logging
import os
import statistics
import threading
import time
import urllib.request
from pathlib import Path

BAR_LIST = 2.0
BAR_CROP = 0.3
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _get(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        size = len(answer.read())
    return time.perf_counter() - start, size


def _chromium_load(url: str, repeat: int) -> list[float]:
    """Seconds until Chromium fires `load` on the page, in a fresh page each time."""
    from playwright.sync_api import sync_playwright

    seconds = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(url, wait_until="load")
                seconds.append(time.perf_counter() - start)
                page.close()
        finally:
            browser.close()
    return seconds


def bench_review_list(tmp: Path, documents: int = 1000, repeat: int = 5) -> None:
    from bench.synthetic_parsed import synthetic, write
    from pipeline.review.app import ReviewSettings
    from pipeline.review.serve import server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    parsed = tmp / "review-parsed"
    results = synthetic(documents // 2, [2020, 2021])
    write(parsed, results)
    start = time.perf_counter()
    served = server(ReviewSettings(parsed=parsed, raw=tmp / "review-raw", cache=tmp / "review-cache"), 0)
    ready = time.perf_counter() - start
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{served.server_port}/"
    try:
        first, size = _get(url)
        again = [_get(url)[0] for _ in range(repeat)]
        doc = f"{url}doc/{results[0].document.doc_id}"
        doc_first, doc_size = _get(doc)
        doc_again = [_get(doc)[0] for _ in range(repeat)]
        browser = _chromium_load(url, repeat) if CHROMIUM.is_file() else []
    finally:
        served.shutdown()
        served.server_close()
    print(f"\n## review page: the list of {len(results)} documents (bar {BAR_LIST:g} s), "
          f"median of {repeat}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'what':<58} {'s':>7} {'bar':>6}")
    rows = [("server ready to answer (reads documents and findings)", ready),
            (f"list over HTTP, first request, {size / 1e6:.1f} MB", first),
            ("list over HTTP, again", statistics.median(again)),
            (f"a document's page over HTTP, first ({doc_size / 1e3:.0f} kB)", doc_first),
            ("a document's page over HTTP, again", statistics.median(doc_again))]
    if browser:
        rows.append(("list in Chromium, until `load`", statistics.median(browser)))
    else:
        rows.append(("list in Chromium: skipped, /usr/bin/chromium is not installed", float("nan")))
    for label, seconds in rows:
        print(f"{label:<58} {seconds:>7.3f} {'ok' if seconds < BAR_LIST else 'OVER':>6}")


def _boxes(pdf: Path) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page, box) of every word pdfplumber finds; on a scan, a grid of cell-sized boxes."""
    import pdfplumber

    boxes = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words()
            if words:
                boxes += [(number, (w["x0"], w["top"], w["x1"], w["bottom"])) for w in words[:40]]
            else:
                boxes += [(number, (60.0 + 120 * (k % 4), 80.0 + 60 * (k // 4), 170.0 + 120 * (k % 4),
                                    96.0 + 60 * (k // 4))) for k in range(24)]
    return boxes


def bench_review_crops(tmp: Path, pdfs: tuple[Path, ...], scans: tuple[Path, ...]) -> None:
    import pypdfium2

    from pipeline.review.crops import SCALE, Box, Renderer

    print(f"\n## review page: a crop (bar {BAR_CROP:g} s), each with nothing cached; cold: the first "
          "on its page (renders the page), warm: the others")
    print(f"{'kind':<10} {'crops':>6} {'cold med':>9} {'cold max':>9} {'warm med':>9} {'warm max':>9} "
          f"{'bare page':>10} {'bar':>5}")
    for kind, files in (("pdf", pdfs[:2]), ("scan", scans[:2])):
        if not files:
            continue
        cold: list[float] = []
        warm: list[float] = []
        bare: list[float] = []
        for n, pdf in enumerate(files):
            renderer = Renderer(tmp / f"crops-{kind}-{n}")
            seen: set[int] = set()
            for page, box in _boxes(pdf):
                start = time.perf_counter()
                renderer.crop_file(pdf, f"{kind}{n}", page, Box(*box))
                (warm if page in seen else cold).append(time.perf_counter() - start)
                seen.add(page)
            document = pypdfium2.PdfDocument(str(pdf))
            for page in document:
                start = time.perf_counter()
                page.render(scale=SCALE).to_pil()
                bare.append(time.perf_counter() - start)
            document.close()
        worst = max(cold + warm)
        print(f"{kind:<10} {len(cold) + len(warm):>6} {statistics.median(cold):>9.3f} {max(cold):>9.3f} "
              f"{statistics.median(warm):>9.3f} {max(warm):>9.3f} {statistics.median(bare):>10.3f} "
              f"{'ok' if worst < BAR_CROP else 'OVER':>5}")


def bench_review(tmp: Path, pdfs: tuple[Path, ...], scans: tuple[Path, ...], repeat: int) -> None:
    bench_review_list(tmp, repeat=max(3, repeat))
    bench_review_crops(tmp, pdfs, scans)
