"""Moves documents through the extractors: discover -> cache -> run -> store, driven by the CLI."""

from extractors import __version__

__all__ = ["__version__"]
