"""Within-document aliasing and corpus-level resolution on documents written for tests."""

from __future__ import annotations

from spacy.language import Language

from kg.pipeline import record_from_doc
from kg.records import Document, DocumentRecord
from kg.resolution import RuleBasedResolver, canonical_key


def record(nlp: Language, doc_id: str, text: str) -> DocumentRecord:
    document = Document(id=doc_id, source=f"{doc_id}.txt", title=doc_id, text=text)
    return record_from_doc(nlp(text), document)


def names(rec: DocumentRecord) -> dict[str, set[str]]:
    return {e.name: {e.name, *e.aliases} for e in rec.entities}


def test_surname_joins_the_full_name_in_a_document(nlp: Language) -> None:
    rec = record(
        nlp,
        "a",
        "Environment Minister Claire Weber visited Nittel. Weber said the river was closed.",
    )
    assert names(rec)["Claire Weber"] >= {"Claire Weber", "Weber"}
    assert (
        "Environment Minister" in next(e for e in rec.entities if e.name == "Claire Weber").titles
    )


def test_middle_initial_and_acronym(nlp: Language) -> None:
    rec = record(
        nlp,
        "a",
        "Markus T. Lenz of the International Moselle Water Commission (IMWC) spoke. "
        "Markus Lenz said the IMWC would publish its report.",
    )
    by_name = names(rec)
    assert "Markus Lenz" in by_name["Markus T. Lenz"]
    assert "IMWC" in by_name["International Moselle Water Commission"]


def test_entities_merge_across_documents_by_normalised_name(nlp: Language) -> None:
    records = [
        record(nlp, "a", "The Washington Post reported that Anja Schreiber visited Mainz."),
        record(
            nlp,
            "b",
            "Anja Schreiber spoke in Trier. Schreiber told the Washington Post that help came.",
        ),
    ]
    resolution = RuleBasedResolver().resolve(records)
    post = [e for e in resolution.entities if canonical_key(e.name) == "washington post"]
    assert len(post) == 1 and post[0].sources == ["a", "b"]
    schreiber = [e for e in resolution.entities if e.name == "Anja Schreiber"]
    assert len(schreiber) == 1 and "Schreiber" in schreiber[0].aliases


def test_shared_surname_of_two_people_is_not_merged(nlp: Language) -> None:
    records = [
        record(nlp, "a", "Claire Weber criticised the company."),
        record(nlp, "b", "Jonas Weber, who leads the anglers, counted dead fish."),
        record(nlp, "c", "Weber said nothing."),
    ]
    resolution = RuleBasedResolver().resolve(records)
    people = {e.name for e in resolution.entities if e.type == "PERSON"}
    assert {"Claire Weber", "Jonas Weber"} <= people


def test_ids_do_not_depend_on_document_order(nlp: Language) -> None:
    texts = [
        ("a", "Claire Weber met Markus Lenz in Luxembourg City."),
        ("b", "Lenz flew to Luxembourg. Weber stayed in Trier."),
    ]
    forward = RuleBasedResolver().resolve([record(nlp, i, t) for i, t in texts])
    backward = RuleBasedResolver().resolve([record(nlp, i, t) for i, t in reversed(texts)])
    assert [(e.id, e.name) for e in forward.entities] == [(e.id, e.name) for e in backward.entities]


def test_places_that_contain_each_other_stay_apart(nlp: Language) -> None:
    rec = record(nlp, "a", "Luxembourg sent inspectors from Luxembourg City to Germany.")
    resolution = RuleBasedResolver().resolve([rec])
    assert {"Luxembourg", "Luxembourg City"} <= {e.name for e in resolution.entities}
