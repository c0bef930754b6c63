"""Targets scored against results: each agreement indicator's target beside what its unit achieved.

`direction` says whether more is better (a prevalence, a number of findings: less is), `judge`
computes the achievement and the status of one pair, `pairing` finds the results of the same
unit and year (the diff's matching), `build` makes the scores table and writes it into
`parsed/` atomically.
"""
