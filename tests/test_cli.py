"""Every command through the CLI, as a user would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Neo4jSettings
from tests.conftest import EXAMPLES

runner = CliRunner()


def neo4j_args(settings: Neo4jSettings) -> list[str]:
    assert settings.uri and settings.password
    return ["--neo4j-uri", settings.uri, "--neo4j-user", settings.user,
            "--neo4j-password", settings.password]  # fmt: skip


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "build" in result.output and "query" in result.output


def test_build_without_neo4j_writes_the_export(tmp_path: Path) -> None:
    out = tmp_path / "kg"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), "--no-load"])
    assert result.exit_code == 0, result.output
    assert (out / "triples.jsonl").stat().st_size > 0
    assert "kg load" in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == len(list(EXAMPLES.iterdir()))


def test_build_json_output(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(EXAMPLES), "--out", str(tmp_path / "kg"), "--no-load", "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["triples"] > 0


def test_build_with_nothing_readable_fails(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "nowhere" in result.output


def test_build_exit_code_tells_a_script_that_inputs_failed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "ok.txt").write_text(
        "Locks reopen\n\nMarkus Lenz reopened the locks at Trier on Monday.\n", encoding="utf-8"
    )
    (inputs / "blob.txt").write_bytes(b"\x00\xff" * 64)
    out = tmp_path / "kg"
    result = runner.invoke(app, ["build", str(inputs), "--out", str(out), "--no-load"])
    assert result.exit_code == 3, result.output
    assert "processed 1 / skipped 0 / failed 1 (2 inputs)" in result.output
    assert "errors.jsonl" in result.output
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error["reason"] == "binary" and error["source"].endswith("blob.txt")
    quiet = runner.invoke(app, ["build", str(inputs), "--out", str(out), "--no-load", "-q"])
    assert quiet.exit_code == 3 and quiet.output == ""
    as_json = runner.invoke(app, ["build", str(inputs), "--out", str(out), "--no-load", "--json"])
    assert as_json.exit_code == 3 and json.loads(as_json.stdout)["failed"] == 1


def test_build_with_workers_and_resume_flags(tmp_path: Path) -> None:
    out = tmp_path / "kg"
    args = ["build", str(EXAMPLES), "--out", str(out), "--no-load", "--json"]
    result = runner.invoke(app, [*args, "--workers", "1", "--resume"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["workers"] == 1 and payload["documents"] == len(list(EXAMPLES.iterdir()))


def test_schema_prints_constraints() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert "CREATE CONSTRAINT entity_id" in result.output


def test_query_without_neo4j_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(
        app, ["query", "RETURN 1", "--neo4j-uri", "bolt://127.0.0.1:1", "--neo4j-password", "x"]
    )
    assert result.exit_code == 1
    assert "cannot reach Neo4j" in result.output
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_build_load_query_stats(empty_db: Neo4jSettings, tmp_path: Path) -> None:
    out = tmp_path / "kg"
    args = neo4j_args(empty_db)
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "Loaded into Neo4j" in result.output
    assert empty_db.password not in result.output

    result = runner.invoke(app, ["load", str(out), *args, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == len(list(EXAMPLES.iterdir()))

    result = runner.invoke(
        app,
        [
            "query",
            "MATCH (a:Entity {name: $name})-[r]->(b) RETURN r.predicate, b.name",
            "--param",
            "name=Markus Lenz",
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "chief inspector of" in result.output

    result = runner.invoke(app, ["stats", *args, "--json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["labels"]["Person"] > 5 and stats["types"]["MENTIONS"] > 0

    # The graph holds these documents now: a second build recognises them by content hash.
    again = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "again"), *args])
    assert again.exit_code == 0, again.output
    assert "already in the graph" in again.output
    assert f"skipped {len(list(EXAMPLES.iterdir()))}" in again.output


@pytest.mark.neo4j
def test_neo4j_status_reports_the_running_server(neo4j_settings: Neo4jSettings) -> None:
    result = runner.invoke(app, ["neo4j", "status"])
    assert result.exit_code == 0
    assert "running" in result.output and neo4j_settings.uri in result.output


@pytest.mark.neo4j
def test_neo4j_start_is_idempotent_on_a_running_server(neo4j_settings: Neo4jSettings) -> None:
    from kg import server

    before = server.status().pid
    result = runner.invoke(app, ["neo4j", "start"])
    assert result.exit_code == 0, result.output
    assert f"pid {before}" in result.output
    assert neo4j_settings.password not in result.output


def test_neo4j_stop_and_status_without_a_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    result = runner.invoke(app, ["neo4j", "stop"])
    assert result.exit_code == 0 and "was not running" in result.output
    result = runner.invoke(app, ["neo4j", "status", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["running"] is False
