"""Questions to the statement graph: actors, communities, paths, profiles, sources, time."""

from __future__ import annotations

import bisect
import csv
import heapq
import itertools
import json
import pathlib
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import networkx as nx
import numpy as np
import numpy.typing as npt

from kg.errors import UnknownNodeError
from kg.export import read_documents, read_entities, read_triples
from kg.ids import concept_id, entity_id, stable_hash
from kg.records import Entity, Triple

if TYPE_CHECKING:
    from kg.loader import Neo4jLoader

__all__ = [
    "CONCEPT",
    "CONTRADICTORY_PREDICATES",
    "EXACT_BETWEENNESS_LIMIT",
    "ActorScore",
    "Community",
    "Contradiction",
    "Corroboration",
    "Hop",
    "Member",
    "NodeRef",
    "Path",
    "Profile",
    "Sentence",
    "Statement",
    "TimelineEvent",
    "UnknownNodeError",
    "add_statement",
    "communities",
    "corroboration",
    "export_graph",
    "find_node",
    "graph_from_export",
    "graph_from_neo4j",
    "graph_from_rows",
    "graph_from_triples",
    "key_actors",
    "paths",
    "profile",
    "stated_dates",
    "synthetic_graph",
    "timeline",
]

CONCEPT = "CONCEPT"
"""The ``type`` of nodes that are argument phrases rather than named entities."""

EXACT_BETWEENNESS_LIMIT = 5000
"""Above this many nodes betweenness is estimated from a seeded sample of sources."""

CONTRADICTORY_PREDICATES: tuple[tuple[str, str], ...] = (
    ("approve", "reject"),
    ("confirm", "deny"),
    ("accept", "reject"),
    ("support", "oppose"),
    ("admit", "deny"),
    ("win", "lose"),
    ("increase", "decrease"),
    ("open", "close"),
    ("include", "exclude"),
)
"""Predicate pairs that cannot both hold for the same subject and object."""

_DOCUMENT_FIELDS = ("title", "published", "outlet", "url")
_PATH_SLACK = 2  # paths up to this many hops longer than the shortest are considered


# -- records ---------------------------------------------------------------------------


class Sentence(TypedDict):
    """Where a statement was made: the sentence and its offsets in the cleaned text."""

    doc_id: str
    sentence: str
    start: int
    end: int
    sentence_index: int


@dataclass(frozen=True, slots=True)
class NodeRef:
    id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One edge: a distinct (subject, predicate, object, negated) and its evidence."""

    subject: str
    subject_id: str
    predicate: str
    object: str
    object_id: str
    negated: bool
    evidence: int
    confidence: float
    sources: list[str]
    sentences: list[Sentence]
    attributions: list[str]
    modalities: list[str]

    def text(self) -> str:
        """``subject –predicate→ object`` with ``not`` when negated."""
        neg = "not " if self.negated else ""
        return f"{self.subject} –{neg}{self.predicate}→ {self.object}"


@dataclass(frozen=True, slots=True)
class ActorScore:
    id: str
    name: str
    type: str
    degree: int
    pagerank: float
    betweenness: float


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    type: str
    degree: int


@dataclass(frozen=True, slots=True)
class Community:
    """Members by degree, and the predicates of the statements inside the community."""

    index: int
    members: list[Member]
    statements: int
    top_predicates: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path and every statement between its two ends (either direction)."""

    source: NodeRef
    target: NodeRef
    statements: list[Statement]


@dataclass(frozen=True, slots=True)
class Path:
    nodes: list[NodeRef]
    hops: list[Hop]

    @property
    def length(self) -> int:
        return len(self.hops)


@dataclass(frozen=True, slots=True)
class Profile:
    """What X says (out-edges) and what is said about X (in-edges), by predicate."""

    node: NodeRef
    aliases: list[str]
    sources: list[str]
    said: dict[str, list[Statement]]
    about: dict[str, list[Statement]]


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two statements on the same subject and object that cannot both hold."""

    kind: Literal["negation", "opposite"]
    first: Statement
    second: Statement


@dataclass(frozen=True, slots=True)
class Corroboration:
    corroborated: list[Statement]
    single_source: list[Statement]
    contradictions: list[Contradiction]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A statement as made in one sentence, dated by the sentence or its document."""

    date: str | None
    date_stated: bool
    published: str | None
    doc_id: str
    title: str | None
    sentence_index: int
    sentence: str
    subject: str
    predicate: str
    object: str
    negated: bool


# -- building the graph ----------------------------------------------------------------


def _node_sources(G: nx.MultiDiGraph, node: str, doc_id: str) -> None:
    sources: list[str] = G.nodes[node]["sources"]
    i = bisect.bisect_left(sources, doc_id)
    if i == len(sources) or sources[i] != doc_id:
        sources.insert(i, doc_id)


def _ensure_node(G: nx.MultiDiGraph, node: str, name: str, type_: str) -> None:
    """Add the node unless there; a concept keeps the alphabetically first of its
    spellings (its id ignores case), as in Neo4j (:func:`kg.cypher.merge_concepts`)."""
    if node not in G:
        G.add_node(node, name=name, type=type_, aliases=[], sources=[])
    elif type_ == CONCEPT and name < G.nodes[node]["name"]:
        G.nodes[node]["name"] = name


def add_statement(
    G: nx.MultiDiGraph,
    subject: str,
    predicate: str,
    object_: str,
    *,
    negated: bool = False,
    subject_id: str | None = None,
    object_id: str | None = None,
    subject_type: str | None = None,
    object_type: str | None = None,
    doc_id: str | None = None,
    sentence: str = "",
    sentence_index: int = 0,
    start: int = 0,
    end: int = 0,
    confidence: float = 1.0,
    attribution: str | None = None,
    modality: str | None = None,
) -> str:
    """Add one statement as made in one sentence; return the key of its edge.

    An argument is the entity ``*_id`` when given, else an entity of ``*_type`` when
    given, else a concept. Repeated statements add evidence to the same edge: one per
    distinct sentence that makes it (as in Neo4j), or per call without a document.

    >>> G = nx.MultiDiGraph()
    >>> key = add_statement(G, "Claire Weber", "accuse", "Moselchem", doc_id="a",
    ...                     subject_type="PERSON", object_type="ORG")
    >>> key == add_statement(G, "Claire Weber", "accuse", "Moselchem", doc_id="b",
    ...                      subject_type="PERSON", object_type="ORG")
    True
    >>> [(d["predicate"], d["evidence"], d["sources"]) for _, _, d in G.edges(data=True)]
    [('accuse', 2, ['a', 'b'])]
    """
    ends = []
    for name, node_id, type_ in (
        (subject, subject_id, subject_type),
        (object_, object_id, object_type),
    ):
        if node_id is None and type_ is None:
            node_id, type_ = concept_id(name), CONCEPT
        elif node_id is None:
            node_id = entity_id(str(type_), name)
        _ensure_node(G, node_id, name, type_ or "UNKNOWN")
        ends.append(node_id)
    s, o = ends
    key = _edge_key(s, predicate, o, negated)
    if not G.has_edge(s, o, key):
        G.add_edge(
            s,
            o,
            key,
            predicate=predicate,
            negated=negated,
            evidence=0,
            confidence=0.0,
            sources=[],
            sentences=[],
            attributions=[],
            modalities=[],
        )
    data = G.edges[s, o, key]
    data["confidence"] = max(data["confidence"], confidence)
    for field_, value in (("attributions", attribution), ("modalities", modality)):
        if value is not None and value not in data[field_]:
            bisect.insort(data[field_], value)
    if doc_id is not None:
        if doc_id not in data["sources"]:
            bisect.insort(data["sources"], doc_id)
        _node_sources(G, s, doc_id)
        _node_sources(G, o, doc_id)
        sentences: list[Sentence] = data["sentences"]
        if not any(
            x["doc_id"] == doc_id and x["sentence_index"] == sentence_index for x in sentences
        ):
            row: Sentence = {
                "doc_id": doc_id,
                "sentence": sentence,
                "start": start,
                "end": end,
                "sentence_index": sentence_index,
            }
            bisect.insort(sentences, row, key=_sentence_order)
            data["evidence"] += 1
    else:
        data["evidence"] += 1
    return key


def _edge_key(subject_id: str, predicate: str, object_id: str, negated: bool) -> str:
    """The key of a statement's edge: one edge per (subject, predicate, object, negated),
    as one relationship in Neo4j."""
    return stable_hash(subject_id, predicate, object_id, negated)


def _sentence_order(row: Sentence) -> tuple[str, int]:
    return row["doc_id"], row["sentence_index"]


def _document(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: row.get(name) for name in _DOCUMENT_FIELDS}


def graph_from_triples(
    triples: Iterable[Triple],
    entities: Iterable[Entity] = (),
    documents: Iterable[Mapping[str, Any]] = (),
) -> nx.MultiDiGraph:
    """The statement graph of triples (streamed: only per-edge aggregates are kept)."""
    G = nx.MultiDiGraph()
    G.graph["documents"] = {row["id"]: _document(row) for row in documents}
    for entity in entities:
        G.add_node(
            entity.id,
            name=entity.name,
            type=entity.type,
            aliases=list(entity.aliases),
            sources=sorted(entity.sources),
        )
    for t in triples:
        add_statement(
            G,
            t.subject,
            t.predicate,
            t.object,
            negated=t.negated,
            subject_id=t.subject_id,
            object_id=t.object_id,
            subject_type=t.subject_type if t.subject_id else None,
            object_type=t.object_type if t.object_id else None,
            doc_id=t.doc_id,
            sentence=t.sentence,
            sentence_index=t.sentence_index,
            start=t.start,
            end=t.end,
            confidence=t.confidence,
            attribution=t.attribution,
            modality=t.modality,
        )
    return G


def graph_from_export(directory: pathlib.Path) -> nx.MultiDiGraph:
    """The statement graph of an export directory (``kg build ... --out DIR``).

    Nodes are entities and concepts (``name``, ``type``, ``aliases``, ``sources``); each
    distinct (subject, predicate, object, negated) is one edge keyed like the Neo4j
    relationship, with ``predicate``, ``negated``, ``evidence``, ``confidence`` (max),
    ``sources``, ``sentences``, ``attributions`` and ``modalities``. Document metadata
    is in ``G.graph["documents"]``.
    """
    directory = pathlib.Path(directory)
    return graph_from_triples(
        read_triples(directory), read_entities(directory), read_documents(directory)
    )


def graph_from_rows(
    documents: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    concepts: Iterable[Mapping[str, Any]],
    sentences: Iterable[Mapping[str, Any]],
    relationships: Iterable[Mapping[str, Any]],
) -> nx.MultiDiGraph:
    """The statement graph from rows of the Neo4j graph model (see :func:`graph_from_neo4j`).

    Sentence rows have ``id`` (``docid#index``), ``doc_id``, ``sentence_index``,
    ``sentence``, ``start``, ``end``; relationship rows refer to them by id.
    """
    G = nx.MultiDiGraph()
    G.graph["documents"] = {row["id"]: _document(row) for row in documents}
    for row in entities:
        G.add_node(
            row["id"],
            name=row["name"],
            type=row["type"],
            aliases=list(row.get("aliases") or []),
            sources=sorted(row.get("sources") or []),
        )
    for row in concepts:
        G.add_node(row["id"], name=row["name"], type=CONCEPT, aliases=[], sources=[])
    by_id: dict[str, Sentence] = {
        row["id"]: {
            "doc_id": row["doc_id"],
            "sentence": row["sentence"],
            "start": row["start"],
            "end": row["end"],
            "sentence_index": row["sentence_index"],
        }
        for row in sentences
    }
    for row in relationships:
        s, o, negated = row["subject_id"], row["object_id"], bool(row["negated"])
        sources = sorted(row.get("sources") or [])
        G.add_edge(
            s,
            o,
            _edge_key(s, row["predicate"], o, negated),
            predicate=row["predicate"],
            negated=negated,
            evidence=int(row["evidence"]),
            confidence=float(row["confidence"]),
            sources=sources,
            sentences=sorted(
                (by_id[sid] for sid in row.get("sentences") or [] if sid in by_id),
                key=_sentence_order,
            ),
            attributions=sorted(row.get("attributions") or []),
            modalities=sorted(row.get("modalities") or []),
        )
        for doc_id in sources:
            _node_sources(G, s, doc_id)
            _node_sources(G, o, doc_id)
    return G


_NEO4J_QUERIES = {
    "documents": (
        "MATCH (d:Document) RETURN d.id AS id, d.title AS title, d.published AS published, "
        "d.outlet AS outlet, d.url AS url ORDER BY id"
    ),
    "entities": (
        "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type, "
        "e.aliases AS aliases, e.sources AS sources ORDER BY id"
    ),
    "concepts": "MATCH (c:Concept) RETURN c.id AS id, c.name AS name ORDER BY id",
    "sentences": (
        "MATCH (s:Sentence) RETURN s.id AS id, s.doc_id AS doc_id, "
        "s.index AS sentence_index, s.text AS sentence, s.start AS start, s.end AS end"
    ),
    "relationships": (
        "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL "
        "AND (a:Entity OR a:Concept) AND (b:Entity OR b:Concept) "
        "RETURN a.id AS subject_id, b.id AS object_id, "
        "r.predicate AS predicate, r.negated AS negated, r.evidence AS evidence, "
        "r.confidence AS confidence, r.sources AS sources, r.sentences AS sentences, "
        "r.attributions AS attributions, r.modalities AS modalities "
        "ORDER BY subject_id, predicate, object_id, negated"
    ),
}


def graph_from_neo4j(loader: Neo4jLoader) -> nx.MultiDiGraph:
    """The same graph as :func:`graph_from_export`, read back from Neo4j."""

    def rows(name: str) -> list[dict[str, Any]]:
        columns, values = loader.query(_NEO4J_QUERIES[name])
        return [dict(zip(columns, row, strict=True)) for row in values]

    return graph_from_rows(
        rows("documents"),
        rows("entities"),
        rows("concepts"),
        rows("sentences"),
        rows("relationships"),
    )


# -- looking things up -----------------------------------------------------------------


def _ref(G: nx.MultiDiGraph, node: str) -> NodeRef:
    data = G.nodes[node]
    return NodeRef(id=node, name=data.get("name", node), type=data.get("type", "UNKNOWN"))


def _is_entity(data: Mapping[str, Any]) -> bool:
    return data.get("type") != CONCEPT


def _statement(G: nx.MultiDiGraph, s: str, o: str, data: Mapping[str, Any]) -> Statement:
    return Statement(
        subject=G.nodes[s].get("name", s),
        subject_id=s,
        predicate=data["predicate"],
        object=G.nodes[o].get("name", o),
        object_id=o,
        negated=bool(data.get("negated", False)),
        evidence=int(data.get("evidence", 1)),
        confidence=float(data.get("confidence", 0.0)),
        sources=list(data.get("sources", [])),
        sentences=list(data.get("sentences", [])),
        attributions=list(data.get("attributions", [])),
        modalities=list(data.get("modalities", [])),
    )


def _statement_order(st: Statement) -> tuple[Any, ...]:
    return st.subject, st.predicate, st.object, st.negated, st.subject_id, st.object_id


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The id of the node with this id, name or alias (case-insensitive).

    Entities win over concepts, then better connected nodes, then the smaller id.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e1", name="Claire Weber", type="PERSON", aliases=["Weber"])
    >>> find_node(G, "weber"), find_node(G, "CLAIRE WEBER"), find_node(G, "e1")
    ('e1', 'e1', 'e1')
    """
    if name in G:
        return name
    wanted = name.strip().casefold()
    by_name, by_alias = [], []
    for node, data in G.nodes(data=True):
        if str(data.get("name", "")).casefold() == wanted:
            by_name.append(node)
        elif any(str(a).casefold() == wanted for a in data.get("aliases") or ()):
            by_alias.append(node)
    candidates = by_name or by_alias
    if not candidates:
        raise UnknownNodeError(f"no entity or concept named {name!r}")
    best: str = min(candidates, key=lambda n: (not _is_entity(G.nodes[n]), -G.degree(n), n))
    return best


# -- the undirected weighted projection ------------------------------------------------

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Projection:
    """Nodes sorted by id; each unordered pair once (``u < v``), weighted by evidence.

    Built in a canonical order so that results do not depend on how the graph was
    read (export or Neo4j). Self-loops are left out.
    """

    ids: list[str]
    u: IntArray
    v: IntArray
    weight: FloatArray

    @property
    def n(self) -> int:
        return len(self.ids)


def _projection(G: nx.MultiDiGraph) -> _Projection:
    ids = sorted(G)
    index = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    flat = np.fromiter(
        itertools.chain.from_iterable(
            (index[a], index[b], w) for a, b, w in G.edges(data="evidence", default=1) if a != b
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    lo = np.minimum(flat[:, 0], flat[:, 1])
    hi = np.maximum(flat[:, 0], flat[:, 1])
    pairs, inverse = np.unique(lo * max(n, 1) + hi, return_inverse=True)
    weight = np.bincount(inverse.ravel(), weights=flat[:, 2], minlength=len(pairs))
    return _Projection(ids, pairs // max(n, 1), pairs % max(n, 1), weight.astype(np.float64))


def _pagerank(
    p: _Projection, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100
) -> FloatArray:
    """Weighted PageRank of the undirected projection (as ``nx.pagerank`` computes it)."""
    n = p.n
    if n == 0:
        return np.zeros(0)
    src = np.concatenate([p.u, p.v])
    dst = np.concatenate([p.v, p.u])
    w = np.concatenate([p.weight, p.weight])
    strength = np.bincount(src, weights=w, minlength=n)
    dangling = strength == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        share = np.divide(x, strength, out=np.zeros(n), where=~dangling)
        spread = alpha * np.bincount(dst, weights=share[src] * w, minlength=n)
        nxt = spread + (alpha * x[dangling].sum() + 1.0 - alpha) / n
        err = float(np.abs(nxt - x).sum())
        x = nxt
        if err < n * tol:
            break
    return x


def _betweenness(p: _Projection, sources: list[int]) -> FloatArray:
    """Brandes' betweenness on the unweighted projection, one BFS level per numpy step.

    Normalised like ``nx.betweenness_centrality`` (with ``k`` samples when ``sources``
    is a sample).
    """
    n = p.n
    bc = np.zeros(n)
    if n < 3 or not sources:
        return bc
    a = np.concatenate([p.u, p.v])
    b = np.concatenate([p.v, p.u])
    order = np.argsort(a, kind="stable")
    neighbours = b[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(a, minlength=n), out=indptr[1:])
    degree = np.diff(indptr)
    dist = np.empty(n, dtype=np.int64)
    sigma = np.empty(n)
    delta = np.empty(n)
    for s in sources:
        dist.fill(-1)
        sigma.fill(0.0)
        delta.fill(0.0)
        dist[s], sigma[s] = 0, 1.0
        frontier = np.array([s])
        depth = 0
        levels: list[tuple[IntArray, IntArray]] = []
        while True:
            counts = degree[frontier]
            ends = np.cumsum(counts)
            total = int(ends[-1])
            if total == 0:
                break
            offsets = np.arange(total) + np.repeat(indptr[frontier] - ends + counts, counts)
            nbr = neighbours[offsets]
            seen = dist[nbr]
            fresh = seen < 0
            if not fresh.any():
                break
            dist[nbr[fresh]] = depth + 1
            keep = fresh | (seen == depth + 1)
            pred, succ = np.repeat(frontier, counts)[keep], nbr[keep]
            sigma += np.bincount(succ, weights=sigma[pred], minlength=n)
            levels.append((pred, succ))
            depth += 1
            frontier = np.flatnonzero(dist == depth)
        for pred, succ in reversed(levels):
            share = sigma[pred] / sigma[succ] * (1.0 + delta[succ])
            delta += np.bincount(pred, weights=share, minlength=n)
        delta[s] = 0.0
        bc += delta
    k = len(sources)  # over pairs (s, t), s != t, neither of them v
    scale = np.full(n, 1.0 / ((n - 1) * (n - 2)) if k == n else 1.0 / (k * (n - 2)))
    if k < n:  # a sampled source v saw only k - 1 other sources
        scale[sources] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    scaled: FloatArray = bc * scale
    return scaled


def _rounded(x: float) -> float:
    """Scores to 12 significant digits, so equal scores tie whatever the summation order."""
    return float(f"{x:.12g}")


def key_actors(
    G: nx.MultiDiGraph,
    k: int = 10,
    *,
    by: Literal["pagerank", "degree", "betweenness"] = "pagerank",
    samples: int = 256,
    seed: int = 0,
) -> list[ActorScore]:
    """The ``k`` entities that matter most, by PageRank (default), degree or betweenness.

    Degree counts statements; PageRank (weighted by evidence) and betweenness use the
    undirected projection. Betweenness is exact up to :data:`EXACT_BETWEENNESS_LIMIT`
    nodes, above that estimated from ``samples`` sources drawn with ``seed``. Ties go
    by name.

    >>> G = nx.MultiDiGraph()
    >>> for who in ("Ana", "Ben", "Cleo"):
    ...     _ = add_statement(G, who, "meet", "Dora", subject_type="PERSON",
    ...                       object_type="PERSON")
    >>> [(a.name, a.degree) for a in key_actors(G, k=2)]
    [('Dora', 3), ('Ana', 1)]
    """
    p = _projection(G)
    rank = _pagerank(p)
    if p.n <= EXACT_BETWEENNESS_LIMIT:
        sources = list(range(p.n))
    else:
        sources = sorted(random.Random(seed).sample(range(p.n), min(samples, p.n)))
    between = _betweenness(p, sources)
    scores = (
        ActorScore(
            id=node,
            name=G.nodes[node].get("name", node),
            type=G.nodes[node].get("type", "UNKNOWN"),
            degree=int(G.degree(node)),
            pagerank=float(rank[i]),
            betweenness=float(between[i]),
        )
        for i, node in enumerate(p.ids)
        if _is_entity(G.nodes[node])
    )
    return heapq.nsmallest(k, scores, key=lambda a: (-_rounded(getattr(a, by)), a.name, a.id))


# -- communities -----------------------------------------------------------------------


def _fold_leaves(p: _Projection) -> IntArray:
    """Each node's representative: a node with one neighbour is folded into it.

    Louvain puts such a node with its neighbour anyway; folding them first (as a
    self-loop, the way Louvain aggregates) makes news graphs, which are mostly leaves,
    several times faster to partition.
    """
    rep = np.arange(p.n)
    degree = np.bincount(np.concatenate([p.u, p.v]), minlength=p.n)
    leaf_u, leaf_v = degree[p.u] == 1, degree[p.v] == 1
    rep[p.u[leaf_u & ~leaf_v]] = p.v[leaf_u & ~leaf_v]
    rep[p.v[leaf_v]] = p.u[leaf_v]  # a pair of leaves folds into the smaller id
    return rep


def communities(
    G: nx.MultiDiGraph, seed: int = 0, *, resolution: float = 1.0, min_size: int = 2
) -> list[Community]:
    """Louvain communities of the undirected projection weighted by evidence.

    Largest first; members by degree, then name. Nodes with a single neighbour join
    that neighbour's community. Communities under ``min_size`` members are left out.

    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("A", "B"), ("B", "C"), ("C", "A"), ("X", "Y"), ("Y", "Z"),
    ...              ("Z", "X"), ("C", "X")]:
    ...     _ = add_statement(G, a, "meet", b, subject_type="PERSON", object_type="PERSON")
    >>> [[m.name for m in c.members] for c in communities(G)]
    [['C', 'A', 'B'], ['X', 'Y', 'Z']]
    """
    p = _projection(G)
    rep = _fold_leaves(p)
    a, b = rep[p.u], rep[p.v]
    pairs, inverse = np.unique(
        np.minimum(a, b) * max(p.n, 1) + np.maximum(a, b), return_inverse=True
    )
    weight = np.bincount(inverse.ravel(), weights=p.weight, minlength=len(pairs))
    H = nx.Graph()
    H.add_nodes_from(np.flatnonzero(rep == np.arange(p.n)).tolist())
    H.add_weighted_edges_from(
        zip(
            (pairs // max(p.n, 1)).tolist(),
            (pairs % max(p.n, 1)).tolist(),
            weight.tolist(),
            strict=True,
        )
    )
    parts = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    label = np.empty(p.n, dtype=np.int64)
    for i, part in enumerate(parts):
        label[list(part)] = i
    label = label[rep]
    of = dict(zip(p.ids, label.tolist(), strict=True))
    groups: dict[int, list[str]] = defaultdict(list)
    for node, c in of.items():
        groups[c].append(node)
    predicates: dict[int, Counter[str]] = defaultdict(Counter)
    for s, o, predicate in G.edges(data="predicate"):
        if of[s] == of[o]:
            predicates[of[s]][predicate] += 1
    found = []
    for c, nodes in groups.items():
        if len(nodes) < min_size:
            continue
        members = sorted(
            (
                Member(n, G.nodes[n].get("name", n), G.nodes[n].get("type", ""), G.degree(n))
                for n in nodes
            ),
            key=lambda m: (-m.degree, m.name, m.id),
        )
        top = sorted(predicates[c].items(), key=lambda item: (-item[1], item[0]))[:5]
        found.append((members, predicates[c].total(), top))
    found.sort(key=lambda f: (-len(f[0]), f[0][0].name, f[0][0].id))
    return [
        Community(index=i, members=m, statements=n, top_predicates=t)
        for i, (m, n, t) in enumerate(found)
    ]


# -- paths, profiles -------------------------------------------------------------------


def _distances(G: nx.MultiDiGraph, source: str) -> dict[str, int]:
    """Hops from ``source`` to every node it reaches, edges taken either way."""
    dist = {source: 0}
    frontier = [source]
    while frontier:
        step: list[str] = []
        for node in frontier:
            for other in itertools.chain(G.succ[node], G.pred[node]):
                if other not in dist:
                    dist[other] = dist[node] + 1
                    step.append(other)
        frontier = step
    return dist


def _between(G: nx.MultiDiGraph, a: str, b: str) -> list[Statement]:
    found = [_statement(G, a, b, d) for d in G.succ[a].get(b, {}).values()]
    if a != b:
        found += [_statement(G, b, a, d) for d in G.succ[b].get(a, {}).values()]
    return sorted(found, key=lambda st: (-st.evidence, *_statement_order(st)))


def paths(G: nx.MultiDiGraph, a: str, b: str, k: int = 3) -> list[Path]:
    """Up to ``k`` shortest paths between two nodes (ids, names or aliases), edges taken
    either way, each hop with the statements and sentences behind it.

    Shortest first, then by the names along the path; paths more than two hops
    longer than the shortest are not considered.

    >>> G = nx.MultiDiGraph()
    >>> _ = add_statement(G, "Lenz", "lead", "Moselchem", subject_type="PERSON",
    ...                   object_type="ORG")
    >>> _ = add_statement(G, "Weber", "accuse", "Moselchem", subject_type="PERSON",
    ...                   object_type="ORG")
    >>> [h.statements[0].text() for h in paths(G, "lenz", "weber")[0].hops]
    ['Lenz –lead→ Moselchem', 'Weber –accuse→ Moselchem']
    """
    source, target = find_node(G, a), find_node(G, b)
    if source == target:
        return [Path(nodes=[_ref(G, source)], hops=[])]
    from_a = _distances(G, source)
    if target not in from_a:
        return []
    from_b = _distances(G, target)
    limit = from_a[target] + _PATH_SLACK
    near = sorted(n for n, d in from_a.items() if d + from_b.get(n, limit + 1) <= limit)
    H = nx.Graph()
    H.add_nodes_from(near)
    H.add_edges_from(
        sorted(
            (min(s, o), max(s, o))
            for s in near
            for o in itertools.chain(G.succ[s], G.pred[s])
            if o in H and o != s
        )
    )
    found: list[list[str]] = []
    for nodes in nx.shortest_simple_paths(H, source, target):
        if len(nodes) - 1 > limit or len(found) >= k:
            break
        found.append(nodes)
    named = sorted(found, key=lambda ns: (len(ns), [G.nodes[n].get("name", n) for n in ns], ns))
    return [
        Path(
            nodes=[_ref(G, n) for n in nodes],
            hops=[
                Hop(_ref(G, s), _ref(G, o), _between(G, s, o)) for s, o in itertools.pairwise(nodes)
            ],
        )
        for nodes in named
    ]


def _by_predicate(statements: Iterable[Statement]) -> dict[str, list[Statement]]:
    groups: dict[str, list[Statement]] = defaultdict(list)
    for st in statements:
        groups[st.predicate].append(st)
    ordered = sorted(
        groups.items(), key=lambda item: (-sum(st.evidence for st in item[1]), item[0])
    )
    return {
        predicate: sorted(sts, key=lambda st: (-st.evidence, *_statement_order(st)))
        for predicate, sts in ordered
    }


def profile(G: nx.MultiDiGraph, name: str) -> Profile:
    """Everything said by a node (out-edges) and about it (in-edges), by predicate.

    >>> G = nx.MultiDiGraph()
    >>> _ = add_statement(G, "Weber", "accuse", "Moselchem", doc_id="a",
    ...                   subject_type="PERSON", object_type="ORG")
    >>> _ = add_statement(G, "Lenz", "reject", "Weber", doc_id="b", negated=True,
    ...                   subject_type="PERSON", object_type="PERSON")
    >>> p = profile(G, "Weber")
    >>> [st.text() for st in p.said["accuse"]], [st.text() for st in p.about["reject"]]
    (['Weber –accuse→ Moselchem'], ['Lenz –not reject→ Weber'])
    >>> p.sources
    ['a', 'b']
    """
    node = find_node(G, name)
    data = G.nodes[node]
    return Profile(
        node=_ref(G, node),
        aliases=list(data.get("aliases") or []),
        sources=list(data.get("sources") or []),
        said=_by_predicate(_statement(G, s, o, d) for s, o, d in G.out_edges(node, data=True)),
        about=_by_predicate(_statement(G, s, o, d) for s, o, d in G.in_edges(node, data=True)),
    )


# -- corroboration and contradictions --------------------------------------------------

_OPPOSITES: dict[str, set[str]] = defaultdict(set)
for _first, _second in CONTRADICTORY_PREDICATES:
    _OPPOSITES[_first].add(_second)
    _OPPOSITES[_second].add(_first)
_ORDER = {p: i for i, p in enumerate(dict.fromkeys(itertools.chain(*CONTRADICTORY_PREDICATES)))}


def corroboration(G: nx.MultiDiGraph) -> Corroboration:
    """Statements made by two or more documents (most documents first), statements made
    by one, and contradictions: the same statement asserted and negated, or opposite
    predicates (:data:`CONTRADICTORY_PREDICATES`) asserted on the same subject and
    object.

    >>> G = nx.MultiDiGraph()
    >>> for doc, pred, neg in [("a", "approve", False), ("b", "approve", False),
    ...                        ("c", "approve", True), ("c", "reject", False)]:
    ...     _ = add_statement(G, "Council", pred, "plan", negated=neg, doc_id=doc)
    >>> c = corroboration(G)
    >>> [(st.text(), st.sources) for st in c.corroborated]
    [('Council –approve→ plan', ['a', 'b'])]
    >>> [(x.kind, x.first.text(), x.second.text()) for x in c.contradictions]
    [('negation', 'Council –approve→ plan', 'Council –not approve→ plan'), \
('opposite', 'Council –approve→ plan', 'Council –reject→ plan')]
    """
    corroborated: list[Statement] = []
    single: list[Statement] = []
    contradictions: list[Contradiction] = []
    for s, targets in G.succ.items():
        for o, keyed in targets.items():
            statements = [_statement(G, s, o, d) for d in keyed.values()]
            for st in statements:
                if len(st.sources) >= 2:
                    corroborated.append(st)
                elif len(st.sources) == 1:
                    single.append(st)
            if len(statements) > 1:
                contradictions.extend(_contradictions(statements))
    corroborated.sort(key=lambda st: (-len(st.sources), -st.evidence, *_statement_order(st)))
    single.sort(key=_statement_order)
    contradictions.sort(key=lambda c: (c.kind, *_statement_order(c.first), c.second.predicate))
    return Corroboration(corroborated, single, contradictions)


def _contradictions(statements: list[Statement]) -> Iterable[Contradiction]:
    """Contradicting pairs among statements sharing one subject and one object."""
    asserted = {st.predicate: st for st in statements if not st.negated}
    for st in statements:
        if st.negated and st.predicate in asserted:
            yield Contradiction("negation", asserted[st.predicate], st)
    for first, second in itertools.combinations(sorted(asserted), 2):
        if second in _OPPOSITES.get(first, ()):
            x, y = sorted((first, second), key=lambda p: _ORDER[p])
            yield Contradiction("opposite", asserted[x], asserted[y])


# -- timeline --------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, month in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
    for name in (month, month[:3], "sept" if number == 9 else month)
}
_MONTH_NAMES = "|".join(m.title() for m in sorted(_MONTHS, key=len, reverse=True))
_ISO = r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
_MONTH_DAY = (
    rf"(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?"
)
_DAY_MONTH = (
    rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH_NAMES})\.?"
    r"(?:\s+(?P<year2>\d{4}))?"
)
_DATE = re.compile(rf"\b(?:{_ISO}|{_MONTH_DAY}|{_DAY_MONTH})\b")  # "may" is a verb, "May" a month


def stated_dates(text: str, published: str | None = None) -> list[str]:
    """ISO dates written in a text ("2026-03-06", "March 6, 2026", "6 March 2026"); a
    date without a year takes it from ``published`` (the year before if that would put
    it more than six months after publication).

    >>> stated_dates("Talks on March 6, 2026 and 7th March; report due 2026-04-01.",
    ...              published="2026-03-05")
    ['2026-03-06', '2026-03-07', '2026-04-01']
    >>> stated_dates("Closed since Dec. 30", published="2026-01-02")
    ['2025-12-30']
    """
    pub = _iso_date(published)
    found: list[str] = []
    for match in _DATE.finditer(text):
        if match["y"]:
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        else:
            month = _MONTHS[(match["month"] or match["month2"]).lower()]
            day = int(match["day"] or match["day2"])
            year_text = match["year"] or match["year2"]
            if year_text:
                year = int(year_text)
            elif pub is not None:
                year = pub.year
                if _valid(year, month, day) and date(year, month, day) > pub + timedelta(183):
                    year -= 1
            else:
                continue
        if _valid(year, month, day):
            found.append(date(year, month, day).isoformat())
    return found


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def timeline(G: nx.MultiDiGraph) -> list[TimelineEvent]:
    """Each statement in each sentence that makes it, in time order.

    An event is dated by the first date written in its sentence, else by its
    document's ``published`` date; undated events come last. Ties go by document,
    then sentence order.

    >>> G = nx.MultiDiGraph()
    >>> G.graph["documents"] = {"a": {"published": "2026-03-08"},
    ...                         "b": {"published": "2026-03-02"}}
    >>> _ = add_statement(G, "panel", "meet", "experts", doc_id="a", sentence="...")
    >>> _ = add_statement(G, "panel", "form", "board", doc_id="a", sentence_index=2,
    ...                   sentence="The panel formed on March 1, 2026.")
    >>> _ = add_statement(G, "river", "close", "barges", doc_id="b", sentence="...")
    >>> [(e.date, e.predicate) for e in timeline(G)]
    [('2026-03-01', 'form'), ('2026-03-02', 'close'), ('2026-03-08', 'meet')]
    """
    documents: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {})
    events = []
    for s, o, data in G.edges(data=True):
        subject, obj = G.nodes[s].get("name", s), G.nodes[o].get("name", o)
        for sent in data.get("sentences", []):
            doc = documents.get(sent["doc_id"], {})
            published = doc.get("published")
            stated = stated_dates(sent["sentence"], published)
            pub = _iso_date(published)
            events.append(
                TimelineEvent(
                    date=stated[0] if stated else (pub.isoformat() if pub else None),
                    date_stated=bool(stated),
                    published=published,
                    doc_id=sent["doc_id"],
                    title=doc.get("title"),
                    sentence_index=sent["sentence_index"],
                    sentence=sent["sentence"],
                    subject=subject,
                    predicate=data["predicate"],
                    object=obj,
                    negated=bool(data.get("negated", False)),
                )
            )
    events.sort(
        key=lambda e: (
            e.date is None,
            e.date or "",
            e.published or "",
            e.doc_id,
            e.sentence_index,
            e.subject,
            e.predicate,
            e.object,
            e.negated,
        )
    )
    return events


# -- export ----------------------------------------------------------------------------

GraphFormat = Literal["graphml", "gexf", "json", "csv"]


def _scalar(value: Any) -> Any:
    """Lists and dicts as JSON text, for formats that only hold scalars."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _flat(G: nx.MultiDiGraph, labels: bool = False) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    for node, data in G.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None}
        if labels:
            attrs.setdefault("label", data.get("name", node))
        H.add_node(node, **attrs)
    for s, o, key, data in G.edges(keys=True, data=True):
        H.add_edge(s, o, key, **{k: _scalar(v) for k, v in data.items() if v is not None})
    return H


def export_graph(G: nx.MultiDiGraph, fmt: GraphFormat, path: pathlib.Path) -> list[pathlib.Path]:
    """Write the graph as GraphML, GEXF, node-link JSON or CSV; return the files written.

    ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the directory ``path``. List and
    dict attributes become JSON text where the format only holds scalars.
    """
    path = pathlib.Path(path)
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        nodes, edges = path / "nodes.csv", path / "edges.csv"
        node_rows = [{"id": n, **d} for n, d in G.nodes(data=True)]
        edge_rows = [
            {"source": s, "target": o, "key": k, **d}
            for s, o, k, d in G.edges(keys=True, data=True)
        ]
        _write_csv(nodes, node_rows, ["id", "name", "type"])
        _write_csv(edges, edge_rows, ["source", "target", "key", "predicate", "negated"])
        return [nodes, edges]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(_flat(G), path)
    elif fmt == "gexf":
        nx.write_gexf(_flat(G, labels=True), path)
    elif fmt == "json":
        data = nx.node_link_data(G, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r} (graphml, gexf, json or csv)")
    return [path]


def _write_csv(path: pathlib.Path, rows: list[dict[str, Any]], first: list[str]) -> None:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _scalar(v) for k, v in row.items()})


# -- synthetic graphs ------------------------------------------------------------------

_SYNTHETIC_PREDICATES = (
    *"say|has title|accuse|warn|meet|lead|call|ask|criticise|investigate|sue|fund|visit|"
    "report|announce|rule out|step up|head of|member of".split("|"),
    *itertools.chain(*CONTRADICTORY_PREDICATES),
)
_SYNTHETIC_TYPES = ("PERSON", "ORG", "GPE", "NORP", "PERSON", "ORG")


def synthetic_graph(n_edges: int, seed: int = 0) -> nx.MultiDiGraph:
    """A random statement graph shaped like a news corpus, with ``n_edges`` edges.

    About one entity per 20 statements, with Zipf-like popularity, in stories of 50
    that mostly talk about each other; most objects are concepts, half of them said
    once. Attributes are those of :func:`graph_from_export`, without sentences.

    >>> G = synthetic_graph(1000, seed=1)
    >>> G.number_of_edges(), len(G.graph["documents"])
    (1000, 20)
    """
    rng = np.random.default_rng(seed)
    n_entities = max(2, n_edges // 20)
    n_concepts = max(1, n_edges // 10)
    n_docs = max(1, n_edges // 50)
    story = 50
    popular = np.cumsum(1.0 / np.arange(1, n_entities + 1) ** 0.9)
    common = np.cumsum(1.0 / np.arange(1, n_concepts + 1))

    def zipf(cumulative: FloatArray, size: int) -> list[int]:
        drawn = np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")
        picks: list[int] = np.minimum(drawn, len(cumulative) - 1).tolist()
        return picks

    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        f"doc-{d:06d}": {
            "title": f"Article {d}",
            "published": (date(2026, 1, 1) + timedelta(days=d % 365)).isoformat(),
            "outlet": f"Outlet {d % 7}",
            "url": None,
        }
        for d in range(n_docs)
    }
    entities = []
    for i in range(n_entities):
        type_ = _SYNTHETIC_TYPES[i % len(_SYNTHETIC_TYPES)]
        node = entity_id(type_, f"entity {i}")
        G.add_node(node, name=f"{type_.title()} {i}", type=type_, aliases=[], sources=[])
        entities.append(node)
    once = added = 0
    while added < n_edges:
        size = n_edges - added + 16
        draws = zip(
            zipf(popular, size),
            zipf(popular, size),
            zipf(common, size),
            rng.random(size).tolist(),
            rng.integers(0, story, size).tolist(),
            rng.integers(0, len(_SYNTHETIC_PREDICATES), size).tolist(),
            (rng.random(size) < 0.05).tolist(),
            rng.integers(0, 7, (size, 2)).tolist(),
            (rng.random(size) < 0.2).tolist(),
            np.round(rng.uniform(0.5, 1.0, size), 2).tolist(),
            strict=True,
        )
        for i, other, topic, draw, mate, pred, negated, outlets, twice, confidence in draws:
            if draw < 0.12:  # someone from the same story
                first = i - i % story
                obj = entities[first + mate % min(story, n_entities - first)]
            elif draw < 0.15:
                obj = entities[other]
            else:
                if draw < 0.6:
                    name, once = f"matter {once}", once + 1
                else:
                    name = f"topic {topic}"
                obj = concept_id(name)
                if obj not in G:
                    G.add_node(obj, name=name, type=CONCEPT, aliases=[], sources=[])
            subject = entities[i]
            predicate = _SYNTHETIC_PREDICATES[pred]
            key = _edge_key(subject, predicate, obj, negated)
            if subject == obj or G.has_edge(subject, obj, key):
                continue
            docs = sorted(
                {f"doc-{(i // story * 7 + k) % n_docs:06d}" for k in outlets[: 1 + twice]}
            )
            G.add_edge(
                subject,
                obj,
                key,
                predicate=predicate,
                negated=negated,
                evidence=len(docs),
                confidence=confidence,
                sources=docs,
                sentences=[],
                attributions=[],
                modalities=[],
            )
            for doc_id in docs:
                _node_sources(G, subject, doc_id)
                _node_sources(G, obj, doc_id)
            added += 1
            if added == n_edges:
                break
    return G
