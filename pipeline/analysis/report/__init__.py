"""The batch on one page: `page` builds `report.html` from the tables, `charts` draws its
figures with matplotlib."""
