"""Loads that overlap, in either order or at the same time, against the real server.

- Loading export A then B builds exactly the graph B then A builds: same nodes, labels
  and properties, same relationships with the same evidence, sources and other lists.
- Two loaders writing overlapping exports at once leave no duplicate node or
  relationship and build the graph a sequential load builds; they contend for the same
  nodes, deadlock now and then, and the driver retries the losing transaction.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest
from spacy.language import Language

from kg.build import build
from kg.config import Neo4jSettings
from kg.export import DOCUMENTS, ENTITIES, TRIPLES, read_rows
from kg.ids import entity_id, triple_id
from kg.loader import Neo4jLoader
from tests.conftest import EXAMPLES
from tests.graph_dump import assert_no_duplicates, dump

pytestmark = pytest.mark.neo4j

STRUCTURAL = ("MENTIONS", "HAS_SENTENCE")


def wipe(settings: Neo4jSettings) -> None:
    with Neo4jLoader(settings) as loader:
        loader.run("MATCH (n) DETACH DELETE n")


# --------------------------------------------------------------------------- A then B


@pytest.fixture(scope="module")
def overlapping_builds(
    tmp_path_factory: pytest.TempPathFactory, nlp: Language
) -> tuple[Path, Path]:
    """Two exports of the example articles that share three of them: entities are
    resolved over different corpora, so shared ones differ in mentions, sources and
    sometimes name and aliases."""
    articles = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    assert len(articles) >= 7
    a = tmp_path_factory.mktemp("export-a")
    b = tmp_path_factory.mktemp("export-b")
    build(articles[:5], a, nlp=nlp)
    build(articles[2:], b, nlp=nlp)
    return a, b


def test_loading_a_then_b_equals_b_then_a(
    empty_db: Neo4jSettings, overlapping_builds: tuple[Path, Path]
) -> None:
    a, b = overlapping_builds
    shared_docs = {r["id"] for r in read_rows(a / DOCUMENTS)} & {
        r["id"] for r in read_rows(b / DOCUMENTS)
    }
    assert len(shared_docs) == 3
    with Neo4jLoader(empty_db, batch_size=40) as loader:
        loader.load_export(a)
        loader.load_export(b)
        ab = dump(loader)
    wipe(empty_db)
    with Neo4jLoader(empty_db, batch_size=40) as loader:
        loader.load_export(b)
        loader.load_export(a)
        ba = dump(loader)
        loader.load_export(a)  # and again: nothing changes
        loader.load_export(b)
        again = dump(loader)
    assert ab["labels"] == ba["labels"] and ab["types"] == ba["types"]
    assert ab["nodes"] == ba["nodes"]
    assert ab["relationships"] == ba["relationships"]
    assert again == ab

    # The overlap is real: statements and entities that both exports hold were merged.
    merged = [
        props
        for *_, props in ab["relationships"]
        if props.get("sources") and set(props["sources"]) & shared_docs
    ]
    assert merged
    entities = {node_id: props for node_id, labels, props in ab["nodes"] if "Entity" in labels}
    in_a = {e["id"]: e for e in read_rows(a / ENTITIES)}
    in_b = {e["id"]: e for e in read_rows(b / ENTITIES)}
    both = set(in_a) & set(in_b)
    assert both
    for eid in both:
        props = entities[eid]
        assert props["sources"] == sorted(set(in_a[eid]["sources"]) | set(in_b[eid]["sources"]))
        assert props["mentions"] == max(in_a[eid]["mentions"], in_b[eid]["mentions"])
        names = {in_a[eid]["name"], in_b[eid]["name"]}
        names |= set(in_a[eid]["aliases"]) | set(in_b[eid]["aliases"])
        assert sorted(names - {props["name"]}) == props["aliases"]
    # Evidence counts each sentence once however many exports carried it.
    for _, _, _, predicate, _, props in ab["relationships"]:
        if predicate:
            assert props["evidence"] == len(props["sentences"]) == len(set(props["sentences"]))


# --------------------------------------------------------------------------- at once


def write_hot_export(directory: Path, triples: int, entities: int = 12) -> None:
    """An export whose statements all join a dozen entities: every batch of
    relationships locks the same few nodes, and many statements repeat (evidence > 1)."""
    directory.mkdir(parents=True, exist_ok=True)
    docs = [f"hot-{i:03d}" for i in range(max(1, triples // 40))]
    names = [f"Hot Person {i}" for i in range(entities)]
    ids = [entity_id("PERSON", name.lower()) for name in names]
    with (directory / DOCUMENTS).open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"id": doc, "source": f"{doc}.txt", "title": doc}) + "\n")
    with (directory / ENTITIES).open("w", encoding="utf-8") as out:
        for i, (name, eid) in enumerate(zip(names, ids, strict=True)):
            row = {
                "id": eid,
                "name": name,
                "type": "PERSON",
                "aliases": [name.split()[-1]],
                "mentions": 3,
                "sources": docs[i % len(docs) :: 5],
                "titles": [],
            }
            out.write(json.dumps(row) + "\n")
    with (directory / TRIPLES).open("w", encoding="utf-8") as out:
        for n in range(triples):
            doc = docs[n // 40]
            s, o = (n * 7) % entities, (n * 5 + 1) % entities
            predicate = ("meet", "warn", "call", "sue")[n % 4]
            sentence = f"Sentence {n % 40 // 2} of {doc}."
            row = {
                "id": triple_id(doc, n),
                "subject": names[s],
                "subject_id": ids[s],
                "subject_type": "PERSON",
                "predicate": predicate,
                "object": names[o] if n % 3 else f"plan {n % 17}",
                "object_id": ids[o] if n % 3 else None,
                "object_type": "PERSON" if n % 3 else None,
                "negated": n % 11 == 0,
                "modality": "reported" if n % 7 == 0 else None,
                "attribution": names[(s + 1) % entities] if n % 5 == 0 else None,
                "confidence": 0.5 + (n % 9) / 20,
                "source": f"{doc}.txt",
                "doc_id": doc,
                "sentence": sentence,
                "sentence_index": n % 40 // 2,
                "start": 0,
                "end": len(sentence),
            }
            out.write(json.dumps(row) + "\n")


def subset(source: Path, target: Path, start: int, stop: int) -> Path:
    """``source`` with only triples ``start:stop`` (documents and entities all kept)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (DOCUMENTS, ENTITIES):
        (target / name).write_bytes((source / name).read_bytes())
    lines = (source / TRIPLES).read_text(encoding="utf-8").splitlines(keepends=True)
    (target / TRIPLES).write_text("".join(lines[start:stop]), encoding="utf-8")
    return target


def test_two_loaders_at_once_leave_no_duplicates(
    empty_db: Neo4jSettings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = tmp_path / "hot"
    write_hot_export(whole, 2400)
    a = subset(whole, tmp_path / "a", 0, 1600)
    b = subset(whole, tmp_path / "b", 800, 2400)

    with Neo4jLoader(empty_db, batch_size=60, writers=2) as loader:
        loader.load_export(a)
        loader.load_export(b)
        expected = dump(loader)
        assert_no_duplicates(loader)
    assert sum(n for t, n in expected["types"].items() if t not in STRUCTURAL) > 50

    # At once: two loaders, two writer sessions each, many small batches on 12 nodes;
    # the first time from no schema at all (both create the constraints at once). Until
    # a deadlock was retried (nearly always the first time), at most four times.
    caplog.set_level(logging.WARNING, logger="neo4j")
    for attempt in range(4):
        with Neo4jLoader(empty_db) as loader:
            loader.run("MATCH (n) DETACH DELETE n")
            if attempt == 0:
                for row in loader.run("SHOW CONSTRAINTS YIELD name").records:
                    loader.run(f"DROP CONSTRAINT {row['name']}")
                indexes = loader.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")
                for row in indexes.records:
                    loader.run(f"DROP INDEX {row['name']}")
        load_at_once(empty_db, a, b)
        with Neo4jLoader(empty_db) as loader:
            assert_no_duplicates(loader)
            assert dump(loader) == expected
        retried = [r.getMessage() for r in caplog.records if "will be retried" in r.getMessage()]
        if any("DeadlockDetected" in message for message in retried):
            break
    else:
        pytest.fail("no deadlock was retried in four concurrent loads: no contention")


def load_at_once(settings: Neo4jSettings, *exports: Path) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(len(exports))

    def load(export: Path) -> None:
        try:
            with Neo4jLoader(settings, batch_size=60, writers=2) as loader:
                start.wait()
                loader.load_export(export)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(e,)) for e in exports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
