"""The HTML view in a real headless Chromium: it draws, a click opens the side panel, and
text from articles stays text."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.analysis import add_statement, find_node, graph_from_export
from kg.build import build
from kg.view import TYPE_COLOURS, render_view, write_view
from tests.conftest import EXAMPLES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = '</script><img src=x onerror="document.title=\'pwned\'"> O\'Neil & "Co" <!--'


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "needs /usr/bin/chromium and /usr/bin/chromedriver (scripts/install)"
        if os.environ.get("CI") or os.environ.get("KG_TEST_NEO4J"):
            pytest.fail(message)
        pytest.skip(message)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1400,900",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out)
    return graph_from_export(out)


def open_view(driver: Any, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + 30
    while not driver.execute_script("return !!window.kgView && kgView.settled()"):
        assert time.monotonic() < deadline, "the layout did not settle"
        time.sleep(0.1)


def pixel(driver: Any, x: float, y: float) -> list[int]:
    """The canvas colour (RGB) at CSS pixel (x, y)."""
    return list(
        driver.execute_script(
            "const c = document.getElementById('graph'), r = window.devicePixelRatio || 1;"
            "const d = c.getContext('2d').getImageData(Math.round(arguments[0] * r),"
            " Math.round(arguments[1] * r), 1, 1).data; return [d[0], d[1], d[2]];",
            x,
            y,
        )
    )


def rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def test_nodes_render_and_a_click_shows_statements(
    browser: Any, example: nx.MultiDiGraph, tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    page = write_view(example, tmp_path / "view.html", title="Moselle chemical spill")
    open_view(browser, page)
    assert browser.execute_script("return kgView.drawnNodes()") == example.number_of_nodes()
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    lenz = find_node(example, "Markus Lenz")
    browser.execute_script("kgView.centre(arguments[0])", lenz)
    canvas = browser.find_element(By.ID, "graph")
    spot = browser.execute_script("return kgView.screenPosition(arguments[0])", lenz)
    inside = [
        pixel(browser, spot["x"] + dx * spot["r"] / 2, spot["y"] + dy * spot["r"] / 2)
        for dx in (-1, 0, 1)
        for dy in (-1, 0, 1)
    ]  # labels may cross the node; most of it shows its colour
    assert inside.count(rgb(TYPE_COLOURS["PERSON"])) >= 5
    ActionChains(browser).move_to_element_with_offset(
        canvas,
        round(spot["x"] - canvas.size["width"] / 2),
        round(spot["y"] - canvas.size["height"] / 2),
    ).click().perform()

    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.TAG_NAME, "h2").text == "Markus Lenz"
    said = [d for _, _, d in example.out_edges(lenz, data=True)]
    assert f"SAYS / DOES ({len(said)})" in panel.text
    sentence = said[0]["sentences"][0]["sentence"]
    quotes = [q.text for q in panel.find_elements(By.TAG_NAME, "blockquote")]
    assert any(" ".join(sentence.split()) in " ".join(q.split()) for q in quotes)
    title = example.graph["documents"][said[0]["sources"][0]]["title"]
    assert title in panel.text

    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "view.png"))

    # A type switched off in the legend is no longer drawn.
    concept = browser.find_element(By.XPATH, "//div[@id='legend']/button[contains(., 'CONCEPT')]")
    concept.click()
    concepts = sum(1 for _, d in example.nodes(data=True) if d["type"] == "CONCEPT")
    drawn = browser.execute_script("return kgView.drawnNodes()")
    assert drawn == example.number_of_nodes() - concepts


def test_text_from_articles_stays_text(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        "d1": {"title": HOSTILE, "url": "javascript:alert(1)", "published": "2026-03-02"}
    }
    sentence = f"{HOSTILE} said </script>."
    add_statement(
        G, HOSTILE, "say", "</script>", doc_id="d1", subject_type="PERSON", sentence=sentence
    )
    node = find_node(G, HOSTILE)
    page = tmp_path / "hostile.html"
    page.write_text(render_view(G, title=HOSTILE), encoding="utf-8")
    assert render_view(G, title=HOSTILE).count("</script>") == 2  # our two script elements
    open_view(browser, page)
    assert browser.title == HOSTILE
    browser.execute_script("kgView.select(arguments[0])", node)
    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.TAG_NAME, "h2").text == HOSTILE
    assert sentence in panel.text
    assert browser.find_elements(By.CSS_SELECTOR, "img") == []
    assert browser.find_elements(By.CSS_SELECTOR, "#panel a[href^='javascript']") == []


def test_wheel_zooms_and_a_node_can_be_dragged(
    browser: Any, example: nx.MultiDiGraph, tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.by import By

    open_view(browser, write_view(example, tmp_path / "view.html"))
    canvas = browser.find_element(By.ID, "graph")
    before = browser.execute_script("return kgView.zoom()")
    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(canvas), 0, -400).perform()
    assert browser.execute_script("return kgView.zoom()") > before * 1.5

    weber = find_node(example, "Claire Weber")
    browser.execute_script("kgView.centre(arguments[0])", weber)
    start = browser.execute_script("return kgView.screenPosition(arguments[0])", weber)
    width, height = canvas.size["width"], canvas.size["height"]
    ActionChains(browser).move_to_element_with_offset(
        canvas, round(start["x"] - width / 2), round(start["y"] - height / 2)
    ).click_and_hold().move_by_offset(40, 30).move_by_offset(40, 30).perform()
    moved = browser.execute_script("return kgView.screenPosition(arguments[0])", weber)
    ActionChains(browser).release().perform()
    assert abs(moved["x"] - start["x"] - 80) < 3 and abs(moved["y"] - start["y"] - 60) < 3
