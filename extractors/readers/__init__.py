"""Reader registry: which reader turns a file's bytes into a Layout.

Chosen by what the bytes are, not by the file's name; a name that lies (`.pdf`
holding text) is said in a finding. A ZIP is a Word document when it holds
`word/` parts; other ZIPs and old binary Office files are refused by name, with
what to do instead.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from extractors.model.findings import error
from extractors.model.layout import Layout
from extractors.model.settings import Settings
from extractors.readers.containers import ole_kind, zip_kind
from extractors.readers.text import read_text, utf16_without_bom

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_OLE = b"\xd0\xcf\x11\xe0"  # OLE compound file: old Office, or an encrypted new one
_ADVICE = {  # what to do with a file this pipeline refuses, where it is not the general advice
    "an old Word 97-2003 document (.doc)": "open it in Word or LibreOffice and save it as a Word "
    "document (.docx) or export it as PDF",
    "a password-protected Office document": "ask the sender for a copy without a password, or save "
    "it again without one as .docx or PDF",
}
_GENERAL_ADVICE = "supply the agreement as a PDF, a Word document (.docx) or a text rendering"


def preload(kinds: Collection[str | None], settings: Settings) -> None:
    """Import the readers a batch of these kinds needs, now: a batch forks a child per file, and
    a module the parent holds is not imported again in each child (about 0.1 s a file). With
    PDFs and OCR on, the OCR engine's models are loaded once here too. A batch of text files
    loads neither (start-up is the whole cost of a small run)."""
    if "docx" in kinds:
        import extractors.readers.docx.reader  # noqa: F401
    if "pdf" in kinds:
        import extractors.readers.pdf.reader  # noqa: F401

        if settings.ocr:
            from extractors.readers.ocr.engine import engine
            from extractors.readers.ocr.reader import ocr_available

            if ocr_available(settings.ocr_languages) is None:
                engine(settings.ocr_languages)  # chosen once; forked workers inherit the models


def kind_of(path: Path) -> str | None:
    """The reader a file's first bytes call for (enough to choose what to preload)."""
    try:
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError:
        return None
    return sniff(head)[0]


def _read_pdf(data: bytes, settings: Settings) -> Layout:
    from extractors.readers.pdf.reader import read_pdf  # PDFium, pdfplumber: load them only for PDFs

    return read_pdf(data, settings)


def _read_docx(data: bytes, settings: Settings) -> Layout:
    from extractors.readers.docx.reader import read_docx  # python-docx and lxml: only for Word files

    return read_docx(data, settings)


READERS: dict[str, Callable[[bytes, Settings], Layout]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "text": lambda data, _settings: read_text(data),
}


def sniff(data: bytes) -> tuple[str | None, str]:
    """(reader kind, or None when no reader fits; what the file is, in words)."""
    if not data.strip():
        return None, "empty"
    if b"%PDF-" in data[:1024]:
        return "pdf", "a PDF"
    if data.startswith(b"PK\x03\x04"):
        return zip_kind(data)
    if data.startswith(_OLE):
        return None, ole_kind(data)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return None, what
    if (b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            and utf16_without_bom(data) is None):
        return None, "binary data"
    return "text", "text"


def read_bytes(data: bytes, source_file: str, settings: Settings) -> Layout:
    kind, what = sniff(data)
    if what == "empty":
        finding = error("empty_file", "The file is empty (or only whitespace); replace it with "
                        "the agreement's text or PDF.")
        return Layout(pages=(), source_format="text", findings=(finding,))
    if kind is None:
        advice = _ADVICE.get(what, _GENERAL_ADVICE)
        finding = error("unreadable_file", f"The file is {what}, which this pipeline does not read; "
                        f"{advice}.")
        return Layout(pages=(), source_format="text", findings=(finding,))
    if source_file.lower().endswith(".pdf") and kind != "pdf":
        finding = error("unreadable_file", "The file is named .pdf but is not a PDF (no %PDF header); "
                        "export the agreement to PDF again.")
        return Layout(pages=(), source_format="pdf", findings=(finding,))
    return READERS[kind](data, settings)
