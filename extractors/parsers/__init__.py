"""The domain parsers: the sections of one agreement -> the contract's rows.

In: an agreement's `Layout` and the segments `segment/` cut from it. Out: a `DocumentResult`
(documents, parties, indicators, targets, budgets rows and findings), put together by
`agreement.parse_agreement` from `meta` (title, year, unit, signing), `parties`,
`indicators` (goals, indicators, targets) and `budgets`. They read only the intermediate
form, never a file format.
"""
