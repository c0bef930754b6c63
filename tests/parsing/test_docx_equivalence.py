"""The same agreement as text and as the Word file behind it gives the same rows.

The .docx is built by the tests from the seed text (tests/fixtures/docx.py):
prose lines are paragraphs, tab rows are ruled Word tables with merged header
and section cells, long cells wrapped by hand (two paragraphs or a line break),
row numbers as Word list numbering. Only source_format, page and line may differ.
"""

from __future__ import annotations

import pytest

from extractors.extract import extract_bytes
from extractors.model.settings import Settings
from tests.equivalence import KEYS, compare
from tests.fixtures.docx import seed_docx
from tests.paths import SEEDS


@pytest.fixture(scope="module")
def docx_results() -> dict:
    results = {}
    for seed in SEEDS:
        text = extract_bytes(seed.read_bytes(), seed.name, Settings())
        data = seed_docx(seed.read_text(encoding="utf-8"))
        results[seed.stem] = (text, extract_bytes(data, f"{seed.stem}.docx", Settings()))
    return results


@pytest.mark.parametrize("table", list(KEYS))
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_docx_gives_the_text_rows(docx_results: dict, seed: str, table: str) -> None:
    text, docx = docx_results[seed]
    agreement = compare(text, docx, table)
    assert agreement.share == 1.0 and agreement.rows_matched == agreement.rows_expected, (
        agreement.describe())


@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_docx_rows_carry_their_paragraph_or_row_position(docx_results: dict, seed: str) -> None:
    text, docx = docx_results[seed]
    assert (docx.document.source_format, docx.document.ocr, docx.document.page_count) == ("docx", False, None)
    assert [f.code for f in docx.findings] == [f.code for f in text.findings]
    rows = [*docx.indicators, *docx.budgets, *docx.targets]
    assert rows and all(r.page is None and r.line and r.line >= 1 for r in rows)
    lines = [r.line for r in docx.indicators]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)  # one table row per indicator
