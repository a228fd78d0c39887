"""The ``kg`` command line: thin Typer commands over the library functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import ProgressColumn, Task
from rich.table import Table
from rich.text import Text

from kg.cli_analysis import analyze_app, view
from kg.cli_eval import eval_app
from kg.config import Neo4jSettings, neo4j_settings, use_config
from kg.errors import InputError, KGError

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs from news articles, load them into Neo4j, query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(help="Manage the local Neo4j server (Community 5.26, 127.0.0.1).")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(analyze_app, name="analyze")
app.add_typer(eval_app, name="eval")
app.command()(view)


@app.callback()
def _options(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            exists=True,
            dir_okay=False,
            help="Settings file (default: ./kg.toml if present); flags and environment win.",
        ),
    ] = None,
) -> None:
    """Build knowledge graphs from news articles, load them into Neo4j, query them."""
    use_config(config)


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

UriOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j-uri",
        envvar="KG_NEO4J_URI",
        help="bolt://, neo4j://, or with TLS bolt+s://, neo4j+s:// (certificate checked; "
        "SSL_CERT_FILE for a private CA) or bolt+ssc://, neo4j+ssc:// (self-signed accepted).",
    ),
]
UserOpt = Annotated[str | None, typer.Option("--neo4j-user", envvar="KG_NEO4J_USER")]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j-password",
        envvar="KG_NEO4J_PASSWORD",
        show_envvar=True,
        show_default=False,
        help="Prefer the environment variable or password_env in kg.toml: a password "
        "given as a flag stays in the shell history and shows in process lists. Never "
        "printed or logged.",
    ),
]
DatabaseOpt = Annotated[str | None, typer.Option("--database", envvar="KG_NEO4J_DATABASE")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object for scripts.")]


class RateColumn(ProgressColumn):
    """Items per second, once there is a rate to show."""

    def __init__(self, unit: str = "rows") -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else "")


def fail(message: str, code: int = 1) -> NoReturn:
    """One clear line on stderr and a non-zero exit."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _settings(
    uri: str | None, user: str | None, password: str | None, database: str | None
) -> Neo4jSettings:
    return neo4j_settings(uri=uri, user=user, password=password, database=database)


@contextmanager
def _connected(settings: Neo4jSettings) -> Iterator[Any]:
    """A loader whose server answered and took the login; Neo4j errors end the command."""
    import logging

    from kg.loader import Neo4jLoader

    # The driver logs retried transactions (deadlocks between writers, a lost connection)
    # as warnings; the command reports what finally happens, in one line.
    driver_log = logging.getLogger("neo4j")
    if not driver_log.handlers:
        driver_log.addHandler(logging.NullHandler())
    if not settings.configured:
        fail(
            "no Neo4j configured: pass --neo4j-uri (or set KG_NEO4J_URI), "
            "or start the local server with 'kg neo4j start'"
        )
    try:
        with Neo4jLoader(settings) as loader:
            loader.verify()
            yield loader
    except KGError as exc:
        fail(str(exc))


# Exit codes of ``kg build`` (documented in README): a script can tell a clean run from
# one where some inputs failed, without parsing output.
EXIT_OK = 0  # every input processed, or skipped on purpose (duplicate, language, ...)
EXIT_ERROR = 1  # nothing was built: bad arguments, no readable input, model or Neo4j error
EXIT_PARTIAL = 3  # the export was written, but some inputs failed (see DIR/errors.jsonl)
_SHOWN_PROBLEMS = 10  # problems printed one by one; the rest are in errors.jsonl


@app.command()
def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of .txt, .md, .html, .jsonl articles.")
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Export directory.")] = Path(
        "build/kg"
    ),
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-j", min=1, help="Worker processes (default: all cores)."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="SCHEDULER_ADDRESS",
            help="Extract on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786).",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an interrupted build into the same --out."),
    ] = False,
    any_language: Annotated[
        bool,
        typer.Option("--any-language", help="Process articles detected as not English."),
    ] = False,
    reextract: Annotated[
        bool,
        typer.Option(
            "--reextract",
            help="Extract documents even if the graph already holds the same content.",
        ),
    ] = False,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    database: DatabaseOpt = None,
    no_load: Annotated[
        bool, typer.Option("--no-load", help="Only write the export, even if Neo4j is up.")
    ] = False,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Extract entities and relations from articles; write the JSONL export and load it.

    Without a Neo4j URI the export is loaded into the local server when it is running;
    documents whose content the graph already holds are not extracted again. Every input
    that is not processed is listed in DIR/errors.jsonl with a reason code.

    Exit codes: 0 all inputs processed or skipped on purpose; 1 nothing built (error);
    3 export written but some inputs failed.

    Examples:
      kg build examples/articles --out build/example-kg
      kg build archive/ --out build/archive --workers 8 --resume
      kg build news/ --out build/news --neo4j-uri bolt://db:7687 --neo4j-user neo4j
    """
    from kg.build import build as run_build

    settings = (
        Neo4jSettings() if no_load else _settings(neo4j_uri, neo4j_user, neo4j_password, database)
    )
    known: set[str] = set()
    if settings.configured and not reextract:
        with _connected(settings) as loader:
            _, rows = loader.query(
                "MATCH (d:Document) WHERE d.content_hash IS NOT NULL RETURN d.content_hash"
            )
            known = {row[0] for row in rows}
    shown = 0

    def problem(error: InputError) -> None:
        nonlocal shown
        shown += 1
        if shown <= _SHOWN_PROBLEMS and not quiet and not as_json:
            err.print(f"[yellow]{error.kind}:[/] {error}", highlight=False)

    options: dict[str, Any] = {
        "workers": workers,
        "dask": dask,
        "resume": resume,
        "any_language": any_language,
        "known_hashes": known,
        "on_problem": problem,
    }
    try:
        if not quiet and not as_json:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            from kg.ingest import count_inputs

            total = count_inputs(paths)
            with Progress(
                TextColumn("extracting {task.fields[doc]}"),
                BarColumn(),
                MofNCompleteColumn(),
                RateColumn("docs"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("build", total=total, doc="(loading model)")

                def seen(doc: Any) -> None:
                    progress.update(task, advance=1, doc=doc.id)

                def problem_seen(error: InputError) -> None:
                    progress.update(task, advance=1)
                    problem(error)

                options["on_problem"] = problem_seen
                summary = run_build(paths, out_dir, on_document=seen, **options)
        else:
            summary = run_build(paths, out_dir, **options)
    except KGError as exc:
        fail(str(exc))
    if shown > _SHOWN_PROBLEMS and not quiet and not as_json:
        err.print(f"... and {shown - _SHOWN_PROBLEMS} more: see {out_dir / 'errors.jsonl'}")
    if summary.documents == 0 and summary.reasons.get("known", 0) == 0:
        fail(f"no readable articles in {', '.join(map(str, paths))} ({summary.line()})")
    loaded = None
    if settings.configured and summary.documents:
        loaded = _load(out_dir, settings, quiet=quiet or as_json)
    code = EXIT_PARTIAL if summary.failed else EXIT_OK
    if as_json:
        payload = summary.to_json()
        payload["neo4j"] = _where(settings) if loaded else None
        payload["exit_code"] = code
        out.print_json(json.dumps(payload))
        raise typer.Exit(code)
    if quiet:
        raise typer.Exit(code)
    table = Table(title=f"Knowledge graph export: {out_dir}", show_header=False)
    table.add_row("documents", str(summary.documents))
    table.add_row(
        "not processed",
        ", ".join(f"{k} {v}" for k, v in summary.reasons.items()) or "none",
    )
    table.add_row("entities", str(summary.entities))
    table.add_row("triples", str(summary.triples))
    table.add_row("entity types", ", ".join(f"{k} {v}" for k, v in summary.entity_types.items()))
    table.add_row("top predicates", ", ".join(f"{p} ({n})" for p, n in summary.top_predicates))
    table.add_row("top entities", ", ".join(f"{p} ({n})" for p, n in summary.top_entities))
    if summary.flagged:
        table.add_row(
            "flagged",
            ", ".join(f"{f['doc_id']} ({f['triples']} triples)" for f in summary.flagged[:5]),
        )
    out.print(table)
    if loaded is not None:
        out.print(f"Loaded into Neo4j at {_where(settings)}")
        if settings.local:
            from kg import server

            out.print(f"Neo4j Browser: {server.status().browser_url}")
    elif summary.documents:
        out.print(
            f"Export written to {out_dir}. To load it into Neo4j: "
            f"'kg neo4j start' then 'kg load {out_dir}' "
            "(or 'kg load DIR --neo4j-uri URI' for your own server)."
        )
    else:
        out.print("Every document is already in the graph; nothing new to load.")
    out.print(
        summary.line()
        + (f"; see {out_dir / 'errors.jsonl'}" if summary.inputs > summary.documents else "")
    )
    raise typer.Exit(code)


def _where(settings: Neo4jSettings) -> str:
    return f"{settings.uri} (database {settings.database})"


def _load(directory: Path, settings: Neo4jSettings, quiet: bool) -> Any:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from kg.export import DOCUMENTS, ENTITIES, TRIPLES, count_rows

    with _connected(settings) as loader:
        if quiet:
            return loader.load_export(directory)
        totals = {
            "documents": count_rows(directory / DOCUMENTS),
            "entities": count_rows(directory / ENTITIES),
            "relationships": count_rows(directory / TRIPLES),
        }
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} rows"),
            RateColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as progress:
            tasks: dict[str, Any] = {}

            def on_batch(kind: str, n: int) -> None:
                if kind not in tasks:
                    tasks[kind] = progress.add_task(f"loading {kind}", total=totals.get(kind))
                progress.advance(tasks[kind], n)

            return loader.load_export(directory, on_batch=on_batch)


@app.command()
def load(
    directory: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="An export directory.")
    ],
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    database: DatabaseOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Load an export directory into Neo4j (idempotent: loading twice changes nothing).

    Examples:
      kg load build/example-kg
      kg load build/news --neo4j-uri neo4j+s://xxxx.databases.neo4j.io --neo4j-user neo4j
    """
    settings = _settings(neo4j_uri, neo4j_user, neo4j_password, database)
    stats = _load(directory, settings, quiet=quiet or as_json)
    if as_json:
        from dataclasses import asdict

        out.print_json(json.dumps(asdict(stats)))
    elif not quiet:
        out.print(
            f"Loaded {stats.documents} documents, {stats.entities} entities, "
            f"{stats.concepts} concepts, {stats.relationships} statements into {_where(settings)}"
        )


def _parse_param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        fail(f"--param expects key=value, got {text!r}", code=2)
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def _plain(value: Any) -> Any:
    """Nodes and relationships as readable values for tables and JSON."""
    import neo4j.graph

    if isinstance(value, neo4j.graph.Node):
        props = dict(value)
        return props.get("name") or props.get("title") or props.get("id") or dict(props)
    if isinstance(value, neo4j.graph.Relationship):
        return value.get("predicate") or value.type
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


@app.command()
def query(
    statement: Annotated[str, typer.Argument(help="A Cypher statement.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value (JSON values allowed).")
    ] = None,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run Cypher and print the result as a table.

    Examples:
      kg query "MATCH (e:Person) RETURN e.name, e.mentions ORDER BY e.mentions DESC LIMIT 5"
      kg query "MATCH (a:Entity {name: \\$name})-[r]->(b) RETURN r.predicate, b.name" \\
        -p name="Pete Hegseth"
    """
    params = dict(_parse_param(p) for p in param or [])
    settings = _settings(neo4j_uri, neo4j_user, neo4j_password, database)
    with _connected(settings) as loader:
        keys, rows = loader.query(statement, **params)
    rows = [[_plain(v) for v in row] for row in rows]
    if as_json:
        out.print_json(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], default=str))
        return
    table = Table(*keys)
    for row in rows:
        table.add_row(*(v if isinstance(v, str) else json.dumps(v, default=str) for v in row))
    out.print(table)
    out.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@app.command()
def stats(
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print node counts by label and relationship counts by type.

    Examples:
      kg stats
      kg stats --json
    """
    settings = _settings(neo4j_uri, neo4j_user, neo4j_password, database)
    with _connected(settings) as loader:
        counts = loader.counts()
    if as_json:
        out.print_json(json.dumps({"labels": counts.labels, "types": counts.types}))
        return
    labels = Table("label", "nodes", title="Nodes")
    for label, n in sorted(counts.labels.items(), key=lambda kv: (-kv[1], kv[0])):
        if label != "*":
            labels.add_row(label, str(n))
    labels.add_row("[bold]all[/]", str(counts.nodes))
    types = Table("type", "relationships", title="Relationships")
    for rel_type, n in sorted(counts.types.items(), key=lambda kv: (-kv[1], kv[0])):
        types.add_row(rel_type, str(n))
    types.add_row("[bold]all[/]", str(counts.relationships))
    out.print(labels)
    out.print(types)


@app.command()
def schema(
    style: Annotated[
        bool,
        typer.Option(
            "--style",
            help="Print the Neo4j Browser style sheet (schema/style.grass) instead; "
            "its path goes to stderr.",
        ),
    ] = False,
) -> None:
    """Print the constraints and indexes the loader applies (schema/constraints.cypher).

    With --style, print the Neo4j Browser style (GraSS: colours per label, captions
    {name}, {title} and {predicate}). Apply it in Neo4j Browser by dragging the file
    onto the Browser window, or by running ':style' followed by its contents.

    Examples:
      kg schema
      kg schema > constraints.cypher
      kg schema --style > style.grass
    """
    from kg.schema import schema_text, style_path, style_text

    if style:
        err.print(f"Neo4j Browser style: {style_path()}", highlight=False, markup=False)
        sys.stdout.write(style_text())
        return
    sys.stdout.write(schema_text())


@app.command()
def queries(
    name: Annotated[
        str | None, typer.Argument(help="Print only this query (Cypher, ready to run).")
    ] = None,
    to_dir: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            file_okay=False,
            help="Also write one NAME.cypher file per query (Neo4j Browser: Favorites, Import).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the saved Cypher queries of schema/queries.cypher.

    Each has a '// name: description' header and $parameters; the '// params:' line
    holds example values for the bundled example articles.

    Examples:
      kg queries
      kg queries connection
      kg query "$(kg queries what-x-did)" -p name="Markus Lenz"
      kg queries --dir build/browser-favorites
    """
    from kg.schema import queries_path, saved_queries

    try:
        saved = saved_queries()
    except (OSError, ValueError) as exc:
        fail(f"cannot read the saved queries in {queries_path()}: {exc}")
    if name is not None:
        saved = [q for q in saved if q.name == name]
        if not saved:
            known = ", ".join(q.name for q in saved_queries())
            fail(f"no saved query named {name!r} (known: {known})", code=2)
    if to_dir is not None:
        to_dir.mkdir(parents=True, exist_ok=True)
        for q in saved:
            (to_dir / f"{q.name}.cypher").write_text(q.text(), encoding="utf-8")
        err.print(f"Wrote {len(saved)} queries to {to_dir}", highlight=False, markup=False)
    if as_json:
        payload = [
            {"name": q.name, "description": q.description, "params": q.params, "cypher": q.cypher}
            for q in saved
        ]
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    if name is None:
        sys.stdout.write(f"// Saved queries: {queries_path()}\n\n")
    sys.stdout.write("\n".join(q.text() for q in saved))


class ExportFormat(StrEnum):
    neo4j_import = "neo4j-import"
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="graphml (Cytoscape, yEd), gexf (Gephi), json (node-link, notebooks), "
            "csv (nodes.csv + edges.csv), or neo4j-import (CSV for neo4j-admin).",
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="File or directory to write.")],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", exists=True, file_okay=False, help="Export directory (default: Neo4j)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the graph for other tools, or as CSV for neo4j-admin (fast first loads).

    graphml, gexf, json and csv hold the analysis graph (entities and concepts, one edge
    per distinct statement with its evidence and sources), from an export or from Neo4j.
    neo4j-import writes node and relationship files with typed headers, the same graph
    'kg load' builds; 'kg import CSVDIR --yes' then loads them into the local server.

    Examples:
      kg export --format graphml --from build/example-kg --out build/example.graphml
      kg export --format csv --out build/graph-csv
      kg export --format neo4j-import --from build/example-kg --out build/example-csv
      kg import build/example-csv --yes
    """
    if fmt is not ExportFormat.neo4j_import:
        from kg.analysis import export_graph
        from kg.cli_analysis import load_graph

        written = export_graph(load_graph(source), fmt.value, out_dir)  # type: ignore[arg-type]
        if as_json:
            out.print_json(json.dumps({"files": [str(p) for p in written]}))
        else:
            out.print("Wrote " + ", ".join(str(p) for p in written))
        return
    if source is None:
        fail("--format neo4j-import needs --from DIR (an export directory)", code=2)
    import shlex

    from kg.bulk import write_import_csv

    try:
        with err.status("Writing CSV for neo4j-admin…"):
            files = write_import_csv(source, out_dir)
    except (KGError, OSError) as exc:
        fail(str(exc))
    if as_json:
        out.print_json(json.dumps({"directory": str(out_dir), "counts": files.counts}))
        return
    table = Table(title=f"neo4j-admin import files: {out_dir} ({fmt.value})", show_header=False)
    for name, count in files.counts.items():
        table.add_row(name, str(count))
    out.print(table)
    admin = shlex.join(["scripts/neo4j", "admin", *files.admin_args(overwrite=True)])
    out.print(
        f"Load into the local Neo4j (replaces its database): kg import {out_dir} --yes\n"
        f"Or by hand, with the server stopped: {admin}\n"
        "and then, with it started, the statements of 'kg schema' (constraints, indexes) "
        "and of kg.bulk.FILL_EMPTY_LISTS (neo4j-admin cannot write empty lists).",
        highlight=False,
        markup=False,
    )


@app.command("import")
def import_csv(
    directory: Annotated[
        Path,
        typer.Argument(exists=True, file_okay=False, help="CSV written by 'kg export'."),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm: the local database is replaced.")
    ] = False,
) -> None:
    """Bulk-import CSV from 'kg export --format neo4j-import' into the local Neo4j.

    The project's local server only (not a KG_NEO4J_URI one). Replaces its database:
    stops the server, runs neo4j-admin database import full, starts it again, then adds
    the constraints, indexes and empty lists.

    Examples:
      kg import build/example-csv --yes
    """
    import time

    from kg import server
    from kg.bulk import ImportFiles, finish_import, run_import
    from kg.loader import Neo4jLoader

    if not yes:
        fail("this replaces the local Neo4j database 'neo4j': add --yes to go ahead", code=2)
    try:
        files = ImportFiles.load(directory)
        with err.status("Stopping Neo4j…"):
            server.stop()
        started = time.perf_counter()
        with err.status("neo4j-admin database import full…"):
            report = run_import(files)
        seconds = time.perf_counter() - started
        with err.status("Starting Neo4j…"):
            info = server.start()
        settings = Neo4jSettings(uri=info.uri, user=info.user, password=info.password, local=True)
        with err.status("Constraints, indexes, empty lists…"), Neo4jLoader(settings) as loader:
            finish_import(loader)
            counts = loader.counts()
    except KGError as exc:
        fail(str(exc))
    out.print(report, highlight=False, markup=False)
    out.print(
        f"Imported {counts.nodes} nodes and {counts.relationships} relationships in "
        f"{seconds:.1f}s; Neo4j Browser: {info.browser_url}"
    )


@neo4j_app.command("start")
def neo4j_start(
    tls: Annotated[
        bool | None,
        typer.Option(
            "--tls/--no-tls",
            envvar="KG_NEO4J_TLS",
            help="Bolt over TLS only, with a certificate from a CA of the server's own "
            "(URI bolt+ssc://; for bolt+s:// set SSL_CERT_FILE to the CA file printed).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Install (first time) and start the local Neo4j; waits until Bolt answers.

    Examples:
      kg neo4j start
      kg neo4j start --tls
    """
    from kg import server

    try:
        with err.status("Starting Neo4j (the first start downloads it with Maven)…"):
            info = server.start(tls=tls)
    except KGError as exc:
        fail(str(exc))
    out.print(f"Neo4j running (pid {info.pid}): {info.uri}")
    if info.ca_file:
        out.print(f"TLS CA certificate: {info.ca_file}")
    out.print(f"Neo4j Browser: {info.browser_url} (user {info.user})")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j server.

    Examples:
      kg neo4j stop
    """
    from kg import server

    try:
        stopped = server.stop()
    except KGError as exc:
        fail(str(exc))
    out.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status(as_json: JsonOpt = False) -> None:
    """Say whether the local Neo4j server is installed and running.

    Examples:
      kg neo4j status
    """
    from dataclasses import asdict

    from kg import server

    status = server.status()
    if as_json:
        out.print_json(json.dumps(asdict(status), default=str))
        return
    if status.running:
        out.print(f"running (pid {status.pid}): {status.uri}, Browser {status.browser_url}")
    else:
        out.print(f"not running ({'installed' if status.installed else 'not installed'})")


def main() -> None:
    """Entry point of the ``kg`` script."""
    app()
