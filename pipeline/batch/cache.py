"""Per-file result cache: an unchanged file under unchanged code and settings is not parsed again.

The key covers everything that decides the rows: the file's bytes, the pipeline
version, the extractor code itself (so editing a parser invalidates the cache
without a version bump) and the settings that matter. Entries are pickles of
`FileResult`; `source_file` in them is stale by design and re-set on use.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

import extractors
import pipeline
from extractors.model.records import FileResult
from extractors.model.settings import Settings

DEFAULT_DIR = Path(".cache") / "extract"
_CODE_SUFFIXES = (".py", ".csv")


def code_fingerprint() -> str:
    """Hash of the extractor and pipeline source (and reference data) as it is on disk now."""
    digest = hashlib.sha256()
    for package in (extractors, pipeline):
        root = Path(package.__file__).parent
        files = sorted(
            p for p in root.rglob("*")
            if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts and p.is_file()
        )
        for path in files:
            digest.update(f"{package.__name__}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Cache:
    """A cache directory plus the part of the key shared by every file of a run."""

    directory: Path
    context: str  # pipeline version + code fingerprint + settings fingerprint

    @classmethod
    def open(cls, directory: Path, settings: Settings) -> Cache:
        context = f"{pipeline.__version__}:{code_fingerprint()}:{settings.fingerprint()}"
        return cls(directory, context)

    def key(self, sha256_hex: str) -> str:
        return hashlib.sha256(f"{self.context}:{sha256_hex}".encode()).hexdigest()

    def _path(self, sha256_hex: str) -> Path:
        key = self.key(sha256_hex)
        return self.directory / key[:2] / f"{key}.pkl"

    def get(self, sha256_hex: str) -> FileResult | None:
        """The stored result, or None on a miss; an unreadable entry counts as a miss."""
        path = self._path(sha256_hex)
        try:
            with path.open("rb") as fh:
                key, result = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # corrupt, truncated, or written by incompatible code: just a miss
            return None
        if key != self.key(sha256_hex) or not isinstance(result, FileResult):
            return None
        return result

    def put(self, sha256_hex: str, result: FileResult) -> bool:
        """Store atomically (temp file + rename); False when the cache cannot be written."""
        path = self._path(sha256_hex)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
            try:
                with os.fdopen(fd, "wb") as fh:
                    entry = (self.key(sha256_hex), result)
                    pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:  # a read-only or full disk slows the next run down, nothing more
            return False
        return True
