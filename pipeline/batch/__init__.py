"""The machinery that runs a batch: RAW files -> `parsed/` on disk.

In: a folder of files and `Settings`. Out: the Parquet tables and manifest in PARSED,
written whole or not at all. `discover` (which files), `cache` (unchanged files reused),
`run` (child processes with time and memory limits; `dask_run` on a cluster; `jobs` what both
hand back), `worker`, `limits`, `stop`, `sizes`, and `output/` (spool, store, space, lock: the
tables written whole). Never imports the tools over `parsed/`.
"""
