"""The graph schema as data: read from the top-level ``schema/`` folder."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "constraint_statements",
    "label_for",
    "relationship_type",
    "schema_dir",
    "schema_text",
]

_NOT_TYPE_CHAR = re.compile(r"[^A-Z0-9]+")


def schema_dir() -> Path:
    """``$KG_SCHEMA_DIR`` or the ``schema/`` folder beside the package."""
    override = os.environ.get("KG_SCHEMA_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[1] / "schema"


def schema_text() -> str:
    return (schema_dir() / "constraints.cypher").read_text(encoding="utf-8")


def constraint_statements() -> list[str]:
    """The statements of ``constraints.cypher`` without comments."""
    lines = [ln for ln in schema_text().splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


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
