"""Plain, serialisable records that flow between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
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


_FIELDS: dict[type, tuple[tuple[str, ...], frozenset[str]]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    return _fields_of(cls)[0]


def _field_set(cls: type) -> frozenset[str]:
    return _fields_of(cls)[1]


def _fields_of(cls: type) -> tuple[tuple[str, ...], frozenset[str]]:
    known = _FIELDS.get(cls)
    if known is None:
        names = tuple(f.name for f in fields(cls))
        known = _FIELDS[cls] = (names, frozenset(names))
    return known


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _ATOMS:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    return value


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (JSON-ready): records and lists inside it converted,
    lists copied. (What ``dataclasses.asdict`` gives for these records, without its deep
    copy of every string: the export and the spool call this for every statement.)"""
    row = {name: getattr(record, name) for name in _field_names(type(record))}
    for name, value in row.items():
        if type(value) not in _ATOMS:
            row[name] = _plain(value)
    return row


def from_dict(cls: type[T], row: dict[str, Any]) -> T:
    """Build a record from a dict, ignoring keys the record does not have."""
    names = _field_set(cls)
    return cls(**{k: v for k, v in row.items() if k in names})
