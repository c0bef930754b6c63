"""Results stream to disk and are merged at the end: the same parsed/ for any --jobs, and the same
rows as building the tables from all results held at once."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from bench.synthetic_batch import vary
from extractors.extract import extract_file
from extractors.model.settings import Settings
from pipeline.batch.output import spool, store
from pipeline.batch.run import run_batch
from tests.paths import SEEDS

TABLE_FILES = [f"{t}.parquet" for t in store.TABLES]


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven varied renderings, a copy of one under another name, and an unreadable file."""
    folder = tmp_path_factory.mktemp("raw")
    seeds = [s.read_text(encoding="utf-8") for s in SEEDS]
    for k in range(7):
        (folder / f"{k:02d}.txt").write_text(vary(seeds[k % 2], k), encoding="utf-8")
    (folder / "copy_of_03.txt").write_bytes((folder / "03.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def outputs(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = tmp_path_factory.mktemp("out")
    saved = spool.ROW_GROUP_DOCUMENTS
    spool.ROW_GROUP_DOCUMENTS = 3  # several row groups, so the slicing is exercised too
    try:
        return {jobs: _run(raw, out / f"jobs{jobs}", jobs) for jobs in (1, 2)}
    finally:
        spool.ROW_GROUP_DOCUMENTS = saved


def _run(raw: Path, out: Path, jobs: int) -> Path:
    run_batch(raw, out, Settings(), None, jobs=jobs)
    return out


@pytest.mark.parametrize("name", TABLE_FILES)
def test_jobs_1_and_2_write_the_same_bytes(outputs: dict[int, Path], name: str) -> None:
    assert (outputs[1] / name).read_bytes() == (outputs[2] / name).read_bytes()


@pytest.mark.parametrize("table", store.TABLES)
def test_streamed_tables_hold_the_rows_of_tables_built_at_once(outputs: dict[int, Path], raw: Path,
                                                               table: str) -> None:
    results = [extract_file(p.read_bytes(), p.name, Settings()) for p in sorted(raw.iterdir())
               if p.name != "copy_of_03.txt"]
    at_once = store.build_tables(results)[table]
    streamed = pq.read_table(outputs[1] / f"{table}.parquet")
    if table == "findings":  # the run adds the duplicate's note to 03.txt
        assert streamed.num_rows == at_once.num_rows + 1
        assert "duplicate_document" in streamed.column("code").to_pylist()
        return
    assert streamed.schema.equals(at_once.schema, check_metadata=True)
    assert streamed.to_pylist() == at_once.to_pylist()


def test_row_groups_follow_the_document_slices(outputs: dict[int, Path]) -> None:
    documents = pq.ParquetFile(outputs[1] / "documents.parquet")
    assert documents.metadata.num_rows == 8  # seven renderings and the empty file
    assert documents.num_row_groups == 3


def test_the_spool_folder_is_gone_after_the_run(outputs: dict[int, Path]) -> None:
    for out in outputs.values():
        assert not list(out.parent.glob(f"{out.name}.tmp-*"))
