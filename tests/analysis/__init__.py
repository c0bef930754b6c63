"""Tests of reading parsed/: matching, `diff`, `sql` and `report` (pipeline/analysis)."""
