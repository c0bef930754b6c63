"""One Word paragraph -> its visual lines (and the text boxes anchored in it).

Lines are what the page shows: the list number Word draws, then the visible
runs; a line break (`w:br`, `w:cr`, or a literal line feed that an application
wrote into the text) starts a new line. Tabs are kept: the caller decides
whether they lay out columns. Hidden runs, white-on-white runs, deleted text,
field codes and footnote marks are no content.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import regex as re

from extractors.readers.docx.numbering import Numbering
from extractors.readers.docx.styles import Styles
from extractors.readers.docx.xml import ALTERNATE, M_NS, Element, attr, children, chosen, w

_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\u2028\u2029]")
_DROP = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b\u200e\u200f\ufeff]")
_SYMBOL_FONT = {  # Word's `Symbol` font: the characters agreements use, by code point
    0x2D: "−", 0xA3: "≤", 0xA5: "∞", 0xAE: "→", 0xB0: "°", 0xB1: "±", 0xB3: "≥", 0xB4: "×",
    0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBB: "≈", 0xD6: "√",
}
_SHAPE_WHITE = {"", "white", "#ffffff", "#fff", "none", "window"}


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]  # visual lines, NFKC, tabs kept, not stripped
    boxes: tuple[Element, ...]  # text boxes anchored here (w:txbxContent), in order


def clean(text: str) -> str:
    """Contract text hygiene: NFKC (compatibility letters, no-break spaces), no control characters."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text.replace("\u00a0", " ")))


def symbol(el: Element) -> str:
    """A `w:sym`: the Symbol font's comparison signs; picture fonts (Wingdings) carry no text."""
    try:
        code = int(attr(el, "char") or "", 16)
    except ValueError:
        return ""
    low = code - 0xF000 if code >= 0xF000 else code
    if (attr(el, "font") or "").lower() == "symbol":
        return _SYMBOL_FONT.get(low, "")
    return "" if code >= 0xF000 else chr(code)


def text_boxes(el: Element) -> Iterator[Element]:
    """The text boxes in a drawing or VML shape, one branch of any alternate content."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag == w("txbxContent"):
            yield child
        elif child.tag == ALTERNATE:
            branch = chosen(child)
            if branch is not None:
                yield from text_boxes(branch)
        else:
            yield from text_boxes(child)


def box_filled(box: Element) -> bool:
    """Whether the shape around a text box paints a colour (white text on it is visible)."""
    el = box.getparent()
    while el is not None and el.tag != w("r"):
        fill = (el.get("fillcolor") or "").strip().lower()
        if el.get("filled", "t") not in {"f", "false"} and fill not in _SHAPE_WHITE:
            return True
        for solid in el.iterchildren("{*}spPr"):
            for colour in solid.iterfind("{*}solidFill/*"):
                value = (colour.get("val") or "").lower()
                if value not in {"ffffff", "bg1", "lt1", "window"}:
                    return True
        el = el.getparent()
    return False


class ParagraphReader:
    """Reads paragraphs in document order (list counters advance as it goes)."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self._styles = styles
        self._numbering = numbering

    def read(self, p: Element, background: bool) -> Paragraph:
        """`background`: the paragraph stands on colour (a shaded cell, a filled shape)."""
        ppr = p.find(w("pPr"))
        style = self._styles.paragraph_style(ppr)
        background = background or self._styles.paragraph_shaded(ppr)
        pieces: list[str] = []
        boxes: list[Element] = []
        self._content(p, style, background, pieces, boxes)
        text = "".join(pieces)
        label = self._numbering.label(ppr)
        mark = self._styles.run_look(ppr.find(w("rPr")) if ppr is not None else None, style)
        if label and not mark.invisible(background):
            number, suffix = label
            text = number + ("" if suffix == "nothing" else " ") + text
        lines = tuple(clean(line) for line in _BREAKS.split(text))
        return Paragraph(lines, tuple(boxes))

    def _content(self, el: Element, style: str | None, background: bool,
                 pieces: list[str], boxes: list[Element]) -> None:
        for child in children(el):
            if child.tag == w("r"):
                look = self._styles.run_look(child.find(w("rPr")), style)
                self._run(child, look.invisible(background), pieces, boxes)
            elif child.tag in {f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"}:
                pieces.append("".join(t.text or "" for t in child.iter(f"{{{M_NS}}}t")))

    def _run(self, run: Element, hidden: bool, pieces: list[str], boxes: list[Element]) -> None:
        for child in run:
            tag = child.tag
            if tag == ALTERNATE:
                branch = chosen(child)
                if branch is not None:
                    self._run(branch, hidden, pieces, boxes)
                continue
            if tag in {w("drawing"), w("pict"), w("object")}:
                boxes.extend(text_boxes(child))
                continue
            if hidden:
                continue
            if tag == w("t"):
                pieces.append(child.text or "")
            elif tag in {w("tab"), w("ptab")}:
                pieces.append("\t")
            elif tag in {w("br"), w("cr")}:
                pieces.append("\n")
            elif tag == w("noBreakHyphen"):
                pieces.append("-")
            elif tag == w("sym"):
                pieces.append(symbol(child))
