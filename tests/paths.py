"""Where the tests find data: the project's own, and the shared real-world agreements beside it."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
# beside the project; PK_REALWORLD points elsewhere (a git worktree is not beside it)
REALWORLD = Path(os.environ.get("PK_REALWORLD") or HERE.parents[1] / "shared" / "realworld")
IN_CI = os.environ.get("CI") == "true"
REALWORLD_REASON = f"{REALWORLD} is not beside the project (it is in CI and the shared workspace)"
