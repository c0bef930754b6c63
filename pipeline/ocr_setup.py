"""`python -m pipeline.ocr_setup`: make sure Tesseract with the Indonesian model is here.

Run by the Makefile before `extract` and `test`. Installs it on Debian/Ubuntu
when run as root; elsewhere says what to run. Never fails the make target:
without Tesseract, scanned pages get an `ocr_unavailable` finding instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from extractors.readers.ocr import install_command, ocr_available

APT_PACKAGES = ("tesseract-ocr", "tesseract-ocr-ind", "tesseract-ocr-eng")


def _apt_install() -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = (["apt-get", "update", "-qq"],
             ["apt-get", "install", "-y", "-qq", *APT_PACKAGES])
    return all(subprocess.run(step, env=env, check=False).returncode == 0 for step in steps)


def main() -> int:
    if ocr_available("ind") is None:
        return 0
    can_apt = shutil.which("apt-get") is not None and hasattr(os, "geteuid") and os.geteuid() == 0
    if can_apt and sys.platform.startswith("linux"):
        print("Installing Tesseract OCR (tesseract-ocr, tesseract-ocr-ind) for scanned PDFs…")
        if _apt_install():
            # asked afresh: the probe in this process has cached "not installed"
            langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                                   check=False)
            if "ind" in langs.stdout.split():
                return 0
        print("apt-get could not install Tesseract; scanned pages will get `ocr_unavailable`.")
        return 0
    print(f"Tesseract OCR with the Indonesian model is not installed; run `{install_command('ind')}`"
          + ("" if sys.platform == "darwin" else " as root")
          + ". Until then scanned pages get an `ocr_unavailable` finding.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
