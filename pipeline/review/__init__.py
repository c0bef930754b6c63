"""The review page: a small Flask app over a finished `parsed/` and the files under RAW.

In: the Parquet tables (read back through `pipeline.analysis.tables_io`), `sources` for where
each value was read, the PDFs the documents table names, and the corrections file. Out: HTML
pages (the list worst first, a document's values beside the crops of their boxes, a page with
every box drawn), crops rendered on demand and cached on disk, and a reviewer's corrections
saved through `pipeline.corrections.store`. Serves on the loopback address only.
"""
