"""The corrections file: a CSV beside the batch, one line per reviewed value.

`load` reads it without ever raising for what a person typed: each line it cannot take is a
`LineProblem` (line number and what to fix) and every other line loads. `save` adds or
replaces one line under an exclusive lock, atomically, keeping every other line as written
(bad lines too: nothing a person typed is lost).
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path

from extractors.model.records import KEY_COLUMNS
from pipeline.corrections.model import ACTIONS, FIELDS, Correction, LineProblem, Loaded, fixed_columns
from pipeline.corrections.values import column_type, parse, type_name

FILE_NAME = "corrections.csv"
_ENCODING = "utf-8"
_OPTIONAL = {"note"}
_WHEN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)


def default_path(parsed: Path) -> Path:
    """Where a batch's corrections live: `corrections/corrections.csv` beside `parsed/`."""
    return Path(parsed).parent / "corrections" / FILE_NAME


def _read_text(path: Path) -> str:
    """The file as text; bytes that are not UTF-8 kept as surrogates (reported, and saved back)."""
    text = path.read_bytes().decode(_ENCODING, errors="surrogateescape")
    return text.removeprefix("\ufeff")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each CSV record; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, ["\0csv", str(exc)]
            start = reader.line_num + 1
            continue
        if fields:
            yield start, fields
        start = reader.line_num + 1


def _problem_of_header(header: list[str]) -> str | None:
    missing = [f for f in FIELDS if f not in header and f not in _OPTIONAL]
    if missing:
        return (f"the header row lacks {', '.join(missing)}: it should read "
                f"{','.join(FIELDS)}")
    return None


def check(c: Correction) -> str | None:
    """What is wrong with a correction (None: nothing): the review page asks before saving."""
    dtype = column_type(c.table, c.column)
    if c.table not in KEY_COLUMNS:
        return f"unknown table {c.table!r} (one of {', '.join(KEY_COLUMNS)})"
    if dtype is None:
        return f"table {c.table} has no column {c.column!r}"
    if c.column in fixed_columns(c.table):
        return f"{c.table}.{c.column} is a key or a fact of the run, not correctable"
    if not c.doc_id:
        return "doc_id is empty"
    parts = len(c.key.split("/"))
    if parts != len(KEY_COLUMNS[c.table]):
        return (f"key {c.key!r} has {parts} part(s); {c.table} keys are "
                f"{'/'.join(KEY_COLUMNS[c.table])}")
    if c.table == "documents" and c.key != c.doc_id:
        return f"a documents key is the doc_id itself ({c.doc_id!r}), not {c.key!r}"
    if c.action not in ACTIONS:
        return f"action {c.action!r} is neither correct nor confirm"
    for name, text in (("extracted", c.extracted), ("corrected", c.corrected)):
        problem = parse(dtype, text).problem
        if problem:
            return f"{name}: {problem} for {c.table}.{c.column} ({type_name(dtype)})"
    if c.action == "confirm" and (c.corrected or None) != (c.extracted or None):
        return "a confirm keeps the extracted value: corrected must equal extracted"
    if not c.who.strip():
        return "who is empty: say who reviewed the value"
    try:
        if not _WHEN.fullmatch(c.when):
            raise ValueError(c.when)
        dt.datetime.fromisoformat(c.when.removesuffix("Z"))
    except ValueError:
        return f"when {c.when!r} is not ISO 8601 UTC to the second (2026-12-02T17:40:05Z)"
    return None


def _correction(header: list[str], fields: list[str]) -> Correction | str:
    """One record as a Correction, or what is wrong with it."""
    if fields[0] == "\0csv":
        return f"not a CSV record ({fields[1]}); check the quotes"
    if len(fields) != len(header):
        return f"{len(fields)} fields where the header has {len(header)}; check commas and quotes"
    bad = [n for n, v in zip(header, fields, strict=True) if _UNDECODED.search(v)]
    if bad:
        return f"bytes that are not UTF-8 in {', '.join(bad)}; save the file as UTF-8"
    row = dict(zip(header, fields, strict=True))
    values = {f: row.get(f, "") for f in FIELDS}
    for name in ("extracted", "corrected"):
        values[name] = values[name] or None  # an empty cell is no value
    correction = Correction(**values)  # type: ignore[arg-type]
    return check(correction) or correction


def load(path: Path) -> Loaded:
    """Every correction of the file, and a LineProblem per line it could not take.

    A missing file is no corrections. Never raises for the file's content.
    """
    path = Path(path)
    if not path.exists():
        return Loaded((), ())
    try:
        text = _read_text(path)
    except OSError as exc:
        return Loaded((), (LineProblem(0, f"cannot read {path}: {exc}"),))
    records = list(_records(text))
    if not records:
        return Loaded((), ())
    (_, header), rows = records[0], records[1:]
    header = [h.strip() for h in header]
    problem = _problem_of_header(header)
    if problem:
        return Loaded((), (LineProblem(1, problem),))
    corrections: list[Correction] = []
    problems: list[LineProblem] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for line, fields in rows:
        got = _correction(header, fields)
        if isinstance(got, str):
            problems.append(LineProblem(line, got))
        elif got.target in seen:
            problems.append(LineProblem(line, (
                f"{'/'.join(got.target)} is already corrected on line {seen[got.target]}; "
                "keep one of the two lines")))
        else:
            seen[got.target] = line
            corrections.append(got)
    return Loaded(tuple(corrections), tuple(problems))


def save(path: Path, correction: Correction) -> None:
    """Add `correction` to the file, replacing the line about the same value.

    Concurrency-safe (an exclusive flock on `<file>.lock` around read-modify-write) and atomic
    (a temporary file renamed over the old one): readers see the old file or the new one, and
    two reviewers saving at once lose nothing. Raises ValueError for a correction `check`
    refuses (the caller checks first), and for a file holding a record the CSV reader cannot
    read at all (a field over the reader's size limit), which a rewrite would lose.
    """
    problem = check(correction)
    if problem:
        raise ValueError(problem)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _rewrite(path, correction)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _new_file_mode() -> int:
    """rw for whom the umask allows (mkstemp's own 0600 would hide the file from the team)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _rewrite(path: Path, correction: Correction) -> None:
    records = list(_records(_read_text(path))) if path.exists() else []
    header = [h.strip() for h in records[0][1]] if records else list(FIELDS)
    if _problem_of_header(header):  # a header we cannot read: start a proper one above it
        records.insert(0, (0, list(FIELDS)))
        header = list(FIELDS)
    row = dict(zip(FIELDS, ("" if v is None else v for v in astuple(correction)), strict=True))
    new = [row.get(h, "") for h in header]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    replaced = False
    where = [header.index(name) for name in ("doc_id", "table", "key", "column")]
    for line, fields in records[1:]:
        if fields[0] == "\0csv":  # it could not be written back as it is: better no save than a loss
            raise ValueError(f"{path} line {line} is not CSV ({fields[1]}); fix it first")
        if len(fields) == len(header) and tuple(fields[i] for i in where) == correction.target:
            if not replaced:
                writer.writerow(new)
                replaced = True
            continue
        writer.writerow(fields)
    if not replaced:
        writer.writerow(new)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
        with os.fdopen(handle, "w", encoding=_ENCODING, errors="surrogateescape", newline="") as f:
            f.write(out.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
