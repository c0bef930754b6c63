"""End to end: two runs into the same PARSED. One writes; the other says who holds the lock (exit 4) or,
with --wait, waits and then writes. No half-swapped folder, nothing left beside PARSED but the lock file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch.output.lock import NotLocked, OutputLock, lock_output
from tests.e2e.test_pipeline_e2e import big_agreement
from tests.paths import SEEDS
from tests.processes import Run


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Good files plus one that takes some seconds: runs started together overlap (each takes the
    lock within a second or so of starting, however fast or loaded the machine)."""
    raw = tmp_path_factory.mktemp("lock") / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    (raw / "zz_big.txt").write_bytes(big_agreement(4))
    return raw


def start_together(raw: Path, parsed: Path, tmp: Path, *extra: str) -> list[Run]:
    args = [str(raw), "--out", str(parsed), "--no-cache", "--jobs", "1", *extra]
    return [Run(args, tmp / f"tmp{i}").start() for i in range(2)]


def test_the_second_run_says_another_run_holds_the_lock(raw: Path, tmp_path: Path) -> None:
    parsed = tmp_path / "parsed"
    results = [run.finish(120) for run in start_together(raw, parsed, tmp_path)]
    statuses = sorted(status for status, _, _ in results)
    assert statuses == [0, 4], [err for _, _, err in results]
    _, out, err = next(r for r in results if r[0] == 4)
    assert out == "" and "Traceback" not in err
    assert err.strip().startswith("error: Another run (pid ")
    assert f"is writing to {parsed}; wait for it to finish or run again with --wait" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("parsed")) == [
        "parsed", "parsed.lock"]
    assert pq.read_table(parsed / "documents.parquet").num_rows == 3


def test_with_wait_both_runs_write_complete_tables_one_after_the_other(raw: Path, tmp_path: Path) -> None:
    parsed = tmp_path / "parsed"
    started = time.monotonic()
    runs = start_together(raw, parsed, tmp_path, "--wait")
    results = [run.finish(180) for run in runs]
    assert [status for status, _, _ in results] == [0, 0], [err for _, _, err in results]
    waited = [err for _, _, err in results if "waiting: Another run (pid " in err]
    assert len(waited) == 1 and "Traceback" not in waited[0]
    assert time.monotonic() - started < 120
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("parsed")) == [
        "parsed", "parsed.lock"]
    documents = pq.read_table(parsed / "documents.parquet").to_pylist()
    assert sorted(d["source_file"] for d in documents) == sorted([s.name for s in SEEDS] + ["zz_big.txt"])
    assert {d["status"] for d in documents} == {"ok"}


def test_the_lock_goes_with_its_holder(tmp_path: Path) -> None:
    out = tmp_path / "parsed"
    first = lock_output(out)
    assert isinstance(first, OutputLock)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - another process asks while the first holds it
        second = lock_output(out)
        os._exit(0 if isinstance(second, NotLocked) and second.busy else 1)
    assert os.waitpid(pid, 0)[1] == 0
    assert f"pid {os.getpid()} on " in first.path.read_text()
    first.release()
    again = lock_output(out)
    assert isinstance(again, OutputLock)
    again.release()


def test_an_unwritable_place_for_the_lock_is_said(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    result = lock_output(blocker / "parsed")
    assert isinstance(result, NotLocked) and not result.busy
    assert "cannot be made" in result.message and result.message.endswith("nothing was written.")
