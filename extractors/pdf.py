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

import io
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pdfplumber
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils import cluster_objects

from extractors.findings import Finding, error, warning
from extractors.layout import BBox, Block, Cell, Grid, Layout, Page, Span, TextLine
from extractors.settings import Settings

Obj = dict[str, Any]
LINES_STRATEGY = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
LINE_TOLERANCE = 2.5  # points: words whose tops differ less sit on one visual line
MARGIN_ZONE = 0.12  # running headers/footers live in the top/bottom 12% of a page
COLUMN_TOLERANCE = 4.0  # points: column edges of a table continued on the next page
INVISIBLE_RENDER_MODES = {3, 7}  # 3 = neither fill nor stroke, 7 = clip only

_PAGE_NUMBER = re.compile(
    r"^(?:(?:halaman|hal\.?|page)\s*\d+(?:\s*(?:dari|of|/)\s*\d+)?|[-–—]\s*\d+\s*[-–—]|\d{1,3})$",
    re.IGNORECASE,
)
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")


# ---- what a page holds before pages are stitched together --------------------------------


@dataclass(frozen=True)
class FoundGrid:
    """A grid plus the column x-edges that decide whether the next page continues it."""

    grid: Grid
    edges: tuple[float, ...]
    top: float


@dataclass(frozen=True)
class Line:
    """A visual line of words, in page coordinates."""

    text: str
    bbox: BBox


Item = TextLine | FoundGrid


@dataclass(frozen=True)
class PageRead:
    number: int
    items: tuple[Item, ...]
    height: float
    findings: tuple[Finding, ...] = ()
    ocr: bool = False


# ---- entry point -------------------------------------------------------------------------


def read_pdf(data: bytes, settings: Settings) -> Layout:
    """Read every page; a failing page is a finding, a failing file is a Layout without pages."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
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
    reads = _drop_running_lines(reads)
    pages = _stitch_tables(reads)
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
        return _read_page(page, number, scans)
    except Exception as exc:  # noqa: BLE001 - one bad page must not cost the others
        message = f"Page {number} could not be read ({type(exc).__name__}); check that page in the PDF."
        return PageRead(number, (), 0.0, (error("page_unreadable", message, page=number),))


# ---- one page ----------------------------------------------------------------------------


def _read_page(page: pdfplumber.page.Page, number: int, scans: ScanState) -> PageRead:
    _load_visible_layout(page)
    visible = page.filter(_visibility_test(page))
    chars = [c for c in visible.chars if c["text"].strip()]
    if len(chars) < 10 and _has_page_image(page):
        return scans.ocr(number, float(page.height))
    words = visible.extract_words(x_tolerance=3, y_tolerance=LINE_TOLERANCE, keep_blank_chars=False)
    words = [dict(w, text=nfkc(w["text"])) for w in words if nfkc(w["text"]).strip()]
    tables = _outermost([t for t in visible.find_tables(LINES_STRATEGY) if _is_real_table(t)])
    found = [_grid_from_table(t, words, number) for t in tables]
    loose = [w for w in words if not any(_inside(_center(w), t.bbox) for t in tables)]
    if not found:
        found, loose = _unruled_grids(loose, number)
    lines = [
        TextLine(unspace_letters(ln.text), Span(page=number, bbox=ln.bbox)) for ln in words_to_lines(loose)
    ]
    items: list[Item] = sorted([*lines, *found], key=_item_top)
    return PageRead(number, tuple(items), float(page.height))


def nfkc(text: str) -> str:
    """Contract: NFKC (mathematical letters, ligatures), no-break spaces as spaces."""
    return unicodedata.normalize("NFKC", text.replace("\u00a0", " "))


_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_] ){3,}[^\W\d_](?![^\W\d_])")


def unspace_letters(text: str) -> str:
    """`N a m a : X` -> `Nama : X`: a label typed letter by letter (4+ letters) reads as the word."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def _item_top(item: Item) -> float:
    if isinstance(item, FoundGrid):
        return item.top
    return item.at.bbox[1] if item.at.bbox else 0.0


class _VisibleTextAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, minus characters drawn in an invisible render mode.

    pdfminer does not pass the render mode on to characters, so it is caught
    where the text state is still known (render_string) and the characters it
    produces are dropped (render mode 3: OCR layers, hidden keywords).
    """

    _invisible = False

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self._invisible = textstate.render in INVISIBLE_RENDER_MODES
        super().render_string(textstate, seq, ncs, graphicstate)
        self._invisible = False

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        adv = super().render_char(*args, **kwargs)
        if self._invisible and self.cur_item._objs:
            self.cur_item._objs.pop()
        return adv


def _load_visible_layout(page: pdfplumber.page.Page) -> None:
    """Lay the page out with `_VisibleTextAggregator` (pdfplumber reuses `_layout` once set)."""
    device = _VisibleTextAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _is_white(color: Any) -> bool:
    if not isinstance(color, tuple) or not color or not all(isinstance(v, int | float) for v in color):
        return False
    if len(color) == 4:  # CMYK
        return all(v <= 0.02 for v in color)
    return all(v >= 0.98 for v in color)


def _visibility_test(page: pdfplumber.page.Page) -> Callable[[Obj], bool]:
    """Keep every non-char object; keep a char when it is on the page and not white on white.

    White text on a dark filled box (a shaded header row) is visible and stays.
    """
    dark = [
        (r["x0"], r["top"], r["x1"], r["bottom"])
        for r in page.rects
        if r.get("fill") and not _is_white(r.get("non_stroking_color"))
    ]
    bounds = page.bbox

    def keep(obj: Obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        center = _center(obj)
        if not _inside(center, bounds):
            return False
        return not _is_white(obj.get("non_stroking_color")) or any(_inside(center, box) for box in dark)

    return keep


def _has_page_image(page: pdfplumber.page.Page) -> bool:
    area = float(page.width * page.height) or 1.0
    return any((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) >= 0.3 * area for i in page.images)


def _center(obj: Obj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def _inside(point: tuple[float, float], box: Sequence[float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def words_to_lines(words: Iterable[Obj]) -> list[Line]:
    """Words -> visual lines (clustered by top), each read left to right, sorted by top then x."""
    lines = []
    for cluster in cluster_objects(list(words), "top", LINE_TOLERANCE):
        cluster = sorted(cluster, key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in cluster)
        bbox = (
            min(w["x0"] for w in cluster),
            min(w["top"] for w in cluster),
            max(w["x1"] for w in cluster),
            max(w["bottom"] for w in cluster),
        )
        lines.append(Line(text, bbox))
    return sorted(lines, key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))


# ---- ruled tables ------------------------------------------------------------------------


def _is_real_table(table: Any) -> bool:
    """A box (a frame, a shaded label, ruled lines under prose) is no table: it needs two columns."""
    return max((len(r.cells) for r in table.rows), default=0) >= 2


def _outermost(tables: list[Any]) -> list[Any]:
    """Drop tables drawn inside another table's cell (a box in a `PARAF` column): their text is the cell's."""

    def within(a: Any, b: Any) -> bool:
        return a is not b and all(
            (a.bbox[i] >= b.bbox[i] - 1) if i < 2 else (a.bbox[i] <= b.bbox[i] + 1) for i in range(4)
        )

    return [t for t in tables if not any(within(t, other) for other in tables)]


def _grid_from_table(table: Any, words: list[Obj], number: int) -> FoundGrid:
    rows = table.rows
    edges = _column_edges(table)
    in_table = [w for w in words if _inside(_center(w), table.bbox)]
    padding = _table_padding(rows, in_table)
    grid_rows = []
    for row in rows:
        cells = []
        for j, bbox in enumerate(row.cells):
            if bbox is None:  # covered by a merged cell: empty, at its slot in the grid
                bbox = (edges[j], row.bbox[1], edges[min(j + 1, len(edges) - 1)], row.bbox[3])
                cells.append(Cell("", Span(page=number, bbox=_round(bbox))))
                continue
            mine = [w for w in in_table if _inside(_center(w), bbox)]
            text = join_cell_lines(words_to_lines(mine), (bbox[2] - bbox[0]) - 2 * padding)
            cells.append(Cell(text, Span(page=number, bbox=_round(bbox))))
        grid_rows.append(tuple(cells))
    grid = Grid(
        rows=tuple(grid_rows), at=Span(page=number, bbox=_round(table.bbox)), method="pdfplumber-lines"
    )
    return FoundGrid(grid, edges, float(table.bbox[1]))


def _round(bbox: Sequence[float]) -> BBox:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


def _column_edges(table: Any) -> tuple[float, ...]:
    xs = sorted({round(c[0], 1) for r in table.rows for c in r.cells if c} | {round(table.bbox[2], 1)})
    return tuple(xs)


def _table_padding(rows: Any, words: list[Obj]) -> float:
    """Cell padding: the smallest gap between a cell's left edge and its text (most cells align left)."""
    gaps = []
    for row in rows:
        for bbox in row.cells:
            if bbox:
                lefts = [w["x0"] for w in words if _inside(_center(w), bbox)]
                if lefts:
                    gaps.append(min(lefts) - bbox[0])
    return min(max(min(gaps, default=2.0), 0.0), 10.0)


_SHORT_WORDS = {"DI", "KE", "RI", "DAN", "OF", "TO", "IN", "ON", "A"}


def join_cell_lines(lines: Sequence[Line], available: float) -> str:
    """A cell's visual lines -> its text: lines joined with "\\n", except where a word was broken.

    Narrow Word columns break words that do not fit (`Persent`/`ase`,
    `TARGE`/`T`) and compounds at their hyphen (`E-`/`Government`). Such a
    break is glued back without a separator; every other line break stays "\\n".
    """
    if not lines:
        return ""
    text = lines[0].text
    for prev, nxt in zip(lines, lines[1:], strict=False):
        text += ("" if is_broken_word(prev, nxt, available) else "\n") + nxt.text
    return text


def is_broken_word(prev: Line, nxt: Line, available: float) -> bool:
    """Whether the break between two lines of a cell falls inside a word.

    - a line ending in letter+hyphen followed by a letter: a compound or reduplication
      (`E-`/`Government`, `program-`/`program`), kept with its hyphen;
    - a line that is one word filling the cell (within one character) followed by
      a lowercase remainder (`Persent`/`ase`), a digit remainder of a number
      (`228,869,037,86`/`9`), or one or two capitals after capitals (`TARGE`/`T`).
    """
    head, first = prev.text, nxt.text.split(" ", 1)[0]
    if re.search(r"[^\W\d_]-$", head) and first[:1].isalpha():
        return True
    if re.fullmatch(r"[.,:;)\]]+", nxt.text):  # `No`/`.`: only the punctuation wrapped
        return True
    if " " in head or not first:
        return False
    width = prev.bbox[2] - prev.bbox[0]
    if width < available - 1.2 * width / max(len(head), 1):
        return False
    if head[-1:].isalpha() and first[:1].islower():
        return True
    if re.search(r"[\d.,]$", head) and first[:1].isdigit():
        return True
    return (
        head.isupper()
        and first.isupper()
        and first.isalpha()
        and len(first) <= 2
        and first not in _SHORT_WORDS
    )


# ---- unruled tables ----------------------------------------------------------------------


def _segments(words: list[Obj], gap: float) -> list[tuple[float, float, list[Obj]]]:
    """A line's words grouped into runs separated by more than `gap` points."""
    runs: list[tuple[float, float, list[Obj]]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if runs and w["x0"] - runs[-1][1] <= gap:
            x0, _, ws = runs[-1]
            runs[-1] = (x0, max(runs[-1][1], w["x1"]), [*ws, w])
        else:
            runs.append((w["x0"], w["x1"], [w]))
    return runs


def _unruled_grids(words: list[Obj], number: int) -> tuple[list[FoundGrid], list[Obj]]:
    """Tables drawn without rules: runs of lines whose words fall into ≥3 aligned columns.

    Columns are the x-ranges no multi-column line's words cross; a new row starts
    where the vertical gap is wider than the line pitch inside cells, or where a
    number column (`NO`) gets an entry; wrapped lines join the current row's cells.
    """
    line_words = [sorted(c, key=lambda w: w["x0"]) for c in cluster_objects(words, "top", LINE_TOLERANCE)]
    line_words.sort(key=lambda ws: min(w["top"] for w in ws))
    sizes = [w["bottom"] - w["top"] for w in words]
    if not sizes:
        return [], words
    size = statistics.median(sizes)
    gap = max(3.5, 0.45 * size)
    grids: list[FoundGrid] = []
    used: set[int] = set()
    start = 0
    while start < len(line_words):
        region = _table_region(line_words, start, gap, size)
        if region is None:
            start += 1
            continue
        first, last, edges = region
        lines = line_words[first : last + 1]
        grids.append(_grid_from_aligned(lines, edges, size, number))
        used.update(id(w) for ws in lines for w in ws)
        start = last + 1
    return grids, [w for w in words if id(w) not in used]


def _table_region(
    lines: list[list[Obj]], start: int, gap: float, size: float
) -> tuple[int, int, tuple[float, ...]] | None:
    """The table starting at line `start` (first, last line, column edges), or None."""
    if len(_segments(lines[start], gap)) < 3:
        return None
    multi = [start]
    last = start
    for i in range(start + 1, len(lines)):
        pitch = min(w["top"] for w in lines[i]) - max(w["bottom"] for w in lines[i - 1])
        if pitch > 2.5 * size:
            break
        if len(_segments(lines[i], gap)) >= 3:
            multi.append(i)
            last = i
            continue
        edges = _aligned_edges([lines[k] for k in multi], gap)
        if not _fits_columns(lines[i], edges, gap) and not _next_is_multi(lines, i, gap, size):
            break
        last = i
    # header cells may span columns (`Triwulan` over I–IV): columns come from the body, below the
    # first line that starts with a row number, when there is one
    body = [k for k in multi if k >= next((k for k in multi if _starts_numbered(lines[k], gap)), start)]
    edges = _aligned_edges([lines[k] for k in body] if len(body) >= 2 else [lines[k] for k in multi], gap)
    # three aligned lines make a table; two do at the top of a page with four columns (a table's tail)
    if len(edges) < 4 or len(multi) < (2 if start <= 1 and len(edges) >= 5 else 3):
        return None
    if not _columns_aligned([lines[k] for k in multi], edges, gap):
        return None
    return start, last, edges


def _columns_aligned(lines: list[list[Obj]], edges: tuple[float, ...], gap: float) -> bool:
    """Table columns line up (left, centre or right) in most lines; justified prose only has wide gaps."""
    for j in range(len(edges) - 1):
        runs = [(x0, x1) for ws in lines for x0, x1, _ in _segments(ws, gap) if _column_of(x0, edges) == j]
        if len(runs) < 2:
            continue
        best = 0.0
        for values in ([a for a, _ in runs], [(a + b) / 2 for a, b in runs], [b for _, b in runs]):
            middle = statistics.median(values)
            best = max(best, sum(abs(v - middle) <= 2.5 for v in values) / len(values))
        if best < 0.6:
            return False
    return True


def _starts_numbered(words: list[Obj], gap: float) -> bool:
    runs = _segments(words, gap)
    return bool(runs) and bool(_ROW_NUMBER.match(" ".join(w["text"] for w in runs[0][2])))


def _next_is_multi(lines: list[list[Obj]], i: int, gap: float, size: float) -> bool:
    """A one-run line (`Sasaran Strategis`) stays in the table when a multi-column line follows closely."""
    if i + 1 >= len(lines):
        return False
    pitch = min(w["top"] for w in lines[i + 1]) - max(w["bottom"] for w in lines[i])
    return pitch <= 2.5 * size and len(_segments(lines[i + 1], gap)) >= 3


def _aligned_edges(lines: list[list[Obj]], gap: float) -> tuple[float, ...]:
    """Column left edges (plus the right end): gaps in the x-coverage of all the lines' runs."""
    spans = sorted((x0, x1) for ws in lines for x0, x1, _ in _segments(ws, gap))
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return tuple(m[0] for m in merged) + (merged[-1][1],) if merged else ()


def _column_of(x: float, edges: Sequence[float]) -> int:
    col = 0
    for j, left in enumerate(edges[:-1]):
        if x >= left - 1:
            col = j
    return col


def _fits_columns(words: list[Obj], edges: Sequence[float], gap: float) -> bool:
    """Every run of the line stays inside one column (prose crosses column gaps)."""
    for x0, x1, _ in _segments(words, gap):
        col = _column_of(x0, edges)
        if col + 1 < len(edges) - 1 and x1 > edges[col + 1]:
            return False
    return True


def _grid_from_aligned(
    lines: list[list[Obj]], edges: tuple[float, ...], size: float, number: int
) -> FoundGrid:
    """Rows twice: first split on gaps and the first column, then again once every number column is known."""
    pitches = [
        min(w["top"] for w in b) - max(w["bottom"] for w in a) for a, b in zip(lines, lines[1:], strict=False)
    ]
    usual = statistics.median(pitches) if pitches else 0.0
    rows = _aligned_rows(lines, edges, usual + 0.35 * size, {0})
    number_cols = {c for c in range(len(edges) - 1) if _is_number_column(rows, c)} | {0}
    if number_cols != {0}:  # a second `NO` column starts rows too
        rows = _aligned_rows(lines, edges, usual + 0.35 * size, number_cols)
    return _found_from_rows(rows, edges, number)


def _aligned_rows(
    lines: list[list[Obj]], edges: tuple[float, ...], row_gap: float, number_cols: set[int]
) -> list[list[list[Line]]]:
    """Lines -> rows of cells. The gap is measured per column, from that column's last text:
    a header cell spanning two rows (`Sumber Data`) overlaps the next header row (`I II III IV`)."""
    rows: list[list[list[Line]]] = []
    last_bottom: dict[int, float] = {}
    prev_bottom: float | None = None
    for ws in lines:
        by_col: dict[int, list[Obj]] = {}
        for w in ws:
            by_col.setdefault(_column_of(w["x0"], edges), []).append(w)
        gaps = [
            min(w["top"] for w in cw) - last_bottom.get(c, prev_bottom if prev_bottom is not None else 1e9)
            for c, cw in by_col.items()
        ]
        new_number = any(
            c in number_cols and _ROW_NUMBER.match(" ".join(w["text"] for w in cw))
            for c, cw in by_col.items()
        )
        if not rows or new_number or (prev_bottom is not None and max(gaps) > row_gap):
            rows.append([[] for _ in range(len(edges) - 1)])
        for c, cw in by_col.items():
            rows[-1][c].extend(words_to_lines(cw))
            last_bottom[c] = max(w["bottom"] for w in cw)
        prev_bottom = max(w["bottom"] for w in ws)
    return rows


def _is_number_column(rows: list[list[list[Line]]], col: int) -> bool:
    texts = [" ".join(ln.text for ln in r[col]) for r in rows if r[col]]
    numbers = [t for t in texts if _ROW_NUMBER.match(t)]
    return len(numbers) >= 2 and len(numbers) >= 0.6 * len(texts)


def _found_from_rows(rows: list[list[list[Line]]], edges: tuple[float, ...], number: int) -> FoundGrid:
    # without rules, a column is as wide as its widest line: that is what "fills the cell" means here
    widths = [
        max((ln.bbox[2] for r in rows for ln in r[j]), default=edges[j + 1]) - edges[j]
        for j in range(len(rows[0]))
    ]
    grid_rows = []
    for row in rows:
        all_lines = [ln for cell in row for ln in cell]
        top = min(ln.bbox[1] for ln in all_lines)
        bottom = max(ln.bbox[3] for ln in all_lines)
        cells = []
        for j, cell in enumerate(row):
            bbox = _round((edges[j], top, edges[j + 1], bottom))
            cells.append(Cell(join_cell_lines(cell, widths[j]), Span(page=number, bbox=bbox)))
        grid_rows.append(tuple(cells))
    top = grid_rows[0][0].at.bbox[1]
    bottom = grid_rows[-1][0].at.bbox[3]
    at = Span(page=number, bbox=_round((edges[0], top, edges[-1], bottom)))
    return FoundGrid(Grid(rows=tuple(grid_rows), at=at, method="pdfplumber-text"), edges, top)


# ---- running headers and footers --------------------------------------------------------


def _in_margin(line: TextLine, height: float) -> bool:
    if not line.at.bbox or not height:
        return False
    return line.at.bbox[1] < MARGIN_ZONE * height or line.at.bbox[3] > (1 - MARGIN_ZONE) * height


def _edge_lines(read: PageRead) -> list[TextLine]:
    """The first two and last two items of a page when they are text lines in the margin zones."""
    ends = [*read.items[:2], *read.items[-2:]]
    return [i for i in ends if isinstance(i, TextLine) and _in_margin(i, read.height)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _drop_running_lines(reads: list[PageRead]) -> list[PageRead]:
    """Drop page numbers (`Halaman 2 dari 5`, `- 2 -`) and lines repeated at the top/bottom of most pages."""
    counts = Counter(_norm(t.text) for r in reads for t in {id(x): x for x in _edge_lines(r)}.values())
    repeated = {text for text, n in counts.items() if n >= 2 and n > len(reads) / 2}
    out = []
    for read in reads:
        edges = {id(x) for x in _edge_lines(read)}
        kept = tuple(
            item
            for item in read.items
            if not (
                isinstance(item, TextLine)
                and (
                    (
                        id(item) in edges
                        and (_norm(item.text) in repeated or _PAGE_NUMBER.match(_norm(item.text)))
                    )
                    or re.match(r"^(halaman|page)\s+\d+\s+(dari|of)\s+\d+$", _norm(item.text), re.IGNORECASE)
                )
            )
        )
        out.append(replace(read, items=kept))
    return out


# ---- tables over page breaks -------------------------------------------------------------


def _same_columns(a: FoundGrid, b: FoundGrid) -> bool:
    if a.grid.width != b.grid.width or len(a.edges) != len(b.edges):
        return False
    # left edges only: without rules, a table's right end is wherever its longest line stops
    return all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a.edges[:-1], b.edges[:-1], strict=True))


def _row_key(row: Sequence[Cell]) -> tuple[str, ...]:
    return tuple(_norm(c.text.replace("\n", " ")) for c in row)


def _repeated_header_depth(first: Grid, cont: Grid) -> int:
    """How many leading rows of the continuation repeat the table's header (0–3)."""
    for depth in (3, 2, 1):
        if min(len(cont.rows), len(first.rows)) <= depth:
            continue
        if all(_row_key(a) == _row_key(b) for a, b in zip(first.rows, cont.rows[:depth], strict=False)):
            return depth
    return 0


def _is_split_row(last: Sequence[Cell], nxt: Sequence[Cell]) -> bool:
    """The continuation's first row ends the previous page's last row: no number where rows start."""
    if nxt[0].text.strip() or not _ROW_NUMBER.match(last[0].text.strip()):
        return False
    return not any(_ROW_NUMBER.match(c.text.strip()) for c in nxt)


def join_grids(first: FoundGrid, cont: FoundGrid) -> FoundGrid:
    """One grid from a table and its continuation on the next page."""
    rows = list(first.grid.rows)
    more = list(cont.grid.rows[_repeated_header_depth(first.grid, cont.grid) :])
    if more and rows and _is_split_row(rows[-1], more[0]):
        merged = tuple(
            Cell("\n".join(t for t in (a.text, b.text) if t), a.at)
            for a, b in zip(rows[-1], more[0], strict=True)
        )
        rows[-1] = merged
        more = more[1:]
    grid = replace(first.grid, rows=tuple(rows + more))
    return replace(first, grid=grid)


def _continues(prev: list[Item], cur: list[Item]) -> bool:
    """A page that opens with a table shaped like the one that closed the page before."""
    if not (prev and cur and isinstance(prev[-1], FoundGrid) and isinstance(cur[0], FoundGrid)):
        return False
    return _same_columns(prev[-1], cur[0])


def _stitch_tables(reads: list[PageRead]) -> tuple[Page, ...]:
    items = [list(r.items) for r in reads]
    for k in range(len(items) - 1, 0, -1):  # back to front, so a table over three pages chains
        prev, cur = items[k - 1], items[k]
        if _continues(prev, cur):
            prev[-1] = join_grids(prev[-1], cur.pop(0))
    return tuple(
        Page(number=r.number, blocks=tuple(_block(i) for i in its))
        for r, its in zip(reads, items, strict=True)
    )


def _block(item: Item) -> Block:
    return item.grid if isinstance(item, FoundGrid) else item


# ---- scanned pages -----------------------------------------------------------------------


@dataclass
class ScanState:
    """Per-document OCR state: whether OCR works is asked once, and said once."""

    data: bytes
    settings: Settings
    _checked: bool = False
    _unavailable: Finding | None = None
    _document: Any = None

    def findings(self) -> tuple[Finding, ...]:
        return (self._unavailable,) if self._unavailable else ()

    def _check(self) -> Finding | None:
        if not self._checked:
            self._checked = True
            try:
                from extractors.ocr import ocr_available

                self._unavailable = ocr_available()
            except ImportError:
                self._unavailable = error(
                    "ocr_unavailable",
                    "This installation has no OCR module (extractors.ocr); install it to read scans.",
                )
        return self._unavailable

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
        from extractors.ocr import ocr_page

        try:
            image = self._render(number)
            result = ocr_page(image, number, self.settings, 72.0 / self.settings.ocr_dpi)
        except Exception as exc:  # noqa: BLE001 - a page OCR cannot handle is that page's finding
            failed = error(
                "ocr_failed",
                f"OCR of page {number} failed ({type(exc).__name__}); check the scan's quality or rescan it.",
                page=number,
            )
            return replace(empty, findings=(failed,))
        items = tuple(_ocr_item(b) for b in result.page.blocks)
        return PageRead(number, items, height, tuple(result.findings), ocr=True)

    def _render(self, number: int) -> Any:
        import pypdfium2 as pdfium

        if self._document is None:
            self._document = pdfium.PdfDocument(self.data)
        page = self._document[number - 1]
        return page.render(scale=self.settings.ocr_dpi / 72.0).to_pil()


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
