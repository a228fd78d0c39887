"""Statements as CaRB open-IE tuples, on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from extractors.relations import Statement
from kg.evaluation.carb import CarbTuple, read_extractions
from kg.evaluation.openie import detokenize, evaluate_carb, extract_carb, statement_to_carb


def carb_of(nlp: Language, text: str, predicate: str) -> CarbTuple:
    """The CaRB tuple of the statement with this (lemma) predicate."""
    doc = nlp(text)
    found: list[Statement] = [s for s in doc._.kg_statements if s.predicate == predicate]
    if not found:
        got = sorted(s.predicate for s in doc._.kg_statements)
        pytest.fail(f"no {predicate!r} statement in {got}")
    return statement_to_carb(found[0], doc)


def test_predicate_keeps_auxiliaries_negation_and_particle(nlp: Language) -> None:
    carb = carb_of(nlp, "The senator did not rule out a run for the governorship.", "rule out")
    assert carb.predicate == "did not rule out"
    assert carb.args == ["The senator", "a run for the governorship"]


def test_prepositional_object_and_adjuncts(nlp: Language) -> None:
    text = "In March, the harbour master testified before a parliamentary committee."
    carb = carb_of(nlp, text, "testify before")
    assert carb.predicate == "testified before"
    assert carb.args == ["the harbour master", "a parliamentary committee", "In March"]


def test_passive_reads_patient_first(nlp: Language) -> None:
    carb = carb_of(nlp, "The proposal was rejected by the city council.", "reject")
    assert carb.predicate == "was rejected by"
    assert carb.args == ["The proposal", "the city council"]


def test_title_reads_is(nlp: Language) -> None:
    carb = carb_of(nlp, "President Ana Kowalczyk visited the flooded villages.", "has title")
    assert carb.predicate == "is"
    assert carb.args == ["Ana Kowalczyk", "President"]


def test_confidence_is_the_statement_confidence(nlp: Language) -> None:
    doc = nlp("The company hired two hundred engineers.")
    statement = next(s for s in doc._.kg_statements if s.predicate == "hire")
    assert statement_to_carb(statement, doc).confidence == statement.confidence


def test_detokenize_keeps_the_source_word_of_each_character() -> None:
    text, owner = detokenize("Pittsburgh 's mayor did n't come -LRB- again -RRB- .")
    assert text == "Pittsburgh's mayor didn't come (again)."
    assert len(owner) == len(text)
    assert owner[text.index("'s")] == 1
    assert owner[text.index("(")] == 6
    assert owner[text.index(" ")] == -1


def test_extract_carb_keys_by_the_original_line(nlp: Language) -> None:
    line = "The port 's director did n't rule out a strike ."
    extractions = extract_carb([line, line], nlp, batch_size=2)
    assert list(extractions) == [line]
    tuples = extractions[line]
    assert CarbTuple("did n't rule out", ["The port 's director", "a strike"], 0.8) in [
        CarbTuple(t.predicate, t.args, 0.8) for t in tuples
    ]
    # Every word written is a word of the line.
    words = set(line.split())
    assert all(w in words for t in tuples for part in (t.predicate, *t.args) for w in part.split())


def test_evaluate_carb_writes_what_read_extractions_reads(nlp: Language, tmp_path: Path) -> None:
    line = "The regional council approved the new budget in March ."
    sentences = tmp_path / "sentences.txt"
    sentences.write_text(line + "\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        f"{line}\tapproved\tThe regional council\tthe new budget\tin March\n", encoding="utf-8"
    )
    out = tmp_path / "out" / "extractions.tsv"
    result = evaluate_carb(sentences, gold, out, nlp)
    written = read_extractions(out)
    assert written == extract_carb([line], nlp)
    assert result.f1 == pytest.approx(1.0)
    assert result.auc > 0


def test_possessive_reads_has(nlp: Language) -> None:
    carb = carb_of(nlp, "Luxembourg's chief water inspectors met on Monday.", "has")
    assert carb.predicate == "has"
    assert carb.args == ["Luxembourg", "chief water inspectors"]


def test_adjective_and_preposition_join_the_predicate(nlp: Language) -> None:
    carb = carb_of(nlp, "Moselchem is responsible for the leak.", "be responsible for")
    assert carb.predicate == "is responsible for"
    assert carb.args == ["Moselchem", "the leak"]


def test_passive_without_agent_keeps_its_preposition(nlp: Language) -> None:
    carb = carb_of(nlp, "The fishermen were warned at a meeting.", "be warn at")
    assert carb.predicate == "were warned at"
    assert carb.args == ["The fishermen", "a meeting"]


def test_finite_verb_joined_to_a_passive_has_no_auxiliary(nlp: Language) -> None:
    text = "The old pumps were removed from the plant and consisted mostly of rusted parts."
    assert carb_of(nlp, text, "consist of").predicate == "consisted of"


def test_intransitive_verb_reads_its_adjuncts_as_arguments() -> None:
    from kg.nlp import load_nlp

    carb = carb_of(load_nlp(open_ie=True), "The old bridge collapsed in March.", "collapse")
    assert carb.predicate == "collapsed"
    assert carb.args == ["The old bridge", "in March"]


def test_intransitive_verb_without_adjuncts_gives_no_tuple() -> None:
    # A one-argument tuple scores nothing against CaRB's two-argument gold tuples.
    from kg.nlp import load_nlp

    assert extract_carb(["Prices rose ."], load_nlp(open_ie=True)) == {"Prices rose .": []}


def test_location_reads_is_in() -> None:
    from kg.nlp import load_nlp

    text = "Inspectors visited the Moselchem plant in Luxembourg on Monday."
    carb = carb_of(load_nlp(open_ie=True), text, "be in")
    assert carb.predicate == "is in"
    assert carb.args == ["the Moselchem plant", "Luxembourg"]
