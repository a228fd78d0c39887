"""Settings: command-line flags over environment variables over ``kg.toml`` over defaults.

The password: ``--neo4j-password`` (it stays in the shell history: prefer the others),
``KG_NEO4J_PASSWORD``, the variable ``password_env`` names, or ``password`` in the file.
It is kept out of reprs, messages and logs.

``kg.toml`` is found in the working directory or given with ``kg --config FILE``::

    [neo4j]
    uri = "bolt://127.0.0.1:7687"        # or bolt+s://, neo4j+s:// (TLS), +ssc (self-signed)
    user = "neo4j"
    password_env = "MY_NEO4J_PASSWORD"   # the password itself is best kept out of files
    database = "neo4j"
    batch_size = 10000                   # rows per transaction
    writers = 2                          # sessions writing at once (KG_NEO4J_WRITERS)
    retry_seconds = 30                   # retries on deadlocks, lost connections

    [model]
    name = "en_core_web_sm"

    [extract]
    min_confidence = 0.0
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

__all__ = [
    "CONFIG_NAME",
    "Neo4jSettings",
    "file_setting",
    "neo4j_settings",
    "use_config",
]

CONFIG_NAME = "kg.toml"
_config_path: Path | None = None
_config_cache: dict[Path, dict[str, Any]] = {}


def use_config(path: Path | None) -> None:
    """Read settings from ``path`` instead of ``./kg.toml`` (``None``: back to the default)."""
    global _config_path
    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    _config_path = path


def _file_settings() -> dict[str, Any]:
    path = _config_path or Path.cwd() / CONFIG_NAME
    if not path.is_file():
        return {}
    path = path.resolve()
    if path not in _config_cache:
        try:
            _config_cache[path] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    return _config_cache[path]


def file_setting(section: str, key: str, default: Any = None) -> Any:
    """One value from the config file, or ``default``."""
    table = _file_settings().get(section, {})
    if not isinstance(table, dict):
        raise ConfigError(f"[{section}] in {CONFIG_NAME} must be a table")
    return table.get(key, default)


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
    uri = uri or env.get("KG_NEO4J_URI") or file_setting("neo4j", "uri")
    user = user or env.get("KG_NEO4J_USER") or file_setting("neo4j", "user")
    password_env = file_setting("neo4j", "password_env")
    password = (
        password
        or env.get("KG_NEO4J_PASSWORD")
        or (env.get(str(password_env)) if password_env else None)
        or file_setting("neo4j", "password")
    )
    database = (
        database or env.get("KG_NEO4J_DATABASE") or file_setting("neo4j", "database", "neo4j")
    )
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
