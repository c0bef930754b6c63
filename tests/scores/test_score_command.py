"""`python -m pipeline score` over a parsed/ folder the project's own store wrote: the scores worked
out by hand, the findings, the lock, the sql views, the report section, and extract keeping scores.

The batch (tests/scores/batch.py writes it): the Inspektorat's agreements of 2022 and 2023 and
their measurements (the 2023 one numbers its indicators 1.1-1.4 where the agreement has 1.1,
1.2, 2.1, 2.2), a Dishub agreement without any measurement, a Diskominfo that met its one
target, and a Disdik measurement without an agreement.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.model.records import FileResult
from pipeline.analysis.scores.build import ScoreSettings
from pipeline.batch.output.lock import lock_output
from tests.paths import PROJECT, SEEDS
from tests.scores.batch import Line, agreement, measurement, with_own_results, write_parsed

INSPEKTORAT, DISHUB, KOMINFO = "Inspektorat", "Dinas Perhubungan", "Dinas Komunikasi dan Informatika"
FOLLOW_UP = "Persentase tindak lanjut hasil pengawasan"
REPEATS = "Jumlah temuan berulang"
OPINION = "Opini BPK atas Laporan Keuangan Daerah"
SAKIP = "Nilai SAKIP"


def batch() -> list:
    return [
        agreement("a22", INSPEKTORAT, 2022, [
            Line(1, 1, FOLLOW_UP, "%", "85%"), Line(1, 2, REPEATS, "Temuan", "6"),
            Line(2, 1, OPINION, None, "WTP"), Line(2, 2, SAKIP, None, "BB")]),
        measurement("m22", INSPEKTORAT, 2022, [
            Line(1, 1, FOLLOW_UP, "%", "85%", "80%", "100"),  # written 100: 80 / 85 is 94.12
            Line(1, 2, REPEATS, "Temuan", "6", "9", "66,67"),
            Line(2, 1, OPINION, None, "WTP", "WDP", "-")]),  # no row for SAKIP
        agreement("a23", INSPEKTORAT, 2023, [
            Line(1, 1, FOLLOW_UP, "%", "90%"), Line(1, 2, REPEATS, "Temuan", "5"),
            Line(2, 1, OPINION, None, "WTP"), Line(2, 2, SAKIP, None, "BB")]),
        measurement("m23", INSPEKTORAT.upper(), 2023, [  # the same unit, spelled in capitals
            Line(1, 1, FOLLOW_UP, "%", "90%", "92%", "102,22"),
            Line(1, 2, REPEATS, "Temuan", "5", "8", "62,5"),
            Line(1, 3, "Opini BPK atas Laporan Keuangan Pemerintah Daerah", None, "WTP", "WTP", "100"),
            Line(1, 4, SAKIP, None, "BB", "B", "-")]),
        agreement("b23", DISHUB, 2023, [Line(1, 1, "Indeks kepuasan layanan angkutan", "Indeks", "80")]),
        agreement("d23", KOMINFO, 2023, [Line(1, 1, "Persentase layanan SPBE", "%", "75")]),
        # the report measures against 70 (a revised target?); the agreement's 75 is what is scored
        measurement("k23", KOMINFO, 2023, [Line(1, 1, "Persentase layanan SPBE", "%", "70", "80", "106,67")],
                    kind="report"),
        measurement("e23", "Dinas Pendidikan", 2023,
                    [Line(1, 1, "Angka putus sekolah", "%", "1", "0,8", "125")]),
    ]


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    parsed = write_parsed(tmp_path_factory.mktemp("score") / "parsed", batch())
    return parsed, run("score", "--parsed", str(parsed))


def rows(parsed: Path) -> dict[tuple[str, int, int], dict]:
    return {(r["doc_id"], r["goal_no"], r["indicator_no"]): r
            for r in pq.read_table(parsed / "scores.parquet").to_pylist()}


def test_score_writes_one_row_per_target(scored) -> None:
    parsed, proc = scored
    assert proc.returncode == 0, proc.stderr
    # 4 + 4 + 1 + 1 targets (the measurement without an agreement gives none); met: a23 1.1 and
    # 2.1, d23; no result: a22 2.2, b23; the other five not met
    assert "targets scored: 10, of 4 agreements (met 3, not_met 5, not_comparable 0, no_result 2)" \
        in proc.stdout
    assert len(rows(parsed)) == 10
    assert not list(parsed.glob(".*tmp*"))  # no temporary file left behind


@pytest.mark.parametrize("key, expected", [
    # 92 / 90 x 100 = 102.222… -> 102.22, met
    (("a23", 1, 1), dict(achievement_pct=102.22, achievement_written=102.22, status="met", match="number",
                         direction="higher_is_better", result_doc_id="m23")),
    # unit Temuan: lower is better; 5 / 8 x 100 = 62.5, 8 findings > 5 allowed: not met
    (("a23", 1, 2), dict(achievement_pct=62.5, status="not_met", direction="lower_is_better",
                         direction_rule="unit Temuan", target_value=5.0, realised_value=8.0)),
    # WTP = WTP: met, no percentage; the measurement numbers it 1.3 and words it a little
    # otherwise: paired by its text (similarity 87.4 >= 85)
    (("a23", 2, 1), dict(achievement_pct=None, status="met", match="similarity", result_goal_no=1,
                         result_indicator_no=3, achievement_written=100.0)),
    # B ranks below BB: not met
    (("a23", 2, 2), dict(status="not_met", match="similarity", result_indicator_no=4)),
    # 80 / 85 x 100 = 94.117… -> 94.12, not met (the document wrote 100)
    (("a22", 1, 1), dict(achievement_pct=94.12, achievement_written=100.0, status="not_met")),
    # 6 / 9 x 100 = 66.666… -> 66.67
    (("a22", 1, 2), dict(achievement_pct=66.67, achievement_written=66.67, status="not_met")),
    (("a22", 2, 1), dict(status="not_met")),  # WDP below WTP
    (("a22", 2, 2), dict(status="no_result", result_doc_id=None, match=None)),  # no row for it
    (("b23", 1, 1), dict(status="no_result", result_doc_id=None, year=2023, unit=DISHUB)),
    # 80 / 75 x 100 = 106.666… -> 106.67, from a `report` document
    (("d23", 1, 1), dict(achievement_pct=106.67, status="met", result_doc_id="k23")),
])
def test_the_scores_are_the_hand_worked_ones(scored, key, expected) -> None:
    row = rows(scored[0])[key]
    assert {k: row[k] for k in expected} == expected


def test_the_findings_say_what_the_scores_alone_do_not(scored) -> None:
    parsed, proc = scored
    findings = pq.read_table(parsed / "score_findings.parquet").to_pylist()
    assert [(f["doc_id"], f["code"], f["line"]) for f in findings] == [
        ("m22", "score_achievement_differs", 1), ("k23", "score_target_differs", 1),
        ("e23", "score_results_unpaired", None)]
    assert "written 100, but realised ÷ target × 100 gives 94.12" in findings[0]["message"]
    assert "target is '75', the results measure against '70'" in findings[1]["message"]
    assert findings[2]["severity"] == "info"
    assert findings[2]["message"] == ("e23.pdf: no agreement is held against its 1 result: the batch "
                                      "holds no agreement with targets of Dinas Pendidikan (32.04) for 2023")
    assert "warning score_achievement_differs m22 p. 1, l. 1:" in proc.stdout


def test_the_readme_questions_over_scores_answer_as_worked_out(scored) -> None:
    parsed = scored[0]
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = readme.split("Three more over the scores", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    every, twice, written = [re.search(r'sql "(.*)"', line).group(1) for line in block.splitlines()]
    out = run("sql", "--parsed", str(parsed), every, "--csv").stdout.splitlines()
    assert out == ["unit,region_code,year,targets", f"{KOMINFO},32.04,2023,1"]
    out = run("sql", "--parsed", str(parsed), twice, "--csv").stdout.splitlines()
    assert out == ["unit,indicator,year,next_year", f"{INSPEKTORAT},jumlah temuan berulang,2022,2023"]
    out = run("sql", "--parsed", str(parsed), written, "--csv").stdout.splitlines()
    assert out[1:] == [f"{INSPEKTORAT},2022,1,1,higher_is_better,100,94.12,5.88"]


def test_the_report_gets_a_scores_section(scored, tmp_path: Path) -> None:
    parsed = scored[0]
    proc = run("report", "--parsed", str(parsed), "--out", str(tmp_path / "r.html"))
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    section = page.split("<h2>Targets met</h2>", 1)[1].split("<h2>", 1)[0]
    # Inspektorat 2022: met 0, not met 3, not comparable 0, without result 1
    assert re.search(r"<td>Inspektorat</td><td>32.04</td><td>2022</td><td class='num'>0</td>"
                     r"<td class='num'>3</td><td class='num'>0</td><td class='num'>1</td>", section)
    assert "102.2% <span class='up'>met</span>" in section  # 2023's follow-up, beside 2022's
    assert "94.1% <span class='down'>not met</span>" in section


def test_a_folder_never_scored_has_empty_score_views_and_says_so(tmp_path: Path) -> None:
    parsed = write_parsed(tmp_path / "parsed", batch()[:2])
    proc = run("sql", "--parsed", str(parsed), "SELECT count(*) AS n FROM scores", "--csv")
    assert proc.returncode == 0 and proc.stdout.splitlines() == ["n", "0"]
    assert "has no scores.parquet yet" in proc.stderr
    page = run("report", "--parsed", str(parsed), "--out", str(tmp_path / "r.html"))
    assert page.returncode == 0 and "Targets met" not in (tmp_path / "r.html").read_text()


def test_score_waits_for_no_run_writing_the_folder(tmp_path: Path) -> None:
    parsed = write_parsed(tmp_path / "parsed", batch()[:2])
    held = lock_output(parsed.resolve())
    try:
        proc = run("score", "--parsed", str(parsed))
    finally:
        held.release()  # type: ignore[union-attr]
    assert proc.returncode == 4 and "is writing to" in proc.stderr
    assert not (parsed / "scores.parquet").exists()
    assert run("score", "--parsed", str(parsed)).returncode == 0


def test_score_of_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("score", "--parsed", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "no parsed folder" in proc.stderr
    assert not (tmp_path / "nowhere.lock").exists()


def test_extract_rescores_a_scored_folder_and_leaves_others_unscored(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    parsed = tmp_path / "parsed"
    args = ("extract", str(raw), "--out", str(parsed), "--no-cache", "--quiet")
    assert run(*args).returncode == 0
    assert not (parsed / "scores.parquet").exists()  # never scored: extract adds none
    assert run("score", "--parsed", str(parsed), "--threshold", "90", "--own-pages").returncode == 0
    before = rows(parsed)
    # The seeds hold agreements only: every target is without result.
    assert before and {r["status"] for r in before.values()} == {"no_result"}
    shutil.copy(SEEDS[0], raw / "copy_of_seed.txt")  # a new file: the tables change
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    assert "note: scores.parquet rewritten for the new tables" in proc.stderr
    assert rows(parsed) == before  # a duplicate adds no agreement: the same scores, rewritten
    # with the settings they were made with
    assert ScoreSettings.of_file(parsed / "scores.parquet") == ScoreSettings(threshold=90.0, own_pages=True)
    assert (parsed / "score_findings.parquet").exists()


def test_an_agreement_file_with_its_own_measurement_page(tmp_path: Path) -> None:
    """With --own-pages, and without a measurement document of its unit and year, an agreement is
    scored against the results in its own file, but only those measured against its own target:
    a PK's Pengukuran Kinerja page of the year before (other targets) is no result for this
    year's targets. Without --own-pages the page is not used at all."""
    survey, halte = "Indeks kepuasan layanan angkutan", "Persentase halte layak"
    this_year = with_own_results(
        agreement("p23", DISHUB, 2023, [Line(1, 1, survey, "Indeks", "80"), Line(1, 2, halte, "%", "70%")]),
        measurement("x", DISHUB, 2023, [Line(1, 1, survey, "Indeks", "80", "81", "101,25"),
                                        Line(1, 2, halte, "%", "60%", "65%", "108,33")]))
    parsed = write_parsed(tmp_path / "parsed", [this_year])
    assert run("score", "--parsed", str(parsed)).returncode == 0
    assert {r["status"] for r in rows(parsed).values()} == {"no_result"}
    assert run("score", "--parsed", str(parsed), "--own-pages").returncode == 0
    got = rows(parsed)
    # 81 / 80 x 100 = 101.25, met, from the file's own page
    assert (got[("p23", 1, 1)]["status"], got[("p23", 1, 1)]["achievement_pct"],
            got[("p23", 1, 1)]["result_doc_id"]) == ("met", 101.25, "p23")
    # the page measures the halte against 60 %, not the agreement's 70 %: another year's table
    assert (got[("p23", 1, 2)]["status"], got[("p23", 1, 2)]["result_doc_id"]) == ("no_result", None)


def test_an_own_page_that_names_the_agreements_year_is_used_and_another_year_never(tmp_path: Path) -> None:
    """An agreement's own Pengukuran Kinerja page that names its year (`results.year`) answers its
    targets without --own-pages; one naming the year before is no result, even with --own-pages."""
    survey = "Indeks kepuasan layanan angkutan"

    def with_year(file: FileResult, year: int) -> FileResult:
        part = file.parts[0]
        return FileResult((dataclasses.replace(
            part, results=tuple(dataclasses.replace(r, year=year) for r in part.results)),))

    own = {year: with_year(with_own_results(
        agreement(f"p{year}", DISHUB, 2023, [Line(1, 1, survey, "Indeks", "80")]),
        measurement("x", DISHUB, 2023, [Line(1, 1, survey, "Indeks", "80", "78", "97,5")])), year)
        for year in (2023, 2022)}
    parsed = write_parsed(tmp_path / "parsed", list(own.values()))
    assert run("score", "--parsed", str(parsed)).returncode == 0
    got = rows(parsed)
    # 78 / 80 x 100 = 97.5: not met, from the page that measures 2023
    assert (got[("p2023", 1, 1)]["status"], got[("p2023", 1, 1)]["achievement_pct"],
            got[("p2023", 1, 1)]["result_doc_id"]) == ("not_met", 97.5, "p2023")
    assert (got[("p2022", 1, 1)]["status"], got[("p2022", 1, 1)]["result_doc_id"]) == ("no_result", None)
    assert run("score", "--parsed", str(parsed), "--own-pages").returncode == 0
    assert rows(parsed)[("p2022", 1, 1)]["status"] == "no_result"
