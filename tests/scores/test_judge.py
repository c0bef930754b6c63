"""One target against one realisation: direction rules, achievement arithmetic, status, rounding."""

from __future__ import annotations

import pytest

from pipeline.analysis.scores.direction import HIGHER, LOWER, direction_of
from pipeline.analysis.scores.judge import Value, differs, grade, judge, other_formula, written_decimals


@pytest.mark.parametrize("indicator, unit, label, direction, rule", [
    ("Prevalensi stunting pada balita", "%", None, LOWER, "the indicator names a prevalence"),
    ("Angka Kematian Ibu", "per 100.000 KH", None, LOWER, "the indicator names a death rate"),
    ("Persentase penduduk miskin", "%", None, LOWER, "the indicator names poverty"),
    ("Tingkat Pengangguran Terbuka", "%", None, LOWER, "the indicator names unemployment"),
    ("Jumlah temuan berulang hasil pemeriksaan", None, None, LOWER, "the indicator counts findings"),
    ("Hasil pengawasan internal", "Temuan", None, LOWER, "unit Temuan"),
    ("Jumlah kasus DBD", None, None, LOWER, "the indicator counts cases"),
    ("Waktu layanan perizinan", "Hari", "≤", LOWER, "the target is written ≤"),
    # a reduction or a follow-up of a bad thing: more is better again
    ("Persentase penurunan angka kemiskinan", "%", None, HIGHER,
     "the indicator measures a reduction or follow-up (penurunan) of what it names"),
    ("Persentase tindak lanjut temuan BPK", "%", None, HIGHER,
     "the indicator measures a reduction or follow-up (tindak lanjut) of what it names"),
    ("Indeks Kepuasan Masyarakat", "Indeks", None, HIGHER, "no word of a lower-is-better indicator"),
    ("Opini BPK atas laporan keuangan", None, "WTP", HIGHER, "no word of a lower-is-better indicator"),
])
def test_direction_names_its_rule(indicator, unit, label, direction, rule) -> None:
    found = direction_of(indicator, unit, label)
    assert (found.direction, found.rule) == (direction, rule)


def num(x: float) -> Value:
    return Value(str(x), x, None)


def label(text: str) -> Value:
    return Value(text, None, text)


def test_higher_is_better_realised_over_target() -> None:
    # 85 of a 90 target: 85 / 90 = 0.94444 -> 94.44 %, not met
    assert judge(num(90), num(85), HIGHER).achievement_pct == 94.44
    assert judge(num(90), num(85), HIGHER).status == "not_met"
    # 92 of 90: 102.22 %, met; exactly the target: 100 %, met
    assert (judge(num(90), num(92), HIGHER).achievement_pct, judge(num(90), num(92), HIGHER).status) == \
        (102.22, "met")
    assert judge(num(90), num(90), HIGHER).status == "met"


def test_lower_is_better_target_over_realised() -> None:
    # prevalence 14 target, 12.5 realised: 14 / 12.5 = 1.12 -> 112 %, met (it stayed under)
    verdict = judge(num(14), num(12.5), LOWER)
    assert (verdict.achievement_pct, verdict.status) == (112.0, "met")
    # 5 findings allowed, 8 found: 5 / 8 = 62.5 %, not met
    verdict = judge(num(5), num(8), LOWER)
    assert (verdict.achievement_pct, verdict.status) == (62.5, "not_met")
    # none found: met, but no percentage (it would divide by zero)
    assert judge(num(5), num(0), LOWER).achievement_pct is None
    assert judge(num(5), num(0), LOWER).status == "met"


def test_labels_are_met_when_equal_or_ranked_at_least_as_high() -> None:
    assert judge(label("WTP"), label("WTP"), HIGHER).status == "met"
    assert judge(Value("(3) WTP", 3, "WTP"), label("WTP"), HIGHER).status == "met"  # as parsed
    assert judge(label("WTP"), label("WDP"), HIGHER).status == "not_met"
    assert judge(label("Opini WTP"), label("Wajar Tanpa Pengecualian"), HIGHER).status == "met"
    assert judge(label("BB"), label("A"), HIGHER).status == "met"
    assert judge(label("A"), label("BB"), HIGHER).status == "not_met"
    assert judge(label("A"), label("WTP"), HIGHER).status == "not_comparable"  # two orders
    assert judge(label("Sangat Baik"), label("Baik"), HIGHER).status == "not_comparable"


def test_what_cannot_be_compared_or_was_not_measured() -> None:
    assert judge(label("WTP"), num(3), HIGHER).status == "not_comparable"
    assert judge(num(90), Value("belum diukur", None, None), HIGHER).status == "not_comparable"
    assert judge(num(90), None, HIGHER).status == "no_result"
    assert judge(num(90), Value(None, None, None), HIGHER).status == "no_result"


def test_grades_and_comparators() -> None:
    assert grade("Predikat BB") == "BB"
    assert grade("≥") is None and grade("maks") is None and grade(None) is None


def test_rounding_of_the_written_achievement() -> None:
    assert written_decimals("105,3 %") == 1 and written_decimals("98") == 0
    assert written_decimals("1.250,25%") == 2
    assert not differs(94.4, 94.44, "94,4")  # 94.44 written with one decimal
    assert not differs(94.0, 94.44, "94")  # rounded to a whole number
    assert differs(95.0, 94.44, "95")  # 0.56 off: more than rounding
    assert differs(100.0, 94.44, "100%")


def test_the_other_lower_is_better_formula_is_recognised() -> None:
    # (2 x 5 - 8) / 5 = 40 %
    assert other_formula(5, 8, 40.0, "40%")
    assert not other_formula(5, 8, 62.5, "62,5")
