"""pdfplumber (our reader) against camelot on the fixture PDFs and the real-world draft.

Prints seconds per page for each method and whether its grids match ours, cell
by cell after whitespace normalisation. Camelot sees each page on its own, so
for a fair match our grids are compared page by page too: a table continued
over a break is split back at the page boundary (its repeated header rows
dropped by us are expected in camelot's output and are removed before matching).

    .venv/bin/python bench/compare_pdf_tables.py [extra.pdf ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.model.layout import Grid  # noqa: E402
from extractors.model.settings import Settings  # noqa: E402
from extractors.readers.pdf.reader import read_pdf  # noqa: E402
from tests.fixtures import pdfs  # noqa: E402

Table = list[list[str]]
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "sulut_dkips_pk2021_draft.pdf"


@dataclass(frozen=True)
class Run:
    seconds_per_page: float
    tables: dict[int, list[Table]]  # page -> tables on it
    note: str = ""


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def ours(path: Path) -> Run:
    start = time.perf_counter()
    layout = read_pdf(path.read_bytes(), Settings(ocr=False))
    elapsed = time.perf_counter() - start
    by_page: dict[int, list[Table]] = {}
    for block in layout.blocks():
        if isinstance(block, Grid):
            for page, rows in _split_by_page(block).items():
                by_page.setdefault(page, []).append(rows)
    return Run(elapsed / max(layout.page_count or 1, 1), by_page)


def _split_by_page(grid: Grid) -> dict[int, Table]:
    out: dict[int, Table] = {}
    for row in grid.rows:
        page = row[0].at.page or 0
        out.setdefault(page, []).append([norm(c.text) for c in row])
    return out


def camelot_run(path: Path, **kwargs: object) -> Run:
    import camelot

    pages = pdfs.PdfReader(str(path)).get_num_pages()
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = camelot.read_pdf(str(path), pages="all", **kwargs)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports failures, it does not stop on them
        return Run(float("nan"), {}, f"failed: {type(exc).__name__}: {exc}"[:100])
    elapsed = time.perf_counter() - start
    by_page: dict[int, list[Table]] = {}
    for table in found:
        rows = [[norm(c) for c in row] for row in table.df.values.tolist()]
        by_page.setdefault(int(table.page), []).append(rows)
    return Run(elapsed / max(pages, 1), by_page)


def agreement(reference: Run, other: Run) -> str:
    """Tables of ours the other method matches, page by page (repeated headers ignored): exact after
    whitespace normalisation, and with all whitespace removed (we glue `TARGE`/`T`, camelot does not)."""
    total = exact = loose = 0
    for page, tables in reference.tables.items():
        theirs = other.tables.get(page, [])
        for table in tables:
            total += 1
            exact += any(_same(table, t) for t in theirs)
            loose += any(_same(_squash(table), _squash(t)) for t in theirs)
    return f"{exact}/{total} {loose}/{total}"


def _squash(table: Table) -> Table:
    return [["".join(c.split()) for c in row] for row in table]


def _same(ours_rows: Table, theirs: Table) -> bool:
    if theirs == ours_rows:
        return True
    # on a continuation page camelot also sees the repeated header rows, which we drop
    return any(theirs[depth:] == ours_rows for depth in (1, 2, 3))


def fixtures(workdir: Path) -> list[tuple[str, Path]]:
    seeds = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    out = []
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        out.append((f"{seed.stem[:3]} ruled", pdfs.build_ruled_pdf(text, workdir / f"{seed.stem}_r.pdf")))
        out.append((f"{seed.stem[:3]} unruled", pdfs.build_unruled_pdf(text, workdir / f"{seed.stem}_u.pdf")))
    if REALWORLD.exists():
        out.append(("sulut draft", REALWORLD))
    return out


def plumber_text_strategy(path: Path) -> Run:
    """pdfplumber's own `text` table strategy, the alternative to our alignment grids for unruled tables."""
    import pdfplumber

    start = time.perf_counter()
    by_page: dict[int, list[Table]] = {}
    with pdfplumber.open(path) as pdf:
        settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
        for page in pdf.pages:
            for table in page.extract_tables(settings):
                by_page.setdefault(page.page_number, []).append([[norm(c) for c in r] for r in table])
        pages = len(pdf.pages)
    return Run((time.perf_counter() - start) / max(pages, 1), by_page)


METHODS: dict[str, Callable[[Path], Run]] = {
    "plumber text": plumber_text_strategy,
    "camelot lattice": lambda p: camelot_run(p, flavor="lattice"),
    "camelot vector": lambda p: camelot_run(p, flavor="lattice", engine="vector"),
    "camelot stream": lambda p: camelot_run(p, flavor="stream"),
}


def main(extra: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs = fixtures(Path(tmp)) + [(Path(p).name, Path(p)) for p in extra]
        header = f"{'document':16} {'ours s/page':>11} {'tables':>6}"
        for name in METHODS:
            header += f" | {name + ' s/page':>22} {'match exact/no-ws':>17}"
        print(header)
        for label, path in docs:
            reference = ours(path)
            count = sum(len(t) for t in reference.tables.values())
            line = f"{label:16} {reference.seconds_per_page:11.3f} {count:6d}"
            for run_method in METHODS.values():
                run = run_method(path)
                cell = f"{run.seconds_per_page:22.3f} {agreement(reference, run):>17}"
                line += f" | {cell if not run.note else run.note[:40]:>40}"
            print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
