"""One-to-one matching: keys first, then similarity best-first, ties settled by support and order."""

from __future__ import annotations

from pipeline.analysis.matching import Match, align, by_key, by_text, normalise, similarity


def test_normalise_ignores_case_punctuation_and_spacing():
    assert normalise("  Opini  Laporan-Keuangan, (WTP) ") == "opini laporan keuangan wtp"
    assert similarity("Opini laporan keuangan daerah", "OPINI LAPORAN KEUANGAN DAERAH") == 100.0


def test_keys_pair_first_with_first_and_skip_missing_keys():
    matches = by_key([20, None, 23, 20], [23, 20, 20, None], "ksd_no")
    assert [(m.old, m.new) for m in matches] == [(0, 1), (2, 0), (3, 2)]


def test_text_pairs_are_one_to_one_best_first():
    old = ["Persentase capaian penyelesaian pengaduan masyarakat", "Survei Kepuasan Masyarakat"]
    new = ["Survei Kepuasan Masyarakat", "Persentase penyelesaian pengaduan masyarakat",
           "Persentase capaian penyelesaian pengaduan masyarakat (CRM)"]
    matches = by_text(old, new, threshold=85)
    # Old 0 is closer to new 2 (only "(CRM)" added) than to new 1 ("capaian" dropped).
    assert sorted((m.old, m.new) for m in matches) == [(0, 2), (1, 0)]
    assert {m.rule for m in matches} == {"similarity"}


def test_below_the_threshold_nothing_pairs():
    assert by_text(["Nilai PMPRB"], ["Indeks Kepuasan Layanan PBJ"], threshold=85) == []


def test_equal_texts_go_to_the_pair_with_support_then_to_order():
    old = ["Tata kelola akuntabel", "Tata kelola akuntabel"]
    new = ["Tata kelola akuntabel"]
    assert [(m.old, m.new) for m in by_text(old, new, 85)] == [(0, 0)]
    supported = by_text(old, new, 85, support=lambda i, j: 1 if i == 1 else 0)
    assert [(m.old, m.new) for m in supported] == [(1, 0)]


def test_taken_and_disallowed_pairs_are_skipped():
    old, new = ["a b c", "a b c"], ["a b c", "a b c"]
    taken = [Match(0, 1, "ksd_no", None)]
    assert [(m.old, m.new) for m in by_text(old, new, 85, taken=taken)] == [(1, 0)]
    assert by_text(old, new, 85, allowed=lambda i, j: False) == []


def test_align_reads_down_both_documents():
    matches = [Match(0, 0, "x", None), Match(2, 1, "x", None)]
    rows = [(i, j) for i, j, _ in align(matches, 4, 3)]
    # old 1 removed between the two pairs; new 2 added and old 3 removed at the end (removed first).
    assert rows == [(0, 0), (1, None), (2, 1), (3, None), (None, 2)]
    crossed = [(i, j) for i, j, _ in align([Match(1, 0, "x", None), Match(0, 1, "x", None)], 2, 2)]
    assert sorted(crossed) == [(0, 1), (1, 0)]
