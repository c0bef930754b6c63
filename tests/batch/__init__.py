"""Tests of running a batch: inputs, cache, executors, streaming, writing the tables (pipeline/batch)."""
