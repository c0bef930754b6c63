"""End to end: odd names, odd encodings and symbolic links beside good files. Each odd entry costs
at most its own row; the good files come out complete; --jobs 1 and 2 give the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.e2e.test_pipeline_e2e import TABLES, by_file, run_cli
from tests.fixtures.hostile import utf16_without_bom
from tests.golden import read_golden
from tests.paths import DATA, SEEDS

NOT_UTF8 = "perjanjian_\\xe9.txt"  # how the name b"perjanjian_\xe9.txt" is shown


def variant(seed: Path, tag: str) -> str:
    """The seed with one more prose line: same rows, other bytes (so not a duplicate)."""
    return seed.read_text(encoding="utf-8") + f"\nSalinan {tag}\n"


def make_batch(root: Path) -> Path:
    raw = root / "raw"
    (raw / "sub").mkdir(parents=True)
    for seed in SEEDS:
        (raw / seed.name).write_bytes(seed.read_bytes())
    # a Windows zip unpacked with `unzip`: the name's é is one Latin-1 byte
    with open(os.fsencode(raw) + b"/perjanjian_\xe9.txt", "wb") as handle:
        handle.write(variant(SEEDS[1], "latin-1 name").encode("utf-8"))
    (raw / "sub" / "spasi - dan – ä.txt").write_text(variant(SEEDS[1], "utf-8 name"), encoding="utf-8")
    utf16_without_bom(variant(SEEDS[0], "le"), raw / "utf16le.txt", "le")
    utf16_without_bom(variant(SEEDS[0], "be"), raw / "utf16be.txt", "be")
    share = root / "share" / "2021"
    share.mkdir(parents=True)
    (share / "kantor.txt").write_text(variant(SEEDS[1], "linked folder"), encoding="utf-8")
    (raw / "2021").symlink_to(share)  # a linked folder outside RAW: followed
    (raw / "zz_same_share").symlink_to(share)  # the same folder again: read once, as 2021/
    (raw / "dangling.txt").symlink_to(root / "nowhere.txt")
    (raw / "loop_a.txt").symlink_to("loop_b.txt")
    (raw / "loop_b.txt").symlink_to("loop_a.txt")
    (raw / "sub" / "up").symlink_to("..")  # a folder that holds the link: a loop
    return raw


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("odd")
    raw = make_batch(root)
    two = run_cli(raw, "--out", root / "jobs2", "--jobs", "2")
    one = run_cli(raw, "--out", root / "jobs1", "--jobs", "1")
    findings = pq.read_table(root / "jobs2" / "findings.parquet").to_pylist()
    return root, two, one, by_file(root / "jobs2"), findings


def findings_of(batch, name: str) -> list[dict]:
    doc_id = batch[3][name]["doc_id"]
    return [f for f in batch[4] if f["doc_id"] == doc_id]


def test_the_run_writes_its_tables_and_says_which_files_failed(batch) -> None:
    _, two, one, _, _ = batch
    for proc in (two, one):
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
    assert "failed: dangling.txt: The link points to" in two.stdout


def test_every_entry_has_its_row(batch) -> None:
    docs = batch[3]
    assert sorted(docs) == sorted([
        *(s.name for s in SEEDS), NOT_UTF8, "sub/spasi - dan – ä.txt", "utf16le.txt", "utf16be.txt",
        "2021/kantor.txt", "dangling.txt", "loop_a.txt", "loop_b.txt", "sub/up"])


def test_a_name_that_is_not_utf8_costs_nothing_but_a_warning(batch) -> None:
    row = batch[3][NOT_UTF8]
    assert row["status"] == "ok" and row["unit"] == "Badan Pelayanan Pengadaan Barang/Jasa"
    (note,) = [f for f in findings_of(batch, NOT_UTF8) if f["code"] == "file_name_escaped"]
    assert note["severity"] == "warning" and NOT_UTF8 in note["message"]
    assert batch[3]["sub/spasi - dan – ä.txt"]["status"] == "ok"  # valid UTF-8 kept as written
    assert not [f for f in findings_of(batch, "sub/spasi - dan – ä.txt") if f["code"] == "file_name_escaped"]


@pytest.mark.parametrize("name", ["utf16le.txt", "utf16be.txt"])
def test_utf16_without_bom_is_read(batch, name: str) -> None:
    root = batch[0]
    row = batch[3][name]
    assert (row["status"], row["unit"], row["year"]) == ("ok", "Kota Administrasi Jakarta Barat", 2020)
    indicators = [r for r in pq.read_table(root / "jobs2" / "indicators.parquet").to_pylist()
                  if r["doc_id"] == row["doc_id"]]
    golden = read_golden(DATA / "golden" / SEEDS[0].stem / "indicators.jsonl")
    assert [r["indicator"] for r in indicators] == [r["indicator"] for r in golden]


def test_a_linked_folder_is_followed_once(batch) -> None:
    assert batch[3]["2021/kantor.txt"]["status"] == "ok"
    assert not [name for name in batch[3] if name.startswith("zz_same_share")]


@pytest.mark.parametrize(("name", "code"), [("dangling.txt", "dangling_link"), ("loop_a.txt", "link_loop"),
                                            ("loop_b.txt", "link_loop"), ("sub/up", "link_loop")])
def test_links_that_lead_nowhere_get_a_failed_row(batch, name: str, code: str) -> None:
    assert batch[3][name]["status"] == "failed"
    (finding,) = findings_of(batch, name)
    assert finding["code"] == code and finding["severity"] == "error"
    assert finding["message"].endswith(".") and "link" in finding["message"]


def test_the_good_files_are_complete(batch) -> None:
    root = batch[0]
    indicators = pq.read_table(root / "jobs2" / "indicators.parquet").to_pylist()
    for seed in SEEDS:
        doc_id = batch[3][seed.name]["doc_id"]
        golden = read_golden(DATA / "golden" / seed.stem / "indicators.jsonl")
        assert [r for r in indicators if r["doc_id"] == doc_id] == golden


def test_one_job_and_two_give_the_same_bytes(batch) -> None:
    root = batch[0]
    for table in TABLES:
        name = f"{table}.parquet"
        assert (root / "jobs1" / name).read_bytes() == (root / "jobs2" / name).read_bytes(), table
