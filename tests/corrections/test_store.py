"""The corrections file: a round trip through save and load, and every hand-edited mistake
reported on its own line while the rest loads."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.corrections.model import FIELDS, Correction
from pipeline.corrections.store import check, default_path, load, save

HEADER = ",".join(FIELDS)
GOOD = ("abc0123456789def,a.pdf,targets,perjanjian_kinerja/1/2/annual,raw,190,100,correct,ana,"
        "2026-12-02T17:40:05Z,OCR read 1 as 9")


def correction(**changes: str | None) -> Correction:
    base = Correction("abc0123456789def", "dir/a.pdf", "targets", "perjanjian_kinerja/1/2/annual",
                      "raw", "190", "100", "correct", "ana", "2026-12-02T17:40:05Z", "")
    return replace(base, **changes)


def write(tmp_path: Path, *lines: str, raw: bytes = b"") -> Path:
    path = tmp_path / "corrections.csv"
    path.write_bytes("\n".join([HEADER, *lines]).encode() + b"\n" + raw)
    return path


def test_default_path_is_beside_parsed(tmp_path: Path) -> None:
    assert default_path(tmp_path / "batch" / "parsed") == tmp_path / "batch/corrections/corrections.csv"


def test_a_missing_file_is_no_corrections(tmp_path: Path) -> None:
    loaded = load(tmp_path / "nothing.csv")
    assert loaded.corrections == () and loaded.problems == ()


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "c" / "corrections.csv"
    tricky = correction(note='a note, with "quotes",\na second line and ünïcode', corrected="1.250,5 %")
    confirm = correction(table="parties", key="first", column="name", extracted="Budi, S.Kom",
                         corrected="Budi, S.Kom", action="confirm", who="bob")
    cleared = correction(table="documents", key="abc0123456789def", column="signed_date",
                         extracted="2017-01-02", corrected=None)
    for c in (tricky, confirm, cleared):
        save(path, c)
    loaded = load(path)
    assert loaded.problems == ()
    assert loaded.corrections == (tricky, confirm, cleared)
    assert path.read_text(encoding="utf-8").splitlines()[0] == HEADER


def test_a_later_save_of_the_same_value_replaces_its_line(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    save(path, correction(corrected="100"))
    save(path, correction(table="budgets", key="perjanjian_kinerja/1", column="amount_idr",
                          extracted="1000", corrected="2000"))
    save(path, correction(corrected="101", who="bob"))
    loaded = load(path)
    assert [(c.column, c.corrected, c.who) for c in loaded.corrections] == [
        ("raw", "101", "bob"), ("amount_idr", "2000", "ana")]
    assert len(path.read_text().splitlines()) == 3


def test_save_refuses_what_load_would_refuse(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no column"):
        save(tmp_path / "c.csv", correction(column="colour"))
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize(("line", "says"), [
    (GOOD.replace(",targets,", ",target,"), "unknown table 'target'"),
    (GOOD.replace(",raw,", ",raws,"), "targets has no column 'raws'"),
    (GOOD.replace(",raw,", ",period,"), "targets.period is a key"),
    (GOOD.replace(",raw,", ",doc_id,"), "targets.doc_id is a key"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "indicators,perjanjian_kinerja/1/2,page,3,4"), "not correctable"),
    (GOOD.replace(",raw,190,100,", ",value,190,1OO,"), "corrected: '1OO' is not a number"),
    (GOOD.replace(",raw,190,100,", ",value,n/a,100,"), "extracted: 'n/a' is not a number"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "budgets,perjanjian_kinerja/1,amount_idr,1000,1.5"), "'1.5' is not a whole number"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "indicators,perjanjian_kinerja/1/2,goal_no,1,2"), "is a key"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "indicators,perjanjian_kinerja/1/2,ksd_no,1,99999999999"), "out of range"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "parties,first,nip_valid,true,maybe"), "'maybe' is not true or false"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "documents,abc0123456789def,signed_date,2017-01-02,2 Januari 2017"), "YYYY-MM-DD"),
    (GOOD.replace("targets,perjanjian_kinerja/1/2/annual,raw,190,100",
                  "documents,other,year,2017,2018"), "a documents key is the doc_id"),
    (GOOD.replace("perjanjian_kinerja/1/2/annual", "perjanjian_kinerja/1/2"), "has 3 part(s)"),
    (GOOD.replace(",correct,", ",fix,"), "action 'fix' is neither"),
    (GOOD.replace(",correct,", ",confirm,"), "corrected must equal extracted"),
    (GOOD.replace(",ana,", ",,"), "who is empty"),
    (GOOD.replace("2026-12-02T17:40:05Z", "2 Dec 2026"), "not ISO 8601"),
    (GOOD + ",extra", "12 fields where the header has 11"),
    (GOOD.rsplit(",", 2)[0], "9 fields where the header has 11"),
])
def test_a_bad_line_is_named_and_the_others_load(tmp_path: Path, line: str, says: str) -> None:
    other = GOOD.replace("perjanjian_kinerja/1/2/annual", "perjanjian_kinerja/1/3/annual")
    loaded = load(write(tmp_path, GOOD, line, other))
    assert [p.line for p in loaded.problems] == [3]
    assert says in loaded.problems[0].message
    assert [c.key for c in loaded.corrections] == ["perjanjian_kinerja/1/2/annual",
                                                   "perjanjian_kinerja/1/3/annual"]


def test_a_duplicated_value_names_both_lines(tmp_path: Path) -> None:
    loaded = load(write(tmp_path, GOOD, GOOD.replace(",100,", ",101,")))
    assert [(p.line, "line 2" in p.message) for p in loaded.problems] == [(3, True)]
    assert [c.corrected for c in loaded.corrections] == ["100"]


def test_bytes_that_are_not_utf8_spoil_only_their_line(tmp_path: Path) -> None:
    latin1 = GOOD.replace("OCR read 1 as 9", "catatan").replace("ana", "Jos\xe9").encode("latin-1")
    path = write(tmp_path, GOOD, raw=latin1 + b"\n" + GOOD.replace("/1/2/", "/1/4/").encode())
    loaded = load(path)
    assert [p.line for p in loaded.problems] == [3]
    assert "not UTF-8" in loaded.problems[0].message
    assert len(loaded.corrections) == 2
    save(path, correction(key="perjanjian_kinerja/9/9/annual"))  # a save keeps the bad line as it was
    assert latin1 in path.read_bytes()
    assert len(load(path).corrections) == 3


def test_a_note_over_several_lines_counts_its_lines(tmp_path: Path) -> None:
    multi = GOOD.replace("OCR read 1 as 9", '"one\ntwo\nthree"')
    loaded = load(write(tmp_path, multi, GOOD.replace(",correct,", ",fix,")))
    assert loaded.corrections[0].note == "one\ntwo\nthree"
    assert [p.line for p in loaded.problems] == [5]


def test_a_header_without_its_columns_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    path.write_text("doc,table,key\n" + GOOD + "\n", encoding="utf-8")
    loaded = load(path)
    assert loaded.corrections == ()
    assert loaded.problems[0].line == 1 and "header row lacks" in loaded.problems[0].message
    save(path, correction(key="perjanjian_kinerja/7/1/Q1"))  # a proper header on top, the rest kept
    assert path.read_text().startswith(HEADER + "\ndoc,table,key\n" + GOOD + "\n")
    assert [c.key for c in load(path).corrections] == ["perjanjian_kinerja/1/2/annual",
                                                       "perjanjian_kinerja/7/1/Q1"]


def test_a_header_in_another_order_reads_by_name_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    names = list(FIELDS)
    names[0], names[1] = names[1], names[0]
    values = GOOD.split(",")
    values[0], values[1] = values[1], values[0]
    path = tmp_path / "corrections.csv"
    path.write_text(",".join(names) + "\n\n" + ",".join(values) + "\n\n", encoding="utf-8-sig")
    loaded = load(path)
    assert loaded.problems == ()
    assert loaded.corrections[0].doc_id == "abc0123456789def"
    assert loaded.corrections[0].source_file == "a.pdf"


def test_check_accepts_a_good_correction() -> None:
    assert check(correction()) is None
    assert check(correction(table="documents", key="abc0123456789def", column="year",
                            extracted="2017", corrected="2.017")) is None


def test_a_new_file_is_readable_as_the_umask_allows_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    umask = os.umask(0o022)
    os.umask(umask)
    save(path, correction())
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as any new file; not mkstemp's 0600
    path.chmod(0o640)
    save(path, correction(corrected="101"))
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_record_the_csv_reader_cannot_read_is_reported_and_never_lost(tmp_path: Path) -> None:
    huge = GOOD.replace("OCR read 1 as 9", "x" * 200_000)  # over the csv module's field limit
    path = write(tmp_path, GOOD, huge, GOOD.replace("/1/2/", "/1/5/"))
    loaded = load(path)
    assert [p.line for p in loaded.problems] == [3] and "not a CSV record" in loaded.problems[0].message
    assert len(loaded.corrections) == 2
    before = path.read_bytes()
    with pytest.raises(ValueError, match="line 3 is not CSV"):
        save(path, correction(key="perjanjian_kinerja/9/9/annual"))
    assert path.read_bytes() == before
