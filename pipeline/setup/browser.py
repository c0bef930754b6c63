"""`python -m pipeline.setup.browser`: make sure Debian's Chromium is here, for the review page's test.

Run by the Makefile before `test`. The browser test drives /usr/bin/chromium with Playwright (CI
cannot download Playwright's own browser builds). Installs it on Debian/Ubuntu when run as root;
elsewhere says what to run. Never fails the make target: without Chromium that test skips locally
(in CI it fails).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from pipeline.setup.ocr import ensure

APT_PACKAGES = ("chromium",)
CHROMIUM = Path("/usr/bin/chromium")


def chromium_path() -> Path | None:
    """Debian's Chromium, or one on PATH by another name; None when there is none."""
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def install_command() -> str:
    if sys.platform == "darwin":
        return "brew install --cask chromium"
    return "apt-get install " + " ".join(APT_PACKAGES)


def main() -> int:
    return ensure("Chromium", APT_PACKAGES, lambda: chromium_path() is not None, install_command(),
                  "the review page's browser test skips (in CI it fails)")


if __name__ == "__main__":
    raise SystemExit(main())
