"""Positioned words -> lines and grids: the geometry the PDF and OCR readers share.

In: words with boxes (from a text layer or from Tesseract). Out: visual lines (`lines`), a
cell's lines joined back into its text (`cells`), and tables found from the alignment of
unruled words (`unruled`); `model` holds what these steps hand each other.
"""
