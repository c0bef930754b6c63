"""Two documents -> their changes: lines aligned (`compare`), the change table (`changes`),
shown on a terminal (`text`) or as a page (`html`)."""
