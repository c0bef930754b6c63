"""Installers for the system tools the pipeline uses: Tesseract (`ocr`), LibreOffice (`office`).

Run by `make` before extraction and tests; each installs on Debian/Ubuntu as root, or says
what to run.
"""
