"""Every Cypher statement the loader runs, built in one place.

Values always travel as parameters; only labels and relationship types, which Cypher
cannot parameterise, are spliced in, and only after :mod:`kg.schema` sanitised them.

Every write merges so that loads commute and repeat: loading export A then B gives the
graph B then A gives, and loading anything twice (or replaying a batch after a crash)
changes nothing. Lists are sorted sets (union, then sorted), numbers take the maximum,
and a name the larger of two candidates by a fixed order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "CONCEPT_COLUMNS",
    "ELEMENT_IDS",
    "MENTION_COLUMNS",
    "OPTIONAL_LISTS",
    "RELATIONSHIP_COLUMNS",
    "SENTENCE_COLUMNS",
    "Twin",
    "keeps_plan",
    "may_scan",
    "mention_twin",
    "merge_concepts",
    "merge_documents",
    "merge_entities",
    "merge_mentions",
    "merge_relationships",
    "merge_sentences",
    "relationship_twin",
    "replanned",
    "sentence_twin",
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
    "predicate",
    "negated",
    "sentences",
    "sources",
    "attributions",
    "modalities",
    "confidence",
)
OPTIONAL_LISTS = ("attributions", "modalities")
"""Relationship lists stored only when not empty (an absent property reads as no
value: ``coalesce(r.attributions, [])``); most statements have neither, and each list
property costs the store a record of its own."""


_KEEP_PLAN = "CYPHER replan=skip\n"
"""Starts every batch statement: keep the cached plan when the graph's statistics have
changed. Neo4j otherwise plans a statement again each time a load has grown the graph
several-fold (a dozen times per load of 100,000 triples into an empty database; about a
tenth of the load's time). The plans wanted (unique-constraint seeks, and Expand(Into)
between the two ends of a relationship) are right at every size but one: planned while
the database holds almost no relationships (fewer than about ten), a relationship MERGE
scans all relationships instead, and a kept plan would keep doing so as the graph grows.
:meth:`kg.loader.Neo4jLoader.ensure_plan` checks the kept plans of such statements
(:func:`may_scan`) once per load and has such a plan made again (:func:`replanned`)."""

_UNWIND = f"{_KEEP_PLAN}UNWIND $rows AS row\n"


ELEMENT_IDS = "element_ids"
"""The column in which a node statement returns ``[id, elementId]`` of each of its rows
(one record, one list): the loader keeps them to find those nodes again by element id
(:class:`Twin`)."""


@dataclass(frozen=True, slots=True)
class Twin:
    """A statement that finds the nodes it links by their ``id`` (a seek of the
    constraint's index, which in a writing statement also locks the index entry), and
    its twin that finds them by element id instead (read from the node record). Full
    loads of 100,000 triples (scripts/bench_load's data, alternating on one server,
    medians of eight): server CPU 7.58 s against 8.27 s; the client, which looks the
    element ids up, 2.66 s against 2.32 s; wall time the same on two shared cores
    (6.17 s against 6.12 s), less where the server has cores of its own.

    ``by_element_id`` takes rows with the element ids of the nodes named in columns
    ``id_columns`` appended, in that order. It checks that each such node still has the
    id and label (an element id is reused once its node is deleted) and returns the rows
    it merged (``merged``): fewer than it was given means an end was not found, and the
    batch is to be run again ``by_id`` (every write here merges, so a repeat changes
    nothing)."""

    by_id: str
    by_element_id: str
    id_columns: tuple[int, ...]


def _match(var: str, label: str, id_column: int, element_column: int | None) -> str:
    """``MATCH`` of a node of ``label`` whose id is in ``row[id_column]``: by the id
    (an index seek), or by the element id in ``row[element_column]``, then checked to
    have the id and label. The id is compared through ``coalesce``, which the planner
    does not turn into an index seek (``n.id = …`` on a labelled node it would, and
    seek the element id only to filter on it); the label is kept on the node pattern,
    so that Neo4j sees that the node is not one the statement writes (an unlabelled
    node after a write would make it buffer the whole batch: an Eager operator)."""
    if element_column is None:
        return f"MATCH ({var}:{_checked(label)} {{id: row[{id_column}]}})\n"
    return (
        f"MATCH ({var}:{_checked(label)}) WHERE elementId({var}) = row[{element_column}]"
        f" AND coalesce({var}.id, '') = row[{id_column}]\n"
    )


def _element_columns(columns: tuple[str, ...], ends: int, by_element_id: bool) -> list[int | None]:
    """Where the element ids of a statement's ``ends`` nodes are in its rows: appended
    after ``columns``, in order (or nowhere: the statement matches by id)."""
    return [len(columns) + end if by_element_id else None for end in range(ends)]


def _twin(statement: Callable[[bool], str], id_columns: tuple[int, ...]) -> Twin:
    """``statement(False)`` matches its nodes by id; ``statement(True)`` by element id."""
    return Twin(statement(False), statement(True) + "RETURN count(*) AS merged", id_columns)


def keeps_plan(statement: str) -> bool:
    """Whether ``statement`` keeps its cached plan (a batch statement of this module)."""
    return statement.startswith(_KEEP_PLAN)


def may_scan(statement: str) -> bool:
    """Whether a kept plan of ``statement`` may scan: it keeps its plan and has a
    relationship pattern (``-[…]->``), which a plan made on a nearly empty graph reads
    by scanning. Node MERGEs and MATCHes on a constrained ``id`` are planned as seeks of
    the constraint's index whatever the size of the graph."""
    return keeps_plan(statement) and "]->(" in statement


def replanned(statement: str) -> str:
    """A statement that keeps its plan, made to plan again now (and keep that plan)."""
    return "CYPHER replan=force\n" + statement.removeprefix(_KEEP_PLAN)


def _columns(names: tuple[str, ...]) -> dict[str, str]:
    """``{"id": "row[0]", ...}``: Cypher expressions for the columns of a positional row."""
    return {name: f"row[{i}]" for i, name in enumerate(names)}


def _checked(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe label or type: {name!r}")
    return name


def _returning_element_ids(var: str, node_id: str) -> str:
    return f"\nRETURN collect([{node_id}, elementId({var})]) AS {ELEMENT_IDS}"


def merge_documents() -> str:
    return (
        f"{_UNWIND}MERGE (d:Document {{id: row.id}})\nSET d += row.props"
        + _returning_element_ids("d", "row.id")
    )


def _sorted_union(base: str, new: str) -> str:
    """The Cypher list expression ``base`` (sorted) with the elements of ``new`` it lacks
    inserted in order: a sorted union without a sort function or a subquery (neither
    APOC nor subqueries inside MERGE … ON MATCH are available)."""
    return (
        f"reduce(acc = {base}, x IN {new} | CASE WHEN x IN acc THEN acc\n"
        "      ELSE [y IN acc WHERE y < x] + [x] + [y IN acc WHERE y > x] END)"
    )


def merge_entities(label: str | None = None) -> str:
    """Entity nodes (rows ``{id, label, props}``, lists in ``props`` sorted by the
    client), each with its type label: ``row.label`` as a dynamic label (``$(…)``, Neo4j
    5.26 and later; sanitised by :func:`kg.schema.label_for`), or ``label`` spliced in
    for servers before that (one statement per label).

    Merged so that order does not matter: ``mentions`` is the larger count; ``name`` is
    the name of the larger (mentions, then the alphabetically first name); ``aliases``
    are all other names and aliases either side had; ``sources`` and ``titles`` are
    unions. (Two exports that share documents cannot be summed without counting their
    common mentions twice, so ``mentions`` is a lower bound after such loads.)"""
    wins = (
        "(row.props.mentions > coalesce(e.mentions, -1) OR (row.props.mentions = e.mentions\n"
        "    AND row.props.name < e.name))"
    )
    name = f"CASE WHEN {wins} THEN row.props.name ELSE e.name END"
    names = _sorted_union(
        "coalesce(e.aliases, [])",
        "[n IN row.props.aliases + [row.props.name, e.name] WHERE n IS NOT NULL]",
    )
    aliases = f"[alias IN {names}\n    WHERE alias <> {name}]"
    type_label = "$(row.label)" if label is None else _checked(label)
    # Every expression is written to read only the old values (Neo4j may serve them from
    # a cache of the values before this SET); on create the row is taken as it is.
    return (
        f"{_UNWIND}"
        "MERGE (e:Entity {id: row.id})\n"
        f"ON CREATE SET e:{type_label}, e.type = row.props.type, e.name = row.props.name,\n"
        "  e.mentions = row.props.mentions, e.aliases = row.props.aliases,\n"
        "  e.aliasText = row.props.aliasText, e.sources = row.props.sources,\n"
        "  e.titles = row.props.titles\n"
        f"ON MATCH SET e:{type_label}, e.type = row.props.type,\n"
        f"  e.aliases = {aliases},\n"
        f"  e.aliasText = reduce(text = '', a IN {aliases} |\n"
        "    text + CASE text WHEN '' THEN '' ELSE ' | ' END + a),\n"
        f"  e.name = {name},\n"
        "  e.mentions = CASE WHEN row.props.mentions > coalesce(e.mentions, -1)\n"
        "    THEN row.props.mentions ELSE e.mentions END,\n"
        f"  e.sources = {_sorted_union('coalesce(e.sources, [])', 'row.props.sources')},\n"
        f"  e.titles = {_sorted_union('coalesce(e.titles, [])', 'row.props.titles')}"
        + _returning_element_ids("e", "row.id")
    )


_DOC = MENTION_COLUMNS.index("doc")
_ENTITY = MENTION_COLUMNS.index("entity")


def _mentions(by_element_id: bool) -> str:
    doc, entity = _element_columns(MENTION_COLUMNS, 2, by_element_id)
    return (
        f"{_UNWIND}"
        + _match("d", "Document", _DOC, doc)
        + _match("e", "Entity", _ENTITY, entity)
        + "MERGE (d)-[:MENTIONS]->(e)\n"
    )


def merge_mentions() -> str:
    return _mentions(False)


def mention_twin() -> Twin:
    return _twin(_mentions, (_DOC, _ENTITY))


def merge_concepts() -> str:
    """Concept nodes; ids ignore case, so two spellings of one concept keep the
    alphabetically first (the same whichever export came first). A concept already
    there is written only when its name changes: a write would lock the node until the
    batch commits, and it is an end of relationships that other batches are writing.
    (The write is a ``FOREACH`` over one element or none, not a ``WHERE`` that would
    drop the other rows: every row's element id is returned.)"""
    c = _columns(CONCEPT_COLUMNS)
    return (
        f"{_UNWIND}"
        f"MERGE (c:Concept {{id: {c['id']}}})\n"
        f"ON CREATE SET c.name = {c['name']}\n"
        f"FOREACH (_ IN CASE WHEN {c['name']} < c.name THEN [1] ELSE [] END |\n"
        f"  SET c.name = {c['name']})" + _returning_element_ids("c", c["id"])
    )


_SENTENCE_DOC = SENTENCE_COLUMNS.index("doc")


def _sentences(by_element_id: bool) -> str:
    c = _columns(SENTENCE_COLUMNS)
    (doc,) = _element_columns(SENTENCE_COLUMNS, 1, by_element_id)
    return (
        f"{_UNWIND}"
        f"MERGE (s:Sentence {{id: {c['id']}}})\n"
        f"SET s.text = {c['text']}, s.doc_id = {c['doc']}, s.index = {c['index']},\n"
        f"  s.start = {c['start']}, s.end = {c['end']}\n"
        "WITH s, row\n"
        + _match("d", "Document", _SENTENCE_DOC, doc)
        + "MERGE (d)-[:HAS_SENTENCE]->(s)\n"
    )


def merge_sentences() -> str:
    return _sentences(False)


def sentence_twin() -> Twin:
    return _twin(_sentences, (_SENTENCE_DOC,))


_SUBJECT = RELATIONSHIP_COLUMNS.index("s")
_OBJECT = RELATIONSHIP_COLUMNS.index("o")


def merge_relationships(subject_label: str, object_label: str, rel_type: str | None = None) -> str:
    """One statement per pair of end labels; the type comes from each row (``$(type)``,
    Neo4j 5.26 and later; sanitised by :func:`kg.schema.relationship_type`, a value,
    never spliced in). For older servers pass ``rel_type``: one statement per type.

    A relationship is identified by its ends, type, ``predicate`` and ``negated`` (the
    MERGE pattern): no stored key. Rows are statements already folded for the batch,
    their lists sorted sets (see :func:`kg.loader.fold_statement`): a new relationship
    takes them as they are (:data:`OPTIONAL_LISTS` only when not empty); an existing one
    gets the sorted unions, so reloading or replaying a batch changes nothing and the
    order of loads does not matter. ``evidence`` is the number of distinct sentences
    that state it, set first, from the values before this SET, and without a later
    clause that reads what was written (which would make Neo4j buffer the whole batch:
    an Eager operator)."""
    return _relationships(subject_label, object_label, rel_type, False)


def relationship_twin(subject_label: str, object_label: str, rel_type: str | None = None) -> Twin:
    """:func:`merge_relationships` and its twin that finds the ends by element id."""
    return _twin(
        lambda by_element_id: _relationships(subject_label, object_label, rel_type, by_element_id),
        (_SUBJECT, _OBJECT),
    )


def _relationships(
    subject_label: str, object_label: str, rel_type: str | None, by_element_id: bool
) -> str:
    c = _columns(RELATIONSHIP_COLUMNS)
    subject, obj = _element_columns(RELATIONSHIP_COLUMNS, 2, by_element_id)
    rel_label = f"$({c['type']})" if rel_type is None else _checked(rel_type)

    def old(name: str) -> str:  # optional lists are absent when empty
        return f"coalesce(r.{name}, [])"

    def union(name: str) -> str:
        return _sorted_union(old(name), c[name])

    def optional(value: str) -> str:  # no property rather than an empty list
        return f"CASE WHEN size({value}) > 0 THEN {value} END"

    new_sentences = f"[x IN {c['sentences']} WHERE NOT x IN {old('sentences')}]"
    on_create = ",\n  ".join(
        [
            f"r.evidence = size({c['sentences']})",
            f"r.sentences = {c['sentences']}",
            f"r.sources = {c['sources']}",
            *(f"r.{name} = {optional(c[name])}" for name in OPTIONAL_LISTS),
            f"r.confidence = {c['confidence']}",
        ]
    )
    on_match = ",\n  ".join(
        [
            f"r.evidence = size({old('sentences')}) + size({new_sentences})",
            f"r.sentences = {union('sentences')}",
            f"r.sources = {union('sources')}",
            *(
                f"r.{name} = CASE WHEN size({c[name]}) = 0 THEN r.{name} ELSE {union(name)} END"
                for name in OPTIONAL_LISTS
            ),
            f"r.confidence = CASE WHEN r.confidence >= {c['confidence']}\n"
            f"    THEN r.confidence ELSE {c['confidence']} END",
        ]
    )
    return (
        f"{_UNWIND}"
        + _match("a", subject_label, _SUBJECT, subject)
        + _match("b", object_label, _OBJECT, obj)
        + f"MERGE (a)-[r:{rel_label} {{predicate: {c['predicate']}, "
        f"negated: {c['negated']}}}]->(b)\n"
        f"ON CREATE SET {on_create}\n"
        f"ON MATCH SET {on_match}\n"
    )
