"""The words of `python -m pipeline --help` and of each command's help, kept apart from the code
that parses the arguments."""

DESCRIPTION = """\
Turn Indonesian performance agreements (Perjanjian Kinerja / Rencana Kinerja),
as PDF or text files, into Parquet tables.

example:
  python -m pipeline extract raw --out parsed

Every file under RAW (sub-folders too; hidden files skipped) becomes one row of
PARSED/documents.parquet, with its parties, indicators, targets, budget lines and
findings (problems found) in the other tables:
  documents.parquet parties.parquet indicators.parquet targets.parquet
  budgets.parquet findings.parquet manifest.json (what the run did)
PARSED is replaced as a whole only when the run finishes: stopping a run halfway
(Ctrl-C, kill) leaves the previous PARSED as it was. One run at a time writes to
PARSED (a lock file PARSED.lock beside it). Unchanged files are reused from a cache.
"""


EPILOG = """\
exit status:
  0  every file was extracted (status ok or partial; see findings.parquet)
  1  at least one file failed (its documents row has status failed and
     findings.parquet says why); the other files are in PARSED all the same
  2  usage error, e.g. RAW does not exist
  3  the tables could not be written (disk full, folder not writable, an
     internal error): one sentence says why; the previous PARSED is untouched
  4  another run is writing to PARSED (see --wait); nothing was done
  130, 143, 129  stopped by Ctrl-C, SIGTERM or SIGHUP (128 + the signal);
     the workers are ended and the previous PARSED is untouched
"""


DIFF_DESCRIPTION = """\
Compare agreements in PARSED: what was added, removed or changed (parties, goals,
indicators, targets, budget lines), each change with its page or line on both sides.

examples:
  python -m pipeline diff 000_5f40e461a794e47d.txt 002_cc6b3664b0174547.txt
  python -m pipeline diff --from-year 2020 --to-year 2021 --out changes.parquet --html diff.html
  python -m pipeline diff --unit "Jakarta Barat" --from-year 2020 --to-year 2021

OLD and NEW name a document by its doc_id, its source file (path or file name) or
the start of its doc_id. With --from-year/--to-year every unit that has an agreement
in both years is compared (same region code, same unit name after normalisation);
units found in one year only are listed. Indicators are matched by action-plan
number (ksd_no) where both have one, else by text similarity; goals and budget
programs by similarity; parties by role.
"""


SQL_DESCRIPTION = """\
Run one SQL statement (DuckDB) over PARSED, with one view per table: documents,
parties, indicators, targets, budgets, findings, actions, results, sources, and
scores, score_findings (empty until `score`). Reads only; PARSED is never changed.

example:
  python -m pipeline sql "SELECT unit, year, sum(amount_idr) AS budget
                          FROM budgets JOIN documents USING (doc_id) GROUP BY ALL"
"""


REPORT_DESCRIPTION = """\
Write one self-contained HTML page for the batch in PARSED (default PARSED/report.html):
a summary, a sortable table of units, and per document its parties, counts, budget
chart, targets per goal type and period, and findings with their page or line.
A new `extract` replaces PARSED as a whole, report.html included: run report again after it.
"""


SCORE_DESCRIPTION = """\
Score every agreement's targets in PARSED against the results of its unit and year:
writes PARSED/scores.parquet (status met / not_met / not_comparable / no_result) and
PARSED/score_findings.parquet, each whole, under extract's lock. A later `extract` into
PARSED scores its new tables before they replace the old ones.
"""


COMMAND_EPILOG = """\
exit status:
  0  done
  2  usage error, a name that matches no document or several, or a PARSED folder
     that is missing or lacks a table or column of this contract
"""


SCORE_EPILOG = """\
  3  the scores could not be written (the previous ones are untouched)
  4  a run is writing to PARSED (see --wait); nothing was done
"""
