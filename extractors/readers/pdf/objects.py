"""A PDF page's drawn objects, read by PDFium (pypdfium2): characters, ruling edges, pictures.

PDFium parses the page in C, so the reader's Python work starts at characters with
their boxes, not at content-stream tokens (pdfminer's pure-Python parse was a third
of the old reader's time, and building pdfplumber's object dicts another third).
What comes out is the plain data the rest of the reader works on: dicts with
pdfplumber's keys (`x0`, `x1`, `top`, `bottom`, `text`) in top-down page
coordinates of the page as shown (its /Rotate applied), so the word, line and grid
stages did not change.

Text hygiene happens here, where drawing order and render modes are known:
characters in an invisible render mode, white on white, off the page, or under an
opaque picture drawn after them go to `hidden` (on a scan that is somebody else's
OCR layer, to be judged).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pr

from extractors.readers.words.model import Obj

INVISIBLE_RENDER_MODES = {pr.FPDF_TEXTRENDERMODE_INVISIBLE, pr.FPDF_TEXTRENDERMODE_CLIP}
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
ONE = ctypes.c_float(1.0)
FORM_DEPTH = 8  # forms nested deeper than this are a bomb, not a page


@dataclass(frozen=True)
class Picture:
    bbox: tuple[float, float, float, float]  # top-down, as shown
    order: int  # drawing order among the page's objects
    opaque: bool  # as far as PDFium tells: not a stencil, no transparency (it does not see /SMask)
    pixels: tuple[int, int] = (0, 0)


@dataclass
class PageObjects:
    """One page's objects in top-down coordinates of the page as shown."""

    number: int
    width: float
    height: float
    rotation: int
    chars: list[Obj] = field(default_factory=list)  # shown to a reader of the page
    # drawn invisibly or under a picture drawn later: somebody else's OCR layer on a scan;
    # `seen` says whether it would count were it shown (on the page, not white on white)
    hidden: list[Obj] = field(default_factory=list)
    edges: list[Obj] = field(default_factory=list)  # path segments, as pdfplumber's edges
    dark_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    object_count: int = 0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _matrix(obj: Any) -> Matrix:
    m = pr.FS_MATRIX()
    if not pr.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _rgb(obj: Any, getter: Any) -> tuple[float, float, float] | None:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255.0, g.value / 255.0, b.value / 255.0)


def is_white(color: tuple[float, ...] | None) -> bool:
    return color is not None and all(v >= 0.98 for v in color)


class _Frame:
    """User space -> top-down coordinates of the page as shown (its /Rotate applied)."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int) -> None:
        self.left, self.bottom, right, top = box
        self.top = top
        self.w0, self.h0 = right - self.left, top - self.bottom
        self.rotation = rotation % 360

    @property
    def size(self) -> tuple[float, float]:
        return (self.h0, self.w0) if self.rotation in (90, 270) else (self.w0, self.h0)

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y  # unrotated, from the top-left corner
        if self.rotation == 90:
            return self.h0 - v, u
        if self.rotation == 180:
            return self.w0 - u, self.h0 - v
        if self.rotation == 270:
            return v, self.w0 - u
        return u, v

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(left, bottom), self.point(right, top)
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _children(obj: Any) -> Iterator[Any]:
    for k in range(pr.FPDFFormObj_CountObjects(obj)):
        yield pr.FPDFFormObj_GetObject(obj, k)


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


@dataclass
class _Walk:
    """What walking the page's object tree collects, in drawing order."""

    frame: _Frame
    page: Any  # PDFium's page handle: an image's colour space is only known with it
    texts: dict[int, tuple[int, bool, tuple[float, float, float] | None]] = field(default_factory=dict)
    handles: list[tuple[int, Any, bool]] = field(default_factory=list)  # address, handle, outside forms
    edges: list[Obj] = field(default_factory=list)
    dark_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    order: int = 0

    def visit(self, obj: Any, outer: Matrix, depth: int) -> None:
        self.order += 1
        kind = pr.FPDFPageObj_GetType(obj)
        if kind == pr.FPDF_PAGEOBJ_TEXT:
            mode = pr.FPDFTextObj_GetTextRenderMode(obj)
            self.texts[_address(obj)] = (self.order, mode in INVISIBLE_RENDER_MODES,
                                         _rgb(obj, pr.FPDFPageObj_GetFillColor))
            self.handles.append((_address(obj), obj, depth == 0))
        elif kind == pr.FPDF_PAGEOBJ_PATH:
            self._path(obj, _multiply(_matrix(obj), outer))
        elif kind == pr.FPDF_PAGEOBJ_IMAGE:
            self._picture(obj, _multiply(_matrix(obj), outer))
        elif kind == pr.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
            inner = _multiply(_matrix(obj), outer)
            for child in _children(obj):
                self.visit(child, inner, depth + 1)

    def _picture(self, obj: Any, m: Matrix) -> None:
        # an image is drawn into the unit square, mapped by its matrix
        corners = [self.frame.point(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
                   for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        meta = pr.FPDF_IMAGEOBJ_METADATA()
        stencil = bool(pr.FPDFImageObj_GetImageMetadata(obj, self.page, meta)) and meta.colorspace == 0
        opaque = not stencil and not pr.FPDFPageObj_HasTransparency(obj)
        self.pictures.append(Picture((min(xs), min(ys), max(xs), max(ys)), self.order, opaque,
                                     (meta.width, meta.height)))

    def _path(self, obj: Any, m: Matrix) -> None:
        subpaths: list[list[tuple[float, float]]] = []
        x, y = ctypes.c_float(), ctypes.c_float()
        for k in range(pr.FPDFPath_CountSegments(obj)):
            seg = pr.FPDFPath_GetPathSegment(obj, k)
            pr.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = x.value, y.value
            point = self.frame.point(px * m[0] + py * m[2] + m[4], px * m[1] + py * m[3] + m[5])
            if pr.FPDFPathSegment_GetType(seg) == pr.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([point])
            else:
                subpaths[-1].append(point)
            if pr.FPDFPathSegment_GetClose(seg) and subpaths[-1][0] != point:
                subpaths[-1].append(subpaths[-1][0])
        for pts in subpaths:
            self.edges.extend(_segment_edges(pts))
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if pr.FPDFPath_GetDrawMode(obj, fill, stroke) and fill.value:
            color = _rgb(obj, pr.FPDFPageObj_GetFillColor)
            if not is_white(color):
                for pts in subpaths:
                    if _is_box(pts):
                        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                        self.dark_boxes.append((min(xs), min(ys), max(xs), max(ys)))


def _is_box(pts: list[tuple[float, float]]) -> bool:
    """Four or five corners, every side along an axis."""
    if len(pts) not in (4, 5) or (len(pts) == 5 and pts[0] != pts[-1]):
        return False
    ring = [*pts[:4], pts[0]]
    return all(a[0] == b[0] or a[1] == b[1] for a, b in zip(ring, ring[1:], strict=False))


def _segment_edges(pts: list[tuple[float, float]]) -> list[Obj]:
    """Each straight piece of a path as an edge, as pdfplumber makes them from lines, rects, curves."""
    out = []
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        orientation = "v" if ax == bx else ("h" if ay == by else None)
        if orientation is None:
            continue
        x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        out.append({"object_type": "edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
                    "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top})
    return out


Masks = Callable[[], frozenset[tuple[int, int]]]


def no_masks() -> frozenset[tuple[int, int]]:
    return frozenset()


def read_objects(document: pdfium.PdfDocument, number: int, unturn: bool = False,
                 masks: Masks = no_masks) -> PageObjects:
    """Page `number` (1-based); with `unturn`, as its content was written, without its /Rotate.

    `masks` gives the pixel sizes of the page's images that carry a mask (/SMask, /Mask,
    /ImageMask), which PDFium does not tell; it is asked only when a picture lies over text.
    """
    page = document[number - 1]
    try:
        rotation = 0 if unturn else page.get_rotation()
        frame = _Frame(page.get_mediabox(), rotation)
        walk = _Walk(frame, page.raw)
        count = pr.FPDFPage_CountObjects(page.raw)
        for k in range(count):
            walk.visit(pr.FPDFPage_GetObject(page.raw, k), IDENTITY, 0)
        width, height = frame.size
        objects = PageObjects(number, width, height, rotation, edges=walk.edges, dark_boxes=walk.dark_boxes,
                              pictures=walk.pictures, object_count=count)
        textpage = page.get_textpage()
        try:
            _read_chars(textpage.raw, walk, objects, masks)
        finally:
            textpage.close()
    finally:
        page.close()
    return objects


@dataclass(frozen=True)
class _Run:
    """What the characters of one text object share."""

    order: int
    invisible: bool
    white: bool
    font: Any
    font_address: int
    size: float  # points, as shown
    descent: float  # points below the baseline (negative)
    quarter: int  # quarter turns (clockwise) of the text in user space
    # PDFium's loose box spans the glyph's advance when the font has an ascent and a descent
    # (its bottom then sits at descent / (ascent - descent) of the size below the baseline);
    # without them it is the ink's box, and the advance is asked of the font instead
    loose: bool
    loose_drop: float  # the loose box's bottom below the baseline, points


def _run(raw: Any, i: int, handle: Any, walk: _Walk) -> _Run:
    order, invisible, color = walk.texts.get(_address(handle), (0, False, None))
    m = pr.FS_MATRIX()
    # the font size as set (`/F1 1 Tf`), scaled by the text matrix (`11 0 0 11 x y Tm`) as shown
    scale = math.hypot(m.c, m.d) if pr.FPDFText_GetMatrix(raw, i, m) else 1.0
    size = pr.FPDFText_GetFontSize(raw, i) * scale
    font = pr.FPDFTextObj_GetFont(handle)
    ascent, descent = ctypes.c_float(), ctypes.c_float()
    if not font or not pr.FPDFFont_GetDescent(font, ctypes.c_float(size), descent):
        descent.value = 0.0
    if not font or not pr.FPDFFont_GetAscent(font, ctypes.c_float(size), ascent):
        ascent.value = descent.value
    quarter = round(pr.FPDFText_GetCharAngle(raw, i) / (math.pi / 2)) % 4
    loose = ascent.value != descent.value
    drop = size * descent.value / (ascent.value - descent.value) if loose else 0.0
    return _Run(order, invisible, is_white(color), font, _address(font) if font else 0, size, descent.value,
                quarter, loose and quarter == 0 and size > 0, drop)


def _prototype(name: str, restype: Any, *argtypes: Any) -> Any:
    """A private prototype of a PDFium function: handles as plain integers, no casts per call
    (and pypdfium2's own prototypes stay as they are)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(pr, name), ctypes.c_void_p).value)


_TEXT_OBJECT = _prototype("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_UNICODE = _prototype("FPDFText_GetUnicode", ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)
_LOOSE_BOX = _prototype("FPDFText_GetLooseCharBox", ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                        ctypes.POINTER(pr.FS_RECTF))
_ORIGIN = _prototype("FPDFText_GetCharOrigin", ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                     ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double))


def _read_chars(raw: Any, walk: _Walk, out: PageObjects, masks: Masks) -> None:
    """The page's characters with pdfminer's boxes: from the origin, the glyph's advance wide,
    the font size high standing on the font's descent (PDFium's own boxes hug the ink, and
    its `IsGenerated` also flags real space glyphs that justification pushed apart).

    The hot loop of the reader: a few C calls a character, handles kept as integers."""
    frame = walk.frame
    text_page = ctypes.cast(raw, ctypes.c_void_p).value
    box = pr.FS_RECTF()
    box_ref = ctypes.byref(box)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    origin_refs = (ctypes.byref(ox), ctypes.byref(oy))
    width = ctypes.c_float()
    runs: dict[int, _Run] = {}
    widths: dict[tuple[int, int], float] = {}
    covering = [p for p in walk.pictures if p.opaque]
    masked: frozenset[tuple[int, int]] | None = None
    previous: Obj | None = None
    plain = frame.rotation == 0
    left, page_top, page_w, page_h = frame.left, frame.top, out.width, out.height
    chars, hidden = out.chars, out.hidden
    for i in range(pr.FPDFText_CountChars(raw)):
        address = _TEXT_OBJECT(text_page, i)
        code = _UNICODE(text_page, i)
        if not address:
            # A space PDFium put between runs. It also stands where a real space glyph was
            # drawn as a text object of its own (Word's justified lines), which PDFium then
            # drops: so it breaks words, though it is no glyph (`generated`).
            if code == 32 and previous is not None:
                chars.append({**previous, "text": " ", "x0": previous["x1"], "generated": True, "n": i})
            continue
        if code == 2:  # PDFium marks a hyphen that ends a line as U+0002
            code = 0x2D
        elif 0xD800 <= code <= 0xDBFF:  # a letter beyond the first plane (`𝑇`): two UTF-16 units
            low = _UNICODE(text_page, i + 1)
            if 0xDC00 <= low <= 0xDFFF:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        run = runs.get(address)
        if run is None:
            run = runs[address] = _run(raw, i, pr.FPDFText_GetTextObject(raw, i), walk)
        if run.loose:
            _LOOSE_BOX(text_page, i, box_ref)
            x, y, right = box.left, box.bottom - run.loose_drop + run.descent, box.right
            ceiling = y + run.size
        elif run.quarter == 0 and run.font:
            _ORIGIN(text_page, i, *origin_refs)
            x, y = ox.value, oy.value + run.descent
            key = (run.font_address, code)
            advance = widths.get(key, -2.0)
            if advance == -2.0:
                # asked by a UTF-16 unit, mapped back to a character code: no answer beyond it
                found = code <= 0xFFFF and pr.FPDFFont_GetGlyphWidth(run.font, code, ONE, width)
                advance = widths[key] = width.value if found else -1.0
            if advance >= 0:
                right = x + advance * run.size
            else:
                _LOOSE_BOX(text_page, i, box_ref)
                right = max(box.right, x)
            ceiling = y + run.size
        else:
            _LOOSE_BOX(text_page, i, box_ref)
            x, y, right, ceiling = box.left, box.bottom, box.right, box.top
        if plain:
            x0, x1, top, bottom = x - left, right - left, page_top - ceiling, page_top - y
        else:
            x0, top, x1, bottom = frame.box(x, y, right, ceiling)
        char = {"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "upright": (run.quarter + frame.rotation // 90) % 4 == 0, "doctop": top, "n": i}
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        seen = 0 <= cx <= page_w and 0 <= cy <= page_h and (
            not run.white or any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in out.dark_boxes))
        layer = run.invisible
        if covering and not layer:
            over = [p for p in covering
                    if p.order > run.order and p.bbox[0] <= cx <= p.bbox[2] and p.bbox[1] <= cy <= p.bbox[3]]
            if over and masked is None:
                masked = masks()
            layer = any(p.pixels not in (masked or ()) for p in over)
        previous = None
        if layer:
            hidden.append({**char, "seen": seen})
        elif seen:
            chars.append(char)
            previous = char
    chars.extend(_dropped_spaces(raw, walk))


def _dropped_spaces(raw: Any, walk: _Walk) -> list[Obj]:
    """Space glyphs drawn as text objects of their own, which PDFium's text page leaves out
    (their text reads empty). Word draws the stretched spaces of justified lines and a cell's
    trailing space so, and they tell a stretched space from a column gap (`page_words`)."""
    out: list[Obj] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    width, size = ctypes.c_float(), ctypes.c_float()
    for address, handle, outside_forms in walk.handles:
        if not outside_forms or walk.texts[address][1] or pr.FPDFTextObj_GetText(handle, raw, None, 0) > 2:
            continue
        font = pr.FPDFTextObj_GetFont(handle)
        if not font or not pr.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
            continue
        if not pr.FPDFTextObj_GetFontSize(handle, size):
            continue
        m = _matrix(handle)
        shown = size.value * math.hypot(m[2], m[3])
        descent = ctypes.c_float()
        pr.FPDFFont_GetDescent(font, ctypes.c_float(shown), descent)
        if not pr.FPDFFont_GetGlyphWidth(font, 32, ctypes.c_float(shown), width):
            continue
        x, y = left.value, bottom.value + descent.value
        x0, y0, x1, y1 = walk.frame.box(x, y, x + width.value, y + shown)
        out.append({"text": " ", "x0": x0, "x1": x1, "top": y0, "bottom": y1, "upright": True, "doctop": y0,
                    "n": 1 << 30})
    return out
