"""The whole graph as comparable data, for tests that compare loads."""

from __future__ import annotations

from typing import Any

from kg.loader import Neo4jLoader

__all__ = ["assert_no_duplicates", "dump"]


def dump(loader: Neo4jLoader) -> dict[str, Any]:
    """The whole graph in a canonical order: every node with its labels and properties,
    every relationship with its ends, type and properties (lists as stored)."""
    counts = loader.counts()
    _, nodes = loader.query(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id"
    )
    _, rels = loader.query(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, coalesce(r.predicate, ''), "
        "coalesce(r.negated, false), properties(r) "
        "ORDER BY a.id, type(r), b.id, coalesce(r.predicate, ''), coalesce(r.negated, false)"
    )
    return {
        "labels": counts.labels,
        "types": counts.types,
        "nodes": [[node_id, sorted(labels), props] for node_id, labels, props in nodes],
        "relationships": rels,
    }


def assert_no_duplicates(loader: Neo4jLoader) -> None:
    for label in ("Document", "Entity", "Concept", "Sentence"):
        _, rows = loader.query(
            f"MATCH (n:{label}) WITH n.id AS id, count(*) AS n WHERE n > 1 RETURN id, n"
        )
        assert rows == [], label
    _, rows = loader.query(
        "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL "
        "WITH a, type(r) AS t, r.predicate AS p, r.negated AS neg, b, count(*) AS n "
        "WHERE n > 1 RETURN a.id, t, p, neg, b.id, n"
    )
    assert rows == []
    _, rows = loader.query(
        "MATCH (a)-[r:MENTIONS|HAS_SENTENCE]->(b) "
        "WITH a, type(r) AS t, b, count(*) AS n WHERE n > 1 RETURN a.id, t, b.id, n"
    )
    assert rows == []
