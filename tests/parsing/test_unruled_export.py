"""An unruled 12-column PK table (seed 002's layout, other content) typed in Word and exported by LibreOffice.

The family the product reads badly: no borders at all, columns only by
alignment (NO | Sasaran | NO | Indikator | Sumber Data | Pengukuran | Triwulan
I–IV | Tahunan | Keterangan), section rows between goals, wrapped cells, and a
table that LibreOffice breaks over pages, repeating its two header rows on
each. The agreement (tests/data/exports/unruled_002_like.txt) was typed by
hand for this test; its rows (unruled_002_like.expected.json) were written
from that text, not from the extractor. The .docx is built and exported once
per module, plain and justified, in one LibreOffice run.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from extractors.extract import extract_file
from extractors.model.records import DocumentResult, FileResult
from extractors.model.settings import Settings
from tests.fixtures.office import OfficeOptions, build_docx, convert_to_pdf, soffice
from tests.paths import DATA, IN_CI

# In CI these never skip: a missing LibreOffice there is a failure, not a pass.
pytestmark = pytest.mark.skipif(
    soffice() is None and not IN_CI,
    reason="LibreOffice is not installed (run `python -m pipeline.setup.office`)",
)

TEXT = DATA / "exports" / "unruled_002_like.txt"
EXPECTED = json.loads((DATA / "exports" / "unruled_002_like.expected.json").read_text(encoding="utf-8"))
VARIANTS = {
    "unruled": OfficeOptions(ruled=False),
    "unruled-justified": OfficeOptions(ruled=False, justified=True),
}
FIELDS = ("goal_type", "goal", "indicator", "data_source", "measurement", "unit", "target_raw")
PERIODS = ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class Export:
    path: Path
    result: FileResult

    @property
    def first(self) -> DocumentResult:
        return self.result.parts[0]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Export]:
    folder = tmp_path_factory.mktemp("unruled")
    text = TEXT.read_text(encoding="utf-8")
    documents = [build_docx(text, folder / f"unruled_002_like-{name}.docx", options)
                 for name, options in VARIANTS.items()]
    started = time.perf_counter()
    pdfs = convert_to_pdf(documents, folder)
    print(f"LibreOffice converted {len(pdfs)} documents in {time.perf_counter() - started:.1f} s")
    return {name: Export(pdf, extract_file(pdf.read_bytes(), pdf.name, Settings()))
            for name, pdf in zip(VARIANTS, pdfs, strict=True)}


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _key(row: Any) -> tuple:
    if isinstance(row, dict):
        return row["form"], row["goal_no"], row["indicator_no"]
    return row.form, row.goal_no, row.indicator_no


def _expected_targets() -> dict[tuple, str]:
    """(form, goal_no, indicator_no, period) -> raw cell, quarters and the annual (Tahunan) target."""
    out = {}
    for row in EXPECTED["indicators"]:
        for period in PERIODS:
            out[(*_key(row), period)] = row["quarters"][period]
        out[(*_key(row), "annual")] = row["target_raw"]
    return out


def _summary(doc: DocumentResult) -> str:
    indicators = len(EXPECTED["indicators"])
    return (f"status {doc.document.status}, {len(doc.indicators)} of {indicators} indicators, "
            f"{len(doc.targets)} of {len(_expected_targets())} targets, "
            f"findings {[(f.code, f.severity, f.page) for f in doc.findings]}")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_the_export_is_the_family(exports: dict[str, Export], name: str) -> None:
    """The fixture does what the test is about: the table crosses pages, its header repeated."""
    reader = PdfReader(io.BytesIO(exports[name].path.read_bytes()))
    with_header = [i + 1 for i, page in enumerate(reader.pages)
                   if "Pengukuran Kinerja" in (page.extract_text() or "")]
    assert len(with_header) >= 2, f"the table header is printed on pages {with_header} only"


@pytest.mark.parametrize("name", list(VARIANTS))
def test_status_ok_without_errors(exports: dict[str, Export], name: str) -> None:
    result = exports[name].result
    assert len(result.parts) == 1, f"{len(result.parts)} agreements read from one"
    doc = result.parts[0]
    assert doc.document.source_format == "pdf"
    assert doc.document.status == EXPECTED["status"], _summary(doc)
    assert [f for f in doc.findings if f.severity == "error"] == [], _summary(doc)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_parties(exports: dict[str, Export], name: str) -> None:
    got = {p.role: {"role": p.role, "name": _norm(p.name), "nip": p.nip} for p in exports[name].first.parties}
    want = {p["role"]: p for p in EXPECTED["parties"]}
    assert got == want


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_indicator_and_no_other(exports: dict[str, Export], name: str) -> None:
    doc = exports[name].first
    want = [_key(r) for r in EXPECTED["indicators"]]
    got = [_key(r) for r in doc.indicators]
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    assert not missing and not extra and len(got) == len(want), (
        f"{_summary(doc)}; missing {missing}; extra {extra}")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_indicator_fields(exports: dict[str, Export], name: str) -> None:
    doc = exports[name].first
    got = {_key(r): r for r in doc.indicators}
    differing = []
    for row in EXPECTED["indicators"]:
        found = got.get(_key(row))
        if found is None:
            differing.append(f"{_key(row)[1:]} missing")
            continue
        differing += [f"{_key(row)[1:]} {field}: {row[field]!r} -> {_norm(getattr(found, field))!r}"
                      for field in FIELDS if _norm(getattr(found, field)) != _norm(row[field])]
    assert differing == [], f"{len(differing)} differences ({_summary(doc)}):\n" + "\n".join(differing)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_quarter_and_annual_targets(exports: dict[str, Export], name: str) -> None:
    doc = exports[name].first
    want = _expected_targets()
    got = {(t.form, t.goal_no, t.indicator_no, t.period): _norm(t.raw) for t in doc.targets}
    missing = [k[1:] for k in want if k not in got]
    wrong = [f"{k[1:]}: {v!r} -> {got[k]!r}" for k, v in want.items() if k in got and got[k] != v]
    extra = [k[1:] for k in got if k not in want]
    assert not missing and not wrong and not extra and len(doc.targets) == len(want), (
        f"{_summary(doc)}; missing {missing[:10]}; wrong {wrong}; extra {extra}")
