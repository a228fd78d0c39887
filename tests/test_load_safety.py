"""The loader under stress: streaming, failures, hostile text, old servers, bulk import.

The streaming and failure tests need no server (statements are recorded, not sent);
the others run against the real test server, and the bulk-import test against a second
server of its own (neo4j-admin import needs the server stopped).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from kg import cypher, server
from kg.build import build
from kg.bulk import ImportFiles, finish_import, run_import
from kg.cli import app
from kg.config import Neo4jSettings
from kg.errors import Neo4jError
from kg.export import read_rows
from kg.ids import concept_id, entity_id
from kg.loader import (
    HELD_BATCHES,
    NODE_PARTS,
    QUEUED_BATCHES,
    ElementIds,
    Neo4jLoader,
    RecentIds,
    _scans,
    _size_bucket,
    node_part,
)
from kg.synthetic import write_synthetic_export
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out, nlp=nlp)  # in this process: the session's model, no workers
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    write_synthetic_export(out, 3000)
    return out


class Recorder:
    """Stands in for the server: records each statement with its rows."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any]]] = []
        self.consumed_at_send: list[int] = []
        self.consumed = 0
        self.fail_on: int | None = None

    def run(self, query: str, **params: Any) -> None:
        if self.fail_on is not None and len(self.sent) >= self.fail_on:
            raise Neo4jError("refused on purpose")
        self.sent.append((query, list(params["rows"])))  # the loader empties its batches
        self.consumed_at_send.append(self.consumed)


def offline_loader(run: Callable[..., None], batch_size: int, writers: int = 1) -> Neo4jLoader:
    """A loader whose statements go to ``run`` instead of a server (which would say that
    its plans scan nothing, and that it takes relationship types as values). No records
    come back, so no element ids: links go by id (the statements these tests read)."""
    settings = Neo4jSettings(uri="bolt://127.0.0.1:9")
    loader = Neo4jLoader(settings, batch_size=batch_size, writers=writers)

    def answer(query: str, **params: Any) -> neo4j.EagerResult:
        run(query, **params)
        return neo4j.EagerResult(records=[], summary=None, keys=[])  # type: ignore[arg-type]

    loader.run = answer  # type: ignore[method-assign]
    loader.explain = lambda query, rows=0: []  # type: ignore[method-assign]
    loader._dynamic_types = True
    return loader


def counted(rows: Iterator[dict[str, Any]], recorder: Recorder) -> Iterator[dict[str, Any]]:
    for row in rows:
        recorder.consumed += 1
        yield row


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "kg-neo4j-writer"]


# --------------------------------------------------------------------------- no server


def test_triples_are_streamed_not_read_whole(synthetic: Path) -> None:
    """Batches go out while the file is still being read: at most a few batches ahead."""
    recorder = Recorder()
    batch = 50
    with offline_loader(recorder.run, batch) as loader:
        n_concepts, n_sentences, n_triples = loader.load_triples(
            counted(read_rows(synthetic / "triples.jsonl"), recorder)
        )
    assert n_triples == 3000 and n_concepts > 0 and n_sentences > 0
    total = recorder.consumed
    assert total == 3000
    relationship_sends = [
        at for (q, _), at in zip(recorder.sent, recorder.consumed_at_send, strict=True)
        if "MERGE (a)-[r:" in q
    ]  # fmt: skip
    # At most that much held, and read ahead while the writer's queue fills.
    assert relationship_sends[0] <= (HELD_BATCHES + QUEUED_BATCHES) * batch
    assert min(relationship_sends) < total / 5
    for query, rows in recorder.sent:
        assert 0 < len(rows) <= batch, query


def test_nodes_are_sent_before_the_relationships_that_need_them(synthetic: Path) -> None:
    recorder = Recorder()
    with offline_loader(recorder.run, 50) as loader:
        loader.load_triples(read_rows(synthetic / "triples.jsonl"))
    concepts_sent: set[str] = set()
    for query, rows in recorder.sent:
        if "MERGE (c:Concept" in query:
            concepts_sent.update(row[0] for row in rows)
        elif "MATCH (b:Concept" in query:
            assert {row[1] for row in rows} <= concepts_sent
        if "MATCH (a:Concept" in query:
            assert {row[0] for row in rows} <= concepts_sent


def test_parallel_writers_commit_nodes_before_relationships_start(synthetic: Path) -> None:
    """With three writers and slow node batches, a relationship batch still starts only
    once the concepts it matches are written (not merely sent)."""
    written: set[str] = set()
    late: list[str] = []
    lock = threading.Lock()

    def run(query: str, **params: Any) -> None:
        rows = params["rows"]
        if "MERGE (c:Concept" in query:
            time.sleep(0.01)
            with lock:
                written.update(row[0] for row in rows)
        elif "MERGE (a)-[r:" in query:
            ends = [row[0] for row in rows if "MATCH (a:Concept" in query]
            ends += [row[1] for row in rows if "MATCH (b:Concept" in query]
            with lock:
                late.extend(end for end in ends if end not in written)

    with offline_loader(run, batch_size=50, writers=3) as loader:
        loader.load_triples(read_rows(synthetic / "triples.jsonl"))
    assert written and not late


def test_batches_that_lock_the_same_nodes_never_run_side_by_side(synthetic: Path) -> None:
    """Relationship batches lock both ends of each row until they commit; the writers
    never run two at once that share a node part, but do run disjoint ones together."""
    running: list[set[str]] = []
    overlaps: list[set[str]] = []
    most = 0
    lock = threading.Lock()

    def parts(query: str, rows: list[list[Any]]) -> set[str]:
        s_label = query.split("MATCH (a:")[1].split(" ")[0]
        o_label = query.split("MATCH (b:")[1].split(" ")[0]
        return {f"{s_label}{node_part(row[0])}" for row in rows} | {
            f"{o_label}{node_part(row[1])}" for row in rows
        }

    def run(query: str, **params: Any) -> None:
        nonlocal most
        if "MERGE (a)-[r:" not in query:
            return
        mine = parts(query, params["rows"])
        assert len(mine) <= 2
        with lock:
            overlaps.extend(mine & other for other in running if mine & other)
            running.append(mine)
            most = max(most, len(running))
        time.sleep(0.002)
        with lock:
            running.remove(mine)

    with offline_loader(run, batch_size=50, writers=3) as loader:
        loader.load_triples(read_rows(synthetic / "triples.jsonl"))
    assert not overlaps
    assert most >= 2


def test_node_parts_come_out_even() -> None:
    """Parts are read from the last character of an id: for the ids the build makes
    (hash digits) every part gets its share, so batches stay balanced."""
    ids = [concept_id(f"concept {i}") for i in range(2000)]
    ids += [entity_id("PERSON", f"person {i}") for i in range(2000)]
    shares = [sum(node_part(i) == part for i in ids) / len(ids) for part in range(NODE_PARTS)]
    assert all(abs(share - 1 / NODE_PARTS) < 0.05 for share in shares), shares


def test_statements_are_folded_within_a_batch(synthetic: Path) -> None:
    """The same statement twice in one batch is one row carrying both sentences."""
    first = {**next(read_rows(synthetic / "triples.jsonl")), "attribution": None}
    again = {**first, "id": "t_again", "sentence_index": 99, "attribution": "Someone"}
    recorder = Recorder()
    with offline_loader(recorder.run, 100) as loader:
        loader.load_triples([first, again, first])
    rows = [row for q, rows in recorder.sent if "MERGE (a)-[r:" in q for row in rows]
    assert len(rows) == 1
    columns = dict(zip(cypher.RELATIONSHIP_COLUMNS, rows[0], strict=True))
    assert columns["sentences"] == sorted(  # a sorted set
        [f"{first['doc_id']}#{first['sentence_index']}", f"{first['doc_id']}#99"]
    )
    assert columns["attributions"] == ["Someone"]
    assert columns["sources"] == [first["doc_id"]]


def test_a_failing_batch_stops_the_load_and_the_thread(synthetic: Path) -> None:
    recorder = Recorder()
    recorder.fail_on = 3
    before = len(writer_threads())
    with (
        offline_loader(recorder.run, 50) as loader,
        pytest.raises(Neo4jError, match="refused on purpose"),
    ):
        loader.load_triples(read_rows(synthetic / "triples.jsonl"))
    assert len(recorder.sent) == 3
    assert len(writer_threads()) == before


def test_recent_ids_are_bounded() -> None:
    recent = RecentIds(size=10)
    assert recent.add("a") and not recent.add("a")
    for i in range(1000):
        recent.add(str(i))
    assert len(recent._current) + len(recent._previous) <= 20
    assert not recent.add("999")  # still remembered
    assert recent.add("a")  # long forgotten: sent again (MERGE makes that harmless)
    concepts = RecentIds(size=2)
    concepts.add("Border Wall", "c_1")
    concepts.add("tariffs", "c_2")
    concepts.add("rain", "c_3")  # a new generation: the first two are the previous one
    assert (concepts.get("Border Wall"), concepts.get("rain")) == ("c_1", "c_3")
    concepts.add("snow", "c_4")
    concepts.add("wind", "c_5")
    assert concepts.get("Border Wall") is None and concepts.get("snow") == "c_4"


def test_element_ids_are_bounded_and_split_the_rows_of_a_batch() -> None:
    ids = ElementIds(size=10)
    ids.update([["a", "4:x:1"], ["b", "4:x:2"]])
    found, missing = ids.resolve([["a", "b", "v"], ["a", "z", "w"], ["z", "b", "u"]], (0, 1))
    assert found == [["a", "b", "v", "4:x:1", "4:x:2"]]
    assert missing == [["a", "z", "w"], ["z", "b", "u"]]  # as they were
    ids.update([[str(i), f"4:x:{i}"] for i in range(1000)])
    assert len(ids) <= 20
    assert ids.resolve([["999"]], (0,))[0] == [["999", "4:x:999"]]  # kept
    assert ids.resolve([["a"]], (0,))[1] == [["a"]]  # long forgotten: found by id again
    ids.clear()
    assert len(ids) == 0


# --------------------------------------------------------------------------- real server


def snapshot(loader: Neo4jLoader) -> dict[str, Any]:
    """Everything a load writes, comparable across loads."""
    counts = loader.counts()
    _, rels = loader.query(
        "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL "
        "RETURN a.id, type(r), b.id, properties(r) "
        "ORDER BY a.id, type(r), b.id, r.predicate, r.negated"
    )
    _, nodes = loader.query("MATCH (n) RETURN labels(n), properties(n) ORDER BY n.id, labels(n)[0]")
    return {
        "labels": counts.labels,
        "types": counts.types,
        "relationships": rels,
        "nodes": [[sorted(labels), props] for labels, props in nodes],
    }


@pytest.mark.neo4j
def test_hostile_text_stays_data(empty_db: Neo4jSettings, synthetic: Path) -> None:
    """Predicates and names with Cypher in them: types sanitised, values kept verbatim."""
    first = next(read_rows(synthetic / "triples.jsonl"))
    hostile = "`]->() DETACH DELETE n //"
    base = {**first, "subject": "someone", "subject_id": None, "object_id": None}
    rows = [
        {**base, "id": "t_h1", "predicate": hostile, "object": "n"},
        {**base, "id": "t_h2", "predicate": "règle `out`", "object": "x'}) DELETE n //"},
    ]
    with Neo4jLoader(empty_db) as loader:
        loader.load_triples(rows)
        _, found = loader.query(
            "MATCH ()-[r]->(b) RETURN type(r), r.predicate, b.name ORDER BY r.predicate"
        )
        assert loader.counts().labels["Concept"] == 3
    assert found[0][:2] == ["DETACH_DELETE_N", hostile]
    assert found[1] == ["REGLE_OUT", "règle `out`", "x'}) DELETE n //"]


@pytest.mark.neo4j
def test_per_type_statements_for_older_servers_build_the_same_graph(
    empty_db: Neo4jSettings, tmp_path: Path
) -> None:
    """One statement per entity label and per relationship type (each planned anew: a
    small export with few predicates keeps this quick) gives the same graph."""
    export = tmp_path / "small"
    write_synthetic_export(export, 600)
    with Neo4jLoader(empty_db, batch_size=40) as loader:
        assert loader.dynamic_types()  # 5.26
        loader.load_export(export)
        dynamic = snapshot(loader)
        loader.run("MATCH (n) DETACH DELETE n")
        loader._dynamic_types = False  # as with Neo4j before 5.26: one statement per type
        loader.load_export(export)
        assert snapshot(loader) == dynamic
    assert {"Person", "Organization", "Place"} <= set(dynamic["labels"])


@pytest.mark.neo4j
def test_a_plan_made_on_an_empty_graph_is_made_again_once_the_graph_has_grown(
    empty_db: Neo4jSettings, synthetic: Path
) -> None:
    """Run on an empty database, a relationship MERGE is planned to scan every
    relationship, and the loader's statements keep their plans (per statement and size
    of batch): each load checks the plans it uses, and has such a plan made again once
    the graph has relationships."""
    statement = cypher.relationship_twin("Concept", "Concept").by_element_id
    nowhere = ["c_none", "c_none", "T", "k", False, [], [], [], [], 0.5, None, None]
    with Neo4jLoader(empty_db, batch_size=50) as loader:
        loader.apply_schema()
        loader.run("CALL db.clearQueryCaches()")
        loader.run(statement, rows=[nowhere] * 50)  # matches nothing; its plan is kept
        assert "DirectedAllRelationshipsScan" in loader.explain(statement, 50)
        loader.load_export(synthetic)  # its Concept-Concept batches: mostly 50 rows
        operators = loader.explain(statement, 50)
    assert "Expand(Into)" in operators and not [op for op in operators if "Scan" in op]


@pytest.mark.neo4j
def test_plans_are_checked_once_per_size_bucket_of_neo4j(
    empty_db: Neo4jSettings, synthetic: Path
) -> None:
    """Neo4j keeps one plan per statement for all batch lengths up to the next power of
    ten (101 to 1,000 rows, 1,001 to 10,000, ...). The loader checks plans per such
    bucket: a plan made for one length is the plan of every length in its bucket, and
    only theirs."""
    # A statement of its own (the comment), so that the load below leaves its plans be.
    statement = cypher.relationship_twin("Concept", "Concept").by_element_id + "// buckets\n"
    nowhere = ["c_none", "c_none", "T", "k", False, [], [], [], [], 0.5, None, None]
    with Neo4jLoader(empty_db) as loader:
        loader.apply_schema()
        loader.run("CALL db.clearQueryCaches()")
        loader.run(statement, rows=[nowhere] * 200)  # planned on an empty graph: scans
        loader.load_export(synthetic)
        scans = {n: _scans(loader.explain(statement, n)) for n in (101, 1000, 100, 1001)}
    assert scans == {101: True, 1000: True, 100: False, 1001: False}
    assert {_size_bucket(n) for n in (101, 200, 1000)} == {1000}
    assert _size_bucket(100) == 100 and _size_bucket(1001) == _size_bucket(10_000) == 10_000
    assert [_size_bucket(n) for n in (0, 1, 2, 10, 11)] == [0, 1, 10, 10, 100]


@pytest.mark.neo4j
def test_links_find_the_nodes_of_earlier_batches_by_element_id(
    empty_db: Neo4jSettings, synthetic: Path
) -> None:
    """Node statements return the element ids of their nodes; the statements that link
    them (relationships, a sentence's document, mentions) then seek those element ids,
    not the id's index, and without buffering the batch (Eager)."""
    twins = [
        cypher.relationship_twin("Entity", "Concept"),
        cypher.sentence_twin(),
        cypher.mention_twin(),
    ]
    with Neo4jLoader(empty_db, batch_size=500) as loader:
        loader.load_export(synthetic)
        counts = loader.counts().labels
        kept = len(loader.element_ids)
        plans = [
            (loader.explain(t.by_element_id, 500), loader.explain(t.by_id, 500)) for t in twins
        ]
    assert kept == counts["Document"] + counts["Entity"] + counts["Concept"]
    for twin, (by_element_id, by_id) in zip(twins, plans, strict=True):
        assert by_element_id.count("NodeByElementIdSeek") == len(twin.id_columns)
        assert by_element_id.count("NodeUniqueIndexSeek(Locking)") == (twin is twins[1])
        assert "Eager" not in by_element_id, by_element_id
        assert "NodeByElementIdSeek" not in by_id


@pytest.mark.neo4j
def test_an_element_id_that_no_longer_names_its_node_is_caught(empty_db: Neo4jSettings) -> None:
    """Element ids are reused once their node is deleted. A link statement checks the id
    and label of each node it finds by element id; when it links fewer rows than it was
    given, its batch goes again by id, and the element ids kept are dropped."""
    with Neo4jLoader(empty_db) as loader:
        loader.apply_schema()
        loader._run_batch(cypher.merge_concepts(), [["c_one", "one"], ["c_two", "two"]])
        loader._run_batch(cypher.merge_concepts(), [["c_three", "three"]])
        assert len(loader.element_ids) == 3
        (_, element_of_three), *_ = loader.element_ids.resolve([["c_three"]], (0,))[0]
        # As if c_one had been deleted and its element id given to c_three:
        loader.element_ids.update([["c_one", element_of_three]])
        # c_two deleted and made again (another element id; the old one names nothing,
        # or another node):
        loader.run("MATCH (c:Concept {id: 'c_two'}) DETACH DELETE c")
        loader.run("CREATE (:Concept {id: 'c_two', name: 'two'})")
        rows = [
            ["c_one", "c_two", "LINK", "link", False, ["d#0"], ["d"], [], [], 0.5],
            ["c_two", "c_three", "LINK", "link", False, ["d#1"], ["d"], [], [], 0.5],
            ["c_three", "c_three", "SELF", "self", False, ["d#2"], ["d"], [], [], 0.5],
        ]
        loader._run_batch(cypher.relationship_twin("Concept", "Concept"), rows)
        assert len(loader.element_ids) == 0
        _, links = loader.query(
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.sentences ORDER BY a.id"
        )
    assert links == [
        ["c_one", "LINK", "c_two", ["d#0"]],
        ["c_three", "SELF", "c_three", ["d#2"]],
        ["c_two", "LINK", "c_three", ["d#1"]],
    ]


@pytest.mark.neo4j
def test_node_statements_are_planned_as_seeks_even_on_an_empty_graph(
    empty_db: Neo4jSettings,
) -> None:
    """The loader checks the kept plans only of statements with a relationship pattern
    (cypher.may_scan): a node statement's plan, made on an empty database, already
    seeks the constraint's index."""
    nodes = [cypher.merge_documents(), cypher.merge_entities(), cypher.merge_concepts()]
    links = [cypher.merge_sentences(), cypher.merge_mentions()]
    links.append(cypher.merge_relationships("Entity", "Concept"))
    for twin in (cypher.sentence_twin(), cypher.mention_twin()):
        links += [twin.by_id, twin.by_element_id]
    assert not [s for s in nodes if cypher.may_scan(s)]
    assert all(cypher.may_scan(s) for s in links)
    with Neo4jLoader(empty_db) as loader:
        loader.apply_schema()
        loader.run("CALL db.clearQueryCaches()")
        for statement in nodes:
            operators = loader.explain(statement, 50)
            assert "NodeUniqueIndexSeek(Locking)" in operators
            assert not [op for op in operators if "Scan" in op], (statement, operators)


def test_synthetic_export_loads_completely(empty_db: Neo4jSettings, synthetic: Path) -> None:
    keys = {
        (t["subject_id"] or t["subject"].lower(), t["predicate"],
         t["object_id"] or t["object"].lower(), t["negated"])
        for t in read_rows(synthetic / "triples.jsonl")
    }  # fmt: skip
    with Neo4jLoader(empty_db, batch_size=500) as loader:
        stats = loader.load_export(synthetic)
        first = snapshot(loader)
        loader.load_export(synthetic)
        assert snapshot(loader) == first
    assert stats.relationships == 3000
    statements = sum(n for t, n in first["types"].items() if t not in ("MENTIONS", "HAS_SENTENCE"))
    assert statements == len(keys)


@pytest.mark.neo4j
def test_bulk_import_builds_the_graph_the_loader_builds(
    empty_db: Neo4jSettings,
    example_export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """kg export --format neo4j-import, neo4j-admin import into a second server of its
    own, then the same snapshot as the batched loader; a later batched load of the same
    export changes nothing."""
    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        expected = snapshot(loader)

    csv_dir = tmp_path / "csv"
    result = runner.invoke(
        app,
        ["export", "--format", "neo4j-import", "--from", str(example_export),
         "--out", str(csv_dir), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["statements"] == sum(
        n for t, n in expected["types"].items() if t not in ("MENTIONS", "HAS_SENTENCE")
    )
    files = ImportFiles.load(csv_dir)
    header = (csv_dir / "statements-entity-concept.csv").read_text().splitlines()[0]
    assert header.startswith(":START_ID(Entity),:END_ID(Concept),:TYPE,predicate,")

    bolt, http = server.free_ports(2)
    installed = server.home_dir() / "lib"
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "second"))
    monkeypatch.setenv("KG_NEO4J_BOLT_PORT", str(bolt))
    monkeypatch.setenv("KG_NEO4J_HTTP_PORT", str(http))
    if (installed / ".kg-installed").is_file():  # the test server's jars: no Maven run
        server.home_dir().mkdir(parents=True)
        (server.home_dir() / "lib").symlink_to(installed, target_is_directory=True)
    assert not server.status().running
    assert "IMPORT DONE" in run_import(files)
    info = server.start()
    try:
        settings = Neo4jSettings(uri=info.uri, user=info.user, password=info.password)
        with Neo4jLoader(settings) as loader:
            finish_import(loader)
            assert snapshot(loader) == expected
            loader.load_export(example_export)  # incremental loads on top: no change
            assert snapshot(loader) == expected
    finally:
        server.stop()
