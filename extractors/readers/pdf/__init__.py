"""PDF reader: the bytes of a PDF -> a `Layout` (`reader.read_pdf`).

PDFium gives each page's characters, rulings and pictures (`objects`); ruled tables become
grids (`grids`), a table over a page break one grid (`pages`, `continued`); pages with no
text layer, or a poor one, go to OCR (`scans`). Shares word geometry with OCR (`readers.words`).
"""
