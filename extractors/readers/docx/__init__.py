"""Word reader: the bytes of a .docx -> a `Layout` (`reader.read_docx`).

Paragraphs in reading order, text boxes included, with the list numbers Word draws
(`numbering`, `styles`) and tables as grids with merged cells (`tables`), from the package's
XML (`xml`, `text`). A paragraph or table row stands in for a page's line.
"""
