"""OCR reader for one scanned page: image -> Page of text lines and ruled grids.

The PDF reader calls `ocr_page` for every page without a usable text layer.
Tables are found from their ruling lines (OpenCV morphology), not from
Tesseract's layout analysis, because Tesseract reads a ruled table row by row
across cells; the lines are erased before OCR so that they are not read as
`|`, `l` or `1`, and each word is put in the cell holding its centre.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractors.model.findings import Finding, error, warning
from extractors.model.layout import BBox, Block, Cell, Grid, Page, Span, TextLine
from extractors.model.settings import Settings
from extractors.readers.ocr.cells import (
    Word,
    grid_texts,
    inside_box,
    is_junk,
    mean_of,
    read_cells,
    read_words,
    reread_in_context,
    reread_numbers,
    reread_values,
)
from extractors.readers.ocr.engine import TESSERACT, EngineError, installed_languages
from extractors.readers.ocr.grid import TableBox, find_tables, kept_lattice, line_masks
from extractors.readers.ocr.image import (
    binarise,
    despeckled,
    erase_rulings,
    estimate_skew,
    ink_mask,
    rotate,
    text_height,
    to_gray,
    upright,
)
from extractors.readers.ocr.mend import mend_grid
from extractors.readers.ocr.unruled import unruled_ocr_grids


@dataclass(frozen=True)
class OcrResult:
    page: Page  # blocks (TextLine | Grid) in reading order, page number set, bbox in PDF points
    findings: tuple[Finding, ...]
    mean_confidence: float | None


# Turning the page blurs it, and the despeckler then takes a colon's softened dot for a speck
# (`Jabatan : X` read `Jabatan . X`); Tesseract reads a page tilted less than this as it is.
_LEAST_SKEW = 0.15


@functools.lru_cache(maxsize=4)
def _installed_languages() -> frozenset[str] | None:
    """Tesseract's models, or None when the binary is missing (a pure probe, safe to cache)."""
    return installed_languages()


def install_command(languages: str = "ind+eng") -> str:
    """The command that installs Tesseract with the given models on this platform."""
    if sys.platform == "darwin":
        return "brew install tesseract tesseract-lang"
    packages = ["tesseract-ocr"] + [f"tesseract-ocr-{lang}" for lang in languages.split("+")
                                    if lang not in ("eng", "osd")]
    return "apt-get install " + " ".join(packages)


def ocr_available(languages: str = "ind+eng") -> Finding | None:
    """None when Tesseract runs and has every model in `languages`; else an `ocr_unavailable` error."""
    installed = _installed_languages()
    command = install_command(languages)
    if installed is None or shutil.which(TESSERACT) is None:
        return error("ocr_unavailable", "Tesseract OCR is not installed, so scanned pages cannot "
                     f"be read; install it with `{command}` and run again.")
    missing = [lang for lang in languages.split("+") if lang not in installed]
    if missing:
        return error("ocr_unavailable", f"Tesseract lacks the OCR model(s) {', '.join(missing)}, "
                     f"so scanned pages cannot be read; install with `{command}` and run again.")
    return None


def _to_points(box: tuple[float, float, float, float], ppp: float) -> BBox:
    return (round(box[0] * ppp, 2), round(box[1] * ppp, 2), round(box[2] * ppp, 2),
            round(box[3] * ppp, 2))


def ocr_page(image: Image.Image, page_number: int, settings: Settings,
             points_per_pixel: float = 1.0) -> OcrResult:
    """Read one page image: deskew, find ruled tables, OCR, assign words to cells, mend, score."""
    unavailable = ocr_available(settings.ocr_languages)
    if unavailable is not None:
        finding = Finding(unavailable.code, unavailable.severity, unavailable.message, page_number)
        return OcrResult(Page(page_number, ()), (finding,), None)
    # Tesseract's OpenMP threads slow it down on small machines and fight the process pool.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    languages = settings.ocr_languages
    gray = upright(to_gray(image), languages)
    angle = estimate_skew(gray)
    if abs(angle) >= _LEAST_SKEW:
        gray = rotate(gray, angle)
    ink = ink_mask(gray)
    glyph_height = text_height(ink)
    hmask, vmask = line_masks(ink, glyph_height)
    tables = find_tables(hmask, vmask)
    clean, blobs = despeckled(erase_rulings(binarise(gray), hmask, vmask), glyph_height)
    # Running text is read with the tables blanked out; every cell is read on its own.
    outside = clean.copy()
    for table in tables:
        x0, y0, x1, y1 = table.box
        outside[y0:y1 + 1, x0:x1 + 1] = 255
    try:
        with ThreadPoolExecutor(1) as pool:  # the running text is read beside the cells
            extent = _text_extent(blobs, tables, glyph_height, clean.shape)
            page_words = pool.submit(_running_text, outside, extent, languages) if extent else None
            boxes = [cell.box for table in tables for cell in table.cells]
            read = iter(read_cells(clean, boxes, languages, 1.5 * glyph_height))
            words = page_words.result() if page_words is not None else []
    except EngineError as exc:
        finding = error("ocr_failed", f"Tesseract failed on page {page_number} ({exc}); check "
                        "the scan opens as an image.", page_number)
        return OcrResult(Page(page_number, ()), (finding,), None)
    cell_words = [[next(read) for _ in table.cells] for table in tables]
    reread_in_context(tables, cell_words, clean, languages, glyph_height)
    reread_numbers(tables, cell_words, clean, languages, glyph_height)
    reread_values(tables, cell_words, clean, erase_rulings(gray, hmask, vmask), languages, glyph_height)
    return _assemble(words, tables, cell_words, clean.shape, glyph_height, page_number, settings,
                     points_per_pixel)


# Running text over more of the page than this, or on a page without tables, is read on the
# whole page: Tesseract's layout analysis is not quite the same on a cut (a crest over a title
# read as words), and the time saved is in the blank page around a table page's title and
# footer, not there.
_MOST_OF_THE_PAGE = 0.5


def _text_extent(blobs: np.ndarray, tables: list[TableBox], glyph_height: float,
                 shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """The part of the page outside its tables that holds more than dust (`blobs`: x, y, w, h
    of the ink left after despeckling), with a margin; None when there is none. Tesseract's
    page layout analysis costs by the pixel, and on a table page the running text (a title, a
    footer) is a small part of it: cut to its extent, the same words come out at a third of
    the time (measured on the bench's pages and the real scans' table pages)."""
    least = max(8, int(glyph_height / 4))  # a hyphen, a full stop at 300 dpi stay; dust goes
    x, y, w, h = blobs[:, 0], blobs[:, 1], blobs[:, 2], blobs[:, 3]
    keep = (w >= least) | (h >= least)
    for table in tables:  # blanked before Tesseract sees the page: a blob wholly inside is gone
        x0, y0, x1, y1 = table.box
        keep &= ~((x >= x0) & (y >= y0) & (x + w <= x1 + 1) & (y + h <= y1 + 1))
    if not keep.any():
        return None
    if not tables:
        return 0, 0, shape[1], shape[0]
    margin = max(20, int(2 * glyph_height))
    box = (max(0, int(x[keep].min()) - margin), max(0, int(y[keep].min()) - margin),
           min(shape[1], int((x + w)[keep].max()) + margin),
           min(shape[0], int((y + h)[keep].max()) + margin))
    if (box[2] - box[0]) * (box[3] - box[1]) > _MOST_OF_THE_PAGE * shape[0] * shape[1]:
        return 0, 0, shape[1], shape[0]
    return box


def _running_text(outside: np.ndarray, extent: tuple[int, int, int, int], languages: str) -> list[Word]:
    """Words of the page outside its tables, read as a page (PSM 3: columns, signature blocks)."""
    x0, y0, x1, y1 = extent
    return read_words(outside[y0:y1, x0:x1], languages, 3, offset=(x0, y0))


def ruled_tables(image: Image.Image) -> int:
    """How many ruled tables, a quarter of the page wide or more, a page picture shows (no OCR:
    rulings only; 150 dpi is enough and keeps a coat of arms from looking like one)."""
    ink = ink_mask(to_gray(image))
    tables = find_tables(*line_masks(ink, text_height(ink)))
    return sum(1 for t in tables if t.box[2] - t.box[0] >= 0.25 * ink.shape[1])


def _assemble(words: list[Word], tables: list[TableBox], cell_words: list[list[list[Word]]],
              shape: tuple[int, ...], glyph_height: float, page_number: int, settings: Settings,
              ppp: float) -> OcrResult:
    placed: list[tuple[float, float, Block]] = []
    all_used: list[Word] = []
    slips: list[str] = []
    remaining = [w for w in words if not any(inside_box(w.centre, t.box) for t in tables)]
    for table, table_words in zip(tables, cell_words, strict=True):
        used = [w for ws in table_words for w in ws]
        texts = grid_texts(table, table_words, glyph_height)
        texts, table_slips = mend_grid(texts, table)
        keep_rows, keep_cols = kept_lattice(table, texts, shape)
        slips.extend(table_slips)
        all_used.extend(used)
        anchors = {(c.row, c.col): c.box for c in table.cells}
        rows = tuple(
            tuple(Cell(texts[r][c], Span(page_number, None,
                                         _to_points(anchors.get((r, c), table.lattice_box(r, c)),
                                                    ppp)))
                  for c in keep_cols)
            for r in keep_rows)
        grid = Grid(rows, Span(page_number, None, _to_points(table.box, ppp)), "ocr-lines")
        placed.append((table.box[1], table.box[0], grid))
    text_words = [w for w in remaining if not is_junk(w)]
    all_used.extend(text_words)
    rows = _visual_rows(_tesseract_lines(text_words))
    if not tables:  # as on text-layer pages: a page without ruled tables may hold an unruled one
        grids, rows, grid_slips = unruled_ocr_grids(rows, page_number, ppp)
        slips.extend(grid_slips)
        placed.extend((g.at.bbox[1] / ppp, g.at.bbox[0] / ppp, g) for g in grids if g.at.bbox)
    for line in rows:
        box = (min(w.box[0] for w in line), min(w.box[1] for w in line),
               max(w.box[2] for w in line), max(w.box[3] for w in line))
        text = " ".join(w.text for w in line)
        placed.append((box[1], box[0], TextLine(text, Span(page_number, None, _to_points(box, ppp)))))
    placed.sort(key=lambda item: (item[0], item[1]))
    confidences = [w.conf for w in all_used]
    mean = round(mean_of(confidences), 1) if confidences else None
    findings = []
    if mean is not None and mean < settings.min_ocr_confidence:
        findings.append(warning("low_ocr_confidence", f"Page {page_number} was read by OCR with "
                                f"mean confidence {mean:.0f}%; check its values against the scan.",
                                page_number))
    if slips:
        examples = ", ".join(list(dict.fromkeys(slips))[:5])
        noun = "slip" if len(slips) == 1 else "slips"
        findings.append(warning("ocr_corrected", f"Page {page_number}: {len(slips)} OCR {noun} "
                                f"mended ({examples}).", page_number))
    page = Page(page_number, tuple(block for _, _, block in placed))
    return OcrResult(page, tuple(findings), mean)


def _tesseract_lines(words: list[Word]) -> list[list[Word]]:
    """Running text grouped as Tesseract saw it (block, paragraph, line), left to right."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        groups.setdefault(word.key, []).append(word)
    return [sorted(g, key=lambda w: w.box[0]) for g in groups.values()]


def _visual_rows(lines: list[list[Word]]) -> list[list[Word]]:
    """Join Tesseract lines that share a row on the page (`Nama` | `: Junaedi`, two signature
    columns), as a text layer would give them, so key/value lines read as one line."""
    def span(line: list[Word]) -> tuple[int, int]:
        return min(w.box[1] for w in line), max(w.box[3] for w in line)

    rows: list[list[Word]] = []
    for line in sorted(lines, key=lambda ln: span(ln)[0]):
        top, bottom = span(line)
        for row in rows:
            row_top, row_bottom = span(row)
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap > 0.5 * min(bottom - top, row_bottom - row_top):
                row.extend(line)
                break
        else:
            rows.append(list(line))
    return [sorted(row, key=lambda w: w.box[0]) for row in rows]
