"""The JSONL export: documents, entities and triples, one object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.records import Document, Entity, Triple, from_dict, to_dict

__all__ = [
    "DOCUMENTS",
    "ENTITIES",
    "ERRORS",
    "TRIPLES",
    "JsonlWriter",
    "count_rows",
    "document_row",
    "entity_row",
    "read_documents",
    "read_entities",
    "read_triples",
    "triple_row",
    "write_jsonl",
]

DOCUMENTS = "documents.jsonl"
ENTITIES = "entities.jsonl"
TRIPLES = "triples.jsonl"
ERRORS = "errors.jsonl"  # every input that did not reach the export, and why

_TRIPLE_PRIVATE = ("subject_key", "object_key")


class JsonlWriter:
    """Rows streamed to a temporary name, renamed to ``path`` when closed without error.

    A reader never sees a half-written file under the final name.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.tmp = path.with_suffix(path.suffix + ".tmp")
        self.handle = self.tmp.open("w", encoding="utf-8")
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        self.handle.write(json.dumps(row, ensure_ascii=False))
        self.handle.write("\n")
        self.count += 1

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.handle.close()
        if kind is None:
            self.tmp.replace(self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Stream rows to ``path`` (written to a temporary name, then renamed)."""
    with JsonlWriter(path) as writer:
        for row in rows:
            writer.write(row)
    return writer.count


def document_row(document: Document) -> dict[str, Any]:
    return document.metadata()


def entity_row(entity: Entity) -> dict[str, Any]:
    return to_dict(entity)


def triple_row(triple: Triple) -> dict[str, Any]:
    row = to_dict(triple)
    for key in _TRIPLE_PRIVATE:
        row.pop(key, None)
    return row


def count_rows(path: Path) -> int | None:
    """Lines in a JSONL file (a fast byte scan, for progress bars), None if unreadable."""
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None


def _read(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise InputError(str(path), "missing export file (run 'kg build ... --out DIR' first)")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}", f"malformed JSON ({exc.msg})") from exc


def read_documents(directory: Path) -> Iterator[dict[str, Any]]:
    """Document rows of an export (metadata only)."""
    return _read(directory / DOCUMENTS)


def read_entities(directory: Path) -> Iterator[Entity]:
    for row in _read(directory / ENTITIES):
        yield from_dict(Entity, row)


def read_triples(directory: Path) -> Iterator[Triple]:
    for row in _read(directory / TRIPLES):
        yield from_dict(Triple, row)
