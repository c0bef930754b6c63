"""Corrections applied to freshly extracted rows (the seed rendering, a bundled PDF): what lands,
what is re-derived, what is reported, and what is left alone.

Values read off the documents: the seed's rencana_kinerja goal 1 Q1 target is `N/A` (unit
Indeks), its perjanjian_kinerja goal 1 target `86` and goal 2 target `100%`, its second party
`Anies Rasyid Baswedan, Ph.D`; the bundled PDF's second agreement (page 2, Kepala Seksi
Perlindungan) budgets program 1 at `1.674.900.000`, its first, `3.582.684.500`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractors.extract import extract_file
from extractors.model.records import DocumentResult, FileResult
from extractors.model.settings import Settings
from pipeline.corrections.apply import Applier, Tally, apply_document
from pipeline.corrections.model import Correction
from tests.paths import REALWORLD, REALWORLD_REASON, SHARED

SEED = SHARED / "seeds" / "000_5f40e461a794e47d.txt"
BUNDLE = REALWORLD / "jabar_disparbud_museum_pk2016_multi.pdf"
WHEN = "2026-12-02T17:40:05Z"


def read(path: Path) -> FileResult:
    if not path.exists():
        pytest.skip(REALWORLD_REASON)
    return extract_file(path.read_bytes(), path.name, Settings())


@pytest.fixture(scope="module")
def seed() -> DocumentResult:
    return read(SEED).parts[0]


def fix(doc: DocumentResult, table: str, key: str, column: str, extracted: str | None,
        corrected: str | None, action: str = "correct") -> Correction:
    return Correction(doc.document.doc_id, doc.document.source_file, table, key, column, extracted,
                      corrected, action, "ana", WHEN, "")


def one(rows: tuple, **where: object) -> object:
    found = [r for r in rows if all(getattr(r, k) == v for k, v in where.items())]
    assert len(found) == 1, where
    return found[0]


def codes(doc: DocumentResult) -> list[str]:
    return [f.code for f in doc.findings]


def test_a_target_text_corrected_re_derives_its_value(seed: DocumentResult) -> None:
    tally = Tally()
    out = apply_document(seed, [fix(seed, "targets", "rencana_kinerja/1/1/Q1", "raw", "N/A", "90")], tally)
    before = one(seed.targets, form="rencana_kinerja", goal_no=1, indicator_no=1, period="Q1")
    after = one(out.targets, form="rencana_kinerja", goal_no=1, indicator_no=1, period="Q1")
    assert (before.raw, before.value, before.not_applicable) == ("N/A", None, True)
    assert (after.raw, after.value, after.percent, after.not_applicable) == ("90", 90.0, False, False)
    assert codes(out) == [*codes(seed), "corrected"] and tally.applied == 1
    assert out.findings[-1].severity == "info" and "'N/A' to '90' by ana" in out.findings[-1].message


def test_the_annual_target_and_its_indicator_move_together_and_a_derived_column_wins(
        seed: DocumentResult) -> None:
    out = apply_document(seed, [
        fix(seed, "indicators", "perjanjian_kinerja/2/1", "target_value", "100", "96"),
        fix(seed, "targets", "perjanjian_kinerja/2/1/annual", "raw", "100%", "95%"),
    ], Tally())
    target = one(out.targets, form="perjanjian_kinerja", goal_no=2, indicator_no=1, period="annual")
    indicator = one(out.indicators, form="perjanjian_kinerja", goal_no=2, indicator_no=1)
    assert (target.raw, target.value, target.percent) == ("95%", 95.0, True)
    assert (indicator.target_raw, indicator.target_percent) == ("95%", True)
    assert indicator.target_value == 96.0  # typed by the reviewer, after the raw text's 95
    assert codes(out).count("corrected") == 2


def test_a_list_column_and_a_cleared_value(seed: DocumentResult) -> None:
    out = apply_document(seed, [
        fix(seed, "parties", "second", "degrees", "Ph.D", "Ph.D; M.A."),
        fix(seed, "documents", seed.document.doc_id, "signed_place", seed.document.signed_place, None),
    ], Tally())
    assert one(out.parties, role="second").degrees == ("Ph.D", "M.A.")
    assert seed.document.signed_place is not None and out.document.signed_place is None


def test_what_extraction_now_reads_by_itself_needs_nothing(seed: DocumentResult) -> None:
    tally = Tally()
    out = apply_document(seed, [fix(seed, "indicators", "perjanjian_kinerja/1/1", "target_raw", "88", "86"),
                                fix(seed, "indicators", "perjanjian_kinerja/1/1", "target_raw", "86", "86",
                                    action="confirm")], tally)
    assert out == seed
    assert (tally.already_right, tally.confirmed, tally.applied, tally.stale) == (1, 1, 0, 0)


def test_a_key_that_names_two_rows_is_stale_not_guessed(seed: DocumentResult) -> None:
    budget = seed.budgets[0]
    doubled = replace(seed, budgets=(budget, budget))
    tally = Tally()
    key = f"{budget.form}/{budget.program_no}"
    wrong = fix(seed, "budgets", key, "amount_idr", str(budget.amount_idr), "1")
    out = apply_document(doubled, [wrong], tally)
    assert [b.amount_idr for b in out.budgets] == [budget.amount_idr] * 2
    assert codes(out)[-1] == "correction_stale" and "now names 2 rows" in out.findings[-1].message
    assert out.findings[-1].severity == "warning" and tally.stale == 1


def test_a_bundle_corrects_only_the_agreement_named() -> None:
    bundle = read(BUNDLE)
    second = bundle.parts[1]
    assert second.document.doc_id.endswith("-2")
    applier = Applier([fix(second, "budgets", "perjanjian_kinerja/1", "amount_idr", "1.674.900.000",
                           "1674900001")])
    out = applier.file(bundle)
    assert [p.budgets[0].amount_idr for p in out.parts] == [3582684500, 1674900001, 1907784500]
    assert [codes(p).count("corrected") for p in out.parts] == [0, 1, 0]
    assert applier.left_over() == []
