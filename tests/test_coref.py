"""Pronoun resolution: agreement, salience and binding, on sentences written for tests."""

from __future__ import annotations

from spacy.language import Language

from tests.conftest import statements


def subjects_of(nlp: Language, text: str, predicate: str) -> list[tuple[str, str]]:
    return [
        (s.subject.canonical, s.subject.text)
        for s in statements(nlp, text)
        if s.predicate == predicate
    ]


def test_she_skips_a_nearer_man(nlp: Language) -> None:
    text = (
        "Environment Minister Claire Weber met Mr. Dieter Hoffmann in Trier. "
        "She criticised the company."
    )
    assert subjects_of(nlp, text, "criticise") == [("Claire Weber", "She")]


def test_he_skips_a_nearer_woman(nlp: Language) -> None:
    text = "Markus Lenz thanked spokeswoman Katrin Vogel for the data. He praised the divers."
    assert subjects_of(nlp, text, "praise") == [("Markus Lenz", "He")]


def test_nearest_agreeing_person_wins(nlp: Language) -> None:
    text = "Stefan Brandt opened the inquiry. Markus Lenz joined it. He inspected the valve."
    assert subjects_of(nlp, text, "inspect") == [("Markus Lenz", "He")]


def test_object_pronoun_is_not_its_subject(nlp: Language) -> None:
    text = "Markus Lenz met Stefan Brandt. Later Brandt called him."
    found = [(s.object.canonical, s.object.text) for s in statements(nlp, text)
             if s.predicate == "call"]  # fmt: skip
    assert found == [("Markus Lenz", "him")]


def test_subject_pronoun_is_not_its_object(nlp: Language) -> None:
    text = "Tomas Berger spoke first. Then he asked Markus Lenz about the alarm."
    assert ("Tomas Berger", "he") in subjects_of(nlp, text, "ask")


def test_it_names_the_organisation_that_was_the_subject(nlp: Language) -> None:
    text = "Moselchem closed the plant on Monday. It blamed a faulty valve."
    assert subjects_of(nlp, text, "blame") == [("Moselchem", "It")]


def test_it_about_a_thing_stays_unresolved(nlp: Language) -> None:
    text = "Moselchem said the river was clean. It flows into the Rhine."
    assert subjects_of(nlp, text, "flow") == []


def test_they_stays_unresolved(nlp: Language) -> None:
    text = "The divers reached the barge. They sealed the tank."
    assert all(s.subject.text != "They" for s in statements(nlp, text))


def test_reported_he_is_the_unnamed_speaker(nlp: Language) -> None:
    text = "Markus Lenz visited the plant. A senior official said that he opposed the plan."
    assert subjects_of(nlp, text, "oppose") == []
    named = "Markus Lenz visited the plant. Later he said that he opposed the plan."
    assert ("Markus Lenz", "he") in subjects_of(nlp, named, "oppose")
    appos = "The chief inspector, Markus Lenz, said that he opposed the plan."
    assert ("Markus Lenz", "he") in subjects_of(nlp, appos, "oppose")
