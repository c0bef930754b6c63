"""End to end: the output's disk is full, or writing to it fails. The run exits 3 with one sentence,
the previous tables stay whole and no temporary folder stays behind.

The disk is a small tmpfs where the test can mount one (CI runs as root). Where
it cannot, the same runs meet a real write error instead: a file-size limit
(RLIMIT_FSIZE) makes the kernel refuse the first table written, at the store's
boundary. Never skipped.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_pipeline_e2e import PROJECT, big_agreement, run_cli
from tests.paths import SEEDS

TMPFS_SIZE = 2 * 2**20


def mount_tmpfs(folder: Path) -> bool:
    folder.mkdir()
    try:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(folder)],
                              capture_output=True, timeout=30)
    except OSError:
        return False
    return proc.returncode == 0


@pytest.fixture
def disk(tmp_path: Path):
    """A folder on a 2 MiB tmpfs, or on the ordinary disk (None as second item) when mounting fails."""
    folder = tmp_path / "disk"
    mounted = mount_tmpfs(folder)
    yield folder, mounted
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False, timeout=30)


def fill(folder: Path, leave: int) -> None:
    """Fill the disk holding `folder` until `leave` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))
    assert abs(os.statvfs(folder).f_bavail * st.f_frsize - leave) < 2 * st.f_frsize


def footprint(folder: Path) -> int:
    block = os.statvfs(folder).f_frsize
    return block + sum(-(-p.stat().st_size // block) * block for p in folder.iterdir())


def refuse_big_writes() -> None:
    """In the child, before exec: files may not grow past 1 KiB; the write fails with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def run_limited(raw: Path, out: Path, mounted: bool) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(out), "--no-cache"]
    return subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=120,
                          preexec_fn=None if mounted else refuse_big_writes)


def snapshot(parsed: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(parsed.iterdir())}


def batch(root: Path, big: bool) -> Path:
    raw = root / ("raw_big" if big else "raw")
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    if big:  # many more rows: tables larger than the previous ones
        (raw / "big.txt").write_bytes(big_agreement(1))
    return raw


def assert_not_written(proc, parsed: Path, before: dict[str, bytes]) -> None:
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and last.endswith(f"the previous tables in {parsed} are untouched.")
    assert snapshot(parsed) == before
    assert not [p.name for p in parsed.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_a_full_disk_is_said_before_extracting(disk, tmp_path: Path) -> None:
    folder, mounted = disk
    raw = batch(tmp_path, big=False)
    parsed = folder / "parsed"
    assert run_cli(raw, "--out", parsed).returncode == 0
    before = snapshot(parsed)
    if mounted:
        fill(folder, leave=8 * 1024)
    proc = run_limited(raw, parsed, mounted)
    assert_not_written(proc, parsed, before)
    if mounted:  # refused up front: no file was extracted, the sentence says what to free
        assert "[1/" not in proc.stderr and proc.stdout == ""
        assert "has 8 KiB free but new tables beside the previous ones need about" in proc.stderr
        assert "free at least" in proc.stderr
    else:
        assert "(File too large)" in proc.stderr


def test_tables_larger_than_the_free_space_are_not_written_and_fit_once_space_is_freed(
        disk, tmp_path: Path) -> None:
    folder, mounted = disk
    small, big = batch(tmp_path, big=False), batch(tmp_path, big=True)
    measured = tmp_path / "measured"  # how large the new tables are, on an ordinary disk
    assert run_cli(big, "--out", measured).returncode == 0
    parsed = folder / "parsed"
    assert run_cli(small, "--out", parsed).returncode == 0
    before = snapshot(parsed)
    if mounted:  # room for tables as large as the previous ones, not for the new ones
        need, had = footprint(measured), footprint(parsed)
        assert need - had >= 8 * 1024, (need, had)
        fill(folder, leave=had + (need - had) // 2)
    proc = run_limited(big, parsed, mounted)
    assert_not_written(proc, parsed, before)
    assert "files seen: 3" in proc.stdout  # extracted, then refused at the exact check
    if mounted:
        assert "but the new tables need" in proc.stderr and "free at least" in proc.stderr
        (folder / "filler").unlink()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(big), "--out", str(parsed),
                           "--no-cache"], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(parsed)["documents.parquet"] == snapshot(measured)["documents.parquet"]


def test_a_write_error_removes_the_temporary_folder_and_keeps_the_tables(tmp_path: Path) -> None:
    """Whatever the disk: the kernel refuses the first table written (the file-size limit)."""
    raw = batch(tmp_path, big=False)
    parsed = tmp_path / "parsed"
    assert run_cli(raw, "--out", parsed).returncode == 0
    before = snapshot(parsed)
    proc = run_limited(raw, parsed, mounted=False)
    assert_not_written(proc, parsed, before)
    assert "The tables could not be written beside" in proc.stderr and "(File too large)" in proc.stderr
