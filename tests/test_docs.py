"""The README is the user's manual: it must name every column the tables have and every finding code
the code can emit, and its commands must exist."""

from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import records

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
TABLES = {
    "documents": records.DocumentRow, "parties": records.PartyRow, "indicators": records.IndicatorRow,
    "targets": records.TargetRow, "budgets": records.BudgetRow,
}


def finding_codes() -> set[str]:
    """Codes passed to error(...), warning(...) or Finding(...) anywhere in the code."""
    codes: set[str] = set()
    for path in [*PROJECT.glob("extractors/*.py"), *PROJECT.glob("pipeline/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in {"error", "warning", "Finding"}:
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
    (table, f.name) for table, cls in TABLES.items() for f in dataclasses.fields(cls)])
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
