"""Unruled tables on scanned pages: the text-layer reader's column alignment, on OCR words.

A budget list typed with tab stops (`No. | Program | Rp. | amount | Ket`) has no
rulings for the grid finder; its words line up in columns all the same. OCR word
boxes hug the ink (`Daerah` stands taller than `sarana`), so each word is given
its visual row's top and bottom before the alignment is looked at.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.model.layout import Grid
from extractors.readers.ocr.cells import Word
from extractors.readers.ocr.mend import mend_grid
from extractors.readers.words.unruled import unruled_grids


def unruled_ocr_grids(rows: list[list[Word]], page_number: int,
                      ppp: float) -> tuple[list[Grid], list[list[Word]], list[str]]:
    """(grids found, the rows of words left as running text, slips mended in the grids' cells);
    boxes in PDF points."""
    objs = []
    for row in rows:
        top = min(w.box[1] for w in row) * ppp
        bottom = max(w.box[3] for w in row) * ppp
        for w in row:
            objs.append({"x0": w.box[0] * ppp, "x1": w.box[2] * ppp, "top": top, "bottom": bottom,
                         "text": w.text, "word": w})
    found, loose = unruled_grids(objs, page_number)
    if not found:
        return [], rows, []
    left = {id(o["word"]) for o in loose}
    kept = [[w for w in row if id(w) in left] for row in rows]
    grids, slips = [], []
    for f in found:
        texts, mended = mend_grid([[c.text for c in row] for row in f.grid.rows], None)
        rows_out = tuple(tuple(replace(c, text=t) for c, t in zip(row, trow, strict=True))
                         for row, trow in zip(f.grid.rows, texts, strict=True))
        grids.append(replace(f.grid, rows=rows_out, method="ocr-words"))
        slips.extend(mended)
    return grids, [row for row in kept if row], slips
