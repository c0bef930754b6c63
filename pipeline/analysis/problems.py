"""A user's mistake or a bad input, returned as a value: the commands print it and exit with status 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One sentence saying what is wrong and, where it helps, what to do instead."""

    message: str


def listing(names: list[str], most: int = 8) -> str:
    """`a, b, c and 4 more`: candidates in an error message, never a wall of text."""
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"
