"""Files that bundle several agreements: one Layout -> one Layout per agreement.

Offices publish the agreements of a head and his section heads as one PDF.
Each PK heading opens a candidate piece; a piece whose parties differ from the
running agreement's starts a new agreement, and a piece without parties of its
own (the table page under the statement page, an RK) or with the same parties
(the statement scanned twice) belongs to the running one. A page that repeats
an earlier page of the same agreement is read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex as re
from rapidfuzz import fuzz

from extractors.model.findings import Finding, warning
from extractors.model.layout import Block, Grid, Layout, Page, TextLine
from extractors.segment.headings import form_of, is_heading
from extractors.segment.tables import split_segments

_SAME_PERSON = 88  # token-sort similarity of two spellings of one name (scans slip a letter)
_SAME_PAGE = 95  # similarity of two pages' text that makes the second a repeat of the first
_MIN_PAGE_TEXT = 200  # characters: shorter pages (a signature page) are not compared


@dataclass(frozen=True)
class _Piece:
    blocks: tuple[tuple[int | None, Block], ...]  # (page number, block) in reading order


def _starts_agreement(block: Block) -> bool:
    """A PK title line: `PERJANJIAN KINERJA TAHUN 2016` (not an RK, not a sentence)."""
    return (isinstance(block, TextLine) and form_of(block.text) == "perjanjian_kinerja"
            and is_heading(block.text))


_ROLE_LABEL = r"pihak\s+(?:kesatu|pertama|kedua|i{1,2})\b[\s,.:]*"
_SIGNATURE_LABELS = re.compile(rf"^\W*{_ROLE_LABEL}{_ROLE_LABEL}$", re.IGNORECASE)


def _signed(page: Page) -> bool:
    """The page holds a signature block's labels side by side (`PIHAK KEDUA   PIHAK KESATU`)."""
    for block in page.blocks:
        texts = ([block.text] if isinstance(block, TextLine)
                 else [" ".join(c.text for c in r) for r in block.rows])
        if any(_SIGNATURE_LABELS.match(" ".join(t.split())) for t in texts):
            return True
    return False


def _signed_table_pages(layout: Layout) -> set[int | None]:
    """Pages that open an agreement of their own without a PK heading: a page with a table and
    a signature block, after a page with a table that was signed too (one official per page,
    each named only in the signature lines). Their parties decide, as for any piece, whether
    they start one."""
    pages = list(layout.pages)
    return {page.number for before, page in zip(pages, pages[1:], strict=False)
            if _signed(before) and _signed(page) and _has_table(before) and _has_table(page)}


def _has_table(page: Page) -> bool:
    """The page holds a performance or budget table (a header this version reads): a statement
    page signed at its foot does not, so its attachment page never opens an agreement here."""
    return any(seg.header.kind in ("performance", "budget") for block in page.blocks
               if isinstance(block, Grid) for seg in split_segments(block.rows)[1])


def _pieces(layout: Layout) -> list[_Piece]:
    pieces: list[list[tuple[int | None, Block]]] = [[]]
    opens = _signed_table_pages(layout)
    for page in layout.pages:
        if page.number in opens and pieces[-1]:
            pieces.append([])
        for block in page.blocks:
            if _starts_agreement(block) and pieces[-1]:
                pieces.append([])
            pieces[-1].append((page.number, block))
    return [_Piece(tuple(p)) for p in pieces if p]


def _layout_of(blocks: list[tuple[int | None, Block]], source: Layout,
               findings: tuple[Finding, ...]) -> Layout:
    pages: list[Page] = []
    for number, block in blocks:
        if pages and pages[-1].number == number:
            pages[-1] = Page(number, (*pages[-1].blocks, block))
        else:
            pages.append(Page(number, (block,)))
    return replace(source, pages=tuple(pages), findings=findings)


def _same_parties(a: dict[str, str], b: dict[str, str]) -> bool:
    """No role whose names clearly differ (a role one side lacks says nothing)."""
    shared = set(a) & set(b)
    return all(_same_name(a[r].upper(), b[r].upper()) for r in shared)


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one name; a scan that kept only part of it (`WIGIT` of `WITO PRAWIGIT`)
    still names the same person."""
    if fuzz.token_sort_ratio(a, b) >= _SAME_PERSON:
        return True
    return min(len(a), len(b)) >= 4 and fuzz.partial_ratio(a, b) >= _SAME_PERSON


def _joins(running: dict[str, str], piece: dict[str, str]) -> bool:
    """A piece belongs to the running agreement when no name or post says otherwise: it names
    no first party of its own (a table page, an RK), or the same parties, and its heading names
    no other post (`KEPALA SEKSI PROMOSI` then `KEPALA SEKSI SARANA PROMOSI`: two officials,
    the second's signature left blank)."""
    return _same_parties(running, {k: v for k, v in piece.items() if k == "post"}) and (
        not piece.get("first") or _same_parties(running, piece))


def _page_text(blocks: list[tuple[int | None, Block]], number: int | None) -> str:
    lines = _layout_of([(n, b) for n, b in blocks if n == number], Layout((), "pdf"), ()).lines()
    return " ".join(re.sub(r"\s+", " ", ln.text.lower()) for ln in lines)


def _drop_repeated_pages(blocks: list[tuple[int | None, Block]]) -> tuple[
        list[tuple[int | None, Block]], list[Finding]]:
    numbers = list(dict.fromkeys(n for n, _ in blocks))
    if len(numbers) < 2 or None in numbers:
        return blocks, []
    texts = {n: _page_text(blocks, n) for n in numbers}
    dropped: dict[int | None, int | None] = {}
    for k, n in enumerate(numbers):
        if len(texts[n]) < _MIN_PAGE_TEXT:
            continue
        twin = next((m for m in numbers[:k] if m not in dropped
                     and fuzz.ratio(texts[m], texts[n]) >= _SAME_PAGE), None)
        if twin is not None:
            dropped[n] = twin
    findings = [warning("duplicate_page", f"Page {n} repeats page {m} (the same page scanned twice?); "
                        f"its rows are read once, from page {m}.", n)
                for n, m in dropped.items()]
    return [(n, b) for n, b in blocks if n not in dropped], findings


def cut_pieces(layout: Layout) -> list[Layout]:
    """The file cut at each PK heading: the candidate pieces whose parties decide the grouping."""
    return [_layout_of(list(piece.blocks), layout, ()) for piece in _pieces(layout)]


@dataclass(frozen=True)
class Agreement:
    """One agreement of a file: its layout, and the pieces it was put together from."""

    layout: Layout
    pieces: tuple[int, ...]  # indices into cut_pieces(layout)
    whole: bool  # the layout is exactly its one piece (no page dropped as a repeat)


def split_agreements(layout: Layout, names: Sequence[dict[str, str]]) -> list[Agreement]:
    """Each agreement in the file, in file order (most files: one).

    `names` gives, for each of `cut_pieces(layout)`, the party names it holds by role
    (`{"first": …, "second": …}`) and the post its heading names (`"post"`), where it has
    them: the domain parsers read them, this stage only groups.
    """
    pieces = _pieces(layout)
    if len(names) != len(pieces):
        raise ValueError(f"{len(names)} name sets for {len(pieces)} pieces")
    groups: list[tuple[list[tuple[int | None, Block]], dict[str, str], list[int]]] = []
    for k, (piece, own) in enumerate(zip(pieces, names, strict=True)):
        if groups and _joins(groups[-1][1], own):
            blocks, known, members = groups[-1]
            groups[-1] = (blocks + list(piece.blocks), {**own, **known}, [*members, k])
        else:
            groups.append((list(piece.blocks), own, [k]))
    firsts = [min((n for n, _ in blocks if n is not None), default=None) for blocks, _, _ in groups]
    out: list[Agreement] = []
    for k, (blocks, _, members) in enumerate(groups):
        kept, repeats = _drop_repeated_pages(blocks)
        own_findings = tuple(f for f in layout.findings if _owner(f, firsts) == k)
        out.append(Agreement(_layout_of(kept, layout, own_findings + tuple(repeats)), tuple(members),
                             whole=len(members) == 1 and len(kept) == len(blocks)))
    return out or [Agreement(layout, (), whole=False)]


def _owner(finding: Finding, firsts: list[int | None]) -> int:
    """The agreement a reader's finding belongs to: the last one starting on or before its page
    (a page that gave no blocks, an unreadable one, still has an owner); the first without a page."""
    if finding.page is None:
        return 0
    starts = [k for k, first in enumerate(firsts) if first is not None and first <= finding.page]
    return starts[-1] if starts else 0
