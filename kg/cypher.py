"""Every Cypher statement the loader runs, built in one place.

Values always travel as parameters; only labels and relationship types, which Cypher
cannot parameterise, are spliced in, and only after :mod:`kg.schema` sanitised them.
"""

from __future__ import annotations

import re

__all__ = [
    "merge_concepts",
    "merge_documents",
    "merge_entities",
    "merge_mentions",
    "merge_relationships",
    "merge_sentences",
]

_SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


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
    return (
        "UNWIND $rows AS row\n"
        "MATCH (d:Document {id: row.doc})\n"
        "MATCH (e:Entity {id: row.entity})\n"
        "MERGE (d)-[:MENTIONS]->(e)"
    )


def merge_concepts() -> str:
    return "UNWIND $rows AS row\nMERGE (c:Concept {id: row.id})\nSET c.name = row.name"


def merge_sentences() -> str:
    return (
        "UNWIND $rows AS row\n"
        "MERGE (s:Sentence {id: row.id})\n"
        "SET s += row.props\n"
        "WITH s, row\n"
        "MATCH (d:Document {id: row.doc})\n"
        "MERGE (d)-[:HAS_SENTENCE]->(s)"
    )


def merge_relationships(rel_type: str, subject_label: str, object_label: str) -> str:
    """One statement per (type, end labels): MERGE on the statement key, then add
    this mention's provenance unless it is already there (so reloading changes nothing)."""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_checked(subject_label)} {{id: row.s}})\n"
        f"MATCH (b:{_checked(object_label)} {{id: row.o}})\n"
        f"MERGE (a)-[r:{_checked(rel_type)} {{key: row.key}}]->(b)\n"
        "ON CREATE SET r.predicate = row.predicate, r.negated = row.negated,\n"
        "  r.triples = [], r.sentences = [], r.sources = [], r.attributions = [],\n"
        "  r.modalities = [], r.confidence = 0.0\n"
        "WITH r, row, row.tid IN r.triples AS seen\n"
        "SET r.triples = CASE WHEN seen THEN r.triples ELSE r.triples + row.tid END,\n"
        "  r.sentences = CASE WHEN seen OR row.sentence IN r.sentences\n"
        "    THEN r.sentences ELSE r.sentences + row.sentence END,\n"
        "  r.sources = CASE WHEN row.doc IN r.sources\n"
        "    THEN r.sources ELSE r.sources + row.doc END,\n"
        "  r.attributions = CASE\n"
        "    WHEN row.attribution IS NULL OR row.attribution IN r.attributions\n"
        "    THEN r.attributions ELSE r.attributions + row.attribution END,\n"
        "  r.modalities = CASE WHEN row.modality IS NULL OR row.modality IN r.modalities\n"
        "    THEN r.modalities ELSE r.modalities + row.modality END,\n"
        "  r.confidence = CASE WHEN row.confidence > r.confidence\n"
        "    THEN row.confidence ELSE r.confidence END\n"
        "SET r.evidence = size(r.triples)"
    )
