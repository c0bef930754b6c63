"""Scoring extracted rows against values read off a real file's pages (tests/data/realworld/*.json).

The measure the issues quote: the share of expected rows found (by key) and,
within found rows, the share of fields right. Texts are compared after
normalising case, spacing and punctuation, and count as right at a token-set
similarity of 90 or more (scans keep a stray mark); numbers, flags, NIPs and
amounts must be equal.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex as re
from rapidfuzz import fuzz

from extractors.model.records import DocumentResult, FileResult

TRUTH = Path(__file__).resolve().parent / "data" / "realworld"

_TEXT_FIELDS = {"title", "unit", "province", "regency", "signed_place", "name", "position", "rank",
                "goal", "indicator", "program", "funding_source", "target_raw", "issuer",
                "activity", "output", "output_target", "steps", "responsible",
                "realised_raw", "achievement_raw", "target_label", "realised_label"}
FIELDS: dict[str, tuple[str, ...]] = {
    "documents": ("kind", "title", "year", "unit", "province", "regency", "signed_place", "signed_date"),
    "parties": ("name", "degrees", "position", "nip", "rank", "acting"),
    "indicators": ("goal_no", "goal", "indicator", "target_raw", "target_value", "target_percent",
                   "unit", "Q1", "Q2", "Q3", "Q4"),
    "budgets": ("program", "amount_idr", "funding_source"),
    # an action plan's activities (issue 16), keyed (goal_no, indicator_no, action_no)
    "actions": ("program", "activity", "output", "output_target", "steps", "quarters", "budget_idr",
                "responsible"),
    # one row per measured indicator per period, keyed (goal_no, indicator_no, period)
    "results": ("target_raw", "target_value", "target_percent", "target_label", "realised_raw",
                "realised_value", "realised_percent", "realised_label", "achievement_raw",
                "achievement_pct", "realised_budget_idr", "page"),
}
_OPTIONAL = {"kind"}  # scored where the truth records it (files read since the kinds were added)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\p{L}\p{N}%/.,]+", " ", text)
    return " ".join(text.split()).strip(" .,")


def same(name: str, want: Any, got: Any) -> bool:
    if want is None or got is None:
        return want is None and (got is None or got == "" or got == [] or got == ())
    if name == "quarters":
        return list(want) == list(got)
    if name == "degrees":
        return [_norm(d).rstrip(".") for d in want] == [_norm(d).rstrip(".") for d in got]
    if name in _TEXT_FIELDS or name in {"Q1", "Q2", "Q3", "Q4"}:
        a, b = _norm(str(want)), _norm(str(got))
        return a == b or (len(a) > 20 and fuzz.token_set_ratio(a, b) >= 90
                          and fuzz.ratio(a, b) >= 80)
    if isinstance(want, float) or isinstance(got, float):
        return abs(float(want) - float(got)) < 1e-6 * max(1.0, abs(float(want)))
    if isinstance(got, dt.date):
        return got.isoformat() == want
    return bool(want == got)


@dataclass
class Score:
    rows_expected: int = 0
    rows_found: int = 0
    rows_extra: int = 0
    fields_expected: int = 0
    fields_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.rows_expected += other.rows_expected
        self.rows_found += other.rows_found
        self.rows_extra += other.rows_extra
        self.fields_expected += other.fields_expected
        self.fields_right += other.fields_right
        self.misses.extend(other.misses)

    @property
    def rows(self) -> float:
        """Rows found, counted against rows expected plus rows that should not be there."""
        total = self.rows_expected + self.rows_extra
        return self.rows_found / total if total else 1.0

    @property
    def fields(self) -> float:
        return self.fields_right / self.fields_expected if self.fields_expected else 1.0

    def line(self) -> str:
        return (f"rows {self.rows_found}/{self.rows_expected} (+{self.rows_extra} extra) "
                f"{self.rows:.0%}, fields {self.fields_right}/{self.fields_expected} {self.fields:.0%}")


def load_truth(name: str) -> dict[str, Any]:
    return json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))


def _got_rows(part: DocumentResult, table: str) -> dict[tuple, dict[str, Any]]:
    if table == "documents":
        return {(): vars(part.document)}
    if table == "parties":
        return {(p.role,): vars(p) for p in part.parties}
    if table == "budgets":
        return {(b.program_no,): vars(b) for b in part.budgets}
    if table == "actions":
        return {(a.goal_no, a.indicator_no, a.action_no): vars(a) for a in part.actions}
    if table == "results":
        return {(r.goal_no, r.indicator_no, r.period): vars(r) for r in part.results}
    quarters: dict[tuple, dict[str, str | None]] = {}
    for t in part.targets:
        if t.period != "annual":
            quarters.setdefault((t.form, t.goal_no, t.indicator_no), {})[t.period] = t.raw
    return {(i.form, i.goal_no, i.indicator_no): {**vars(i), **quarters.get(
        (i.form, i.goal_no, i.indicator_no), {})} for i in part.indicators}


def _want_rows(agreement: dict[str, Any], table: str) -> dict[tuple, dict[str, Any]]:
    if table == "documents":
        return {(): {"kind": "agreement", **agreement}}  # a truth file names other kinds only
    if table == "parties":
        return {(p["role"],): p for p in agreement.get("parties", [])}
    if table == "budgets":
        return {(b["program_no"],): b for b in agreement.get("budgets", [])}
    if table == "actions":
        return {(a["goal_no"], a["indicator_no"], a["action_no"]): a for a in agreement.get("actions", [])}
    if table == "results":
        return {(r["goal_no"], r["indicator_no"], r["period"]): r for r in agreement.get("results", [])}
    return {(i["form"], i["goal_no"], i["indicator_no"]): {**i, **(i.get("quarters") or {})}
            for i in agreement["indicators"]}


def score_part(part: DocumentResult | None, agreement: dict[str, Any], label: str) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for table, names in FIELDS.items():
        s = Score()
        want = _want_rows(agreement, table)
        got = _got_rows(part, table) if part is not None else {}
        s.rows_expected = len(want)
        s.rows_extra = len(set(got) - set(want))
        for key, row in want.items():
            if key not in got:
                s.misses.append(f"{label} {table} {key}: missing")
                continue
            s.rows_found += 1
            for name in names:
                if name in {"Q1", "Q2", "Q3", "Q4"} and not row.get("quarters"):
                    continue
                if name in _OPTIONAL and name not in row:
                    continue
                s.fields_expected += 1
                if same(name, row.get(name), got[key].get(name)):
                    s.fields_right += 1
                else:
                    s.misses.append(f"{label} {table} {key} {name}: want {row.get(name)!r} "
                                    f"got {got[key].get(name)!r}")
        scores[table] = s
    return scores


def score_file(result: FileResult, truth: dict[str, Any]) -> dict[str, Score]:
    """Per table, over every agreement of the file (parts matched in file order)."""
    total = {table: Score() for table in FIELDS}
    agreements = truth["agreements"]
    for k, agreement in enumerate(agreements):
        part = result.parts[k] if k < len(result.parts) else None
        for table, s in score_part(part, agreement, f"part {k + 1}").items():
            total[table].add(s)
    extra_parts = result.parts[len(agreements):] if agreements else ()
    for part in extra_parts:
        if part.document.status != "failed":
            total["documents"].rows_extra += 1
    return total


def overall(scores: dict[str, Score]) -> Score:
    s = Score()
    for table_score in scores.values():
        s.add(table_score)
    return s
