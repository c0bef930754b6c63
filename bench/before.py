"""The project as it was before issue 13 (the reshaping by stage), unpacked from git beside a
benchmark, so that figures and outputs are compared with it in the same run."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE_ISSUE_13 = "a6bef42f32ca6a58d1efccd9147cb14603bebcbf"  # the last commit before the reshaping


def unpack_before_issue_13(tmp: Path) -> Path | None:
    """`extractors/` and `pipeline/` at BEFORE_ISSUE_13 in `tmp`, or None without that history
    (a shallow clone): then the comparison is said to be skipped."""
    folder = tmp / "before-issue-13"
    if folder.is_dir():
        return folder
    proc = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", BEFORE_ISSUE_13,
                           "extractors", "pipeline"], capture_output=True)
    if proc.returncode != 0:
        print(f"(the code before issue 13 is not in this clone's history: {proc.stderr.decode()[:80]})")
        return None
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        archive.extractall(folder, filter="data")
    return folder
