"""The Neo4j server killed in the middle of ``kg load``, for real.

A server of the test's own (killing the session's would break the other tests) takes a
``kg load`` of a synthetic export; once relationships are arriving its JVM gets SIGKILL.
The command must say so in one line and exit non-zero; after a restart (Neo4j recovers
its store from the transaction log) the same command completes, and the graph is the
one an uninterrupted load into an empty database builds: nothing missing, nothing
counted twice (evidence, sources) from the batches written before the kill.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase

from kg import server
from kg.config import Neo4jSettings
from kg.loader import Neo4jLoader
from kg.synthetic import write_synthetic_export
from tests.dedicated_server import dedicated_server
from tests.graph_dump import dump

pytestmark = pytest.mark.neo4j

TRIPLES = 10_000
KILL_AFTER = 1_000  # relationships in the graph when the server is killed


def kg_load(export: Path, info: server.ServerInfo, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_NEO4J_")}
    env.update(
        KG_NEO4J_URI=info.uri,
        KG_NEO4J_USER=info.user,
        KG_NEO4J_PASSWORD=info.password,
        KG_NEO4J_RETRY_SECONDS="3",  # give up on the dead server after 3s of retries
    )
    kg = Path(sys.executable).with_name("kg")
    return subprocess.Popen(
        [str(kg), "load", str(export)],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def relationship_count(driver: Driver) -> int:
    records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    return int(records[0]["n"])


def test_server_killed_mid_load_then_rerun_completes(
    empty_db: Neo4jSettings, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    write_synthetic_export(export, TRIPLES)
    with Neo4jLoader(empty_db) as loader:  # the uninterrupted load, on the test server
        loader.load_export(export)
        expected: dict[str, Any] = dump(loader)

    with dedicated_server(tmp_path / "server") as info:
        load = kg_load(export, info, tmp_path)
        deadline = time.monotonic() + 120
        with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
            while relationship_count(driver) < KILL_AFTER:
                assert load.poll() is None, "the load ended before the server was killed"
                assert time.monotonic() < deadline, "the load did not get going"
                time.sleep(0.1)
        os.kill(info.pid, signal.SIGKILL)
        out, err = load.communicate(timeout=120)

        assert load.returncode != 0
        assert "Traceback" not in err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, err
        assert lines[0].startswith("error:") and "Neo4j" in lines[0], lines[0]
        assert "run it again" in lines[0]
        assert info.password not in out + err

        restarted = server.start(timeout=300)
        auth = (restarted.user, restarted.password)
        with GraphDatabase.driver(restarted.uri, auth=auth) as driver:
            partial = relationship_count(driver)
        assert 0 < partial < sum(expected["types"].values())

        rerun = kg_load(export, restarted, tmp_path)
        out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err
        settings = Neo4jSettings(
            uri=restarted.uri, user=restarted.user, password=restarted.password
        )
        with Neo4jLoader(settings) as loader:
            after = dump(loader)
    assert after["labels"] == expected["labels"]
    assert after["types"] == expected["types"]
    assert after == expected
