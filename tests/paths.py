"""Where the tests find data: the project's own, and the shared real-world agreements beside it."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
DATA = HERE / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
# beside the project (../shared), or beside the folder of worktrees a project may be checked out in;
# PK_REALWORLD points elsewhere
SHARED = next((p / "shared" for p in HERE.parents[1:3] if (p / "shared" / "realworld").is_dir()),
              HERE.parents[1] / "shared")
REALWORLD = Path(os.environ.get("PK_REALWORLD") or SHARED / "realworld")
IN_CI = os.environ.get("CI") == "true"
REALWORLD_REASON = f"{REALWORLD} is not beside the project (it is in CI and the shared workspace)"
