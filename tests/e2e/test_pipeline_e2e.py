"""End to end: `python -m pipeline extract` on a real, messy batch, run as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.paths import PROJECT, SEEDS, SHARED

CHECKER = SHARED / "tools" / "check_contract.py"
TABLES = ("documents", "parties", "indicators", "targets", "budgets", "findings")
MEMO = (
    "Kepada Yth.\nBapak Kepala Dinas\ndi Tempat\n\n"
    "Dengan hormat, bersama ini kami mengundang Bapak untuk hadir pada rapat koordinasi\n"
    "hari Senin, 3 Februari 2020, pukul 09.00 WIB di ruang rapat lantai 2.\n\n"
    "Atas perhatian Bapak kami ucapkan terima kasih.\n\nSekretaris\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

# Contract types (contract.md), to check the output's shape without the shared checker.
S, I32, I64, F64, B, D, LS = (pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_(),
                              pa.date32(), pa.list_(pa.field("element", pa.string())))
CONTRACT_TYPES = {
    "documents": {"doc_id": S, "source_file": S, "source_format": S, "ocr": B, "status": S,
                  "title": S, "issuer": S, "year": I32, "province": S, "regency": S,
                  "region_code": S, "unit": S, "signed_place": S, "signed_date": D,
                  "page_count": I32, "pipeline_version": S, "file_id": S, "part": I32, "kind": S},
    "parties": {"doc_id": S, "role": S, "name": S, "degrees": LS, "position": S, "nip": S,
                "nip_birth_date": D, "nip_appointed": S, "nip_gender": S, "nip_valid": B,
                "rank": S, "acting": B},
    "indicators": {"doc_id": S, "form": S, "goal_type": S, "goal_no": I32, "goal": S,
                   "indicator_no": I32, "indicator": S, "data_source": S, "measurement": S,
                   "unit": S, "ksd_no": I32, "target_raw": S, "target_value": F64,
                   "target_percent": B, "target_label": S, "target_not_applicable": B,
                   "page": I32, "line": I32},
    "targets": {"doc_id": S, "form": S, "goal_no": I32, "indicator_no": I32, "period": S,
                "raw": S, "value": F64, "percent": B, "label": S, "not_applicable": B},
    "budgets": {"doc_id": S, "form": S, "program_no": I32, "program": S, "amount_idr": I64,
                "funding_source": S, "page": I32, "line": I32},
    "findings": {"doc_id": S, "severity": S, "code": S, "message": S, "page": I32, "line": I32},
    # "Action plans and results" and "Sources of values"
    "actions": {"doc_id": S, "goal_no": I32, "indicator_no": I32, "action_no": I32, "program": S,
                "activity": S, "output": S, "output_target": S, "steps": S, "quarters": LS,
                "budget_idr": I64, "responsible": S, "page": I32, "line": I32},
    "results": {"doc_id": S, "goal_no": I32, "indicator_no": I32, "period": S, "target_raw": S,
                "target_value": F64, "target_percent": B, "target_label": S, "realised_raw": S,
                "realised_value": F64, "realised_percent": B, "realised_label": S,
                "achievement_raw": S, "realised_budget_idr": I64, "achievement_pct": F64,
                "page": I32, "line": I32},
    "sources": {"doc_id": S, "table": S, "key": S, "column": S, "page": I32, "x0": F64, "top": F64,
                "x1": F64, "bottom": F64, "line": I32, "raw": S},
}
REQUIRED = {
    "documents": {"doc_id", "source_file", "source_format", "ocr", "status", "pipeline_version"},
    "parties": {"doc_id", "role"}, "indicators": {"doc_id", "form"},
    "targets": {"doc_id", "form", "period"}, "budgets": {"doc_id", "form"},
    "findings": {"doc_id", "severity", "code", "message"},
    "actions": {"doc_id", "action_no"}, "results": {"doc_id", "period"},
    "sources": {"doc_id", "table", "key", "column"},
}


def run_cli(*args: str | Path, cache: Path | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    cache_args = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    cmd = [sys.executable, "-m", "pipeline", "extract", *map(str, args), *cache_args]
    return subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=timeout)


def read_tables(parsed: Path) -> dict[str, pa.Table]:
    return {name: pq.read_table(parsed / f"{name}.parquet") for name in TABLES}


def make_batch(root: Path) -> Path:
    """Two real agreements, a copy under another name, an empty file, a PNG, a memo."""
    raw = root / "raw"
    (raw / "copies").mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    shutil.copy(SEEDS[0], raw / "copies" / "same_as_first.txt")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "scan.png").write_bytes(PNG)
    (raw / "memo.txt").write_text(MEMO, encoding="utf-8")
    (raw / ".DS_Store").write_bytes(b"\x00junk")
    return raw


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    root = tmp_path_factory.mktemp("e2e")
    raw = make_batch(root)
    parsed = root / "parsed"
    proc = run_cli(raw, "--out", parsed, "--jobs", "2")
    return raw, parsed, proc


def by_file(parsed: Path) -> dict[str, dict]:
    rows = pq.read_table(parsed / "documents.parquet").to_pylist()
    return {row["source_file"]: row for row in rows}


def codes_of(parsed: Path, doc_id: str) -> set[str]:
    rows = pq.read_table(parsed / "findings.parquet").to_pylist()
    return {row["code"] for row in rows if row["doc_id"] == doc_id}


def test_exit_status_is_1_when_a_file_failed(batch):
    _, _, proc = batch
    assert proc.returncode == 1, proc.stderr
    assert "failed: empty.txt" in proc.stdout
    assert "rows: documents 5" in proc.stdout


def test_one_documents_row_per_distinct_content(batch):
    _, parsed, _ = batch
    docs = by_file(parsed)
    assert sorted(docs) == sorted([s.name for s in SEEDS] + ["empty.txt", "memo.txt", "scan.png"])
    assert len({row["doc_id"] for row in docs.values()}) == len(docs)


def test_seeds_are_extracted(batch):
    _, parsed, _ = batch
    docs = by_file(parsed)
    for seed in SEEDS:
        assert docs[seed.name]["status"] in {"ok", "partial"}


def test_duplicate_is_one_document_with_a_finding(batch):
    _, parsed, _ = batch
    first = by_file(parsed)[SEEDS[0].name]
    findings = pq.read_table(parsed / "findings.parquet").to_pylist()
    dupes = [f for f in findings if f["code"] == "duplicate_document"]
    assert len(dupes) == 1
    assert dupes[0]["doc_id"] == first["doc_id"] and dupes[0]["severity"] == "warning"
    assert "copies/same_as_first.txt" in dupes[0]["message"]
    assert SEEDS[0].name in dupes[0]["message"]


@pytest.mark.parametrize(("name", "code"), [("empty.txt", "empty_file"),
                                            ("scan.png", "unreadable_file")])
def test_bad_files_fail_with_a_finding(batch, name, code):
    _, parsed, _ = batch
    row = by_file(parsed)[name]
    assert row["status"] == "failed"
    assert code in codes_of(parsed, row["doc_id"])


def test_memo_is_not_an_agreement(batch):
    """Needs the domain parsers' `not_an_agreement` recognition."""
    _, parsed, _ = batch
    row = by_file(parsed)["memo.txt"]
    assert row["status"] == "failed"
    assert "not_an_agreement" in codes_of(parsed, row["doc_id"])


def test_manifest_counts_and_files(batch):
    _, parsed, _ = batch
    manifest = json.loads((parsed / "manifest.json").read_text())
    assert manifest["contract_version"] == "1"
    assert (manifest["seen"], manifest["parsed"], manifest["reused"]) == (6, 5, 0)
    assert (manifest["failed"], manifest["duplicates"]) == (3, 1)
    assert [f["source_file"] for f in manifest["files"]] == sorted(f["source_file"]
                                                                   for f in manifest["files"])
    assert ".DS_Store" not in {f["source_file"] for f in manifest["files"]}
    assert {"pipeline", "python", "pyarrow"} <= set(manifest["versions"])


def test_shape_follows_the_contract(batch):
    _, parsed, _ = batch
    for name, table in read_tables(parsed).items():
        assert table.schema.metadata[b"contract_version"] == b"1"
        for column, typ in CONTRACT_TYPES[name].items():
            assert table.schema.field(column).type == typ, f"{name}.{column}"
        for column in REQUIRED[name]:
            assert table.column(column).null_count == 0, f"{name}.{column}"
        doc_ids = table.column("doc_id").to_pylist()
        assert doc_ids == sorted(doc_ids), f"{name} not sorted by doc_id"


def test_shared_contract_checker_passes(batch):
    if not CHECKER.is_file():
        pytest.skip(f"{CHECKER} is not here (only in the shared workspace)")
    _, parsed, _ = batch
    proc = subprocess.run([sys.executable, str(CHECKER), str(parsed)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout


def test_two_runs_give_identical_tables(batch, tmp_path):
    raw, parsed, _ = batch
    again = tmp_path / "again"
    proc = run_cli(raw, "--out", again, "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    first, second = read_tables(parsed), read_tables(again)
    for name in TABLES:
        assert first[name].equals(second[name], check_metadata=True), name


def test_missing_raw_is_a_usage_error(tmp_path):
    proc = run_cli(tmp_path / "nope", "--out", tmp_path / "parsed")
    assert proc.returncode == 2
    assert "RAW folder not found" in proc.stderr


def test_help_explains_the_command():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--help"], cwd=PROJECT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for words in ("example:", "documents.parquet", "exit status", "--timeout", "--no-cache"):
        assert words in proc.stdout


def big_agreement(size_mb: int) -> bytes:
    """Many copies of a seed, numbered: reading it alone takes seconds, on any machine."""
    seed = SEEDS[0].read_text(encoding="utf-8")
    copies = max(1, size_mb * 1_000_000 // len(seed.encode()))
    return "".join(f"{seed}\nSalinan {i}\n" for i in range(copies)).encode()


def test_timeout_fails_one_file_and_keeps_the_rest(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    (raw / "zz_huge.txt").write_bytes(big_agreement(16))
    parsed = tmp_path / "parsed"
    proc = run_cli(raw, "--out", parsed, "--timeout", "1", "--jobs", "2")
    assert proc.returncode == 1, proc.stderr
    docs = by_file(parsed)
    assert docs["zz_huge.txt"]["status"] == "failed"
    assert codes_of(parsed, docs["zz_huge.txt"]["doc_id"]) == {"timeout"}
    for seed in SEEDS:
        assert docs[seed.name]["status"] in {"ok", "partial"}


def test_killed_run_leaves_previous_output_whole(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    parsed = tmp_path / "parsed"
    assert run_cli(raw, "--out", parsed).returncode == 0
    before = read_tables(parsed)
    manifest_before = (parsed / "manifest.json").read_bytes()

    (raw / "zz_huge.txt").write_bytes(big_agreement(16))
    cmd = [sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(parsed),
           "--no-cache", "--jobs", "1", "--timeout", "120"]
    proc = subprocess.Popen(cmd, cwd=PROJECT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, start_new_session=True)
    try:
        # Plain progress lines: once both seeds are done the huge file is being extracted.
        deadline = time.monotonic() + 60
        seen = 0
        while seen < len(SEEDS) and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen += line.startswith("[")
        assert seen == len(SEEDS), "the run ended before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
    after = read_tables(parsed)
    for name in TABLES:
        assert before[name].equals(after[name], check_metadata=True), name
    assert (parsed / "manifest.json").read_bytes() == manifest_before

    # The next run cleans up whatever the killed one left, and succeeds.
    (raw / "zz_huge.txt").unlink()
    assert run_cli(raw, "--out", parsed).returncode == 0
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
