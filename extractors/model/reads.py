"""What the domain parsers made of each table they recognised: a report per table, the way
camelot keeps a parsing report per table. The checks hold a document's rows against these
and against the layout; nothing here goes into the contract's tables."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.model.layout import Span


@dataclass(frozen=True)
class TableRead:
    """One table segment under a header the parsers recognised, and the rows it gave."""

    kind: str  # performance | budget
    form: str  # the heading it stands under (indicators' and budgets' `form`)
    at: Span  # its header
    columns: tuple[str | None, ...]  # the role of each column
    body_rows: int  # rows under the header holding text, section rows (`Sasaran Strategis`) not counted
    expected: int  # rows the table shows: indicators (numbered items count one each) or programs
    produced: int  # rows the parsers gave from it
    keys: tuple[tuple[int | None, int | None], ...] = ()  # (goal_no, indicator_no) of each indicator
    goal_numbers: tuple[tuple[int, Span], ...] = ()  # numbers printed in the goal NO column
    program_numbers: tuple[tuple[int, Span], ...] = ()  # numbers printed in a budget's NO column
    goals_alone: tuple[tuple[str, Span], ...] = ()  # goal rows with no indicator beside or under them
    total: tuple[int, Span] | None = None  # the amount of a JUMLAH / TOTAL row
    summed: int = 0  # what the programs read add up to

    @property
    def quarters(self) -> bool:
        return any(c in ("q1", "q2", "q3", "q4", "quarters") for c in self.columns)
