"""Measurement tables and realisation reports -> results rows (issue 16)."""
