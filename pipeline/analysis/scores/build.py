"""The scores table of a `parsed/` folder, its findings, and writing both beside the tables.

`score` pairs every agreement's targets with their results and judges each pair; the rows go
to `scores.parquet` under `pipeline.contract.SCORES`, the findings (a written Capaian that is
not the one its numbers give, a result measured against another target than the agreement's,
a measurement no agreement is held against) to `score_findings.parquet` with the columns of
`findings`. Each file is written to a
temporary name and renamed into place, the findings first, so a reader sees either the
previous file or the new one whole.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.model.findings import Finding, info, warning
from pipeline.analysis import DEFAULT_THRESHOLD
from pipeline.analysis.problems import Problem
from pipeline.analysis.scores.direction import LOWER, direction_of
from pipeline.analysis.scores.judge import STATUSES, Value, differs, judge, other_formula
from pipeline.analysis.scores.pairing import (
    RESULT_KINDS,
    Pair,
    UnitYear,
    is_agreement,
    pair_targets,
    result_pool,
    results_by_unit,
    same_target,
    targets_of,
)
from pipeline.analysis.selection import unit_key
from pipeline.analysis.tables_io import Parsed
from pipeline.contract import CONTRACT, CONTRACT_VERSION, SCORES

SCORES_FILE = "scores.parquet"
FINDINGS_FILE = "score_findings.parquet"
SETTINGS_KEY = b"score_settings"  # scores.parquet's metadata: the ScoreSettings, as JSON


@dataclass(frozen=True)
class ScoreSettings:
    """How `score` pairs: kept in scores.parquet's metadata, so `extract` rescoring uses them again."""

    threshold: float = DEFAULT_THRESHOLD  # least similarity (0-100) of two indicator texts
    own_pages: bool = False  # also the results in the agreement's own file (see pairing)

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 100:
            raise ValueError(f"threshold must lie between 0 and 100, not {self.threshold}")

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def of_file(cls, path: Path) -> ScoreSettings:
        """The settings a scores.parquet was written with; the defaults when it says none."""
        try:
            text = (pq.read_schema(path).metadata or {}).get(SETTINGS_KEY, b"{}").decode()
            given = json.loads(text)
            return cls(**{f.name: given[f.name] for f in dataclasses.fields(cls) if f.name in given})
        except (OSError, pa.ArrowException, ValueError, TypeError):
            return cls()


@dataclass(frozen=True)
class Scored:
    rows: tuple[dict[str, Any], ...]
    findings: tuple[tuple[str, Finding], ...]  # (doc_id of the document it is about, finding)
    settings: ScoreSettings = ScoreSettings()

    def counts(self) -> Counter[str]:
        return Counter(r["status"] for r in self.rows)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _findings(pair: Pair, row: dict[str, Any]) -> list[tuple[str, Finding]]:
    result = pair.result
    if result is None:
        return []
    out = []
    r, ind = result.row, pair.target.indicator
    where = (r.get("page"), r.get("line"))
    name = f"indicator {ind['goal_no']}.{ind['indicator_no']} ({ind.get('indicator') or 'no text'})"
    written, computed = row["achievement_written"], row["achievement_pct"]
    if written is not None and computed is not None and differs(written, computed, r.get("achievement_raw")):
        formula = ("target ÷ realised × 100" if row["direction"] == LOWER else "realised ÷ target × 100")
        why = ""
        if row["direction"] == LOWER and other_formula(row["target_value"], row["realised_value"], written,
                                                       r.get("achievement_raw")):
            why = "; the document computes (2 × target − realised) ÷ target, another rule for lower-is-better"
        out.append((result.doc.doc_id, warning(
            "score_achievement_differs",
            f"{name} of {pair.target.doc.label}: Capaian written "
            f"{r.get('achievement_raw') or _fmt(written)}, "
            f"but {formula} gives {_fmt(computed)} ({row['direction']}: {row['direction_rule']}){why}",
            *where)))
    theirs = r.get("target_raw")
    ours = pair.target.value
    if theirs and not same_target(ours, r):
        out.append((result.doc.doc_id, warning(
            "score_target_differs",
            f"{name} of {pair.target.doc.label}: the agreement's {pair.target.period} target is "
            f"{ours.raw!r}, the results measure against {theirs!r}; scored against the agreement's",
            *where)))
    return out


def _row(pair: Pair) -> dict[str, Any]:
    target, result = pair.target, pair.result
    doc, ind = target.doc.document, target.indicator
    res_ind = result.indicator if result else None
    way = direction_of(ind.get("indicator"), ind.get("unit") or (res_ind or {}).get("unit"),
                       target.value.label)
    r = result.row if result else {}
    realised = (Value(r.get("realised_raw"), r.get("realised_value"), r.get("realised_label"))
                if result else None)
    verdict = judge(target.value, realised, way.direction)
    return {
        "doc_id": doc["doc_id"], "goal_no": ind["goal_no"], "indicator_no": ind["indicator_no"],
        "year": doc.get("year"), "unit": doc.get("unit"), "region_code": doc.get("region_code"),
        "period": target.period,
        "result_doc_id": result.doc.doc_id if result else None,
        "result_goal_no": r.get("goal_no"), "result_indicator_no": r.get("indicator_no"),
        "match": pair.match, "similarity": pair.similarity,
        "target_value": target.value.value, "realised_value": r.get("realised_value"),
        "direction": way.direction, "direction_rule": way.rule,
        "achievement_pct": verdict.achievement_pct, "achievement_written": r.get("achievement_pct"),
        "status": verdict.status,
    }


def score(parsed: Parsed, settings: ScoreSettings = ScoreSettings()) -> Scored:
    """Every agreement's targets against the results of its unit and year, in doc_id order."""
    by_unit = results_by_unit(parsed)
    rows: list[dict[str, Any]] = []
    findings: list[tuple[str, Finding]] = []
    scored_units: set[UnitYear] = set()
    for doc in parsed.docs:
        if not is_agreement(doc):
            continue
        targets = targets_of(doc)
        if not targets:
            continue
        scored_units.add((*unit_key(doc), doc.document.get("year")))
        pool = result_pool(doc, by_unit, settings.own_pages)
        for pair in pair_targets(targets, pool, settings.threshold):
            row = _row(pair)
            rows.append(row)
            findings += _findings(pair, row)
    return Scored(tuple(rows), tuple(findings + _unpaired(parsed, scored_units)), settings)


def _unpaired(parsed: Parsed, scored_units: set[UnitYear]) -> list[tuple[str, Finding]]:
    """A measurement or report whose results no agreement of the batch is held against, and why."""
    out = []
    for doc in parsed.docs:
        d = doc.document
        if d.get("kind") not in RESULT_KINDS or not doc.results:
            continue
        if not d.get("unit") or not d.get("year"):
            why = f"its {'unit' if not d.get('unit') else 'year'} was not read"
        elif (*unit_key(doc), d["year"]) in scored_units:
            continue
        else:
            why = (f"the batch holds no agreement with targets of {d['unit']} "
                   f"({d.get('region_code') or 'no region code'}) for {d['year']}")
        n = len(doc.results)
        out.append((doc.doc_id, info("score_results_unpaired",
                                     f"{doc.label}: no agreement is held against its {n} "
                                     f"result{'s' if n != 1 else ''}: {why}")))
    return out


def schema(columns: tuple[tuple[str, pa.DataType, bool], ...], settings: ScoreSettings) -> pa.Schema:
    return pa.schema([pa.field(n, t, nullable=not r) for n, t, r in columns],
                     metadata={"contract_version": CONTRACT_VERSION, SETTINGS_KEY: settings.to_json()})


def scores_table(scored: Scored) -> pa.Table:
    return pa.Table.from_pylist([dict(r) for r in scored.rows], schema=schema(SCORES, scored.settings))


def findings_table(scored: Scored) -> pa.Table:
    rows = [{"doc_id": doc_id, "severity": f.severity, "code": f.code, "message": f.message,
             "page": f.page, "line": f.line} for doc_id, f in scored.findings]
    return pa.Table.from_pylist(rows, schema=schema(CONTRACT["findings"], scored.settings))


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        pq.write_table(table, tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_scores(folder: Path, scored: Scored) -> Problem | None:
    """scores.parquet and score_findings.parquet into `folder`, each whole or not at all. The
    caller holds the folder's lock (`extract`'s), so no run swaps the folder meanwhile."""
    try:
        _write_atomic(findings_table(scored), folder / FINDINGS_FILE)
        _write_atomic(scores_table(scored), folder / SCORES_FILE)
    except OSError as exc:
        return Problem(f"the scores could not be written into {folder} ({exc.strerror or exc}); "
                       f"the previous {SCORES_FILE}, if any, is untouched.")
    return None


def summary(scored: Scored) -> str:
    counts = scored.counts()
    agreements = len({r["doc_id"] for r in scored.rows})
    parts = ", ".join(f"{status} {counts[status]}" for status in STATUSES)
    return f"targets scored: {len(scored.rows)}, of {agreements} agreements ({parts})"
