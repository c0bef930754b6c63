"""Readers (text, PDF, OCR) and domain parsers for Indonesian performance agreements."""

__version__ = "0.1.0"
