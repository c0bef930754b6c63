"""Tesseract runs: words of running text, and cells read one by one (stacked in mosaics).

A cell read alone has no neighbours to confuse it; unsure cells are read again in context.
"""

from __future__ import annotations

import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np
import regex as re

from extractors.readers.ocr.engine import cores, image_data
from extractors.readers.ocr.grid import TableBox
from extractors.readers.ocr.mend import ONE_LOOKALIKE, number_column
from extractors.readers.words.cells import join_cell_lines
from extractors.readers.words.model import Line

_MOSAIC_HEIGHT = 12_000  # pixels of stacked cells per Tesseract run (its images stay well in bounds)


_WORKERS = min(2, cores())  # Tesseract runs of one page at a time (each single-threaded)


_MAX_CONTEXT_REREADS = 16  # unsure short cells per page read again within their row


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels of the deskewed image
    key: tuple[int, int, int]  # Tesseract block, paragraph, line

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


Variables = tuple[tuple[str, str], ...]  # Tesseract settings for one run (a character whitelist)


def read_words(image: np.ndarray, languages: str, psm: int, offset: tuple[int, int] = (0, 0),
           key_base: int = 0, variables: Variables = ()) -> list[Word]:
    data = image_data(image, languages, psm, variables)
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


def is_junk(word: Word) -> bool:
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


def read_cells(clean: np.ndarray, boxes: list[tuple[int, int, int, int]], languages: str,
                line_height: float, variables: Variables = (),
                pixels: np.ndarray | None = None) -> list[list[Word]]:
    """OCR every cell on its own: whole-page OCR reads a ruled table across cells, drops short
    isolated tokens (a row's `1`, a lone `I`) and mixes the lines of neighbouring cells. The
    inked parts of the cells are stacked, a blank band between them, into a few tall images,
    each one Tesseract run that reads line by line (a cell's lines stay together, in order).
    The ink is found on `clean`; what Tesseract sees is taken from `pixels` (default `clean`)."""
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
    with ThreadPoolExecutor(_WORKERS) as pool:  # Tesseract releases the GIL: threads suffice
        source = clean if pixels is None else pixels
        for found in pool.map(lambda job: _read_mosaic(source, job[0], languages, pad, job[1], variables),
                              jobs):
            for i, words in found.items():
                result[i] = words
    return result


def _read_mosaic(clean: np.ndarray, chunk: list[tuple[int, tuple[int, int, int, int]]],
                 languages: str, pad: int, key_base: int, variables: Variables = ()) -> dict[int, list[Word]]:
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
    for word in read_words(mosaic, languages, 6, key_base=key_base, variables=variables):
        cy = word.centre[1]
        k = max(0, int(np.searchsorted(tops, cy + pad / 2, side="right")) - 1)
        i, top, bottom, dx, dy = bands[k]
        if not top - pad / 2 <= cy < bottom + pad / 2:
            continue
        x0, t, x1, b = word.box
        moved = Word(word.text, word.conf, (x0 + dx, t + dy, x1 + dx, b + dy), word.key)
        if not is_junk(moved):
            result[i].append(moved)
    return result


def inside_box(point: tuple[float, float], box: tuple[int, int, int, int]) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


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


def reread_in_context(tables: list[TableBox], cell_words: list[list[list[Word]]],
                       clean: np.ndarray, languages: str, glyph_height: float) -> None:
    """A short cell read with little confidence, or with a number too wide for its digits (`2`
    for `25`: on a line of its own Tesseract may drop a glyph), is read again inside its whole
    row: alone, an odd token (`lOO%`) has no line for Tesseract to fit; beside its neighbours
    it has one. All such rows go in one extra run; the better-trusted reading wins."""
    def unsure(words: list[Word]) -> bool:
        return bool(words) and len(words) <= 3 and (mean_of([w.conf for w in words]) < 50 or any(
            re.fullmatch(r"[\d.,%]{1,4}", w.text)  # digits are narrower than they are tall, `%` not
            and w.box[2] - w.box[0] > 0.95 * (len(w.text) + w.text.count("%")) * (w.box[3] - w.box[1])
            for w in words))

    todo = [(t, k) for t, table in enumerate(tables) for k, words in enumerate(cell_words[t])
            if unsure(words)]
    todo = todo[:_MAX_CONTEXT_REREADS]
    if not todo:
        return
    strips = [(tables[t].box[0], tables[t].cells[k].box[1], tables[t].box[2], tables[t].cells[k].box[3])
              for t, k in todo]
    again = read_cells(clean, strips, languages, 1.5 * glyph_height)
    for (t, k), words in zip(todo, again, strict=True):
        mine = [w for w in words if inside_box(w.centre, tables[t].cells[k].box)]
        if mine and mean_of([w.conf for w in mine]) > mean_of([w.conf for w in cell_words[t][k]]) - 5:
            cell_words[t][k] = mine


def reread_numbers(tables: list[TableBox], cell_words: list[list[list[Word]]], clean: np.ndarray,
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
            if not number_column(texts, col):
                continue
            first = next(r for r in range(table.n_rows) if re.fullmatch(r"\d{1,3}\.?", texts[r][col].strip())
                         or texts[r][col].strip() in ONE_LOOKALIKE)
            for k, cell in enumerate(table.cells):
                text = texts[cell.row][cell.col].strip()
                alone = cell.col == col and cell.box[2] == table.xs[col + 1] and cell.row > first
                if alone and text and len(text) <= 3 and not re.fullmatch(r"\d{1,3}\.?", text):
                    todo.append((t, k))
    if not todo:
        return
    boxes = [tables[t].cells[k].box for t, k in todo]
    again = read_cells(clean, boxes, languages, 1.5 * glyph_height,
                        (("tessedit_char_whitelist", "0123456789."),))
    for (t, k), words in zip(todo, again, strict=True):
        if words and re.fullmatch(r"\d{1,3}\.?", " ".join(w.text for w in words)):
            cell_words[t][k] = words


_VALUE_READING = re.compile(r"[<>≥≤]?\s?\d[\d.,]*\s?%?")

# A value read this surely is not read again: the grey reading replaces it only when surer by 3
# points, and the thinned digits the second reading is for come out below 94 (measured on 557
# value cells of the bench, seed and real scans: the surest replaced first reading was 93.3,
# and 389 of the 557 were 95 or more).
_SURE_VALUE = 95.0


def reread_values(tables: list[TableBox], cell_words: list[list[list[Word]]], clean: np.ndarray,
                  gray: np.ndarray, languages: str, glyph_height: float) -> None:
    """Cells holding a value (`88,6`, `100`, `75%`) read with less than `_SURE_VALUE` confidence
    are read once more from the grey page, in one run, and the surer reading kept: binarising
    thins small digits, mostly in 1-bit scans, and Tesseract then takes a 6 for an 8 or a 0 for
    a 6 (`88,8`, `160`) with confidence."""
    todo = [(t, k) for t, table in enumerate(tables) for k, words in enumerate(cell_words[t])
            if words and len(words) <= 2 and _VALUE_READING.fullmatch(" ".join(w.text for w in words))
            and mean_of([w.conf for w in words]) < _SURE_VALUE]
    if not todo:
        return
    boxes = [tables[t].cells[k].box for t, k in todo]
    again = read_cells(clean, boxes, languages, 1.5 * glyph_height, pixels=gray)
    for (t, k), words in zip(todo, again, strict=True):
        words = [w for w in words if re.search(r"\d", w.text)]
        old = cell_words[t][k]
        if (words and _VALUE_READING.fullmatch(" ".join(w.text for w in words))
                and mean_of([w.conf for w in words]) > mean_of([w.conf for w in old]) + 3):
            cell_words[t][k] = words


def grid_texts(table: TableBox, cell_words: list[list[Word]], glyph_height: float) -> list[list[str]]:
    """Cell texts of one table (span anchors hold the text)."""
    texts = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell, words_in in zip(table.cells, cell_words, strict=True):
        words_in = _unquoted(words_in)
        # the text's narrower margin in this cell stands for the padding on both sides (the
        # left one for left-aligned text, the right one for right-aligned numbers)
        left = min((w.box[0] for w in words_in), default=cell.box[0]) - cell.box[0]
        right = cell.box[2] - max((w.box[2] for w in words_in), default=cell.box[2])
        padding = max(min(left, right), 0)
        available = cell.box[2] - cell.box[0] - 2 * padding - 0.5 * glyph_height
        texts[cell.row][cell.col] = _cell_text(words_in, available)
    return texts


def mean_of(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
