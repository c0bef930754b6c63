"""Two reviewers saving at once lose nothing: several processes (and threads) save into one
file at the same moment; every correction is there afterwards, and a reader in between
always sees a whole file."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from pipeline.corrections.model import Correction
from pipeline.corrections.store import load, save
from tests.paths import PROJECT

PROCESSES = 4
SAVES = 25

SAVER = """
import sys, time
from pathlib import Path
from pipeline.corrections.model import Correction
from pipeline.corrections.store import save
path, who, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
for n in range(int(sys.argv[4])):
    save(path, Correction("abc0123456789def", "a.pdf", "budgets", f"perjanjian_kinerja/{n}",
                          "amount_idr", "1000", str(n), "correct", who, "2026-12-02T17:40:05Z",
                          f"saved by {who}"))
"""


def test_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "corrections" / "corrections.csv"
    start = time.time() + 1.5  # every process waits for this moment, then saves at once
    procs = [subprocess.Popen([sys.executable, "-c", SAVER, str(path), f"reviewer{i}", str(start),
                               str(SAVES)], cwd=PROJECT) for i in range(PROCESSES)]
    torn = 0
    while any(p.poll() is None for p in procs):  # a reader meanwhile: never half a file
        if path.exists():
            torn += len(load(path).problems)
    assert [p.wait() for p in procs] == [0] * PROCESSES
    loaded = load(path)
    assert loaded.problems == () and torn == 0
    # every process corrects the same SAVES values: each later save replaces the line, so the
    # file holds exactly one line per value, whoever saved it last
    assert len(loaded.corrections) == SAVES
    assert {c.corrected for c in loaded.corrections} == {str(n) for n in range(SAVES)}
    assert not list(path.parent.glob(".corrections.csv.*.tmp"))  # no temporary file left


def test_processes_saving_different_values_keep_them_all(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    start = time.time() + 1.5
    script = SAVER.replace('f"perjanjian_kinerja/{n}"', 'f"{who}/{n}"')
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), str(i), str(start),
                               str(SAVES)], cwd=PROJECT) for i in range(PROCESSES)]
    assert [p.wait() for p in procs] == [0] * PROCESSES
    loaded = load(path)
    assert loaded.problems == ()
    assert sorted(c.key for c in loaded.corrections) == sorted(
        f"{i}/{n}" for i in range(PROCESSES) for n in range(SAVES))


def test_threads_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    barrier = threading.Barrier(PROCESSES)

    def saver(i: int) -> None:
        barrier.wait()
        for n in range(SAVES):
            save(path, Correction("abc0123456789def", "a.pdf", "budgets", f"{i}/{n}", "program",
                                  None, f"Program {i}-{n}", "correct", f"r{i}", "2026-12-02T17:40:05Z"))

    threads = [threading.Thread(target=saver, args=(i,)) for i in range(PROCESSES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = load(path)
    assert loaded.problems == ()
    assert len(loaded.corrections) == PROCESSES * SAVES
