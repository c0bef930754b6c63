"""What the PDF reader's stages hand each other: found grids, visual lines, page reads, box geometry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extractors.model.findings import Finding
from extractors.model.layout import BBox, Grid, Part, TextLine

Obj = dict[str, Any]  # a pdfplumber char/word/rect
LINE_TOLERANCE = 2.5  # points: words whose bottoms differ less sit on one visual line
# Words of one line share their baseline, so their bottoms agree within the descent of a
# bigger font; their tops differ by the size difference (Word's `Halaman` 8 pt + field `2` 11 pt).
LINE_KEY = "bottom"
ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")


@dataclass(frozen=True)
class FoundGrid:
    """A grid plus the column x-edges that decide whether the next page continues it."""

    grid: Grid
    edges: tuple[float, ...]
    top: float


@dataclass(frozen=True)
class Line:
    """A visual line of words, in page coordinates."""

    text: str
    bbox: BBox
    parts: tuple[Part, ...] = ()  # stretches set apart by wide gaps, when there are several


Item = TextLine | FoundGrid


@dataclass(frozen=True)
class PageRead:
    number: int
    items: tuple[Item, ...]
    height: float
    findings: tuple[Finding, ...] = ()
    ocr: bool = False
    loose: tuple[Obj, ...] = ()  # words outside any grid: a table may go on in them (pdf_continued)


def center(obj: Obj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def inside(point: tuple[float, float], box: Sequence[float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def round_bbox(bbox: Sequence[float]) -> BBox:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
