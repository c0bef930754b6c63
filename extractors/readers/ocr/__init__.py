"""OCR reader: a scanned page's image -> the blocks of a `Layout` page (`reader.ocr_page`).

Tesseract with the Indonesian model (`engine`: in process through tesserocr, else the
`tesseract` command); the image prepared (`image`), its rulings found (`grid`), cells read
(`cells`), usual slips mended (`mend`), unruled lists aligned (`unruled`); `layer` judges
another OCR's text layer. Called by the PDF reader for its scanned pages.
"""
