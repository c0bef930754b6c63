"""A synthetic batch from the seed layouts, for `make bench`: the seeds' tables and wording under
other units, with other values and other lengths, as text renderings, text-layer PDFs and scans.

Deterministic (a seeded random generator): two runs build the same bytes.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.paths import SEEDS  # noqa: E402

UNITS = ("Jakarta Barat", "Jakarta Timur", "Jakarta Selatan", "Jakarta Utara", "Jakarta Pusat",
         "Kepulauan Seribu")
_SEED_UNIT = "Jakarta Barat"
_LENGTHS = (1.3, 1.8, 2.5, 4.0, 5.2)  # share of each table's body rows kept (repeated past 1)


@dataclass(frozen=True)
class Batch:
    texts: tuple[Path, ...]
    pdfs: tuple[Path, ...]
    scans: tuple[Path, ...]
    words: tuple[Path, ...] = ()  # Word files (.docx) typed from the same varied texts


def _is_body_row(line: str) -> bool:
    """A table row below the header: tab-separated, starting with a number or an empty cell."""
    cells = line.split("\t")
    return len(cells) >= 4 and (cells[0].strip().isdigit() or cells[0] == "")


def _new_value(token: str, rng: random.Random) -> str:
    if token.endswith("%"):
        return f"{rng.randint(50, 100)}%"
    if "," in token and len(token) > 8:  # an amount in rupiah
        return f"{rng.randint(1, 99_999_999_999):,}"
    return token


def vary(seed_text: str, k: int, length: float | None = None) -> str:
    """The k-th variant of a seed: another unit, other target values and budget amounts, and its
    tables' body rows cut short or repeated (`length`, else one of _LENGTHS by k)."""
    rng = random.Random(k)
    length = _LENGTHS[k % len(_LENGTHS)] if length is None else length
    text = seed_text.replace(_SEED_UNIT, UNITS[k % len(UNITS)])
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        keep = max(1, round(len(block) * length))
        out.extend(block[i % len(block)] for i in range(keep))
        block.clear()

    for line in text.splitlines():
        if _is_body_row(line):
            cells = line.split("\t")
            block.append("\t".join(_new_value(c, rng) for c in cells))
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out) + f"\n\nVarian {k}\n"


def build(folder: Path, texts: int, pdfs: int, scans: int, words: int = 0) -> Batch:
    """`texts` text renderings, `pdfs` ruled text-layer PDFs, `scans` short image-only PDFs (the
    second and third pages of a varied PDF: tables, scanned), `words` Word files, under
    folder/{text,pdf,scan,docx}."""
    from tests.fixtures.docx import seed_docx
    from tests.fixtures.pdfs import build_ruled_pdf
    from tests.fixtures.scans import render_pages, save_image_pdf, scan_image

    seeds = [s.read_text(encoding="utf-8") for s in SEEDS]
    made: dict[str, list[Path]] = {"text": [], "pdf": [], "scan": [], "docx": []}
    for kind in made:
        (folder / kind).mkdir(parents=True, exist_ok=True)
    for k in range(texts):
        path = folder / "text" / f"{k:04d}.txt"
        path.write_text(vary(seeds[k % len(seeds)], k), encoding="utf-8")
        made["text"].append(path)
    for k in range(pdfs):
        made["pdf"].append(build_ruled_pdf(vary(seeds[k % len(seeds)], k), folder / "pdf" / f"{k:03d}.pdf"))
    for k in range(scans):
        source = build_ruled_pdf(vary(seeds[k % len(seeds)], 100 + k, 1.0), folder / f"scan-src-{k}.pdf")
        pages = [scan_image(img, seed=k * 10 + i) for i, img in enumerate(render_pages(source, 200)[1:3])]
        made["scan"].append(save_image_pdf(pages, folder / "scan" / f"{k:03d}.pdf", 200))
        source.unlink()
    for k in range(words):
        path = folder / "docx" / f"{k:04d}.docx"
        path.write_bytes(seed_docx(vary(seeds[k % len(seeds)], 200 + k)))
        made["docx"].append(path)
    return Batch(tuple(made["text"]), tuple(made["pdf"]), tuple(made["scan"]), tuple(made["docx"]))
