"""End to end: stopping the main process (Ctrl-C, SIGTERM, kill -9) while a slow scan is being OCR'd.

Nothing of the run may live on (workers, Tesseract), no temporary file may stay,
the previous tables stay whole, and the run says what happened without a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.readers.ocr.reader import ocr_available
from tests.e2e.test_pipeline_e2e import PROJECT, run_cli
from tests.fixtures.bad_pdfs import image_only_pdf, slow_page_pdf
from tests.paths import SEEDS
from tests.processes import Run

SCAN_PAGES = 80  # about 0.3 s a page (two lines of text, read on their extent): far more than the tests wait


def slow_scan(path: Path) -> Path:
    """A scan of many pages (one page image repeated): minutes of Tesseract work."""
    from pypdf import PdfReader, PdfWriter

    page = image_only_pdf(path.with_suffix(".one.pdf"))
    writer = PdfWriter()
    for _ in range(SCAN_PAGES):
        writer.add_page(PdfReader(page).pages[0])
    with path.open("wb") as handle:
        writer.write(handle)
    page.unlink()
    return path


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bool]:
    """A batch of good files already extracted into `parsed/`, plus a slow file added since."""
    root = tmp_path_factory.mktemp("stops")
    raw = root / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    parsed = root / "parsed"
    assert run_cli(raw, "--out", parsed).returncode == 0
    ocr = ocr_available() is None
    if ocr:
        slow_scan(raw / "zz_scan.pdf")
    else:  # without Tesseract, a page that takes long to lay out stands in for the scan
        slow_page_pdf(raw / "zz_scan.pdf", glyphs=600_000)
    return raw, parsed, ocr


def snapshot(parsed: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(parsed.iterdir())}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_stopping_the_run_leaves_nothing_behind(previous, tmp_path: Path, sig: signal.Signals) -> None:
    raw, template, ocr = previous
    parsed = tmp_path / "parsed"
    shutil.copytree(template, parsed)
    before = snapshot(parsed)
    run = Run([str(raw), "--out", str(parsed), "--no-cache", "--jobs", "1", "--timeout", "600"],
              tmp_path / "tmp").start()
    try:
        # the main process and the worker on the slow file (OCR runs in the worker, or in a
        # `tesseract` process it started where the in-process binding is missing)
        busy = lambda: len(run.processes()) >= 2  # noqa: E731
        assert run.wait_for(busy, 60), "the slow file never got going"
        time.sleep(1.0 if ocr else 0.0)  # into the OCR of its first page
        os.kill(run.proc.pid, sig)
        run.proc.wait(timeout=20)
        assert run.wait_for(lambda: not run.processes(), 5), f"left running: {run.processes()}"
        # `kill -9` gives the main process no chance to remove its results spool; the next run does
        spooled = (lambda: [n for n in run.left_in_tmpdir() if "-spool-" not in n]) if (
            sig == signal.SIGKILL) else run.left_in_tmpdir
        assert run.wait_for(lambda: not spooled(), 5), f"left in TMPDIR: {run.left_in_tmpdir()}"
        status, _out, err = run.finish()
    finally:
        for pid, _ in run.processes():  # only this run's own processes, found by its marker
            os.kill(pid, signal.SIGKILL)
    assert snapshot(parsed) == before
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    if sig == signal.SIGKILL:
        assert status == -signal.SIGKILL
        empty = tmp_path / "empty"
        empty.mkdir()
        subprocess.run([sys.executable, "-m", "pipeline", "extract", str(empty), "--out",
                        str(tmp_path / "next")], cwd=PROJECT, env={**os.environ, "TMPDIR": str(run.tmpdir)},
                       capture_output=True, timeout=120, check=False)
        assert run.left_in_tmpdir() == []  # the next run removed what the killed one left
        return
    assert status == 128 + sig
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"stopped by {sig.name}: the workers were ended and the previous tables in {parsed} are untouched.")


def test_a_timed_out_scan_leaves_no_tesseract_and_no_temp_files(previous, tmp_path: Path) -> None:
    raw, _, ocr = previous
    parsed = tmp_path / "parsed"
    run = Run([str(raw), "--out", str(parsed), "--no-cache", "--jobs", "2", "--timeout", "4"],
              tmp_path / "tmp").start()
    try:
        status, out, err = run.finish()
        # the moment the run ends, not a moment later: a timed-out file is ended before its row is written
        assert run.processes() == [] and run.left_in_tmpdir() == []
    finally:
        for pid, _ in run.processes():
            os.kill(pid, signal.SIGKILL)
    assert status == 1, err
    assert "zz_scan.pdf: Extraction took longer than 4 s" in out
    for seed in SEEDS:
        assert f"{seed.name}: ok" in err
