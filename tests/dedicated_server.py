"""A Neo4j of a test's own, beside the session's test server: its own home and ports.

For tests that kill, restart or reconfigure a server. The jars are not fetched again:
the new home's ``lib`` is a link to the installed one of the session server.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from kg import server

__all__ = ["dedicated_server"]


@contextlib.contextmanager
def dedicated_server(root: Path, tls: bool = False) -> Iterator[server.ServerInfo]:
    """Start a server in ``root`` (stopped at the end). While inside, the environment
    points :mod:`kg.server` at it: ``server.status()``, ``server.start()`` and
    ``server.stop()`` act on this one."""
    installed = server.home_dir() / "lib"
    with server.own_location(root):
        lib = server.home_dir() / "lib"
        try:
            if (installed / ".kg-installed").is_file():
                lib.parent.mkdir(parents=True, exist_ok=True)
                lib.symlink_to(installed, target_is_directory=True)
            info = server.start(timeout=300, tls=tls)
            try:
                yield info
            finally:
                server.stop()
        finally:
            if lib.is_symlink():
                lib.unlink()
