"""List numbers Word draws (`w:numPr`), computed from numbering.xml as the page shows them.

In agreements these numbers are data: the `a.`/`b.` of indicators within a
goal, the `1.`…`13.` of budget programs. They are not in the text runs, so the
reader counts them the way Word does: per list, levels restarting under their
parent, `%1.%2.` level texts, the level's number format. Bullets carry no
number and give no text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from extractors.readers.docx.styles import Styles
from extractors.readers.docx.xml import Element, attr, val, w

_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"  # what follows the number: tab, space or nothing
    legal: bool = False  # w:isLgl: every level's number in decimal


@dataclass
class _List:
    """One list instance: its levels and running counters."""

    levels: dict[int, Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * _LEVELS)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(lvl: Element, base: Level | None = None) -> Level:
    base = base or Level()
    text_el = lvl.find(w("lvlText"))
    return Level(
        start=_int(val(lvl.find(w("start"))), base.start),
        fmt=val(lvl.find(w("numFmt"))) or base.fmt,
        text=val(text_el) if text_el is not None else base.text,
        suffix=val(lvl.find(w("suff"))) or base.suffix,
        legal=lvl.find(w("isLgl")) is not None or base.legal,
    )


def format_number(n: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: z, aa, bb, …
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"} and 0 < n < 4000:
        out, rest = "", n
        for value, numeral in _ROMAN:
            while rest >= value:
                out, rest = out + numeral, rest - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, and formats this reader does not spell out (ordinal, Chinese counting)


class Numbering:
    """numbering.xml plus the counters of every list, advanced paragraph by paragraph in order."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self._styles = styles
        self._abstract: dict[str, dict[int, Level]] = {}
        self._style_link: dict[str, str] = {}  # abstract id -> numbering style it takes levels from
        self._nums: dict[str, tuple[str, dict[int, Level], bool]] = {}
        self._lists: dict[str, _List] = {}
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            aid = attr(abstract, "abstractNumId") or ""
            self._abstract[aid] = {_int(attr(lvl, "ilvl"), 0): _level(lvl) for lvl in abstract.iter(w("lvl"))}
            link = val(abstract.find(w("numStyleLink")))
            if link:
                self._style_link[aid] = link
        for num in root.iter(w("num")):
            nid = attr(num, "numId") or ""
            aid = val(num.find(w("abstractNumId"))) or ""
            overrides: dict[int, Level] = {}
            restarts = False
            for over in num.iter(w("lvlOverride")):
                ilvl = _int(attr(over, "ilvl"), 0)
                base = self._levels_of(aid).get(ilvl)
                lvl = over.find(w("lvl"))
                level = _level(lvl, base) if lvl is not None else base or Level()
                start = over.find(w("startOverride"))
                if start is not None:
                    restarts = True
                    level = Level(_int(val(start), level.start), level.fmt, level.text, level.suffix,
                                  level.legal)
                overrides[ilvl] = level
            self._nums[nid] = (aid, overrides, restarts)

    def _levels_of(self, aid: str, depth: int = 0) -> dict[int, Level]:
        """An abstract list's levels, following `numStyleLink` to the list the style points at."""
        link = self._style_link.get(aid)
        if link and depth < 3:
            for style in self._styles.chain(link):
                num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
                nid = val(num_pr.find(w("numId"))) if num_pr is not None else None
                if nid in self._nums and self._nums[nid][0] != aid:
                    return self._levels_of(self._nums[nid][0], depth + 1)
        return self._abstract.get(aid, {})

    def _num_pr(self, ppr: Element | None) -> tuple[str | None, int]:
        """(numId, level) of a paragraph: its own numPr, else its style's."""
        nid: str | None = None
        ilvl: int | None = None
        own = ppr.find(w("numPr")) if ppr is not None else None
        sources = [own] + [s.find(f"{w('pPr')}/{w('numPr')}")
                           for s in self._styles.chain(self._styles.paragraph_style(ppr))]
        for num_pr in sources:
            if num_pr is None:
                continue
            nid = nid or val(num_pr.find(w("numId")))
            if ilvl is None and num_pr.find(w("ilvl")) is not None:
                ilvl = _int(val(num_pr.find(w("ilvl"))), 0)
        return nid, ilvl or 0

    def _list(self, nid: str) -> _List | None:
        """A list instance: lists sharing an abstract list count on together unless one restarts."""
        if nid not in self._nums:
            return None
        aid, overrides, restarts = self._nums[nid]
        key = f"num:{nid}" if restarts else f"abstract:{aid}"
        if key not in self._lists:
            self._lists[key] = _List({**self._levels_of(aid), **overrides})
        return self._lists[key]

    def label(self, ppr: Element | None) -> tuple[str, str] | None:
        """The number Word draws before this paragraph and what follows it (`("a.", "tab")`).

        Advances the list's counters, so call it once per paragraph, in document order.
        """
        nid, ilvl = self._num_pr(ppr)
        if not nid or nid == "0":
            return None
        lst = self._list(nid)
        if lst is None or ilvl not in lst.levels or not 0 <= ilvl < _LEVELS:
            return None
        level = lst.levels[ilvl]
        current = lst.counters[ilvl]
        lst.counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            lst.counters[deeper] = None
        if level.fmt in {"bullet", "none"} or not level.text:
            return None

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = lst.levels.get(k, Level())
            n = lst.counters[k] if lst.counters[k] is not None else other.start
            return format_number(n or 0, "decimal" if level.legal else other.fmt)

        return _PLACEHOLDER.sub(number, level.text), level.suffix
