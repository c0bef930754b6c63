"""A province-sized `parsed/` for timing `report` and `diff`: the seeds' real rows copied under
varied doc_ids, units, regions, years and amounts, written by pipeline.batch.output.store so every table has
the contract's schema.

    python bench/synthetic_parsed.py OUT [--units 500] [--years 2020 2021]

Each unit gets one agreement per year (units x years documents); a fifth of the units have
seed 002's rows (no budget table), the rest seed 000's (five programs) with amounts varied.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.extract import extract_bytes  # noqa: E402
from extractors.model.records import DocumentResult, FileResult  # noqa: E402
from extractors.model.settings import Settings  # noqa: E402
from pipeline.batch.output import store  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
KINDS = ("Dinas Pendidikan", "Dinas Kesehatan", "Badan Pendapatan Daerah", "Dinas Perhubungan",
         "Kecamatan Tambora", "Kelurahan Duri Kepa", "Suku Dinas Sosial", "Biro Umum")


def _replace_all(result: DocumentResult, doc_id: str, **document: object) -> DocumentResult:
    """The same rows under another doc_id (and document fields)."""
    def moved(rows):
        return tuple(dataclasses.replace(r, doc_id=doc_id) for r in rows)

    return dataclasses.replace(
        result, document=dataclasses.replace(result.document, doc_id=doc_id, **document),
        parties=moved(result.parties), indicators=moved(result.indicators), targets=moved(result.targets),
        budgets=moved(result.budgets))


def synthetic(units: int, years: list[int], seed: int = 7) -> list[DocumentResult]:
    settings = Settings()
    bases = [extract_bytes(path.read_bytes(), path.name, settings) for path in SEEDS]
    rng = random.Random(seed)
    out = []
    for u in range(units):
        base = bases[1] if u % 5 == 4 else bases[0]
        unit = f"{KINDS[u % len(KINDS)]} {u + 1:04d}"
        region = f"{31 + u // 100}.{71 + u % 6:02d}"
        for year in years:
            doc_id = hashlib.sha256(f"{unit}/{year}".encode()).hexdigest()[:16]
            result = _replace_all(base, doc_id, unit=unit, region_code=region, year=year,
                                  source_file=f"{region}/{unit.replace(' ', '_')}_{year}.pdf")
            budgets = tuple(dataclasses.replace(b, amount_idr=int(b.amount_idr * rng.uniform(0.6, 1.4)))
                            for b in result.budgets if b.amount_idr is not None)
            out.append(dataclasses.replace(result, budgets=budgets))
    return out


def write(out: Path, results: list[DocumentResult]) -> None:
    """The documents as `extract` writes them: one file each, the contract's schema."""
    files = [FileResult((result,)) for result in results]
    store.write_output(out, store.build_tables(files), {"synthetic": True, "documents": len(results)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--years", type=int, nargs="+", default=[2020, 2021])
    args = parser.parse_args()
    results = synthetic(args.units, args.years)
    write(args.out, results)
    print(f"wrote {len(results)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
