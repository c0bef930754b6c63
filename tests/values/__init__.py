"""Tests of the value parsers: amounts, dates, targets, NIPs and names (extractors/values)."""
