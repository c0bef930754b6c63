"""Corrections: what a reviewer typed or confirmed, kept in a plain CSV beside the batch.

In: the corrections file (`store.load`, `store.save`), the extracted rows of a batch.
Out: `Correction` values, `LineProblem`s for lines a person must fix, and (`apply`) the rows
with corrected values plus `corrected` / `correction_stale` / `confirmed_value_changed` findings.
Sits above the contract (it checks tables and columns against it), below the batch and the
review page, which both call it.
"""
