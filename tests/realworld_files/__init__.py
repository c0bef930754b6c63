"""Tests on real agreements from other offices in ../shared/realworld (truth in tests/data/realworld)."""
