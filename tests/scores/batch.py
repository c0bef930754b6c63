"""parsed/ folders for the score tests, written by the project's own store from DocumentResult values.

An agreement gives `indicators` and `targets` (form perjanjian_kinerja); a measurement gives
`indicators` (form pengukuran_kinerja) and `results`. Cells are typed as written and parsed by
the project's target parser, as the readers parse them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.model.records import (
    DocumentResult,
    DocumentRow,
    FileResult,
    IndicatorRow,
    ResultRow,
    TargetRow,
)
from extractors.values.numbers import parse_number
from extractors.values.targets import parse_target
from pipeline.batch.output import store

REGION, PROVINCE = "32.04", "Jawa Barat"


@dataclass(frozen=True)
class Line:
    """One indicator: its numbers, text and unit, the target, and (for a measurement) the rest."""

    goal_no: int
    indicator_no: int
    text: str
    unit: str | None
    target: str
    realised: str | None = None
    achievement: str | None = None


def _document(doc_id: str, kind: str, unit: str, year: int, title: str) -> DocumentRow:
    return DocumentRow(doc_id=doc_id, source_file=f"{doc_id}.pdf", source_format="pdf", ocr=False,
                       status="ok", title=title, year=year, province=PROVINCE, region_code=REGION,
                       unit=unit, file_id=doc_id, part=1, kind=kind)


def agreement(doc_id: str, unit: str, year: int, lines: Sequence[Line]) -> FileResult:
    indicators, targets = [], []
    for n, ln in enumerate(lines):
        t = parse_target(ln.target, ln.unit)
        indicators.append(IndicatorRow(doc_id, "perjanjian_kinerja", "strategis", ln.goal_no,
                                       f"Sasaran {ln.goal_no}", ln.indicator_no, ln.text, unit=ln.unit,
                                       target_raw=t.raw,
                                       target_value=t.value, target_percent=t.percent, target_label=t.label,
                                       target_not_applicable=t.not_applicable, page=2, line=n + 1))
        targets.append(TargetRow(doc_id, "perjanjian_kinerja", ln.goal_no, ln.indicator_no, "annual", t.raw,
                                 t.value, t.percent, t.label, t.not_applicable, page=2, line=n + 1))
    doc = _document(doc_id, "agreement", unit, year, f"PERJANJIAN KINERJA TAHUN {year}")
    return FileResult((DocumentResult(doc, indicators=tuple(indicators), targets=tuple(targets)),))


def measurement(doc_id: str, unit: str, year: int, lines: Sequence[Line],
                kind: str = "measurement") -> FileResult:
    indicators, results = [], []
    for n, ln in enumerate(lines):
        t, r = parse_target(ln.target, ln.unit), parse_target(ln.realised, ln.unit)
        indicators.append(IndicatorRow(doc_id, "pengukuran_kinerja", None, ln.goal_no,
                                       f"Sasaran {ln.goal_no}", ln.indicator_no, ln.text, unit=ln.unit,
                                       page=1, line=n + 1))
        pct = parse_number(ln.achievement.replace("%", "").strip()) if ln.achievement else None
        results.append(ResultRow(doc_id, ln.goal_no, ln.indicator_no, "annual", t.raw, t.value, t.percent,
                                 t.label, r.raw, r.value, r.percent, r.label, ln.achievement, None, pct,
                                 page=1, line=n + 1))
    doc = _document(doc_id, kind, unit, year, f"PENGUKURAN KINERJA TAHUN {year}")
    return FileResult((DocumentResult(doc, indicators=tuple(indicators), results=tuple(results)),))


def write_parsed(folder: Path, files: Sequence[FileResult]) -> Path:
    assert store.write_output(folder, store.build_tables(files), {"seen": len(files)}) is None
    return folder


def with_own_results(agreement_file: FileResult, measurement_file: FileResult) -> FileResult:
    """An agreement file that also holds a Pengukuran Kinerja page: the measurement's indicators and
    results moved into the agreement's document."""
    a, m = agreement_file.parts[0], measurement_file.parts[0]
    doc_id = a.document.doc_id
    moved = tuple(dataclasses.replace(r, doc_id=doc_id) for r in m.indicators)
    results = tuple(dataclasses.replace(r, doc_id=doc_id) for r in m.results)
    return FileResult((dataclasses.replace(a, indicators=a.indicators + moved, results=results),))
