"""Load `parsed/` for the commands that read it (diff, sql, report), checking it against the contract.

A folder from an older contract, a missing table or a re-typed column is reported as one
`Problem` naming what is missing, instead of a KeyError deep inside a command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.analysis.problems import Problem
from pipeline.contract import CONTRACT, CONTRACT_VERSION, SCORES, TABLES

# Columns a newer contract adds; older folders lack them and get them filled in.
OPTIONAL: dict[str, dict[str, pa.DataType]] = {
    "documents": {"file_id": pa.string(), "part": pa.int32(), "kind": pa.string()},
    "targets": {"page": pa.int32(), "line": pa.int32()},
}

# Tables a newer contract adds; an older folder lacks them and reads them as empty.
OPTIONAL_TABLES = ("actions", "results", "sources")

Row = dict[str, Any]


@dataclass(frozen=True)
class DocRows:
    """One document's rows of every table, each in the document's own order."""

    document: Row
    parties: tuple[Row, ...] = ()
    indicators: tuple[Row, ...] = ()
    targets: tuple[Row, ...] = ()
    budgets: tuple[Row, ...] = ()
    findings: tuple[Row, ...] = ()
    actions: tuple[Row, ...] = ()
    results: tuple[Row, ...] = ()
    sources: tuple[Row, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.document["doc_id"]

    @property
    def label(self) -> str:
        """How a person names the document: its file, and the part for a bundled file."""
        part = self.document.get("part") or 1
        suffix = f" (part {part})" if part > 1 else ""
        return f"{self.document['source_file']}{suffix}"


@dataclass(frozen=True)
class Parsed:
    """The tables of one `parsed/` folder, as Arrow tables and grouped per document."""

    folder: Path
    tables: dict[str, pa.Table]
    docs: tuple[DocRows, ...]  # in doc_id order, as the tables are

    def by_id(self) -> dict[str, DocRows]:
        return {d.doc_id: d for d in self.docs}


def _required_columns(table: str) -> list[tuple[str, pa.DataType]]:
    optional = OPTIONAL.get(table, {})
    return [(name, typ) for name, typ, _ in CONTRACT[table] if name not in optional]


def check_table(path: Path, table: str) -> pa.Table | str:
    """The table, or what is wrong with it in a few words (missing, old contract, re-typed)."""
    if not path.is_file() and table in OPTIONAL_TABLES:
        schema = pa.schema([pa.field(n, t, nullable=not r) for n, t, r in CONTRACT[table]])
        return schema.empty_table()
    if not path.is_file():
        return f"{path.name} is missing"
    try:
        data = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        return f"{path.name} cannot be read ({type(exc).__name__})"
    version = (data.schema.metadata or {}).get(b"contract_version", b"").decode()
    if version != CONTRACT_VERSION:
        return f"{path.name} was written for contract version {version or 'none'}, not {CONTRACT_VERSION}"
    names = set(data.schema.names)
    missing = [name for name, _ in _required_columns(table) if name not in names]
    if missing:
        return f"{path.name} lacks {', '.join(missing)}"
    wrong = [f"{name} is {data.schema.field(name).type}, not {typ}"
             for name, typ in [*_required_columns(table), *OPTIONAL.get(table, {}).items()]
             if name in names and not data.schema.field(name).type.equals(typ)]
    if wrong:
        return f"{path.name}: {'; '.join(wrong)}"
    return _fill_optional(data, table)


def _fill_optional(data: pa.Table, table: str) -> pa.Table:
    for name, typ in OPTIONAL.get(table, {}).items():
        if name in data.schema.names:
            continue
        if (table, name) == ("documents", "file_id"):
            # Before bundles, a document was its file: file_id = doc_id.
            column = data.column("doc_id")
        elif (table, name) == ("documents", "part"):
            column = pa.array([1] * data.num_rows, type=typ)
        elif (table, name) == ("documents", "kind"):
            column = pa.array(["agreement"] * data.num_rows, type=typ)  # before kinds, all were
        else:
            column = pa.nulls(data.num_rows, type=typ)
        data = data.append_column(pa.field(name, typ), column)
    return data


def load_tables(folder: Path, tables: Sequence[str] = TABLES) -> dict[str, pa.Table] | Problem:
    """The named tables of `folder`, checked; one Problem listing everything that is wrong."""
    if not folder.is_dir():
        return Problem(f"no parsed folder at {folder}: run `make extract` (or "
                       f"`python -m pipeline extract RAW --out {folder}`) first, or name it with --parsed.")
    loaded: dict[str, pa.Table] = {}
    wrong: list[str] = []
    for table in tables:
        result = check_table(folder / f"{table}.parquet", table)
        if isinstance(result, str):
            wrong.append(result)
        else:
            loaded[table] = result
    if wrong:
        return Problem(f"{folder} does not hold this contract's tables ({'; '.join(wrong)}): "
                       "run extract again to rebuild it.")
    return loaded


# What `python -m pipeline score` writes beside the tables, when it has been run.
SCORE_TABLES = {"scores": SCORES, "score_findings": CONTRACT["findings"]}


def load_scores(folder: Path) -> tuple[dict[str, pa.Table], bool] | Problem:
    """The scores and their findings, and whether `score` wrote them (else both empty)."""
    loaded: dict[str, pa.Table] = {}
    wrong: list[str] = []
    for name, columns in SCORE_TABLES.items():
        schema = pa.schema([pa.field(n, t, nullable=not r) for n, t, r in columns])
        path = folder / f"{name}.parquet"
        if not path.is_file():
            loaded[name] = schema.empty_table()
            continue
        try:
            data = pq.read_table(path)
        except (pa.ArrowException, OSError) as exc:
            wrong.append(f"{path.name} cannot be read ({type(exc).__name__})")
            continue
        missing = [n for n in schema.names if n not in data.schema.names]
        if missing:
            wrong.append(f"{path.name} lacks {', '.join(missing)}")
        loaded[name] = data
    if wrong:
        return Problem(f"{folder} holds scores of another version ({'; '.join(wrong)}): run score again.")
    return loaded, (folder / "scores.parquet").is_file()


def _group(table: pa.Table) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in table.to_pylist():
        grouped.setdefault(row["doc_id"], []).append(row)
    return grouped


def load_parsed(folder: Path) -> Parsed | Problem:
    """Every table of `folder`, with each document's rows gathered for diff and report."""
    tables = load_tables(folder)
    if isinstance(tables, Problem):
        return tables
    grouped = {name: _group(tables[name]) for name in TABLES if name != "documents"}
    docs = tuple(
        DocRows(document=row, **{name: tuple(grouped[name].get(row["doc_id"], ())) for name in grouped})
        for row in sorted(tables["documents"].to_pylist(), key=lambda r: r["doc_id"])
    )
    return Parsed(folder=folder, tables=tables, docs=docs)
