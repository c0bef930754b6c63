"""Every value of every table for the seeds, against golden files read off the documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors.extract import extract_bytes
from extractors.model.settings import Settings
from tests.golden import TABLES, read_golden, rows_of, write_golden
from tests.paths import DATA, SEEDS

REGEN = os.environ.get("PK_REGEN_GOLDEN") == "1"


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_rows_match_golden(seed: Path, table: str) -> None:
    result = extract_bytes(seed.read_bytes(), f"{seed.name}", Settings())
    got = rows_of(result, table)
    golden = DATA / "golden" / seed.stem / f"{table}.jsonl"
    if REGEN:
        write_golden(golden, got)
    want = read_golden(golden)
    assert len(got) == len(want), f"{table}: {len(got)} rows, golden has {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        diff = {k: (g.get(k), w.get(k)) for k in w if g.get(k) != w.get(k)}
        assert not diff, f"{table} row {i}: (got, want) {diff}"
