"""Word reader: .docx bytes -> Layout, on python-docx's package and its lxml element tree.

python-docx opens the package (relationships find the main document, its
styles and numbering, whatever the parts are named); the body is then walked
as XML, because its API has no list numbers, text boxes, hidden-run or merge
semantics. What comes out is what the pages show, in document order:

- paragraphs are text lines; paragraphs laid out with tabs are grid rows, runs
  of them one grid, as the text reader reads tab-separated lines;
- tables are grids (`docx-table`); a cell's paragraphs and line breaks are its
  lines, joined by "\\n" as in a PDF cell; merged cells as a ruled PDF grid has
  them (docx_tables); a table inside a cell gives that cell one line per row,
  as a PDF reader sees it, so the outer table keeps its rows and header;
- a borderless table whose cells are stacks of lines side by side (signature
  blocks) is read line by line as the page shows it, as text lines, the way the
  PDF reader reads it from the page: the name, rank and NIP under each party
  are lines of their own (not one run-on row), and a signature block after the
  budget table is not taken for more budget rows;
- a one-column table is a frame, not a table: its content is read as if
  unframed (a PK table nested in a page-sized frame is still a grid);
- text boxes are read in place, after the paragraph they are anchored in;
- headers, footers, comments, footnotes, deleted text, hidden and
  white-on-white runs are not read.

`page` is None; `line` is the 1-based position of the paragraph or table row in
document order (text-box paragraphs count where the box is anchored). A file
that cannot be opened is a Layout without pages and an `unreadable_file` finding.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.oxml import parse_xml
from lxml import etree

from extractors.model.findings import Finding, error
from extractors.model.layout import Block, Cell, Grid, Layout, Page, Span, TextLine
from extractors.model.settings import Settings
from extractors.readers.docx.numbering import Numbering
from extractors.readers.docx.styles import Styles, is_fill
from extractors.readers.docx.tables import (
    Slot,
    filled,
    grid_width,
    is_stacked,
    lay_out,
    table_rows,
    visual_rows,
)
from extractors.readers.docx.text import ParagraphReader, box_filled
from extractors.readers.docx.xml import Element, attr, children, w

SAVE_AGAIN = "open it in Word or LibreOffice and save it again as .docx, or export it as PDF"


@dataclass(frozen=True)
class _Parts:
    body: Element
    styles: Element | None
    numbering: Element | None
    page_coloured: bool


class _Unreadable(Exception):
    """The package cannot be opened; carries the finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def read_docx(data: bytes, settings: Settings) -> Layout:
    """The document's body as one page of blocks; a file that cannot be opened, as a finding."""
    try:
        parts = _open(data)
    except _Unreadable as exc:
        return _failed(exc.finding)
    blocks = _BodyReader(parts).flow(parts.body)
    return Layout(pages=(Page(number=None, blocks=tuple(blocks)),), source_format="docx")


def _failed(finding: Finding) -> Layout:
    return Layout(pages=(), source_format="docx", findings=(finding,))


# ---- opening the package -----------------------------------------------------------------


def _open(data: bytes) -> _Parts:
    try:
        package = OpcPackage.open(io.BytesIO(data))
        main = package.main_document_part
        root = main.element if hasattr(main, "element") else parse_xml(main.blob)
    except zipfile.BadZipFile as exc:
        raise _Unreadable(error("unreadable_file", f"The Word file is truncated or damaged ({exc}); "
                                f"download it again, or {SAVE_AGAIN}.")) from exc
    except KeyError as exc:
        raise _Unreadable(_missing(str(exc.args[0]) if exc.args else "")) from exc
    except etree.XMLSyntaxError as exc:
        raise _Unreadable(error("unreadable_file", f"The Word file's {_broken_part(data)} is not "
                                f"well-formed XML ({exc}); {SAVE_AGAIN}.")) from exc
    except Exception as exc:  # noqa: BLE001 - any other package failure is the file's fault
        detail = f"{type(exc).__name__}: {exc}"[:160]
        raise _Unreadable(error("unreadable_file", f"The Word file could not be opened ({detail}); "
                                f"{SAVE_AGAIN}.")) from exc
    body = root.find(w("body"))
    if body is None:
        raise _Unreadable(error("unreadable_file", "The Word file's main document has no body "
                                f"(w:body); {SAVE_AGAIN}."))
    page_colour = (attr(root.find(w("background")), "color") or "").upper()  # white text shows on it
    return _Parts(body, _related(main, RT.STYLES), _related(main, RT.NUMBERING),
                  page_colour not in {"", "AUTO", "FFFFFF"})


def _related(part: object, reltype: str) -> Element | None:
    """A part the main document refers to (styles, numbering), parsed; None when absent or broken."""
    try:
        related = part.part_related_by(reltype)  # type: ignore[attr-defined]
        return related.element if hasattr(related, "element") else parse_xml(related.blob)
    except Exception:  # noqa: BLE001 - no styles or numbering: read the text without them
        return None


def _missing(message: str) -> Finding:
    if "document.xml" in message or "officeDocument" in message:
        what = "main document part (word/document.xml)"
    elif "Content_Types" in message:
        what = "content-type list ([Content_Types].xml)"
    else:
        what = f"part {message.strip(chr(34))[:100]}"
    return error("unreadable_file", f"The Word file is damaged: it has no {what}; {SAVE_AGAIN}.")


def _broken_part(data: bytes) -> str:
    """Which XML part of the package does not parse (to name it in the finding)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    try:
                        etree.fromstring(archive.read(name))
                    except etree.XMLSyntaxError:
                        return name
    except Exception:  # noqa: BLE001 - only naming the part; the finding is made anyway
        pass
    return "XML"


# ---- the body --------------------------------------------------------------------------------


class _BodyReader:
    """Walks the body in document order, numbering paragraphs and table rows as it goes."""

    def __init__(self, parts: _Parts) -> None:
        self._styles = Styles(parts.styles)
        self._paragraphs = ParagraphReader(self._styles, Numbering(parts.numbering, self._styles))
        self._page_coloured = parts.page_coloured
        self._line = 0

    def _next_line(self) -> int:
        self._line += 1
        return self._line

    def flow(self, container: Element, background: bool = False) -> list[Block]:
        """Paragraphs and tables of the body or of a text box, as blocks."""
        blocks: list[Block] = []
        tab_rows: list[tuple[str, int]] = []

        def close() -> None:
            if tab_rows:
                blocks.append(_tab_grid(tab_rows))
                tab_rows.clear()

        for el in children(container):
            if el.tag == w("p"):
                number = self._next_line()
                para = self._paragraphs.read(el, background or self._page_coloured)
                for text in para.lines:
                    if "\t" in text.strip(" \t"):
                        tab_rows.append((text, number))
                    elif text.strip():
                        close()
                        blocks.append(TextLine(text.strip(), Span(line=number)))
                if para.boxes:
                    close()
                    for box in para.boxes:
                        blocks.extend(self.flow(box, background or box_filled(box)))
            elif el.tag == w("tbl"):
                close()
                blocks.extend(self._table(el))
        close()
        return blocks

    def _table(self, tbl: Element) -> list[Block]:
        shaded = self._styles.table_shaded(tbl.find(w("tblPr"))) or self._page_coloured
        if _is_box(tbl):  # a frame drawn as a one-column table: its content, as if unframed
            return [b for tr in table_rows(tbl) for tc in children(tr) if tc.tag == w("tc")
                    for b in self.flow(tc, shaded or _cell_shaded(tc))]
        rows = lay_out(tbl, lambda tc: self._lines(tc, shaded or _cell_shaded(tc)))
        numbers = [self._next_line() for _ in rows]
        ruled = self._styles.table_ruled(tbl)
        blocks: list[Block] = []
        grid_rows: list[tuple[Cell, ...]] = []
        for row, number in zip(rows, numbers, strict=True):
            at = Span(line=number)
            if not ruled and is_stacked(row):
                if grid_rows:
                    blocks.append(_grid(grid_rows))
                    grid_rows = []
                blocks.extend(TextLine(" ".join(t for t in texts if t), at) for texts in visual_rows(row))
            else:
                grid_rows.append(tuple(Cell("\n".join(filled(s.lines)), at) for s in row))
        if grid_rows:
            blocks.append(_grid(grid_rows))
        return blocks

    def _lines(self, container: Element, shaded: bool) -> list[str]:
        """A cell's (or a box's in a cell) visual lines: tabs as spaces, blank lines kept."""
        lines: list[str] = []
        for el in children(container):
            if el.tag == w("p"):
                para = self._paragraphs.read(el, shaded)
                lines.extend(line.replace("\t", " ") for line in para.lines)
                for box in para.boxes:
                    lines.extend(self._lines(box, shaded or box_filled(box)))
            elif el.tag == w("tbl"):
                lines.extend(self._nested(el, shaded))
        return lines

    def _nested(self, tbl: Element, shaded: bool) -> list[str]:
        """A table inside a cell: one line per visual line of each row, its cells side by side."""
        out = []
        for row in lay_out(tbl, lambda tc: self._lines(tc, shaded or _cell_shaded(tc))):
            for texts in visual_rows([Slot(filled(s.lines)) for s in row]):
                out.append(" ".join(t for t in texts if t))
        return out


def _grid(rows: list[tuple[Cell, ...]]) -> Grid:
    return Grid(rows=tuple(rows), at=rows[0][0].at, method="docx-table")


def _cell_shaded(tc: Element) -> bool:
    tc_pr = tc.find(w("tcPr"))
    return tc_pr is not None and is_fill(tc_pr.find(w("shd")))


def _is_box(tbl: Element) -> bool:
    """One column, one cell a row: a frame around content (the PDF reader needs two columns too)."""
    return grid_width(tbl) <= 1 and all(
        sum(1 for el in children(tr) if el.tag == w("tc")) <= 1 for tr in table_rows(tbl))


def _tab_grid(rows: list[tuple[str, int]]) -> Grid:
    """Tab-laid paragraphs -> one grid, as the text reader reads tab-separated lines.

    Tabs that only indent every row (`\\tNama\\t: …`) are indentation, not an empty column.
    """
    split = [text.rstrip(" ").split("\t") for text, _ in rows]
    indent = min(len(p) - len(_lstrip_empty(p)) for p in split)
    cells = [
        tuple(Cell(piece.strip(), Span(line=number)) for piece in pieces[indent:])
        for pieces, (_, number) in zip(split, rows, strict=True)
    ]
    width = max(len(r) for r in cells)
    padded = tuple(r + tuple(Cell("", r[0].at) for _ in range(width - len(r))) for r in cells)
    return Grid(rows=padded, at=padded[0][0].at, method="tabs")


def _lstrip_empty(pieces: list[str]) -> list[str]:
    k = 0
    while k < len(pieces) - 1 and not pieces[k].strip():
        k += 1
    return pieces[k:]
