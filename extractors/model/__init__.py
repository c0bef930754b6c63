"""The plain data that passes between the stages, and nothing that reads or writes it.

In: nothing. Out: `layout` (the intermediate form every reader produces: pages of lines and
grids whose cells carry page, line and box), `records` (the contract's rows per document),
`findings` (problems as values), `settings` (what a run was asked to do).
"""
