"""Tests for the CaRB-compatible scorer (kg.evaluation.carb)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluation.carb import (
    CarbTuple,
    match_tuples,
    normalize_sentence,
    read_extractions,
    read_gold,
    read_sentences,
    score,
    write_extractions,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "carb"
CARB_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "carb"
OPENIE5 = CARB_DIR / "openie5-dev-extractions.tsv"
CARB_GOLD = CARB_DIR / "dev-gold.tsv"


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-12)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r)


# --- pair matching -----------------------------------------------------------


def test_partial_word_overlap() -> None:
    gold = CarbTuple("bought", ["John Smith", "a red car", "in Paris"])
    system = CarbTuple("bought", ["Smith", "a car yesterday"])
    # pred 1/1, arg1 1 of [Smith] / [John Smith], arg2 "a car" of 3 / of 5 gold words
    assert match_tuples(gold, system) == (approx(4 / 5), approx(4 / 8))


def test_nary_arguments_are_joined_on_both_sides() -> None:
    gold = CarbTuple("bought", ["John Smith", "a red car", "in Paris"])
    split_differently = CarbTuple("bought", ["John Smith", "a red", "car in Paris"])
    assert match_tuples(gold, split_differently) == (1.0, 1.0)


def test_predicate_without_shared_word_scores_zero() -> None:
    gold = CarbTuple("is the capital of", ["Paris", "France"])
    system = CarbTuple("located in", ["Paris", "France"])
    assert match_tuples(gold, system) == (0.0, 0.0)


def test_be_matches_any_form_of_be() -> None:
    gold = CarbTuple("is the capital of", ["Paris", "France"])
    system = CarbTuple("be capital of", ["Paris", "France"])
    # "capital", "of" shared, the leftover "be" matches "is": 3 of 3 / 3 of 4 pred words
    assert match_tuples(gold, system) == (1.0, approx(5 / 6))
    # only a system "be" is lenient: a gold "be" does not match a system "is"
    assert match_tuples(CarbTuple("be", ["x", "y"]), CarbTuple("is", ["x", "y"])) == (0.0, 0.0)


def test_reversed_arguments_for_said() -> None:
    gold = CarbTuple("said", ["The mayor", "that taxes will rise"])
    system = CarbTuple("said", ["taxes will rise", "the mayor"])
    # swapped: pred 1, "mayor" 1 (case matters: "the" != "The"), "taxes will rise" 3
    assert match_tuples(gold, system) == (approx(5 / 6), approx(5 / 7))
    # no swapping for other predicates
    not_said = CarbTuple("thinks", ["The mayor", "that taxes will rise"])
    assert match_tuples(not_said, CarbTuple("thinks", system.args)) == (
        approx(1 / 6),
        approx(1 / 7),
    )


def test_arguments_need_not_overlap_but_must_exist() -> None:
    gold = CarbTuple("bought", ["John", "a car"])
    # the official matcher only requires a shared predicate word
    assert match_tuples(gold, CarbTuple("bought", ["Mary", "houses"])) == (
        approx(1 / 3),
        approx(1 / 4),
    )
    assert match_tuples(gold, CarbTuple("bought", ["John"])) == (0.0, 0.0)
    # extra system arguments beyond the gold ones are not counted
    unary = CarbTuple("sleeps", ["Mary"])
    assert match_tuples(unary, CarbTuple("sleeps", ["Mary", "soundly"])) == (1.0, 1.0)


def test_words_match_as_multisets() -> None:
    gold = CarbTuple("saw", ["the dog", "the cat"])
    system = CarbTuple("saw", ["the the dog", "cat"])
    # arg1: "the", "dog" shared (one "the" left unmatched); arg2: "cat"
    assert match_tuples(gold, system) == (approx(4 / 5), approx(4 / 5))


def test_sentence_normalisation() -> None:
    assert normalize_sentence("Pittsburgh 's mayor -LRB- Pa. -RRB- .") == "PittsburghsmayorPa"
    assert normalize_sentence("Pittsburgh's mayor (Pa.).") == "PittsburghsmayorPa"


# --- corpus scoring on the hand-built fixture ----------------------------------
#
# gold: G1 bought(John Smith; a red car; in Paris)  G2 said(The mayor; that taxes will rise)
#       G3 is the capital of(Paris; France)         G4 sleeps(Mary)  -- no system tuple
# system (pair scores (P, R) against the gold tuple of the same sentence):
#   0.9 X1 bought(Smith; a car yesterday)           (4/5, 1/2)
#   0.5 X2 bought(John Smith; a red car; in Paris)  (1, 1)     competes with X1 for G1
#   0.7 X3 said(taxes will rise; the mayor)         (5/6, 5/7) reversed
#   0.7 X4 be capital of(Paris; France)             (1, 5/6)
#   0.3 X5 located in(Paris; France)                (0, 0)
# threshold  kept            precision             recall
#   0.9      X1              4/5 / 1               (1/2) / 4
#   0.7      X1 X3 X4        (4/5+5/6+1) / 3       (1/2+5/7+5/6) / 4
#   0.5      X1 X2 X3 X4     (1+5/6+1) / 4         (1+5/7+5/6) / 4   X2 takes G1 from X1
#   0.3      all             (1+5/6+1) / 5         (1+5/7+5/6) / 4

P = {0.3: 17 / 30, 0.5: 17 / 24, 0.7: 79 / 90, 0.9: 4 / 5}
R = {0.3: 107 / 168, 0.5: 107 / 168, 0.7: 43 / 84, 0.9: 1 / 8}
# trapezoids down the curve (thresholds ascending, recall falling) to (R 0, P 1)
AUC = (
    (R[0.3] - R[0.5]) * (P[0.3] + P[0.5]) / 2
    + (R[0.5] - R[0.7]) * (P[0.5] + P[0.7]) / 2
    + (R[0.7] - R[0.9]) * (P[0.7] + P[0.9]) / 2
    + R[0.9] * (P[0.9] + 1) / 2
)


@pytest.fixture
def fixture_gold() -> dict[str, list[CarbTuple]]:
    return read_gold(FIXTURES / "gold.tsv")


@pytest.fixture
def fixture_system() -> dict[str, list[CarbTuple]]:
    return read_extractions(FIXTURES / "system.tsv")


def test_readers(
    fixture_gold: dict[str, list[CarbTuple]], fixture_system: dict[str, list[CarbTuple]]
) -> None:
    sentences = read_sentences(FIXTURES / "sentences.txt")
    assert list(fixture_gold) == sentences
    assert fixture_gold["Mary sleeps ."] == [CarbTuple("sleeps", ["Mary"])]
    # the system writes sentence 1 without the space before the full stop
    assert "John Smith bought a red car in Paris." in fixture_system
    assert fixture_system["Paris is the capital of France ."][1] == CarbTuple(
        "located in", ["Paris", "France"], 0.3
    )


def test_fixture_scores(
    fixture_gold: dict[str, list[CarbTuple]], fixture_system: dict[str, list[CarbTuple]]
) -> None:
    result = score(fixture_gold, fixture_system)
    assert result.threshold == 0.5
    assert result.precision == approx(17 / 24)
    assert result.recall == approx(107 / 168)
    assert result.f1 == approx(f1(17 / 24, 107 / 168))
    assert result.f1 == approx(1819 / 2712)  # 0.6707
    assert result.auc == approx(AUC)
    assert result.auc == approx(64859 / 120960)  # 0.5362


def test_threshold_curve(
    fixture_gold: dict[str, list[CarbTuple]], fixture_system: dict[str, list[CarbTuple]]
) -> None:
    curve = score(fixture_gold, fixture_system).curve
    assert [t for _, _, t in curve] == [0.3, 0.5, 0.7, 0.9]
    for p, r, t in curve:
        assert (p, r) == (approx(P[t]), approx(R[t]))
    f1s = {t: f1(P[t], R[t]) for t in P}
    assert max(f1s, key=lambda t: f1s[t]) == 0.5


def test_system_only_sentences_add_thresholds(
    fixture_gold: dict[str, list[CarbTuple]], fixture_system: dict[str, list[CarbTuple]]
) -> None:
    system = {**fixture_system, "Not in the gold .": [CarbTuple("is", ["x", "y"], 0.95)]}
    result = score(fixture_gold, system)
    # nothing is kept at 0.95: precision 1 (empty), recall 0; the area is unchanged
    assert result.curve[-1] == (1.0, 0.0, 0.95)
    assert result.auc == approx(AUC)
    assert result.f1 == approx(f1(17 / 24, 107 / 168))


def test_tied_confidences_form_one_threshold(fixture_gold: dict[str, list[CarbTuple]]) -> None:
    system = {
        "Paris is the capital of France .": [
            CarbTuple("located in", ["Paris", "France"], 0.5),
            CarbTuple("be capital of", ["Paris", "France"], 0.5),
        ]
    }
    result = score(fixture_gold, system)
    # one threshold; greedy matching gives G3 to the better tuple: (1 + 0) / 2 kept
    assert [t for _, _, t in result.curve] == [0.5]
    assert result.precision == approx(1 / 2)
    assert result.recall == approx((5 / 6) / 4)
    assert result.auc == approx(result.recall * (1 / 2 + 1) / 2)


def test_no_extractions(fixture_gold: dict[str, list[CarbTuple]]) -> None:
    result = score(fixture_gold, {})
    assert (result.precision, result.recall, result.f1, result.auc) == (0.0, 0.0, 0.0, 0.0)
    assert result.curve == []


def test_write_read_round_trip(tmp_path: Path, fixture_system: dict[str, list[CarbTuple]]) -> None:
    path = tmp_path / "out.tsv"
    write_extractions(path, fixture_system)
    assert read_extractions(path) == fixture_system
    write_extractions(path, {"A\tB .": [CarbTuple("likes", ["A", "line\nbreak"], 0.25)]})
    assert path.read_text(encoding="utf-8") == "A B .\t0.25\tlikes\tA\tline break\n"


def test_bad_lines_raise(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("A sentence .\tnot-a-number\tpred\targ\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad confidence"):
        read_extractions(path)
    path.write_text("A sentence .\t0.5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:1"):
        read_extractions(path)


def test_gold_context_arguments_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text("S .\t asked \the\tfor the time\tC: Kasim said that\n", encoding="utf-8")
    assert read_gold(path) == {"S .": [CarbTuple("asked", ["he", "for the time"])]}


# --- the CaRB development split ---------------------------------------------------


@pytest.mark.skipif(
    not (OPENIE5.is_file() and CARB_GOLD.is_file()),
    reason=f"CaRB dev split not found at {CARB_DIR} (needs openie5-dev-extractions.tsv and "
    "dev-gold.tsv)",
)
def test_openie5_reference_figures() -> None:
    result = score(read_gold(CARB_GOLD), read_extractions(OPENIE5))
    assert result.f1 == pytest.approx(0.458, abs=0.005)
    assert result.auc == pytest.approx(0.240, abs=0.005)
    assert result.precision == pytest.approx(0.526, abs=0.005)
    assert result.recall == pytest.approx(0.406, abs=0.005)
