"""Every value of every real file has its source, and a box inside its page where it has a page."""

from __future__ import annotations

import pytest

from tests.paths import REALWORLD
from tests.realworld_files.test_realworld import extract_whole
from tests.sources.test_sources import values

FILES = sorted(p.name for p in REALWORLD.glob("*")) if REALWORLD.is_dir() else []
A4_LONG_SIDE = 1191  # A3 landscape is the largest page here (1190.5 pt)


@pytest.mark.parametrize("name", FILES)
def test_every_value_has_a_source(name: str) -> None:
    for part in extract_whole(name).parts:
        got = [(s.table, s.key, s.column) for s in part.sources]
        assert len(got) == len(set(got)), name
        assert set(got) == values(part), name
        for s in part.sources:
            if s.x0 is not None:
                assert s.page is not None and 0 <= s.x0 < s.x1 <= A4_LONG_SIDE and 0 <= s.top < s.bottom
