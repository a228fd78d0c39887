"""Shared fixtures: the real spaCy model and the real Neo4j started by scripts/test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from extractors.relations import Statement
from kg.config import Neo4jSettings
from kg.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


def statements(nlp: Language, text: str) -> list[Statement]:
    return list(nlp(text)._.kg_statements)


def triples(nlp: Language, text: str) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of every statement, canonical forms."""
    return {(s.subject.canonical, s.predicate, s.object.canonical) for s in statements(nlp, text)}


@pytest.fixture(scope="session")
def neo4j_settings() -> Neo4jSettings:
    """Settings for the test server; skipped outside scripts/test, failing in CI."""
    from kg import server

    status = server.status()
    credentials = server.local_credentials()
    if not status.running or credentials is None or status.uri is None:
        message = "Neo4j test server not running (run the suite with scripts/test)"
        if os.environ.get("CI") or os.environ.get("KG_TEST_NEO4J"):
            pytest.fail(message)
        pytest.skip(message)
    user, password = credentials
    return Neo4jSettings(uri=status.uri, user=user, password=password, local=True)


@pytest.fixture()
def empty_db(neo4j_settings: Neo4jSettings) -> Iterator[Neo4jSettings]:
    """The test database wiped before the test (schema kept)."""
    from kg.loader import Neo4jLoader

    with Neo4jLoader(neo4j_settings) as loader:
        loader.run("MATCH (n) DETACH DELETE n")
    yield neo4j_settings
