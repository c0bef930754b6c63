"""The same agreement as text, as a Word-style PDF (ruled and unruled) gives the same rows.

The PDFs are built by the tests from the seed texts with reportlab; only
source_format, ocr, page and line may differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.extract import extract_bytes
from extractors.model.settings import Settings
from tests.equivalence import KEYS, compare
from tests.fixtures.pdfs import build_ruled_pdf, build_unruled_pdf
from tests.paths import SEEDS

BUILDERS = {"ruled": build_ruled_pdf, "unruled": build_unruled_pdf}


@pytest.fixture(scope="module")
def pdf_results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("pdfs")
    results = {}
    for seed in SEEDS:
        text = extract_bytes(seed.read_bytes(), seed.name, Settings())
        for kind, build in BUILDERS.items():
            pdf = build(seed.read_text(encoding="utf-8"), tmp / f"{seed.stem}-{kind}.pdf")
            results[(seed.stem, kind)] = (text, extract_bytes(pdf.read_bytes(), pdf.name, Settings()))
    return results


@pytest.mark.parametrize("table", list(KEYS))
@pytest.mark.parametrize("kind", list(BUILDERS))
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_pdf_gives_the_text_rows(pdf_results: dict, seed: str, kind: str, table: str) -> None:
    text, pdf = pdf_results[(seed, kind)]
    agreement = compare(text, pdf, table)
    assert agreement.share == 1.0 and agreement.rows_matched == agreement.rows_expected, (
        agreement.describe())


@pytest.mark.parametrize("kind", list(BUILDERS))
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_pdf_rows_carry_their_page(pdf_results: dict, seed: str, kind: str) -> None:
    _, pdf = pdf_results[(seed, kind)]
    assert pdf.document.source_format == "pdf" and pdf.document.ocr is False
    assert pdf.document.page_count and pdf.document.page_count >= 2
    rows = [*pdf.indicators, *pdf.budgets]
    assert rows and all(r.page and 1 <= r.page <= pdf.document.page_count for r in rows)
    assert all(r.line is None for r in rows)
    # rows are in document order, so their pages never go back
    pages = [r.page for r in pdf.indicators]
    assert pages == sorted(pages)


def test_findings_from_a_pdf_name_their_page(tmp_path: Path) -> None:
    seed = SEEDS[1].read_text(encoding="utf-8").replace("\t92\t92\tNilai", "\t92\tsekitar 90-95\tNilai")
    pdf = build_ruled_pdf(seed, tmp_path / "x.pdf")
    result = extract_bytes(pdf.read_bytes(), pdf.name, Settings())
    unparsed = [f for f in result.findings if f.code == "target_unparsed"]
    assert len(unparsed) == 1 and unparsed[0].page is not None and unparsed[0].line is None
