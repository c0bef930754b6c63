"""Which documents a diff compares: one named by file or doc_id, or every unit's agreement of one
year paired with the same unit's agreement of another.

A unit is the same across years when its region code and its name after normalisation agree
(`Kota Administrasi Jakarta Barat` = `KOTA ADMINISTRASI JAKARTA BARAT`). A unit with several
agreements in a year (a bundled file: the head's and each section head's) is told apart by the
first party's position; what still cannot be paired is listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.analysis.matching import normalise
from pipeline.analysis.problems import Problem, listing
from pipeline.analysis.tables_io import DocRows, Parsed


@dataclass(frozen=True)
class Pairing:
    pairs: tuple[tuple[DocRows, DocRows, str], ...]  # old, new, the rule that paired them
    only_old: tuple[DocRows, ...]  # a unit's agreement in the old year only
    only_new: tuple[DocRows, ...]
    unpaired: tuple[str, ...]  # why a unit's agreements were left out, one sentence each


def _named(doc: DocRows) -> str:
    return f"{doc.label} ({doc.doc_id})"


def resolve(name: str, parsed: Parsed) -> DocRows | Problem:
    """The one document `name` means: its doc_id, its source file (whole path or file name),
    or a unique start of a doc_id."""
    docs = parsed.docs
    exact = [d for d in docs if d.doc_id == name]
    if exact:
        return exact[0]
    by_file = [d for d in docs if d.document["source_file"] == name] or \
        [d for d in docs if d.document["source_file"].rsplit("/", 1)[-1] == name]
    candidates = by_file or [d for d in docs if d.doc_id.startswith(name)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return Problem(f"no document in {parsed.folder} is named {name!r}; "
                       f"documents: {listing([_named(d) for d in docs]) or 'none'}.")
    return Problem(f"{name!r} names {len(candidates)} documents, name one by its doc_id: "
                   f"{listing([_named(d) for d in candidates])}.")


def unit_key(doc: DocRows) -> tuple[str, str]:
    return (doc.document.get("region_code") or "", normalise(doc.document.get("unit")))


def _position(doc: DocRows) -> str:
    first = [p for p in doc.parties if p["role"] == "first"]
    return normalise(first[0]["position"]) if first else ""


def _of_year(docs: Sequence[DocRows], year: int, unit: str | None) -> dict[tuple[str, str], list[DocRows]]:
    wanted = normalise(unit) if unit else None
    grouped: dict[tuple[str, str], list[DocRows]] = {}
    for doc in docs:
        if doc.document.get("year") != year or not doc.document.get("unit"):
            continue
        key = unit_key(doc)
        if wanted is None or wanted in key[1]:
            grouped.setdefault(key, []).append(doc)
    return grouped


def _pair_unit(olds: list[DocRows], news: list[DocRows], years: tuple[int, int]) -> Pairing:
    """Pairs within one unit; several agreements a year are told apart by the first party's position."""
    if len(olds) == 1 and len(news) == 1:
        return Pairing(((olds[0], news[0], "unit"),), (), (), ())
    by_position: dict[str, tuple[list[DocRows], list[DocRows]]] = {}
    for doc in olds:
        by_position.setdefault(_position(doc), ([], []))[0].append(doc)
    for doc in news:
        by_position.setdefault(_position(doc), ([], []))[1].append(doc)
    pairs, only_old, only_new, unpaired = [], [], [], []
    for o, n in by_position.values():
        if len(o) == 1 and len(n) == 1:
            pairs.append((o[0], n[0], "unit+position"))
        elif not n:
            only_old += o
        elif not o:
            only_new += n
        else:
            unpaired.append(
                f"{o[0].document['unit']} has {len(o)} agreements in {years[0]} and {len(n)} in "
                f"{years[1]} with the same first party's position, so they are not compared; "
                f"compare two by name: {listing([_named(d) for d in [*o, *n]])}.")
    return Pairing(tuple(pairs), tuple(only_old), tuple(only_new), tuple(unpaired))


def pair_years(parsed: Parsed, from_year: int, to_year: int, unit: str | None = None) -> Pairing | Problem:
    """Every unit with an agreement in both years, paired; the others listed."""
    olds = _of_year(parsed.docs, from_year, unit)
    news = _of_year(parsed.docs, to_year, unit)
    if unit and not olds and not news:
        units = sorted({d.document["unit"] for d in parsed.docs if d.document.get("unit")})
        return Problem(f"no agreement of {from_year} or {to_year} has a unit matching {unit!r}; "
                       f"units: {listing(units) or 'none'}.")
    parts = [_pair_unit(olds.get(key, []), news.get(key, []), (from_year, to_year))
             for key in sorted({*olds, *news})]
    return Pairing(*(tuple(x for part in parts for x in getattr(part, name))
                     for name in ("pairs", "only_old", "only_new", "unpaired")))
