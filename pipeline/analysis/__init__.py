"""The tools over a finished `parsed/`: diff, query, report (and where review and scores go).

In: the Parquet tables on disk, checked against `pipeline.contract` (`tables_io`). Out:
changes between agreements (`diff/`), DuckDB answers (`query`), the batch report page
(`report/`). Never imports the batch machinery: only the files and the contract join them.
"""
