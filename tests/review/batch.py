"""A small batch for the review page's tests: a seed text, a one-page PDF with a ruled table and a
truncated PDF, extracted by the real CLI; and a way to rewrite one table of it as a hostile or
hand-edited `parsed/` would hold it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pyarrow as pa
import pyarrow.parquet as pq

from tests.batches import JAKBAR_2020, extract
from tests.fixtures.bad_pdfs import truncated_pdf
from tests.fixtures.scans import build_simple_ruled_pdf

PDF_NAME = "pk_ruled.pdf"
BROKEN_NAME = "cut_off.pdf"


def small_batch(root: Path) -> tuple[Path, Path]:
    """(raw, parsed): the seed, the ruled PDF (targets 90% and 100%), the cut-off PDF."""
    raw = root / "raw"
    (raw / "sub").mkdir(parents=True)
    shutil.copy(JAKBAR_2020, raw / JAKBAR_2020.name)
    build_simple_ruled_pdf(raw / "sub" / PDF_NAME)
    truncated_pdf(raw / BROKEN_NAME)
    return raw, extract(raw, root / "parsed")


def word_box(pdf: Path, text: str) -> tuple[int, float, float, float, float]:
    """(page, x0, top, x1, bottom) in points of the first word `text` on the PDF's pages, as
    pdfplumber (not our reader) finds it."""
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for word in page.extract_words():
                if word["text"] == text:
                    return number, word["x0"], word["top"], word["x1"], word["bottom"]
    raise AssertionError(f"{text!r} is not on any page of {pdf}")


def rewrite(parsed: Path, table: str, rows: list[dict]) -> None:
    """Replace a table's rows, keeping its schema and the contract version in its metadata."""
    path = parsed / f"{table}.parquet"
    old = pq.read_table(path)
    pq.write_table(pa.Table.from_pylist(rows, schema=old.schema), path)


def read(parsed: Path, table: str) -> list[dict]:
    return pq.read_table(parsed / f"{table}.parquet").to_pylist()
