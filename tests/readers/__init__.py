"""Tests of the readers: PDF, Word and scans (OCR) to a Layout (extractors/readers)."""
