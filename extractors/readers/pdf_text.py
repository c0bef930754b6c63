"""Text hygiene for the PDF reader: only visible text counts, normalised, grouped into visual lines."""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils import cluster_objects

from extractors.layout import Part
from extractors.readers.pdf_model import LINE_KEY, LINE_TOLERANCE, Line, Obj, center, inside

INVISIBLE_RENDER_MODES = {3, 7}  # 3 = neither fill nor stroke, 7 = clip only
STANDOFF = 0.5  # points between a word's end and a space glyph set apart from it


def nfkc(text: str) -> str:
    """Contract: NFKC (mathematical letters, ligatures), no-break spaces as spaces."""
    return unicodedata.normalize("NFKC", text.replace("\u00a0", " "))


_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_] ){3,}[^\W\d_](?![^\W\d_])")


def unspace_letters(text: str) -> str:
    """`N a m a : X` -> `Nama : X`: a label typed letter by letter (4+ letters) reads as the word."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


class _VisibleTextAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, minus the characters a reader of the page cannot see.

    pdfminer does not pass the render mode on to characters, so it is caught
    where the text state is still known (render_string): characters drawn in an
    invisible render mode (3: OCR layers, hidden keywords) are set aside. So are
    characters that an opaque image painted later covers (a scanner's OCR text
    drawn first, then the page's picture over it). What was set aside is kept in
    `hidden`: on a scanned page it is somebody else's OCR layer, to be judged.
    With `keep_hidden` the hidden characters stay in the layout too.
    """

    _invisible = False

    def __init__(self, *args: Any, keep_hidden: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keep_hidden = keep_hidden
        self.hidden: list[LTChar] = []
        self._drawn: list[tuple[Any, LTChar]] = []  # (container, char) shown so far

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self._invisible = textstate.render in INVISIBLE_RENDER_MODES
        super().render_string(textstate, seq, ncs, graphicstate)
        self._invisible = False

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        adv = super().render_char(*args, **kwargs)
        char = self.cur_item._objs[-1] if self.cur_item._objs else None
        if isinstance(char, LTChar):
            if self._invisible:
                self.hidden.append(char)
                if not self.keep_hidden:
                    self.cur_item._objs.pop()
            else:
                self._drawn.append((self.cur_item, char))
        return adv

    def render_image(self, name: str, stream: Any) -> None:
        super().render_image(name, stream)
        if _is_opaque(stream):
            self._cover((self.cur_item.x0, self.cur_item.y0, self.cur_item.x1, self.cur_item.y1))

    def _cover(self, box: tuple[float, float, float, float]) -> None:
        """Characters drawn before an opaque image, their centre under it, are not shown."""
        covered, shown = [], []
        for container, char in self._drawn:
            cx, cy = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
            (covered if box[0] <= cx <= box[2] and box[1] <= cy <= box[3] else shown).append(
                (container, char))
        if not covered:
            return
        self._drawn = shown
        self.hidden.extend(char for _, char in covered)
        if self.keep_hidden:
            return
        gone = {id(char) for _, char in covered}
        for container in {id(c): c for c, _ in covered}.values():
            container._objs = [o for o in container._objs if id(o) not in gone]


def _is_opaque(stream: Any) -> bool:
    """An image paints every pixel of its box unless it is a stencil or has a mask."""
    attrs = getattr(stream, "attrs", {}) or {}
    return not any(attrs.get(key) for key in ("ImageMask", "IM", "SMask", "Mask"))


def load_visible_layout(page: pdfplumber.page.Page, keep_hidden: bool = False) -> list[LTChar]:
    """Lay the page out with `_VisibleTextAggregator` (pdfplumber reuses `_layout` once set);
    returns the characters not shown on the page (with `keep_hidden` they stay in the layout)."""
    device = _VisibleTextAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams,
                                    keep_hidden=keep_hidden)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()
    page.__dict__.pop("_objects", None)  # laid out again: pdfplumber's cached objects are stale
    return device.hidden


def _is_white(color: Any) -> bool:
    if not isinstance(color, tuple) or not color or not all(isinstance(v, int | float) for v in color):
        return False
    if len(color) == 4:  # CMYK
        return all(v <= 0.02 for v in color)
    return all(v >= 0.98 for v in color)


def visibility_test(page: pdfplumber.page.Page) -> Callable[[Obj], bool]:
    """Keep every non-char object; keep a char when it is on the page and not white on white.

    White text on a dark filled box (a shaded header row) is visible and stays.
    """
    dark = [
        (r["x0"], r["top"], r["x1"], r["bottom"])
        for r in page.rects
        if r.get("fill") and not _is_white(r.get("non_stroking_color"))
    ]
    bounds = page.bbox

    def keep(obj: Obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        point = center(obj)
        if not inside(point, bounds):
            return False
        return not _is_white(obj.get("non_stroking_color")) or any(inside(point, box) for box in dark)

    return keep


def page_words(page: pdfplumber.page.Page) -> list[Obj]:
    """The page's words, NFKC; a word is marked `stretched_space_after` when the gap to the next
    word on its line is a justified line's stretched space.

    Justified text widens the gaps between words as much as a table's column gap, so
    width alone cannot tell them apart. LibreOffice writes the stretched space as one
    space glyph standing off from both words; a column gap holds no glyph, or only the
    trailing space of the cell's line, right against its last word. Two or more glyphs
    are text aligned by typing spaces, which can make columns.
    """
    words = page.extract_words(x_tolerance=3, y_tolerance=LINE_TOLERANCE, keep_blank_chars=False)
    words = [dict(w, text=nfkc(w["text"])) for w in words if nfkc(w["text"]).strip()]
    spaces = sorted((c for c in page.chars if c["text"] in (" ", "\u00a0")), key=lambda c: c["x0"])
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
