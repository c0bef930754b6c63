"""Batches for the commands that read `parsed/`: real seeds, and a copy of seed 000 edited with
known changes, extracted by the real CLI. The commands run as a user runs them, in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.paths import SEEDS

PROJECT = Path(__file__).resolve().parents[1]
JAKBAR_2020 = SEEDS[0]  # 000_...: Kota Administrasi Jakarta Barat, PK + RK 2020, five programs
BPPBJ_2021 = SEEDS[1]  # 002_...: Badan Pelayanan Pengadaan Barang/Jasa, PK 2021, no budget
EDITED_NAME = "jakbar_2021.txt"

# (old text, new text, times it occurs): each edit is one change a reader can point at.
YEAR = [("TAHUN 2020", "TAHUN 2021", 3), ("31 Januari 2020", "29 Januari 2021", 3)]
EDITS = [
    # RK 17.1 "Survei Kepuasan Masyarakat": the annual target lowered, 90% -> 85%.
    ("Nilai diperoleh dari sistem Jaksurvei\t80%\t80%\t85%\t90%\t90%",
     "Nilai diperoleh dari sistem Jaksurvei\t80%\t80%\t85%\t90%\t85%", 1),
    # RK 16.1 reworded slightly: "capaian" dropped from the indicator.
    ("1\tPersentase capaian penyelesaian pengaduan masyarakat\tCRM",
     "1\tPersentase penyelesaian pengaduan masyarakat\tCRM", 1),
    # RK 8.2 (SPBE, nomor 63) removed: the whole row goes.
    ("\t\t2\tPersentase penyelesaian rencana aksi Implementasi SPBE", None, 1),
    # RK 6.3 added under goal 6 (Smart City, nomor 43).
    ("Predikat AA (nomor 39)\t100%\t100%\t100%\t100%\t100%\tPersentase\n",
     "Predikat AA (nomor 39)\t100%\t100%\t100%\t100%\t100%\tPersentase\n"
     "\t\t3\tPersentase penyelesaian rencana aksi Pengembangan Smart City (nomor 43)\te-Monev KSD\t"
     "Realisasi rencana aksi KSD mengenai Pengembangan Smart City (nomor 43)\tN/A\t100%\t100%\t100%\t100%\t"
     "Persentase\n", 1),
    # PK program 2's budget raised.
    ("75,124,451,124", "80,000,000,000", 1),
    # PK program 4 renamed.
    ("Program Peningkatan Penyelenggaraan Kota Administrasi Jakarta Barat\t",
     "Program Peningkatan Penyelenggaraan Pemerintahan Kota Administrasi Jakarta Barat\t", 1),
]


def _apply(text: str, edits: list[tuple[str, str | None, int]]) -> str:
    for old, new, times in edits:
        assert text.count(old) == times, f"the seed changed: {old!r} occurs {text.count(old)} times"
        if new is None:  # drop the whole line that holds `old`
            lines = text.splitlines(keepends=True)
            text = "".join(line for line in lines if old not in line)
        else:
            text = text.replace(old, new)
    return text


def edited_seed() -> str:
    """Seed 000 a year later, with the six known content changes of EDITS."""
    return _apply(_apply(JAKBAR_2020.read_text(encoding="utf-8"), YEAR), EDITS)


def env() -> dict[str, str]:
    """The project importable from any working directory, as `.venv/bin/python` has it installed."""
    return {**os.environ, "PYTHONPATH": str(PROJECT)}


def run(*args: str | Path, cwd: Path = PROJECT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, env=env(),
                          capture_output=True, text=True, timeout=timeout)


def extract(raw: Path, parsed: Path) -> Path:
    proc = run("extract", raw, "--out", parsed, "--no-cache", "--quiet", "--jobs", "2")
    assert proc.returncode in (0, 1), proc.stderr
    return parsed


def years_batch(root: Path) -> Path:
    """raw/: Jakarta Barat 2020 (seed 000), Jakarta Barat 2021 (edited copy), BPPBJ 2021 (seed 002);
    extracted into root/parsed."""
    raw = root / "raw"
    raw.mkdir(parents=True)
    shutil.copy(JAKBAR_2020, raw / JAKBAR_2020.name)
    shutil.copy(BPPBJ_2021, raw / BPPBJ_2021.name)
    (raw / EDITED_NAME).write_text(edited_seed(), encoding="utf-8")
    return extract(raw, root / "parsed")
