"""Settings: command-line flags over environment variables over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["Neo4jSettings", "neo4j_settings"]


@dataclass(slots=True, frozen=True)
class Neo4jSettings:
    """Where and how to connect. ``password`` never appears in repr or logs."""

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"
    local: bool = False  # True when this is the project's own local server

    @property
    def configured(self) -> bool:
        return self.uri is not None


def neo4j_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    use_local: bool = True,
) -> Neo4jSettings:
    """Resolve connection settings; without a URI fall back to the local server if set up."""
    env = os.environ
    uri = uri or env.get("KG_NEO4J_URI") or None
    user = user or env.get("KG_NEO4J_USER") or None
    password = password or env.get("KG_NEO4J_PASSWORD") or None
    database = database or env.get("KG_NEO4J_DATABASE") or "neo4j"
    if uri is None and use_local:
        from kg import server

        status = server.status()
        credentials = server.local_credentials()
        if status.running and credentials is not None and status.uri is not None:
            local_user, local_password = credentials
            return Neo4jSettings(
                uri=status.uri,
                user=user or local_user,
                password=password or local_password,
                database=database,
                local=True,
            )
    return Neo4jSettings(
        uri=uri, user=user or "neo4j", password=password, database=database, local=False
    )
