"""B-cubed scoring of entity clusters against a hand-built gold standard.

The gold fixture (``tests/fixtures/resolution/documents.jsonl``) names each mention by its
surface text and which occurrence of that text in the document it is (1-based), plus a
global gold cluster id. An item is one such mention; its system cluster is the canonical
entity id of the system mention that overlaps it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from kg.records import DocumentRecord, Mention
from kg.resolution import Resolution

__all__ = [
    "GoldDocument",
    "GoldMention",
    "bcubed",
    "clusters",
    "errors",
    "item_id",
    "load_gold",
    "locate",
    "mappings",
]


def bcubed(gold: Mapping[str, str], system: Mapping[str, str]) -> tuple[float, float]:
    """B-cubed (precision, recall) of ``system`` clusters against ``gold`` clusters.

    Both map item -> cluster label. Only items present in ``gold`` are scored; a gold item
    missing from ``system`` is a system singleton.

    >>> bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "2"})
    (1.0, 1.0)
    >>> p, r = bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "1"})
    >>> round(p, 4), r
    (0.5556, 1.0)
    >>> p, r = bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1"})
    >>> p, round(r, 4)
    (1.0, 0.6667)
    >>> bcubed({"a": "x"}, {"a": "1", "z": "1"})
    (1.0, 1.0)

    """
    if not gold:
        raise ValueError("no gold items to score")
    system_label: dict[str, tuple[str, str]] = {
        item: ("cluster", system[item]) if item in system else ("singleton", item) for item in gold
    }
    gold_members: dict[str, set[str]] = defaultdict(set)
    system_members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item, label in gold.items():
        gold_members[label].add(item)
        system_members[system_label[item]].add(item)
    precision = recall = 0.0
    for item, label in gold.items():
        g = gold_members[label]
        s = system_members[system_label[item]]
        both = len(g & s)
        precision += both / len(s)
        recall += both / len(g)
    return precision / len(gold), recall / len(gold)


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One marked mention: surface text, occurrence (1-based), gold id and located span."""

    text: str
    occurrence: int
    gold: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    mentions: tuple[GoldMention, ...]


def locate(text: str, surface: str, occurrence: int) -> tuple[int, int]:
    """Character span of the ``occurrence``-th (1-based) ``surface`` in ``text``.

    The match must sit on word boundaries, so a fixture cannot silently point inside a
    longer word.

    >>> locate("New York Times staff live in New York.", "New York", 2)
    (29, 37)
    >>> locate("Saarbrücken is on the Saar.", "Saar", 1)
    Traceback (most recent call last):
    ...
    ValueError: 'Saar' #1 is not on word boundaries

    """
    if occurrence < 1:
        raise ValueError(f"occurrence must be >= 1, got {occurrence}")
    index = -1
    for _ in range(occurrence):
        index = text.find(surface, index + 1)
        if index < 0:
            raise ValueError(f"{surface!r} occurs fewer than {occurrence} times")
    end = index + len(surface)
    before = text[index - 1] if index > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        raise ValueError(f"{surface!r} #{occurrence} is not on word boundaries")
    return index, end


def load_gold(path: Path) -> list[GoldDocument]:
    """Read the fixture, locating every mention (errors name the document)."""
    documents: list[GoldDocument] = []
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc_id, text = row["id"], row["text"]
        if doc_id in seen:
            raise ValueError(f"duplicate document id {doc_id!r}")
        seen.add(doc_id)
        mentions = []
        for m in row["mentions"]:
            try:
                start, end = locate(text, m["text"], m["occurrence"])
            except ValueError as exc:
                raise ValueError(f"{doc_id}: {exc}") from None
            mentions.append(GoldMention(m["text"], m["occurrence"], m["gold"], start, end))
        spans = sorted((m.start, m.end) for m in mentions)
        for (_, end), (start, _) in pairwise(spans):
            if start < end:
                raise ValueError(f"{doc_id}: gold mentions overlap")
        documents.append(GoldDocument(doc_id, text, tuple(mentions)))
    return documents


def item_id(doc_id: str, mention: GoldMention) -> str:
    """The scored item: ``"r01:Weber#2"``."""
    return f"{doc_id}:{mention.text}#{mention.occurrence}"


def _overlapping(mention: GoldMention, candidates: Iterable[Mention]) -> Mention | None:
    """The system mention sharing the most characters with ``mention`` (earliest on ties)."""
    best: Mention | None = None
    best_overlap = 0
    for m in sorted(candidates, key=lambda m: (m.start, m.end)):
        overlap = min(m.end, mention.end) - max(m.start, mention.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best


def mappings(
    documents: Sequence[GoldDocument],
    records: Sequence[DocumentRecord],
    resolution: Resolution,
) -> tuple[dict[str, str], dict[str, str]]:
    """(gold, system): item -> gold id, and item -> canonical entity id.

    A gold mention with no overlapping system mention (or whose entity the resolution does
    not map) is left out of the system side, which :func:`bcubed` scores as a singleton.
    """
    by_id = {r.document.id: r for r in records}
    gold: dict[str, str] = {}
    system: dict[str, str] = {}
    for doc in documents:
        record = by_id[doc.id]
        for mention in doc.mentions:
            item = item_id(doc.id, mention)
            gold[item] = mention.gold
            match = _overlapping(mention, record.mentions)
            if match is None:
                continue
            eid = resolution.ids.get((doc.id, match.entity))
            if eid is not None:
                system[item] = eid
    return gold, system


def clusters(labels: Mapping[str, str]) -> dict[str, list[str]]:
    """Label -> sorted items."""
    members: dict[str, list[str]] = defaultdict(list)
    for item, label in sorted(labels.items()):
        members[label].append(item)
    return dict(members)


def errors(gold: Mapping[str, str], system: Mapping[str, str]) -> dict[str, list[str]]:
    """Human-readable merges (one system cluster, several gold ids) and splits.

    >>> errors({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "2", "c": "2"})
    {'merged': ['2: b=x, c=y'], 'split': ['x: a->1 | b->2']}

    """
    merged = []
    for label, items in clusters({i: system[i] for i in gold if i in system}).items():
        if len({gold[i] for i in items}) > 1:
            merged.append(f"{label}: " + ", ".join(f"{i}={gold[i]}" for i in items))
    split = []
    for label, items in clusters(dict(gold)).items():
        targets = defaultdict(list)
        for i in items:
            targets[system.get(i, "<missed>")].append(i)
        if len(targets) > 1 or "<missed>" in targets:
            parts = [f"{', '.join(its)}->{target}" for target, its in sorted(targets.items())]
            split.append(f"{label}: " + " | ".join(parts))
    return {"merged": merged, "split": split}
