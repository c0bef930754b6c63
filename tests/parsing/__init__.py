"""Tests of parsing into rows: layouts, parties, documents, tables, golden rows, every format alike."""
