"""Find the input files under the raw root, in an order that does not depend on the file system.

Linked folders are followed once (`raw/2021 -> /mnt/share/2021`): a folder
already read, through the tree itself or another link, is not read again, and a
link back to a folder it stands in is a loop. What cannot be followed (a
dangling link, a loop, a folder that cannot be listed) is an input of its own
with the finding that says why, so nothing under RAW vanishes without a word.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from extractors.model.findings import Finding, error, warning

# Files the OS or office suites leave behind: never agreements.
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"})

_Key = tuple[int, int]  # (device, inode): one folder, however it is reached


@dataclass(frozen=True)
class InputFile:
    relative: str  # posix path relative to the raw root: what `source_file` holds (see `shown_name`)
    path: Path  # absolute path, to read the bytes
    notes: tuple[Finding, ...] = ()  # warnings about the name, for the file's row
    problem: Finding | None = None  # set when there is nothing to read: the row fails with it

    @property
    def doc_id(self) -> str | None:
        """For a problem entry (no bytes to hash), an id from its name; None for a file to read."""
        if self.problem is None:
            return None
        return hashlib.sha256(f"{self.problem.code}:{self.relative}".encode()).hexdigest()[:16]


def is_junk(name: str) -> bool:
    """Hidden entries, lock files (`~$x.docx`) and OS droppings are no inputs."""
    return name.startswith((".", "~$")) or name.lower() in _JUNK_NAMES


def shown_name(relative: str) -> str:
    """The name as written where it is valid UTF-8; otherwise its undecodable bytes as `\\xe9`.

    File names are bytes on Linux: a Windows zip unpacked with `unzip` leaves
    Latin-1 or CP437 names that no table, JSON or terminal can hold as they are.
    """
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _name_note(shown: str) -> Finding:
    return warning(
        "file_name_escaped",
        f"The file name is not valid UTF-8 (a zip made on Windows, perhaps), so its odd bytes are "
        f"written as escapes: {shown}; rename the file to keep its name readable.",
    )


def _key(st: os.stat_result) -> _Key:
    return (st.st_dev, st.st_ino)


@dataclass
class _Walk:
    inside: frozenset[_Key]  # every real folder of the tree: read where it stands, not through a link
    found: list[InputFile]
    followed: set[_Key]  # linked folders outside the tree, read once

    def add(self, relative: str, path: Path, problem: Finding | None = None) -> None:
        shown = shown_name(relative)
        notes = (_name_note(shown),) if shown != relative else ()
        self.found.append(InputFile(shown, path, notes, problem))

    def folder(self, path: Path, relative: str, above: frozenset[_Key]) -> None:
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.add(relative or ".", path, error(
                "unreadable_file", f"The folder could not be listed ({exc.strerror}); check its "
                "permissions, or move its files elsewhere under RAW."))
            return
        for entry in entries:
            if is_junk(entry.name):
                continue
            child = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_symlink():
                self.link(Path(entry.path), child, above)
            elif entry.is_dir(follow_symlinks=False):
                self.folder(Path(entry.path), child, above | {_key(entry.stat(follow_symlinks=False))})
            elif entry.is_file(follow_symlinks=False):
                self.add(child, Path(entry.path))
            # sockets, pipes and devices are no documents

    def link(self, path: Path, relative: str, above: frozenset[_Key]) -> None:
        target = os.readlink(path)
        try:
            st = path.stat()
        except FileNotFoundError:
            self.add(relative, path, error(
                "dangling_link", f"The link points to {target}, which does not exist; mount or "
                "restore the target, or remove the link."))
            return
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.add(relative, path, error(
                    "link_loop", f"The link points to {target}, which leads back to itself through "
                    "other links; point it at the real file or remove it."))
            else:
                self.add(relative, path, error(
                    "unreadable_file", f"The link points to {target}, which cannot be reached "
                    f"({exc.strerror}); check its permissions, or remove the link."))
            return
        if stat.S_ISREG(st.st_mode):
            self.add(relative, path)
        elif stat.S_ISDIR(st.st_mode):
            key = _key(st)
            if key in above:
                self.add(relative, path, error(
                    "link_loop", f"The link points to {target}, a folder it stands in, so following "
                    "it would never end; remove the link."))
            elif key not in self.inside and key not in self.followed:
                self.followed.add(key)
                self.folder(path, relative, above | {key})
            # else: that folder is read already, where it stands or through another link


def discover(raw: Path) -> list[InputFile]:
    """Every regular file under `raw`, sorted by relative posix path; hidden and junk skipped."""
    root = raw.resolve()
    inside = frozenset(_key(Path(d).stat()) for d, _, _ in os.walk(root))
    # the root's own ancestors count as folders it stands in: `raw/up -> ..` is a loop
    above = frozenset(_key(p.stat()) for p in (root, *root.parents))
    walk = _Walk(inside, [], set())
    walk.folder(root, "", above)
    return sorted(walk.found, key=lambda f: f.relative)
