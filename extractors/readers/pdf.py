"""PDF reader (text layer): PDF bytes -> Layout, built on pdfplumber.

Ruled tables become `pdfplumber-lines` grids; a page without ruled tables may
hold an unruled table, found from word alignment (`pdfplumber-text`); the rest
is running text, one TextLine per visual line. A table that runs over a page
break is one grid on the page where it starts. Only text a reader of the page
can see counts (contract, "Text hygiene"): invisible render modes, white on
white and text off the page are dropped. Image-only pages go to OCR. Bad input
never raises: it comes back as a Layout with an error finding.
"""

from __future__ import annotations

import copy
import io
from dataclasses import replace

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1

from extractors.findings import Finding, error
from extractors.layout import Layout, Span, TextLine
from extractors.readers.pdf_continued import continue_unruled
from extractors.readers.pdf_grids import (
    grid_from_table,
    is_broken_word,
    is_real_table,
    join_cell_lines,
    outermost,
)
from extractors.readers.pdf_model import (
    FoundGrid,
    Item,
    Line,
    Obj,
    PageRead,
    center,
    inside,
)
from extractors.readers.pdf_pages import drop_running_lines, join_grids, stitch_tables
from extractors.readers.pdf_scans import ScanState
from extractors.readers.pdf_text import (
    load_visible_layout,
    nfkc,
    page_words,
    unspace_letters,
    visibility_test,
    words_to_lines,
)
from extractors.readers.pdf_unruled import unruled_grids
from extractors.settings import Settings

__all__ = [
    "FoundGrid",
    "Line",
    "PageRead",
    "ScanState",
    "is_broken_word",
    "join_cell_lines",
    "join_grids",
    "nfkc",
    "read_pdf",
    "unspace_letters",
    "words_to_lines",
]

LINES_STRATEGY = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


# ---- entry point -------------------------------------------------------------------------


def read_pdf(data: bytes, settings: Settings) -> Layout:
    """Read every page; a failing page is a finding, a failing file is a Layout without pages."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except MemoryError:  # over the worker's memory limit: the file fails as a whole (pipeline/limits.py)
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's fault, said as a finding
        return _failed(_open_failure(exc))
    page_objs, tree_failure = _page_objects(pdf, data)
    if not page_objs:
        if tree_failure:
            return _failed(_open_failure(tree_failure))
        return _failed(error("no_pages", "The PDF has no pages; export the agreement to PDF again."))
    scans = ScanState(data=data, settings=settings)
    # no pdf.close(): it builds every page again and would raise on the bad ones; the bytes are in memory
    reads = [_read_one(pdf, obj, n, scans) for n, obj in enumerate(page_objs, start=1)]
    reads = continue_unruled(drop_running_lines(reads))
    pages = stitch_tables(reads)
    findings = tuple(f for r in reads for f in r.findings) + scans.findings()
    if tree_failure:
        findings += (
            error(
                "page_unreadable",
                f"Pages after page {len(page_objs)} could not be read "
                f"({type(tree_failure).__name__}); export the PDF again.",
                page=len(page_objs) + 1,
            ),
        )
    return Layout(
        pages=pages,
        source_format="pdf",
        ocr=any(r.ocr for r in reads),
        page_count=len(page_objs),
        findings=findings,
    )


def _page_objects(pdf: pdfplumber.PDF, data: bytes) -> tuple[list[PDFPage], Exception | None]:
    """The page objects in order, up to the first one the page tree cannot give (and why)."""
    objs: list[PDFPage] = []
    try:
        for obj in PDFPage.create_pages(pdf.doc):
            objs.append(obj)
    except Exception as exc:  # noqa: BLE001 - a broken page tree is the file's fault
        return objs, exc
    if not objs and b"%%EOF" not in data[-2048:]:
        return objs, EOFError("the file ends before its last section")
    return objs, None


def _failed(finding: Finding) -> Layout:
    return Layout(pages=(), source_format="pdf", findings=(finding,))


def _open_failure(exc: Exception) -> Finding:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if "Password" in type(cause).__name__ or "password" in str(cause).lower():
        return error(
            "encrypted_pdf", "The PDF is password-protected; ask the sender for an unprotected copy."
        )
    detail = f"{type(cause).__name__}: {cause}".strip().rstrip(":")[:120]
    return error(
        "unreadable_file",
        f"The PDF is damaged or truncated ({detail}); export or download it again.",
    )


def _read_one(pdf: pdfplumber.PDF, page_obj: PDFPage, number: int, scans: ScanState) -> PageRead:
    try:
        page = pdfplumber.page.Page(pdf, page_obj, page_number=number, initial_doctop=0)
        read = _read_page(page, number, scans)
        lost = not read.items and not read.findings and _content_lost(page_obj)
    except MemoryError:  # over the worker's memory limit: the file fails as a whole (pipeline/limits.py)
        raise
    except Exception as exc:  # noqa: BLE001 - one bad page must not cost the others
        message = f"Page {number} could not be read ({type(exc).__name__}); check that page in the PDF."
        return PageRead(number, (), 0.0, (error("page_unreadable", message, page=number),))
    if lost:
        message = (f"Page {number} shows nothing because its content stream is damaged and does not "
                   "decode; check that page in the PDF or export the PDF again.")
        return replace(read, findings=(error("page_unreadable", message, page=number),))
    return read


def _content_lost(page_obj: PDFPage) -> bool:
    """A content stream that holds bytes but decodes to none: pdfminer drops a corrupt Flate stream
    without a word, which would leave the page silently empty."""
    for ref in page_obj.contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream):
            continue
        if resolve1(stream.attrs.get("Length", 0)) and not stream.get_data():
            return True
    return False


# ---- one page ----------------------------------------------------------------------------


def _read_page(page: pdfplumber.page.Page, number: int, scans: ScanState) -> PageRead:
    hidden = load_visible_layout(page)
    visible = page.filter(visibility_test(page))
    chars = [c for c in visible.chars if c["text"].strip()]
    if page.rotation and _sideways(chars):
        return _read_page(_unturned(page, number), number, scans)
    if len(chars) < 10 and _has_page_image(page):
        if sum(1 for c in hidden if c.get_text().strip()) >= 10:
            load_visible_layout(page, keep_hidden=True)
            return scans.layer_or_ocr(_read_text_layer(page.filter(visibility_test(page)), number,
                                                       float(page.height)))
        return scans.ocr(number, float(page.height))
    return _read_text_layer(visible, number, float(page.height))


def _sideways(chars: list[Obj]) -> bool:
    """Most characters run across the shown page: /Rotate turned upright text sideways (a
    viewer's "rotate and save"), so words would be read letter column by letter column."""
    return len(chars) >= 10 and sum(1 for c in chars if not c.get("upright", True)) >= 0.6 * len(chars)


def _unturned(page: pdfplumber.page.Page, number: int) -> pdfplumber.page.Page:
    """The page as its content was written, without its /Rotate."""
    obj = copy.copy(page.page_obj)
    obj.attrs = {**obj.attrs, "Rotate": 0}
    obj.rotate = 0
    return pdfplumber.page.Page(page.pdf, obj, page_number=number, initial_doctop=0)


def _read_text_layer(visible: pdfplumber.page.Page, number: int, height: float) -> PageRead:
    words = page_words(visible)
    tables = outermost([t for t in visible.find_tables(LINES_STRATEGY) if is_real_table(t)])
    found = [grid_from_table(t, words, number) for t in tables]
    loose = [w for w in words if not any(inside(center(w), t.bbox) for t in tables)]
    if not found:
        found, loose = unruled_grids(loose, number)
    lines = [
        TextLine(unspace_letters(ln.text), Span(page=number, bbox=ln.bbox), parts=ln.parts)
        for ln in words_to_lines(loose)
    ]
    items: list[Item] = sorted([*lines, *found], key=_item_top)
    return PageRead(number, tuple(items), height, loose=tuple(loose))


def _item_top(item: Item) -> float:
    if isinstance(item, FoundGrid):
        return item.top
    return item.at.bbox[1] if item.at.bbox else 0.0


def _has_page_image(page: pdfplumber.page.Page) -> bool:
    area = float(page.width * page.height) or 1.0
    return any((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) >= 0.3 * area for i in page.images)


