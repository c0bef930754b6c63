"""`python -m pipeline.setup.ocr`: make sure Tesseract with the Indonesian model is here.

`python3 pipeline/setup/ocr.py --build-deps` (any Python, before the venv exists) also installs
what building the tesserocr binding against the system's Tesseract needs. Both are run by the
Makefile, the first before `extract` and `test`, the second before installing the packages.
Installs on Debian/Ubuntu when run as root; elsewhere says what to run. Never fails the make target:
without Tesseract, scanned pages get an `ocr_unavailable` finding instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable

APT_PACKAGES = ("tesseract-ocr", "tesseract-ocr-ind", "tesseract-ocr-eng")
BUILD_PACKAGES = ("libtesseract-dev", "libleptonica-dev", "pkg-config", "g++")


def apt_install(packages: tuple[str, ...] = APT_PACKAGES) -> bool:
    """`apt-get update` and install, quietly; True when both worked."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = (["apt-get", "update", "-qq"],
             ["apt-get", "install", "-y", "-qq", *packages])
    return all(subprocess.run(step, env=env, check=False).returncode == 0 for step in steps)


def can_apt() -> bool:
    """Debian/Ubuntu as root: packages can be installed here."""
    return (sys.platform.startswith("linux") and shutil.which("apt-get") is not None
            and hasattr(os, "geteuid") and os.geteuid() == 0)


def ensure(what: str, packages: tuple[str, ...], present: Callable[[], bool], manual: str,
           without: str) -> int:
    """Install `what` (Debian/Ubuntu as root) unless `present()`; elsewhere say to run `manual`,
    and what happens `without` it. Always 0: a missing tool never fails the make target."""
    if present():
        return 0
    if can_apt():
        print(f"Installing {what} ({', '.join(packages)})…")
        if apt_install(packages) and present():
            return 0
        print(f"apt-get could not install {what}; {without}.")
        return 0
    print(f"{what} is not installed; run `{manual}`" + ("" if sys.platform == "darwin" else " as root")
          + f". Until then {without}.")
    return 0


def build_deps() -> int:
    """Tesseract and the headers tesserocr is built against, on Debian/Ubuntu as root; elsewhere
    nothing (the build then finds them itself, or OCR runs the command)."""
    if not can_apt():
        return 0
    missing = [p for p in (*APT_PACKAGES, *BUILD_PACKAGES)
               if subprocess.run(["dpkg", "-s", p], capture_output=True, check=False).returncode != 0]
    if missing:
        print(f"Installing {', '.join(missing)} (Tesseract, and what building tesserocr needs)…")
        if not apt_install(tuple(missing)):
            print("apt-get could not install them; OCR may run the tesseract command instead.")
    return 0


def _tesseract_ind() -> bool:
    """Asked of the command afresh: the reader's own probe caches "not installed"."""
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "ind" in langs.stdout.split()


def main() -> int:
    if "--build-deps" in sys.argv[1:]:
        return build_deps()
    from extractors.readers.ocr.reader import install_command

    return ensure("Tesseract OCR with the Indonesian model", APT_PACKAGES, _tesseract_ind,
                  install_command("ind"), "scanned pages get an `ocr_unavailable` finding")


if __name__ == "__main__":
    raise SystemExit(main())
