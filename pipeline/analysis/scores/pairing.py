"""Which result answers which agreement target: the same unit, the same year, the same indicator.

A unit is the same as the diff has it (`selection.unit_key`: region code and normalised name).
The results of an agreement are those of the measurement and report documents (`kind`
`measurement`, `report`) of its unit and year. Where the batch has no such document,
the results rows inside the agreement's own file: those whose table names the agreement's year
(`results.year`, from `PENGUKURAN KINERJA TAHUN 2023` or `Realisasi 2023`); with `own_pages`
also those naming no year. A page naming another year is never used: a PK's Pengukuran Kinerja
page usually measures the year before (sulut_dkips_pk2021_draft.pdf, a 2021 PK, measures 2020
on its page 4, against the same 100 % targets). Own results count only where their target is
the agreement's own. Within a period the agreement's
indicators are paired with the results by `matching.by_key_then_text`, the diff's pairing:
equal numbers (goal, indicator) first, unless their texts disagree, then text similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.analysis.matching import by_key_then_text
from pipeline.analysis.scores.judge import Value, grade
from pipeline.analysis.selection import unit_key
from pipeline.analysis.tables_io import DocRows, Parsed, Row

AGREEMENT_FORMS = ("perjanjian_kinerja", "rencana_kinerja")  # the first that carries targets
RESULT_KINDS = ("measurement", "report")
RESULT_FORM = "pengukuran_kinerja"
NUMBER_FLOOR = 60.0  # two indicators numbered alike whose texts agree less than this are two
PERIODS = ("annual", "Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class Target:
    """One agreement indicator's target in one period."""

    doc: DocRows
    indicator: Row
    period: str
    value: Value


@dataclass(frozen=True)
class Candidate:
    """One results row that may answer a target, with the text of its indicator."""

    doc: DocRows
    row: Row
    indicator: Row | None

    @property
    def key(self) -> tuple[int, int] | None:
        g, i = self.row.get("goal_no"), self.row.get("indicator_no")
        return None if g is None or i is None else (g, i)


@dataclass(frozen=True)
class Pair:
    target: Target
    result: Candidate | None
    match: str | None  # number | similarity
    similarity: float | None


def has_value(value: Value) -> bool:
    return value.value is not None or value.label is not None


def targets_of(doc: DocRows) -> list[Target]:
    """The indicators' targets of the agreement's first table that has any, by period then order."""
    for form in AGREEMENT_FORMS:
        rows = [r for r in doc.indicators if r["form"] == form]
        periods: dict[tuple[Any, Any], dict[str, Value]] = {}
        for t in doc.targets:
            if t["form"] == form and not t.get("not_applicable"):
                value = Value(t.get("raw"), t.get("value"), t.get("label"))
                if has_value(value):
                    periods.setdefault((t["goal_no"], t["indicator_no"]), {})[t["period"]] = value
        found = []
        for row in rows:
            own = periods.get((row["goal_no"], row["indicator_no"]), {})
            if not own and not row.get("target_not_applicable"):  # the table's one target column
                value = Value(row.get("target_raw"), row.get("target_value"), row.get("target_label"))
                own = {"annual": value} if has_value(value) else {}
            found += [Target(doc, row, period, value) for period, value in own.items()]
        if found:
            order = {p: n for n, p in enumerate(PERIODS)}
            return sorted(found, key=lambda t: order.get(t.period, len(order)))  # stable: table order
    return []


def is_agreement(doc: DocRows) -> bool:
    return doc.document.get("kind") in ("agreement", None) and doc.document["status"] != "failed"


def _candidates(doc: DocRows) -> list[Candidate]:
    texts = {(r["goal_no"], r["indicator_no"]): r for r in doc.indicators if r["form"] == RESULT_FORM}
    return [Candidate(doc, r, texts.get((r["goal_no"], r["indicator_no"]))) for r in doc.results]


UnitYear = tuple[str, str, int | None]  # region code, normalised unit name, year


def result_pool(doc: DocRows, docs_by_unit: dict[UnitYear, list[DocRows]], own_pages: bool = False
                ) -> list[Candidate]:
    """The results an agreement's targets are held against (see the module docstring): its
    unit's measurement documents of its year, else its own file's results of its year (of no
    named year too with `own_pages`)."""
    year = doc.document.get("year")
    others = docs_by_unit.get((*unit_key(doc), year), [])
    pool = [c for other in others for c in _candidates(other)]
    own = [c for c in _candidates(doc) if (c.row.get("year") is not None and c.row.get("year") == year)
           or (own_pages and c.row.get("year") is None)]
    return pool or own


def results_by_unit(parsed: Parsed) -> dict[UnitYear, list[DocRows]]:
    grouped: dict[UnitYear, list[DocRows]] = {}
    for doc in parsed.docs:
        if doc.document.get("kind") in RESULT_KINDS and doc.results and doc.document.get("unit"):
            grouped.setdefault((*unit_key(doc), doc.document.get("year")), []).append(doc)
    return grouped


def same_target(target: Value, row: Row) -> bool:
    theirs = Value(row.get("target_raw"), row.get("target_value"), row.get("target_label"))
    return target.value == theirs.value and grade(target.label) == grade(theirs.label)


def pair_targets(targets: Sequence[Target], pool: Sequence[Candidate], threshold: float) -> list[Pair]:
    """Every target with its result (or none), period by period, in the targets' order."""
    pairs: dict[int, Pair] = {}
    for period in dict.fromkeys(t.period for t in targets):
        mine = [n for n, t in enumerate(targets) if t.period == period]
        theirs = [c for c in pool if c.row["period"] == period]
        keys_a = [_key(targets[n].indicator) for n in mine]
        texts_a = [targets[n].indicator.get("indicator") for n in mine]
        texts_r = [c.indicator.get("indicator") if c.indicator else None for c in theirs]
        matches = by_key_then_text(keys_a, [c.key for c in theirs], (texts_a, texts_r), threshold,
                                   "number", keys_apart=False, floor=NUMBER_FLOOR)
        for m in matches:
            target, result = targets[mine[m.old]], theirs[m.new]
            if result.doc.doc_id == target.doc.doc_id and not same_target(target.value, result.row):
                continue  # the agreement's own Pengukuran Kinerja page, of another year
            pairs[mine[m.old]] = Pair(target, result, m.rule, m.similarity)
    return [pairs.get(n, Pair(t, None, None, None)) for n, t in enumerate(targets)]


def _key(row: Row) -> tuple[int, int] | None:
    g, i = row.get("goal_no"), row.get("indicator_no")
    return None if g is None or i is None else (g, i)
