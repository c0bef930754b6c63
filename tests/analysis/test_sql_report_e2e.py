"""`python -m pipeline sql` and `report` end to end on the seed batch, extracted by the real CLI."""

from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.batches import BPPBJ_2021, EDITED_NAME, JAKBAR_2020, edited_seed, extract, run

MEMO = "Kepada Yth.\nBapak Kepala Dinas\n\nDengan hormat, kami mengundang Bapak rapat.\n"
# BPPBJ's PK 3.1 annual target written as words: a target_unparsed warning on its line (61).
UNPARSED = ("N/A\tN/A\tN/A\t91%\t91%\tPersentase", "N/A\tN/A\tN/A\t91%\tsembilan puluh satu\tPersentase")


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Jakarta Barat 2020 and 2021, BPPBJ 2021 twice (once with a target in words), an empty file
    and a memo."""
    root = tmp_path_factory.mktemp("batch")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(JAKBAR_2020, raw / JAKBAR_2020.name)
    shutil.copy(BPPBJ_2021, raw / BPPBJ_2021.name)
    (raw / EDITED_NAME).write_text(edited_seed(), encoding="utf-8")
    text = BPPBJ_2021.read_text(encoding="utf-8")
    assert text.count(UNPARSED[0]) == 1
    (raw / "bppbj_words.txt").write_text(text.replace(*UNPARSED), encoding="utf-8")
    (raw / "empty.txt").write_text("", encoding="utf-8")
    (raw / "memo.txt").write_text(MEMO, encoding="utf-8")
    return extract(raw, root / "parsed")


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# --- sql --------------------------------------------------------------------------------------

BUDGET_PER_UNIT = ("SELECT d.unit, d.year, sum(b.amount_idr) AS budget_idr FROM budgets b "
                   "JOIN documents d USING (doc_id) GROUP BY ALL ORDER BY ALL")


def test_sql_prints_a_table(parsed):
    proc = run("sql", BUDGET_PER_UNIT, "--parsed", parsed)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["unit", "year", "budget_idr"]
    # 2020: the seed's five programs; 2021: program 2 raised to 80,000,000,000.
    assert lines[2].split()[-2:] == ["2020", "699599214926"]
    assert lines[3].split()[-2:] == ["2021", "704474763802"]
    assert lines[-1] == "(2 rows)"


def test_sql_csv_and_parquet(parsed, tmp_path):
    proc = run("sql", BUDGET_PER_UNIT, "--parsed", parsed, "--csv")
    assert proc.stdout.splitlines() == [
        "unit,year,budget_idr",
        "Kota Administrasi Jakarta Barat,2020,699599214926",
        "Kota Administrasi Jakarta Barat,2021,704474763802",
    ]
    out = tmp_path / "budget.parquet"
    proc = run("sql", BUDGET_PER_UNIT, "--parsed", parsed, "--parquet", out)
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(out).column("budget_idr").to_pylist() == [699599214926, 704474763802]


def test_sql_sees_every_table_and_errors_with_a_finding(parsed):
    proc = run("sql", "SELECT d.source_file, f.code FROM findings f JOIN documents d USING (doc_id) "
               "WHERE f.severity = 'error' ORDER BY ALL", "--parsed", parsed, "--csv")
    assert proc.stdout.splitlines() == ["source_file,code", "empty.txt,empty_file",
                                        "memo.txt,not_an_agreement"]
    for table in ("documents", "parties", "indicators", "targets", "budgets", "findings"):
        proc = run("sql", f"SELECT count(*) AS n FROM {table}", "--parsed", parsed, "--csv")
        assert proc.returncode == 0, proc.stderr
        assert int(proc.stdout.splitlines()[1]) == pq.read_metadata(parsed / f"{table}.parquet").num_rows


@pytest.mark.parametrize("statement", [
    "COPY documents TO '{parsed}/documents.parquet' (FORMAT parquet)",
    "SELECT * FROM read_parquet('{parsed}/budgets.parquet')",
    "ATTACH '{parsed}/x.duckdb'",
])
def test_sql_cannot_touch_files(parsed, statement):
    before = fingerprint(parsed)
    proc = run("sql", statement.format(parsed=parsed), "--parsed", parsed)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: the query failed:") and proc.stderr.count("\n") == 1
    assert fingerprint(parsed) == before


def test_sql_usage_errors(parsed):
    assert run("sql", "SELEC 1", "--parsed", parsed).returncode == 2
    proc = run("sql", "SELECT 1", "--parsed", parsed, "--parquet", parsed / "out.parquet")
    assert proc.returncode == 2 and "outside" in proc.stderr
    assert not (parsed / "out.parquet").exists()


# --- report -------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Every element with its attributes and all the text inside it (cells joined by spaces)."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[int] = []
        self.elements: list[tuple[str, dict, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))
        if tag not in self.VOID:
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        while self.open and self.elements[self.open.pop()][0] != tag:
            pass

    def handle_data(self, data):
        for k in self.open:
            self.elements[k][2].append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[dict, str]]:
        return [(a, " ".join(" ".join(t).split())) for g, a, t in self.elements
                if g == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def report(parsed) -> tuple[str, Page]:
    proc = run("report", "--parsed", parsed)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"wrote {parsed / 'report.html'} (6 documents)"
    html = (parsed / "report.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


def test_report_is_self_contained(report):
    html, page = report
    for tag, attrs, _ in page.elements:
        for key in ("src", "href"):
            assert not str(attrs.get(key, "")).startswith(("http:", "https:", "//")), (tag, attrs)
    assert not page.find("link") and all("src" not in a for a, _ in page.find("script"))


def test_report_units_table(report, parsed):
    _, page = report
    cells = [t for a, t in page.find("a") if a.get("href", "").startswith("#u-")]
    assert cells == ["Badan Pelayanan Pengadaan Barang/Jasa", "Kota Administrasi Jakarta Barat",
                     "No unit read (failed files, memos, unreadable pages)"]
    budgets = [a["data-v"] for a, _ in page.find("td") if "data-v" in a]
    assert budgets == ["0", str(699599214926 + 704474763802), "0"]


def test_report_has_every_document_with_its_parts(report, parsed):
    html, page = report
    ids = [r["doc_id"] for r in pq.read_table(parsed / "documents.parquet").to_pylist()]
    shown = [a["id"][2:] for a, _ in page.find("details") if a.get("id", "").startswith("d-")]
    assert sorted(shown) == sorted(ids)
    for name in ("Rustam Effendi", "Blessmiyanda", "Anies Rasyid Baswedan Ph.D",
                 "Walikota Jakarta Barat Provinsi Daerah Khusus Ibukota Jakarta"):
        assert name in html


def test_report_charts_are_matplotlib_svg_for_documents_with_budgets(report):
    _, page = report
    charts = [t for a, t in page.find("script", type="image/svg+xml")]
    assert len(charts) == 2  # Jakarta Barat 2020 and 2021; BPPBJ has no budget table
    old, new = charts
    for svg in charts:
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert "1. Pengelolaan Kendaraan Operasional Kota" in svg
        assert "<rect" in svg or "<path" in svg  # bars drawn by matplotlib, not typed by hand
    assert "Rp 75.1 bn" in old and "Rp 80 bn" in new
    assert "total Rp 699,599,214,926" in old


def test_report_findings_carry_their_line(report):
    _, page = report
    rows = [t for a, t in page.find("tr") if "target_unparsed" in t]
    assert [r for r in rows if "'sembilan puluh satu'" in r and r.endswith("l. 61")]
    assert any("empty_file" in t for _, t in page.find("tr"))


def test_report_targets_per_goal_type_and_period(report):
    _, page = report
    rows = [t for a, t in page.find("tr") if t.startswith("PK strategis")]
    # Seed 002's 13 strategic indicators, read off its table: Q1 set for 2, 4, 6, 7.1, 8.1, 9.1,
    # 9.2 and N/A for the other six; every annual cell set. Its copy has one annual cell in words.
    # Then seed 000 and its edited copy: a PK table of two indicators with an annual target only.
    assert rows == ["PK strategis 7 +6 N/A 10 +3 N/A 8 +5 N/A 5 +8 N/A 13",
                    "PK strategis 7 +6 N/A 10 +3 N/A 8 +5 N/A 5 +8 N/A 12",
                    "PK strategis – – – – 2", "PK strategis – – – – 2"]


def test_report_is_deterministic_and_written_whole(parsed, tmp_path):
    out_a, out_b = tmp_path / "a.html", tmp_path / "b.html"
    assert run("report", "--parsed", parsed, "--out", out_a).returncode == 0
    assert run("report", "--parsed", parsed, "--out", out_b).returncode == 0
    assert out_a.read_bytes() == out_b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no temp files left


def test_report_on_a_folder_without_tables(tmp_path):
    (tmp_path / "parsed").mkdir()
    proc = run("report", "--parsed", tmp_path / "parsed")
    assert proc.returncode == 2
    assert "documents.parquet is missing" in proc.stderr and "findings.parquet is missing" in proc.stderr
