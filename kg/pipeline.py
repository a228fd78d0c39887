"""Documents in, per-document records out: spaCy plus the extractors, one model load.

:func:`extract_chunk` is the one per-document function every engine runs: in this
process, in a local worker pool (:mod:`kg.engine`), or on a Dask cluster. It takes plain
:class:`~kg.records.Document` objects and returns plain records; spaCy ``Doc`` objects
never leave it.

Long documents are split into segments on paragraph, then sentence, then word
boundaries (:func:`segments`); each segment is parsed on its own and the records are
joined with every offset shifted back into the original text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.relations import Argument, Statement
from kg.errors import InputError
from kg.ids import triple_id
from kg.nlp import load_nlp
from kg.records import DocEntity, Document, DocumentRecord, Mention, Triple

__all__ = [
    "MAX_NAME",
    "MAX_PREDICATE",
    "MAX_SEGMENT",
    "MAX_SENTENCE",
    "extract_chunk",
    "process",
    "record_from_doc",
    "segments",
]

# Segment size: far under spaCy's max_length (1,000,000), so the parser's memory stays
# small whatever the document's length.
MAX_SEGMENT = 100_000
# Characters per nlp.pipe batch, at most: the models' activations for a batch are held at
# once, so a batch of 32 segments of 100,000 characters would take gigabytes. News-sized
# documents (32 of a few thousand characters) are far under it and keep whole batches.
BATCH_CHARACTERS = 200_000
# Caps on what enters the graph (characters); longer values end in "…".
MAX_NAME = 200
MAX_PREDICATE = 100
MAX_SENTENCE = 2_000

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the segment that starts at ``start``: the last paragraph break in the
    window, else the last sentence end, else the last white space, else ``limit``."""
    end = start + limit
    if end >= len(text):
        return len(text)
    floor = start + limit // 2  # never cut a segment to less than half the limit
    for pattern in (_PARAGRAPH, _SENTENCE_END, _SPACE):
        best = -1
        for match in pattern.finditer(text, floor, end):
            best = match.end()
        if best > floor:
            return best
    return end


def segments(text: str, limit: int = MAX_SEGMENT) -> list[tuple[int, str]]:
    """``(offset, text)`` pieces of at most ``limit`` characters covering ``text``.

    >>> segments("One. Two. Three.", limit=10)
    [(0, 'One. Two. '), (10, 'Three.')]
    >>> segments("short")
    [(0, 'short')]
    """
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = _cut(text, start, limit)
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = 16,
) -> Iterator[DocumentRecord]:
    """Run the pipeline over documents, one record per document (errors raise)."""
    nlp = nlp or load_nlp()
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= batch_size:
            yield from _records(extract_chunk(chunk, nlp=nlp, batch_size=batch_size))
            chunk = []
    if chunk:
        yield from _records(extract_chunk(chunk, nlp=nlp, batch_size=batch_size))


def _records(results: list[DocumentRecord | InputError]) -> Iterator[DocumentRecord]:
    for result in results:
        if isinstance(result, InputError):
            raise result
        yield result


_MODEL_LOCK = threading.Lock()  # one pipeline per process: threads take turns


def extract_chunk(
    documents: Sequence[Document],
    model: str | None = None,
    *,
    nlp: Language | None = None,
    batch_size: int = 32,
    segment_limit: int = MAX_SEGMENT,
) -> list[DocumentRecord | InputError]:
    """Records for a chunk of documents, in order; a document the pipeline fails on
    becomes an :class:`InputError` of kind ``extraction`` and the others go on.

    Runs inside a spaCy memory zone so the vocabulary and string store do not grow from
    one chunk to the next. ``model`` names the spaCy model (default: the configured one),
    loaded once per process.
    """
    pipeline = nlp or load_nlp(model)
    with _MODEL_LOCK:
        try:
            return _extract(pipeline, documents, batch_size, segment_limit)
        except Exception:  # a bad document must not take the chunk down
            pass
        # Some document broke the batch: redo them one by one to find which.
        results: list[DocumentRecord | InputError] = []
        for document in documents:
            try:
                results.extend(_extract(pipeline, [document], batch_size, segment_limit))
            except Exception as exc:
                message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
                results.append(
                    InputError(document.source, f"extraction failed ({message})", kind="extraction")
                )
        return results


def _extract(
    nlp: Language, documents: Sequence[Document], batch_size: int, segment_limit: int
) -> list[DocumentRecord | InputError]:
    jobs = [
        (piece, (index, offset))
        for index, document in enumerate(documents)
        for offset, piece in segments(document.text, segment_limit)
    ]
    parts: list[list[tuple[int, DocumentRecord]]] = [[] for _ in documents]
    with nlp.memory_zone():
        for batch in _batches(jobs, batch_size):
            for spacy_doc, (index, offset) in nlp.pipe(
                batch, as_tuples=True, batch_size=len(batch)
            ):
                parts[index].append((offset, record_from_doc(spacy_doc, documents[index])))
    return [_join(document, part) for document, part in zip(documents, parts, strict=True)]


def _batches(
    jobs: list[tuple[str, tuple[int, int]]], size: int
) -> Iterator[list[tuple[str, tuple[int, int]]]]:
    """Consecutive jobs in batches of at most ``size`` texts and (unless one text alone
    is longer) :data:`BATCH_CHARACTERS` characters."""
    batch: list[tuple[str, tuple[int, int]]] = []
    characters = 0
    for job in jobs:
        if batch and (len(batch) >= size or characters + len(job[0]) > BATCH_CHARACTERS):
            yield batch
            batch, characters = [], 0
        batch.append(job)
        characters += len(job[0])
    if batch:
        yield batch


def _join(document: Document, parts: list[tuple[int, DocumentRecord]]) -> DocumentRecord:
    """One record from the records of a document's segments (offsets made global)."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    entities: dict[str, DocEntity] = {}
    mentions: list[Mention] = []
    triples: list[Triple] = []
    sentences_before = 0
    for offset, record in parts:
        for entity in record.entities:
            known = entities.get(entity.key)
            if known is None:
                entities[entity.key] = replace(entity)
                continue
            known.mentions += entity.mentions
            known.aliases = sorted({*known.aliases, *entity.aliases} - {known.name})
            known.titles = sorted({*known.titles, *entity.titles})
        for mention in record.mentions:
            mentions.append(
                replace(
                    mention,
                    start=mention.start + offset,
                    end=mention.end + offset,
                    sentence_index=mention.sentence_index + sentences_before,
                )
            )
        for triple in record.triples:
            index = triple.sentence_index + sentences_before
            triples.append(
                replace(
                    triple,
                    id=triple_id(document.id, "segment", offset, triple.id),
                    sentence_index=index,
                    start=triple.start + offset,
                    end=triple.end + offset,
                )
            )
        sentences_before += record.sentences
    return DocumentRecord(
        document=document,
        entities=list(entities.values()),
        mentions=mentions,
        triples=triples,
        sentences=sentences_before,
    )


def record_from_doc(doc: Doc, document: Document) -> DocumentRecord:
    """Turn an annotated Doc into a plain record; the Doc is not kept."""
    clusters = doc._.kg_entities or {}
    entities = [
        DocEntity(
            key=c.key,
            name=_cap(c.name, MAX_NAME),
            type=c.label,
            aliases=sorted({_cap(f, MAX_NAME) for f in c.forms if f != c.name}),
            mentions=c.mentions,
            titles=[_cap(t, MAX_NAME) for t in c.titles],
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
                text=_cap(m.span.text, MAX_NAME),  # as written: the offsets' span
                label=m.label,
                start=m.span.start_char,
                end=m.span.end_char,
                sentence_index=sentence_of.get(m.span.sent.start, 0),
                entity=m.key,
            )
        )
    triples = [_triple(s, document, sentences[s.sentence_index]) for s in doc._.kg_statements or []]
    return DocumentRecord(
        document=document,
        entities=entities,
        mentions=mentions,
        triples=triples,
        sentences=len(sentences),
    )


def _cap(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters (the last one an ellipsis) when longer.

    >>> _cap("abcdef", 4)
    'abc…'
    """
    return value if len(value) <= limit else value[: limit - 1] + "…"


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
        subject=_cap(subject.canonical, MAX_NAME),
        subject_id=None,
        subject_type=subject.label,
        predicate=_cap(statement.predicate, MAX_PREDICATE),
        object=_cap(obj.canonical, MAX_NAME),
        object_id=None,
        object_type=obj.label,
        negated=statement.negated,
        modality=statement.modality,
        attribution=_cap(statement.attribution, MAX_NAME) if statement.attribution else None,
        confidence=statement.confidence,
        source=document.source,
        doc_id=document.id,
        sentence=_cap(text, MAX_SENTENCE),
        sentence_index=statement.sentence_index,
        start=start,
        end=end,
        subject_text=_cap(subject.text, MAX_SENTENCE),
        predicate_text=_cap(statement.predicate_text, MAX_PREDICATE),
        object_text=_cap(obj.text, MAX_SENTENCE),
        rule=statement.rule,
        subject_key=subject.key,
        object_key=obj.key,
    )
