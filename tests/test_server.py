"""The local Neo4j Community server, for real: start, credentials, Browser, status, stop."""

from __future__ import annotations

import shutil
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from kg import server
from kg.errors import ServerError

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def info() -> Iterator[server.ServerInfo]:
    """The local server; started here (and stopped at the end) only if it was not running."""
    was_running = server.status().running
    started = server.start()
    yield started
    if not was_running:
        server.stop()


def _gone(pid: int) -> bool:
    """No such process, or only a zombie waiting for its (foreign) parent to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def test_start_is_idempotent(info: server.ServerInfo) -> None:
    again = server.start()
    assert again.pid == info.pid
    assert again.uri == info.uri
    assert again.password == info.password


def test_bolt_answers_with_stored_credentials(info: server.ServerInfo) -> None:
    assert info.uri.startswith("bolt://127.0.0.1:")
    assert server.local_credentials() == (info.user, info.password)
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        )
    assert records[0]["version"] == server.NEO4J_VERSION
    assert records[0]["edition"] == "community"


def test_wrong_password_is_rejected(info: server.ServerInfo) -> None:
    with (
        GraphDatabase.driver(info.uri, auth=(info.user, info.password + "-wrong")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()


def test_browser_is_served(info: server.ServerInfo) -> None:
    assert info.browser_url == info.http_url + "/browser/"
    assert info.http_url.startswith("http://127.0.0.1:")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    with opener.open(info.browser_url, timeout=10) as response:
        assert response.status == 200
        assert b"<html" in response.read().lower()


def test_password_file_is_private_and_out_of_repr(info: server.ServerInfo) -> None:
    assert server.password_file().stat().st_mode & 0o777 == 0o600
    assert info.password not in repr(info)
    assert len(info.password) >= 24


def test_status_reports_running(info: server.ServerInfo) -> None:
    status = server.status()
    assert status.running
    assert status.installed
    assert status.pid == info.pid
    assert status.uri == info.uri
    assert status.browser_url == info.browser_url
    assert status.version == server.NEO4J_VERSION


def test_config_is_local_only(info: server.ServerInfo) -> None:
    conf = (server.home_dir() / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert "dbms.usage_report.enabled=false" in conf
    for line in conf.splitlines():
        if "listen_address=" in line:
            assert line.split("=", 1)[1].startswith("127.0.0.1")


def test_transaction_logs_are_bounded(info: server.ServerInfo) -> None:
    """The server runs with the log retention and checkpoint policy we write (a setting
    it did not know would be ignored or refuse the start): logs are pruned at a
    checkpoint after each GiB of them, not only every 15 minutes."""
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            names=[
                "db.checkpoint",
                "db.checkpoint.interval.volume",
                "db.tx_log.rotation.retention_policy",
            ],
        )
    settings = {r["name"]: r["value"] for r in records}
    assert settings["db.checkpoint"] == "VOLUME"
    assert settings["db.checkpoint.interval.volume"] in ("1g", "1.00GiB", "1073741824")
    assert settings["db.tx_log.rotation.retention_policy"].replace(" ", "").lower() == "1gsize"


def test_server_runs_with_its_heap_and_young_generation(info: server.ServerInfo) -> None:
    """The JVM got the heap and young generation of memory_settings() (batched loads
    spend far less on collections with a large young generation)."""
    memory = server.memory_settings()
    args = Path(f"/proc/{info.pid}/cmdline").read_bytes().decode().split("\0")
    assert f"-Xmx{memory.heap_max}" in args
    assert f"-Xmn{memory.young}" in args
    assert "-XX:+UseParallelGC" in args


def test_admin_tool_prints_help(info: server.ServerInfo) -> None:
    done = subprocess.run(
        server.admin_command("database", "import", "full", "--help"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "neo4j-admin database import full" in done.stdout


def test_separate_server_refuses_taken_port_then_starts_and_stops(
    info: server.ServerInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second home on other ports: clear error on a taken port, then start and stop.

    Runs last; the install copies the jars from the local Maven repository (no download).
    """
    bolt, http = server.free_ports(2)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("KG_NEO4J_BOLT_PORT", str(bolt))
    monkeypatch.setenv("KG_NEO4J_HTTP_PORT", str(http))
    assert server.stop() is False

    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", http))
        squatter.listen()
        with pytest.raises(ServerError, match=f"port {http} on 127.0.0.1 is already in use"):
            server.start()

    started = server.start()
    try:
        assert started.pid != info.pid
        assert started.uri == f"bolt://127.0.0.1:{bolt}"
        with GraphDatabase.driver(started.uri, auth=(started.user, started.password)) as driver:
            driver.verify_connectivity()
    finally:
        stopped = server.stop()
    assert stopped is True
    assert _gone(started.pid)
    assert not server.status().running
    assert not (server.home_dir() / "run" / "kg-neo4j.pid").exists()
    assert server.stop() is False
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", bolt)) != 0
    shutil.rmtree(server.home_dir() / "lib")  # 137 MB of jars: keep pytest's tmp small
    # The module's own server is untouched.
    monkeypatch.undo()
    assert server.status().pid == info.pid


def test_memory_is_sized_for_the_machine_and_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_NEO4J_HEAP", raising=False)
    monkeypatch.delenv("KG_NEO4J_PAGECACHE", raising=False)
    monkeypatch.setattr(server, "_ram_bytes", lambda: 24 * 2**30)
    assert server.memory_settings() == server.MemorySettings("6g", "6g", "1536m", "4g")
    monkeypatch.setattr(server, "_ram_bytes", lambda: 4 * 2**30)
    assert server.memory_settings() == server.MemorySettings("1g", "1g", "256m", "682m")
    monkeypatch.setenv("KG_NEO4J_HEAP", "256m")
    monkeypatch.setenv("KG_NEO4J_PAGECACHE", "2g")
    assert server.memory_settings() == server.MemorySettings("256m", "256m", "2g", "170m")
    monkeypatch.setenv("KG_NEO4J_HEAP", "lots")
    with pytest.raises(ServerError, match="KG_NEO4J_HEAP"):
        server.memory_settings()


def test_tls_configuration(tmp_path: Path) -> None:
    plain = server._render_conf(7687, 7474)
    assert "server.bolt.tls_level=DISABLED" in plain
    assert "dbms.ssl.policy.bolt" not in plain
    tls = server._render_conf(7687, 7474, tmp_path)
    assert "server.bolt.tls_level=REQUIRED" in tls
    assert f"dbms.ssl.policy.bolt.base_directory={tmp_path}" in tls
    assert "dbms.ssl.policy.bolt.client_auth=NONE" in tls
    assert server._urls(7687, 7474, tls=True)[0] == "bolt+ssc://127.0.0.1:7687"


def test_start_up_is_not_reported_failed_on_one_odd_look(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A starting server that looks gone for a moment is waited for; one that stays gone
    is reported as exited, with what its logs say."""
    looks = iter([False])  # gone at the first look only, then there
    monkeypatch.setattr(server, "_is_our_server", lambda pid, home: next(looks, True))
    monkeypatch.setattr(server, "_port_open", lambda port: True)
    monkeypatch.setattr(server, "_try_connect", lambda uri, password, home: True)
    monkeypatch.setattr(server, "_http_ok", lambda url: True)
    server._wait_ready(1, tmp_path, (1, 2), "x", timeout=30)
    assert next(looks, None) is None  # it did look more than once

    monkeypatch.setattr(server, "_is_our_server", lambda pid, home: False)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "console.log").write_text("Error: no main class\n")
    with pytest.raises(ServerError, match="exited during start-up: Error: no main class"):
        server._wait_ready(1, tmp_path, (1, 2), "x", timeout=30)
