"""TLS to Neo4j: ``bolt+s``/``neo4j+s`` (certificate checked) and ``bolt+ssc``/``neo4j+ssc``
(self-signed accepted) against a real server that takes encrypted Bolt only.

The server is one of the test module's own, started with ``kg.server.start(tls=True)``:
a certificate for 127.0.0.1 signed by a CA of its own. ``bolt+s`` trusts that CA
through ``SSL_CERT_FILE`` (the driver checks certificates against the default
verify paths, which that variable replaces).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import server
from kg.config import Neo4jSettings
from kg.errors import Neo4jError
from kg.loader import Neo4jLoader
from kg.synthetic import write_synthetic_export
from tests.dedicated_server import dedicated_server


@pytest.mark.parametrize(
    "uri",
    [
        "bolt+s://db.example.org:7687",
        "neo4j+s://xxxx.databases.neo4j.io",
        "bolt+ssc://127.0.0.1:7687",
        "neo4j+ssc://127.0.0.1:7687",
    ],
)
def test_tls_uris_go_to_the_driver_as_given(uri: str) -> None:
    """No encryption or trust options are added: the driver refuses them beside a
    ``+s``/``+ssc`` scheme (no connection is made here)."""
    with Neo4jLoader(Neo4jSettings(uri=uri, password="x")) as loader:
        assert loader.driver.encrypted


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[server.ServerInfo]:
    with dedicated_server(tmp_path_factory.mktemp("tls-server"), tls=True) as info:
        yield info


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tls-export")
    write_synthetic_export(out, 400)
    return out


def at(info: server.ServerInfo, scheme: str) -> str:
    return f"{scheme}://{info.uri.split('://', 1)[1]}"


def kg(
    *args: str, info: server.ServerInfo, uri: str, ca: str | None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_NEO4J_")}
    env.pop("SSL_CERT_FILE", None)
    env.update(KG_NEO4J_URI=uri, KG_NEO4J_USER=info.user, KG_NEO4J_PASSWORD=info.password)
    if ca is not None:
        env["SSL_CERT_FILE"] = ca
    return subprocess.run(
        [str(Path(sys.executable).with_name("kg")), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.neo4j
def test_server_refuses_plain_bolt(tls_server: server.ServerInfo) -> None:
    assert tls_server.uri.startswith("bolt+ssc://127.0.0.1:")
    assert tls_server.ca_file and Path(tls_server.ca_file).is_file()
    assert server.status().tls
    plain = Neo4jSettings(uri=at(tls_server, "bolt"), password=tls_server.password)
    with Neo4jLoader(plain) as loader, pytest.raises(Neo4jError, match="cannot reach"):
        loader.verify()


@pytest.mark.neo4j
@pytest.mark.parametrize("scheme", ["bolt+ssc", "neo4j+ssc"])
def test_self_signed_schemes_load_and_query(
    tls_server: server.ServerInfo, export: Path, scheme: str
) -> None:
    settings = Neo4jSettings(
        uri=at(tls_server, scheme), user=tls_server.user, password=tls_server.password
    )
    with Neo4jLoader(settings, batch_size=100) as loader:
        assert loader.driver.encrypted
        loader.verify()
        loader.run("MATCH (n) DETACH DELETE n")
        stats = loader.load_export(export)
        counts = loader.counts()
        _, rows = loader.query(
            "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL RETURN sum(r.evidence) AS n"
        )
    assert stats.relationships == 400
    assert rows[0][0] == 400
    assert counts.labels["Document"] == 8


@pytest.mark.neo4j
def test_verified_tls_through_the_command_line(tls_server: server.ServerInfo, export: Path) -> None:
    """``bolt+s``/``neo4j+s`` with the server's CA trusted: load and query end to end;
    without that trust, one clear line and a non-zero exit."""
    assert tls_server.ca_file is not None
    loaded = kg("load", str(export), "--json", info=tls_server, uri=at(tls_server, "bolt+s"),
                ca=tls_server.ca_file)  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["relationships"] == 400
    stats = kg("stats", "--json", info=tls_server, uri=at(tls_server, "neo4j+s"),
               ca=tls_server.ca_file)  # fmt: skip
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["labels"]["Document"] == 8

    untrusted = kg("stats", info=tls_server, uri=at(tls_server, "bolt+s"), ca=None)
    assert untrusted.returncode != 0
    lines = [line for line in untrusted.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "certificate is not trusted" in lines[0], untrusted.stderr
    assert "Traceback" not in untrusted.stderr
    assert tls_server.password not in untrusted.stdout + untrusted.stderr
