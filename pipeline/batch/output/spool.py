"""Results on disk as they come, merged into the tables at the end: memory stays flat as a batch grows.

Each file's result is pickled into a spool folder the moment it arrives (from a worker or the
cache); only its sort keys and row counts stay in memory. At the end the tables are written in
output order, a slice of documents at a time, each slice one Parquet row group, so the same
inputs give the same bytes whatever order the workers finished in.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from extractors.model.findings import Finding
from extractors.model.records import DocumentResult, FileResult
from pipeline.batch.output import store
from pipeline.batch.worker import WORKDIR_PREFIX

ROW_GROUP_DOCUMENTS = 500  # documents per row group: bounds the memory of the final write


@dataclass(frozen=True)
class _Entry:
    key: tuple[str, int]  # the output order: file id, then position in the file
    index: int  # the file's place in discovery order
    part: int  # position of this agreement in the file's result


@dataclass
class Spool:
    """FileResults by discovery index, kept as files in `folder`."""

    folder: Path
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(store.TABLES, 0))
    _entries: dict[int, list[_Entry]] = field(default_factory=dict)
    _notes: dict[int, list[Finding]] = field(default_factory=dict)

    @classmethod
    def in_temp(cls) -> Spool:
        """A fresh spool in the system's temporary folder, not beside the output: a full output
        disk then stops nothing before the exact check at the write. Named as a worker's folder,
        so `worker.remove_stale_workdirs` removes one a killed run left behind."""
        return cls(Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-spool-")))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def put(self, index: int, result: FileResult) -> None:
        with open(self.folder / f"{index}.pkl", "wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        self._entries[index] = [
            _Entry((p.document.file_id or p.document.doc_id, p.document.part or 1), index, k)
            for k, p in enumerate(result.parts)]
        for part in result.parts:
            self.rows["documents"] += 1
            self.rows["findings"] += len(part.findings)
            for table in ("parties", "indicators", "targets", "budgets", "actions", "results", "sources"):
                self.rows[table] += len(getattr(part, table))

    def has(self, index: int) -> bool:
        return index in self._entries

    def note(self, index: int, finding: Finding) -> None:
        """A file-level finding for a result already spooled (`FileResult.noted` at read time)."""
        self._notes.setdefault(index, []).append(finding)
        self.rows["findings"] += 1

    def get(self, index: int) -> FileResult:
        with open(self.folder / f"{index}.pkl", "rb") as f:
            result: FileResult = pickle.load(f)
        for finding in self._notes.get(index, ()):
            result = result.noted(finding)
        return result

    def in_output_order(self) -> Iterator[DocumentResult]:
        """Every agreement, as `store.in_output_order` orders them, one file loaded at a time."""
        entries = sorted((e for es in self._entries.values() for e in es),
                         key=lambda e: (e.key, e.index, e.part))
        loaded: tuple[int, FileResult] | None = None
        for entry in entries:
            if loaded is None or loaded[0] != entry.index:
                loaded = (entry.index, self.get(entry.index))
            yield loaded[1].parts[entry.part]

    def write_tables(self, folder: Path) -> None:
        """Every table into `folder`, a row group per ROW_GROUP_DOCUMENTS documents."""
        writers = {t: pq.ParquetWriter(folder / f"{t}.parquet", store.schema_of(t)) for t in store.TABLES}
        try:
            batch: list[DocumentResult] = []
            written = False
            for part in self.in_output_order():
                batch.append(part)
                if len(batch) == ROW_GROUP_DOCUMENTS:
                    for table, writer in writers.items():
                        writer.write_table(store.build_table(batch, table))
                    batch, written = [], True
            if batch or not written:
                for table, writer in writers.items():
                    writer.write_table(store.build_table(batch, table))
        finally:
            for writer in writers.values():
                writer.close()
