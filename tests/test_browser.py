"""Neo4j Browser assets: the style sheet, the saved queries, and the Browser itself.

The saved queries run against the real test server on the example graph; the last test
drives the real Neo4j Browser in headless Chromium (Debian's chromium and chromedriver).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.config import Neo4jSettings
from kg.loader import Neo4jLoader
from kg.schema import SavedQuery, saved_queries, style_path, style_text
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()

LABELS = ("Person", "Organization", "Place", "Group", "Concept", "Document", "Sentence")
QUERY_NAMES = ("attributions", "what-x-did", "said-about-x", "relationship-sources", "connection")


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    """Parse GraSS the way Neo4j Browser does: selector { key: value; ... }."""
    rules: dict[str, dict[str, str]] = {}
    block = re.compile(r"""([\w.]+)\s*\{((?:'[^']*'|"[^"]*"|[^'"}])*)\}""")
    for selector, body in block.findall(text):
        props = {}
        for decl in body.split(";"):
            if decl.strip():
                key, value = decl.split(":")
                props[key.strip()] = value.strip().strip("'\"")
        rules[selector] = props
    return rules


# --------------------------------------------------------------------------- style (no server)


def test_style_gives_each_label_its_own_colour_and_caption() -> None:
    text = style_text()
    rules = grass_rules(text)
    assert "/*" not in text and "//" not in text  # the Browser's GraSS parser has no comments
    colours = {label: rules[f"node.{label}"]["color"].upper() for label in LABELS}
    assert len(set(colours.values())) == len(LABELS), colours
    for label in ("Person", "Organization", "Place", "Group", "Concept", "Entity"):
        assert rules[f"node.{label}"]["caption"] == "{name}"
    assert rules["node.Document"]["caption"] == "{title}"
    assert rules["relationship"]["caption"] == "{predicate}"
    # Structural relationships have no predicate: captioned by their type instead.
    assert rules["relationship.MENTIONS"]["caption"] == "<type>"
    assert rules["relationship.HAS_SENTENCE"]["caption"] == "<type>"
    # Generic rules first: the Browser applies matching rules in order, later ones win.
    order = list(rules)
    assert order.index("node") < order.index("node.Entity") < order.index("node.Person")


def test_schema_style_option_prints_the_style() -> None:
    result = runner.invoke(app, ["schema", "--style"])
    assert result.exit_code == 0
    assert result.stdout == style_text()
    assert str(style_path()) in result.stderr


# --------------------------------------------------------------------------- saved queries


def test_saved_queries_have_headers_and_parameters() -> None:
    queries = saved_queries()
    assert [q.name for q in queries] == list(QUERY_NAMES)
    raw = (ROOT / "schema" / "queries.cypher").read_text()
    for q in queries:
        assert f"// {q.name}: {q.description}" in raw
        used = set(re.findall(r"\$(\w+)", q.cypher))
        assert used, q.name
        assert set(q.params) == used, q.name
        assert q.text().startswith(f"// {q.name}: ")  # Browser favourites: title line first
        assert not q.cypher.rstrip().endswith(";")


def test_queries_command_prints_them(tmp_path: Path) -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    for name in QUERY_NAMES:
        assert f"// {name}: " in result.stdout
    one = runner.invoke(app, ["queries", "connection"])
    assert one.exit_code == 0
    assert one.stdout.startswith("// connection: ") and "shortestPath" in one.stdout
    assert "// what-x-did" not in one.stdout
    as_json = runner.invoke(app, ["queries", "--json", "--dir", str(tmp_path / "fav")])
    assert as_json.exit_code == 0
    assert [q["name"] for q in json.loads(as_json.stdout)] == list(QUERY_NAMES)
    assert sorted(p.name for p in (tmp_path / "fav").iterdir()) == sorted(
        f"{n}.cypher" for n in QUERY_NAMES
    )
    unknown = runner.invoke(app, ["queries", "no-such-query"])
    assert unknown.exit_code == 2
    assert "connection" in unknown.output


# --------------------------------------------------------------------------- on the real server


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out)
    return out


@pytest.fixture(scope="module")
def example_graph(neo4j_settings: Neo4jSettings, example_export: Path) -> Iterator[Neo4jSettings]:
    """The example graph alone in the test database (wiped first, kept for the module)."""
    with Neo4jLoader(neo4j_settings) as loader:
        loader.run("MATCH (n) DETACH DELETE n")
        loader.load_export(example_export)
    yield neo4j_settings


def run_saved(settings: Neo4jSettings, query: SavedQuery, **params: Any) -> list[dict[str, Any]]:
    with Neo4jLoader(settings) as loader:
        keys, rows = loader.query(query.cypher, **params)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def sensible_params(settings: Neo4jSettings) -> dict[str, dict[str, Any]]:
    """Parameters for each saved query, picked from the loaded graph itself."""
    with Neo4jLoader(settings) as loader:
        _, attributed = loader.query(
            "MATCH (a:Entity)-[r]->(b) WHERE size(r.attributions) > 0 "
            "RETURN r.attributions[0], a.name ORDER BY r.evidence DESC, a.name LIMIT 1"
        )
        _, acting = loader.query(
            "MATCH (a:Person)-[r]->() WHERE r.predicate IS NOT NULL "
            "RETURN a.name, count(r) AS n ORDER BY n DESC, a.name LIMIT 1"
        )
        _, target = loader.query(
            "MATCH ()-[r]->(b:Entity) WHERE r.predicate IS NOT NULL "
            "RETURN b.name, count(r) AS n ORDER BY n DESC, b.name LIMIT 1"
        )
        _, statement = loader.query(
            "MATCH (a:Entity)-[r]->(b:Entity) WHERE r.predicate IS NOT NULL "
            "RETURN a.name, r.predicate, b.name ORDER BY r.evidence DESC, a.name LIMIT 1"
        )
        _, pair = loader.query(
            "MATCH (a:Person)-[r1]-()-[r2]-(b:Person) "
            "WHERE a <> b AND r1.predicate IS NOT NULL AND r2.predicate IS NOT NULL "
            "RETURN a.name, b.name ORDER BY a.name, b.name LIMIT 1"
        )
    assert attributed and acting and target and statement and pair, "example graph too small"
    return {
        "attributions": {"speaker": attributed[0][0], "about": attributed[0][1]},
        "what-x-did": {"name": acting[0][0]},
        "said-about-x": {"name": target[0][0]},
        "relationship-sources": {
            "subject": statement[0][0],
            "predicate": statement[0][1],
            "object": statement[0][2],
        },
        "connection": {"from": pair[0][0], "to": pair[0][1]},
    }


@pytest.mark.neo4j
@pytest.mark.parametrize("name", QUERY_NAMES)
def test_saved_query_returns_rows(example_graph: Neo4jSettings, name: str) -> None:
    query = next(q for q in saved_queries() if q.name == name)
    params = sensible_params(example_graph)[name]
    rows = run_saved(example_graph, query, **params)
    assert rows, (name, params)
    if name == "attributions":
        assert {r["speaker"] for r in rows} == {params["speaker"]}
        assert all(params["about"] in (r["subject"], r["object"]) for r in rows)
        assert run_saved(example_graph, query, speaker="", about="")  # '' means any
    elif name == "what-x-did":
        assert {r["subject"] for r in rows} == {params["name"]}
    elif name == "said-about-x":
        assert {r["object"] for r in rows} == {params["name"]}
        assert all(r["sentence"] for r in rows)
    elif name == "relationship-sources":
        for row in rows:
            assert row["subject"] == params["subject"] and row["object"] == params["object"]
            assert 0 <= row["start"] < row["end"] and row["sentence"]
            assert row["document_id"] and row["document"]
        everything = run_saved(example_graph, query, **{**params, "predicate": ""})
        assert len(everything) >= len(rows)
    elif name == "connection":
        best = rows[0]
        assert best["via"][0] == params["from"] and best["via"][-1] == params["to"]
        assert best["hops"] == len(best["statements"]) >= 1


@pytest.mark.neo4j
def test_documented_example_params_return_rows(example_graph: Neo4jSettings) -> None:
    """The '// params:' line of each saved query works on the bundled example articles."""
    for query in saved_queries():
        assert run_saved(example_graph, query, **query.params), (
            f"saved query {query.name!r} returns nothing for its documented params "
            f"{query.params}: update the '// params:' line in schema/queries.cypher"
        )


# --------------------------------------------------------------------------- Neo4j Browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
GRAPH_QUERY = "MATCH p=(:Person)-[r]->() RETURN p LIMIT 25"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)


def _missing(what: str) -> None:
    message = f"{what} (scripts/install sets it up)"
    if os.environ.get("CI") or os.environ.get("KG_TEST_NEO4J"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture()
def chromium(tmp_path: Path) -> Iterator[Any]:
    """Headless Debian Chromium through chromedriver, with a fresh profile."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        _missing(f"{CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    # An explicit driver path: Selenium Manager (which would download drivers) stays out.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.neo4j
def test_browser_draws_the_graph(example_graph: Neo4jSettings, chromium: Any) -> None:
    """Connect Neo4j Browser, apply our style, run a query, see nodes and relationships."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from kg import server

    status = server.status()
    credentials = server.local_credentials()
    assert status.running and credentials is not None
    user, password = credentials
    bolt_host = status.uri.removeprefix("bolt://")
    driver = chromium
    wait = WebDriverWait(driver, 90)
    ARTIFACTS.mkdir(exist_ok=True)

    def element(selector: str) -> Any:
        return wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, selector)))

    def run_in_editor(command: str) -> None:
        """Type into the main editor (Monaco) and press its Run button."""
        element("[data-testid='activeEditor'] .monaco-editor").click()
        ActionChains(driver).send_keys(command).perform()
        element("[data-testid='editor-Run']").click()

    def count(selector: str) -> int:
        return len(driver.find_elements(By.CSS_SELECTOR, selector))

    try:
        driver.get(status.browser_url)
        # The connect form: bolt://127.0.0.1:<port>, user neo4j, the generated password.
        Select(element("[data-testid='bolt-scheme-select']")).select_by_visible_text("bolt://")
        address = element("[data-testid='boltaddress']")
        wait.until(lambda _: address.get_attribute("value"))  # prefilled by discovery
        address.send_keys(Keys.CONTROL, "a")
        address.send_keys(Keys.DELETE)
        address.send_keys(bolt_host)
        assert address.get_attribute("value") == bolt_host
        element("[data-testid='username']").send_keys(user)
        element("[data-testid='password']").send_keys(password)
        element("[data-testid='connect']").click()
        wait.until(ec.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid='connect']")))

        # Our style sheet, as a user would apply it: ':style' followed by the GraSS.
        run_in_editor(":style " + " ".join(style_text().split()))
        run_in_editor(GRAPH_QUERY)
        wait.until(lambda _: count("svg g.node") > 0 and count("svg g.relationship") > 0)

        def layout() -> list[str | None]:
            nodes = driver.find_elements(By.CSS_SELECTOR, "svg g.node")
            return [n.get_attribute("transform") for n in nodes]

        before: list[str | None] = []
        for _ in range(20):  # let the force layout settle before the screenshot
            now = layout()
            if now == before:
                break
            before = now
            time.sleep(0.5)
        nodes, relationships = count("svg g.node"), count("svg g.relationship")
        fills = {
            str(c.get_attribute("fill")).upper()
            for c in driver.find_elements(By.CSS_SELECTOR, "svg g.node circle.b-outline")
        }
        captions = {
            t.text.strip()
            for t in driver.find_elements(By.CSS_SELECTOR, "svg g.relationship text")
            if t.text.strip()
        }
        driver.save_screenshot(str(ARTIFACTS / "neo4j-browser.png"))
    except Exception:
        driver.save_screenshot(str(ARTIFACTS / "neo4j-browser-failure.png"))
        raise

    assert nodes > 0 and relationships > 0
    with Neo4jLoader(example_graph) as loader:
        _, rows = loader.query(
            "MATCH (:Person)-[r]->() RETURN count(r), collect(DISTINCT r.predicate)"
        )
    (total, predicates) = rows[0]
    # 25 paths, plus what the Browser adds between the returned nodes ("connect result nodes").
    assert relationships >= min(total, 25)
    person_colour = grass_rules(style_text())["node.Person"]["color"].upper()
    assert person_colour in fills, fills  # the style sheet was applied
    assert captions & set(predicates), captions  # relationships captioned {predicate}
    assert (ARTIFACTS / "neo4j-browser.png").stat().st_size > 10_000
