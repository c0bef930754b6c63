"""One target against one realisation: the achievement in percent and whether the target was met.

Numbers: realised ÷ target × 100, or target ÷ realised × 100 where lower is better; met when
the realisation reaches the target (or stays at or under it). Labels (`WTP`, `A`): met when
equal; within a known order (SAKIP grades AA > A > BB > B > CC > C > D; BPK opinions
WTP > WDP > TW > TMP) met when the realisation ranks at least as high. Anything else (a
number against a label, an unparsed cell) is not comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.analysis.scores.direction import CEILINGS, LOWER

MET, NOT_MET, NO_RESULT, NOT_COMPARABLE = "met", "not_met", "no_result", "not_comparable"
STATUSES = (MET, NOT_MET, NOT_COMPARABLE, NO_RESULT)

GRADE_ORDERS: tuple[tuple[str, ...], ...] = (
    ("AA", "A", "BB", "B", "CC", "C", "D"),  # SAKIP evaluation grades, best first
    ("WTP", "WDP", "TW", "TMP"),  # BPK audit opinions, best first
)
LONG_LABELS = {"WAJAR TANPA PENGECUALIAN": "WTP", "WAJAR DENGAN PENGECUALIAN": "WDP",
               "TIDAK WAJAR": "TW", "TIDAK MEMBERIKAN PENDAPAT": "TMP",
               "TIDAK MENYATAKAN PENDAPAT": "TMP", "DISCLAIMER": "TMP"}


@dataclass(frozen=True)
class Value:
    """A target or realisation cell as the tables hold it."""

    raw: str | None
    value: float | None
    label: str | None

    @property
    def empty(self) -> bool:
        return self.value is None and self.label is None and not (self.raw or "").strip()


@dataclass(frozen=True)
class Verdict:
    achievement_pct: float | None
    status: str


def grade(label: str | None) -> str | None:
    """A label as a grade to compare (`Opini WTP` → `WTP`); None for none or a comparator (`≥`)."""
    if not label:
        return None
    text = " ".join(re.sub(r"[^\w+]", " ", label.upper()).split())
    if not text or any(label.strip().lower().startswith(c) for c in CEILINGS):
        return None
    text = text.removeprefix("OPINI ").removeprefix("PREDIKAT ").removeprefix("NILAI ")
    return LONG_LABELS.get(text, text)


def _rank(label: str) -> tuple[int, int] | None:
    for n, order in enumerate(GRADE_ORDERS):
        if label in order:
            return n, order.index(label)
    return None


def _by_label(target: str, realised: str) -> str:
    if target == realised:
        return MET
    t, r = _rank(target), _rank(realised)
    if t is None or r is None or t[0] != r[0]:
        return NOT_COMPARABLE
    return MET if r[1] <= t[1] else NOT_MET


def achievement(target: float, realised: float, direction: str) -> float | None:
    """Percent, two decimals; None where it would divide by zero."""
    numerator, denominator = (target, realised) if direction == LOWER else (realised, target)
    return None if denominator == 0 else round(numerator / denominator * 100, 2)


def judge(target: Value, realised: Value | None, direction: str) -> Verdict:
    if realised is None or realised.empty:
        return Verdict(None, NO_RESULT)
    both_numbers = target.value is not None and realised.value is not None
    pct = achievement(target.value, realised.value, direction) if both_numbers else None  # type: ignore[arg-type]
    t_grade, r_grade = grade(target.label), grade(realised.label)
    if t_grade and r_grade:
        return Verdict(pct, _by_label(t_grade, r_grade))
    if (t_grade or r_grade) and not both_numbers:
        return Verdict(None, NOT_COMPARABLE)
    if not both_numbers:
        return Verdict(None, NOT_COMPARABLE)
    reached = realised.value <= target.value if direction == LOWER else realised.value >= target.value  # type: ignore[operator]
    return Verdict(pct, MET if reached else NOT_MET)


def written_decimals(raw: str | None) -> int:
    """Decimals the document wrote its Capaian with (`105,3 %` → 1; `98` → 0)."""
    m = re.search(r"\d[.,](\d{1,2})(?![\d.,])", raw or "")  # 3 digits after a dot: thousands
    return len(m.group(1)) if m else 0


def differs(written: float, computed: float, raw: str | None) -> bool:
    """More apart than the document's rounding (half its last decimal) plus a hair for its inputs'."""
    return abs(written - computed) > 0.5 * 10 ** -written_decimals(raw) + 0.01


def other_formula(target: float, realised: float, written: float, raw: str | None) -> bool:
    """The written Capaian follows (2 × target − realised) ÷ target, the formula some reports use
    for an indicator where lower is better."""
    return target != 0 and not differs(written, (2 * target - realised) / target * 100, raw)
