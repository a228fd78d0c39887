"""Plain, serialisable records that flow between the pipeline stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = [
    "DocEntity",
    "Document",
    "DocumentRecord",
    "Entity",
    "Mention",
    "Triple",
    "from_dict",
    "to_dict",
]


@dataclass(slots=True, kw_only=True)
class Document:
    """One cleaned input article."""

    id: str
    source: str
    title: str
    text: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    # sha256 of the cleaned text: the same article from two files or two builds is
    # recognised by it (see kg.build).
    content_hash: str | None = None

    def metadata(self) -> dict[str, Any]:
        """The export form (``documents.jsonl``): everything but the text."""
        row = to_dict(self)
        del row["text"]
        row["chars"] = len(self.text)
        return row


@dataclass(slots=True, kw_only=True)
class Mention:
    """A named-entity mention inside one document."""

    text: str
    label: str
    start: int
    end: int
    sentence_index: int
    entity: str  # document-local entity key (see DocEntity.key)


@dataclass(slots=True, kw_only=True)
class DocEntity:
    """All mentions of one entity inside one document (within-document aliasing)."""

    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    titles: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Triple:
    """One extracted statement, as stated in one sentence (not aggregated)."""

    id: str
    subject: str
    subject_id: str | None
    subject_type: str | None
    predicate: str
    object: str
    object_id: str | None
    object_type: str | None
    negated: bool
    modality: str | None
    attribution: str | None
    confidence: float
    source: str
    doc_id: str
    sentence: str
    sentence_index: int
    start: int
    end: int
    subject_text: str
    predicate_text: str
    object_text: str
    rule: str = ""
    # Document-local entity keys; replaced by canonical ids at resolution time.
    subject_key: str | None = None
    object_key: str | None = None


@dataclass(slots=True, kw_only=True)
class DocumentRecord:
    """What one document yields: crosses process boundaries, never a spaCy Doc."""

    document: Document
    entities: list[DocEntity]
    mentions: list[Mention]
    triples: list[Triple]
    sentences: int = 0


@dataclass(slots=True, kw_only=True)
class Entity:
    """A canonical entity after corpus-level resolution."""

    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: int
    sources: list[str]
    titles: list[str] = field(default_factory=list)


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (JSON-ready)."""
    return asdict(record)


def from_dict(cls: type[T], row: dict[str, Any]) -> T:
    """Build a record from a dict, ignoring keys the record does not have."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in row.items() if k in names})
