"""The relation extractor, one rule at a time, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.conftest import statements, triples


def find(nlp: Language, text: str, subject: str, predicate: str, obj: str):  # type: ignore[no-untyped-def]
    for s in statements(nlp, text):
        if (s.subject.canonical, s.predicate, s.object.canonical) == (subject, predicate, obj):
            return s
    got = sorted(triples(nlp, text))
    pytest.fail(f"no ({subject}, {predicate}, {obj}) in {got}")


def test_subject_verb_object(nlp: Language) -> None:
    s = find(
        nlp,
        "Environment Minister Claire Weber warned Moselchem officials about the leak.",
        "Claire Weber",
        "warn",
        "Moselchem officials",
    )
    assert not s.negated and s.modality is None and s.subject.key is not None


def test_preposition_object_joins_the_predicate(nlp: Language) -> None:
    text = "Inspector Tomas Berger testified before a parliamentary committee on Monday."
    find(nlp, text, "Tomas Berger", "testify before", "parliamentary committee")
    # Dates are not objects.
    assert not any(s.object.canonical == "Monday" for s in statements(nlp, text))


def test_ditransitive_recipient(nlp: Language) -> None:
    text = "The Moselle Water Agency gave the farmers a warning."
    find(nlp, text, "Moselle Water Agency", "give", "warning")
    find(nlp, text, "Moselle Water Agency", "give to", "farmers")


def test_phrasal_verb_keeps_particle(nlp: Language) -> None:
    find(nlp, "The agency stepped up patrols along the river.", "agency", "step up", "patrols")


def test_conjoined_subjects_and_objects(nlp: Language) -> None:
    text = "Berger and Vasquez inspected the damaged valve and the storage tank."
    got = triples(nlp, text)
    for subject in ("Berger", "Vasquez"):
        for obj in ("damaged valve", "storage tank"):
            assert (subject, "inspect", obj) in got


def test_conjoined_verbs_share_the_subject(nlp: Language) -> None:
    got = triples(nlp, "The crew sealed the valve, pumped the tank and tested the water.")
    assert {("crew", "seal", "valve"), ("crew", "pump", "tank"), ("crew", "test", "water")} <= got


@pytest.mark.parametrize(
    "text",
    [
        "Weber did not rule out legal action against the company.",
        "Weber has not ruled out legal action against the company.",
    ],
)
def test_negation(nlp: Language, text: str) -> None:
    assert find(nlp, text, "Weber", "rule out", "legal action").negated


def test_never_negates(nlp: Language) -> None:
    assert find(nlp, "Weber has never visited the plant.", "Weber", "visit", "plant").negated


def test_control_verb_folds_into_predicate(nlp: Language) -> None:
    s = find(
        nlp,
        "The company refused to rule out further closures.",
        "company",
        "refuse to rule out",
        "further closures",
    )
    assert not s.negated


def test_failure_keeps_the_negation(nlp: Language) -> None:
    s = find(nlp, "The divers failed to reach the barge.", "divers", "reach", "barge")
    assert s.negated and "failed" in s.predicate_text


@pytest.mark.parametrize(
    ("text", "subject", "predicate", "obj", "modality"),
    [
        (
            "The ministry is considering a formal complaint.",
            "ministry",
            "consider",
            "formal complaint",
            "planned",
        ),
        ("The company could face fines.", "company", "face", "fines", "possible"),
        (
            "The operator reportedly switched off the alarm.",
            "operator",
            "switch off",
            "alarm",
            "reported",
        ),
    ],
)
def test_modality(
    nlp: Language, text: str, subject: str, predicate: str, obj: str, modality: str
) -> None:
    assert find(nlp, text, subject, predicate, obj).modality == modality


def test_passive_participle_with_agent(nlp: Language) -> None:
    text = "The inquiry, led by prosecutor Stefan Brandt, examined the records."
    find(nlp, text, "Stefan Brandt", "lead", "inquiry")
    find(nlp, text, "inquiry", "examine", "records")


def test_passive_clause_with_agent(nlp: Language) -> None:
    find(
        nlp,
        "The alarm was switched off by a night operator.",
        "night operator",
        "switch off",
        "alarm",
    )


def test_passive_without_agent_has_no_invented_subject(nlp: Language) -> None:
    assert not statements(nlp, "The alarm was switched off.")


def test_relative_clause(nlp: Language) -> None:
    text = "Lenz, who has criticised the company, inspected the plant."
    got = triples(nlp, text)
    assert ("Lenz", "criticise", "company") in got
    assert ("Lenz", "inspect", "plant") in got


def test_apposition_gives_role_of_organisation(nlp: Language) -> None:
    text = (
        "Markus Lenz, the chief inspector of the International Moselle Water Commission, "
        "visited Nittel."
    )
    find(nlp, text, "Markus Lenz", "chief inspector of", "International Moselle Water Commission")
    find(nlp, text, "Markus Lenz", "visit", "Nittel")


def test_title_before_name(nlp: Language) -> None:
    text = "Environment Minister Claire Weber warned Moselchem officials about the leak."
    find(nlp, text, "Claire Weber", "has title", "Environment Minister")


def test_copula_role(nlp: Language) -> None:
    find(
        nlp,
        "Dieter Hoffmann was Moselchem's chief executive.",
        "Dieter Hoffmann",
        "chief executive of",
        "Moselchem",
    )


def test_quote_speaker_is_the_first_person(nlp: Language) -> None:
    s = find(
        nlp,
        '"We reject any form of negligence," Hoffmann said.',
        "Hoffmann",
        "reject",
        "negligence",
    )
    assert s.attribution == "Hoffmann"
    assert s.object.text == "any form of negligence"


def test_according_to_sets_attribution(nlp: Language) -> None:
    s = find(
        nlp,
        "According to the commission, the plant lost two tonnes of solvent.",
        "plant",
        "lose",
        "two tonnes of solvent",
    )
    assert s.attribution == "commission"


def test_reported_clause_is_attributed_to_the_speaker(nlp: Language) -> None:
    s = find(
        nlp,
        "Lenz told reporters that the company had delayed the alarm.",
        "company",
        "delay",
        "alarm",
    )
    assert s.attribution == "Lenz"


def test_pronoun_subject_resolves_to_the_person(nlp: Language) -> None:
    text = "Claire Weber visited Nittel on Monday. She criticised the company."
    s = find(nlp, text, "Claire Weber", "criticise", "company")
    assert s.subject.text == "She"


def test_confidence_in_range_and_ordered(nlp: Language) -> None:
    found = statements(nlp, "Inspector Tomas Berger testified before a committee and met Weber.")
    assert found and all(0.0 < s.confidence <= 1.0 for s in found)


def test_quote_introduced_by_a_colon_speaks_for_the_subject(nlp: Language) -> None:
    s = find(
        nlp,
        "The ministry issued a response: “We will not accept further delays.”",
        "ministry",
        "accept",
        "further delays",
    )
    assert s.negated and s.attribution == "ministry" and s.subject.text == "We"


def test_multi_sentence_quote_with_speaker_after_it(nlp: Language) -> None:
    text = (
        "Claire Weber visited the plant on Monday. “We reject any form of negligence. "
        "The company broke every promise,” she said."
    )
    s = find(nlp, text, "Claire Weber", "reject", "negligence")
    assert s.attribution == "Claire Weber"
    broke = find(nlp, text, "company", "break", "promise")
    assert broke.attribution == "Claire Weber"


def test_planning_verb_is_kept_in_the_predicate(nlp: Language) -> None:
    s = find(
        nlp,
        "The company is considering launching a cleanup fund.",
        "company",
        "consider launch",
        "cleanup fund",
    )
    assert s.modality == "planned"


def test_title_separated_by_comma_still_names_the_person(nlp: Language) -> None:
    text = "Environment Minister, Claire Weber reportedly warned plant officials in private."
    s = find(nlp, text, "Claire Weber", "warn", "plant officials")
    assert s.modality == "reported"


def test_second_relative_clause_keeps_the_antecedent(nlp: Language) -> None:
    text = (
        "Schreiber, who has visited the plant and who has praised the inspectors, "
        "did not rule out fines."
    )
    got = triples(nlp, text)
    assert ("Schreiber", "praise", "inspectors") in got
    assert ("Schreiber", "visit", "plant") in got


def test_passive_relative_clause_with_agent(nlp: Language) -> None:
    text = "I spoke with Markus Lenz, who has been described by the Moselle Herald as careful."
    find(nlp, text, "Moselle Herald", "describe", "Markus Lenz")


def test_gerund_after_preposition_joins_the_predicate(nlp: Language) -> None:
    text = "The company has refrained from directly contacting the fishermen."
    find(nlp, text, "company", "refrain from contact", "fishermen")


def test_object_pronoun_is_not_the_clause_subject(nlp: Language) -> None:
    text = "Claire Weber met Markus Lenz on Monday. Later, Weber called him twice."
    s = find(nlp, text, "Claire Weber", "call", "Markus Lenz")
    assert s.object.text == "him"


def test_possessive_links_the_owner(nlp: Language) -> None:
    text = "Luxembourg's chief water inspectors met on Monday."
    s = find(nlp, text, "Luxembourg", "has", "chief water inspectors")
    assert s.subject.key is not None


def test_entity_argument_text_is_the_whole_mention(nlp: Language) -> None:
    s = find(nlp, "Markus Lenz inspected the valve.", "Markus Lenz", "inspect", "valve")
    assert s.subject.text == "Markus Lenz"
    assert (s.subject.start, s.subject.end) == (0, len("Markus Lenz"))


def test_copula_with_adjective(nlp: Language) -> None:
    find(nlp, "The river water was clean.", "river water", "be", "clean")


def test_relative_pronoun_object_is_its_noun(nlp: Language) -> None:
    text = "Lenz inspected the valve which the crew had repaired."
    find(nlp, text, "crew", "repair", "valve")


def test_infinitive_under_an_adjective_takes_the_subject(nlp: Language) -> None:
    find(nlp, "The divers were able to reach the barge.", "divers", "reach", "barge")


def test_passive_without_agent_keeps_the_patient(nlp: Language) -> None:
    text = "The fishermen were warned at a meeting in Grevenmacher."
    find(nlp, text, "fishermen", "be warn at", "meeting")


def test_unresolved_pronouns_only_in_open_ie_mode(nlp: Language) -> None:
    from kg.nlp import load_nlp

    text = "They sealed the tank."
    assert not statements(nlp, text)
    open_ie = load_nlp(open_ie=True)
    found = [(s.subject.canonical, s.predicate) for s in open_ie(text)._.kg_statements]
    assert ("They", "seal") in found
