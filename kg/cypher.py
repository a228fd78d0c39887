"""Every Cypher statement the loader runs, built in one place.

Values always travel as parameters; only labels and relationship types, which Cypher
cannot parameterise, are spliced in, and only after :mod:`kg.schema` sanitised them.
"""

from __future__ import annotations

import re

__all__ = [
    "CONCEPT_COLUMNS",
    "MENTION_COLUMNS",
    "RELATIONSHIP_COLUMNS",
    "SENTENCE_COLUMNS",
    "merge_concepts",
    "merge_documents",
    "merge_entities",
    "merge_mentions",
    "merge_relationships",
    "merge_sentences",
]

_SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

# The bulk of a load travels as positional rows (lists, not maps): the Python driver packs
# every map key of every row, so lists halve the client's work. Column orders:
CONCEPT_COLUMNS = ("id", "name")
SENTENCE_COLUMNS = ("id", "doc", "text", "index", "start", "end")
MENTION_COLUMNS = ("doc", "entity")
RELATIONSHIP_COLUMNS = (
    "s",
    "o",
    "type",
    "key",
    "predicate",
    "negated",
    "triples",
    "sentences",
    "sources",
    "attributions",
    "modalities",
    "confidence",
)


def _columns(names: tuple[str, ...]) -> dict[str, str]:
    """``{"id": "row[0]", ...}``: Cypher expressions for the columns of a positional row."""
    return {name: f"row[{i}]" for i, name in enumerate(names)}


def _checked(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe label or type: {name!r}")
    return name


def merge_documents() -> str:
    return "UNWIND $rows AS row\nMERGE (d:Document {id: row.id})\nSET d += row.props"


def merge_entities(label: str) -> str:
    return (
        "UNWIND $rows AS row\n"
        "MERGE (e:Entity {id: row.id})\n"
        f"SET e:{_checked(label)}, e += row.props"
    )


def merge_mentions() -> str:
    c = _columns(MENTION_COLUMNS)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (d:Document {{id: {c['doc']}}})\n"
        f"MATCH (e:Entity {{id: {c['entity']}}})\n"
        "MERGE (d)-[:MENTIONS]->(e)"
    )


def merge_concepts() -> str:
    c = _columns(CONCEPT_COLUMNS)
    return f"UNWIND $rows AS row\nMERGE (c:Concept {{id: {c['id']}}})\nSET c.name = {c['name']}"


def merge_sentences() -> str:
    c = _columns(SENTENCE_COLUMNS)
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (s:Sentence {{id: {c['id']}}})\n"
        f"SET s.text = {c['text']}, s.doc_id = {c['doc']}, s.index = {c['index']},\n"
        f"  s.start = {c['start']}, s.end = {c['end']}\n"
        "WITH s, row\n"
        f"MATCH (d:Document {{id: {c['doc']}}})\n"
        "MERGE (d)-[:HAS_SENTENCE]->(s)"
    )


def merge_relationships(subject_label: str, object_label: str, rel_type: str | None = None) -> str:
    """One statement per pair of end labels; the type comes from each row (``$(type)``,
    Neo4j 5.26 and later; sanitised by :func:`kg.schema.relationship_type`, a value,
    never spliced in). For older servers pass ``rel_type``: one statement per type.

    Rows are statements already folded by key for the batch (``triples``, ``sentences``,
    … are lists): a new relationship takes them as they are; an existing one gets only
    what it lacks, so reloading changes nothing. ``evidence`` is set first, from the
    values before this SET, and without a later clause that reads what was written
    (which would make Neo4j buffer the whole batch: an Eager operator)."""
    c = _columns(RELATIONSHIP_COLUMNS)
    rel_label = f"$({c['type']})" if rel_type is None else _checked(rel_type)

    def added(name: str) -> str:
        return f"[x IN {c[name]} WHERE NOT x IN coalesce(r.{name}, [])]"

    def old(name: str) -> str:  # absent on graphs from other writers (empty CSV arrays)
        return f"coalesce(r.{name}, [])"

    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_checked(subject_label)} {{id: {c['s']}}})\n"
        f"MATCH (b:{_checked(object_label)} {{id: {c['o']}}})\n"
        f"MERGE (a)-[r:{rel_label} {{key: {c['key']}}}]->(b)\n"
        f"ON CREATE SET r.evidence = size({c['triples']}),\n"
        f"  r.predicate = {c['predicate']}, r.negated = {c['negated']},\n"
        f"  r.triples = {c['triples']}, r.sentences = {c['sentences']},\n"
        f"  r.sources = {c['sources']}, r.attributions = {c['attributions']},\n"
        f"  r.modalities = {c['modalities']}, r.confidence = {c['confidence']}\n"
        f"ON MATCH SET r.evidence = size({old('triples')}) + size({added('triples')}),\n"
        f"  r.triples = {old('triples')} + {added('triples')},\n"
        f"  r.sentences = {old('sentences')} + {added('sentences')},\n"
        f"  r.sources = {old('sources')} + {added('sources')},\n"
        f"  r.attributions = {old('attributions')} + {added('attributions')},\n"
        f"  r.modalities = {old('modalities')} + {added('modalities')},\n"
        f"  r.confidence = CASE WHEN r.confidence >= {c['confidence']}\n"
        f"    THEN r.confidence ELSE {c['confidence']} END"
    )
