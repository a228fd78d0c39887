"""Corpus-level entity resolution: one canonical entity per real-world name.

The resolver is a separate, swappable step: anything with ``resolve(records)`` returning
a :class:`Resolution` can replace :class:`RuleBasedResolver` without touching extraction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from extractors.names import name_key
from kg.ids import entity_id
from kg.records import DocumentRecord, Entity, Triple

__all__ = ["Resolution", "Resolver", "RuleBasedResolver", "canonical_key", "resolve_triples"]

# Written variants of one name; keys are name_key() forms.
VARIANTS = {
    "us": "united states",
    "u s": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "nbc": "nbc news",
    "un": "united nations",
    "eu": "european union",
}
_SPELLING = {"defence": "defense", "centre": "center", "organisation": "organization"}
# Legal forms that do not change which company is meant ("Moselchem AG" = "Moselchem").
_LEGAL_FORMS = frozenset(
    {"ag", "gmbh", "inc", "ltd", "llc", "plc", "corp", "co", "sa", "se", "nv", "bv", "spa"}
)


def canonical_key(name: str) -> str:
    """The corpus-wide key of a name: normalised, spelling and written variants folded.

    >>> canonical_key("U.S."), canonical_key("The Washington Post"), canonical_key("Defence")
    ('united states', 'washington post', 'defense')
    >>> canonical_key("Moselchem AG"), canonical_key("Ministry of Defence")
    ('moselchem', 'defense ministry')

    """
    words = [_SPELLING.get(w, w) for w in name_key(name).split()]
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    if len(words) >= 3 and words[0] in ("ministry", "department") and words[1] == "of":
        # "Ministry of Defence" = "Defence Ministry"
        words = [*words[2:], words[0]]
    key = " ".join(words)
    return VARIANTS.get(key, key)


@dataclass(slots=True)
class Resolution:
    """Canonical entities and the map from (document id, local key) to entity id."""

    entities: list[Entity]
    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    by_id: dict[str, Entity] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entities}

    def resolve_triple(self, triple: Triple) -> Triple:
        """The triple with canonical ids, names and types for its entity arguments."""
        changes: dict[str, object] = {}
        for side in ("subject", "object"):
            key = getattr(triple, f"{side}_key")
            if key is None:
                continue
            eid = self.ids.get((triple.doc_id, key))
            if eid is None:
                continue
            entity = self.by_id[eid]
            changes[side] = entity.name
            changes[f"{side}_id"] = eid
            changes[f"{side}_type"] = entity.type
        return replace(triple, **changes) if changes else triple  # type: ignore[arg-type]


class Resolver(ABC):
    """Turns per-document entities into canonical corpus entities."""

    @abstractmethod
    def resolve(self, records: Iterable[DocumentRecord]) -> Resolution:
        """Resolve every document-local entity in ``records`` (read once, in order)."""


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key wins so the result does not depend on input order.
            low, high = sorted((ra, rb))
            self.parent[high] = low


class RuleBasedResolver(Resolver):
    """Merge by canonical name key; short forms only when the corpus has one candidate."""

    def resolve(self, records: Iterable[DocumentRecord]) -> Resolution:
        groups = _UnionFind()
        node_of: dict[tuple[str, str], str] = {}
        types: dict[str, Counter[str]] = defaultdict(Counter)
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        titles: dict[str, set[str]] = defaultdict(set)
        docs: dict[str, set[str]] = defaultdict(set)
        expansions: dict[str, set[str]] = defaultdict(set)
        for record in records:
            doc_id = record.document.id
            for ent in record.entities:
                node = canonical_key(ent.name)
                node_of[(doc_id, ent.key)] = node
                groups.find(node)
                types[node][ent.type] += ent.mentions
                forms[node][ent.name] += ent.mentions
                for alias in ent.aliases:
                    forms[node][alias] += 1
                    alias_key = canonical_key(alias)
                    if _is_acronym(alias):
                        expansions[alias_key].add(node)
                    elif len(alias_key.split()) > 1:
                        # An alias with several words is a name in its own right.
                        groups.union(node, alias_key)
                titles[node].update(ent.titles)
                docs[node].add(doc_id)
        # An acronym joins its expansion only when the corpus expands it one way
        # ("EEA" for two different agencies stays apart from both).
        for acronym, expanded in sorted(expansions.items()):
            if len({groups.find(n) for n in expanded}) == 1:
                groups.union(acronym, min(expanded))
        self._merge_short_forms(groups, types)
        # Collect groups.
        members: dict[str, list[str]] = defaultdict(list)
        for node in sorted(groups.parent):
            members[groups.find(node)].append(node)
        entities: list[Entity] = []
        eid_of_root: dict[str, str] = {}
        for root in sorted(members):
            nodes = members[root]
            type_votes: Counter[str] = Counter()
            form_votes: Counter[str] = Counter()
            sources: set[str] = set()
            group_titles: set[str] = set()
            for node in nodes:
                type_votes.update(types.get(node, Counter()))
                form_votes.update(forms.get(node, Counter()))
                sources |= docs.get(node, set())
                group_titles |= titles.get(node, set())
            if not form_votes:
                continue
            type_ = _majority_type(type_votes, form_votes)
            plain = [f for f in form_votes if not f.startswith("The ")] or list(form_votes)
            name = max(plain, key=lambda f: (len(f.split()), form_votes[f], f))
            eid = entity_id(type_, canonical_key(name))
            eid_of_root[root] = eid
            aliases = set(form_votes) - {name}
            aliases |= {f"{t} {name}" for t in group_titles}
            entities.append(
                Entity(
                    id=eid,
                    name=name,
                    type=type_,
                    aliases=sorted(aliases),
                    mentions=sum(type_votes.values()),
                    sources=sorted(sources),
                    titles=sorted(group_titles),
                )
            )
        ids = {
            local: eid_of_root[groups.find(node)]
            for local, node in node_of.items()
            if groups.find(node) in eid_of_root
        }
        entities.sort(key=lambda e: e.id)
        return Resolution(entities=entities, ids=ids)

    @staticmethod
    def _merge_short_forms(groups: _UnionFind, types: dict[str, Counter[str]]) -> None:
        """A one-word name joins the only person whose first or last name it is."""
        persons = [
            node
            for node, votes in types.items()
            if len(node.split()) > 1 and votes.most_common(1)[0][0] == "PERSON"
        ]
        by_part: dict[str, set[str]] = defaultdict(set)
        by_bare: dict[str, set[str]] = defaultdict(set)
        for node in persons:
            words = node.split()
            by_part[words[-1]].add(groups.find(node))
            by_bare[" ".join(w for w in words if len(w) > 1)].add(node)
        # "Mark T. Esper" and "Mark Esper": same first and last name, same person.
        for nodes in by_bare.values():
            first, *rest = sorted(nodes)
            for other in rest:
                groups.union(first, other)
        for node, votes in list(types.items()):
            if len(node.split()) != 1 or node not in by_part:
                continue
            if votes.most_common(1)[0][0] not in ("PERSON", "ORG", "NORP", "LOC", "GPE"):
                continue
            roots = {groups.find(n) for n in by_part[node]}
            if len(roots) == 1:
                groups.union(node, next(iter(roots)))


def _is_acronym(text: str) -> bool:
    """ "DEA", "U.N.", "IMWC": one short word in capitals."""
    bare = text.replace(".", "")
    return " " not in text and 2 <= len(bare) <= 6 and bare.isupper()


def _majority_type(types: Counter[str], forms: Counter[str]) -> str:
    """The type most mentions agree on; a full personal name makes a person."""
    if not types:
        return "MISC"
    best, _ = max(types.items(), key=lambda kv: (kv[1], kv[0] == "PERSON", kv[0]))
    return best


def resolve_triples(resolution: Resolution, triples: Iterable[Triple]) -> Iterable[Triple]:
    """Apply a resolution to a stream of triples."""
    for triple in triples:
        yield resolution.resolve_triple(triple)
