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

__all__ = [
    "CONCEPT_COLUMNS",
    "MENTION_COLUMNS",
    "OPTIONAL_LISTS",
    "RELATIONSHIP_COLUMNS",
    "SENTENCE_COLUMNS",
    "keeps_plan",
    "may_scan",
    "merge_concepts",
    "merge_documents",
    "merge_entities",
    "merge_mentions",
    "merge_relationships",
    "merge_sentences",
    "replanned",
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


def merge_documents() -> str:
    return f"{_UNWIND}MERGE (d:Document {{id: row.id}})\nSET d += row.props"


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
    )


def merge_mentions() -> str:
    c = _columns(MENTION_COLUMNS)
    return (
        f"{_UNWIND}"
        f"MATCH (d:Document {{id: {c['doc']}}})\n"
        f"MATCH (e:Entity {{id: {c['entity']}}})\n"
        "MERGE (d)-[:MENTIONS]->(e)"
    )


def merge_concepts() -> str:
    """Concept nodes; ids ignore case, so two spellings of one concept keep the
    alphabetically first (the same whichever export came first). A concept already
    there is written only when its name changes: a write would lock the node until the
    batch commits, and it is an end of relationships that other batches are writing."""
    c = _columns(CONCEPT_COLUMNS)
    return (
        f"{_UNWIND}"
        f"MERGE (c:Concept {{id: {c['id']}}})\n"
        f"ON CREATE SET c.name = {c['name']}\n"
        "WITH c, row\n"
        f"WHERE {c['name']} < c.name\n"
        f"SET c.name = {c['name']}"
    )


def merge_sentences() -> str:
    c = _columns(SENTENCE_COLUMNS)
    return (
        f"{_UNWIND}"
        f"MERGE (s:Sentence {{id: {c['id']}}})\n"
        f"SET s.text = {c['text']}, s.doc_id = {c['doc']}, s.index = {c['index']},\n"
        f"  s.start = {c['start']}, s.end = {c['end']}\n"
        "WITH s, row\n"
        f"MATCH (d:Document {{id: {c['doc']}}})\n"
        "MERGE (d)-[:HAS_SENTENCE]->(s)"
    )


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
    c = _columns(RELATIONSHIP_COLUMNS)
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
        f"MATCH (a:{_checked(subject_label)} {{id: {c['s']}}})\n"
        f"MATCH (b:{_checked(object_label)} {{id: {c['o']}}})\n"
        f"MERGE (a)-[r:{rel_label} {{predicate: {c['predicate']}, negated: {c['negated']}}}]->(b)\n"
        f"ON CREATE SET {on_create}\n"
        f"ON MATCH SET {on_match}"
    )
