# The two commands: `make extract` and `make test`. Both build .venv on first use.
# Over parsed/: `make diff OLD=... NEW=...` (or FROM=2020 TO=2021 [UNIT=...]) and `make report`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RAW ?= raw
PARSED ?= parsed
STAMP := $(VENV)/.installed
DIFF ?= diff

.PHONY: extract test bench lint ocr-deps office-deps clean diff report

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Tesseract with the Indonesian model, for scanned PDFs. Installs itself on
# Debian/Ubuntu as root; elsewhere it says what to run and carries on
# (scanned pages then get an `ocr_unavailable` finding).
ocr-deps:
	@$(PY) -m pipeline.ocr_setup || true

# LibreOffice Writer, for the tests that export Word documents to PDF as offices do. Installs
# itself on Debian/Ubuntu as root; elsewhere it says what to run (those tests then skip, except in CI).
office-deps:
	@$(PY) -m pipeline.office_setup || true

extract: $(STAMP) ocr-deps
	$(PY) -m pipeline extract $(RAW) --out $(PARSED)

# Compare two agreements (OLD, NEW: file name or doc_id) or every unit's FROM year with its TO year;
# prints the changes and writes $(DIFF).parquet and $(DIFF).html. Reads $(PARSED); extracts nothing.
diff: $(STAMP)
	$(PY) -m pipeline diff $(if $(OLD),"$(OLD)") $(if $(NEW),"$(NEW)") $(if $(FROM),--from-year $(FROM)) \
		$(if $(TO),--to-year $(TO)) $(if $(UNIT),--unit "$(UNIT)") --parsed $(PARSED) \
		--out $(DIFF).parquet --html $(DIFF).html

# $(PARSED)/report.html: the batch on one page. Run again after `make extract` (it replaces $(PARSED)).
report: $(STAMP)
	$(PY) -m pipeline report --parsed $(PARSED)

test: $(STAMP) ocr-deps office-deps
	$(PY) -m pytest -q

bench: $(STAMP) ocr-deps
	$(PY) bench/run.py

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(PARSED) .cache
