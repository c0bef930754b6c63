"""SQL over `parsed/`: DuckDB with one view per table, and no way to touch a file.

The tables are handed to DuckDB from memory and file access is then switched off and locked,
so no statement (COPY, ATTACH, read_parquet) can change `parsed/` or write anywhere else.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.analysis.display import text_table
from pipeline.analysis.problems import Problem


@dataclass(frozen=True)
class Result:
    table: pa.Table


def run_sql(tables: dict[str, pa.Table], query: str) -> Result | Problem:
    """The query's rows, or the database's complaint in one line."""
    con = duckdb.connect(":memory:")
    try:
        for name, table in tables.items():
            con.register(name, table)
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        try:
            relation = con.sql(query)
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return Problem(f"the query failed: {first}")
        if relation is None:  # a statement without rows (CREATE, SET ...)
            return Result(pa.table({}))
        to_arrow = getattr(relation, "to_arrow_table", None) or relation.arrow
        try:
            return Result(to_arrow())
        except duckdb.Error as exc:
            return Problem(f"the query failed: {str(exc).strip().splitlines()[0]}")
    finally:
        con.close()


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    return str(value)


def as_text(table: pa.Table, width: int = 60) -> str:
    rows: Sequence[dict[str, Any]] = table.to_pylist()
    cells = [[_cell(row[name]) for name in table.column_names] for row in rows]
    body = text_table(table.column_names, cells, [width] * table.num_columns)
    return f"{body}\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def as_csv(table: pa.Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(["" if row[n] is None else _cell(row[n]) for n in table.column_names])
    return out.getvalue()
