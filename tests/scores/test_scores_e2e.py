"""Done when: a unit's agreements and measurements of two years, typed in Word and exported to PDF by
LibreOffice (tests/data/scores/, made by tests/scores/make_fixtures.py), extracted by the real CLI
and scored, give the scores worked out by hand below.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.extract import extract_file
from extractors.model.settings import Settings
from tests.paths import DATA, PROJECT
from tests.scores.batch import Line, measurement, write_parsed
from tests.scores.make_fixtures import FIGURES, IKM, OPINION, STUNTING, UCI

FIXTURES = DATA / "scores"
UNIT, REGION = "Dinas Kesehatan", "32.04"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=PROJECT, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four PDFs extracted, then scored, by the command line a user runs."""
    work = tmp_path_factory.mktemp("scores_e2e")
    raw = work / "raw"
    raw.mkdir()
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        shutil.copy(pdf, raw / pdf.name)
    out = work / "parsed"
    extract = run("extract", str(raw), "--out", str(out), "--no-cache", "--quiet", "--jobs", "1")
    assert extract.returncode in (0, 1), extract.stderr  # 1 while the measurements are refused
    score = run("score", "--parsed", str(out))
    assert score.returncode == 0, score.stderr
    return out


def documents(parsed: Path) -> dict[str, dict]:
    return {r["source_file"]: r for r in pq.read_table(parsed / "documents.parquet").to_pylist()}


def scores(parsed: Path) -> dict[tuple[int, str], dict]:
    """(year, indicator text) -> its scores row."""
    texts = {(r["doc_id"], r["goal_no"], r["indicator_no"]): r["indicator"]
             for r in pq.read_table(parsed / "indicators.parquet").to_pylist()
             if r["form"] == "perjanjian_kinerja"}
    return {(r["year"], texts[(r["doc_id"], r["goal_no"], r["indicator_no"])]): r
            for r in pq.read_table(parsed / "scores.parquet").to_pylist()}


def test_the_agreements_are_read_from_the_word_exports(parsed: Path) -> None:
    docs = documents(parsed)
    for year in (2022, 2023):
        doc = docs[f"pk{year}_dinkes_bandung.pdf"]
        assert (doc["kind"], doc["status"], doc["year"], doc["unit"], doc["region_code"]) == \
            ("agreement", "ok", year, UNIT, REGION)
    rows = scores(parsed)
    # one row per target: four indicators a year, each with its annual target as typed
    assert {k: r["target_value"] for k, r in rows.items()} == {
        (2022, STUNTING): 16.0, (2022, UCI): 93.0, (2022, OPINION): None, (2022, IKM): 80.0,
        (2023, STUNTING): 14.0, (2023, UCI): 95.0, (2023, OPINION): None, (2023, IKM): 82.0}
    assert {k[1]: r["direction"] for k, r in rows.items()} == {
        STUNTING: "lower_is_better", UCI: "higher_is_better", OPINION: "higher_is_better",
        IKM: "higher_is_better"}
    assert rows[(2023, STUNTING)]["direction_rule"] == "the indicator names a prevalence"


# (year, indicator) -> (realised, achievement computed, achievement written, status), by hand:
HAND = {
    # prevalence, lower is better: 14 / 12.6 x 100 = 111.111… -> 111.11; 12.6 <= 14: met
    (2023, STUNTING): (12.6, 111.11, 111.11, "met"),
    # 91.2 / 95 x 100 = 96.0; 91.2 < 95: not met
    (2023, UCI): (91.2, 96.0, 96.0, "not_met"),
    # label: WTP realised for a WTP target: met; no number to divide
    (2023, OPINION): (None, None, 100.0, "met"),
    # 83.5 / 82 x 100 = 101.829… -> 101.83; met
    (2023, IKM): (83.5, 101.83, 101.83, "met"),
    # 16 / 17.2 x 100 = 93.023… -> 93.02; 17.2 > 16: not met. The document wrote 92,50:
    # (2 x 16 - 17.2) / 16 x 100 = 92.5, the other formula: an score_achievement_differs finding
    (2022, STUNTING): (17.2, 93.02, 92.5, "not_met"),
    # 94.1 / 93 x 100 = 101.182… -> 101.18; met
    (2022, UCI): (94.1, 101.18, 101.18, "met"),
    # WDP ranks below WTP: not met; the Capaian is `-`
    (2022, OPINION): (None, None, None, "not_met"),
    # 78.4 / 80 x 100 = 98.0; not met
    (2022, IKM): (78.4, 98.0, 98.0, "not_met"),
}


def test_the_hand_scores_hold_for_results_typed_off_the_measurement_pages(tmp_path: Path) -> None:
    """While the measurements cannot be read: the agreements as extracted from their PDFs, and the
    measurement rows as the PDF pages show them, written by the project's store, scored by the CLI."""
    settings = Settings()
    files = [extract_file(pdf.read_bytes(), pdf.name, settings) for pdf in sorted(FIXTURES.glob("pk*.pdf"))]
    for year, figures in FIGURES.items():  # the measurement pages' rows, as typed in make_fixtures
        texts = ((1, 1, STUNTING, "%"), (1, 2, UCI, "%"), (2, 1, OPINION, "Predikat"), (3, 1, IKM, "Indeks"))
        lines = [Line(g, i, text, unit, *cells)
                 for (g, i, text, unit), cells in zip(texts, figures, strict=True)]
        files.append(measurement(f"pengukuran{year}", UNIT, year, lines))
    parsed = write_parsed(tmp_path / "parsed", files)
    assert run("score", "--parsed", str(parsed)).returncode == 0
    rows = scores(parsed)
    got = {k: (r["realised_value"], r["achievement_pct"], r["achievement_written"], r["status"])
           for k, r in rows.items()}
    assert got == HAND
    assert {r["match"] for r in rows.values()} == {"number"}
    findings = pq.read_table(parsed / "score_findings.parquet").to_pylist()
    assert [(f["code"], f["doc_id"]) for f in findings] == [("score_achievement_differs", "pengukuran2022")]


def test_the_scores_are_the_hand_worked_ones(parsed: Path) -> None:
    docs = documents(parsed)
    for year in (2022, 2023):
        doc = docs[f"pengukuran{year}_dinkes_bandung.pdf"]
        assert (doc["kind"], doc["year"], doc["unit"], doc["region_code"]) == \
            ("measurement", year, UNIT, REGION)
    rows = scores(parsed)
    got = {k: (r["realised_value"], r["achievement_pct"], r["achievement_written"], r["status"])
           for k, r in rows.items()}
    assert got == HAND
    assert all(r["result_doc_id"] == docs[f"pengukuran{k[0]}_dinkes_bandung.pdf"]["doc_id"]
               for k, r in rows.items())
    findings = pq.read_table(parsed / "score_findings.parquet").to_pylist()
    assert [(f["code"], f["doc_id"]) for f in findings] == \
        [("score_achievement_differs", docs["pengukuran2022_dinkes_bandung.pdf"]["doc_id"])]
    assert "(2 × target − realised) ÷ target" in findings[0]["message"]
