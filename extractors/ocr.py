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
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract
import regex as re
from PIL import Image

from extractors.findings import Finding, error, warning
from extractors.layout import BBox, Block, Cell, Grid, Page, Span, TextLine
from extractors.pdf_grids import join_cell_lines
from extractors.pdf_model import Line
from extractors.settings import Settings

_MAX_SKEW_DEGREES = 5.0
_MOSAIC_HEIGHT = 12_000  # pixels of stacked cells per Tesseract run (its images stay well in bounds)
_WORKERS = 2  # Tesseract runs of one page at a time (each single-threaded)
_MAX_CONTEXT_REREADS = 16  # unsure short cells per page read again within their row


@dataclass(frozen=True)
class OcrResult:
    page: Page  # blocks (TextLine | Grid) in reading order, page number set, bbox in PDF points
    findings: tuple[Finding, ...]
    mean_confidence: float | None


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels of the deskewed image
    key: tuple[int, int, int]  # Tesseract block, paragraph, line

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class CellBox:
    row: int  # lattice row and column of the cell's top-left corner
    col: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class TableBox:
    """A ruled table: its lattice size and its (possibly spanning) cells."""

    box: tuple[int, int, int, int]
    xs: tuple[int, ...]  # column rulings, left to right
    ys: tuple[int, ...]  # row rulings, top to bottom
    cells: tuple[CellBox, ...]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def lattice_box(self, row: int, col: int) -> tuple[int, int, int, int]:
        """The box of one lattice position (a part of a spanning cell that holds no text)."""
        return (self.xs[col], self.ys[row], self.xs[col + 1], self.ys[row + 1])


# ---------------------------------------------------------------- availability


@functools.lru_cache(maxsize=4)
def _installed_languages() -> frozenset[str] | None:
    """Tesseract's models, or None when the binary is missing (a pure probe, safe to cache)."""
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return None


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
    if installed is None or shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return error("ocr_unavailable", "Tesseract OCR is not installed, so scanned pages cannot "
                     f"be read; install it with `{command}` and run again.")
    missing = [lang for lang in languages.split("+") if lang not in installed]
    if missing:
        return error("ocr_unavailable", f"Tesseract lacks the OCR model(s) {', '.join(missing)}, "
                     f"so scanned pages cannot be read; install with `{command}` and run again.")
    return None


# ---------------------------------------------------------------- image preparation


def _to_gray(image: Image.Image) -> np.ndarray:
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    array = np.asarray(image)
    return array if array.ndim == 2 else cv2.cvtColor(array, cv2.COLOR_RGB2GRAY)


def _ink(gray: np.ndarray) -> np.ndarray:
    """Ink = 255. Adaptive, because scans are unevenly lit; a median first drops speckle."""
    smooth = cv2.medianBlur(gray, 3)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)


def _profile_score(ink: np.ndarray, angle: float) -> float:
    """Sharpness of the row profile: text lines and rulings give sharp peaks when level."""
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def estimate_skew(gray: np.ndarray) -> float:
    """Small rotation of the page in degrees (counter-clockwise positive), by projection profile."""
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = _ink(small)
    if cv2.countNonZero(ink) < 200:
        return 0.0
    coarse = np.arange(-_MAX_SKEW_DEGREES, _MAX_SKEW_DEGREES + 0.01, 0.25)
    best = max(coarse, key=lambda a: _profile_score(ink, a))
    fine = np.arange(best - 0.25, best + 0.26, 0.05)
    return float(max(fine, key=lambda a: _profile_score(ink, a)))


def _rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _upright(gray: np.ndarray, languages: str) -> np.ndarray:
    """Turn a page scanned sideways upright. OSD is asked only when text seems to run vertically."""
    scale = min(1.0, 800 / max(gray.shape))
    ink = _ink(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    if _profile_score(ink, 0) * 1.5 > _profile_score(np.ascontiguousarray(ink.T), 0):
        return gray
    try:
        osd = pytesseract.image_to_osd(Image.fromarray(gray), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return gray
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turns.get(int(osd.get("rotate", 0)))
    return gray if code is None else cv2.rotate(gray, code)


# ---------------------------------------------------------------- ruling lines and tables


def text_height(ink: np.ndarray) -> float:
    """Median height of the page's glyphs in pixels (connected ink blobs of letter size), the
    yardstick for what is a ruling, what is speckle and how far apart lines are."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    widths = stats[1:count, cv2.CC_STAT_WIDTH]
    areas = stats[1:count, cv2.CC_STAT_AREA]
    glyphs = heights[(heights >= 8) & (heights <= ink.shape[0] // 10) & (areas >= 20)
                     & (widths <= 4 * heights)]  # specks, even grown by the threshold, are smaller
    return float(np.median(glyphs)) if len(glyphs) >= 5 else 20.0


def _line_masks(ink: np.ndarray, glyph_height: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling masks: long thin runs of ink survive an opening. A ruling
    is several glyphs long, so that the stems and bars of large print (a title) are not taken
    for rulings and erased."""
    h, w = ink.shape
    least = int(3 * glyph_height)
    thick_h = cv2.dilate(ink, np.ones((3, 1), np.uint8))  # tolerate wavy, broken scan lines
    thick_v = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    horizontal = cv2.morphologyEx(thick_h, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(25, w // 30, least), 1)))
    vertical = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (1, max(20, h // 60, least))))
    return horizontal, vertical


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, int, int]]:
    """(position across, start, end along) of each line in a mask; axis 0 = horizontal lines."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:count]:
        if axis == 0:
            out.append((y + h / 2, int(x), int(x + w)))
        else:
            out.append((x + w / 2, int(y), int(y + h)))
    return out


def _cluster(positions: list[float], tolerance: float) -> list[int]:
    """Positions within `tolerance` of each other are one ruling (a thick or doubled line)."""
    result: list[list[float]] = []
    for p in sorted(positions):
        if result and p - result[-1][-1] <= tolerance:
            result[-1].append(p)
        else:
            result.append([p])
    return [int(round(sum(group) / len(group))) for group in result]


def _covered(mask: np.ndarray, fixed: int, start: int, end: int, tol: int, axis: int) -> bool:
    """Does a ruling run along most of [start, end) at `fixed` (y for axis 0, x for axis 1)?"""
    margin = max(1, (end - start) // 10)
    start, end = start + margin, end - margin
    if end <= start:
        return True
    if axis == 0:
        band = mask[max(0, fixed - tol): fixed + tol + 1, start:end]
        hits = band.any(axis=0)
    else:
        band = mask[start:end, max(0, fixed - tol): fixed + tol + 1]
        hits = band.any(axis=1)
    return bool(hits.mean() > 0.6)


def _table_cells(hmask: np.ndarray, vmask: np.ndarray, box: tuple[int, int, int, int],
                 tol: int) -> TableBox | None:
    """Lattice of rulings inside one table region; cells without a ruling between them merge."""
    x0, y0, x1, y1 = box
    hs = [s for s in _segments(hmask[y0:y1, x0:x1], 0) if s[2] - s[1] > (x1 - x0) * 0.05]
    vs = [s for s in _segments(vmask[y0:y1, x0:x1], 1) if s[2] - s[1] > (y1 - y0) * 0.02]
    ys = [y + y0 for y in _cluster([s[0] for s in hs], tol * 2)]
    xs = [x + x0 for x in _cluster([s[0] for s in vs], tol * 2)]
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _covered(vmask, xs[c + 1], ys[r], ys[r + 1], tol, 1):
                parent[find(here + 1)] = find(here)
            if r + 1 < n_rows and not _covered(hmask, ys[r + 1], xs[c], xs[c + 1], tol, 0):
                parent[find(here + n_cols)] = find(here)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for members in groups.values():
        r0 = min(r for r, _ in members)
        c0 = min(c for r, c in members if r == r0)
        r1 = max(r for r, _ in members) + 1
        c1 = max(c for _, c in members) + 1
        cells.append(CellBox(r0, c0, (xs[c0], ys[r0], xs[c1], ys[r1])))
    if len(cells) < 2:
        return None  # a frame around the page or a boxed paragraph is no table
    return TableBox((xs[0], ys[0], xs[-1], ys[-1]), tuple(xs), tuple(ys),
                    tuple(sorted(cells, key=lambda cell: (cell.row, cell.col))))


def find_tables(hmask: np.ndarray, vmask: np.ndarray) -> list[TableBox]:
    """Ruled tables: connected groups of horizontal and vertical rulings forming at least 2 cells."""
    h, w = hmask.shape
    tol = max(3, round(min(h, w) * 0.003))
    joined = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((2 * tol + 1, 2 * tol + 1), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    tables = []
    for x, y, bw, bh, _area in stats[1:count]:
        if bw < w * 0.1 or bh < h * 0.02:
            continue
        table = _table_cells(hmask, vmask, (int(x), int(y), int(x + bw), int(y + bh)), tol)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.box[1])


# ---------------------------------------------------------------- Tesseract


def _words(image: np.ndarray, languages: str, psm: int, offset: tuple[int, int] = (0, 0),
           key_base: int = 0, extra: str = "") -> list[Word]:
    data = pytesseract.image_to_data(Image.fromarray(image), lang=languages,
                                     config=f"--psm {psm} {extra}".strip(),
                                     output_type=pytesseract.Output.DICT)
    dx, dy = offset
    words = []
    for i, raw in enumerate(data["text"]):
        text = unicodedata.normalize("NFKC", raw or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        left, top = int(data["left"][i]) + dx, int(data["top"][i]) + dy
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        key = (key_base + int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(Word(text, conf, box, key))
    return words


_SPECK_MARKS = frozenset(".,'`\"‘’“”„~_°|©®™•·«»¢¥§¶¬")


def _is_junk(word: Word) -> bool:
    """Remnants of rulings and speckle that Tesseract reads as punctuation (a lone `-` stays:
    it is a not-applicable mark in target cells)."""
    if re.search(r"[\p{L}\p{N}]", word.text):
        return False
    return word.conf < 40 or all(ch in _SPECK_MARKS for ch in word.text)


def _lines_of(words: list[Word]) -> list[list[Word]]:
    """Words -> visual lines, top to bottom, each left to right. A word joins the line above
    when its vertical centre is within half a typical word height of that line's centre, so a
    tall word (a bracket, a speck read as `©`) cannot swallow the next line."""
    if not words:
        return []
    heights = sorted(w.box[3] - w.box[1] for w in words)
    tolerance = 0.5 * heights[len(heights) // 2]
    lines: list[list[Word]] = []
    centres: list[float] = []
    for word in sorted(words, key=lambda w: w.centre[1]):
        cy = word.centre[1]
        if lines and abs(cy - centres[-1]) <= tolerance:
            lines[-1].append(word)
            centres[-1] += (cy - centres[-1]) / len(lines[-1])
        else:
            lines.append([word])
            centres.append(cy)
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


_CASELESS = frozenset("cosvwxzCOSVWXZ")  # letters whose two cases differ only in size


def _cell_text(words: list[Word], available: float) -> str:
    """A cell's lines joined by "\n", a word broken over two lines of a narrow cell glued back
    (`N`/`O`, `Tahu`/`nan`) by the rule the text-layer reader uses. Word boxes hug the ink,
    so `available` should already allow for the glyphs' side bearings. A lone letter whose
    cases look alike under a capitalised line is a capital when it stands as tall (`N`/`O`)."""
    groups = _lines_of(words)
    lines = [Line(" ".join(w.text for w in line),
                  (min(w.box[0] for w in line), min(w.box[1] for w in line),
                   max(w.box[2] for w in line), max(w.box[3] for w in line)))
             for line in groups]
    for k, (line, group) in enumerate(zip(lines, groups, strict=True)):
        twice = re.fullmatch(r"(\p{L})(\p{L})(\W*)", line.text)
        if twice and twice[1].lower() == twice[2].lower() and group[0].conf < 50:
            lines[k] = Line(twice[1] + twice[3], line.bbox)  # one unsure lone glyph read twice (`Oo`)
    for k in range(1, len(lines)):
        text, above = lines[k], lines[k - 1]
        letters = re.sub(r"\W", "", text.text)
        if 0 < len(letters) <= 2 and set(letters) <= _CASELESS and above.text.isupper():
            # `o` or `O`: a capital stands as tall as the capitals above it
            tall = text.bbox[3] - text.bbox[1] >= 0.85 * (above.bbox[3] - above.bbox[1])
            lines[k] = Line(text.text.upper() if tall else text.text.lower(), text.bbox)
    return join_cell_lines(lines, available)


def _ink_box(clean: np.ndarray, box: tuple[int, int, int, int],
             inset: int = 3) -> tuple[int, int, int, int] | None:
    """The inked part of a cell (inset from its rulings), or None when the cell is blank."""
    x0, y0, x1, y1 = box
    crop = clean[y0 + inset: y1 - inset, x0 + inset: x1 - inset]
    if crop.size == 0:
        return None
    ink = cv2.morphologyEx(255 - crop, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    if cv2.countNonZero(ink) < 30:
        return None
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return (x0 + inset + int(cols[0]), y0 + inset + int(rows[0]),
            x0 + inset + int(cols[-1]) + 1, y0 + inset + int(rows[-1]) + 1)


def _read_cells(clean: np.ndarray, boxes: list[tuple[int, int, int, int]], languages: str,
                line_height: float, extra: str = "") -> list[list[Word]]:
    """OCR every cell on its own: whole-page OCR reads a ruled table across cells, drops short
    isolated tokens (a row's `1`, a lone `I`) and mixes the lines of neighbouring cells. The
    inked parts of the cells are stacked, a blank band between them, into a few tall images,
    each one Tesseract run that reads line by line (a cell's lines stay together, in order)."""
    pad = max(20, int(line_height))
    inset = max(3, int(line_height / 6))  # clear of what erasing left of a ruling
    inked = [(i, b) for i, b in enumerate(_ink_box(clean, box, inset) for box in boxes) if b is not None]
    result: list[list[Word]] = [[] for _ in boxes]
    total = sum(b[3] - b[1] + pad for _, b in inked)
    limit = min(_MOSAIC_HEIGHT, total // _WORKERS + 1) if total > 3000 else _MOSAIC_HEIGHT
    chunks: list[list[tuple[int, tuple[int, int, int, int]]]] = [[]]
    height = pad
    for item in inked:
        grow = item[1][3] - item[1][1] + pad
        if chunks[-1] and height + grow > limit:
            chunks.append([])
            height = pad
        chunks[-1].append(item)
        height += grow
    jobs = [(chunk, 20_000 * (n + 1)) for n, chunk in enumerate(c for c in chunks if c)]
    with ThreadPoolExecutor(_WORKERS) as pool:  # Tesseract runs as a child process: threads suffice
        for found in pool.map(lambda job: _read_mosaic(clean, job[0], languages, pad, job[1], extra), jobs):
            for i, words in found.items():
                result[i] = words
    return result


def _read_mosaic(clean: np.ndarray, chunk: list[tuple[int, tuple[int, int, int, int]]],
                 languages: str, pad: int, key_base: int, extra: str = "") -> dict[int, list[Word]]:
    width = max(b[2] - b[0] for _, b in chunk) + 2 * pad
    height = sum(b[3] - b[1] + pad for _, b in chunk) + pad
    mosaic = np.full((height, width), 255, np.uint8)
    bands = []
    y = pad
    for i, (x0, y0, x1, y1) in chunk:
        mosaic[y: y + y1 - y0, pad: pad + x1 - x0] = clean[y0:y1, x0:x1]
        bands.append((i, y, y + y1 - y0, x0 - pad, y0 - y))
        y += y1 - y0 + pad
    result: dict[int, list[Word]] = {i: [] for i, _ in chunk}
    tops = [band[1] for band in bands]
    for word in _words(mosaic, languages, 6, key_base=key_base, extra=extra):
        cy = word.centre[1]
        k = max(0, int(np.searchsorted(tops, cy + pad / 2, side="right")) - 1)
        i, top, bottom, dx, dy = bands[k]
        if not top - pad / 2 <= cy < bottom + pad / 2:
            continue
        x0, t, x1, b = word.box
        moved = Word(word.text, word.conf, (x0 + dx, t + dy, x1 + dx, b + dy), word.key)
        if not _is_junk(moved):
            result[i].append(moved)
    return result


# ---------------------------------------------------------------- mending OCR slips

_NUMBERISH = re.compile(r"(?:Rp\.?\s?)?[0-9OoIl]+(?:[.,][0-9OoIl]+)*(?:\s?%)?")
_NOT_APPLICABLE = re.compile(r"N\s?[I1l|J]\s?A\.?|N/A\.|NA|N/ A|N / A")
_PERCENT_AS_96 = re.compile(r"(\d{1,3}(?:[.,]\d+)?)(?: 96| 9%|x)")
_PERCENT_AS_YO = re.compile(r"(\d{1,3}(?:[.,]\d+)?) ?Yo")
_ONE_LOOKALIKE = frozenset({"i", "l", "I", "]", "["})
_QUARTERS = ("I", "II", "III", "IV")


_NOT_APPLICABLE_LOOSE = re.compile(r"[NW]\s?[/IJY1l|7\\]?\s?[AÀÁÂ4]\.?")


def mend_cell(text: str, column_has_percent: bool = False,
              column_is_numbers: bool = False, column_of_values: bool = False) -> tuple[str, str | None]:
    """A cell's text with a known OCR slip mended, and the slip as `old → new` (None if none).

    Only whole-cell values are touched, where the context is certain: a number
    cell (a digit or a trailing `%` in it) with letters that look like digits, a
    not-applicable mark, a `1` read as `i` in a column of numbers, and a `%` read
    as `Yo`, or as `96` when other cells of the column carry `%`.
    """
    stripped = text.strip()
    if _NUMBERISH.fullmatch(stripped) and re.search(r"\d|%$", stripped) and re.search(
            r"[OoIl]", stripped.removeprefix("Rp")):
        head = "Rp" if stripped.startswith("Rp") else ""
        body = stripped[len(head):].translate(str.maketrans("OoIl", "0011"))
        return head + body, f"{stripped} → {head + body}"
    if stripped != "N/A" and (_NOT_APPLICABLE.fullmatch(stripped) or (
            column_of_values and _NOT_APPLICABLE_LOOSE.fullmatch(stripped))):
        return "N/A", f"{stripped} → N/A"
    if column_is_numbers and stripped in _ONE_LOOKALIKE:
        return "1", f"{stripped} → 1"
    number = re.fullmatch(r"(\d{1,3})\s+[.,:;'`]+|(\d{1,3})[,:;'`]+", stripped)
    if column_is_numbers and number:
        return number.group(number.lastindex), f"{stripped} → {number.group(number.lastindex)}"
    match = _PERCENT_AS_YO.fullmatch(stripped)
    if match:
        return match.group(1) + " %", f"{stripped} → {match.group(1)} %"
    match = _PERCENT_AS_96.fullmatch(stripped)
    if match and column_has_percent and float(match.group(1).replace(",", ".")) <= 100:
        return match.group(1) + "%", f"{stripped} → {match.group(1)}%"
    return text, None


def _number_column(texts: list[list[str]], col: int) -> bool:
    """Most filled cells of the column are small integers (a NO column)."""
    filled = [r[col].strip() for r in texts if r[col].strip()]
    numbers = [t for t in filled if re.fullmatch(r"\d{1,3}\.?", t)]
    ones = [t for t in filled if t in _ONE_LOOKALIKE]  # row numbers `1` read as `l`
    # a lone `l` is no word and no Roman numeral: a column of them is one of numbers
    certain = numbers or any(t != "I" for t in ones)
    count = len(numbers) + len(ones)
    return bool(certain) and count >= 2 and count * 2 >= len(filled)


_VALUE = re.compile(r"[<>≥≤]?\s?(?:Rp\.?\s?)?\d[\d.,]*\s?%?|N/A|-|\(\d+\)\s?\w{1,4}")


def _value_column(texts: list[list[str]], col: int) -> bool:
    """Most filled cells of the column are values (numbers, percentages, N/A): a target column,
    where a short `NYA` or `WA` can only be a not-applicable mark."""
    filled = [r[col].strip() for r in texts if r[col].strip()]
    values = [t for t in filled if _VALUE.fullmatch(t.replace("\n", " "))
              or _NOT_APPLICABLE.fullmatch(t) or _NOT_APPLICABLE_LOOSE.fullmatch(t)]
    return len(values) >= 2 and len(values) * 2 >= len(filled)


def _mend_grid(texts: list[list[str]], table: TableBox) -> tuple[list[list[str]], list[str]]:
    slips = []
    width = table.n_cols
    percent_cols = {c for c in range(width) if any(r[c].strip().endswith("%") for r in texts)}
    number_cols = {c for c in range(width) if _number_column(texts, c)}
    value_cols = {c for c in range(width) if _value_column(texts, c)}
    mended = []
    for row in texts:
        new_row = []
        for c, text in enumerate(row):
            new, slip = mend_cell(text, c in percent_cols, c in number_cols, c in value_cols)
            new_row.append(new)
            if slip:
                slips.append(slip)
        mended.append(new_row)
    slips.extend(_mend_quarters(mended, table))
    return mended, slips


def _mend_quarters(texts: list[list[str]], table: TableBox) -> list[str]:
    """Under a `Triwulan` cell spanning four columns the sub-headers are I-IV; narrow condensed
    Roman numerals are what Tesseract misreads most (`Mi` for III, nothing for I)."""
    slips = []
    for cell in table.cells:
        x0, _, x1, y1 = cell.box
        text = texts[cell.row][cell.col]
        if re.sub(r"[^\p{L}]", "", text).lower() != "triwulan" or y1 not in table.ys:
            continue
        if text != "Triwulan" and re.fullmatch(r"\W*triwulan\W*\d?\W*", text, re.IGNORECASE):
            texts[cell.row][cell.col] = "Triwulan"  # a speck beside the word read as `“` or `3`
            slips.append(f"{text} → Triwulan")
        below = table.ys.index(y1)
        cols = [c for c in range(table.n_cols) if x0 <= table.xs[c] < x1]
        if below >= table.n_rows or len(cols) != 4:
            continue
        for c, numeral in zip(cols, _QUARTERS, strict=True):
            old = texts[below][c]
            if old.strip() != numeral:
                texts[below][c] = numeral
                slips.append(f"{old.strip() or '(blank)'} → {numeral}")
    return slips


def _kept_lattice(table: TableBox, texts: list[list[str]],
                  shape: tuple[int, ...]) -> tuple[list[int], list[int]]:
    """Lattice rows and columns worth keeping: rulings that are doubled or stop short make
    empty rows (never content: text renderings drop blank rows too) and empty slivers of
    columns thinner than a text line."""
    min_w = shape[1] * 0.012
    keep_rows = [r for r in range(table.n_rows) if any(texts[r])]
    keep_cols = [c for c in range(table.n_cols)
                 if any(row[c] for row in texts) or table.xs[c + 1] - table.xs[c] >= min_w]
    return keep_rows, keep_cols


# ---------------------------------------------------------------- assembly


def _to_points(box: tuple[float, float, float, float], ppp: float) -> BBox:
    return (round(box[0] * ppp, 2), round(box[1] * ppp, 2), round(box[2] * ppp, 2),
            round(box[3] * ppp, 2))


def _inside(point: tuple[float, float], box: tuple[int, int, int, int]) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


def _speckled(gray: np.ndarray) -> bool:
    """Many ink dots of a few pixels: scanner noise (clean scans have a few per megapixel,
    noisy ones thousands)."""
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tiny = int((stats[1:count, cv2.CC_STAT_AREA] <= 6).sum())
    return tiny > 200 * gray.size / 1e6


def _binarise(gray: np.ndarray) -> np.ndarray:
    """Black text on white for Tesseract. Speckle makes it see punctuation everywhere (and run
    slowly): on a speckled page a 3x3 median removes the dots and keeps strokes, which are
    thicker at OCR resolutions; clean pages skip it, since it thins small print. Otsu is what
    Tesseract would do itself."""
    smooth = cv2.medianBlur(gray, 3) if _speckled(gray) else gray
    return cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def _despeckle(clean: np.ndarray, glyph_height: float) -> np.ndarray:
    """Drop ink blobs much smaller than a full stop (an eighth of a glyph's height squared):
    scanner pepper that Tesseract reads as stray `.`, `,` or `©` beside words."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(255 - clean, connectivity=8)
    tiny = stats[:, cv2.CC_STAT_AREA] <= max(2.0, (glyph_height / 8) ** 2)
    tiny[0] = False
    if not tiny.any():
        return clean
    out = clean.copy()
    out[tiny[labels]] = 255
    return out


def _erase_rulings(gray: np.ndarray, hmask: np.ndarray, vmask: np.ndarray) -> np.ndarray:
    lines = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[lines > 0] = 255
    return clean


_QUOTES = "'‘’\"“”„`"


def _unquoted(words: list[Word]) -> list[Word]:
    """Words without quote marks that open or close nothing: a speck at a word's shoulder is
    read as `'` or `“` (`'Keterangan`); quotes that pair up within the cell stay."""
    if sum(ch in _QUOTES for w in words for ch in w.text) >= 2:
        return words
    out = []
    for w in words:
        text = w.text.strip(_QUOTES)
        if text:
            out.append(Word(text, w.conf, w.box, w.key) if text != w.text else w)
    return out


def _reread_in_context(tables: list[TableBox], cell_words: list[list[list[Word]]],
                       clean: np.ndarray, languages: str, glyph_height: float) -> None:
    """A short cell read with little confidence, or with a number too wide for its digits (`2`
    for `25`: on a line of its own Tesseract may drop a glyph), is read again inside its whole
    row: alone, an odd token (`lOO%`) has no line for Tesseract to fit; beside its neighbours
    it has one. All such rows go in one extra run; the better-trusted reading wins."""
    def unsure(words: list[Word]) -> bool:
        return bool(words) and len(words) <= 3 and (_mean([w.conf for w in words]) < 50 or any(
            re.fullmatch(r"[\d.,%]{1,4}", w.text)  # digits are narrower than they are tall
            and w.box[2] - w.box[0] > 0.95 * len(w.text) * (w.box[3] - w.box[1]) for w in words))

    todo = [(t, k) for t, table in enumerate(tables) for k, words in enumerate(cell_words[t])
            if unsure(words)]
    todo = todo[:_MAX_CONTEXT_REREADS]
    if not todo:
        return
    strips = [(tables[t].box[0], tables[t].cells[k].box[1], tables[t].box[2], tables[t].cells[k].box[3])
              for t, k in todo]
    again = _read_cells(clean, strips, languages, 1.5 * glyph_height)
    for (t, k), words in zip(todo, again, strict=True):
        mine = [w for w in words if _inside(w.centre, tables[t].cells[k].box)]
        if mine and _mean([w.conf for w in mine]) > _mean([w.conf for w in cell_words[t][k]]) - 5:
            cell_words[t][k] = mine


def _reread_numbers(tables: list[TableBox], cell_words: list[list[list[Word]]], clean: np.ndarray,
                    languages: str, glyph_height: float) -> None:
    """Cells of a column of row numbers that did not read as a number (`Ta` for 7, `g` for 8)
    are read again, in one run, by Tesseract told to see only digits. The header (every row
    above the column's first number) and cells spanning further columns are left alone."""
    todo: list[tuple[int, int]] = []
    for t, table in enumerate(tables):
        texts = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
        for cell, words in zip(table.cells, cell_words[t], strict=True):
            texts[cell.row][cell.col] = " ".join(w.text for w in words)
        for col in range(table.n_cols):
            if not _number_column(texts, col):
                continue
            first = next(r for r in range(table.n_rows) if re.fullmatch(r"\d{1,3}\.?", texts[r][col].strip())
                         or texts[r][col].strip() in _ONE_LOOKALIKE)
            for k, cell in enumerate(table.cells):
                text = texts[cell.row][cell.col].strip()
                alone = cell.col == col and cell.box[2] == table.xs[col + 1] and cell.row > first
                if alone and text and len(text) <= 3 and not re.fullmatch(r"\d{1,3}\.?", text):
                    todo.append((t, k))
    if not todo:
        return
    boxes = [tables[t].cells[k].box for t, k in todo]
    again = _read_cells(clean, boxes, languages, 1.5 * glyph_height,
                        "-c tessedit_char_whitelist=0123456789.")
    for (t, k), words in zip(todo, again, strict=True):
        if words and re.fullmatch(r"\d{1,3}\.?", " ".join(w.text for w in words)):
            cell_words[t][k] = words


def _grid_texts(table: TableBox, cell_words: list[list[Word]], glyph_height: float) -> list[list[str]]:
    """Cell texts of one table (span anchors hold the text)."""
    texts = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell, words_in in zip(table.cells, cell_words, strict=True):
        words_in = _unquoted(words_in)
        # the text's left margin in this cell stands for the padding on both sides
        padding = max(min((w.box[0] for w in words_in), default=cell.box[0]) - cell.box[0], 0)
        available = cell.box[2] - cell.box[0] - 2 * padding - 0.5 * glyph_height
        texts[cell.row][cell.col] = _cell_text(words_in, available)
    return texts


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


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
    gray = _upright(_to_gray(image), languages)
    angle = estimate_skew(gray)
    if abs(angle) >= 0.05:
        gray = _rotate(gray, angle)
    ink = _ink(gray)
    glyph_height = text_height(ink)
    hmask, vmask = _line_masks(ink, glyph_height)
    tables = find_tables(hmask, vmask)
    clean = _despeckle(_erase_rulings(_binarise(gray), hmask, vmask), glyph_height)
    # Running text is read with the tables blanked out; every cell is read on its own.
    outside = clean.copy()
    for table in tables:
        x0, y0, x1, y1 = table.box
        outside[y0:y1 + 1, x0:x1 + 1] = 255
    try:
        with ThreadPoolExecutor(1) as pool:  # the running text is read beside the cells
            inked = cv2.countNonZero(255 - outside) > 0
            page_words = pool.submit(_words, outside, languages, 3) if inked else None
            boxes = [cell.box for table in tables for cell in table.cells]
            read = iter(_read_cells(clean, boxes, languages, 1.5 * glyph_height))
            words = page_words.result() if page_words is not None else []
    except pytesseract.TesseractError as exc:
        finding = error("ocr_failed", f"Tesseract failed on page {page_number} ({exc}); check "
                        "the scan opens as an image.", page_number)
        return OcrResult(Page(page_number, ()), (finding,), None)
    cell_words = [[next(read) for _ in table.cells] for table in tables]
    _reread_in_context(tables, cell_words, clean, languages, glyph_height)
    _reread_numbers(tables, cell_words, clean, languages, glyph_height)
    return _assemble(words, tables, cell_words, clean.shape, glyph_height, page_number, settings,
                     points_per_pixel)


def _assemble(words: list[Word], tables: list[TableBox], cell_words: list[list[list[Word]]],
              shape: tuple[int, ...], glyph_height: float, page_number: int, settings: Settings,
              ppp: float) -> OcrResult:
    placed: list[tuple[float, float, Block]] = []
    all_used: list[Word] = []
    slips: list[str] = []
    remaining = [w for w in words if not any(_inside(w.centre, t.box) for t in tables)]
    for table, table_words in zip(tables, cell_words, strict=True):
        used = [w for ws in table_words for w in ws]
        texts = _grid_texts(table, table_words, glyph_height)
        texts, table_slips = _mend_grid(texts, table)
        keep_rows, keep_cols = _kept_lattice(table, texts, shape)
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
    text_words = [w for w in remaining if not _is_junk(w)]
    all_used.extend(text_words)
    for line in _visual_rows(_tesseract_lines(text_words)):
        box = (min(w.box[0] for w in line), min(w.box[1] for w in line),
               max(w.box[2] for w in line), max(w.box[3] for w in line))
        text = " ".join(w.text for w in line)
        placed.append((box[1], box[0], TextLine(text, Span(page_number, None, _to_points(box, ppp)))))
    placed.sort(key=lambda item: (item[0], item[1]))
    confidences = [w.conf for w in all_used]
    mean = round(_mean(confidences), 1) if confidences else None
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
