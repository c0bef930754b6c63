"""A cell's visual lines joined back into its text: where a line break is a word broken in two.

Shared by the text-layer reader and OCR: both give a cell as lines of positioned words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.readers.words.model import Line

_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_SHORT_WORDS = {"DI", "KE", "RI", "DAN", "OF", "TO", "IN", "ON", "A"}


def join_cell_lines(lines: Sequence[Line], available: float) -> str:
    """A cell's visual lines -> its text: lines joined with "\\n", except where a word was broken.

    Narrow Word columns break words that do not fit (`Persent`/`ase`,
    `TARGE`/`T`) and compounds at their hyphen (`E-`/`Government`). Such a
    break is glued back without a separator; every other line break stays "\\n".
    """
    if not lines:
        return ""
    text = lines[0].text
    for prev, nxt in zip(lines, lines[1:], strict=False):
        text += ("" if is_broken_word(prev, nxt, available) else "\n") + nxt.text
    return text


def is_broken_word(prev: Line, nxt: Line, available: float) -> bool:
    """Whether the break between two lines of a cell falls inside a word.

    - a line ending in letter+hyphen followed by a letter: a compound or reduplication
      (`E-`/`Government`, `program-`/`program`), kept with its hyphen; likewise digit+hyphen
      followed by a digit, a range LibreOffice breaks after its hyphen (`3,5324-`/`4,00`);
    - a line that is one word filling the cell (within one character) followed by
      a lowercase remainder (`Persent`/`ase`), a digit remainder of a number
      (`228,869,037,86`/`9`), or one or two capitals after capitals (`TARGE`/`T`).
    """
    head, first = prev.text, nxt.text.split(" ", 1)[0]
    if re.search(r"[^\W\d_]-$", head) and first[:1].isalpha():
        return True
    if re.search(r"\d-$", head) and first[:1].isdigit():
        return True
    if re.fullmatch(r"[.,:;)\]]+", nxt.text):  # `No`/`.`: only the punctuation wrapped
        return True
    if " " in head or not first:
        return False
    width = prev.bbox[2] - prev.bbox[0]
    if width < available - 1.2 * width / max(len(head), 1):
        return False
    if head[-1:].isalpha() and first[:1].islower():
        return True
    if re.search(r"[\d.,]$", head) and first[:1].isdigit():
        # two whole grouped numbers (`131.860.302` / `28.939.719`) are two values, not one broken
        return not (_GROUPED.fullmatch(head) and _GROUPED.fullmatch(first))
    return (
        head.isupper()
        and first.isupper()
        and first.isalpha()
        and len(first) <= 2
        and first not in _SHORT_WORDS
    )
