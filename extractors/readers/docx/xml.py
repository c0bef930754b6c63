"""WordprocessingML names and the few element helpers every part of the .docx reader shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Element = Any  # an lxml element (python-docx's oxml classes are lxml elements)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


ALTERNATE = f"{{{MC_NS}}}AlternateContent"
# Wrappers whose children are content in their own right: content controls, smart tags, tracked
# insertions, custom XML; a w:sdt's content sits in its w:sdtContent.
TRANSPARENT = frozenset(w(n) for n in (
    "sdt", "sdtContent", "customXml", "smartTag", "hyperlink", "fldSimple", "ins", "moveTo", "bdo",
    "dir",
))
REMOVED = frozenset(w(n) for n in ("del", "moveFrom"))  # tracked deletions: not in the document


def attr(el: Element | None, name: str) -> str | None:
    return None if el is None else el.get(w(name))


def val(el: Element | None) -> str | None:
    return attr(el, "val")


def is_on(el: Element | None) -> bool | None:
    """A toggle property (`<w:vanish/>`, `<w:vanish w:val="0"/>`): None when not set here."""
    if el is None:
        return None
    return (val(el) or "true").lower() not in {"0", "false", "off"}


def chosen(alternate: Element) -> Element | None:
    """The one branch of an mc:AlternateContent to read: its first Choice, else its Fallback.

    Both branches hold the same text (a DrawingML shape and its VML copy); reading
    both would give every text box twice.
    """
    for child in alternate:
        if isinstance(child.tag, str) and child.tag.endswith("}Choice"):
            return child
    for child in alternate:
        if isinstance(child.tag, str) and child.tag.endswith("}Fallback"):
            return child
    return None


def children(el: Element) -> Iterator[Element]:
    """Content children, with transparent wrappers opened and one branch of alternate content."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in REMOVED:
            continue  # comments, processing instructions, deleted text
        if tag in TRANSPARENT:
            yield from children(child)
        elif tag == ALTERNATE:
            branch = chosen(child)
            if branch is not None:
                yield from children(branch)
        else:
            yield child
