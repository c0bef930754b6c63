"""PDF reader (text layer): PDF bytes -> Layout, fed by PDFium (pypdfium2).

PDFium parses each page in C and hands over characters with their boxes and the
page's path objects (`objects.py`); the rest is ours, on plain dicts. Ruled
tables become `pdfplumber-lines` grids (pdfplumber's table finder, run on PDFium's
edges); a page without ruled tables may hold an unruled table, found from word
alignment (`pdfplumber-text`); the rest is running text, one TextLine per visual
line. A table that runs over a page break is one grid on the page where it starts.
Only text a reader of the page can see counts (contract, "Text hygiene"). Image-only
pages go to OCR. Bad input never raises: it comes back as a Layout with an error finding.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pypdfium2 as pdfium
from pdfplumber.table import TableFinder, TableSettings

from extractors.model.findings import Finding, error
from extractors.model.layout import Layout, Span, TextLine
from extractors.model.settings import Settings
from extractors.readers.pdf.continued import continue_unruled
from extractors.readers.pdf.grids import grid_from_table, is_real_table, outermost
from extractors.readers.pdf.objects import Masks, PageObjects, read_objects
from extractors.readers.pdf.pages import drop_running_lines, join_grids, stitch_tables
from extractors.readers.pdf.scans import ScanState
from extractors.readers.words.cells import is_broken_word, join_cell_lines
from extractors.readers.words.lines import (
    nfkc,
    page_words,
    unspace_letters,
    words_to_lines,
)
from extractors.readers.words.model import (
    FoundGrid,
    Item,
    Line,
    Obj,
    PageRead,
    center,
    inside,
)
from extractors.readers.words.unruled import unruled_grids

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

LINES_STRATEGY = TableSettings.resolve({"vertical_strategy": "lines", "horizontal_strategy": "lines"})


# ---- entry point -------------------------------------------------------------------------


def read_pdf(data: bytes, settings: Settings) -> Layout:
    """Read every page; a failing page is a finding, a failing file is a Layout without pages."""
    try:
        document = pdfium.PdfDocument(data)
    except MemoryError:  # over the worker's memory limit (pipeline/batch/limits.py): the file fails
        raise
    except Exception:  # noqa: BLE001 - any parser failure is the file's fault, said as a finding
        return _failed(_diagnose(data))
    try:
        return _read_document(document, data, settings)
    finally:
        document.close()


def _read_document(document: pdfium.PdfDocument, data: bytes, settings: Settings) -> Layout:
    count = len(document)
    if not count:
        return _failed(_no_pages(data))
    scans = ScanState(data=data, settings=settings)
    first = [_read_one(document, data, n) for n in range(1, count + 1)]
    # scanned pages last, together: pages of one scan may be read in parallel
    ocred = scans.ocr_pages([(r.number, r.height) for r in first if isinstance(r, ScanPage)])
    ocred |= scans.layer_pages([r.layer for r in first if isinstance(r, LayerPage)])
    reads = [r if isinstance(r, PageRead) else ocred[r.number] for r in first]
    reads = continue_unruled(drop_running_lines(reads))
    pages = stitch_tables(reads)
    findings = tuple(f for r in reads for f in r.findings) + scans.findings()
    return Layout(
        pages=pages,
        source_format="pdf",
        ocr=any(r.ocr for r in reads),
        page_count=count,
        findings=findings,
    )


def _failed(finding: Finding) -> Layout:
    return Layout(pages=(), source_format="pdf", findings=(finding,))


def _diagnose(data: bytes) -> Finding:
    """Why PDFium could not open the file, said the way a person can act on. PDFium's error
    codes are process-wide and can be stale, so pdfminer (pure Python, slow, only here) is asked."""
    try:
        pages = list(_pdfminer_pages(data))
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - the reason is the finding
        return _open_failure(exc)
    if not pages:
        return _no_pages(data)
    return _open_failure(EOFError("its pages cannot be read"))


def _no_pages(data: bytes) -> Finding:
    if b"%%EOF" not in data[-2048:]:
        return _open_failure(EOFError("the file ends before its last section"))
    return error("no_pages", "The PDF has no pages; export the agreement to PDF again.")


def _open_failure(exc: Exception) -> Finding:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if "Password" in type(cause).__name__ or "password" in str(exc).lower():
        return error(
            "encrypted_pdf", "The PDF is password-protected; ask the sender for an unprotected copy."
        )
    detail = f"{type(cause).__name__}: {cause}".strip().rstrip(":")[:120]
    return error(
        "unreadable_file",
        f"The PDF is damaged or truncated ({detail}); export or download it again.",
    )


@dataclass(frozen=True)
class ScanPage:
    """A page that is a picture to OCR, once the text-layer pages are read."""

    number: int
    height: float


@dataclass(frozen=True)
class LayerPage:
    """A scanned page carrying another OCR's text layer (`layer`), to judge with the others."""

    layer: PageRead

    @property
    def number(self) -> int:
        return self.layer.number


Deferred = ScanPage | LayerPage


def _read_one(document: pdfium.PdfDocument, data: bytes, number: int) -> PageRead | Deferred:
    try:
        masks = functools.partial(masked_images, data, number)
        objects = read_objects(document, number, masks=masks)
        read = _read_page(objects, document, masks)
        if not isinstance(read, PageRead):
            return read
        lost = (not read.items and not read.findings and not objects.object_count
                and _content_lost(data, number))
    except MemoryError:  # over the worker's memory limit (pipeline/batch/limits.py): the file fails
        raise
    except Exception as exc:  # noqa: BLE001 - one bad page must not cost the others
        message = f"Page {number} could not be read ({type(exc).__name__}); check that page in the PDF."
        return PageRead(number, (), 0.0, (error("page_unreadable", message, page=number),))
    if lost:
        message = (f"Page {number} shows nothing because its content stream is damaged and does not "
                   "decode; check that page in the PDF or export the PDF again.")
        return replace(read, findings=(error("page_unreadable", message, page=number),))
    return read


def _pdfminer_pages(data: bytes) -> Iterator[Any]:
    """The pages as pdfminer parses them: for what PDFium does not expose (why a file does not
    open, raw streams, image dictionaries). Slow, so only for the odd file or page that needs it."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    return PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data))))


def _pdfminer_page(data: bytes, number: int) -> Any:
    return next(itertools.islice(_pdfminer_pages(data), number - 1, None))


def masked_images(data: bytes, number: int) -> frozenset[tuple[int, int]]:
    """Pixel sizes of the images on page `number` that carry a mask, so do not paint their whole box."""
    from pdfminer.pdftypes import PDFStream, resolve1

    found: set[tuple[int, int]] = set()

    def walk(resources: Any, depth: int) -> None:
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        for ref in xobjects.values():
            stream = resolve1(ref)
            if not isinstance(stream, PDFStream) or depth > 8:
                continue
            attrs = stream.attrs
            if str(resolve1(attrs.get("Subtype"))) == "/'Form'":
                walk(attrs.get("Resources"), depth + 1)
            elif any(attrs.get(key) for key in ("ImageMask", "IM", "SMask", "Mask")):
                found.add((int(resolve1(attrs.get("Width", 0))), int(resolve1(attrs.get("Height", 0)))))

    try:
        walk(_pdfminer_page(data, number).resources, 0)
    except Exception:  # noqa: BLE001 - without the dictionaries every image counts as opaque
        return frozenset()
    return frozenset(found)


def _content_lost(data: bytes, number: int) -> bool:
    """A page with no objects whose content stream holds bytes that decode to none: PDFium
    drops a corrupt Flate stream without a word, which would leave the page silently empty.
    Asked of pdfminer, which exposes the raw stream, and only for such empty pages."""
    from pdfminer.pdftypes import PDFStream, resolve1

    try:
        page_obj = _pdfminer_page(data, number)
        for ref in page_obj.contents:
            stream = resolve1(ref)
            if (isinstance(stream, PDFStream) and resolve1(stream.attrs.get("Length", 0))
                    and not stream.get_data()):
                return True
    except Exception:  # noqa: BLE001 - a page pdfminer cannot open either is judged by PDFium alone
        return False
    return False


# ---- one page ----------------------------------------------------------------------------


def _read_page(objects: PageObjects, document: pdfium.PdfDocument, masks: Masks) -> PageRead | Deferred:
    number = objects.number
    chars = [c for c in objects.chars if c["text"].strip()]
    if objects.rotation and _sideways(chars):
        turned = read_objects(document, number, unturn=True, masks=masks)
        return _read_page(turned, document, masks)
    if len(chars) < 10 and _has_page_image(objects):
        if sum(1 for c in objects.hidden if c["text"].strip()) >= 10:
            layer = sorted([*objects.chars, *(c for c in objects.hidden if c["seen"])], key=lambda c: c["n"])
            return LayerPage(_read_text_layer(replace(objects, chars=layer), number))
        return ScanPage(number, objects.height)
    return _read_text_layer(objects, number)


def _sideways(chars: list[Obj]) -> bool:
    """Most characters run across the shown page: /Rotate turned upright text sideways (a
    viewer's "rotate and save"), so words would be read letter column by letter column."""
    return len(chars) >= 10 and sum(1 for c in chars if not c.get("upright", True)) >= 0.6 * len(chars)


def _read_text_layer(objects: PageObjects, number: int) -> PageRead:
    words = page_words(objects.chars)
    tables = outermost([t for t in TableFinder(objects, LINES_STRATEGY).tables if is_real_table(t)])
    found = [grid_from_table(t, words, number, objects.dark_boxes) for t in tables]
    boxes = [t.bbox for t in tables]  # a property pdfplumber computes again at each call
    loose = [w for w in words if not any(inside(center(w), box) for box in boxes)]
    if not found:
        found, loose = unruled_grids(loose, number)
    lines = [
        TextLine(unspace_letters(ln.text), Span(page=number, bbox=ln.bbox), parts=ln.parts)
        for ln in words_to_lines(loose)
    ]
    items: list[Item] = sorted([*lines, *found], key=_item_top)
    return PageRead(number, tuple(items), objects.height, loose=tuple(loose))


def _item_top(item: Item) -> float:
    if isinstance(item, FoundGrid):
        return item.top
    return item.at.bbox[1] if item.at.bbox else 0.0


def _has_page_image(objects: PageObjects) -> bool:
    area = float(objects.width * objects.height) or 1.0
    return any((p.bbox[2] - p.bbox[0]) * (p.bbox[3] - p.bbox[1]) >= 0.3 * area for p in objects.pictures)
