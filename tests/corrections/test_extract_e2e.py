"""Corrections meet the real `python -m pipeline extract`: on a text rendering and a PDF, a
correction lands with its `corrected` finding, stale ones are reported, a confirmed value that
reads differently is reported, a bad line is named, and all of it survives a cache hit.

Expected values are read off the documents: the seed's budget line 1 reads `8,797,819,537`,
its first goal's target `86`, its first party `Rustam Effendi`; the PDF's page 3 goal 5 target
reads `36,6` (Persen), its second party `Ahmad Heryawan`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.corrections.model import Correction
from pipeline.corrections.store import save
from tests.paths import PROJECT, REALWORLD, REALWORLD_REASON, SHARED

SEED = SHARED / "seeds" / "000_5f40e461a794e47d.txt"
PDF = REALWORLD / "jabar_dispora_pk2017.pdf"
WHEN = "2026-12-02T17:40:05Z"

pytestmark = pytest.mark.skipif(not PDF.exists() or not SEED.exists(), reason=REALWORLD_REASON)


def doc_id(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class Batch:
    root: Path
    seed: str  # doc_ids
    pdf: str

    @property
    def parsed(self) -> Path:
        return self.root / "parsed"

    def extract(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", str(self.root / "raw"), "--out",
             str(self.parsed), "--cache-dir", str(self.root / "cache"), "--jobs", "1", "--quiet",
             *extra], cwd=PROJECT, capture_output=True, text=True, timeout=300)

    def rows(self, table: str) -> list[dict]:
        return pq.read_table(self.parsed / f"{table}.parquet").to_pylist()

    def findings(self, code: str) -> list[dict]:
        return [f for f in self.rows("findings") if f["code"] == code]


def _reviewed(batch: Batch) -> Path:
    """What two reviewers saved through the store, as the review page does, then a hand edit."""
    path = batch.root / "corrections" / "corrections.csv"
    seed, pdf = batch.seed, batch.pdf
    for c in (
        Correction(pdf, PDF.name, "targets", "perjanjian_kinerja/5/1/annual", "raw", "36,6",
                   "36,7", "correct", "ana", WHEN, "the scan's 6 is a 7"),
        Correction(seed, SEED.name, "budgets", "perjanjian_kinerja/1", "amount_idr", "8797819537",
                   "8.797.819.538", "correct", "ana", WHEN),
        Correction(pdf, PDF.name, "parties", "second", "name", "Ahmad Heryawan", "Ahmad Heryawan",
                   "confirm", "bob", WHEN),
        # stale: the reviewer saw 90 where extraction reads 86
        Correction(seed, SEED.name, "indicators", "perjanjian_kinerja/1/1", "target_raw", "90",
                   "95", "correct", "bob", WHEN),
        # confirmed as an older extraction read it; this one reads Rustam Effendi
        Correction(seed, SEED.name, "parties", "first", "name", "Rustam Efendi", "Rustam Efendi",
                   "confirm", "bob", WHEN),
        # the seed's file name, other bytes back then: the file changed
        Correction("eeeeeeeeeeeeeeee", SEED.name, "documents", "eeeeeeeeeeeeeeee", "year", "2019",
                   "2020", "correct", "bob", WHEN),
        # a document no longer in the batch
        Correction("ffffffffffffffff", "gone.pdf", "documents", "ffffffffffffffff", "year", "2019",
                   "2020", "correct", "bob", WHEN),
        # a row that does not exist
        Correction(pdf, PDF.name, "budgets", "perjanjian_kinerja/99", "amount_idr", "1", "2",
                   "correct", "bob", WHEN),
    ):
        save(path, c)
    with path.open("a", encoding="utf-8") as f:  # a hand edit with a typo: line 10
        f.write(f"{seed},{SEED.name},documents,{seed},year,2020,20x0,correct,cy,{WHEN},\n")
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("corrections_e2e")
    (root / "raw").mkdir()
    for source in (SEED, PDF):
        shutil.copy(source, root / "raw" / source.name)
    return Batch(root, doc_id(SEED), doc_id(PDF))


@pytest.fixture(scope="module")
def first(batch: Batch) -> subprocess.CompletedProcess[str]:
    _reviewed(batch)
    return batch.extract()


def _check_corrected(batch: Batch) -> None:
    target = next(t for t in batch.rows("targets") if t["doc_id"] == batch.pdf
                  and (t["goal_no"], t["indicator_no"], t["period"]) == (5, 1, "annual"))
    assert (target["raw"], target["value"], target["percent"]) == ("36,7", 36.7, True)
    indicator = next(i for i in batch.rows("indicators") if i["doc_id"] == batch.pdf and i["goal_no"] == 5)
    assert (indicator["target_raw"], indicator["target_value"]) == ("36,7", 36.7)  # the annual twin
    budget = next(b for b in batch.rows("budgets") if b["doc_id"] == batch.seed and b["program_no"] == 1)
    assert budget["amount_idr"] == 8797819538
    seed_indicator = next(i for i in batch.rows("indicators") if i["doc_id"] == batch.seed
                          and i["form"] == "perjanjian_kinerja" and i["goal_no"] == 1)
    assert seed_indicator["target_raw"] == "86"  # the stale correction was not applied
    party = next(p for p in batch.rows("parties") if p["doc_id"] == batch.seed and p["role"] == "first")
    assert party["name"] == "Rustam Effendi"
    corrected = batch.findings("corrected")
    assert sorted((f["doc_id"], f["severity"]) for f in corrected) == sorted(
        [(batch.pdf, "info"), (batch.seed, "info")])
    pdf_note = next(f for f in corrected if f["doc_id"] == batch.pdf)
    assert "'36,6' to '36,7' by ana" in pdf_note["message"] and pdf_note["page"] == 3
    stale = batch.findings("correction_stale")
    assert sorted(f["doc_id"] for f in stale) == sorted([batch.seed, batch.seed, batch.pdf])
    assert any("reads '86'" in f["message"] for f in stale)
    assert any("the file changed" in f["message"] for f in stale)
    assert any("perjanjian_kinerja/99" in f["message"] and "no longer exists" in f["message"] for f in stale)
    changed = batch.findings("confirmed_value_changed")
    assert [(f["doc_id"], f["severity"]) for f in changed] == [(batch.seed, "warning")]
    assert "'Rustam Efendi'" in changed[0]["message"] and "'Rustam Effendi'" in changed[0]["message"]


def _check_reported(batch: Batch, run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == 0, run.stderr
    assert "corrections.csv line 10: corrected: '20x0' is not a whole number" in run.stderr
    assert "2 applied, 1 confirmed values unchanged, 4 stale, 1 confirmed values read differently" \
        in run.stdout
    assert "document ffffffffffffffff is not in this batch" in run.stdout
    assert "needs review: 2 of 2 documents (0 with errors, 2 with warnings" in run.stdout
    assert f"python -m pipeline review --parsed {batch.parsed}" in run.stdout
    manifest = json.loads((batch.parsed / "manifest.json").read_text())["corrections"]
    assert (manifest["applied"], manifest["stale"], manifest["confirmed_changed"]) == (2, 4, 1)
    assert [b["line"] for b in manifest["bad_lines"]] == [10]
    assert len(manifest["not_placed"]) == 1 and "gone.pdf" in manifest["not_placed"][0]


def test_corrections_land_and_the_rest_is_reported(batch: Batch, first) -> None:
    assert "reused from cache: 0" in first.stdout
    _check_reported(batch, first)
    _check_corrected(batch)


def test_corrections_survive_a_cache_hit(batch: Batch, first) -> None:
    second = batch.extract()
    assert "reused from cache: 2" in second.stdout
    _check_reported(batch, second)
    _check_corrected(batch)


def test_sql_sees_the_corrected_value(batch: Batch, first) -> None:
    query = (f"select amount_idr from budgets where doc_id = '{batch.seed}' and program_no = 1")
    shown = subprocess.run([sys.executable, "-m", "pipeline", "sql", "--parsed", str(batch.parsed),
                            "--csv", query], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["amount_idr", "8797819538"]


def _old_budget_total(batch: Batch) -> int:
    """`diff`'s budget total of the seed (OLD) against the PDF, in rupiah."""
    shown = subprocess.run([sys.executable, "-m", "pipeline", "diff", "--parsed", str(batch.parsed),
                            SEED.name, PDF.name], cwd=PROJECT, capture_output=True, text=True,
                           timeout=120)
    assert shown.returncode == 0, shown.stderr
    line = next(x for x in shown.stdout.splitlines() if x.startswith("budget total: Rp "))
    return int(line.removeprefix("budget total: Rp ").split(" ->")[0].replace(",", ""))


def test_the_cache_keeps_what_was_extracted_and_diff_sees_the_correction(batch: Batch, first) -> None:
    """Without the corrections file the same cache gives the values as read: nothing corrected
    was stored in it; `diff` sees the seed's budget one rupiah larger with the correction."""
    corrected_total = _old_budget_total(batch)
    none = batch.root / "no-corrections.csv"
    run = batch.extract("--corrections", str(none))
    assert "reused from cache: 2" in run.stdout and " applied" not in run.stdout
    budget = next(b for b in batch.rows("budgets") if b["doc_id"] == batch.seed and b["program_no"] == 1)
    assert budget["amount_idr"] == 8797819537
    assert batch.findings("corrected") == []
    assert corrected_total - _old_budget_total(batch) == 1  # 8,797,819,538 against 8,797,819,537
    batch.extract()  # leave the batch corrected for whichever test runs next
