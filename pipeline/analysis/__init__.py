"""The tools over a finished `parsed/`: diff, query, report (and where review and scores go).

In: the Parquet tables on disk, checked against `pipeline.contract` (`tables_io`). Out:
changes between agreements (`diff/`), DuckDB answers (`query`), the batch report page
(`report/`). Never imports the batch machinery: only the files and the contract join them.
"""

DEFAULT_THRESHOLD = 85.0
"""Least text similarity (0-100) for two goals, indicators or programs to be one row (diff,
and the CLI's default, which must not load the diff to show it)."""
