"""The graph schema as data: read from the top-level ``schema/`` folder."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "SavedQuery",
    "constraint_statements",
    "label_for",
    "queries_path",
    "relationship_type",
    "saved_queries",
    "schema_dir",
    "schema_text",
    "style_path",
    "style_text",
]

_NOT_TYPE_CHAR = re.compile(r"[^A-Z0-9]+")


def schema_dir() -> Path:
    """``$KG_SCHEMA_DIR`` or the ``schema/`` folder beside the package."""
    override = os.environ.get("KG_SCHEMA_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[1] / "schema"


def schema_text() -> str:
    return (schema_dir() / "constraints.cypher").read_text(encoding="utf-8")


def style_path() -> Path:
    """The Neo4j Browser style sheet (GraSS): colours and captions per label and type."""
    return schema_dir() / "style.grass"


def style_text() -> str:
    return style_path().read_text(encoding="utf-8")


def queries_path() -> Path:
    """The saved Cypher queries (``// name: description`` header each)."""
    return schema_dir() / "queries.cypher"


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """One saved query of ``schema/queries.cypher``."""

    name: str
    description: str
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The query as a Browser favourite: header line first, then the Cypher."""
        lines = [f"// {self.name}: {self.description}"]
        if self.params:
            lines.append(f"// params: {json.dumps(self.params, ensure_ascii=False)}")
        return "\n".join([*lines, self.cypher]) + "\n"


_HEADER = re.compile(r"^//\s*([a-z][a-z0-9_-]*):\s*(.+?)\s*$")


def _parse_queries(text: str) -> list[SavedQuery]:
    """Split on statement-ending semicolons; the last ``// name: …`` comment of a block
    before its Cypher names it (earlier comment lines are the file's preamble)."""
    queries: list[SavedQuery] = []
    for block in re.split(r";[ \t]*(?:\n|$)", text):
        name = description = None
        params: dict[str, Any] = {}
        body: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            match = _HEADER.match(stripped) if not body else None
            if match and match.group(1) == "params":
                params = json.loads(match.group(2))
            elif match:
                name, description = match.group(1), match.group(2)
            elif body or (stripped and not stripped.startswith("//")):
                body.append(line.rstrip())
        cypher = "\n".join(body).strip()
        if not cypher:
            continue
        if name is None or description is None:
            raise ValueError(f"saved query without a '// name: description' header: {cypher!r}")
        queries.append(SavedQuery(name, description, cypher, params))
    return queries


def saved_queries() -> list[SavedQuery]:
    """The saved queries of ``schema/queries.cypher``, in file order."""
    return _parse_queries(queries_path().read_text(encoding="utf-8"))


def constraint_statements() -> list[str]:
    """The statements of ``constraints.cypher`` without comments."""
    lines = [ln for ln in schema_text().splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


_SCHEMA_NAME = re.compile(
    r"^CREATE\s+(?:[A-Z]+\s+)?(CONSTRAINT|INDEX)\s+([A-Za-z_][A-Za-z0-9_]*)\s+IF\s+NOT\s+EXISTS\b",
    re.IGNORECASE,
)


def schema_names() -> list[tuple[str, str]] | None:
    """(``"constraint"`` or ``"index"``, name) of each statement of ``constraints.cypher``,
    or None if one of them is not a named ``CREATE … IF NOT EXISTS``."""
    names = []
    for statement in constraint_statements():
        match = _SCHEMA_NAME.match(statement)
        if match is None:
            return None
        names.append((match.group(1).lower(), match.group(2)))
    return names


@cache
def _labels() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((schema_dir() / "labels.json").read_text("utf-8"))
    return data


def label_for(entity_type: str) -> str:
    """The node label for an entity type; unknown types get a sanitised CamelCase label.

    >>> label_for("PERSON"), label_for("GPE"), label_for("weird type`) DETACH")
    ('Person', 'Place', 'WeirdTypeDetach')
    """
    data = _labels()
    known: dict[str, str] = data["labels"]
    if entity_type in known:
        return known[entity_type]
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", entity_type)
    label = "".join(w[:1].upper() + w[1:].lower() for w in words)[:40]
    return label or str(data["default_label"])


@lru_cache(maxsize=8192)
def relationship_type(predicate: str) -> str:
    """A predicate as a relationship type: upper snake case, ``[A-Z][A-Z0-9_]*``, capped.

    >>> relationship_type("rule out"), relationship_type("head of"), relationship_type("`; DROP")
    ('RULE_OUT', 'HEAD_OF', 'DROP')
    >>> relationship_type("3 times"), relationship_type("été")
    ('R_3_TIMES', 'ETE')
    """
    import unicodedata

    data = _labels()["relationship"]
    text = unicodedata.normalize("NFKD", predicate)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = _NOT_TYPE_CHAR.sub("_", text).strip("_")
    if not text:
        return str(data["fallback_type"])
    if not text[0].isalpha():
        text = "R_" + text
    return text[: int(data["max_type_length"])].rstrip("_")
