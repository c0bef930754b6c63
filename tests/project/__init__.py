"""Tests of the project's own files: README and Makefile as the manual, the dependency lock files."""
