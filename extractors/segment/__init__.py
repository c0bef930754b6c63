"""Cutting a layout into agreements and sections, before any field is parsed.

In: a `Layout` from a reader. Out: one `Layout` per agreement (`bundles`), the headings that
open each part (`headings`), and each table grid cut at its header rows into segments whose
columns carry a role (`tables`). Knows the shape of a document, not what its cells mean.
"""
