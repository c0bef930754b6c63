"""Pair the rows of two documents one to one, so a reworded indicator is one change, not two.

Rules run in order and never pair a row twice: first equal keys (an indicator's action-plan
number), then text similarity at or above a threshold, best pairs first. Ties go to the pair
with more support (e.g. shared matched indicators for two goals), then to document order,
so the same inputs always give the same pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import cdist


@dataclass(frozen=True)
class Match:
    old: int  # index into the old rows
    new: int  # index into the new rows
    rule: str  # ksd_no | similarity | role | ...
    similarity: float | None  # 0-100 on normalised text; None where no text is compared


def normalise(text: str | None) -> str:
    """Case, accents' compatibility forms, punctuation and spacing do not make two texts differ."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.findall(r"\w+", folded))


def similarity(old: str | None, new: str | None) -> float:
    """Percent of the normalised texts that agree (Indel ratio), one decimal."""
    return round(fuzz.ratio(normalise(old), normalise(new)), 1)


def by_key(old_keys: Sequence[Hashable | None], new_keys: Sequence[Hashable | None], rule: str,
           texts: tuple[Sequence[str | None], Sequence[str | None]] | None = None,
           floor: float | None = None) -> list[Match]:
    """Rows with the same non-null key, first with first when a key repeats. With a `floor`, two
    rows whose texts are both given and agree less than that are not paired by their key."""
    free: dict[Hashable, list[int]] = {}
    for j, key in enumerate(new_keys):
        if key is not None:
            free.setdefault(key, []).append(j)
    matches = []
    for i, key in enumerate(old_keys):
        if key is None or not free.get(key):
            continue
        for j in free[key]:
            score = similarity(texts[0][i], texts[1][j]) if texts else None
            if floor is None or texts is None or not (texts[0][i] and texts[1][j]) or \
                    (score is not None and score >= floor):
                free[key].remove(j)
                matches.append(Match(i, j, rule, score))
                break
    return matches


def by_text(old_texts: Sequence[str | None], new_texts: Sequence[str | None], threshold: float,
            taken: Sequence[Match] = (), allowed: Callable[[int, int], bool] | None = None,
            support: Callable[[int, int], int] | None = None) -> list[Match]:
    """Greedy best-first pairing of rows not yet `taken`, on similarity >= threshold."""
    used_old = {m.old for m in taken}
    used_new = {m.new for m in taken}
    olds = [i for i in range(len(old_texts)) if i not in used_old]
    news = [j for j in range(len(new_texts)) if j not in used_new]
    if not olds or not news:
        return []
    scores = cdist([normalise(old_texts[i]) for i in olds], [normalise(new_texts[j]) for j in news],
                   scorer=fuzz.ratio, processor=None)
    candidates = []
    for a, i in enumerate(olds):
        for b, j in enumerate(news):
            score = round(float(scores[a][b]), 1)
            if score >= threshold and (allowed is None or allowed(i, j)):
                candidates.append((-score, -(support(i, j) if support else 0), i, j))
    matches = []
    for negative, _, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            matches.append(Match(i, j, "similarity", -negative))
    return matches


def by_key_then_text(old_keys: Sequence[Hashable | None], new_keys: Sequence[Hashable | None],
                     texts: tuple[Sequence[str | None], Sequence[str | None]], threshold: float,
                     rule: str, *, keys_apart: bool = True, floor: float | None = None) -> list[Match]:
    """The one pairing of indicators, for the diff and for scores: equal keys first, then text
    similarity >= threshold among the rows left. `keys_apart`: two rows with different keys
    are two things (action-plan numbers) and never pair by text; without it a key is only a
    position (a table's numbering), and `floor` keeps two rows whose texts disagree from
    pairing by it."""
    matches = by_key(old_keys, new_keys, rule, texts, floor)

    def allowed(i: int, j: int) -> bool:
        return not keys_apart or old_keys[i] is None or new_keys[j] is None

    return matches + by_text(*texts, threshold, taken=matches, allowed=allowed)


Aligned = tuple[int | None, int | None, Match | None]


def align(matches: Sequence[Match], n_old: int, n_new: int) -> list[Aligned]:
    """Rows side by side in reading order: matched pairs in the new document's order; between two
    pairs, the old rows removed there, then the new rows added there."""
    by_new = {m.new: m for m in matches}
    matched_old = {m.old for m in matches}
    out: list[Aligned] = []
    added: list[Aligned] = []
    next_old = 0

    def flush(upto: int) -> None:
        nonlocal next_old
        for i in range(next_old, upto):
            if i not in matched_old:
                out.append((i, None, None))
        next_old = max(next_old, upto)
        out.extend(added)
        added.clear()

    for j in range(n_new):
        match = by_new.get(j)
        if match is None:
            added.append((None, j, None))
            continue
        flush(match.old)
        out.append((match.old, j, match))
        next_old = max(next_old, match.old + 1)
    flush(n_old)
    return out
