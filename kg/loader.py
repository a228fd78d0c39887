"""Load an export into Neo4j: batched ``UNWIND … MERGE``, nodes before relationships."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from kg import cypher
from kg.config import Neo4jSettings
from kg.errors import Neo4jError
from kg.export import read_documents, read_entities, read_triples
from kg.ids import concept_id, sentence_id, stable_hash
from kg.records import Entity, Triple
from kg.schema import constraint_statements, label_for, relationship_type

__all__ = ["GraphCounts", "LoadStats", "Neo4jLoader", "graph_rows"]

DEFAULT_BATCH = 2000


@dataclass(slots=True)
class LoadStats:
    """What a load sent (rows, not necessarily new graph elements)."""

    documents: int = 0
    entities: int = 0
    concepts: int = 0
    sentences: int = 0
    mentions: int = 0
    relationships: int = 0


@dataclass(slots=True)
class GraphCounts:
    """Node counts by label and relationship counts by type."""

    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return self.labels.get("*", 0)

    @property
    def relationships(self) -> int:
        return sum(self.types.values())


def _node(triple: Triple, side: str) -> tuple[str, str]:
    """(label, id) of the node a triple argument becomes."""
    eid = getattr(triple, f"{side}_id")
    if eid:
        return "Entity", str(eid)
    return "Concept", concept_id(getattr(triple, side))


def relationship_row(triple: Triple) -> dict[str, Any]:
    s_label, s_id = _node(triple, "subject")
    o_label, o_id = _node(triple, "object")
    return {
        "s": s_id,
        "o": o_id,
        "s_label": s_label,
        "o_label": o_label,
        "key": stable_hash(s_id, triple.predicate, o_id, triple.negated),
        "predicate": triple.predicate,
        "negated": triple.negated,
        "tid": triple.id,
        "doc": triple.doc_id,
        "sentence": sentence_id(triple.doc_id, triple.sentence_index),
        "confidence": triple.confidence,
        "attribution": triple.attribution,
        "modality": triple.modality,
    }


def graph_rows(triples: Iterable[Triple]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Stream ("concept" | "sentence" | "relationship", row) from triples."""
    seen_sentences: set[str] = set()
    seen_concepts: set[str] = set()
    for triple in triples:
        sid = sentence_id(triple.doc_id, triple.sentence_index)
        if sid not in seen_sentences:
            seen_sentences.add(sid)
            yield (
                "sentence",
                {
                    "id": sid,
                    "doc": triple.doc_id,
                    "props": {
                        "text": triple.sentence,
                        "doc_id": triple.doc_id,
                        "index": triple.sentence_index,
                        "start": triple.start,
                        "end": triple.end,
                    },
                },
            )
        for side in ("subject", "object"):
            label, nid = _node(triple, side)
            if label == "Concept" and nid not in seen_concepts:
                seen_concepts.add(nid)
                yield "concept", {"id": nid, "name": getattr(triple, side)}
        yield "relationship", relationship_row(triple)


def _entity_params(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "props": {
            "name": entity.name,
            "type": entity.type,
            "aliases": entity.aliases,
            "aliasText": " | ".join(entity.aliases),
            "mentions": entity.mentions,
            "sources": entity.sources,
            "titles": entity.titles,
        },
    }


def _document_params(row: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if v is not None and k != "id"}
    return {"id": row["id"], "props": props}


class Neo4jLoader:
    """A connection to one Neo4j database and the batched writes into it."""

    def __init__(self, settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH) -> None:
        if settings.uri is None:
            raise Neo4jError("no Neo4j URI configured (flag --neo4j-uri or KG_NEO4J_URI)")
        self.settings = settings
        self.batch_size = batch_size
        auth = (settings.user, settings.password or "")
        try:
            self.driver = GraphDatabase.driver(settings.uri, auth=auth)
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise Neo4jError(f"invalid Neo4j URI {settings.uri!r}: {exc}") from exc

    def __enter__(self) -> Neo4jLoader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.driver.close()

    # -- plumbing ----------------------------------------------------------------------

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """Driver exceptions as one-line Neo4jErrors (the CLI prints them as they are)."""
        try:
            yield
        except neo4j_errors.AuthError as exc:
            raise Neo4jError(
                f"Neo4j at {self.settings.uri} rejected the credentials for user "
                f"{self.settings.user!r}"
            ) from exc
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            raise Neo4jError(
                f"cannot reach Neo4j at {self.settings.uri} ({type(exc).__name__})"
            ) from exc
        except neo4j_errors.Neo4jError as exc:
            raise Neo4jError(f"Neo4j refused a statement: {exc.message or exc}") from exc
        except neo4j_errors.DriverError as exc:
            raise Neo4jError(f"Neo4j driver error: {exc}") from exc

    def run(self, query: str, **params: Any) -> neo4j.EagerResult:
        """Run one statement with parameters (retried on transient errors by the driver)."""
        with self._translated_errors():
            return self.driver.execute_query(
                query,
                parameters_=params,
                database_=self.settings.database,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def verify(self) -> None:
        """Fail fast with a clear message unless the server answers and accepts the login."""
        with self._translated_errors():
            self.driver.verify_connectivity()
            self.driver.verify_authentication()

    def apply_schema(self) -> None:
        for statement in constraint_statements():
            self.run(statement)

    def _batches(
        self,
        rows: Iterable[dict[str, Any]],
        query: str,
        on_batch: Callable[[int], None] | None = None,
    ) -> int:
        total = 0
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                self.run(query, rows=batch)
                total += len(batch)
                if on_batch:
                    on_batch(len(batch))
                batch = []
        if batch:
            self.run(query, rows=batch)
            total += len(batch)
            if on_batch:
                on_batch(len(batch))
        return total

    # -- loading -----------------------------------------------------------------------

    def load_export(
        self, directory: Path, on_batch: Callable[[str, int], None] | None = None
    ) -> LoadStats:
        """Load an export directory; safe to repeat (every write is a MERGE)."""
        stats = LoadStats()

        def progress(kind: str) -> Callable[[int], None] | None:
            return (lambda n: on_batch(kind, n)) if on_batch else None

        self.apply_schema()
        stats.documents = self._batches(
            (_document_params(r) for r in read_documents(directory)),
            cypher.merge_documents(),
            progress("documents"),
        )
        stats.entities, stats.mentions = self.load_entities(
            read_entities(directory), progress("entities")
        )
        counts = self.load_triples(read_triples(directory), progress("relationships"))
        stats.concepts, stats.sentences, stats.relationships = counts
        return stats

    def load_entities(
        self, entities: Iterable[Entity], on_batch: Callable[[int], None] | None = None
    ) -> tuple[int, int]:
        """Entity nodes grouped by label, then their MENTIONS from documents."""
        buffers: dict[str, list[dict[str, Any]]] = defaultdict(list)
        mention_rows: list[dict[str, Any]] = []
        loaded = mentions = 0
        for entity in entities:
            label = label_for(entity.type)
            buffers[label].append(_entity_params(entity))
            if len(buffers[label]) >= self.batch_size:
                loaded += self._batches(buffers.pop(label), cypher.merge_entities(label), on_batch)
            mention_rows.extend({"doc": d, "entity": entity.id} for d in entity.sources)
            if len(mention_rows) >= self.batch_size * 4:
                # Nodes first: flush the entity buffers before the relationships.
                for lbl in sorted(buffers):
                    loaded += self._batches(buffers.pop(lbl), cypher.merge_entities(lbl), on_batch)
                mentions += self._batches(mention_rows, cypher.merge_mentions())
                mention_rows = []
        for lbl in sorted(buffers):
            loaded += self._batches(buffers[lbl], cypher.merge_entities(lbl), on_batch)
        mentions += self._batches(mention_rows, cypher.merge_mentions())
        return loaded, mentions

    def load_triples(
        self, triples: Iterable[Triple], on_batch: Callable[[int], None] | None = None
    ) -> tuple[int, int, int]:
        """Concept and sentence nodes, then relationships grouped by type and end labels."""
        concepts: list[dict[str, Any]] = []
        sentences: list[dict[str, Any]] = []
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        n_concepts = n_sentences = n_rels = 0

        def flush_nodes() -> None:
            nonlocal concepts, sentences, n_concepts, n_sentences
            n_concepts += self._batches(concepts, cypher.merge_concepts())
            n_sentences += self._batches(sentences, cypher.merge_sentences())
            concepts, sentences = [], []

        def flush_group(key: tuple[str, str, str]) -> None:
            nonlocal n_rels
            rows = groups.pop(key)
            n_rels += self._batches(rows, cypher.merge_relationships(*key), on_batch)

        for kind, row in graph_rows(triples):
            if kind == "concept":
                concepts.append(row)
            elif kind == "sentence":
                sentences.append(row)
            else:
                key = (relationship_type(row["predicate"]), row["s_label"], row["o_label"])
                groups[key].append(row)
                if len(groups[key]) >= self.batch_size:
                    flush_nodes()
                    flush_group(key)
            if len(concepts) + len(sentences) >= self.batch_size:
                flush_nodes()
        flush_nodes()
        for key in sorted(groups):
            flush_group(key)
        return n_concepts, n_sentences, n_rels

    # -- reading -----------------------------------------------------------------------

    def query(self, statement: str, **params: Any) -> tuple[list[str], list[list[Any]]]:
        """Run a read or write statement; return column names and rows."""
        result = self.run(statement, **params)
        return list(result.keys), [list(record.values()) for record in result.records]

    def counts(self) -> GraphCounts:
        labels: dict[str, int] = {}
        rows = self.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").records
        for record in rows:
            labels[record["label"]] = record["n"]
        labels["*"] = self.run("MATCH (n) RETURN count(n) AS n").records[0]["n"]
        types = {
            r["type"]: r["n"]
            for r in self.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").records
        }
        return GraphCounts(labels=labels, types=types)
