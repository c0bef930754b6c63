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
from dataclasses import dataclass, field, replace
from typing import Any

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1

from extractors.findings import Finding, error, warning
from extractors.layout import Block, Grid, Layout, Span, TextLine
from extractors.readers.ocr_layer import judge_layer
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
            return scans.layer_or_ocr(page, number)
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


# ---- scanned pages -----------------------------------------------------------------------


@dataclass
class ScanState:
    """Per-document OCR state: whether OCR works is asked once, and said once."""

    data: bytes
    settings: Settings
    _checked: bool = False
    _unavailable: Finding | None = None
    _document: Any = None
    layer_used: list[tuple[int, str, bool]] = field(default_factory=list)  # page, why, judged good
    layer_replaced: list[tuple[int, str]] = field(default_factory=list)  # page, why

    def findings(self) -> tuple[Finding, ...]:
        found = [self._unavailable] if self._unavailable else []
        if self.layer_replaced:
            pages = [n for n, _ in self.layer_replaced]
            found.append(warning(
                "ocr_layer_replaced",
                f"{_pages(pages)} carry another OCR's hidden text layer, judged poor "
                f"({self.layer_replaced[0][1]}); read again by our OCR, check the values against the scan.",
                page=pages[0]))
        if self.layer_used:
            pages = [n for n, _, _ in self.layer_used]
            poor = [n for n, _, good in self.layer_used if not good]
            why = ("judged poor, but OCR is off or unavailable here" if poor
                   else "judged good")
            found.append(warning(
                "ocr_layer_used",
                f"{_pages(pages)} carry another OCR's hidden text layer, {why} "
                f"({self.layer_used[0][1]}); its text was used, check the values against the scan.",
                page=pages[0]))
        return tuple(found)

    def _check(self) -> Finding | None:
        if not self._checked:
            self._checked = True
            try:
                from extractors.readers.ocr import ocr_available

                self._unavailable = ocr_available()
            except ImportError:
                self._unavailable = error(
                    "ocr_unavailable",
                    "This installation has no OCR module (extractors.readers.ocr); install it to read scans.",
                )
        return self._unavailable

    def layer_or_ocr(self, page: pdfplumber.page.Page, number: int) -> PageRead:
        """A scan carrying somebody else's OCR layer: the layer when it is good, else our OCR."""
        height = float(page.height)
        load_visible_layout(page, keep_hidden=True)
        layer = _read_text_layer(page.filter(visibility_test(page)), number, height)
        grids = [i for i in layer.items if isinstance(i, FoundGrid)]
        texts = [i.text for i in layer.items if isinstance(i, TextLine)] + [
            c.text for g in grids for row in g.grid.rows for c in row]
        verdict = judge_layer(texts, len(grids), self._image_tables(number))
        if not verdict.good and self.settings.ocr and self._check() is None:
            read = self.ocr(number, height)
            if read.ocr:
                self.layer_replaced.append((number, verdict.reason()))
                return read
        self.layer_used.append((number, verdict.reason(), verdict.good))
        return replace(layer, ocr=True)

    def _image_tables(self, number: int) -> int:
        """Ruled tables on the page picture (a quick look at 150 dpi), 0 when it cannot be had."""
        try:
            from extractors.readers.ocr import ruled_tables

            return ruled_tables(self._render(number, 150))
        except Exception:  # noqa: BLE001 - without the picture the layer is judged on its words
            return 0

    def ocr(self, number: int, height: float) -> PageRead:
        empty = PageRead(number, (), height)
        if not self.settings.ocr:
            skipped = warning(
                "ocr_skipped",
                f"Page {number} is a scanned image and OCR is switched off; "
                "run again with OCR on to read it.",
                page=number,
            )
            return replace(empty, findings=(skipped,))
        if self._check() is not None:
            return empty
        from extractors.readers.ocr import ocr_page

        try:
            image = self._render(number, self.settings.ocr_dpi)
            result = ocr_page(image, number, self.settings, 72.0 / self.settings.ocr_dpi)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - a page OCR cannot handle is that page's finding
            failed = error(
                "ocr_failed",
                f"OCR of page {number} failed ({type(exc).__name__}); check the scan's quality or rescan it.",
                page=number,
            )
            return replace(empty, findings=(failed,))
        items = tuple(_ocr_item(b) for b in result.page.blocks)
        return PageRead(number, items, height, tuple(result.findings), ocr=True)

    def _render(self, number: int, dpi: int) -> Any:
        import pypdfium2 as pdfium

        if self._document is None:
            self._document = pdfium.PdfDocument(self.data)
        page = self._document[number - 1]
        return page.render(scale=dpi / 72.0).to_pil()


def _pages(numbers: list[int]) -> str:
    return f"Page {numbers[0]}" if len(numbers) == 1 else "Pages " + ", ".join(map(str, numbers))


def _ocr_item(block: Block) -> Item:
    """OCR'd grids join tables across pages like text-layer ones."""
    if isinstance(block, Grid):
        top = block.at.bbox[1] if block.at.bbox else 0.0
        first = block.rows[0] if block.rows else ()
        edges = tuple(c.at.bbox[0] for c in first if c.at.bbox) + (
            (first[-1].at.bbox[2],) if first and first[-1].at.bbox else ()
        )
        return FoundGrid(block, edges, top)
    return block
