"""Somebody else's OCR text layer on a scanned page, judged before it is trusted.

Scanners and PDF tools put their own OCR under the page picture (text drawn
first, then the image over it) or over it in invisible render mode. Such a
layer is fast to read, but some engines leave slips that our own OCR does not
make (`kine~a`, `D1NAS`, `RpA.868`). The layer is used when its words look
like words and it gives the tables the picture shows; otherwise the page is
read again by our OCR.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex as re

_WORDS = Path(__file__).resolve().parents[2] / "data" / "words.txt"
_MIN_KNOWN_SHARE = 0.25  # a layer of real words knows at least this share, even on unseen topics
_MAX_SLIP_SHARE = 0.01  # slips per word a good OCR engine stays under
_PREFIXES = ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe", "ber", "ter",
             "di", "ke", "se")
_SUFFIXES = ("nya", "kan", "an", "i")


@functools.cache
def known_words() -> frozenset[str]:
    """Our own agreements' words (seeds and header vocabulary), lower case."""
    lines = _WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_known(word: str) -> bool:
    """A word of the list, or one once an Indonesian prefix or suffix is taken off
    (`dihasilkan` -> `hasil`)."""
    word = word.lower()
    words = known_words()
    if word in words:
        return True
    stems = {word}
    for suffix in _SUFFIXES:
        stems |= {s[: -len(suffix)] for s in stems if s.endswith(suffix) and len(s) - len(suffix) >= 3}
    for prefix in _PREFIXES:
        stems |= {s[len(prefix):] for s in stems if s.startswith(prefix) and len(s) - len(prefix) >= 3}
    return any(s in words for s in stems)


_PIECE = re.compile(r"[\p{L}\p{N}~|]+")


def slip_of(token: str) -> bool:
    """An OCR slip no printed word has: letters mixed with digits (`D1NAS`), `~` or `|` inside a
    word (`kine~a`), a capital after a small letter (`RpA`, `HasHPertanian`)."""
    for piece in _PIECE.findall(token):
        letters = re.search(r"\p{L}", piece)
        if letters and re.search(r"[~|]", piece) and len(piece) > 2:
            return True
        if letters and re.search(r"\p{N}", piece) and re.search(r"\p{L}\p{N}|\p{N}\p{L}", piece) \
                and not re.fullmatch(r"\p{N}+(?:st|nd|rd|th|x|m|m2|km|ha|kg)?", piece, re.IGNORECASE):
            return True
        if re.search(r"\p{Ll}\p{Lu}", piece) and not re.fullmatch(r"\p{Ll}\p{Lu}+", piece):
            return True  # `eKinerja`-style brands are one small letter then capitals; others are slips
    return False


@dataclass(frozen=True)
class LayerVerdict:
    """What the judge saw: words, the share it knows, slips, and tables the layer misses."""

    words: int
    known_share: float
    slips: tuple[str, ...]
    tables_missing: int  # ruled tables on the picture that the layer gives no grid for
    pieces: int = 0  # grids of one or two rows where the picture shows fewer tables: a table cut up

    @property
    def good(self) -> bool:
        if self.words == 0:
            return False
        too_many_slips = len(self.slips) >= 2 and len(self.slips) / self.words > _MAX_SLIP_SHARE
        return (self.known_share >= _MIN_KNOWN_SHARE and not too_many_slips and not self.tables_missing
                and not self.pieces)

    def reason(self) -> str:
        """Why the layer was judged as it was, in words for a finding."""
        parts = []
        if self.slips:
            parts.append(f"{len(self.slips)} slips in {self.words} words such as "
                         + ", ".join(f"`{s}`" for s in dict.fromkeys(self.slips[:3])))
        parts.append(f"{self.known_share:.0%} of its words known")
        if self.tables_missing:
            parts.append(f"{self.tables_missing} ruled table(s) on the scan it gives no grid for")
        if self.pieces:
            parts.append(f"the scan's ruled table(s) cut into {self.pieces} pieces of one or two rows")
        return "; ".join(parts)


def judge_layer(texts: Iterable[str], layer_tables: int, image_tables: int,
                small_tables: int = 0) -> LayerVerdict:
    """Judge a page's layer from its text (lines and cells) and the tables found in it and on
    the page picture. `small_tables`: the layer's grids of one or two rows; more of them than the
    picture has tables means the layer cut its tables into pieces (a row a grid, the header as
    running text), which no parser puts back together."""
    tokens = [t for text in texts for t in text.split() if re.search(r"\p{L}", t)]
    long_words = [w for t in tokens for w in re.findall(r"\p{L}{4,}", t)
                  if re.fullmatch(r"[^\p{L}]*\p{L}+[^\p{L}]*", t)]
    known = sum(1 for w in long_words if is_known(w))
    share = known / len(long_words) if long_words else 0.0
    slips = tuple(t for t in tokens if slip_of(t))
    pieces = small_tables if image_tables and small_tables > image_tables else 0
    return LayerVerdict(len(tokens), round(share, 3), slips, max(0, image_tables - layer_tables), pieces)
