"""Properties of extraction and of the Cypher builder over arbitrary text (Hypothesis).

Whatever the text: the pipeline returns a record (never raises), every offset slices the
original text to the span it names, and every relationship type and label that reaches
Cypher is a safe identifier.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from kg import cypher
from kg.ingest import clean_text
from kg.pipeline import MAX_SENTENCE, extract_chunk, segments
from kg.records import Document, DocumentRecord
from kg.schema import label_for, relationship_type

TYPE = re.compile(r"[A-Z][A-Z0-9_]*")

# Prose-like text: words, names, quotes and punctuation in any order, so the parser sees
# sentences (pure random code points rarely make one).
WORDS = [
    "Anja", "Schreiber", "Markus", "Lenz", "the", "commission", "said", "did", "not",
    "reject", "plan", "Trier", "in", "of", "by", "was", "led", "who", "could", "and",
    "\u201c", "\u201d", '"', ",", ".", ":", ";", "?", "\n\n", "Dr.", "U.S.", "she", "it",
    "l'Été", "Zürich", "O'Neil", "`x`", "{n}", "$p", "\u200b", "\u202e", "(", ")",
]  # fmt: skip
prose = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
anything = st.text(max_size=300)
texts = st.one_of(prose, anything, st.builds(lambda a, b: a + b, prose, anything))

FAST = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_record(record: DocumentRecord, text: str) -> None:
    for triple in record.triples:
        assert 0 <= triple.start <= triple.end <= len(text)
        sentence = text[triple.start : triple.end]
        if len(sentence) <= MAX_SENTENCE:
            assert sentence == triple.sentence
        else:
            assert triple.sentence == sentence[: MAX_SENTENCE - 1] + "…"
        assert TYPE.fullmatch(relationship_type(triple.predicate))
    for mention in record.mentions:
        span = text[mention.start : mention.end]
        assert span == mention.text or mention.text.endswith("…")


@FAST
@given(text=texts)
def test_extraction_never_raises_and_offsets_slice_the_text(nlp: Language, text: str) -> None:
    for version in (text, clean_text(text)):
        document = Document(id="d", source="d.txt", title="t", text=version)
        (record,) = extract_chunk([document], nlp=nlp)
        assert isinstance(record, DocumentRecord), record
        check_record(record, version)


@FAST
@given(text=texts, limit=st.integers(min_value=1, max_value=80))
def test_segments_cover_the_text_in_order(text: str, limit: int) -> None:
    pieces = segments(text, limit=limit)
    assert "".join(piece for _, piece in pieces) == text
    offset = 0
    for start, piece in pieces:
        assert start == offset and len(piece) <= limit
        assert piece or not text
        offset += len(piece)


@settings(max_examples=500, deadline=None)
@given(predicate=st.text(max_size=200))
def test_every_relationship_type_is_a_safe_identifier(predicate: str) -> None:
    rel_type = relationship_type(predicate)
    assert TYPE.fullmatch(rel_type)
    statement = cypher.merge_relationships("Person", "Concept", rel_type)
    assert f":{rel_type}" in statement


@settings(max_examples=300, deadline=None)
@given(entity_type=st.text(max_size=50))
def test_every_label_is_a_safe_identifier(entity_type: str) -> None:
    label = label_for(entity_type)
    assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", label)
    cypher.merge_entities(label)
