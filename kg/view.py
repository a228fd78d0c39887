"""One self-contained HTML page that draws the statement graph; it opens without a network."""

from __future__ import annotations

import html
import json
import pathlib
import re
from importlib import resources
from typing import Any

import networkx as nx

__all__ = ["DEFAULT_MAX_NODES", "TYPE_COLOURS", "render_view", "view_data", "write_view"]

DEFAULT_MAX_NODES = 1500
"""More nodes than a browser lays out smoothly: the best connected are kept."""

TYPE_COLOURS = {
    "PERSON": "#4e79a7",
    "ORG": "#f28e2b",
    "GPE": "#59a14f",
    "LOC": "#76b7b2",
    "NORP": "#e15759",
    "FAC": "#edc948",
    "EVENT": "#b07aa1",
    "PRODUCT": "#ff9da7",
    "LAW": "#9c755f",
    "WORK_OF_ART": "#d37295",
    "CONCEPT": "#bab0ac",
}
_MORE_COLOURS = ("#499894", "#86bcb6", "#8cd17d", "#b6992d", "#f1ce63", "#a0cbe8", "#fabfd2")
_TEMPLATE = "view.html"


def _colour(type_: str, others: list[str]) -> str:
    if type_ in TYPE_COLOURS:
        return TYPE_COLOURS[type_]
    return _MORE_COLOURS[others.index(type_) % len(_MORE_COLOURS)]


def view_data(
    G: nx.MultiDiGraph, *, title: str = "Knowledge graph", max_nodes: int = DEFAULT_MAX_NODES
) -> dict[str, Any]:
    """What the page draws: nodes (entities first, then by degree, up to ``max_nodes``),
    the statements between them, their sentences (each once) and the documents.

    >>> from kg.analysis import add_statement
    >>> G = nx.MultiDiGraph()
    >>> _ = add_statement(G, "Lenz", "close", "river", doc_id="a", subject_type="PERSON",
    ...                   sentence="Lenz closed the river.")
    >>> data = view_data(G)
    >>> [(n["name"], n["type"]) for n in data["nodes"]], data["sentences"][0]["text"]
    ([('Lenz', 'PERSON'), ('river', 'CONCEPT')], 'Lenz closed the river.')
    """
    ranked = sorted(
        G.nodes(data=True),
        key=lambda item: (
            item[1].get("type") == "CONCEPT",
            -G.degree(item[0]),
            str(item[1].get("name", item[0])),
            item[0],
        ),
    )[:max_nodes]
    index = {node: i for i, (node, _) in enumerate(ranked)}
    nodes = [
        {
            "id": node,
            "name": str(attrs.get("name", node)),
            "type": str(attrs.get("type", "UNKNOWN")),
            "degree": G.degree(node),
            "aliases": [str(a) for a in attrs.get("aliases") or []],
            "sources": [str(s) for s in attrs.get("sources") or []],
        }
        for node, attrs in ranked
    ]
    sentences: list[dict[str, Any]] = []
    sentence_index: dict[tuple[str, int], int] = {}
    edges = []
    for s, o, attrs in G.edges(data=True):
        if s not in index or o not in index:
            continue
        refs = []
        for sent in attrs.get("sentences") or []:
            at = (sent["doc_id"], sent["sentence_index"])
            if at not in sentence_index:
                sentence_index[at] = len(sentences)
                sentences.append({"doc": sent["doc_id"], "text": sent["sentence"]})
            refs.append(sentence_index[at])
        edges.append(
            {
                "s": index[s],
                "t": index[o],
                "p": str(attrs.get("predicate", "")),
                "neg": bool(attrs.get("negated", False)),
                "ev": int(attrs.get("evidence", 1)),
                "src": [str(d) for d in attrs.get("sources") or []],
                "sent": refs,
            }
        )
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["type"]] = counts.get(node["type"], 0) + 1
    order = sorted(counts, key=lambda t: (t == "CONCEPT", -counts[t], t))
    others = [t for t in order if t not in TYPE_COLOURS]
    return {
        "title": title,
        "types": [{"type": t, "colour": _colour(t, others), "count": counts[t]} for t in order],
        "nodes": nodes,
        "edges": edges,
        "sentences": sentences,
        "documents": G.graph.get("documents", {}),
        "shown": len(nodes),
        "total": G.number_of_nodes(),
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` survive literally.

    >>> _script_json({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, default=str)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_view(
    G: nx.MultiDiGraph, *, title: str = "Knowledge graph", max_nodes: int = DEFAULT_MAX_NODES
) -> str:
    """The page as text (see :func:`write_view`)."""
    template = resources.files("kg").joinpath(_TEMPLATE).read_text(encoding="utf-8")
    values = {
        "TITLE": html.escape(title),
        "DATA": _script_json(view_data(G, title=title, max_nodes=max_nodes)),
    }
    return re.sub(r"__KG_(TITLE|DATA)__", lambda m: values[m[1]], template)


def write_view(
    G: nx.MultiDiGraph,
    path: pathlib.Path,
    *,
    title: str = "Knowledge graph",
    max_nodes: int = DEFAULT_MAX_NODES,
) -> pathlib.Path:
    """Write one HTML file that draws ``G``: zoom, drag, colour by type with a legend,
    search, and a side panel with a node's statements, sentences and sources.

    All script and data are inline; nothing is fetched when the file is opened.
    """
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_view(G, title=title, max_nodes=max_nodes), encoding="utf-8")
    return path
