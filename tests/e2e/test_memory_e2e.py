"""PDFs built to explode in memory, under a small --max-memory: a failed row each, the machine spared,
the good files beside them complete. And the memory guard itself, in a real child process."""

from __future__ import annotations

import signal
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from pipeline.batch.limits import MEMORY_EXIT, stopped_by_memory
from tests.e2e.test_pipeline_e2e import PROJECT, by_file
from tests.fixtures import pdfs
from tests.fixtures.hostile import flate_bomb_pdf, text_bomb_pdf
from tests.paths import SEEDS

LIMIT = "320M"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("memory")
    raw = root / "raw"
    raw.mkdir()
    for seed in SEEDS:
        (raw / seed.name).write_bytes(seed.read_bytes())
    pdfs.build_ruled_pdf(SEEDS[1].read_text(encoding="utf-8"), raw / "good.pdf")
    text_bomb_pdf(raw / "text_bomb.pdf")  # 1.5 KB drawing 20 million characters
    flate_bomb_pdf(raw / "flate_bomb.pdf", megabytes=512)  # 0.5 MB inflating to 512 MiB
    # The peak memory of any process of the run, as its parent saw it when reaping it.
    probe = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "pipeline", "extract", str(raw),
           "--out", str(root / "parsed"), "--no-cache", "--jobs", "2", "--max-memory", LIMIT,
           "--timeout", "120"]
    proc = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=180)
    findings = pq.read_table(root / "parsed" / "findings.parquet").to_pylist()
    return proc, by_file(root / "parsed"), findings


@pytest.mark.parametrize("name", ["text_bomb.pdf", "flate_bomb.pdf"])
def test_a_pdf_that_explodes_fails_with_memory_limit(run, name: str) -> None:
    proc, docs, findings = run
    assert proc.returncode == 1, proc.stderr
    assert docs[name]["status"] == "failed"
    (finding,) = [f for f in findings if f["doc_id"] == docs[name]["doc_id"]]
    assert finding["code"] == "memory_limit" and "320 MiB" in finding["message"]


def test_no_process_of_the_run_grew_far_past_the_limit(run) -> None:
    """Without the limit the text bomb passes 2.5 GB in 40 s and the Flate bomb 2 GB."""
    peak_kib = int(run[0].stdout.strip().splitlines()[-1])
    assert peak_kib * 1024 < 1024 * 2**20, f"peak RSS {peak_kib} KiB"


def test_the_good_files_beside_them_are_complete(run) -> None:
    _, docs, _ = run
    for name in [s.name for s in SEEDS] + ["good.pdf"]:
        assert docs[name]["status"] == "ok", name
    assert docs["good.pdf"]["page_count"] == 8


@pytest.mark.parametrize(("exitcode", "peak_mib", "stopped"), [
    (MEMORY_EXIT, 0, True),  # its watch thread ended it
    (-signal.SIGABRT, 300, True),  # PDFium aborted on a refused allocation, 300 of 320 MiB grown
    (-signal.SIGABRT, 20, False),  # an abort early on is a crash, not the ceiling
    (-signal.SIGKILL, 300, False),  # killed from outside
    (1, 300, False),
])
def test_a_library_abort_near_the_ceiling_is_the_memory_limit(exitcode: int, peak_mib: int,
                                                              stopped: bool) -> None:
    assert stopped_by_memory(exitcode, peak_mib * 2**20, 320 * 2**20) is stopped


def guarded(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh Python under a 256 MiB guard, as a worker runs a file."""
    script = f"from pipeline.batch.limits import limit_memory\nlimit_memory({256 * 2**20})\n{code}"
    return subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True,
                          timeout=60)


def test_the_guard_ends_a_slowly_growing_worker_before_python_aborts() -> None:
    """The watch thread ends a worker growing by small allocations just before the ceiling, with a
    status the parent recognises: at the ceiling itself CPython may abort in its own error handling
    instead of raising MemoryError (the text bomb above does, without the thread)."""
    proc = guarded("hoard = []\nwhile True:\n    hoard.append([object() for _ in range(1000)])")
    assert proc.returncode == MEMORY_EXIT, proc.stderr[-500:]


def test_one_huge_allocation_is_refused_with_memory_error() -> None:
    proc = guarded("try:\n    bytearray(512 * 2**20)\nexcept MemoryError:\n    print('MemoryError')")
    assert (proc.returncode, proc.stdout.strip()) == (0, "MemoryError")
