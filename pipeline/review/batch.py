"""The batch as the review page reads it: the list worst first, one document's rows, and the files
under RAW that the documents table names (and nothing else).

The tables are read once and read again when `parsed/` changes (a new `make extract` swaps the
folder): the list of a 1,000-document batch reads two small tables (documents, findings); the
others are read when a document is first opened.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.analysis.problems import Problem
from pipeline.analysis.tables_io import check_table, load_tables

DOC_ID = re.compile(r"[0-9a-f]{16}(-[0-9]{1,4})?")
LOW_OCR = "low_ocr_confidence"
LIST_TABLES = ("documents", "findings")
Row = dict[str, Any]


@dataclass(frozen=True)
class ListEntry:
    """One line of the list: the document, and the counts that sort it."""

    doc_id: str
    source_file: str
    part: int
    status: str
    kind: str | None
    unit: str | None
    year: int | None
    source_format: str
    errors: int
    warnings: int
    low_ocr: int
    infos: int

    @property
    def rank(self) -> tuple:
        """Worst first: errors, then warnings, then low OCR confidence; then by name."""
        failed = self.status == "failed"
        return (not failed, -self.errors, -self.warnings, -self.low_ocr, self.source_file, self.part)


@dataclass
class State:
    """The tables of one state of `parsed/`, and when that state was written."""

    stamp: tuple[float, ...]
    tables: dict[str, pa.Table]
    raw_root: Path
    documents: dict[str, Row] = field(default_factory=dict)
    entries: list[ListEntry] = field(default_factory=list)


def folder_stamp(parsed: Path) -> tuple[float, ...]:
    """What changes when `parsed/` is written again (the run swaps the folder as a whole)."""
    stamps = []
    for name in ("manifest.json", "documents.parquet", "sources.parquet"):
        try:
            stamps.append((parsed / name).stat().st_mtime_ns)
        except OSError:
            stamps.append(0.0)
    return tuple(stamps)


def raw_root_of(parsed: Path, raw: Path | None) -> Path:
    """Where documents.source_file is relative to: `--raw` when given, else the raw root the
    manifest records (when it records one), else `raw` beside the parsed folder."""
    if raw is not None:
        return raw.resolve()
    try:
        manifest = json.loads((parsed / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    recorded = manifest.get("raw_root") or manifest.get("raw") if isinstance(manifest, dict) else None
    if isinstance(recorded, str) and recorded:
        return (parsed / recorded).resolve() if not Path(recorded).is_absolute() else Path(recorded)
    return (parsed.resolve().parent / "raw").resolve()


def _counts(findings: pa.Table) -> dict[str, dict[str, int]]:
    """Per doc_id: findings by severity, and the low-OCR ones."""
    counts: dict[str, dict[str, int]] = {}
    ids = findings.column("doc_id").to_pylist()
    severities = findings.column("severity").to_pylist()
    codes = findings.column("code").to_pylist()
    for doc_id, severity, code in zip(ids, severities, codes, strict=True):
        mine = counts.setdefault(doc_id, {"error": 0, "warning": 0, "info": 0, "low_ocr": 0})
        mine[severity] = mine.get(severity, 0) + 1
        if code == LOW_OCR:
            mine["low_ocr"] += 1
    return counts


def _entries(documents: list[Row], findings: pa.Table) -> list[ListEntry]:
    counts = _counts(findings)
    entries = []
    for doc in documents:
        mine = counts.get(doc["doc_id"], {})
        entries.append(ListEntry(
            doc_id=doc["doc_id"], source_file=doc["source_file"], part=doc.get("part") or 1,
            status=doc["status"], kind=doc.get("kind"), unit=doc.get("unit"), year=doc.get("year"),
            source_format=doc["source_format"], errors=mine.get("error", 0),
            warnings=mine.get("warning", 0), low_ocr=mine.get("low_ocr", 0), infos=mine.get("info", 0)))
    return sorted(entries, key=lambda e: e.rank)


class Batch:
    """One `parsed/` folder and its raw root, read lazily and again after each new extract."""

    def __init__(self, parsed: Path, raw: Path | None = None) -> None:
        self.parsed = parsed.resolve()
        self._raw = raw
        self._lock = threading.Lock()
        self._loaded: State | None = None
        self._hashes: dict[tuple[str, int, int], str] = {}

    def load(self) -> State | Problem:
        stamp = folder_stamp(self.parsed)
        with self._lock:
            if self._loaded is not None and self._loaded.stamp == stamp:
                return self._loaded
            tables = load_tables(self.parsed, LIST_TABLES)
            if isinstance(tables, Problem):
                return tables
            documents = tables["documents"].to_pylist()
            loaded = State(stamp=stamp, tables=tables, raw_root=raw_root_of(self.parsed, self._raw),
                            documents={d["doc_id"]: d for d in documents},
                            entries=_entries(documents, tables["findings"]))
            self._loaded = loaded
            return loaded

    def table(self, name: str) -> pa.Table | None:
        """One table of the loaded state, read on first use; None when it cannot be read."""
        loaded = self.load()
        if isinstance(loaded, Problem):
            return None
        with self._lock:
            if name not in loaded.tables:
                data = check_table(self.parsed / f"{name}.parquet", name)
                if isinstance(data, str):
                    return None
                loaded.tables[name] = data
            return loaded.tables[name]

    def document(self, doc_id: str) -> Row | None:
        """The documents row of a well-formed doc_id that the table holds; None for anything else."""
        if not isinstance(doc_id, str) or not DOC_ID.fullmatch(doc_id):
            return None
        loaded = self.load()
        return None if isinstance(loaded, Problem) else loaded.documents.get(doc_id)

    def rows(self, table: str, doc_id: str) -> list[Row]:
        """One document's rows of a table, in the table's (the document's) order."""
        data = self.table(table)
        if data is None:
            return []
        return data.filter(pc.equal(data.column("doc_id"), doc_id)).to_pylist()

    def source_path(self, doc_id: str) -> Path | None:
        """The document's file under RAW, resolved; None when the documents table names none, or
        names one that would lie outside RAW (`..`, an absolute path, a link out), or is gone."""
        doc = self.document(doc_id)
        loaded = self.load()
        if doc is None or isinstance(loaded, Problem):
            return None
        name = doc["source_file"]
        if not name or Path(name).is_absolute() or "\\" in name or "\x00" in name:
            return None
        root = loaded.raw_root
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    def file_changed(self, doc_id: str, path: Path) -> bool:
        """True when the file under RAW is no longer the one extracted (its hash differs from
        file_id): its boxes would point at another page."""
        doc = self.document(doc_id) or {}
        want = doc.get("file_id") or doc_id.split("-")[0]
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self._hashes:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            self._hashes[key] = digest.hexdigest()[:16]
        return self._hashes[key] != want
