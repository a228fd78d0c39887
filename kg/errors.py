"""Errors with stable codes; the library raises, only the CLI prints."""

from __future__ import annotations

__all__ = [
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


class InputError(KGError):
    """An input file or line that cannot be read as an article."""

    code = "KG100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


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
