"""Loading into the real Neo4j server started by scripts/test (no mocks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from kg.bench import naive_load
from kg.build import build
from kg.config import Neo4jSettings
from kg.errors import Neo4jError
from kg.export import TRIPLES, read_documents, read_entities, read_rows
from kg.ids import concept_id
from kg.loader import Neo4jLoader
from tests.conftest import EXAMPLES
from tests.graph_dump import dump

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out, nlp=nlp)  # in this process: the session's model, no workers
    return out


def snapshot(loader: Neo4jLoader) -> tuple[dict[str, int], dict[str, int], list[list[object]]]:
    counts = loader.counts()
    _, props = loader.query(
        "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL "
        "RETURN a.id, r.predicate, b.id, r.negated, r.evidence, size(r.sources) "
        "ORDER BY a.id, r.predicate, b.id, r.negated"
    )
    return counts.labels, counts.types, props


def test_load_is_idempotent(empty_db: Neo4jSettings, example_export: Path) -> None:
    with Neo4jLoader(empty_db, batch_size=50) as loader:
        loader.load_export(example_export)
        first = snapshot(loader)
        loader.load_export(example_export)
        assert snapshot(loader) == first
    labels, types, _ = first
    assert labels["Document"] == len(list(EXAMPLES.iterdir()))
    assert labels["Entity"] > 20 and labels["Person"] > 5 and labels["Concept"] > 20
    assert types["MENTIONS"] > 20


def test_relationships_lead_back_to_sentences(
    empty_db: Neo4jSettings, example_export: Path
) -> None:
    triples = [json.loads(x) for x in (example_export / "triples.jsonl").read_text().splitlines()]
    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        _, rows = loader.query(
            "MATCH (a:Entity)-[r]->(b) WHERE r.evidence > 0 "
            "MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence) WHERE s.id IN r.sentences "
            "RETURN a.name, r.predicate, b.name, d.id, s.text, s.start, s.end LIMIT 50"
        )
    assert rows
    by_sentence = {(t["doc_id"], t["start"], t["end"]): t["sentence"] for t in triples}
    for _, _, _, doc_id, text, start, end in rows:
        assert by_sentence[(doc_id, start, end)] == text


def test_entity_types_become_labels(empty_db: Neo4jSettings, example_export: Path) -> None:
    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        _, rows = loader.query("MATCH (p:Person) RETURN p.name ORDER BY p.name")
    names = {r[0] for r in rows}
    assert {"Markus Lenz", "Claire Weber", "Jonas Weber"} <= names


def test_wrong_password_is_a_clear_error(neo4j_settings: Neo4jSettings) -> None:
    bad = Neo4jSettings(uri=neo4j_settings.uri, user="neo4j", password="not-the-password")
    with Neo4jLoader(bad) as loader, pytest.raises(Neo4jError, match="rejected the credentials"):
        loader.verify()


def test_a_missing_index_or_constraint_is_applied_again(empty_db: Neo4jSettings) -> None:
    """apply_schema does nothing while the whole schema is online (one query), and puts
    back what is missing."""
    with Neo4jLoader(empty_db) as loader:
        loader.apply_schema()
        assert loader.schema_online()
        try:
            for dropped in ("DROP INDEX concept_name", "DROP CONSTRAINT sentence_id"):
                loader.run(dropped)
                assert not loader.schema_online()
                loader.apply_schema()
                assert loader.schema_online()
        finally:
            loader.apply_schema()
        _, names = loader.query("SHOW INDEXES YIELD name RETURN collect(name)")
    assert {"concept_name", "sentence_id"} <= set(names[0][0])


def test_unreachable_server_is_a_clear_error() -> None:
    settings = Neo4jSettings(uri="bolt://127.0.0.1:1", user="neo4j", password="x")
    with Neo4jLoader(settings) as loader, pytest.raises(Neo4jError, match="cannot reach"):
        loader.verify()


def everything(loader: Neo4jLoader) -> tuple[object, ...]:
    """Every node and relationship with all properties, in a stable order."""
    _, nodes = loader.query("MATCH (n) RETURN labels(n), properties(n) ORDER BY n.id")
    _, rels = loader.query(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) "
        "ORDER BY a.id, type(r), b.id, r.predicate, r.negated"
    )
    return [[sorted(labels), props] for labels, props in nodes], rels


def test_batch_size_does_not_change_the_graph(
    empty_db: Neo4jSettings, example_export: Path
) -> None:
    """Tiny batches (statements folded across many transactions) and the default one
    (folded within a batch) write the same nodes, relationships and properties."""
    with Neo4jLoader(empty_db, batch_size=7) as loader:
        loader.load_export(example_export)
        small = everything(loader)
        loader.run("MATCH (n) DETACH DELETE n")
    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        assert everything(loader) == small


def test_statements_carry_their_provenance(empty_db: Neo4jSettings, example_export: Path) -> None:
    """Each relationship's sentences, sources, evidence, attributions and modalities
    match the triples of the export that state it (evidence: distinct sentences; lists
    that would be empty are absent)."""
    triples = [json.loads(x) for x in (example_export / "triples.jsonl").read_text().splitlines()]
    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        _, rows = loader.query(
            "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL "
            "RETURN a.id, r.predicate, b.id, r.negated, r.sentences, r.sources, r.evidence, "
            "r.attributions, r.modalities"
        )
    by_key: dict[tuple[object, ...], list[dict[str, object]]] = {}
    for t in triples:
        s = t["subject_id"] or concept_id(t["subject"])
        o = t["object_id"] or concept_id(t["object"])
        by_key.setdefault((s, t["predicate"], o, t["negated"]), []).append(t)
    assert len(rows) == len(by_key)
    for s, predicate, o, negated, sentences, sources, evidence, attributions, modalities in rows:
        mine = by_key[(s, predicate, o, negated)]
        assert sorted(sources) == sources == sorted({t["doc_id"] for t in mine})
        stated_in = {f"{t['doc_id']}#{t['sentence_index']}" for t in mine}
        assert sentences == sorted(stated_in)
        assert evidence == len(stated_in)
        assert attributions == (sorted({t["attribution"] for t in mine} - {None}) or None)
        assert modalities == (sorted({t["modality"] for t in mine} - {None}) or None)
    assert any(a for *_, a, _ in rows) and any(m is None for *_, m in rows)


def test_naive_benchmark_loader_writes_the_same_graph(
    empty_db: Neo4jSettings, example_export: Path
) -> None:
    """scripts/bench_load compares the batched loader with a naive one (a transaction per
    triple): a fair comparison only if both write the same graph."""
    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        batched = dump(loader)
        loader.run("MATCH (n) DETACH DELETE n")
        loader.load_documents(read_documents(example_export))
        loader.load_entities(read_entities(example_export))
        triples = list(read_rows(example_export / TRIPLES))
        assert naive_load(loader, triples) == len(triples) > 50
        assert dump(loader) == batched
