"""Finding the inputs: links followed once and where they belong, odd names shown faithfully."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.batch.discover import discover, shown_name


def names(raw: Path) -> dict[str, str | None]:
    return {f.relative: f.problem.code if f.problem else None for f in discover(raw)}


def test_a_folder_in_the_tree_is_read_where_it_stands_not_through_a_link(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "z_real").mkdir(parents=True)
    (raw / "z_real" / "a.txt").write_text("x")
    (raw / "a_alias").symlink_to("z_real")  # sorts first, yet the real folder wins
    assert names(raw) == {"z_real/a.txt": None}


def test_links_inside_a_linked_folder_are_followed_too_and_loops_stop(tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "deep").mkdir(parents=True)
    (share / "deep" / "b.txt").write_text("x")
    (share / "deep" / "back").symlink_to(share)  # leads to a folder it stands in
    (share / "to_file.txt").symlink_to(share / "deep" / "b.txt")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "linked").symlink_to(share)
    (raw / "up").symlink_to(tmp_path)  # the root's own parent: a loop as well
    assert names(raw) == {"linked/deep/b.txt": None, "linked/deep/back": "link_loop",
                          "linked/to_file.txt": None, "up": "link_loop"}


def test_hidden_and_junk_entries_are_still_skipped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / ".git").mkdir(parents=True)
    (raw / ".git" / "x.txt").write_text("x")
    (raw / "~$draft.docx").write_text("x")
    (raw / ".hidden_link").symlink_to(tmp_path / "nowhere")
    (raw / "a.txt").write_text("x")
    assert names(raw) == {"a.txt": None}


def test_problem_entries_get_an_id_from_their_name(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere")
    (entry,) = discover(raw)
    assert entry.problem.code == "dangling_link" and len(entry.doc_id) == 16
    assert entry.doc_id == discover(raw)[0].doc_id


@pytest.mark.parametrize(("raw", "shown"), [
    (b"perjanjian_\xe9.txt", "perjanjian_\\xe9.txt"),  # Latin-1
    (b"PK \x82 2021.pdf", "PK \\x82 2021.pdf"),  # CP437
    ("perjanjian – é.txt".encode(), "perjanjian – é.txt"),  # UTF-8 stays as written
])
def test_shown_names(raw: bytes, shown: str) -> None:
    assert shown_name(os.fsdecode(raw)) == shown
