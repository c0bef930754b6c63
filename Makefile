# The two commands: `make extract` and `make test`. Both build .venv on first use.
# Over parsed/: `make diff OLD=... NEW=...` (or FROM=2020 TO=2021 [UNIT=...]), `make score`, `make report`,
# `make review`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RAW ?= raw
PARSED ?= parsed
STAMP := $(VENV)/.installed
DIFF ?= diff

.PHONY: extract test bench lint lock ocr-deps office-deps browser-deps clean diff score report review

UV_VERSION := 0.13.9
EXTRAS := --extra dev --extra cluster
OCR_LATER := "tesserocr could not be built here; OCR will run the tesseract command instead"

# Installs exactly what uv.lock pins. uv (itself pip-installed into the venv) when it can be
# had, else pip from requirements.lock, the same pins with their hashes (`make lock` writes both).
# tesserocr (OCR in process) is built against the system's Tesseract: on Debian/Ubuntu as root
# its build dependencies are installed first; where it cannot be built, OCR runs the command.
$(STAMP): pyproject.toml uv.lock requirements.lock requirements-ocr.lock
	@$(PYTHON) pipeline/setup/ocr.py --build-deps || true
	$(PYTHON) -m venv $(VENV)
	if $(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); then \
		export UV_PROJECT_ENVIRONMENT=$(VENV); \
		$(VENV)/bin/uv sync --frozen --inexact --quiet $(EXTRAS) && \
		{ $(VENV)/bin/uv sync --frozen --inexact --quiet $(EXTRAS) --extra ocr || echo $(OCR_LATER); }; \
	else \
		echo "uv could not be installed; installing the same pins with pip" && \
		$(PY) -m pip install --quiet --require-hashes -r requirements.lock && \
		$(PY) -m pip install --quiet --no-deps -e . && \
		{ $(PY) -m pip install --quiet --no-binary tesserocr --require-hashes -r requirements-ocr.lock \
			|| echo $(OCR_LATER); }; \
	fi
	@# Bytecode for what was installed, even where PYTHONDONTWRITEBYTECODE kept the installer from
	@# writing it: else every run compiles numpy's and pyarrow's Python again (0.25 s a process).
	@$(PY) -m compileall -q -j 0 $(VENV)/lib > /dev/null 2>&1 || true
	touch $(STAMP)

# After changing the dependencies in pyproject.toml: re-resolve the pins.
lock: $(STAMP)
	$(VENV)/bin/uv lock
	$(VENV)/bin/uv export --frozen $(EXTRAS) --no-emit-project --format requirements-txt --quiet \
		-o requirements.lock
	$(VENV)/bin/uv export --frozen --extra ocr --no-emit-project --format requirements-txt --quiet \
		| awk '/^tesserocr==/{p=1} p&&!/^    /&&!/^tesserocr==/{p=0} p' > requirements-ocr.lock

# Tesseract with the Indonesian model, for scanned PDFs. Installs itself on
# Debian/Ubuntu as root; elsewhere it says what to run and carries on
# (scanned pages then get an `ocr_unavailable` finding).
ocr-deps:
	@$(PY) -m pipeline.setup.ocr || true

# LibreOffice Writer, for the tests that export Word documents to PDF as offices do. Installs
# itself on Debian/Ubuntu as root; elsewhere it says what to run (those tests then skip, except in CI).
office-deps:
	@$(PY) -m pipeline.setup.office || true

# Debian's Chromium, for the review page's browser test (Playwright drives it by its path: CI cannot
# download Playwright's own builds). Installs itself on Debian/Ubuntu as root; elsewhere it says what
# to run (that test then skips, except in CI).
browser-deps:
	@$(PY) -m pipeline.setup.browser || true

extract: $(STAMP) ocr-deps
	$(PY) -m pipeline extract $(RAW) --out $(PARSED)

# Compare two agreements (OLD, NEW: file name or doc_id) or every unit's FROM year with its TO year;
# prints the changes and writes $(DIFF).parquet and $(DIFF).html. Reads $(PARSED); extracts nothing.
diff: $(STAMP)
	$(PY) -m pipeline diff $(if $(OLD),"$(OLD)") $(if $(NEW),"$(NEW)") $(if $(FROM),--from-year $(FROM)) \
		$(if $(TO),--to-year $(TO)) $(if $(UNIT),--unit "$(UNIT)") --parsed $(PARSED) \
		--out $(DIFF).parquet --html $(DIFF).html

# $(PARSED)/scores.parquet: each agreement's targets against the results of its unit and year.
score: $(STAMP)
	$(PY) -m pipeline score --parsed $(PARSED)

# $(PARSED)/report.html: the batch on one page. Run again after `make extract` (it replaces $(PARSED)).
report: $(STAMP)
	$(PY) -m pipeline report --parsed $(PARSED)

# The review page on 127.0.0.1 over $(PARSED), files under $(RAW); corrections beside $(PARSED)
# (corrections/corrections.csv); PORT=0 for any free port, REVIEWER=name to sign with.
PORT ?= 8765
review: $(STAMP)
	$(PY) -m pipeline review --parsed $(PARSED) --raw $(RAW) --port $(PORT) $(if $(REVIEWER),--reviewer "$(REVIEWER)")

test: $(STAMP) ocr-deps office-deps browser-deps
	$(PY) -m pytest -q

bench: $(STAMP) ocr-deps
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(PARSED) .cache
