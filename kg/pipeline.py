"""Documents in, per-document records out: spaCy plus the extractors, one model load."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.relations import Argument, Statement
from kg.ids import triple_id
from kg.nlp import load_nlp
from kg.records import DocEntity, Document, DocumentRecord, Mention, Triple

__all__ = ["process", "record_from_doc"]


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[DocumentRecord]:
    """Run the pipeline over documents, yielding one compact record per document."""
    nlp = nlp or load_nlp()
    pairs = ((doc.text, doc) for doc in documents)
    for spacy_doc, document in nlp.pipe(
        pairs, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        yield record_from_doc(spacy_doc, document)


def record_from_doc(doc: Doc, document: Document) -> DocumentRecord:
    """Turn an annotated Doc into a plain record; the Doc is not kept."""
    clusters = doc._.kg_entities or {}
    entities = [
        DocEntity(
            key=c.key,
            name=c.name,
            type=c.label,
            aliases=sorted(f for f in c.forms if f != c.name),
            mentions=c.mentions,
            titles=list(c.titles),
        )
        for c in clusters.values()
    ]
    sentences = list(doc.sents)
    sentence_of: dict[int, int] = {}
    for index, sent in enumerate(sentences):
        sentence_of[sent.start] = index
    mentions = []
    for m in doc._.kg_mentions or []:
        mentions.append(
            Mention(
                text=m.text,
                label=m.label,
                start=m.span.start_char,
                end=m.span.end_char,
                sentence_index=sentence_of.get(m.span.sent.start, 0),
                entity=m.key,
            )
        )
    triples = [_triple(s, document, sentences[s.sentence_index]) for s in doc._.kg_statements or []]
    return DocumentRecord(document=document, entities=entities, mentions=mentions, triples=triples)


def _sentence_bounds(sent: Span) -> tuple[str, int, int]:
    """The sentence text without surrounding white space, and its exact offsets."""
    raw = sent.text
    text = raw.strip()
    start = sent.start_char + (len(raw) - len(raw.lstrip()))
    return text, start, start + len(text)


def _triple(statement: Statement, document: Document, sent: Span) -> Triple:
    text, start, end = _sentence_bounds(sent)
    subject: Argument = statement.subject
    obj: Argument = statement.object
    return Triple(
        id=triple_id(
            document.id,
            statement.sentence_index,
            subject.start,
            obj.start,
            statement.predicate,
            statement.rule,
        ),
        subject=subject.canonical,
        subject_id=None,
        subject_type=subject.label,
        predicate=statement.predicate,
        object=obj.canonical,
        object_id=None,
        object_type=obj.label,
        negated=statement.negated,
        modality=statement.modality,
        attribution=statement.attribution,
        confidence=statement.confidence,
        source=document.source,
        doc_id=document.id,
        sentence=text,
        sentence_index=statement.sentence_index,
        start=start,
        end=end,
        subject_text=subject.text,
        predicate_text=statement.predicate_text,
        object_text=obj.text,
        rule=statement.rule,
        subject_key=subject.key,
        object_key=obj.key,
    )
