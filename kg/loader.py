"""Load an export into Neo4j: batched ``UNWIND … MERGE``, nodes before relationships.

The load streams: export files are read line by line, rows go out in batches of
``batch_size`` and what is held at any time is a few batches and a bounded window of
recently seen node ids, whatever the size of the export. Batches are sent by
background threads (``writers`` of them, each its own session) while the next batch is
being prepared; a batch of relationships starts only after the node batches sent
before it have committed.

Loads are safe to repeat, to interrupt and rerun, and to run side by side: every
write is a MERGE on a constrained key (see :mod:`kg.cypher` for how properties
merge), transient errors (deadlocks between writers, a lost connection) are retried
by the driver for ``retry_seconds``, and a rolled-back batch left nothing behind.
"""

from __future__ import annotations

import bisect
import gc
import os
import re
import ssl
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
from kg.errors import ConfigError, InputError, Neo4jError
from kg.export import (
    DOCUMENTS,
    ENTITIES,
    TRIPLES,
    TripleRow,
    read_documents,
    read_entities,
    read_triple_rows,
    triple_row_of,
)
from kg.ids import concept_id, sentence_id
from kg.records import Entity, Triple
from kg.schema import constraint_statements, label_for, relationship_type, schema_names

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_RETRY_SECONDS",
    "DEFAULT_WRITERS",
    "ElementIds",
    "Ends",
    "GraphCounts",
    "GraphRow",
    "LoadStats",
    "Neo4jLoader",
    "RecentIds",
    "StatementKey",
    "fold_into",
    "fold_statement",
    "graph_rows",
    "relationship_row",
    "statement_key",
]

DEFAULT_BATCH = 10_000
"""Rows per transaction. Each transaction costs the server milliseconds of its own,
whatever its size: the relationship batches of one load of 100,000 triples, replayed
with one writer in batches of 300, 1,000 and 5,000 rows, took 7.5, 6.2 and 5.3 s of
server CPU. Full loads (scripts/bench_load's data, alternating on one server, medians
of six, :data:`NODE_PARTS` 2): 10,000 rows 5.29 s against 5,000 rows 5.56 s in one
run; 10,000 rows 5.16 s against 20,000 rows 5.46 s in another."""
DEFAULT_WRITERS = 2
"""Sessions writing at once (``[neo4j] writers`` in kg.toml, ``KG_NEO4J_WRITERS``)."""
DEFAULT_RETRY_SECONDS = 30.0
"""How long a batch is retried on transient errors (``[neo4j] retry_seconds``,
``KG_NEO4J_RETRY_SECONDS``): deadlocks, a lost connection, a restarting server."""
RECENT_IDS = 20_000
"""Node ids remembered per kind to drop repeated node rows (two generations of this)."""
KEPT_ELEMENT_IDS = 50_000
"""Element ids of nodes written lately that a loader keeps (two generations of this):
see :class:`ElementIds`."""
SWITCH_INTERVAL = 0.0005
"""Python's thread switch interval (seconds) during a load, instead of the default 5 ms:
see :meth:`Neo4jLoader._pipelined`."""

TripleLike = Triple | TripleRow | Mapping[str, Any]


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


def _triple(triple: TripleLike) -> Triple | TripleRow:
    """A triple with the fields loading reads, as attributes: rows of
    :func:`kg.export.read_triple_rows` and records as they are, mappings converted."""
    if isinstance(triple, TripleRow | Triple):
        return triple
    return triple_row_of(triple)


def _node(name: str, entity: str | None, concepts: RecentIds | None = None) -> tuple[str, str]:
    """(label, id) of the node a triple argument becomes: the entity ``entity`` if it
    names one, else the concept ``name`` (its id taken from ``concepts``, spelling -> id,
    when there)."""
    if entity:
        return "Entity", str(entity)
    cid = None if concepts is None else concepts.get(name)
    return "Concept", concept_id(name) if cid is None else cid


Ends = tuple[str, str]
"""The labels of a relationship's ends: (subject label, object label)."""

_TYPE = cypher.RELATIONSHIP_COLUMNS.index("type")
_PREDICATE = cypher.RELATIONSHIP_COLUMNS.index("predicate")
_NEGATED = cypher.RELATIONSHIP_COLUMNS.index("negated")
_CONFIDENCE = cypher.RELATIONSHIP_COLUMNS.index("confidence")
_SETS = tuple(
    cypher.RELATIONSHIP_COLUMNS.index(column)
    for column in ("sentences", "sources", *cypher.OPTIONAL_LISTS)
)

StatementKey = tuple[str, str, str, bool]
"""What identifies a relationship: (subject id, predicate, object id, negated); its
type follows from the predicate (see :func:`kg.loader.statement_key`)."""


def relationship_row(
    triple: TripleLike,
    subject: tuple[str, str] | None = None,
    obj: tuple[str, str] | None = None,
    sentence: str | None = None,
) -> tuple[Ends, list[Any]]:
    """What one triple contributes to its relationship: the labels of its ends and a
    positional row (columns of :data:`kg.cypher.RELATIONSHIP_COLUMNS`, lists of one or
    no element) to fold with the other rows of the same :func:`statement_key`
    (:func:`fold_statement`). ``subject`` and ``obj``: the (label, id) of its ends, and
    ``sentence`` the id of its sentence, when already known."""
    t = _triple(triple)
    s_label, s_id = subject or _node(t.subject, t.subject_id)
    o_label, o_id = obj or _node(t.object, t.object_id)
    predicate = t.predicate
    doc = t.doc_id
    attribution = t.attribution
    modality = t.modality
    return (s_label, o_label), [
        s_id,
        o_id,
        relationship_type(predicate),
        predicate,
        t.negated,
        [sentence or sentence_id(doc, t.sentence_index)],
        [doc],
        [] if attribution is None else [attribution],
        [] if modality is None else [modality],
        t.confidence,
    ]


def statement_key(row: list[Any]) -> StatementKey:
    """The key of a relationship row (:func:`relationship_row`): rows with one key fold
    into one relationship (the relationship MERGE of :func:`kg.cypher.merge_relationships`
    matches on the same fields)."""
    return row[0], row[_PREDICATE], row[1], row[_NEGATED]


def fold_into(statements: dict[StatementKey, list[Any]], row: list[Any]) -> bool:
    """Add ``row`` to ``statements`` (by :func:`statement_key`), folded into the row
    already there with its key (:func:`fold_statement`); True if its key is new."""
    key = statement_key(row)
    folded_into = statements.get(key)
    if folded_into is None:
        statements[key] = row
        return True
    fold_statement(folded_into, row)
    return False


def fold_statement(into: list[Any], row: list[Any]) -> None:
    """Fold ``row`` (of :func:`relationship_row`, same key) into ``into``: list columns
    as sorted sets (so a triple folded in twice adds nothing), the higher confidence."""
    for column in _SETS:
        values = into[column]
        for value in row[column]:
            if value not in values:
                bisect.insort(values, value)
    if row[_CONFIDENCE] > into[_CONFIDENCE]:
        into[_CONFIDENCE] = row[_CONFIDENCE]


class _Rows(list[Any]):
    """A batch's rows as the driver gets them: a list with a short ``repr``. The driver
    formats every statement's parameters for its debug log even when that log is off
    (``" ".join(map(repr, fields))`` in ``Bolt5x5.run``, neo4j 6.x): for batches of
    5,000 rows that was a fifth of a load's client CPU time."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


class RecentIds:
    """A bounded "seen lately" map: two generations of at most ``size`` ids each, each
    id with a value (what was worked out for it: a concept's id for its spelling).

    Nodes are MERGEd, so forgetting an id only costs a repeated (idempotent) row; what
    it buys is memory that stays flat however large the export. The rows of a sentence
    or of a document's concepts come close together, so nearly all repeats are caught.
    """

    __slots__ = ("_current", "_previous", "_size")

    def __init__(self, size: int = RECENT_IDS) -> None:
        self._size = size
        self._current: dict[str, str] = {}
        self._previous: dict[str, str] = {}

    def add(self, item: str, value: str = "") -> bool:
        """Remember ``item`` (with ``value``); True if it was not seen lately."""
        if item in self._current or item in self._previous:
            return False
        if len(self._current) >= self._size:
            self._previous, self._current = self._current, {}
        self._current[item] = value
        return True

    def get(self, item: str) -> str | None:
        """The value of ``item`` if it was seen lately."""
        value = self._current.get(item)
        return self._previous.get(item) if value is None else value


class ElementIds:
    """The element ids of the nodes a loader wrote lately, by node id: bounded, two
    generations of at most ``size`` each (memory stays flat however large the export).

    Node statements return them (:data:`kg.cypher.ELEMENT_IDS`); statements that link
    nodes then find those by element id rather than by a seek of the id's index
    (:class:`kg.cypher.Twin`). An id not kept only costs that seek. An element id that
    no longer names its node (deleted since, the element id reused) is caught by the
    statement, which checks the id and label it finds. Used from the writer threads."""

    __slots__ = ("_current", "_lock", "_previous", "_size")

    def __init__(self, size: int = KEPT_ELEMENT_IDS) -> None:
        self._size = size
        self._current: dict[str, str] = {}
        self._previous: dict[str, str] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._current.keys() | self._previous.keys())

    def update(self, pairs: Iterable[Sequence[str]]) -> None:
        """Keep ``[node id, element id]`` pairs."""
        with self._lock:
            for node_id, element_id in pairs:
                if len(self._current) >= self._size:
                    self._previous, self._current = self._current, {}
                self._current[node_id] = element_id

    def clear(self) -> None:
        with self._lock:
            self._current.clear()
            self._previous.clear()

    def resolve(
        self, rows: Iterable[list[Any]], id_columns: tuple[int, ...]
    ) -> tuple[list[list[Any]], list[list[Any]]]:
        """``rows`` split in two: those whose nodes (ids in ``id_columns``) all have an
        element id kept, each with those element ids appended in order; and the rest."""
        found: list[list[Any]] = []
        missing: list[list[Any]] = []
        with self._lock:
            current, previous = self._current.get, self._previous.get
            for row in rows:
                elements = []
                for column in id_columns:
                    element = current(row[column]) or previous(row[column])
                    if element is None:
                        missing.append(row)
                        break
                    elements.append(element)
                else:
                    row.extend(elements)
                    found.append(row)
        return found, missing


GraphRow = tuple[str, list[Any], Ends | None]
"""("sentence", [id, doc, text, index, start, end], None), ("concept", [id, name],
None) or ("relationship", row, ends) (see :func:`relationship_row`); node rows in the
columns of :data:`kg.cypher.SENTENCE_COLUMNS` and :data:`kg.cypher.CONCEPT_COLUMNS`."""


def graph_rows(triples: Iterable[TripleLike], recent: int = RECENT_IDS) -> Iterator[GraphRow]:
    """Stream the node and relationship rows of triples, positional (:data:`GraphRow`).

    Node rows come before the first relationship row that needs them; repeats are
    dropped when seen among the last ``recent`` ids (bounded memory)."""
    seen_sentences = RecentIds(recent)
    seen_concepts = RecentIds(recent)  # spelling -> concept id
    for triple in triples:
        t = _triple(triple)
        doc, index = t.doc_id, t.sentence_index
        sid = sentence_id(doc, index)
        if seen_sentences.add(sid):
            yield "sentence", [sid, doc, t.sentence, index, t.start, t.end], None
        subject = _node(t.subject, t.subject_id, seen_concepts)
        obj = _node(t.object, t.object_id, seen_concepts)
        # Repeats are judged by spelling, not id: every spelling of a concept reaches
        # the graph, which keeps the alphabetically first (see cypher.merge_concepts).
        if subject[0] == "Concept" and seen_concepts.add(t.subject, subject[1]):
            yield "concept", [subject[1], t.subject], None
        if obj[0] == "Concept" and seen_concepts.add(t.object, obj[1]):
            yield "concept", [obj[1], t.object], None
        ends, row = relationship_row(t, subject, obj, sid)
        yield "relationship", row, ends


Statement = str | cypher.Twin
"""What a batch runs: a statement, or a statement and its twin that finds the nodes it
links by element id (:meth:`Neo4jLoader._run_twin`)."""

Footprint = frozenset[str]
"""What a batch locks, in parts (``"Entity2"``: the entities of part 2, see
:func:`node_part`; ``"Document"``: documents): batches with a part in common do not run
side by side. Node batches lock nothing that matters here (their own new ids)."""

NODE_PARTS = 2
"""Nodes of each label fall into this many parts by id (:func:`node_part`). A batch of
relationships holds those between one part of its subjects and one part of its objects,
so it locks the nodes of two parts at most, and two batches without a part in common
run side by side without waiting for each other's locks: MERGE locks both ends of a
relationship until the transaction ends, and the batches of a news graph share most of
their entities. With 2 parts, every batch still has partners it can run beside
(entities 0 to concepts 1 beside entities 1 to concepts 0, …), and the rows held fall
into 16 groups rather than 64 with 4 parts: batches four times larger, so fewer
transactions. Full loads of 100,000 triples, alternating on one server (medians of six,
batches of 10,000): 2 parts 5.90 s, 3 parts 6.24 s, 4 parts 6.34 s; 1 part (pairs of
labels only) was slower than 2 with batches of 5,000 (6.25 s against 5.56 s)."""


QUEUED_BATCHES = 8
"""How many batches wait for a writer at most; sending more blocks until one starts."""

HELD_BATCHES = 8
"""How many batches' worth of relationship rows a load holds at most while it groups
them (by end labels and node parts: 16 groups with dynamic types)."""

_GroupKey = tuple[Any, ...]
"""((subject label, part), (object label, part)), and the type on servers before 5.26."""


def _locked(label: str, part: int) -> str:
    """The name, in a :data:`Footprint`, of the nodes of ``label`` in ``part``."""
    return f"{label}{part}"


_DOCUMENTS: Footprint = frozenset({"Document"})
_MENTIONS: Footprint = frozenset({"Document", *(_locked("Entity", p) for p in range(NODE_PARTS))})


def node_part(node_id: str) -> int:
    """The part (0 to :data:`NODE_PARTS` - 1) of a node, by the last character of its
    id. Entity and concept ids end in hash digits (:mod:`kg.ids`), so the parts come
    out even; a crc32 of the whole id took three times as long (0.11 µs against
    0.04 µs, twice per triple)."""
    return ord(node_id[-1]) % NODE_PARTS


@dataclass(slots=True)
class _Batch:
    query: Statement
    rows: list[Any]
    done: Callable[[], None] | None
    node: bool
    footprint: Footprint
    serial: int  # order of submission


class _Writer:
    """Runs statements on ``workers`` background threads while the caller prepares the
    next batches (reading JSON, folding rows).

    A node batch (documents, entities, concepts) needs nothing; any other batch
    (relationships, mentions, sentences with their document link) starts only once
    every node batch submitted before it has been written: that keeps nodes before the
    relationships that MATCH them. Of the batches that may start, the first submitted
    whose footprint is disjoint from those of the running batches starts; so two
    batches that would lock the same nodes run one after the other instead of waiting
    for each other's locks or deadlocking (which Neo4j reports as a transient error
    after rolling one back; the driver then retries it). At most ``depth`` batches
    wait; :meth:`submit` blocks while that many do. A failure stops the work and is
    raised in the caller at its next submit or at :meth:`finish`."""

    def __init__(
        self,
        run: Callable[[Statement, list[Any]], object],
        workers: int = 1,
        depth: int = QUEUED_BATCHES,
    ) -> None:
        self._run = run
        self._depth = max(depth, workers)
        self._cond = threading.Condition()
        self._waiting: list[_Batch] = []
        self._running: list[Footprint] = []
        self._open_nodes: set[int] = set()  # serials of node batches not yet written
        self._serial = 0
        self._closing = False
        self._error: BaseException | None = None
        self._cancelled = False
        self._threads = [
            threading.Thread(target=self._work, name="kg-neo4j-writer", daemon=True)
            for _ in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def _startable(self) -> _Batch | None:
        """The first waiting batch that may start: a node batch, or one submitted before
        every node batch still unwritten; and locking no part a running batch locks."""
        first_open = min(self._open_nodes, default=self._serial)
        for batch in self._waiting:
            if (batch.node or batch.serial < first_open) and not any(
                batch.footprint & running for running in self._running
            ):
                return batch
        return None

    def _work(self) -> None:
        while True:
            with self._cond:
                while (batch := self._startable()) is None:
                    if self._closing and not self._waiting:
                        return
                    self._cond.wait()
                self._waiting.remove(batch)
                self._running.append(batch.footprint)
                self._cond.notify_all()
            try:
                if self._error is None and not self._cancelled:
                    self._run(batch.query, batch.rows)
                    if batch.done is not None:
                        with self._cond:
                            batch.done()
            except BaseException as exc:  # handed to the caller's thread
                with self._cond:
                    if self._error is None:
                        self._error = exc
            finally:
                with self._cond:
                    self._running.remove(batch.footprint)
                    self._open_nodes.discard(batch.serial)
                    self._cond.notify_all()

    def _raise(self) -> None:
        with self._cond:
            error, self._error = self._error, None
        if error is not None:
            self._cancelled = True
            raise error

    def submit(
        self,
        query: Statement,
        rows: list[Any],
        done: Callable[[], None] | None,
        node: bool,
        footprint: Footprint = frozenset(),
    ) -> None:
        self._raise()
        with self._cond:
            while len(self._waiting) >= self._depth and self._error is None:
                self._cond.wait()
            serial = self._serial
            self._serial += 1
            if node:
                self._open_nodes.add(serial)
            self._waiting.append(_Batch(query, rows, done, node, footprint, serial))
            self._cond.notify_all()

    def finish(self) -> None:
        """Wait until everything submitted ran; raise the first failure."""
        with self._cond:
            while self._waiting or self._running:
                self._cond.wait()
        self._raise()

    def close(self, cancel: bool = False) -> None:
        with self._cond:
            self._cancelled = self._cancelled or cancel
            self._closing = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join()


def _operators(plan: Mapping[str, Any]) -> Iterator[str]:
    """The operator names of a plan (``summary.plan``) and of all its children."""
    yield str(plan.get("operatorType", "")).split("@")[0]
    for child in plan.get("children", []):
        yield from _operators(child)


def _size_bucket(rows: int) -> int:
    """The batch lengths that share a cached plan in Neo4j: the next power of ten at or
    above ``rows`` (``SizeBucket.computeBucket`` in Neo4j's Cypher; 0 and 1 exact), so
    1,001 to 10,000 rows share one plan, and 101 to 1,000 the next one down (measured
    on 5.26: a plan made for 200 rows was kept for 101, 150 and 1,000, not for 100)."""
    return rows if rows < 2 else 10 ** len(str(rows - 1))


def _scans(operators: Iterable[str]) -> bool:
    """Whether a plan reads nodes or relationships by scanning (``NodeByLabelScan``,
    ``DirectedAllRelationshipsScan``, …) rather than by index seeks and expansion."""
    return any("Scan" in operator for operator in operators)


def _progress(on_batch: Callable[[int], None] | None, n: int) -> Callable[[], None] | None:
    return None if on_batch is None else (lambda: on_batch(n))


def _entity_params(entity: Entity) -> dict[str, Any]:
    """An entity row; lists as the graph keeps them (sorted, no repeats, no name among
    the aliases), so a new node takes them as they are."""
    aliases = sorted(set(entity.aliases) - {entity.name})
    return {
        "id": entity.id,
        "label": label_for(entity.type),
        "props": {
            "name": entity.name,
            "type": entity.type,
            "aliases": aliases,
            "aliasText": " | ".join(aliases),
            "mentions": entity.mentions,
            "sources": sorted(set(entity.sources)),
            "titles": sorted(set(entity.titles)),
        },
    }


def _document_params(row: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if v is not None and k != "id"}
    return {"id": row["id"], "props": props}


def _setting(name: str, env: str, default: float) -> float:
    """A number from the environment, else from ``[neo4j]`` of kg.toml, else ``default``."""
    from kg.config import file_setting

    raw = os.environ.get(env, "").strip() or file_setting("neo4j", name, default)
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, not {raw!r} ({env} or kg.toml)") from None


_SCHEMA_RACES = frozenset(
    f"Neo.ClientError.Schema.{name}"
    for name in (
        "EquivalentSchemaRuleAlreadyExists",
        "ConstraintAlreadyExists",
        "IndexAlreadyExists",
        "ConstraintWithNameAlreadyExists",
        "IndexWithNameAlreadyExists",
    )
)
"""What a ``CREATE … IF NOT EXISTS`` may still raise when another session created the same
constraint or index at the same moment."""


def _one_line(message: object) -> str:
    """A server or driver message on one line (some carry the query, a caret, a wait list)."""
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return lines[0] if lines else type(message).__name__


def _untrusted_certificate(exc: BaseException) -> bool:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return any(
        isinstance(e, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(e)
        for e in chain
    )


class Neo4jLoader:
    """A connection to one Neo4j database and the batched writes into it.

    ``batch_size`` rows per transaction, ``writers`` sessions writing at once and
    ``retry_seconds`` of retries on transient errors default to kg.toml's ``[neo4j]``
    ``batch_size``, ``writers`` and ``retry_seconds`` (the last two also
    ``KG_NEO4J_WRITERS`` and ``KG_NEO4J_RETRY_SECONDS``). The URI goes to the driver as
    given: ``bolt+s://``, ``neo4j+s://`` (TLS, certificate checked against the system
    CAs, or the file named by ``SSL_CERT_FILE``) and ``bolt+ssc://``, ``neo4j+ssc://``
    (TLS, self-signed certificates accepted) work like ``bolt://`` and ``neo4j://``."""

    def __init__(
        self,
        settings: Neo4jSettings,
        batch_size: int | None = None,
        writers: int | None = None,
        retry_seconds: float | None = None,
    ) -> None:
        if batch_size is None:
            from kg.config import file_setting

            batch_size = int(file_setting("neo4j", "batch_size", DEFAULT_BATCH))
        if writers is None:
            writers = int(_setting("writers", "KG_NEO4J_WRITERS", DEFAULT_WRITERS))
        if retry_seconds is None:
            retry_seconds = _setting(
                "retry_seconds", "KG_NEO4J_RETRY_SECONDS", DEFAULT_RETRY_SECONDS
            )
        if settings.uri is None:
            raise Neo4jError("no Neo4j URI configured (flag --neo4j-uri or KG_NEO4J_URI)")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        if writers < 1:
            raise ValueError(f"writers must be at least 1, not {writers}")
        self.settings = settings
        self.batch_size = batch_size
        self.writers = writers
        self._writer: _Writer | None = None
        self._dynamic_types: bool | None = None
        self._good_plans: set[tuple[str, int]] = set()  # see ensure_plan
        self.element_ids = ElementIds()
        self._plans_lock = threading.Lock()
        auth = (settings.user, settings.password or "")
        try:
            self.driver = GraphDatabase.driver(
                settings.uri,
                auth=auth,
                max_transaction_retry_time=max(0.0, retry_seconds),
                # Deadlocks between writers clear at once: retry soon, then back off.
                initial_retry_delay=0.2,
            )
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
        except neo4j_errors.IncompleteCommit as exc:
            raise Neo4jError(
                f"lost the connection to Neo4j at {self.settings.uri} while a transaction "
                "was committing (it may or may not have been written)"
            ) from exc
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            if _untrusted_certificate(exc):
                raise Neo4jError(
                    f"cannot reach Neo4j at {self.settings.uri}: its TLS certificate is not "
                    "trusted (for a private CA set SSL_CERT_FILE to the CA's PEM file; "
                    "bolt+ssc:// or neo4j+ssc:// accept a self-signed certificate)"
                ) from exc
            raise Neo4jError(
                f"cannot reach Neo4j at {self.settings.uri} ({type(exc).__name__})"
            ) from exc
        except neo4j_errors.Neo4jError as exc:
            raise Neo4jError(f"Neo4j refused a statement: {_one_line(exc.message or exc)}") from exc
        except neo4j_errors.DriverError as exc:
            raise Neo4jError(f"Neo4j driver error: {_one_line(exc)}") from exc

    def run(self, query: str, **params: Any) -> neo4j.EagerResult:
        """Run one statement with parameters (retried on transient errors by the driver)."""
        with self._translated_errors():
            return self.driver.execute_query(
                query,
                parameters_=params,
                database_=self.settings.database,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def dynamic_types(self) -> bool:
        """Whether the server takes relationship types as values (``$(…)``, Neo4j 5.26+)."""
        if self._dynamic_types is None:
            records = self.run(
                "CALL dbms.components() YIELD name, versions RETURN versions[0] AS v"
            ).records
            version = str(records[0]["v"]) if records else ""
            numbers = [int(n) for n in re.findall(r"\d+", version)[:2]] or [0]
            self._dynamic_types = tuple(numbers) >= (5, 26)
        return self._dynamic_types

    def run_autocommit(self, query: str, **params: Any) -> neo4j.ResultSummary:
        """Run one statement in an implicit (auto-commit) transaction, as ``CALL { … } IN
        TRANSACTIONS`` requires; not retried."""
        with (
            self._translated_errors(),
            self.driver.session(database=self.settings.database) as session,
        ):
            return session.run(query, params).consume()
        raise AssertionError("unreachable")  # pragma: no cover

    def verify(self) -> None:
        """Fail fast with a clear message unless the server answers and accepts the login."""
        with self._translated_errors():
            self.driver.verify_connectivity()
            self.driver.verify_authentication()

    def schema_online(self) -> bool:
        """Whether every constraint and index of schema/constraints.cypher is there (by
        name) and online: one query, where applying them takes a round trip each."""
        wanted = schema_names()
        if wanted is None:
            return False
        with self._translated_errors():
            try:
                records = self.driver.execute_query(
                    "SHOW INDEXES YIELD name, state, owningConstraint",
                    database_=self.settings.database,
                ).records
            except neo4j_errors.ClientError:  # e.g. a role without SHOW INDEX: apply
                return False
        # A constraint's index has the constraint's name.
        online = {
            ("constraint" if r["owningConstraint"] == r["name"] else "index", r["name"])
            for r in records
            if r["state"] == "ONLINE"
        }
        return all(name in online for name in wanted)

    def apply_schema(self) -> None:
        """The constraints and indexes of schema/constraints.cypher, then wait until they
        are online; nothing to do when they are all there (:meth:`schema_online`). Safe
        while another loader applies them too: the one of two identical concurrent
        creations that loses is not an error."""
        if self.schema_online():
            return
        for statement in constraint_statements():
            try:
                self.driver.execute_query(statement, database_=self.settings.database)
            except neo4j_errors.ClientError as exc:
                if exc.code not in _SCHEMA_RACES:
                    with self._translated_errors():
                        raise
            except (neo4j_errors.DriverError, neo4j_errors.Neo4jError, OSError):
                with self._translated_errors():
                    raise
        self.run("CALL db.awaitIndexes(300)")

    @contextmanager
    def _pipelined(self) -> Iterator[None]:
        """Send batches from a background thread for the duration (nestable); on leaving,
        wait for all of them and raise the first failure.

        Python's cyclic garbage collector is paused for the duration: a load makes
        hundreds of thousands of small lists that live a batch or two, and each
        collection walked all those held (a quarter of the client's CPU time). They hold
        no reference cycles, so reference counting frees them; the little cyclic garbage
        the driver leaves per transaction waits for a collection of the youngest
        generation at the end, where everything made since the pause is (4 ms against
        45-70 ms for a full collection, which walks all that the process holds, spaCy's
        modules included).

        Python's thread switch interval is shortened for the duration too
        (:data:`SWITCH_INTERVAL`): a writer thread whose answer has come needs the
        interpreter lock to send the next message of its transaction, and while this
        thread prepares rows it got the lock only when this one's 5 ms slice ran out,
        the server's session idle meanwhile (100,000 triples: median load 5.06 s before,
        4.74 s after; six loads each, alternating, on one warm server)."""
        if self._writer is not None:
            yield
            return
        self._good_plans.clear()  # checked again once per load: see ensure_plan
        writer = self._writer = _Writer(self._run_batch, workers=self.writers)
        collecting = gc.isenabled()
        gc.disable()
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(switch_interval, SWITCH_INTERVAL))
        try:
            yield
            writer.finish()
        except BaseException:
            writer.close(cancel=True)
            raise
        else:
            writer.close()
        finally:
            self._writer = None
            sys.setswitchinterval(switch_interval)
            if collecting:
                gc.enable()
                gc.collect(0)

    def explain(self, query: str, rows: int = 0) -> list[str]:
        """The operators of the plan the server has for ``query`` run on ``rows`` rows:
        the plan it has cached for such a batch, if any (else a new one, then cached).
        Nothing is run. Neo4j caches a plan per statement and per order of magnitude of
        the length of a list parameter (101 to 1,000 rows share one; measured on 5.26),
        whatever the list holds, so ``rows`` nulls stand for the batch."""
        with self._translated_errors():
            summary = self.driver.execute_query(
                "EXPLAIN " + query,
                parameters_={"rows": [None] * rows},
                database_=self.settings.database,
            ).summary
        return list(_operators(summary.plan or {}))

    def ensure_plan(self, query: str, rows: int) -> None:
        """Before a load's first batch of a statement whose kept plan may scan
        (:func:`kg.cypher.may_scan`) with about as many rows as ``rows``: if the plan
        the server keeps for it scans (all relationships, all nodes of a label), plan it
        again now. Such a plan was made while the database was (nearly) empty, and
        would be kept as the graph grows, each row then reading every relationship:
        20,000 triples took 81 s instead of 1.9 s. If the new plan still scans (too few
        relationships yet), the check is made again before the next such batch."""
        size = _size_bucket(rows)
        if (query, size) in self._good_plans or not cypher.may_scan(query):
            return
        with self._plans_lock:
            if (query, size) in self._good_plans:
                return
            again = cypher.replanned(query)
            if _scans(self.explain(query, rows)) and _scans(self.explain(again, rows)):
                return
            self._good_plans.add((query, size))

    def _run_batch(self, query: Statement, rows: list[Any]) -> None:
        """Run one batch, then empty ``rows``; keep the element ids a node statement
        returns (:data:`kg.cypher.ELEMENT_IDS`)."""
        if isinstance(query, cypher.Twin):
            self._run_twin(query, rows)
        else:
            result = self._execute(query, rows)
            if result.keys == [cypher.ELEMENT_IDS] and result.records:
                self.element_ids.update(result.records[0][cypher.ELEMENT_IDS])
        rows.clear()

    def _execute(self, query: str, rows: list[Any]) -> neo4j.EagerResult:
        """Run ``query`` on ``rows`` (``$rows``), its kept plan checked first. The driver
        keeps the parameters of a transaction in reference cycles of its own, which
        would keep every batch's rows alive until the next full garbage collection: the
        list it was given is emptied afterwards."""
        self.ensure_plan(query, len(rows))
        batch = _Rows(rows)
        result = self.run(query, rows=batch)
        batch.clear()
        return result

    def _run_twin(self, twin: cypher.Twin, rows: list[Any]) -> None:
        """Rows whose nodes all have a known element id go by element id, the rest by id.
        Should the twin merge fewer rows than it was given (a node deleted, or deleted
        and its element id reused, since its batch), its rows go again by id, and the
        element ids kept are dropped."""
        found, missing = self.element_ids.resolve(rows, twin.id_columns)
        if found and self._execute(twin.by_element_id, found).records[0]["merged"] != len(found):
            self.element_ids.clear()
            missing.extend(found)
        if missing:
            self._execute(twin.by_id, missing)

    def _send(
        self,
        query: Statement,
        rows: list[Any],
        done: Callable[[], None] | None,
        node: bool = False,
        footprint: Footprint = frozenset(),
    ) -> None:
        """Send one batch; ``node``: it writes nodes only (relationship batches sent
        later wait for it), else it may MATCH nodes of earlier batches; ``footprint``:
        what it locks (:data:`Footprint`). ``rows`` is emptied once written."""
        if self._writer is not None:
            self._writer.submit(query, rows, done, node, footprint)
        else:
            self._run_batch(query, rows)
            if done is not None:
                done()

    def _batches(
        self,
        rows: Iterable[Any],
        query: Statement,
        on_batch: Callable[[int], None] | None = None,
        node: bool = False,
        footprint: Footprint = frozenset(),
    ) -> int:
        """Send ``rows`` in batches of ``batch_size``; returns how many were sent."""
        total = 0
        batch: list[Any] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                total += len(batch)
                self._send(query, batch, _progress(on_batch, len(batch)), node, footprint)
                batch = []
        if batch:
            total += len(batch)
            self._send(query, batch, _progress(on_batch, len(batch)), node, footprint)
        return total

    # -- loading -----------------------------------------------------------------------

    def load_export(
        self, directory: Path, on_batch: Callable[[str, int], None] | None = None
    ) -> LoadStats:
        """Load an export directory; safe to repeat (every write is a MERGE), and to
        rerun after a load that stopped part-way: the result is that of one complete load.

        Streams the files; ``on_batch(kind, rows)`` is called (from a sending thread,
        one call at a time) as each batch is written."""
        stats = LoadStats()

        def progress(kind: str) -> Callable[[int], None] | None:
            return (lambda n: on_batch(kind, n)) if on_batch else None

        for name in (DOCUMENTS, ENTITIES, TRIPLES):
            if not (directory / name).is_file():
                raise InputError(
                    str(directory / name), "missing export file (run 'kg build ... --out DIR')"
                )
        self.apply_schema()
        try:
            with self._pipelined():
                stats.documents = self.load_documents(
                    read_documents(directory), progress("documents")
                )
                stats.entities, stats.mentions = self.load_entities(
                    read_entities(directory), progress("entities")
                )
                counts = self.load_triples(
                    read_triple_rows(directory / TRIPLES), progress("relationships")
                )
        except Neo4jError as exc:
            raise Neo4jError(
                f"{exc.args[0]}; the load stopped part-way: run it again to complete it "
                "(what was written is merged, not repeated)"
            ) from exc
        stats.concepts, stats.sentences, stats.relationships = counts
        return stats

    def load_documents(
        self, rows: Iterable[dict[str, Any]], on_batch: Callable[[int], None] | None = None
    ) -> int:
        """Document nodes from export rows (``documents.jsonl``); returns the rows sent."""
        return self._batches(
            (_document_params(row) for row in rows), cypher.merge_documents(), on_batch, node=True
        )

    def load_entities(
        self, entities: Iterable[Entity], on_batch: Callable[[int], None] | None = None
    ) -> tuple[int, int]:
        """Entity nodes, then their MENTIONS from documents. The type label is a row value
        (``$(…)``, Neo4j 5.26 and later: one statement to plan, not one per label);
        older servers get the entities grouped by label."""
        buffers: dict[str, list[dict[str, Any]]] = defaultdict(list)
        mention_rows: list[list[str]] = []
        loaded = mentions = 0
        per_label = not self.dynamic_types()

        def statement(group: str) -> str:
            return cypher.merge_entities(group if per_label else None)

        def flush_entities() -> None:
            nonlocal loaded
            for group in sorted(buffers):
                loaded += self._batches(buffers[group], statement(group), on_batch, node=True)
            buffers.clear()

        with self._pipelined():
            for entity in entities:
                row = _entity_params(entity)
                group = row["label"] if per_label else ""
                buffers[group].append(row)
                if len(buffers[group]) >= self.batch_size:
                    rows = buffers.pop(group)
                    loaded += self._batches(rows, statement(group), on_batch, node=True)
                mention_rows.extend([d, entity.id] for d in entity.sources)
                if len(mention_rows) >= self.batch_size:
                    flush_entities()  # nodes first: MENTIONS matches both ends
                    mentions += self._batches(
                        mention_rows, cypher.mention_twin(), footprint=_MENTIONS
                    )
                    mention_rows = []
            flush_entities()
            mentions += self._batches(mention_rows, cypher.mention_twin(), footprint=_MENTIONS)
        return loaded, mentions

    def load_triples(
        self, triples: Iterable[TripleLike], on_batch: Callable[[int], None] | None = None
    ) -> tuple[int, int, int]:
        """Concept and sentence nodes, then relationships: rows folded by relationship key
        and grouped by end labels and by the parts of their ends (:data:`NODE_PARTS`);
        one statement per pair of end labels (the type is a row value).

        ``triples`` are records or export rows (dicts). Streams: what is held at any time
        is at most :data:`HELD_BATCHES` batches' worth of relationship rows, the batches
        in flight and the bounded id window of :func:`graph_rows`. When that much is
        held, the fullest groups go, until half of it is left. Returns the rows sent:
        (concepts, sentences, triples)."""
        concepts: list[list[Any]] = []
        sentences: list[list[Any]] = []
        # Neo4j 5.26+: the type is a row value; older servers: one statement per type.
        per_type = not self.dynamic_types()
        groups: dict[_GroupKey, dict[StatementKey, list[Any]]] = {}
        pending: dict[_GroupKey, int] = {}  # triples folded into each group
        held = 0  # statements held in all groups
        limit = HELD_BATCHES * self.batch_size
        n_concepts = n_sentences = n_triples = 0

        def flush_concepts() -> None:
            nonlocal concepts, n_concepts
            if concepts:
                n_concepts += self._batches(concepts, cypher.merge_concepts(), node=True)
            concepts = []

        def flush_sentences() -> None:
            nonlocal sentences, n_sentences
            if sentences:
                n_sentences += self._batches(
                    sentences, cypher.sentence_twin(), footprint=_DOCUMENTS
                )
            sentences = []

        def flush_group(key: _GroupKey) -> None:
            nonlocal n_triples, held
            statements = groups.pop(key)
            folded = pending.pop(key)
            held -= len(statements)
            (s_label, s_part), (o_label, o_part), *rel_type = key
            self._send(
                cypher.relationship_twin(s_label, o_label, *rel_type),
                list(statements.values()),
                _progress(on_batch, folded),
                footprint=frozenset((_locked(s_label, s_part), _locked(o_label, o_part))),
            )
            n_triples += folded

        with self._pipelined():
            for kind, row, ends in graph_rows(triples):
                if ends is not None:
                    key: _GroupKey = ((ends[0], node_part(row[0])), (ends[1], node_part(row[1])))
                    if per_type:
                        key = (*key, row[_TYPE])
                    group = groups.get(key)
                    if group is None:
                        group = groups[key] = {}
                    held += fold_into(group, row)
                    pending[key] = pending.get(key, 0) + 1
                    if len(group) >= self.batch_size:
                        flush_concepts()  # nodes first: the relationships MATCH their ends
                        flush_group(key)
                    elif held >= limit:
                        flush_concepts()
                        for fullest in sorted(groups, key=lambda k: len(groups[k]), reverse=True):
                            flush_group(fullest)
                            if held <= limit // 2:
                                break
                elif kind == "sentence":
                    sentences.append(row)
                    if len(sentences) >= self.batch_size:
                        flush_sentences()
                else:
                    concepts.append(row)
                    if len(concepts) >= self.batch_size:
                        flush_concepts()
            flush_concepts()
            flush_sentences()
            # The largest first, so that the writers tend to finish together (on
            # scripts/bench_load's data no faster than in key order: 5.82 s both).
            for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
                flush_group(key)
        return n_concepts, n_sentences, n_triples

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
