"""Page images and the crops of the boxes values were read from, rendered on demand with PDFium
and kept on disk, so a page is rendered once however many of its values are looked at.

A page is rendered at SCALE (144 dpi), rotation applied as a viewer shows it: the boxes of
`sources` are in PDF points of the page as shown, origin top-left, so a box times SCALE is its
place on the image. A crop is the box with MARGIN points round it, clipped to the page; where
the box is a whole table cell much larger than its text (a short value in a row made tall by
its neighbour), the crop keeps the part of the box that holds ink, with the same margin.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter

SCALE = 2.0  # image pixels per PDF point: 144 dpi, sharp enough for a cell, light enough to send
MARGIN = 6.0  # points round a box: the cell's rulings and neighbours, for context
INK = 140  # grey level below which a pixel is ink (scans: after a 3x3 median, specks are gone)
RULING = 2.0  # points inside a box's edge left out when looking for ink: the cell's own rulings
MEMORY_PAGES = 6  # rendered pages kept in memory (a document's values cluster on a few pages)

_PDFIUM = threading.Lock()  # PDFium is not thread-safe; the server answers on several threads


@dataclass(frozen=True)
class Box:
    """A box on a page, in PDF points, origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float

    def valid(self) -> bool:
        return self.x1 > self.x0 and self.bottom > self.top and min(self.x0, self.top) > -1e6

    def name(self) -> str:
        return "-".join(f"{v:.1f}" for v in (self.x0, self.top, self.x1, self.bottom))


@dataclass(frozen=True)
class PageSize:
    width: float  # points, as shown (after /Rotate)
    height: float


def _write_atomically(image: Image.Image, path: Path, **options: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
    os.close(handle)
    try:
        image.save(temp, **options)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class Renderer:
    """Renders pages of the PDFs under RAW into `cache` (one folder per file_id: a file that
    changes gets a new id, so a cached image never shows another version of it)."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self._pages: OrderedDict[tuple[str, int], tuple[Image.Image, PageSize]] = OrderedDict()
        self._memory = threading.Lock()

    def page_count(self, pdf: Path) -> int:
        import pypdfium2 as pdfium

        with _PDFIUM:
            document = pdfium.PdfDocument(str(pdf))
            try:
                return len(document)
            finally:
                document.close()

    def _render(self, pdf: Path, number: int) -> tuple[Image.Image, PageSize]:
        import pypdfium2 as pdfium

        with _PDFIUM:
            document = pdfium.PdfDocument(str(pdf))
            try:
                page = document[number - 1]
                width, height = page.get_size()
                image = page.render(scale=SCALE).to_pil().convert("RGB")
                page.close()
            finally:
                document.close()
        return image, PageSize(width, height)

    def page(self, pdf: Path, file_id: str, number: int) -> tuple[Image.Image, PageSize] | None:
        """The page's image and size in points; None for a page the file does not have."""
        key = (file_id, number)
        with self._memory:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        if not 1 <= number <= self.page_count(pdf):
            return None
        rendered = self._render(pdf, number)
        with self._memory:
            self._pages[key] = rendered
            while len(self._pages) > MEMORY_PAGES:
                self._pages.popitem(last=False)
        return rendered

    def page_file(self, pdf: Path, file_id: str, number: int) -> Path | None:
        """The page as a JPEG on disk (for the whole-page view); None for a page it lacks."""
        path = self.cache / file_id / f"page-{number}.jpg"
        if path.is_file():
            return path
        rendered = self.page(pdf, file_id, number)
        if rendered is None:
            return None
        _write_atomically(rendered[0], path, quality=85)
        return path

    def page_size(self, pdf: Path, file_id: str, number: int) -> PageSize | None:
        rendered = self.page(pdf, file_id, number)
        return None if rendered is None else rendered[1]

    def crop_file(self, pdf: Path, file_id: str, number: int, box: Box) -> Path | None:
        """The box with a margin, as a PNG on disk; None for a page the file lacks or no box."""
        if not box.valid():
            return None
        path = self.cache / file_id / f"crop-{number}-{box.name()}.png"
        if path.is_file():
            return path
        rendered = self.page(pdf, file_id, number)
        if rendered is None:
            return None
        image, size = rendered
        inked = _ink_box(image, box) or box
        left = max(0.0, inked.x0 - MARGIN)
        top = max(0.0, inked.top - MARGIN)
        right = min(size.width, inked.x1 + MARGIN)
        bottom = min(size.height, inked.bottom + MARGIN)
        if right <= left or bottom <= top:
            return None
        crop = image.crop(tuple(round(v * SCALE) for v in (left, top, right, bottom)))
        _write_atomically(crop, path, optimize=False)
        return path


def _ink_box(image: Image.Image, box: Box) -> Box | None:
    """The part of `box` (points) that holds ink, its rulings left out; None when it holds none."""
    inner = (box.x0 + RULING, box.top + RULING, box.x1 - RULING, box.bottom - RULING)
    if inner[2] - inner[0] < 4 or inner[3] - inner[1] < 4:
        return None
    pixels = tuple(round(v * SCALE) for v in inner)
    gray = image.crop(pixels).convert("L").filter(ImageFilter.MedianFilter(3))
    found = gray.point(lambda level: 255 if level < INK else 0).getbbox()
    if found is None:
        return None
    return Box(*(pixels[0 if k % 2 == 0 else 1] / SCALE + found[k] / SCALE for k in range(4)))
