"""Scanned page images made ready for Tesseract: grey, upright, deskewed, binarised, de-speckled.

Kept apart from reading so that every step can be looked at (and tested) on its own image.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

_MAX_SKEW_DEGREES = 5.0


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """`cv2.connectedComponentsWithStats` (8-connected): count, labels, stats, centroids. With
    16-bit labels while they fit, which OpenCV writes in less than half the time on a page at
    300 dpi (same stats); a page of more than 65,535 blobs (heavy speckle) is labelled again
    with 32-bit labels, OpenCV refusing the overflow."""
    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=8)


def to_gray(image: Image.Image) -> np.ndarray:
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    array = np.asarray(image)
    return array if array.ndim == 2 else cv2.cvtColor(array, cv2.COLOR_RGB2GRAY)


def ink_mask(gray: np.ndarray) -> np.ndarray:
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
    ink = ink_mask(small)
    if cv2.countNonZero(ink) < 200:
        return 0.0
    # Angles too small to move a pixel of the small image score alike: the tie goes to the
    # smallest turn, not the first angle tried (which leant every level page by -0.1°).
    coarse = np.arange(-_MAX_SKEW_DEGREES, _MAX_SKEW_DEGREES + 0.01, 0.25)
    best = max(coarse, key=lambda a: (_profile_score(ink, a), -abs(a)))
    fine = np.arange(best - 0.25, best + 0.26, 0.05)
    return float(max(fine, key=lambda a: (_profile_score(ink, a), -abs(round(a, 3)))))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def upright(gray: np.ndarray, languages: str) -> np.ndarray:
    """Turn a page scanned sideways upright. OSD is asked only when text seems to run vertically."""
    scale = min(1.0, 800 / max(gray.shape))
    ink = ink_mask(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    if _profile_score(ink, 0) * 1.5 > _profile_score(np.ascontiguousarray(ink.T), 0):
        return gray
    import pytesseract  # orientation detection runs the command: rare, and pytesseract is slow to load

    try:
        osd = pytesseract.image_to_osd(Image.fromarray(gray), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return gray
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turns.get(int(osd.get("rotate", 0)))
    return gray if code is None else cv2.rotate(gray, code)


def text_height(ink: np.ndarray) -> float:
    """Median height of the page's glyphs in pixels (connected ink blobs of letter size), the
    yardstick for what is a ruling, what is speckle and how far apart lines are."""
    count, _, stats, _ = components(ink)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    widths = stats[1:count, cv2.CC_STAT_WIDTH]
    areas = stats[1:count, cv2.CC_STAT_AREA]
    glyphs = heights[(heights >= 8) & (heights <= ink.shape[0] // 10) & (areas >= 20)
                     & (widths <= 4 * heights)]  # specks, even grown by the threshold, are smaller
    return float(np.median(glyphs)) if len(glyphs) >= 5 else 20.0


def _speckled(gray: np.ndarray) -> bool:
    """Many ink dots of a few pixels: scanner noise (clean scans have a few per megapixel,
    noisy ones thousands)."""
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    count, _, stats, _ = components(ink)
    tiny = int((stats[1:count, cv2.CC_STAT_AREA] <= 6).sum())
    return tiny > 200 * gray.size / 1e6


def binarise(gray: np.ndarray) -> np.ndarray:
    """Black text on white for Tesseract. Speckle makes it see punctuation everywhere (and run
    slowly): on a speckled page a 3x3 median removes the dots and keeps strokes, which are
    thicker at OCR resolutions; clean pages skip it, since it thins small print. Otsu is what
    Tesseract would do itself."""
    smooth = cv2.medianBlur(gray, 3) if _speckled(gray) else gray
    return cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def despeckle(clean: np.ndarray, glyph_height: float) -> np.ndarray:
    """Drop ink blobs much smaller than a full stop (an eighth of a glyph's height squared):
    scanner pepper that Tesseract reads as stray `.`, `,` or `©` beside words."""
    return despeckled(clean, glyph_height)[0]


def despeckled(clean: np.ndarray, glyph_height: float) -> tuple[np.ndarray, np.ndarray]:
    """`despeckle`, and the boxes (x, y, width, height rows) of the blobs it kept: where the ink
    is, for the reader, without labelling the whole page a second time."""
    count, labels, stats, _ = components(255 - clean)
    tiny = stats[:, cv2.CC_STAT_AREA] <= max(2.0, (glyph_height / 8) ** 2)
    tiny[0] = False
    kept = stats[1:count][~tiny[1:count], :4]
    if not tiny.any():
        return clean, kept
    out = clean.copy()
    out[tiny[labels]] = 255
    return out, kept


def erase_rulings(gray: np.ndarray, hmask: np.ndarray, vmask: np.ndarray) -> np.ndarray:
    lines = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[lines > 0] = 255
    return clean
