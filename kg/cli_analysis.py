"""``kg analyze …`` and ``kg view``: questions answered from the graph, as tables or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn

import networkx as nx
import typer
from rich.console import Console
from rich.table import Table

from kg import analysis
from kg.config import neo4j_settings
from kg.errors import KGError

__all__ = ["analyze_app", "view"]

analyze_app = typer.Typer(
    help="Analyse the graph with NetworkX: key actors, communities, paths, profiles, "
    "corroboration, timeline. Works from an export (--from DIR) or the configured Neo4j.",
    no_args_is_help=True,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

FromOpt = Annotated[
    Path | None,
    typer.Option("--from", exists=True, file_okay=False, help="Export directory (default: Neo4j)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
TopOpt = Annotated[int, typer.Option("--top", "-k", min=1, help="How many to show.")]


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(1)


def load_graph(source: Path | None) -> nx.MultiDiGraph:
    """The graph from an export directory, or from the configured Neo4j."""
    try:
        if source is not None:
            return _graph_with_progress(source)
        from kg.loader import Neo4jLoader

        settings = neo4j_settings()
        if not settings.configured:
            _fail("no graph: pass --from DIR, or configure Neo4j (KG_NEO4J_URI or kg neo4j start)")
        with Neo4jLoader(settings) as loader:
            loader.verify()
            return analysis.graph_from_neo4j(loader)
    except KGError as exc:
        _fail(str(exc))


def _graph_with_progress(source: Path) -> nx.MultiDiGraph:
    """Read an export into the analysis graph, with a progress bar on stderr."""
    from collections.abc import Iterator

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from kg.cli import RateColumn
    from kg.export import TRIPLES, count_rows, read_documents, read_entities, read_triples
    from kg.records import Triple

    with Progress(
        "reading statements",
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("read", total=count_rows(source / TRIPLES))

        def counted() -> Iterator[Triple]:
            for triple in read_triples(source):
                yield triple
                progress.advance(task)

        return analysis.graph_from_triples(counted(), read_entities(source), read_documents(source))


def _json(value: Any) -> None:
    out.print_json(json.dumps(value, default=str, ensure_ascii=False))


def _statement_line(st: analysis.Statement) -> str:
    neg = "NOT " if st.negated else ""
    return f"{st.subject} –{neg}{st.predicate}→ {st.object}"


@analyze_app.command("actors")
def actors(
    source: FromOpt = None,
    top: TopOpt = 10,
    by: Annotated[str, typer.Option(help="pagerank, degree or betweenness.")] = "pagerank",
    as_json: JsonOpt = False,
) -> None:
    """Key actors by PageRank, degree and betweenness.

    Examples:
      kg analyze actors --from build/example-kg
      kg analyze actors --by betweenness -k 5 --json
    """
    if by not in ("pagerank", "degree", "betweenness"):
        _fail(f"--by must be pagerank, degree or betweenness, not {by!r}")
    scores = analysis.key_actors(load_graph(source), top, by=by)  # type: ignore[arg-type]
    if as_json:
        _json([asdict(s) for s in scores])
        return
    table = Table("#", "entity", "type", "degree", "PageRank", "betweenness", title="Key actors")
    for rank, s in enumerate(scores, 1):
        table.add_row(
            str(rank), s.name, s.type, str(s.degree), f"{s.pagerank:.4f}", f"{s.betweenness:.4f}"
        )
    out.print(table)


@analyze_app.command("communities")
def communities(source: FromOpt = None, top: TopOpt = 10, as_json: JsonOpt = False) -> None:
    """Communities (Louvain) with their members and the predicates that bind them.

    Examples:
      kg analyze communities --from build/example-kg
    """
    found = analysis.communities(load_graph(source))[:top]
    if as_json:
        _json([asdict(c) for c in found])
        return
    table = Table("#", "members", "statements", "binding predicates", title="Communities")
    for c in found:
        names = ", ".join(m.name for m in c.members[:8])
        more = f" (+{len(c.members) - 8})" if len(c.members) > 8 else ""
        preds = ", ".join(f"{p} ({n})" for p, n in c.top_predicates[:5])
        table.add_row(str(c.index), names + more, str(c.statements), preds)
    out.print(table)


@analyze_app.command("path")
def path(
    a: Annotated[str, typer.Argument(help="An entity name or alias.")],
    b: Annotated[str, typer.Argument(help="Another entity name or alias.")],
    source: FromOpt = None,
    top: TopOpt = 3,
    as_json: JsonOpt = False,
) -> None:
    """How two entities are connected: shortest paths, statements and sentences per hop.

    Examples:
      kg analyze path "Claire Weber" "Dieter Hoffmann" --from build/example-kg
    """
    try:
        found = analysis.paths(load_graph(source), a, b, k=top)
    except KGError as exc:
        _fail(str(exc))
    if as_json:
        _json([asdict(p) for p in found])
        return
    if not found:
        out.print(f"No path between {a} and {b}.")
        return
    for number, p in enumerate(found, 1):
        out.print(f"[bold]Path {number}[/]: " + " — ".join(n.name for n in p.nodes))
        for hop in p.hops:
            for st in hop.statements[:2]:
                out.print(f"  {_statement_line(st)}  [dim]({', '.join(st.sources)})[/]")
                for sent in st.sentences[:1]:
                    out.print(f"    [italic]“{sent['sentence']}”[/]", highlight=False)


@analyze_app.command("profile")
def profile(
    name: Annotated[str, typer.Argument(help="An entity name or alias.")],
    source: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything said by and about an entity, grouped by predicate, with sources.

    Examples:
      kg analyze profile "Markus Lenz" --from build/example-kg
    """
    try:
        found = analysis.profile(load_graph(source), name)
    except KGError as exc:
        _fail(str(exc))
    if as_json:
        _json(asdict(found))
        return
    out.print(
        f"[bold]{found.node.name}[/] ({found.node.type}); aliases: {', '.join(found.aliases)}"
    )
    for title, groups in (("Said / did", found.said), ("Said about", found.about)):
        table = Table("predicate", "statement", "sources", title=title)
        for predicate, statements in groups.items():
            for st in statements:
                table.add_row(predicate, _statement_line(st), ", ".join(st.sources))
        out.print(table)


@analyze_app.command("claims")
def claims(source: FromOpt = None, top: TopOpt = 20, as_json: JsonOpt = False) -> None:
    """Corroboration across sources: statements several documents make, and contradictions.

    Examples:
      kg analyze claims --from build/example-kg
    """
    found = analysis.corroboration(load_graph(source))
    if as_json:
        _json(asdict(found))
        return
    table = Table("documents", "statement", title="Corroborated by several documents")
    for st in found.corroborated[:top]:
        table.add_row(str(len(st.sources)), _statement_line(st))
    out.print(table)
    out.print(f"{len(found.single_source)} statements come from one document only.")
    table = Table("kind", "one side", "other side", title="Contradictions")
    for c in found.contradictions[:top]:
        first = c.first.sentences[0]["sentence"] if c.first.sentences else ""
        second = c.second.sentences[0]["sentence"] if c.second.sentences else ""
        table.add_row(
            c.kind,
            f"{_statement_line(c.first)}\n“{first}”",
            f"{_statement_line(c.second)}\n“{second}”",
        )
    out.print(table)


@analyze_app.command("timeline")
def timeline(source: FromOpt = None, top: TopOpt = 30, as_json: JsonOpt = False) -> None:
    """Statements in date order (dates written in the sentence, else publication dates).

    Examples:
      kg analyze timeline --from build/example-kg -k 50
    """
    events = analysis.timeline(load_graph(source))[:top]
    if as_json:
        _json([asdict(e) for e in events])
        return
    table = Table("date", "statement", "document", title="Timeline")
    for e in events:
        date = (e.date or "undated") + ("" if e.date_stated else " (published)")
        neg = "NOT " if e.negated else ""
        table.add_row(date, f"{e.subject} –{neg}{e.predicate}→ {e.object}", e.title or e.doc_id)
    out.print(table)


def view(
    output: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    source: FromOpt = None,
    title: Annotated[str, typer.Option(help="Page title.")] = "Knowledge graph",
) -> None:
    """Write one self-contained HTML file that draws the graph interactively.

    Examples:
      kg view --from build/example-kg --out build/example-kg.html
    """
    from kg.view import write_view

    written = write_view(load_graph(source), output, title=title)
    out.print(f"Wrote {written} (open it in a browser; it needs no network).")
