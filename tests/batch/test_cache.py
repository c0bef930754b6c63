"""The result cache: unchanged files are reused, changed ones re-parsed, bad entries ignored."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.model.findings import warning
from extractors.model.records import DocumentResult, DocumentRow, FileResult
from extractors.model.settings import Settings
from pipeline.batch.cache import Cache, code_fingerprint
from tests.paths import PROJECT, SEEDS

TABLES = ("documents", "parties", "indicators", "targets", "budgets", "findings")
SHA = "ab" * 32


def result(doc_id: str = "0123456789abcdef") -> FileResult:
    row = DocumentRow(doc_id=doc_id, source_file="a.txt", source_format="text", ocr=False,
                      status="ok", pipeline_version="0.1.0")
    return FileResult((DocumentResult(document=row, findings=(warning("w", "a warning"),)),))


def run_cli(raw: Path, out: Path, cache: Path) -> dict:
    cmd = [sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(out),
           "--cache-dir", str(cache), "--jobs", "2"]
    proc = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    return {"stdout": proc.stdout, **json.loads((out / "manifest.json").read_text())}


def tables(parsed: Path) -> dict:
    return {name: pq.read_table(parsed / f"{name}.parquet") for name in TABLES}


def test_round_trip(tmp_path):
    cache = Cache.open(tmp_path, Settings())
    assert cache.get(SHA) is None
    assert cache.put(SHA, result())
    assert cache.get(SHA) == result()


def test_settings_that_change_rows_change_the_key(tmp_path):
    Cache.open(tmp_path, Settings()).put(SHA, result())
    assert Cache.open(tmp_path, Settings(ocr=False)).get(SHA) is None
    assert Cache.open(tmp_path, Settings(timeout_seconds=5)).get(SHA) == result()
    assert Cache.open(tmp_path, Settings(max_memory_bytes=2**30)).get(SHA) == result()


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_corrupt_entry_is_a_miss(tmp_path, garbage):
    cache = Cache.open(tmp_path, Settings())
    cache.put(SHA, result())
    (entry,) = tmp_path.rglob("*.pkl")
    entry.write_bytes(garbage)
    assert cache.get(SHA) is None
    assert cache.put(SHA, result()) and cache.get(SHA) == result()


def test_no_temp_files_left(tmp_path):
    Cache.open(tmp_path, Settings()).put(SHA, result())
    assert [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name.startswith(".tmp")] == []


def test_code_fingerprint_is_stable():
    assert code_fingerprint() == code_fingerprint()


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    (raw / "empty.txt").write_bytes(b"")
    return raw


def test_second_run_reuses_everything(batch, tmp_path):
    cache = tmp_path / "cache"
    first = run_cli(batch, tmp_path / "p1", cache)
    assert (first["parsed"], first["reused"]) == (3, 0)
    second = run_cli(batch, tmp_path / "p2", cache)
    assert (second["parsed"], second["reused"]) == (0, 3)
    assert all(f["cached"] for f in second["files"])
    assert "nothing changed since the last run: 3 files reused from cache" in second["stdout"]
    one, two = tables(tmp_path / "p1"), tables(tmp_path / "p2")
    for name in TABLES:
        assert one[name].equals(two[name], check_metadata=True), name


def test_changed_file_alone_is_parsed_again(batch, tmp_path):
    cache = tmp_path / "cache"
    run_cli(batch, tmp_path / "p1", cache)
    changed = batch / SEEDS[1].name
    changed.write_bytes(changed.read_bytes() + b"\n")
    again = run_cli(batch, tmp_path / "p2", cache)
    assert (again["parsed"], again["reused"]) == (1, 2)
    fresh = [f["source_file"] for f in again["files"] if not f["cached"]]
    assert fresh == [SEEDS[1].name]


def test_corrupt_cache_does_not_break_a_run(batch, tmp_path):
    cache = tmp_path / "cache"
    run_cli(batch, tmp_path / "p1", cache)
    for entry in cache.rglob("*.pkl"):
        entry.write_bytes(b"corrupt")
    again = run_cli(batch, tmp_path / "p2", cache)
    assert (again["parsed"], again["reused"]) == (3, 0)
    one, two = tables(tmp_path / "p1"), tables(tmp_path / "p2")
    for name in TABLES:
        assert one[name].equals(two[name], check_metadata=True), name
