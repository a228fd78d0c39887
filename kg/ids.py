"""Stable identifiers: the same input gives the same ids, whatever the order of files."""

from __future__ import annotations

import hashlib

__all__ = ["concept_id", "entity_id", "sentence_id", "stable_hash", "triple_id"]


def stable_hash(*parts: object, size: int = 16) -> str:
    """A short hex digest of the parts, joined unambiguously."""
    joined = "\x1f".join(map(str, parts))
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=size // 2).hexdigest()


def entity_id(type_: str, key: str) -> str:
    return "e_" + stable_hash(type_, key, size=16)


def concept_id(name: str) -> str:
    return "c_" + stable_hash(name.lower(), size=16)


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}#{index}"


def triple_id(doc_id: str, *parts: object) -> str:
    return "t_" + stable_hash(doc_id, *parts, size=20)
