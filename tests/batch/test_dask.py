"""`--executor dask` writes the same parsed/ as the local run (a small LocalCluster, in process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic_batch import vary
from extractors.model.settings import Settings
from pipeline.batch.output import store
from pipeline.batch.run import run_batch
from pipeline.cli import main
from tests.paths import SEEDS

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    raw = tmp_path_factory.mktemp("raw")
    seeds = [s.read_text(encoding="utf-8") for s in SEEDS]
    for k in range(4):
        (raw / f"{k:02d}.txt").write_text(vary(seeds[k % 2], k), encoding="utf-8")
    (raw / "copy.txt").write_bytes((raw / "01.txt").read_bytes())
    (raw / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path_factory.mktemp("out")
    run_batch(raw, out / "local", Settings(), None, jobs=2)
    run_batch(raw, out / "dask", Settings(), None, jobs=2, executor="dask")
    return {"local": out / "local", "dask": out / "dask", "raw": raw}


@pytest.mark.parametrize("table", store.TABLES)
def test_dask_writes_the_same_tables_as_the_local_run(outputs: dict[str, Path], table: str) -> None:
    name = f"{table}.parquet"
    assert (outputs["dask"] / name).read_bytes() == (outputs["local"] / name).read_bytes()


def test_the_cli_takes_the_executor(outputs: dict[str, Path], tmp_path: Path) -> None:
    assert main(["extract", str(outputs["raw"]), "--out", str(tmp_path / "p"), "--no-cache",
                 "--quiet", "--executor", "dask", "--jobs", "1"]) == 1  # the picture fails
    assert (tmp_path / "p" / "documents.parquet").read_bytes() == (
        outputs["local"] / "documents.parquet").read_bytes()


def test_scheduler_without_dask_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(tmp_path), "--out", str(tmp_path / "p"), "--scheduler", "tcp://x:8786"])
    assert exit_info.value.code == 2
