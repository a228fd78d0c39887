"""The main job: articles in, a resolved export out (and, when asked, into Neo4j)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg.errors import InputError
from kg.export import (
    DOCUMENTS,
    ENTITIES,
    TRIPLES,
    document_row,
    entity_row,
    triple_row,
    write_jsonl,
)
from kg.ingest import iter_documents
from kg.pipeline import process
from kg.records import Document, DocumentRecord
from kg.resolution import Resolver, RuleBasedResolver

__all__ = ["BuildSummary", "build"]

SUMMARY = "summary.json"


@dataclass(slots=True)
class BuildSummary:
    """Counts a build prints and writes to ``summary.json``."""

    out: str
    documents: int = 0
    skipped: int = 0
    entities: int = 0
    triples: int = 0
    entity_types: dict[str, int] = field(default_factory=dict)
    top_predicates: list[tuple[str, int]] = field(default_factory=list)
    top_entities: list[tuple[str, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def build(
    paths: Iterable[Path],
    out: Path,
    *,
    nlp: Language | None = None,
    resolver: Resolver | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    min_confidence: float | None = None,
) -> BuildSummary:
    """Read, extract, resolve and write the JSONL export to ``out``.

    Statements under ``min_confidence`` (default: ``[extract] min_confidence`` in
    ``kg.toml``, else 0) are left out of the export.
    """
    from kg.config import file_setting

    threshold = float(
        min_confidence
        if min_confidence is not None
        else file_setting("extract", "min_confidence", 0.0)
    )
    summary = BuildSummary(out=str(out))

    def documents() -> Iterator[Document]:
        for item in iter_documents(paths):
            if isinstance(item, InputError):
                summary.skipped += 1
                summary.problems.append(str(item))
                if on_problem:
                    on_problem(item)
                continue
            yield item

    records: list[DocumentRecord] = []
    for record in process(documents(), nlp=nlp):
        records.append(record)
        if on_document:
            on_document(record.document)
    resolution = (resolver or RuleBasedResolver()).resolve(records)

    out.mkdir(parents=True, exist_ok=True)
    summary.documents = write_jsonl(out / DOCUMENTS, (document_row(r.document) for r in records))
    summary.entities = write_jsonl(out / ENTITIES, (entity_row(e) for e in resolution.entities))
    predicates: Counter[str] = Counter()

    def triples() -> Iterator[dict[str, Any]]:
        for record in records:
            for triple in record.triples:
                if triple.confidence < threshold:
                    continue
                resolved = resolution.resolve_triple(triple)
                predicates[resolved.predicate] += 1
                yield triple_row(resolved)

    summary.triples = write_jsonl(out / TRIPLES, triples())
    summary.entity_types = dict(Counter(e.type for e in resolution.entities).most_common())
    summary.top_predicates = predicates.most_common(10)
    summary.top_entities = [
        (e.name, e.mentions)
        for e in sorted(resolution.entities, key=lambda e: (-e.mentions, e.name))[:10]
    ]
    (out / SUMMARY).write_text(json.dumps(summary.to_json(), indent=2) + "\n", encoding="utf-8")
    return summary
