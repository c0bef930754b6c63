"""Whether more is better for an indicator, and the rule that says so, from its text, unit and target.

Most indicators grow towards their target (a percentage served, an index). Some shrink
towards it: a death rate, a prevalence, the poor, the unemployed, audit findings, cases. An
indicator that measures the *reduction* of such a thing, or the follow-up of findings, grows
again. Rules run in order; the first that holds decides, and its words go to `direction_rule`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.analysis.matching import normalise

HIGHER = "higher_is_better"
LOWER = "lower_is_better"


@dataclass(frozen=True)
class Direction:
    direction: str  # HIGHER | LOWER
    rule: str  # why, in words


# A target written as a ceiling or a floor says it outright.
CEILINGS = {"≤": LOWER, "<": LOWER, "maks": LOWER, "max": LOWER, "≥": HIGHER, ">": HIGHER, "min": HIGHER}

# What is measured is a reduction or the handling of something bad: more of it is better.
REDUCTION = re.compile(
    r"\b(penurunan|menurun\w*|pengurangan|berkurang\w*|turunnya|tindak lanjut|ditindaklanjuti|"
    r"penyelesaian|diselesaikan|terselesaikan\w*|penanganan|ditangani|tertangani|pencegahan|"
    r"pengendalian|penanggulangan|bebas)\b")

# Units counted where fewer is better.
LOWER_UNITS = {"temuan": "unit Temuan", "kasus": "unit Kasus", "kejadian": "unit Kejadian",
               "pelanggaran": "unit Pelanggaran"}

# Words naming a thing of which less is better, with the rule's words.
LOWER_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), rule) for pattern, rule in (
        (r"\bprevalensi\b", "the indicator names a prevalence"),
        (r"\b(angka|rasio|tingkat) kematian\b|\bkematian\b|\bmortalitas\b",
         "the indicator names a death rate"),
        (r"\bkemiskinan\b|\bmiskin\b", "the indicator names poverty"),
        (r"\bpengangguran\b", "the indicator names unemployment"),
        (r"\btemuan\b", "the indicator counts findings"),
        (r"\bkasus\b", "the indicator counts cases"),
        (r"\bstunting\b|\bgizi buruk\b|\bwasting\b", "the indicator names malnutrition"),
        (r"\b(angka )?kesakitan\b|\binsiden\w*\b|\binsidensi\b", "the indicator names an incidence"),
        (r"\bgini\b|\bketimpangan\b", "the indicator names inequality"),
        (r"\binflasi\b", "the indicator names inflation"),
        (r"\bkecelakaan\b", "the indicator counts accidents"),
        (r"\bpelanggaran\b", "the indicator counts violations"),
        (r"\bkriminalitas\b|\bkejahatan\b", "the indicator names crime"),
        (r"\bputus sekolah\b", "the indicator names school dropouts"),
        (r"\bbuta (huruf|aksara)\b", "the indicator names illiteracy"),
        (r"\bgenangan\b", "the indicator names flooded areas"),
        (r"\bkemacetan\b", "the indicator names congestion"),
    ))

DEFAULT = Direction(HIGHER, "no word of a lower-is-better indicator")


def direction_of(indicator: str | None, unit: str | None, target_label: str | None = None) -> Direction:
    """The direction of one indicator; `target_label` is the target's comparator, if any (`≤`)."""
    label = (target_label or "").strip().lower().rstrip(".")
    for word, direction in CEILINGS.items():
        if label.startswith(word):
            return Direction(direction, f"the target is written {target_label.strip()}")  # type: ignore[union-attr]
    text = normalise(indicator)
    reduction = REDUCTION.search(text)
    unit_word = normalise(unit)
    if unit_word in LOWER_UNITS and not reduction:
        return Direction(LOWER, LOWER_UNITS[unit_word])
    for pattern, rule in LOWER_WORDS:
        if pattern.search(text):
            if reduction:
                return Direction(HIGHER, f"the indicator measures a reduction or follow-up "
                                         f"({reduction.group(0)}) of what it names")
            return Direction(LOWER, rule)
    return DEFAULT
