"""The one intermediate form between readers and domain parsers.

Readers (text, PDF, OCR) turn any input into a `Layout`: pages holding, in
reading order, running text lines and table grids whose cells carry their
provenance (page, line, bounding box). Domain parsers read only this form and
never a file format, so a new format is one new reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from extractors.model.findings import Finding

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points (origin top-left), or pixels for OCR."""


@dataclass(frozen=True)
class Span:
    """Where something stands in the source."""

    page: int | None = None  # 1-based PDF page; None for text and Word inputs
    line: int | None = None  # 1-based line of a text input, or paragraph/table row of a Word file
    bbox: BBox | None = None


@dataclass(frozen=True)
class Part:
    """A stretch of a line set apart by a wide gap: one column of side-by-side blocks."""

    text: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class TextLine:
    """A line of running text (outside any table).

    `parts` is filled by readers that know positions when the line holds
    stretches far apart (two signature blocks side by side: `PIHAK KEDUA` …
    `PIHAK KESATU`); it is empty for a line read as one stretch.
    """

    text: str
    at: Span
    from_grid: bool = False  # a grid row seen as a line (Layout.lines), not running text
    parts: tuple[Part, ...] = ()
    cells: tuple[str, ...] = ()  # for a grid row seen as a line: its cells as written, lines kept


@dataclass(frozen=True)
class Cell:
    """One grid cell; a cell wrapped over several lines is one cell, lines joined by '\\n'.

    `fill`: an empty cell the document fills with a colour (an action plan's schedule marks
    its months so); only readers that see fills (a PDF's text layer) set it.
    """

    text: str
    at: Span
    fill: bool = False


@dataclass(frozen=True)
class Grid:
    """A table as the reader saw it: rectangular rows of cells, no meaning yet.

    `method` says how it was found (`tabs`, `pdfplumber-lines`, `pdfplumber-text`,
    `camelot-lattice`, `ocr-lines`, `ocr-words`, `docx-table`): the per-table
    quality report starts from it.
    """

    rows: tuple[tuple[Cell, ...], ...]
    at: Span
    method: str = "tabs"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = TextLine | Grid


@dataclass(frozen=True)
class Page:
    number: int | None  # 1-based for PDFs; None for a text input (one page)
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Layout:
    """What a reader hands the parsers: the document's pages plus the reader's own findings."""

    pages: tuple[Page, ...]
    source_format: str  # "text" | "pdf" | "docx"
    ocr: bool = False
    page_count: int | None = None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def blocks(self) -> Iterator[Block]:
        for page in self.pages:
            yield from page.blocks

    def lines(self) -> Iterator[TextLine]:
        """Every line of text in reading order, a grid row rendered as its cells joined by spaces.

        Parsers that read prose (parties, dates, headings) use this view, so a
        key/value line that a reader happened to see as a one-row grid still reads.
        """
        for block in self.blocks():
            if isinstance(block, TextLine):
                yield block
            else:
                for row in block.rows:
                    parts = [c.text.replace("\n", " ").strip() for c in row]
                    text = " ".join(p for p in parts if p)
                    if text:
                        first = next((c for c in row if c.text.strip()), row[0])
                        yield TextLine(text, first.at, from_grid=True, cells=tuple(c.text for c in row))

    @property
    def is_empty(self) -> bool:
        return not any(True for _ in self.lines())
