"""Errors with stable codes; the library raises, only the CLI prints."""

from __future__ import annotations

__all__ = [
    "REASONS",
    "ConfigError",
    "InputError",
    "KGError",
    "ModelError",
    "Neo4jError",
    "ServerError",
    "UnknownNodeError",
]


class KGError(Exception):
    """Base class: ``code`` is stable across releases, the message is one line."""

    code = "KG000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


# Why an input document did not reach the export: the ``reason`` column of
# ``errors.jsonl``. Stable across releases; the message beside it is for people.
REASONS: dict[str, str] = {
    "unsupported": "a file type kg does not read",
    "io": "the file cannot be opened or read",
    "empty": "no text, or nothing left once page furniture is removed",
    "binary": "binary data, not text",
    "encoding": "text whose encoding cannot be decoded",
    "malformed": "a line or file that does not parse as an article (broken JSON, bad markup)",
    "language": "not English (build with --any-language to process it anyway)",
    "duplicate": "the same text as an earlier document of this build",
    "known": "already in the graph: a document with the same content hash was loaded before",
    "extraction": "the pipeline failed on this document",
}


class InputError(KGError):
    """An input file or line that cannot be read as an article.

    ``kind`` is one of :data:`REASONS`; ``reason`` is the one-line human message.
    """

    code = "KG100"

    def __init__(self, source: str, reason: str, kind: str = "malformed") -> None:
        super().__init__(f"{source}: {reason}")
        if kind not in REASONS:
            raise ValueError(f"unknown input-error kind {kind!r}")
        self.source = source
        self.reason = reason
        self.kind = kind


class ModelError(KGError):
    """The spaCy model cannot be found or loaded."""

    code = "KG200"


class ConfigError(KGError):
    """Settings that contradict each other or cannot be parsed."""

    code = "KG300"


class Neo4jError(KGError):
    """Neo4j cannot be reached, rejects the credentials, or fails a write."""

    code = "KG400"


class ServerError(KGError):
    """The local Neo4j server cannot be installed, started or stopped."""

    code = "KG500"


class UnknownNodeError(KGError, LookupError):
    """No node of the graph has the given id, name or alias."""

    code = "KG600"
