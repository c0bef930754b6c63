"""Write the contract's tables and manifest.json, replacing the output folder atomically.

Types are spelled out here as contract.md gives them, never inferred from the
rows: an all-null column or an empty table must still carry its contract type.
A write that cannot be done (a full disk, a read-only folder) is a `NotWritten`
value saying so in one sentence; the previous tables then stay as they were.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import functools
import importlib.abc
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractors import __version__
from extractors.model.findings import Finding
from extractors.model.records import (
    ActionRow,
    BudgetRow,
    DocumentResult,
    DocumentRow,
    FileResult,
    IndicatorRow,
    PartyRow,
    ResultRow,
    SourceRow,
    TargetRow,
    as_row,
    output_fields,
)
from pipeline.batch.output import space
from pipeline.batch.sizes import format_size
from pipeline.batch.stop import Stopped, signals_held
from pipeline.batch.worker import pid_alive
from pipeline.contract import CONTRACT, CONTRACT_VERSION, F64, I32, I64, LS, TABLES, B, D, S  # noqa: F401 (re-exported)

ROW_CLASSES: dict[str, type] = {
    "documents": DocumentRow, "parties": PartyRow, "indicators": IndicatorRow,
    "targets": TargetRow, "budgets": BudgetRow, "findings": Finding,
    "actions": ActionRow, "results": ResultRow, "sources": SourceRow,
}

# Annotation strings (records use `from __future__ import annotations`) -> Arrow type,
# for columns the dataclasses carry beyond the contract.
_EXTRA_TYPES: dict[str, pa.DataType] = {
    "str": S, "int": I64, "float": F64, "bool": B, "dt.date": D, "date": D,
    "tuple[str, ...]": LS, "list[str]": LS,
}


_EXTRA_BY_NAME: dict[str, pa.DataType] = {"page": I32, "line": I32, "year": I32}  # as elsewhere


def _extra_type(annotation: Any, name: str = "") -> pa.DataType:
    if name in _EXTRA_BY_NAME:
        return _EXTRA_BY_NAME[name]
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    base = text.replace(" | None", "").replace("None | ", "").strip()
    return _EXTRA_TYPES.get(base, S)


def schema_of(table: str) -> pa.Schema:
    """The contract columns, then any extra dataclass fields (nullable), plus the version tag."""
    fields = [pa.field(name, typ, nullable=not required) for name, typ, required in CONTRACT[table]]
    known = {name for name, _, _ in CONTRACT[table]}
    for f in output_fields(ROW_CLASSES[table]):
        if f.name not in known:
            fields.append(pa.field(f.name, _extra_type(f.type, f.name)))
    return pa.schema(fields, metadata={"contract_version": CONTRACT_VERSION})


def _rows(result: DocumentResult, table: str) -> list[dict[str, Any]]:
    """One document's rows of one table, as dicts, in the document's own order."""
    if table == "documents":
        return [as_row(result.document)]
    if table == "findings":
        doc_id = result.document.doc_id
        return [{"doc_id": doc_id, **dataclasses.asdict(f)} for f in result.findings]
    return [as_row(r) for r in getattr(result, table)]


def _cell(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


class _NoPandas(importlib.abc.MetaPathFinder):
    """A finder that says pandas is not installed (for one probe only)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname == "pandas" or fullname.startswith("pandas."):
            raise ImportError("pandas is not asked for while the tables are built")


@functools.cache
def _skip_pandas_probe() -> None:
    """Settle pyarrow's lazy pandas probe as "no pandas", unless pandas is loaded already.

    The first `pa.array(list)` in a process imports pandas only to ask whether the list is a
    pandas object (about 1.2 s: twice the whole of a one-file run). Ours never is. With the
    probe settled, pyarrow still imports pandas when a caller really converts to or from it.
    """
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([], type=pa.null())
    finally:
        sys.meta_path.remove(finder)


def _array(values: list[Any], type_: pa.DataType) -> pa.Array:
    _skip_pandas_probe()
    return pa.array(values, type=type_)


def build_table(results: Iterable[DocumentResult], table: str) -> pa.Table:
    """Rows of all results (already in output order) under the explicit schema.

    Raises (pa.ArrowException, TypeError, ValueError) when a row breaks its column's
    type or a required column is null: a bug in an extractor, caught per file by `check_result`.
    """
    schema = schema_of(table)
    rows = [row for result in results for row in _rows(result, table)]
    arrays = []
    for f in schema:
        values = [_cell(row.get(f.name)) for row in rows]
        array = _array(values, f.type)
        if not f.nullable and array.null_count:
            raise ValueError(f"{table}.{f.name} is required but {array.null_count} rows lack it")
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=schema)


def check_result(result: FileResult) -> str | None:
    """None when every row of one file's result fits the contract types, else what breaks them."""
    for table in TABLES:
        try:
            build_table(result.parts, table)
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            return f"{table}: {type(exc).__name__}: {exc}"
    return None


def in_output_order(results: Sequence[FileResult]) -> list[DocumentResult]:
    """Every agreement of every file, by file id, then by position in its file (`-10` after `-9`)."""
    parts = [part for result in results for part in result.parts]
    return sorted(parts, key=lambda r: (r.document.file_id or r.document.doc_id, r.document.part or 1))


def build_tables(results: Sequence[FileResult]) -> dict[str, pa.Table]:
    ordered = in_output_order(results)
    return {table: build_table(ordered, table) for table in TABLES}


# --- atomic replacement of the output folder -------------------------------------------


def _sibling(out: Path, tag: str, pid: int) -> Path:
    return out.with_name(f"{out.name}.{tag}-{pid}")


def _siblings(out: Path, tag: str) -> list[tuple[Path, int]]:
    found = []
    if not out.parent.is_dir():
        return found
    for path in out.parent.glob(f"{out.name}.{tag}-*"):
        suffix = path.name.rsplit("-", 1)[-1]
        if suffix.isdigit():
            found.append((path, int(suffix)))
    return sorted(found)


def recover(out: Path) -> list[str]:
    """Undo what an interrupted run left: restore a swapped-out folder, drop stale temp folders.

    Returns what it did, in words, for the log.
    """
    done: list[str] = []
    olds = [
        (p, pid) for p, pid in _siblings(out, "old") if pid == os.getpid() or not pid_alive(pid)
    ]
    if not out.exists() and olds:
        newest = max(olds, key=lambda item: item[0].stat().st_mtime)[0]
        newest.rename(out)
        done.append(f"restored {out} from {newest.name} (a previous run stopped mid-swap)")
        olds = [item for item in olds if item[0] != newest]
    for path, _ in olds:
        shutil.rmtree(path, ignore_errors=True)
        done.append(f"removed {path.name}")
    for path, pid in _siblings(out, "tmp"):
        if pid == os.getpid() or not pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"removed {path.name} (left by an interrupted run)")
    return done


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclasses.dataclass(frozen=True)
class NotWritten:
    """The tables were not written, and why: one sentence for the person running the batch."""

    message: str


def _kept(out: Path) -> str:
    return (f"the previous tables in {out} are untouched" if out.exists()
            else f"nothing was written to {out}")


def serialise(tables: dict[str, pa.Table], manifest: dict[str, Any]) -> dict[str, bytes]:
    """The output folder's files as bytes: their exact sizes are known before anything is written."""
    files = {}
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        files[f"{name}.parquet"] = sink.getvalue().to_pybytes()
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    files["manifest.json"] = text.encode("utf-8")
    return files


def _short_of_space(out: Path, need: int, what: str) -> NotWritten | None:
    free = space.free_bytes(out.parent)
    if free >= need:
        return None
    return NotWritten(
        f"The disk holding {out.parent} has {format_size(free)} free but {what} {format_size(need)}: "
        f"free at least {format_size(need - free)} there (or pass another --out) and run again; "
        f"{_kept(out)}."
    )


def check_space_ahead(out: Path) -> NotWritten | None:
    """Before extracting: is there room for new tables beside the previous ones?

    The estimate is the previous tables' size (a batch changes little between
    runs), or that of empty tables on a first run; the exact check comes in
    `write_output`. A full disk is said now, not after an hour of OCR.
    """
    out = out.absolute()
    empty = serialise(build_tables([]), {})
    need = max(space.footprint(space.file_sizes(out), out.parent),
               space.footprint((len(b) for b in empty.values()), out.parent))
    return _short_of_space(out, need, "new tables beside the previous ones need about")


def write_failure(out: Path, exc: OSError, need: int) -> NotWritten:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NotWritten(
            f"The disk holding {out.parent} ran out of space while the tables were written: free at "
            f"least {format_size(need)} there (or pass another --out) and run again; {_kept(out)}."
        )
    return NotWritten(
        f"The tables could not be written beside {out} ({exc.strerror or exc}); check that the folder "
        f"is writable and run again; {_kept(out)}."
    )


def write_output(
    out: Path,
    tables: dict[str, pa.Table] | Path,
    manifest: dict[str, Any],
) -> NotWritten | None:
    """Write every file into `<out>.tmp-<pid>`, fsync, then swap it in for `out`. `tables` is
    the tables, or a folder holding them already written (the spool's, a slice at a time, so
    memory stays flat); either way their exact size is known before anything is written here.

    Until the swap a reader sees the previous folder whole; the swap itself is two
    renames, done with stop signals held, and `recover` finishes or undoes one
    that was interrupted (a crash, a power cut). When the files cannot be
    written, the temporary folder goes and `out` stays as it was.
    """
    out = out.absolute()
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    staged = sorted(tables.glob("*.parquet")) if isinstance(tables, Path) else []
    files = serialise(tables, manifest) if isinstance(tables, dict) else {"manifest.json": text.encode()}
    need = space.footprint([*(len(b) for b in files.values()), *(p.stat().st_size for p in staged)],
                           out.parent)
    pid = os.getpid()
    tmp, old = _sibling(out, "tmp", pid), _sibling(out, "old", pid)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        short = _short_of_space(out, need, "the new tables need")
        if short is not None:
            return short
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for path in staged:
            shutil.copyfile(path, tmp / path.name)
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        for path in tmp.iterdir():
            _fsync_path(path)
        _fsync_path(tmp)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return write_failure(out, exc, need)
    except BaseException:  # a stop signal: the temporary folder must not stay behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swapped = False
    try:
        with signals_held():
            try:
                if out.exists():
                    out.rename(old)
                tmp.rename(out)
            except OSError as exc:
                if old.exists() and not out.exists():
                    old.rename(out)
                shutil.rmtree(tmp, ignore_errors=True)
                return write_failure(out, exc, need)
            swapped = True
            with contextlib.suppress(OSError):  # the swap is done; durability is best effort from here
                _fsync_path(out.parent)
            shutil.rmtree(old, ignore_errors=True)
    except Stopped as stop:  # it arrived during the swap and waited for it to end
        raise Stopped(stop.signum, tables_written=swapped) from None
    return None


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def versions() -> dict[str, str | None]:
    """What produced the rows, for the manifest: enough to reproduce a run."""

    def package(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    try:
        proc = subprocess.run(
            ["tesseract", "--version"], capture_output=True, text=True, timeout=10, check=False
        )
        first = (proc.stdout or proc.stderr).strip().splitlines()
        tesseract = first[0].removeprefix("tesseract ").strip() if first else None
    except (OSError, subprocess.SubprocessError):
        tesseract = None
    return {
        "pipeline": __version__,
        "python": platform.python_version(),
        "pyarrow": pa.__version__,
        "pdfplumber": package("pdfplumber"),
        "pypdfium2": package("pypdfium2"),
        "tesseract": tesseract,
    }
