"""`python -m pipeline diff` end to end: a seed against a copy edited with known changes, both
extracted by the real CLI; named pairs, the batch of two years, bad names, bad folders."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.batches import BPPBJ_2021, EDITED_NAME, JAKBAR_2020, extract, run, years_batch

SEED = JAKBAR_2020.name
DOCUMENT_ROWS = [
    ("changed", "document", "title", "PERJANJIAN KINERJA DAN RENCANA KINERJA TAHUN 2020",
     "PERJANJIAN KINERJA DAN RENCANA KINERJA TAHUN 2021", None),
    ("changed", "document", "year", "2020", "2021", None),
    ("changed", "document", "signed_date", "2020-01-31", "2021-01-29", None),
]
# The six edits of tests/batches.py, read off the two texts: (change, entity, old key, new key,
# field, old, new, direction, rule, similarity, old line, new line).
CONTENT_ROWS = [
    ("added", "indicator", None, "RK 6.3", "indicator", None,
     "Persentase penyelesaian rencana aksi Pengembangan Smart City (nomor 43)", None, None, None, None, 99),
    ("removed", "indicator", "RK 8.2", None, "indicator",
     "Persentase penyelesaian rencana aksi Implementasi SPBE (Sistem Pemerintahan Berbasis Elektronik) "
     "(nomor 63) nomor (63)", None, None, None, None, 101, None),
    ("changed", "indicator", "RK 16.1", "RK 16.1", "indicator",
     "Persentase capaian penyelesaian pengaduan masyarakat",
     "Persentase penyelesaian pengaduan masyarakat", None, "similarity", 91.7, 117, 117),
    ("changed", "target", "RK 17.1", "RK 17.1", "annual", "90%", "85%", "down", "similarity", 100.0,
     118, 118),
    ("changed", "budget", "PK 2", "PK 2", "amount_idr", "75124451124", "80000000000", "up",
     "similarity", 100.0, 58, 58),
    ("changed", "budget", "PK 4", "PK 4", "program",
     "Program Peningkatan Penyelenggaraan Kota Administrasi Jakarta Barat",
     "Program Peningkatan Penyelenggaraan Pemerintahan Kota Administrasi Jakarta Barat", None,
     "similarity", 91.2, 60, 60),
]
CONTENT_COLUMNS = ("change", "entity", "old_key", "new_key", "field", "old", "new", "direction", "rule",
                   "similarity", "old_line", "new_line")


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return years_batch(tmp_path_factory.mktemp("diff"))


def diff_table(parsed: Path, tmp: Path, *args: str) -> tuple[list[dict], str]:
    out = tmp / "changes.parquet"
    proc = run("diff", *args, "--parsed", parsed, "--out", out)
    assert proc.returncode == 0, proc.stderr
    return pq.read_table(out).to_pylist(), proc.stdout


def test_the_known_edits_are_found_and_nothing_else(parsed, tmp_path):
    rows, _ = diff_table(parsed, tmp_path, SEED, EDITED_NAME)
    documents = [r for r in rows if r["entity"] == "document"]
    assert [(r["change"], r["entity"], r["field"], r["old"], r["new"], r["direction"])
            for r in documents] == DOCUMENT_ROWS
    content = [tuple(r[c] for c in CONTENT_COLUMNS) for r in rows if r["entity"] != "document"]
    assert content == CONTENT_ROWS


def test_every_row_names_its_unit_and_both_documents(parsed, tmp_path):
    rows, _ = diff_table(parsed, tmp_path, SEED, EDITED_NAME)
    docs = {r["source_file"]: r["doc_id"] for r in pq.read_table(parsed / "documents.parquet").to_pylist()}
    for row in rows:
        assert row["unit"] == "Kota Administrasi Jakarta Barat"
        assert (row["old_doc_id"], row["new_doc_id"]) == (docs[SEED], docs[EDITED_NAME])
        assert (row["old_source_file"], row["new_source_file"]) == (SEED, EDITED_NAME)


def test_a_reworded_indicator_is_matched_not_removed_and_added(parsed, tmp_path):
    rows, _ = diff_table(parsed, tmp_path, SEED, EDITED_NAME, "--unchanged")
    unchanged = {(r["old_key"], r["new_key"]): r for r in rows
                 if r["change"] == "unchanged" and r["entity"] == "indicator"}
    # Every indicator (2 in PK, 20 in RK) but the removed RK 8.2 and the reworded RK 16.1 is
    # matched to itself unchanged (RK 17.1's own fields too: only its target changed)...
    assert len(unchanged) == 2 + 20 - 2
    assert all(old == new for old, new in unchanged)
    # ...by its action-plan number where it has one, else by its text.
    assert unchanged[("RK 6.2", "RK 6.2")]["rule"] == "ksd_no"
    assert unchanged[("RK 15.1", "RK 15.1")]["rule"] == "similarity"
    lone = [r for r in rows if r["change"] in ("added", "removed")]
    assert not [r for r in lone if "pengaduan" in (r["old"] or r["new"])]


def test_terminal_output_summarises_and_traces(parsed, tmp_path):
    _, out = diff_table(parsed, tmp_path, SEED, EDITED_NAME)
    assert "changes: document 3 changed; indicator 1 added, 1 removed, 1 changed; target 1 changed; " \
           "budget 2 changed" in out
    # 699,599,214,926 + (80,000,000,000 - 75,124,451,124) = 704,474,763,802
    assert "budget total: Rp 699,599,214,926 -> Rp 704,474,763,802 (+Rp 4,875,548,876, +0.7%)" in out
    assert "targets changed: 1 (1 ▼ lowered)" in out
    assert "l. 118" in out


def test_a_document_against_itself_has_no_changes(parsed, tmp_path):
    rows, out = diff_table(parsed, tmp_path, SEED, SEED)
    assert rows == []
    assert "no changes" in out


def test_same_inputs_same_rows_same_order(parsed, tmp_path):
    first = run("diff", SEED, EDITED_NAME, "--parsed", parsed, "--out", tmp_path / "a.parquet")
    second = run("diff", SEED, EDITED_NAME, "--parsed", parsed, "--out", tmp_path / "b.parquet")
    assert first.stdout.replace("a.parquet", "") == second.stdout.replace("b.parquet", "")
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))


def test_batch_pairs_units_across_years_and_lists_the_rest(parsed, tmp_path):
    rows, out = diff_table(parsed, tmp_path, "--from-year", "2020", "--to-year", "2021")
    named, _ = diff_table(parsed, tmp_path, SEED, EDITED_NAME)
    pair = [r for r in rows if r["old_doc_id"] and r["new_doc_id"]]
    assert [{**r, "rule": None} for r in pair if r["entity"] == "document"] == \
        [{**r, "rule": None} for r in named if r["entity"] == "document"]
    assert {r["rule"] for r in pair if r["entity"] == "document"} == {"unit"}
    assert [r for r in pair if r["entity"] != "document"] == [r for r in named if r["entity"] != "document"]
    lone = [r for r in rows if not (r["old_doc_id"] and r["new_doc_id"])]
    assert [(r["change"], r["entity"], r["unit"], r["new_source_file"]) for r in lone] == [
        ("added", "document", "Badan Pelayanan Pengadaan Barang/Jasa", BPPBJ_2021.name)]
    assert "in the new year only:\n  002_cc6b3664b0174547.txt" in out


def test_unit_selection_picks_one_unit(parsed, tmp_path):
    rows, _ = diff_table(parsed, tmp_path, "--unit", "jakarta barat", "--from-year", "2020",
                         "--to-year", "2021")
    assert {r["unit"] for r in rows} == {"Kota Administrasi Jakarta Barat"}
    assert len(rows) == len(DOCUMENT_ROWS) + len(CONTENT_ROWS)


def test_seeds_of_two_units_match_by_action_plan_number(parsed, tmp_path):
    """The two seeds: RK 2020 of a city against PK 2021 of an agency; shared action plans match."""
    rows, out = diff_table(parsed, tmp_path, SEED, BPPBJ_2021.name, "--unchanged")
    assert "indicators compared: rencana_kinerja (old) with perjanjian_kinerja (new)" in out
    by_ksd = {(r["old_key"], r["new_key"]) for r in rows
              if r["entity"] == "indicator" and r["rule"] == "ksd_no"}
    # nomor 20, 23, 39, 61, 63, 73 are in both texts.
    assert by_ksd == {("RK 4.1", "PK 4.1"), ("RK 5.1", "PK 6.1"), ("RK 6.2", "PK 8.1"),
                      ("RK 8.1", "PK 8.2"), ("RK 8.2", "PK 9.2"), ("RK 10.1", "PK 7.2")}
    opinion = [r for r in rows if r["entity"] == "indicator" and r["old_key"] == "RK 13.1"]
    assert opinion[0]["new_key"] == "PK 1.1" and opinion[0]["similarity"] == 86.3  # Opini laporan keuangan


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_page_is_self_contained_and_shows_the_changes(parsed, tmp_path):
    page = tmp_path / "diff.html"
    proc = run("diff", SEED, EDITED_NAME, "--parsed", parsed, "--html", page)
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(html)
    text = " ".join(" ".join(parser.text).split())
    assert not [a for _, a in parser.tags for k in ("src", "href") if str(a.get(k, "")).startswith("http")]
    assert "Rp 699,599,214,926 → Rp 704,474,763,802" in text
    assert "+Rp 4,875,548,876" in text and "+0.7%" in text
    assert "90% → 85%" in text and "lowered" in text
    # Word-level diff of the reworded indicator: "capaian" struck out.
    dels = [d.strip() for d in _between(html, "<del>", "</del>")]
    assert "capaian" in dels
    classes = [a.get("class", "") for _, a in parser.tags]
    assert sum("removed" in c.split() for c in classes) >= 1
    assert sum("added" in c.split() for c in classes) >= 1


def _between(html: str, start: str, end: str) -> list[str]:
    return [part.split(end, 1)[0] for part in html.split(start)[1:]]


def test_a_name_that_matches_nothing_lists_the_candidates(parsed):
    proc = run("diff", "nonesuch.txt", SEED, "--parsed", parsed)
    assert proc.returncode == 2
    assert "no document" in proc.stderr and "'nonesuch.txt'" in proc.stderr
    assert SEED in proc.stderr and EDITED_NAME in proc.stderr
    assert proc.stderr.count("\n") == 1  # one sentence


def test_a_name_that_matches_several_lists_them(tmp_path):
    raw = tmp_path / "raw"
    for folder, seed in (("a", JAKBAR_2020), ("b", BPPBJ_2021)):
        (raw / folder).mkdir(parents=True)
        shutil.copy(seed, raw / folder / "pk.txt")
    parsed = extract(raw, tmp_path / "parsed")
    proc = run("diff", "pk.txt", "a/pk.txt", "--parsed", parsed)
    assert proc.returncode == 2
    assert "'pk.txt' names 2 documents" in proc.stderr
    assert "a/pk.txt" in proc.stderr and "b/pk.txt" in proc.stderr


@pytest.mark.parametrize("args", [[SEED], [SEED, EDITED_NAME, "--from-year", "2020"],
                                  ["--from-year", "2020"], [], ["--from-year", "20", "--to-year", "2021"],
                                  [SEED, SEED, "--threshold", "101"]])
def test_usage_errors_exit_2(parsed, args):
    proc = run("diff", *args, "--parsed", parsed)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_a_folder_without_a_table_says_which(parsed, tmp_path):
    broken = tmp_path / "parsed"
    shutil.copytree(parsed, broken)
    (broken / "budgets.parquet").unlink()
    proc = run("diff", SEED, SEED, "--parsed", broken)
    assert proc.returncode == 2
    assert "budgets.parquet is missing" in proc.stderr


def test_a_folder_from_an_older_contract_says_what_is_missing(parsed, tmp_path):
    old = tmp_path / "parsed"
    shutil.copytree(parsed, old)
    indicators = pq.read_table(old / "indicators.parquet")
    pq.write_table(indicators.drop_columns(["ksd_no", "page"]), old / "indicators.parquet")
    proc = run("diff", SEED, SEED, "--parsed", old)
    assert proc.returncode == 2
    assert "indicators.parquet lacks ksd_no, page" in proc.stderr
    untagged = indicators.replace_schema_metadata({})
    pq.write_table(untagged, old / "indicators.parquet")
    proc = run("diff", SEED, SEED, "--parsed", old)
    assert "indicators.parquet was written for contract version none, not 1" in proc.stderr


def test_no_parsed_folder(tmp_path):
    proc = run("diff", SEED, SEED, "--parsed", tmp_path / "nothing")
    assert proc.returncode == 2
    assert "no parsed folder" in proc.stderr


def test_documents_with_file_id_and_part_are_read(parsed, tmp_path):
    """The contract's bundled-file columns: when the edited agreement is part 2 of the seed's file,
    the file name names two documents and each part is named by its doc_id."""
    bundled = tmp_path / "parsed"
    shutil.copytree(parsed, bundled)
    rows = pq.read_table(bundled / "documents.parquet").to_pylist()
    ids = {r["source_file"]: r["doc_id"] for r in rows}
    for row in rows:
        row["file_id"], row["part"] = row["doc_id"], 1
        if row["source_file"] == EDITED_NAME:
            row.update(source_file=SEED, file_id=ids[SEED], part=2)
    schema = pq.read_schema(bundled / "documents.parquet")
    for name, typ in (("file_id", pa.string()), ("part", pa.int32())):
        if name not in schema.names:  # written by the extractor since the contract gained them
            schema = schema.append(pa.field(name, typ))
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), bundled / "documents.parquet")

    proc = run("diff", SEED, ids[EDITED_NAME], "--parsed", bundled)
    assert proc.returncode == 2
    assert "names 2 documents" in proc.stderr and f"{SEED} (part 2) ({ids[EDITED_NAME]})" in proc.stderr
    changes, _ = diff_table(bundled, tmp_path, ids[SEED], ids[EDITED_NAME])
    assert len(changes) == len(DOCUMENT_ROWS) + len(CONTENT_ROWS)
    assert {(r["old_source_file"], r["new_source_file"]) for r in changes} == {(SEED, SEED)}
