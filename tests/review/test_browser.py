"""The review page in a real browser, as a reviewer uses it: Debian's Chromium driven by Playwright
(CI cannot download Playwright's own builds), over a scan extracted by the real CLI, served by the
real `python -m pipeline review`. Sees the list and a document with its crops, corrects a value,
marks one right; the next `extract` writes the corrected value with its `corrected` finding, keeps
the one marked right, and reports a stale correction.

The scan: the one-page agreement of tests.fixtures.scans (a ruled table, targets 90% and 100%)
printed and scanned at 200 dpi, so every value comes from OCR. Skips without Chromium or
Tesseract, except in CI (CI=true), where a missing one fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors.readers.ocr.reader import ocr_available
from pipeline.corrections import store
from pipeline.corrections.model import Correction, utc_now
from pipeline.setup.browser import chromium_path
from tests.batches import env, run
from tests.fixtures.scans import build_simple_ruled_pdf, scan_pdf
from tests.paths import IN_CI, PROJECT
from tests.review.batch import read

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GOAL_1 = "perjanjian_kinerja/1/1/annual"  # 90% on the page
GOAL_2 = "perjanjian_kinerja/2/1/annual"  # 100% on the page

pytestmark = [
    pytest.mark.skipif(chromium_path() is None and not IN_CI,
                       reason="Chromium is not installed (run `python -m pipeline.setup.browser`)"),
    pytest.mark.skipif(ocr_available() is not None and not IN_CI,
                       reason="Tesseract with the ind model is not installed (see pipeline.setup.ocr)"),
]


def _extract(root: Path) -> subprocess.CompletedProcess[str]:
    proc = run("extract", root / "raw", "--out", root / "parsed", "--cache-dir", root / "cache", "--quiet",
               "--jobs", "1", timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return proc


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ with the scan, extracted into parsed/ (corrections go to corrections/ beside it)."""
    root = tmp_path_factory.mktemp("browser")
    (root / "raw").mkdir()
    scan_pdf(build_simple_ruled_pdf(root / "typed.pdf"), root / "raw" / "pk_scan.pdf", dpi=200)
    _extract(root)
    return root


@pytest.fixture(scope="module")
def url(root: Path) -> Iterator[str]:
    """The real command, on a free port, until the module's tests are done."""
    errors = (root / "review.stderr").open("w")  # a file, not a pipe: nothing can fill up and stall it
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "review", "--parsed", str(root / "parsed"), "--raw",
         str(root / "raw"), "--port", "0", "--no-browser"],
        cwd=PROJECT, env=env(), stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        said = ""
        while "open http" not in said:
            line = server.stdout.readline()
            assert line, f"the server stopped: {(root / 'review.stderr').read_text()}"
            said += line
        yield re.search(r"open (http://127\.0\.0\.1:\d+/)", said).group(1)
    finally:
        server.terminate()
        server.wait(timeout=10)
        errors.close()


@pytest.fixture(scope="module")
def browser(url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _value_row(page, key: str, column: str):  # noqa: ANN001, ANN202 - Playwright's Page and Locator
    """The line of the document page that shows targets `key` `column`."""
    return page.locator("tr.value").filter(
        has=page.locator(f'input[name="key"][value="{key}"]')).filter(
        has=page.locator(f'input[name="column"][value="{column}"]'))


def test_a_reviewer_sees_crops_corrects_confirms_and_the_next_extract_applies_it(root: Path, url: str,
                                                                                   browser) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(url)
    # the list: the scan, with its two error findings (no parties on this page)
    row = page.locator("#docs tbody tr")
    assert row.count() == 1
    assert "pk_scan.pdf" in row.inner_text() and "partial" in row.inner_text()
    page.click("text=pk_scan.pdf")
    page.wait_for_selector("h2#t-targets")

    # crops: each value beside the box it was read from, loaded as it is scrolled to
    crops = page.locator("img.crop")
    assert crops.count() >= 4, "no crops: sources.parquet names no boxes for the scan"
    for k in range(crops.count()):
        crops.nth(k).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=crops.nth(k).element_handle())
    goal_1 = _value_row(page, GOAL_1, "raw")
    assert goal_1.locator("td.val span.text").inner_text().strip() == "90%"
    assert goal_1.locator("img.crop").evaluate("img => img.naturalWidth") > 20

    # the whole page a click away, with every box drawn
    goal_1.locator("td.src a").click()
    page.wait_for_selector("svg.boxes rect.hit")
    assert page.locator("svg.boxes rect").count() >= 4
    assert page.locator("img.page").evaluate("img => img.naturalWidth") > 500
    page.go_back()

    # the reviewer's name, typed once, kept in this browser
    page.fill("#who", "Siti Aminah")
    page.locator("#who").dispatch_event("change")
    goal_1 = _value_row(page, GOAL_1, "raw")
    goal_1.locator("summary").click()
    goal_1.locator('input[name="value"]').fill("95%")
    goal_1.locator('input[name="note"]').fill("read off the signed page")
    goal_1.locator('button[value="correct"]').click()
    page.wait_for_selector("p.flash.ok")
    goal_1 = _value_row(page, GOAL_1, "raw")
    assert goal_1.locator("ins").inner_text() == "95%" and goal_1.locator("del").inner_text() == "90%"
    assert "Siti Aminah" in goal_1.inner_text()

    _value_row(page, GOAL_2, "raw").locator('button[value="confirm"]').click()
    page.wait_for_selector("p.flash.ok")
    assert "✓ right" in _value_row(page, GOAL_2, "raw").inner_text()
    assert page.evaluate("localStorage.getItem('pk-review-who')") == "Siti Aminah"

    saved = {c.key: c for c in store.load(store.default_path(root / "parsed")).corrections}
    one, two = saved[GOAL_1], saved[GOAL_2]
    assert (one.action, one.extracted, one.corrected) == ("correct", "90%", "95%")
    assert (two.action, two.corrected, two.who) == ("confirm", "100%", "Siti Aminah")

    # a correction of a row the document no longer has: stale, reported, not applied
    doc_id = read(root / "parsed", "documents")[0]["doc_id"]
    store.save(store.default_path(root / "parsed"), Correction(
        doc_id=doc_id, source_file="pk_scan.pdf", table="targets", key="perjanjian_kinerja/7/1/annual",
        column="raw", extracted="70%", corrected="75%", action="correct", who="Budi", when=utc_now()))

    # the next extract applies them
    _extract(root)
    targets = {f"{t['form']}/{t['goal_no']}/{t['indicator_no']}/{t['period']}": t
               for t in read(root / "parsed", "targets")}
    assert (targets[GOAL_1]["raw"], targets[GOAL_1]["value"]) == ("95%", 95.0)
    assert (targets[GOAL_2]["raw"], targets[GOAL_2]["value"]) == ("100%", 100.0)
    findings = read(root / "parsed", "findings")
    corrected = [f for f in findings if f["code"] == "corrected"]
    assert len(corrected) == 1 and corrected[0]["severity"] == "info" and "95%" in corrected[0]["message"]
    stale = [f for f in findings if f["code"] == "correction_stale"]
    assert len(stale) == 1 and "perjanjian_kinerja/7/1/annual" in stale[0]["message"]
    assert not [f for f in findings if f["code"] == "confirmed_value_changed"]

    # and the page, reading the new parsed/, shows the value as corrected, the finding, the confirm
    page.goto(page.url.split("#")[0])
    goal_1 = _value_row(page, GOAL_1, "raw")
    assert goal_1.locator("ins").inner_text() == "95%"
    assert "✓ right" in _value_row(page, GOAL_2, "raw").inner_text()
    assert "correction_stale" in page.locator("details.findings").inner_text()
    page.close()
