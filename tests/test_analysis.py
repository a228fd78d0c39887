"""Analysis on the example export and on small graphs whose answers are known."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg import analysis
from kg.analysis import (
    CONCEPT,
    UnknownNodeError,
    add_statement,
    communities,
    corroboration,
    export_graph,
    find_node,
    graph_from_export,
    graph_from_rows,
    key_actors,
    paths,
    profile,
    synthetic_graph,
    timeline,
)
from kg.build import build
from kg.config import Neo4jSettings
from kg.ids import sentence_id
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out)
    return out


@pytest.fixture(scope="module")
def example(example_export: Path) -> nx.MultiDiGraph:
    return graph_from_export(example_export)


def triples(export: Path) -> list[dict[str, Any]]:
    lines = (export / "triples.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def person(G: nx.MultiDiGraph, subject: str, predicate: str, object_: str, **kw: Any) -> str:
    """A statement between two people (entities), for hand-made graphs."""
    return add_statement(
        G, subject, predicate, object_, subject_type="PERSON", object_type="PERSON", **kw
    )


def neo4j_rows(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The rows Neo4j would return for G (graph model of the README), in reverse order."""
    sentences: dict[str, dict[str, Any]] = {}
    relationships = []
    for s, o, key, d in G.edges(keys=True, data=True):
        ids = []
        for sent in d["sentences"]:
            sid = sentence_id(sent["doc_id"], sent["sentence_index"])
            sentences[sid] = {"id": sid, **sent}
            ids.append(sid)
        relationships.append(
            {
                "subject_id": s,
                "object_id": o,
                "key": key,
                **{k: v for k, v in d.items() if k != "sentences"},
                "sources": d["sources"][::-1],
                "sentences": ids[::-1],
            }
        )
    entities = [
        {"id": n, **d, "sources": d["sources"]}
        for n, d in G.nodes(data=True)
        if d["type"] != CONCEPT
    ]
    concepts = [{"id": n, "name": d["name"]} for n, d in G.nodes(data=True) if d["type"] == CONCEPT]
    documents = [{"id": k, **v} for k, v in G.graph["documents"].items()]
    return {
        "documents": documents[::-1],
        "entities": entities[::-1],
        "concepts": concepts[::-1],
        "sentences": list(sentences.values())[::-1],
        "relationships": relationships[::-1],
    }


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert a.graph == b.graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {(s, o, k): d for s, o, k, d in a.edges(keys=True, data=True)} == {
        (s, o, k): d for s, o, k, d in b.edges(keys=True, data=True)
    }


# -- the graph from the example export --------------------------------------------------


def test_export_graph_aggregates_statements(example: nx.MultiDiGraph, example_export: Path) -> None:
    rows = triples(example_export)

    def node(t: dict[str, Any], side: str) -> str:
        return str(t[f"{side}_id"] or t[side].lower())

    distinct = {(node(t, "subject"), t["predicate"], node(t, "object"), t["negated"]) for t in rows}
    assert example.number_of_edges() == len(distinct)
    assert sum(d["evidence"] for _, _, d in example.edges(data=True)) == len(rows)
    said = {(t["doc_id"], t["sentence_index"]): t["sentence"] for t in rows}
    for _, _, d in example.edges(data=True):
        assert d["sources"] == sorted({s["doc_id"] for s in d["sentences"]})
        assert all(said[s["doc_id"], s["sentence_index"]] == s["sentence"] for s in d["sentences"])
    assert {d["type"] for _, d in example.nodes(data=True)} >= {"PERSON", "ORG", CONCEPT}
    published = [d["published"] for d in example.graph["documents"].values()]
    assert len(published) == len(list(EXAMPLES.iterdir())) and sum(map(bool, published)) >= 6


def test_rows_of_the_neo4j_model_give_the_same_graph_and_answers(
    example: nx.MultiDiGraph,
) -> None:
    from_rows = graph_from_rows(**neo4j_rows(example))
    same_graph(from_rows, example)
    assert key_actors(from_rows, k=10) == key_actors(example, k=10)
    assert communities(from_rows) == communities(example)


def test_main_characters_are_key_actors(example: nx.MultiDiGraph) -> None:
    top = key_actors(example, k=5)
    assert {"Markus Lenz", "Claire Weber"} <= {a.name for a in top}
    assert all(a.type != CONCEPT for a in key_actors(example, k=100))
    by_degree = key_actors(example, k=5, by="degree")
    assert [a.degree for a in by_degree] == sorted((a.degree for a in by_degree), reverse=True)


def test_centralities_match_networkx(example: nx.MultiDiGraph) -> None:
    p = analysis._projection(example)
    U = nx.Graph()
    U.add_nodes_from(range(p.n))
    U.add_weighted_edges_from(zip(p.u.tolist(), p.v.tolist(), p.weight.tolist(), strict=True))
    ours = analysis._pagerank(p)
    theirs = _pagerank_python(U, weight="weight")
    assert max(abs(ours[i] - theirs[i]) for i in range(p.n)) < 1e-6
    exact = nx.betweenness_centrality(U)
    between = analysis._betweenness(p, list(range(p.n)))
    assert max(abs(between[i] - exact[i]) for i in range(p.n)) < 1e-12
    # The sample nx draws for a seed is the sample we draw: the same positions.
    sampled = nx.betweenness_centrality(U, k=50, seed=7)
    sources = random.Random(7).sample(range(p.n), 50)
    between = analysis._betweenness(p, sorted(sources))
    assert max(abs(between[i] - sampled[i]) for i in range(p.n)) < 1e-12


def test_large_graphs_sample_betweenness_deterministically(
    example: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis, "EXACT_BETWEENNESS_LIMIT", 10)
    first = key_actors(example, k=5, by="betweenness", samples=64, seed=3)
    assert first == key_actors(example, k=5, by="betweenness", samples=64, seed=3)
    assert first[0].betweenness > 0


def test_communities_of_the_example(example: nx.MultiDiGraph) -> None:
    found = communities(example)
    assert found == communities(example)
    members = [m.id for c in found for m in c.members]
    assert len(members) == len(set(members))
    for c in found:
        assert [m.degree for m in c.members] == sorted((m.degree for m in c.members), reverse=True)
        assert sum(n for _, n in c.top_predicates) <= c.statements
    assert [len(c.members) for c in found] == sorted((len(c.members) for c in found), reverse=True)


def test_timeline_follows_publication(example: nx.MultiDiGraph) -> None:
    events = timeline(example)
    assert len(events) == sum(len(d["sentences"]) for _, _, d in example.edges(data=True))
    dates = [e.date for e in events]
    assert dates == sorted(dates, key=lambda d: (d is None, d or ""))
    documents = example.graph["documents"]
    first = min((d["published"], k) for k, d in documents.items() if d["published"])[1]
    assert events[0].doc_id == first and not events[0].date_stated
    undated = {k for k, d in documents.items() if not d["published"]}
    assert all(e.doc_id in undated for e in events if e.date is None)


def test_profile_of_an_example_person(example: nx.MultiDiGraph) -> None:
    lenz = profile(example, "lenz")
    assert lenz.node.name == "Markus Lenz" and "Lenz" in lenz.aliases
    assert "say" in lenz.said
    said = [st for sts in lenz.said.values() for st in sts]
    assert all(st.subject_id == lenz.node.id and st.sources for st in said)
    assert all(st.sentences for st in said)


# -- hand-made graphs with known answers --------------------------------------------------


def test_shortest_paths_first_with_their_statements() -> None:
    G = nx.MultiDiGraph()
    person(G, "Ana", "meet", "Ben", doc_id="d1", sentence="Ana met Ben.")
    person(G, "Cleo", "call", "Ben", doc_id="d2", sentence="Cleo called Ben.")
    person(G, "Ana", "hire", "Dan", doc_id="d3")
    person(G, "Dan", "sue", "Eve", doc_id="d3")
    person(G, "Eve", "visit", "Cleo", doc_id="d3")
    person(G, "Zoe", "greet", "Yan")
    found = paths(G, "ana", "CLEO", k=3)
    assert [[n.name for n in p.nodes] for p in found] == [
        ["Ana", "Ben", "Cleo"],
        ["Ana", "Dan", "Eve", "Cleo"],
    ]
    first = found[0].hops
    assert [h.statements[0].text() for h in first] == ["Ana –meet→ Ben", "Cleo –call→ Ben"]
    assert first[1].statements[0].sentences[0]["sentence"] == "Cleo called Ben."
    assert len(paths(G, "Ana", "Cleo", k=1)) == 1
    assert paths(G, "Ana", "Zoe") == []
    with pytest.raises(UnknownNodeError):
        paths(G, "Ana", "Nobody")


def test_names_resolve_through_aliases_entities_first() -> None:
    G = nx.MultiDiGraph()
    G.add_node("e1", name="Moselle", type="GPE", aliases=["the Moselle"], sources=[])
    add_statement(G, "Moselle", "carry", "solvent")  # a concept with the same name
    assert find_node(G, "moselle") == "e1"
    assert find_node(G, "The Moselle") == "e1"


def test_contradictions_need_the_same_subject_and_object() -> None:
    G = nx.MultiDiGraph()
    add_statement(G, "board", "approve", "merger", doc_id="a", sentence="The board approved.")
    add_statement(G, "board", "reject", "merger", doc_id="b", sentence="The board rejected.")
    add_statement(G, "board", "confirm", "loss", doc_id="a")
    add_statement(G, "board", "deny", "loss", doc_id="b", negated=True)  # consistent
    add_statement(G, "union", "deny", "merger", doc_id="b")  # another subject
    add_statement(G, "union", "admit", "loss", doc_id="b")
    add_statement(G, "union", "admit", "loss", doc_id="c", negated=True)
    found = corroboration(G).contradictions
    assert [(c.kind, c.first.text(), c.second.text()) for c in found] == [
        ("negation", "union –admit→ loss", "union –not admit→ loss"),
        ("opposite", "board –approve→ merger", "board –reject→ merger"),
    ]
    assert found[1].first.sentences[0]["sentence"] == "The board approved."
    assert found[1].second.sentences[0]["sentence"] == "The board rejected."


def test_corroboration_counts_documents_not_mentions() -> None:
    G = nx.MultiDiGraph()
    for doc in ("a", "b", "c"):
        person(G, "Ana", "accuse", "Ben", doc_id=doc)
    for index in range(4):  # four mentions, one document
        person(G, "Ana", "praise", "Cleo", doc_id="a", sentence_index=index)
    for doc in ("a", "b"):
        person(G, "Ben", "sue", "Ana", doc_id=doc)
    result = corroboration(G)
    assert [(st.text(), len(st.sources)) for st in result.corroborated] == [
        ("Ana –accuse→ Ben", 3),
        ("Ben –sue→ Ana", 2),
    ]
    assert [(st.text(), st.evidence) for st in result.single_source] == [("Ana –praise→ Cleo", 4)]


def test_timeline_orders_by_stated_date_then_published_then_sentence() -> None:
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        "late": {"published": "2026-03-10", "title": "Late"},
        "early": {"published": "2026-03-02", "title": "Early"},
    }
    add_statement(G, "b", "happen", "x", doc_id="late", sentence_index=5, sentence="B.")
    add_statement(G, "a", "happen", "x", doc_id="late", sentence_index=1, sentence="A.")
    add_statement(G, "c", "happen", "x", doc_id="early", sentence_index=9, sentence="C.")
    add_statement(G, "d", "sign", "x", doc_id="late", sentence_index=7,
                  sentence="They signed on 1 March 2026.")  # fmt: skip
    add_statement(G, "e", "happen", "x", doc_id="unknown")
    events = timeline(G)
    assert [(e.subject, e.date, e.date_stated) for e in events] == [
        ("d", "2026-03-01", True),
        ("c", "2026-03-02", False),
        ("a", "2026-03-10", False),
        ("b", "2026-03-10", False),
        ("e", None, False),
    ]
    assert events[1].title == "Early"


def test_profile_groups_by_predicate_with_sources() -> None:
    G = nx.MultiDiGraph()
    person(G, "Ana", "accuse", "Ben", doc_id="a")
    person(G, "Ana", "accuse", "Cleo", doc_id="b")
    person(G, "Ana", "accuse", "Cleo", doc_id="c")
    person(G, "Ana", "meet", "Ben", doc_id="a")
    person(G, "Ben", "sue", "Ana", doc_id="d")
    p = profile(G, "ana")
    assert list(p.said) == ["accuse", "meet"]
    assert [(st.object, st.sources) for st in p.said["accuse"]] == [
        ("Cleo", ["b", "c"]),
        ("Ben", ["a"]),
    ]
    assert [st.subject for st in p.about["sue"]] == ["Ben"]
    assert p.sources == ["a", "b", "c", "d"]


def test_two_groups_and_a_bridge_make_two_communities() -> None:
    G = nx.MultiDiGraph()
    for group in (("A", "B", "C", "D"), ("W", "X", "Y", "Z")):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                person(G, a, "meet", b)
    person(G, "D", "call", "W")
    add_statement(G, "A", "say", "a quote", subject_type="PERSON")  # a leaf joins A
    found = communities(G)
    assert [sorted(m.name for m in c.members) for c in found] == [
        ["A", "B", "C", "D", "a quote"],
        ["W", "X", "Y", "Z"],
    ]
    assert found[0].top_predicates[0] == ("meet", 6)
    assert found[0].statements == 7


def test_key_actor_ties_go_by_name() -> None:
    G = nx.MultiDiGraph()
    for name in ("Cleo", "Ana", "Ben"):
        person(G, name, "meet", "Hub")
    add_statement(G, "Hub", "say", "lots", subject_type="PERSON")
    add_statement(G, "Hub", "say", "more", subject_type="PERSON")
    top = key_actors(G, k=4)
    assert [a.name for a in top] == ["Hub", "Ana", "Ben", "Cleo"]
    assert top[0].betweenness == pytest.approx(1.0)  # every other pair goes through Hub


# -- export formats -----------------------------------------------------------------------


def test_export_formats_round_trip(example: nx.MultiDiGraph, tmp_path: Path) -> None:
    n, m = example.number_of_nodes(), example.number_of_edges()
    graphml = export_graph(example, "graphml", tmp_path / "g.graphml")[0]
    back = nx.read_graphml(graphml, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (n, m)
    s, o, k, d = next(iter(example.edges(keys=True, data=True)))
    assert json.loads(back.edges[s, o, k]["sentences"]) == d["sentences"]
    gexf = export_graph(example, "gexf", tmp_path / "g.gexf")[0]
    back = nx.read_gexf(gexf)
    assert (back.number_of_nodes(), back.number_of_edges()) == (n, m)
    node = find_node(example, "Markus Lenz")
    assert back.nodes[node]["label"] == "Markus Lenz"
    node_link = export_graph(example, "json", tmp_path / "g.json")[0]
    back = nx.node_link_graph(json.loads(node_link.read_text()), edges="edges")
    same_graph(back, example)
    nodes_csv, edges_csv = export_graph(example, "csv", tmp_path / "csv")
    with nodes_csv.open(newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_csv.open(newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert (len(nodes), len(edges)) == (n, m)
    assert list(nodes[0])[:3] == ["id", "name", "type"]
    assert (
        json.loads(edges[0]["sources"])
        == example.edges[edges[0]["source"], edges[0]["target"], edges[0]["key"]]["sources"]
    )
    with pytest.raises(ValueError, match="unknown graph format"):
        export_graph(example, "dot", tmp_path / "g.dot")  # type: ignore[arg-type]


# -- synthetic graphs ---------------------------------------------------------------------


def test_synthetic_graphs_are_reproducible() -> None:
    a, b = synthetic_graph(3000, seed=5), synthetic_graph(3000, seed=5)
    assert a.number_of_edges() == 3000
    same_graph(a, b)
    assert not nx.utils.graphs_equal(a, synthetic_graph(3000, seed=6))
    actors = key_actors(a, k=3)
    assert actors == key_actors(b, k=3) and actors[0].type != CONCEPT
    assert communities(a, seed=1) == communities(b, seed=1)


# -- the same answers from Neo4j --------------------------------------------------------


@pytest.mark.neo4j
def test_neo4j_gives_the_same_graph_and_answers(
    empty_db: Neo4jSettings, example_export: Path, example: nx.MultiDiGraph
) -> None:
    from kg.analysis import graph_from_neo4j
    from kg.loader import Neo4jLoader

    with Neo4jLoader(empty_db) as loader:
        loader.load_export(example_export)
        from_neo4j = graph_from_neo4j(loader)
    same_graph(from_neo4j, example)
    assert key_actors(from_neo4j, k=10) == key_actors(example, k=10)
    assert communities(from_neo4j) == communities(example)
