"""The self-check stage: an agreement's rows held against its own pages.

In: the agreement's `Layout`, the `DocumentResult` the parsers gave and their `TableRead`
reports. Out: the same result with an `error` finding for every check that fails (page and
line, one sentence saying what is missing) and its status recomputed: a document is `ok`
only when every check holds. `tables` (rows under recognised headers, printed numbers,
totals, quarters, targets, goals), `budgets` (amounts on the pages and no budget rows),
`parties` (two parties, each named, no table-header words in a name, position or unit).
"""
