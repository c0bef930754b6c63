"""Find the input files under the raw root, in an order that does not depend on the file system."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Files the OS or office suites leave behind: never agreements.
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"})


@dataclass(frozen=True)
class InputFile:
    relative: str  # posix path relative to the raw root: what `source_file` holds
    path: Path  # absolute path, to read the bytes


def is_junk(name: str) -> bool:
    """Hidden entries, lock files (`~$x.docx`) and OS droppings are no inputs."""
    return name.startswith((".", "~$")) or name.lower() in _JUNK_NAMES


def discover(raw: Path) -> list[InputFile]:
    """Every regular file under `raw`, sorted by relative posix path; hidden and junk skipped."""
    root = raw.resolve()
    found: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not is_junk(d)]
        for name in filenames:
            path = Path(dirpath) / name
            if is_junk(name) or not path.is_file():
                continue
            found.append(InputFile(path.relative_to(root).as_posix(), path))
    return sorted(found, key=lambda f: f.relative)
