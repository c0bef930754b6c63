"""Tesseract behind one call: `image_data(image, languages, psm, variables)` -> words as columns.

In process (tesserocr) when the binding loads: one API object per worker thread, initialised
once with the models and reused for every image, instead of a `tesseract` process (and a model
load) per image. Where the binding cannot load, or finds no models, the `tesseract` command via
pytesseract does the same work, and a log line says so once per process.
"""

from __future__ import annotations

import functools
import logging
import os
import queue
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from extractors.model.settings import usable_cores

# Read when Tesseract's OpenMP runtime starts: set before the binding is imported.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

log = logging.getLogger(__name__)

Columns = dict[str, list[Any]]
"""pytesseract's `image_to_data(..., output_type=DICT)` shape: one list per TSV column."""

_TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                "left", "top", "width", "height", "conf", "text")
# tesserocr's `Recognize()` without a deadline measured as holding the GIL (tesserocr 2.13,
# Tesseract 5.3: two threads took twice one thread's time); with a deadline it runs beside
# other threads (1.8x on 2 cores) and reads the same words. An hour a picture: no real limit,
# the file's own timeout ends the worker long before.
_DEADLINE_MS = 3_600_000
_KNOWN_TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                   "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")


TESSERACT = "tesseract"  # the command (pytesseract's default `tesseract_cmd`)
_LANGUAGE = re.compile(r"^[a-z_]+$")  # a model's name in `tesseract --list-langs`


class EngineError(RuntimeError):
    """Tesseract could not read an image, in process or through the command. Shaped like
    pytesseract's TesseractError (status, message), so it reads the same in a finding."""

    def __init__(self, status: int | str, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


def installed_languages() -> frozenset[str] | None:
    """The models `tesseract --list-langs` names, or None when the command is missing or fails.

    Asked of the command directly: pytesseract (which imports pandas, about 1 s) is loaded only
    where the command reads images, the fallback path.
    """
    try:
        done = subprocess.run([TESSERACT, "--list-langs"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, check=False)
    except OSError:
        return None
    if done.returncode not in (0, 1):
        return None
    lines = done.stdout.decode("utf-8").split(os.linesep) if done.stdout else []
    return frozenset(lang for line in lines if _LANGUAGE.match(lang := line.strip()))


def cores() -> int:
    """Tesseract runs allowed at once in this process: never more than the CPUs it may use."""
    return usable_cores()


def tessdata_dir(languages: str) -> str | None:
    """The models the `tesseract` command uses (so both engines read with the same ones)."""
    candidates = []
    if os.environ.get("TESSDATA_PREFIX"):
        candidates.append(os.environ["TESSDATA_PREFIX"])
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
        found = re.search(r'"([^"]+)"', listed.stdout + listed.stderr)
        if found:
            candidates.append(found[1])
    except (OSError, subprocess.SubprocessError):
        pass
    candidates.extend(_KNOWN_TESSDATA)
    for folder in candidates:
        if all((Path(folder) / f"{lang}.traineddata").is_file() for lang in languages.split("+")):
            return folder
    return None


def parse_tsv(tsv: str) -> Columns:
    """Tesseract's TSV (no header row, as the API gives it) -> columns, numbers as numbers."""
    data: Columns = {name: [] for name in _TSV_COLUMNS}
    for line in tsv.splitlines():
        parts = line.split("\t")
        if len(parts) < len(_TSV_COLUMNS) - 1 or not parts[0].isdigit():
            continue
        parts += [""] * (len(_TSV_COLUMNS) - len(parts))
        for name, value in zip(_TSV_COLUMNS[:-2], parts, strict=False):
            data[name].append(int(value))
        data["conf"].append(float(parts[10]))
        data["text"].append("\t".join(parts[11:]))
    return data


@dataclass
class InProcess:
    """tesserocr API objects, one per thread at a time, kept for reuse; at most `cores()` busy."""

    tessdata: str
    name: str = "tesserocr"
    _free: dict[str, queue.SimpleQueue] = field(default_factory=dict)
    _slots: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(cores()))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def _api(self, languages: str) -> Iterator[Any]:
        import tesserocr

        with self._slots:
            with self._lock:
                free = self._free.setdefault(languages, queue.SimpleQueue())
            try:
                api = free.get_nowait()
            except queue.Empty:
                api = tesserocr.PyTessBaseAPI(path=self.tessdata, lang=languages,
                                              oem=tesserocr.OEM.DEFAULT)
            try:
                yield api
            finally:
                api.Clear()
                free.put(api)

    def image_data(self, image: np.ndarray, languages: str, psm: int,
                   variables: tuple[tuple[str, str], ...] = ()) -> Columns:
        if image.ndim != 2:
            image = np.asarray(Image.fromarray(image).convert("L"))
        gray = np.ascontiguousarray(image, dtype=np.uint8)
        with self._api(languages) as api:
            try:
                api.SetPageSegMode(psm)
                for key, value in variables:
                    api.SetVariable(key, value)
                # raw bytes, no resolution: Tesseract estimates it, as it does for the command's PNG
                api.SetImageBytes(gray.tobytes(), gray.shape[1], gray.shape[0], 1, gray.shape[1])
                if not api.Recognize(_DEADLINE_MS):
                    raise EngineError(-1, "Tesseract could not recognise the image")
                tsv = api.GetTSVText(0) or ""
            except RuntimeError as exc:
                raise EngineError(-1, str(exc)) from exc
            finally:
                for key, _ in variables:
                    api.SetVariable(key, "")
        return parse_tsv(tsv)


@dataclass
class Command:
    """The `tesseract` command via pytesseract: one process per image."""

    name: str = "tesseract-command"

    def image_data(self, image: np.ndarray, languages: str, psm: int,
                   variables: tuple[tuple[str, str], ...] = ()) -> Columns:
        import pytesseract  # imports pandas (about 1 s): only where the command is the engine

        config = " ".join([f"--psm {psm}", *(f"-c {k}={v}" for k, v in variables)])
        try:
            return pytesseract.image_to_data(Image.fromarray(image), lang=languages, config=config,
                                             output_type=pytesseract.Output.DICT)
        except pytesseract.TesseractError as exc:
            raise EngineError(exc.status, exc.message) from exc


Engine = InProcess | Command


@functools.lru_cache(maxsize=8)
def engine(languages: str) -> Engine:
    """The engine for these models in this process, chosen once (PK_OCR_ENGINE=command forces
    the command, for comparing the two)."""
    if os.environ.get("PK_OCR_ENGINE") == "command":
        return Command()
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        log.warning("OCR runs the tesseract command per image: the tesserocr binding does not "
                    "load (%s); `make` installs it from the lock file", exc)
        return Command()
    folder = tessdata_dir(languages)
    if folder is None:
        log.warning("OCR runs the tesseract command per image: no folder holds the %s models "
                    "for the tesserocr binding (set TESSDATA_PREFIX)", languages)
        return Command()
    chosen = InProcess(folder)
    try:
        with chosen._api(languages):  # loads the models now, and keeps the object for reuse
            pass
    except RuntimeError as exc:
        log.warning("OCR runs the tesseract command per image: the tesserocr binding cannot "
                    "load the %s models from %s (%s)", languages, folder, exc)
        return Command()
    return chosen


def image_data(image: np.ndarray, languages: str, psm: int,
               variables: tuple[tuple[str, str], ...] = ()) -> Columns:
    """Words Tesseract finds in `image` (page segmentation mode `psm`), with boxes and confidences."""
    return engine(languages).image_data(image, languages, psm, variables)
