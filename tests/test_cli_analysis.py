"""`kg analyze …` and `kg view` through the CLI, on the example articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out)
    return out


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_actors_table_and_json(export: Path) -> None:
    assert "Key actors" in run("analyze", "actors", "--from", str(export))
    scores = json.loads(run("analyze", "actors", "--from", str(export), "-k", "3", "--json"))
    assert len(scores) == 3 and {"Markus Lenz", "Claire Weber"} & {s["name"] for s in scores}


def test_communities(export: Path) -> None:
    found = json.loads(run("analyze", "communities", "--from", str(export), "--json"))
    assert len(found) >= 2 and all(c["members"] for c in found)


def test_path_between_two_people(export: Path) -> None:
    paths = json.loads(
        run("analyze", "path", "Claire Weber", "Dieter Hoffmann", "--from", str(export), "--json")
    )
    assert paths and paths[0]["nodes"][0]["name"] == "Claire Weber"
    assert paths[0]["hops"][0]["statements"][0]["sentences"]


def test_profile_and_unknown_entity(export: Path) -> None:
    assert "Markus Lenz" in run("analyze", "profile", "Lenz", "--from", str(export))
    result = runner.invoke(app, ["analyze", "profile", "Nobody Known", "--from", str(export)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_claims_and_timeline(export: Path) -> None:
    claims = json.loads(run("analyze", "claims", "--from", str(export), "--json"))
    assert claims["corroborated"] and all(len(s["sources"]) >= 2 for s in claims["corroborated"])
    events = json.loads(run("analyze", "timeline", "--from", str(export), "--json"))
    dates = [e["date"] for e in events if e["date"]]
    assert dates == sorted(dates)


def test_view_writes_one_html_file(export: Path, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    run("view", "--from", str(export), "--out", str(page))
    html = page.read_text(encoding="utf-8")
    assert "Markus Lenz" in html and "<script src=" not in html


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_export_for_other_tools(export: Path, tmp_path: Path, fmt: str) -> None:
    import networkx as nx

    target = tmp_path / f"graph.{fmt}"
    run("export", "--format", fmt, "--from", str(export), "--out", str(target))
    if fmt == "graphml":
        graph = nx.read_graphml(target)
        names = {d.get("name") for _, d in graph.nodes(data=True)}
        assert "Markus Lenz" in names and graph.number_of_edges() > 50
    elif fmt == "gexf":
        assert nx.read_gexf(target).number_of_nodes() > 20
    elif fmt == "json":
        assert len(json.loads(target.read_text())["nodes"]) > 20
    else:
        assert (target / "nodes.csv").read_text().count("\n") > 20
        assert (target / "edges.csv").read_text().count("\n") > 50


def test_neo4j_import_format_needs_an_export(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "neo4j-import", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--from" in result.output
