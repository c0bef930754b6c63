"""The README is the user's manual: it must name every column the tables have and every finding code
the code can emit, its commands must exist, and the examples of diff, sql and report run as written."""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.model import records
from pipeline.analysis.diff import changes
from tests.paths import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
TABLES = {
    "documents": records.DocumentRow, "parties": records.PartyRow, "indicators": records.IndicatorRow,
    "targets": records.TargetRow, "budgets": records.BudgetRow, "actions": records.ActionRow,
    "results": records.ResultRow, "sources": records.SourceRow,
}


def finding_codes() -> set[str]:
    """Codes passed to error(...), warning(...), info(...) or Finding(...) anywhere in the code."""
    codes: set[str] = set()
    for path in [*PROJECT.glob("extractors/**/*.py"), *PROJECT.glob("pipeline/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in {"error", "warning", "info", "Finding"}:
                continue
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "code")]
            codes |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                      and re.fullmatch(r"[a-z]+(_[a-z]+)*", a.value)}
    return codes


def test_the_scan_for_codes_finds_the_well_known_ones() -> None:
    assert {"party_missing", "not_an_agreement", "duplicate_document", "timeout"} <= finding_codes()


@pytest.mark.parametrize("code", sorted(finding_codes()))
def test_every_finding_code_is_documented(code: str) -> None:
    assert f"`{code}`" in README


@pytest.mark.parametrize("table, column", [
    (table, f.name) for table, cls in TABLES.items() for f in records.output_fields(cls)])
def test_every_column_is_in_the_data_dictionary(table: str, column: str) -> None:
    section = README.split(f"**{table}**", 1)[1].split("\n**", 1)[0]
    assert re.search(rf"(?<![a-z_]){column}(?![a-z_])", section), f"{table}.{column} is not documented"


def test_the_readme_commands_exist() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    for target in ("extract", "test", "bench", "lint"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    out = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--help"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    for option in re.findall(r"--[a-z-]+", README.split("### The command behind", 1)[1].split("##", 1)[0]):
        assert option in out, option


# --- diff, sql, report: every example in their sections runs as written ------------------------

SECTIONS = ("## Comparing agreements", "## Querying", "## The report")


def section(title: str) -> str:
    return README.split(title, 1)[1].split("\n## ", 1)[0]


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def shell_examples() -> list[str]:
    lines = [line for title in SECTIONS for block in blocks(section(title), "sh")
             for line in block.replace("\\\n", " ").splitlines() if line.strip()]
    return lines


def python_examples() -> list[str]:
    return [block for title in SECTIONS for block in blocks(section(title), "python")]


def test_the_sections_hold_examples() -> None:
    commands = " ".join(shell_examples())
    for word in ("make diff", "pipeline diff", "--from-year", "pipeline sql", "--csv", "--parquet",
                 "make report", "pipeline report"):
        assert word in commands, word
    assert len(python_examples()) == 3  # pandas, DuckDB, polars


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone after `make extract`: parsed/ from the project's raw/, the examples' cwd."""
    work = tmp_path_factory.mktemp("readme")
    subprocess.run([sys.executable, "-m", "pipeline", "extract", str(PROJECT / "raw"), "--out",
                    str(work / "parsed"), "--no-cache", "--quiet"], cwd=PROJECT, check=True,
                   capture_output=True)
    return work


def as_run(command: str) -> list[str]:
    """The argv a user's shell would run; `make X` as the recipe make prints for it."""
    argv = shlex.split(command)
    if argv[0] == "make":
        printed = subprocess.run(["make", "-s", "-n", "-C", str(PROJECT), *argv[1:]], capture_output=True,
                                 text=True, check=True).stdout.replace("\\\n", " ")
        recipe = [line for line in printed.splitlines() if " -m pipeline " in line]
        assert len(recipe) == 1, printed
        argv = shlex.split(recipe[0])
    assert argv[0] == ".venv/bin/python", command
    return [sys.executable, *argv[1:]]


def run_example(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})


@pytest.mark.parametrize("command", shell_examples())
def test_every_documented_command_runs(command: str, workdir: Path) -> None:
    proc = run_example(as_run(command), workdir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


@pytest.mark.parametrize("code", python_examples())
def test_every_documented_python_example_runs(code: str, workdir: Path) -> None:
    proc = run_example([sys.executable, "-c", code], workdir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_the_documented_diff_output_is_what_diff_prints(workdir: Path) -> None:
    shown = [b for b in blocks(section(SECTIONS[0]), "text") if b.startswith("pairs compared")]
    assert len(shown) == 1
    command = next(c for c in shell_examples() if "pipeline diff 000_" in c)
    out = run_example(as_run(command), workdir).stdout.splitlines()
    for line in shown[0].splitlines():
        assert line in out, line


def test_the_reading_commands_and_their_options_exist() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    for target in ("diff", "report"):
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.M), target
    helps = " ".join(subprocess.run([sys.executable, "-m", "pipeline", command, "--help"], cwd=PROJECT,
                                    capture_output=True, text=True, check=True).stdout
                     for command in ("diff", "sql", "report"))
    for option in {o for title in SECTIONS for o in re.findall(r"(?<![\w-])--[a-z][a-z-]+", section(title))}:
        assert option in helps, option


@pytest.mark.parametrize("column", changes.SCHEMA.names)
def test_every_change_table_column_is_documented(column: str) -> None:
    table = section(SECTIONS[0]).split("The change table", 1)[1]
    assert re.search(rf"(?<![a-z_]){column}(?![a-z_])", table), column
