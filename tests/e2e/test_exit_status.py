"""Exit status and closing words of runs that could not do their work: a bug in the pipeline, a bad
option. One sentence, no traceback unless --debug, and the previous tables untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_pipeline_e2e import PROJECT, run_cli
from tests.paths import SEEDS

# A bug planted where the batch runs: the one fault no real input can reach.
BROKEN_RUN = """
import sys
import pipeline.batch.run

def broken(*args, **kwargs):
    raise TypeError("a bug planted by the test")

pipeline.batch.run.run_batch = broken
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_an_internal_error_exits_3_in_one_sentence(tmp_path: Path, debug: bool) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS[0], raw / SEEDS[0].name)
    parsed = tmp_path / "parsed"
    assert run_cli(raw, "--out", parsed).returncode == 0
    before = {p.name: p.read_bytes() for p in parsed.iterdir()}
    args = ["extract", str(raw), "--out", str(parsed), *(["--debug"] if debug else [])]
    proc = subprocess.run([sys.executable, "-c", BROKEN_RUN, *args], cwd=PROJECT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 3
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: the run stopped on an internal error (TypeError: a bug planted")
    assert f"the previous tables in {parsed} are untouched" in last
    assert ("Traceback" in proc.stderr) == debug
    assert ("--debug" in last) != debug
    assert {p.name: p.read_bytes() for p in parsed.iterdir()} == before


@pytest.mark.parametrize(("value", "says"), [("lots", "not a size"), ("100M", "must be at least 256 MiB")])
def test_a_bad_memory_limit_is_a_usage_error(tmp_path: Path, value: str, says: str) -> None:
    proc = run_cli(tmp_path, "--out", tmp_path.parent / "out", "--max-memory", value)
    assert proc.returncode == 2 and says in proc.stderr
