"""The machinery that runs a batch: RAW files -> `parsed/` on disk.

In: a folder of files and `Settings`. Out: the Parquet tables and manifest in PARSED,
written whole or not at all. `discover` (which files), `cache` (unchanged files reused),
`run` (child processes with time and memory limits; `dask_run` on a cluster; `jobs` what both
hand back), `worker`, `limits`, `stop`, `spool` (results on disk as they come), `store` (the
tables, atomically), `lock`, `space`, `sizes`. Never imports the tools over `parsed/`.
"""
