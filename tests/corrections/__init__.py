"""Tests of the corrections file (pipeline/corrections): format, bad lines, concurrent saves,
value parsing, and corrections applied by the real `extract` command."""
