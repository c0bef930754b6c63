"""Sizes as people write them on the command line and read them in messages."""

from __future__ import annotations

import pytest

from pipeline.batch.sizes import format_size, parse_size


@pytest.mark.parametrize(("text", "size"), [
    ("4G", 4 * 2**30), ("4GiB", 4 * 2**30), ("512m", 512 * 2**20), ("1.5G", 3 * 2**29),
    ("1073741824", 2**30), ("12 KB", 12 * 1024), ("lots", None), ("-1G", None), ("", None),
])
def test_sizes_as_written(text: str, size: int | None) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(("size", "text"), [
    (4 * 2**30, "4 GiB"), (12_900_000, "12.3 MiB"), (8192, "8 KiB"), (100, "100 bytes")])
def test_sizes_in_words(size: int, text: str) -> None:
    assert format_size(size) == text
