"""`python -m pipeline.setup.office`: make sure LibreOffice Writer is here, for the test suite.

Run by the Makefile before `test`. The tests build Word documents and export
them to PDF with LibreOffice, the way offices make their PDFs. Installs it on
Debian/Ubuntu when run as root; elsewhere says what to run. Never fails the
make target: without LibreOffice those tests skip locally (in CI they fail).
"""

from __future__ import annotations

import shutil
import sys

from pipeline.setup.ocr import ensure

# the Writer without a GUI, and the fonts metric-compatible with Arial and Times New Roman,
# so exports lay out as they would where the documents were typed
APT_PACKAGES = ("libreoffice-writer-nogui", "fonts-liberation2")


def soffice_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def install_command() -> str:
    if sys.platform == "darwin":
        return "brew install --cask libreoffice"
    return "apt-get install " + " ".join(APT_PACKAGES)


def main() -> int:
    return ensure("LibreOffice Writer", APT_PACKAGES, soffice_available, install_command(),
                  "the Word-export tests skip (in CI they fail)")


if __name__ == "__main__":
    raise SystemExit(main())
