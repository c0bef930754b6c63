"""Where a batch's rows go: PARSED on disk, whole or not at all.

In: `FileResult`s as the workers finish them. Out: the Parquet tables and `manifest.json` in
PARSED. `spool` keeps results on disk as they come and merges them in output order; `store`
builds the tables under the contract's schema and swaps the folder in atomically; `space`
checks the disk first; `lock` lets one run at a time write to a PARSED.
"""
