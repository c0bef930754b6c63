"""Text hygiene for the PDF reader: only visible text counts, normalised, grouped into visual lines."""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections.abc import Iterable

from pdfplumber.utils import cluster_objects
from pdfplumber.utils.text import WordExtractor

from extractors.model.layout import Part
from extractors.readers.words.model import LINE_KEY, LINE_TOLERANCE, Line, Obj

X_TOLERANCE = 3.0  # points between two characters of one word at most
STANDOFF = 0.5  # points between a word's end and a space glyph set apart from it


def nfkc(text: str) -> str:
    """Contract: NFKC (mathematical letters, ligatures), no-break spaces as spaces."""
    return unicodedata.normalize("NFKC", text.replace("\u00a0", " "))


_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_] ){3,}[^\W\d_](?![^\W\d_])")


def unspace_letters(text: str) -> str:
    """`N a m a : X` -> `Nama : X`: a label typed letter by letter (4+ letters) reads as the word."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def page_words(chars: list[Obj]) -> list[Obj]:
    """The page's words, NFKC; a word is marked `stretched_space_after` when the gap to the next
    word on its line is a justified line's stretched space.

    Justified text widens the gaps between words as much as a table's column gap, so
    width alone cannot tell them apart. LibreOffice writes the stretched space as one
    space glyph standing off from both words; a column gap holds no glyph, or only the
    trailing space of the cell's line, right against its last word. Two or more glyphs
    are text aligned by typing spaces, which can make columns.
    """
    words = [w for w in chars_to_words(chars) if w["text"].strip()]
    spaces = sorted((c for c in chars if c["text"] in (" ", "\u00a0") and not c.get("generated")),
                    key=lambda c: c["x0"])
    if not spaces:
        return words
    for line in cluster_objects(words, LINE_KEY, LINE_TOLERANCE):
        line = sorted(line, key=lambda w: w["x0"])
        bottom = statistics.median(w["bottom"] for w in line)
        mine = [c for c in spaces if abs(c["bottom"] - bottom) <= LINE_TOLERANCE]
        starts = [c["x0"] for c in mine]
        for left, right in zip(line, line[1:], strict=False):
            lo = bisect.bisect_left(starts, left["x1"] - 0.5)
            hi = bisect.bisect_right(starts, right["x0"] + 0.5)
            if hi - lo == 1 and mine[lo]["x0"] - left["x1"] > STANDOFF:
                left["stretched_space_after"] = True
    return words


WIDE_GAP_EMS = 3.0  # a gap of three font heights splits a line into side-by-side stretches


def _parts(words: list[Obj]) -> tuple[Part, ...]:
    """The stretches of a line (words left to right) that wide gaps set apart; () for one stretch."""
    groups: list[list[Obj]] = [[words[0]]] if words else []
    for word in words[1:]:
        prev = groups[-1][-1]
        height = max(prev["bottom"] - prev["top"], word["bottom"] - word["top"], 1.0)
        if word["x0"] - prev["x1"] > WIDE_GAP_EMS * height:
            groups.append([word])
        else:
            groups[-1].append(word)
    if len(groups) < 2:
        return ()
    return tuple(Part(" ".join(w["text"] for w in g), round(g[0]["x0"], 2), round(g[-1]["x1"], 2))
                 for g in groups)


def chars_to_words(chars: list[Obj]) -> list[Obj]:
    """Characters -> words as pdfplumber's `extract_words(x_tolerance=3, y_tolerance=2.5)` makes them:
    characters clustered into lines by their tops, read left to right, a word ending at a
    space or at a gap of more than 3 points. Text set sideways goes through pdfplumber's own."""
    if any(not c["upright"] for c in chars):
        extractor = WordExtractor(x_tolerance=X_TOLERANCE, y_tolerance=LINE_TOLERANCE, keep_blank_chars=False)
        return [dict(w, text=nfkc(w["text"])) for w in extractor.extract_words(chars)]
    words: list[Obj] = []
    for line in cluster_objects(chars, "top", LINE_TOLERANCE):
        line.sort(key=lambda c: c["x0"])
        current: list[Obj] = []
        for char in line:
            if char["text"].isspace():
                if current:
                    words.append(_word(current))
                current = []
                continue
            if current:
                prev = current[-1]
                if (char["x0"] < prev["x0"] or char["x0"] > prev["x1"] + X_TOLERANCE
                        or abs(char["top"] - prev["top"]) > LINE_TOLERANCE):
                    words.append(_word(current))
                    current = []
            current.append(char)
        if current:
            words.append(_word(current))
    return words


def _word(chars: list[Obj]) -> Obj:
    """One word from its characters, sorted left to right (so the first one starts it)."""
    if len(chars) == 1:
        c = chars[0]
        return {"text": nfkc(c["text"]), "x0": c["x0"], "x1": c["x1"], "top": c["top"],
                "bottom": c["bottom"], "upright": True}
    return {
        "text": nfkc("".join([c["text"] for c in chars])),
        "x0": chars[0]["x0"],
        "x1": max([c["x1"] for c in chars]),
        "top": min([c["top"] for c in chars]),
        "bottom": max([c["bottom"] for c in chars]),
        "upright": True,
    }


def words_to_lines(words: Iterable[Obj]) -> list[Line]:
    """Words -> visual lines (clustered by baseline), each read left to right, sorted by top then x."""
    lines = []
    for cluster in cluster_objects(list(words), LINE_KEY, LINE_TOLERANCE):
        cluster = sorted(cluster, key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in cluster)
        bbox = (
            min(w["x0"] for w in cluster),
            min(w["top"] for w in cluster),
            max(w["x1"] for w in cluster),
            max(w["bottom"] for w in cluster),
        )
        lines.append(Line(text, bbox, _parts(cluster)))
    return sorted(lines, key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
