"""Scanned pages of a PDF: our OCR, or another OCR's text layer when it is judged good.

Kept apart from the text-layer reader: it is the slow path (seconds a page), the one that
renders pictures and runs Tesseract, and the place where pages of one scan may be read in
parallel.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from extractors.model.findings import Finding, error, warning
from extractors.model.layout import Block, Grid, TextLine
from extractors.model.settings import Settings, usable_cores
from extractors.readers.ocr.layer import judge_layer
from extractors.readers.words.model import FoundGrid, Item, PageRead


@dataclass
class ScanState:
    """Per-document OCR state: whether OCR works is asked once, and said once."""

    data: bytes
    settings: Settings
    _checked: bool = False
    _unavailable: Finding | None = None
    _document: Any = None
    # PDFium is not thread-safe: pages OCR'd in parallel render one at a time
    _pdfium: threading.Lock = field(default_factory=threading.Lock)
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
                from extractors.readers.ocr.reader import ocr_available

                self._unavailable = ocr_available()
            except ImportError:
                self._unavailable = error(
                    "ocr_unavailable",
                    "This installation has no OCR module (extractors.readers.ocr.reader); install it to "
                    "read scans.",
                )
        return self._unavailable

    def layer_pages(self, layers: list[PageRead]) -> dict[int, PageRead]:
        """Scans carrying somebody else's OCR layer (read as text, hidden characters kept): each
        layer when it is judged good, else our OCR, the poor pages OCR'd together (`ocr_pages`)."""
        verdicts = {layer.number: self._verdict(layer) for layer in layers}
        poor = [(layer.number, layer.height) for layer in layers if not verdicts[layer.number].good]
        ocred = self.ocr_pages(poor) if poor and self.settings.ocr and self._check() is None else {}
        out = {}
        for layer in layers:
            verdict, read = verdicts[layer.number], ocred.get(layer.number)
            if read is not None and read.ocr:
                self.layer_replaced.append((layer.number, verdict.reason()))
                out[layer.number] = read
            else:
                self.layer_used.append((layer.number, verdict.reason(), verdict.good))
                out[layer.number] = replace(layer, ocr=True)
        return out

    def _verdict(self, layer: PageRead) -> Any:
        grids = [i for i in layer.items if isinstance(i, FoundGrid)]
        texts = [i.text for i in layer.items if isinstance(i, TextLine)] + [
            c.text for g in grids for row in g.grid.rows for c in row]
        small = sum(1 for g in grids if len(g.grid.rows) <= 2)
        return judge_layer(texts, len(grids), self._image_tables(layer.number), small)

    def _image_tables(self, number: int) -> int:
        """Ruled tables on the page picture (a quick look at 150 dpi), 0 when it cannot be had."""
        try:
            from extractors.readers.ocr.reader import ruled_tables

            return ruled_tables(self._render(number, 150))
        except Exception:  # noqa: BLE001 - without the picture the layer is judged on its words
            return 0

    def ocr_pages(self, numbers: list[tuple[int, float]]) -> dict[int, PageRead]:
        """OCR several scanned pages (number, height in points), `settings.ocr_threads` at a time,
        keyed by page number in the order given. Tesseract releases the GIL while it reads, so a
        thread per page keeps idle cores busy on a long scan (the engine still runs at most
        `cores()` Tesseracts in this process). Each page is read exactly as `ocr` reads it alone,
        so the rows do not depend on the thread count; a page holds its picture only while it is
        read, so memory grows with the threads, not with the pages."""
        wanted = self.settings.ocr_threads or usable_cores()
        sequential = wanted == 1 or len(numbers) < 2
        if sequential or not self.settings.ocr or self._check() is not None:
            return {number: self.ocr(number, height) for number, height in numbers}
        threads = min(wanted, len(numbers), usable_cores())
        with _opencv_threads(1), ThreadPoolExecutor(threads, thread_name_prefix="ocr-page") as pool:
            reads = list(pool.map(lambda item: self.ocr(*item), numbers))
        return {number: read for (number, _), read in zip(numbers, reads, strict=True)}

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
        from extractors.readers.ocr.reader import ocr_page

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

        with self._pdfium:
            if self._document is None:
                self._document = pdfium.PdfDocument(self.data)
            page = self._document[number - 1]
            bitmap = page.render(scale=dpi / 72.0)
            # closed here, under the lock, not by a finaliser on whichever thread drops them last;
            # the picture is copied off the bitmap's memory first
            image = bitmap.to_pil().copy()
            bitmap.close()
            page.close()
        return image


@contextmanager
def _opencv_threads(count: int) -> Iterator[None]:
    """OpenCV's own threads while pages are read in parallel: the page threads already fill the
    cores, and OpenCV's pool on top of them only adds work (the bench's scans, 2 cores: 1.17
    s/page with it, 0.95 without, the same reads). OpenCV has one setting per process: a file
    read on another thread meanwhile runs with it too, and it is put back after."""
    import cv2

    before = cv2.getNumThreads()
    cv2.setNumThreads(count)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


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
