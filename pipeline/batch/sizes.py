"""Byte counts as people write and read them: `4G`, `512M` on the command line; `1.5 GiB` in messages."""

from __future__ import annotations

import re

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """`4G`, `4GiB`, `512m`, `1.5G`, `1073741824` -> bytes (binary units); None when it is no size."""
    match = _SIZE.fullmatch(text)
    if match is None:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def format_size(n: int) -> str:
    """Bytes in the largest binary unit that keeps the number at 1 or more: `4 GiB`, `12.5 MiB`."""
    for unit in ("TiB", "GiB", "MiB", "KiB"):
        scale = _UNITS[unit[0]]
        if abs(n) >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"
