"""The Word reader: what is not content (hidden, white or deleted text; headers, footers and
comments), and files that are no readable .docx, each a finding, never an exception.

Each test builds the document it reads with python-docx (XML where python-docx
has no API); the helpers that read it are test_docx_reader's.
"""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from extractors.extract import extract_bytes
from extractors.readers import read_bytes, sniff
from tests.fixtures.docx import (
    add_table,
    deleted_run,
    hidden_run,
    old_word_doc,
    ole_file,
    rezip,
    shade,
    to_bytes,
    white_run,
)
from tests.readers.test_docx_reader import SETTINGS, cells, grids, read, texts

# ---- what is not content ---------------------------------------------------------------------


def test_hidden_white_and_deleted_text_is_not_content() -> None:
    doc = Document()
    p = doc.add_paragraph("Target kinerja ")
    hidden_run(p, "CATATAN REVIEWER: cek lagi ")
    white_run(p, "kata kunci tersembunyi ")
    deleted_run(p, "90% ")
    p.add_run("100%")
    style = doc.styles.add_style("Tersembunyi", WD_STYLE_TYPE.CHARACTER)  # a style that hides its runs
    style.font.hidden = True
    doc.add_paragraph().add_run("draf lama", style="Tersembunyi")
    table = add_table(doc, [["Header putih", "Biasa"]])
    white_run(table.cell(0, 0).paragraphs[0], " di atas biru")  # white on a dark cell: visible
    shade(table.cell(0, 0), "1F3864")
    white_run(table.cell(0, 1).paragraphs[0], " di atas putih")
    layout = read(doc)
    assert texts(layout) == ["Target kinerja 100%"]
    assert cells(grids(layout)[0]) == [["Header putih di atas biru", "Biasa"]]


def test_headers_footers_and_comments_are_not_content() -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Dokumen rahasia - kepala halaman"
    doc.sections[0].footer.paragraphs[0].text = "Halaman 1 dari 3"
    p = doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    doc.add_comment(p.runs, text="Komentar: ganti tahunnya", author="Reviewer")
    assert texts(read(doc)) == ["PERJANJIAN KINERJA TAHUN 2021"]


# ---- files that are no readable .docx ------------------------------------------------------


def _small_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2021")
    return to_bytes(doc)


def _zip_of(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _needs_zip_version(data: bytes, version: int) -> bytes:
    """A ZIP whose directory says its first entry needs a newer unzipper than Python's."""
    at = data.find(b"PK\x01\x02") + 6
    return data[:at] + bytes([version]) + data[at + 1:]


@pytest.mark.parametrize("name, data, says", [
    ("truncated.docx", lambda: _small_docx()[: len(_small_docx()) // 2], "truncated or damaged"),
    ("no_body.docx", lambda: rezip(_small_docx(), drop="word/document.xml"), "word/document.xml"),
    ("broken_xml.docx", lambda: rezip(_small_docx(), replace={
        "word/document.xml": b"<w:document xmlns:w='urn:x'><w:body><w:p>"}), "word/document.xml"),
    ("future_zip.docx", lambda: _needs_zip_version(_small_docx(), 255), "could not be opened"),
    ("old.doc", old_word_doc, "save it as a Word document (.docx) or export it as PDF"),
    ("sheet.xlsx", lambda: _zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
     "Excel workbook"),
    ("photos.zip", lambda: _zip_of({"scan1.jpg": b"\xff\xd8\xff"}), "a ZIP archive"),
])
def test_a_file_that_is_no_readable_docx_fails_with_a_finding(name: str, data, says: str) -> None:
    result = extract_bytes(data(), name, SETTINGS)
    assert result.document.status == "failed"
    (finding,) = result.findings
    assert finding.code == "unreadable_file" and finding.severity == "error"
    assert says in finding.message, finding.message
    assert finding.message.endswith(".") and finding.message.count(". ") == 0  # one sentence


def test_sniffing_tells_word_files_from_other_containers() -> None:
    assert sniff(_small_docx()) == ("docx", "a Word document (.docx)")
    assert sniff(_small_docx()[:600])[0] == "docx"  # the local headers still name word/ parts
    assert sniff(old_word_doc()) == (None, "an old Word 97-2003 document (.doc)")
    encrypted = ole_file("EncryptionInfo", "EncryptedPackage")  # a .docx saved with a password
    assert sniff(encrypted) == (None, "a password-protected Office document")


def test_a_docx_is_read_whatever_its_name() -> None:
    layout = read_bytes(_small_docx(), "lampiran.bin", SETTINGS)
    assert layout.source_format == "docx" and texts(layout) == ["PERJANJIAN KINERJA TAHUN 2021"]


def test_any_damage_to_a_docx_is_a_finding_never_an_exception() -> None:
    import random

    data = _small_docx()
    rng = random.Random(5)
    damaged = [data[:cut] for cut in range(100, len(data), len(data) // 25)]
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))  # the ZIP's last entry
    for k in range(50):
        flipped = bytearray(data)
        for _ in range(rng.randrange(1, 12)):  # anywhere, or in the directory that names the parts
            flipped[rng.randrange(directory if k % 2 else 0, len(flipped))] = rng.randrange(256)
        damaged.append(bytes(flipped))
    intact = extract_bytes(data, "intact.docx", SETTINGS)  # a title alone: `partial`, no parties
    for bad in damaged:
        result = extract_bytes(bad, "damaged.docx", SETTINGS)
        if result.document.status == "failed":
            assert [f.code for f in result.findings] == ["unreadable_file"]
        else:  # the damage missed what is read
            assert result.document.title == intact.document.title
