"""What an office container holds, from its bytes: a Word .docx, another ZIP, an old OLE file.

Sniffing must not open the document (that is the reader's job, with its own
findings), so it only reads entry names: from the ZIP directory, or, when a
truncated file has lost its directory, from the local headers that precede
each entry.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_LOCAL_HEADER = b"PK\x03\x04"
_OLE_STREAMS: tuple[tuple[str, str], ...] = (  # directory names (UTF-16LE) -> what the file is
    ("EncryptedPackage", "a password-protected Office document"),
    ("WordDocument", "an old Word 97-2003 document (.doc)"),
    ("Workbook", "an old Excel workbook (.xls)"),
    ("PowerPoint Document", "an old PowerPoint presentation (.ppt)"),
)


def _local_entries(data: bytes) -> list[tuple[str, bytes]]:
    """(name, stored bytes as far as the file goes) of each entry, from its local header."""
    entries = []
    at = data.find(_LOCAL_HEADER)
    while at >= 0 and at + 30 <= len(data):
        method, = struct.unpack_from("<H", data, at + 8)
        size, = struct.unpack_from("<I", data, at + 18)
        name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
        start = at + 30 + name_len + extra_len
        stored = data[start : start + size] if size else data[start : start + 65536]
        entries.append((data[at + 30 : at + 30 + name_len].decode("cp437", "replace"),
                        _inflate(stored) if method == 8 else stored))
        at = data.find(_LOCAL_HEADER, at + 30 + name_len + extra_len)
    return entries


def _inflate(stored: bytes) -> bytes:
    try:
        return zlib.decompressobj(-15).decompress(stored)  # as much as a cut-off stream gives
    except zlib.error:
        return b""


def zip_kind(data: bytes) -> tuple[str | None, str]:
    """(reader kind or None, what the ZIP is in words). A Word package is one with a `word/` part,
    or, cut off before its first `word/` part, whose content-type list names a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names, types = archive.namelist(), b""
    except Exception:  # noqa: BLE001 - a damaged directory: fall back to the local headers
        entries = _local_entries(data)
        names = [name for name, _ in entries]
        types = b"".join(body for name, body in entries if name == "[Content_Types].xml")
    if any(n.startswith("word/") for n in names) or b"wordprocessingml" in types:
        return "docx", "a Word document (.docx)"
    if any(n.startswith("xl/") for n in names) or b"spreadsheetml" in types:
        return None, "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names) or b"presentationml" in types:
        return None, "a PowerPoint presentation (.pptx)"
    if "content.xml" in names and "mimetype" in names:
        return None, "an OpenDocument file (.odt/.ods)"
    return None, "a ZIP archive"


def ole_kind(data: bytes) -> str:
    """What an OLE compound file (old Office, or an encrypted new one) is, by its stream names."""
    for stream, what in _OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return what
    return "an old Microsoft Office file"
