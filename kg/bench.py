"""Load benchmark (``scripts/bench_load``): naive vs batched vs bulk import, and memory.

Runs on its own temporary Neo4j (a separate home, free ports, stopped and deleted at
the end), never on the user's or the test server. Prints the figures and writes them
to ``build/bench-load.json``. Phases:

0. warm-up, untimed, for both loaders alike: batched loads of another export of the
   same size until the server's CPU time per load settles, and naive transactions on
   it, then the database emptied (a fresh JVM runs interpreted, plans every statement
   the first time, and takes a few loads to compile what is hot);
a. batched: :meth:`kg.loader.Neo4jLoader.load_export` on the whole export (``writers``
   sessions), ``repeats`` times into the emptied database, the median reported;
b. naive: one transaction per triple, writing the same graph as the batched loader
   (:func:`naive_load`), on a sample of the synthetic export, extrapolated to all of it;
c. bulk: ``kg export --format neo4j-import`` CSV, then ``neo4j-admin database import
   full`` into the stopped server, then the schema and empty lists;
d. memory: a larger export through the batched loader while sampling this process's
   resident memory (VmRSS of ``/proc/self/status``); then that export through the bulk
   path too (c at scale).

Figures are wall time and CPU time (this process, the server's JVM): on a shared
machine the CPU figures say more than the wall clock, but they too grow when the host is
busy (server CPU for a load of the same export: 6.4 s in one run, 10.7 s in a run on
another day; old and new loader code on that day: 8.8 s and 8.0 s). So the run
also times a fixed piece of Python work at its start and end (:func:`reference_seconds`):
compare runs only with that figure beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import neo4j

from kg import cypher, server
from kg.bulk import finish_import, run_import, write_import_csv
from kg.config import Neo4jSettings
from kg.export import TRIPLES, read_documents, read_entities, read_rows
from kg.loader import (
    DEFAULT_BATCH,
    DEFAULT_WRITERS,
    Ends,
    LoadStats,
    Neo4jLoader,
    graph_rows,
)

__all__ = [
    "main",
    "naive_load",
    "reference_seconds",
    "rss_bytes",
    "scratch_and_results",
    "wipe_database",
]

_STRUCTURAL = ("MENTIONS", "HAS_SENTENCE")


# --------------------------------------------------------------------------- measuring


def rss_bytes() -> int:
    """Resident set size of this process (VmRSS of /proc/self/status), in bytes."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def reference_seconds() -> float:
    """CPU seconds this process takes for a fixed piece of Python work (a sum of ten
    million squares; about 0.55 s on the development machine on a calm day). The same
    code, so a run whose figure is higher ran on a slower (shared, throttled) machine:
    set its other figures beside those of another run with that in mind."""
    started = time.process_time()
    sum(i * i for i in range(10_000_000))
    return time.process_time() - started


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class _Usage:
    """Wall time and CPU time of this process and of the server over a block."""

    server_pid: int
    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    @contextlib.contextmanager
    def measure(self) -> Iterator[_Usage]:
        wall, client = time.perf_counter(), time.process_time()
        server_cpu = _cpu_seconds(self.server_pid)
        try:
            yield self
        finally:
            self.wall = time.perf_counter() - wall
            self.client_cpu = time.process_time() - client
            self.server_cpu = _cpu_seconds(self.server_pid) - server_cpu

    def as_json(self) -> dict[str, float]:
        return {
            "wall_seconds": round(self.wall, 3),
            "client_cpu_seconds": round(self.client_cpu, 3),
            "server_cpu_seconds": round(self.server_cpu, 3),
        }


@dataclass
class _RssSampler:
    """Samples VmRSS every ``interval`` seconds on a thread, with a progress counter."""

    interval: float = 0.5
    samples: list[tuple[float, int, int]] = field(default_factory=list)  # (t, rows, rss)
    rows: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def _run(self, start: float) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter() - start, self.rows, rss_bytes()))
            self._stop.wait(self.interval)

    @contextlib.contextmanager
    def running(self) -> Iterator[_RssSampler]:
        start = time.perf_counter()
        self.samples.append((0.0, 0, rss_bytes()))
        thread = threading.Thread(target=self._run, args=(start,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self.samples.append((time.perf_counter() - start, self.rows, rss_bytes()))


@contextlib.contextmanager
def scratch_and_results(
    out: Path, workdir: Path | None, keep: bool, prefix: str, results: dict[str, Any]
) -> Iterator[Path]:
    """A benchmark's scratch directory (``workdir``, else a temporary one, deleted at the
    end unless ``keep``) and its figures: ``results`` written as JSON to ``out`` however
    the run ends, with the error of a failed run."""
    scratch = workdir or Path(tempfile.mkdtemp(prefix=prefix))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        yield scratch
    except BaseException as exc:
        results["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        _say(f"Figures written to {out}")


# --------------------------------------------------------------------------- the server


@contextlib.contextmanager
def _own_server(root: Path) -> Iterator[Neo4jSettings]:
    """A Neo4j of our own: its own home under ``root`` and free ports, stopped at the end.

    The local server functions read their home and ports from the environment, so
    those are set for the duration (and restored)."""
    with server.own_location(root / "neo4j-cache"):
        info = server.start(timeout=600)
        try:
            yield Neo4jSettings(uri=info.uri, user=info.user, password=info.password)
        finally:
            server.stop()


def wipe_database(settings: Neo4jSettings) -> None:
    """Delete every node and relationship (in transactions of 5,000)."""
    with Neo4jLoader(settings) as loader:
        loader.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")


def _statement_count(loader: Neo4jLoader) -> int:
    counts = loader.counts()
    return sum(n for t, n in counts.types.items() if t not in _STRUCTURAL)


# --------------------------------------------------------------------------- the loaders


def _naive_statement(kind: str, ends: Ends | None) -> str:
    if ends is not None:
        return cypher.merge_relationships(*ends)
    return cypher.merge_sentences() if kind == "sentence" else cypher.merge_concepts()


def _timed_load(
    loader: Neo4jLoader, settings: Neo4jSettings, export: Path, server_pid: int
) -> tuple[_Usage, LoadStats]:
    """Empty the database, then load ``export`` (batched), timed; the schema is there
    before the clock starts."""
    wipe_database(settings)
    loader.apply_schema()
    usage = _Usage(server_pid)
    with usage.measure():
        stats = loader.load_export(export)
    return usage, stats


def _load_all_but_triples(loader: Neo4jLoader, export: Path) -> None:
    """The documents, entities and mentions of ``export``, batched."""
    loader.apply_schema()
    loader.load_documents(read_documents(export))
    loader.load_entities(read_entities(export))


def naive_load(loader: Neo4jLoader, triples: Iterable[dict[str, Any]]) -> int:
    """The loader one would write first: one transaction per triple, writing what the
    batched loader writes for it (its sentence and the link from its document, its
    concept ends, its relationship with all of its provenance) with the batched
    loader's own statements, each on a one-row list; so both give the same graph. The
    documents, entities and mentions are expected to be loaded already."""

    def write(tx: neo4j.ManagedTransaction, statements: list[tuple[str, list[Any]]]) -> None:
        for query, rows in statements:
            tx.run(query, rows=rows).consume()

    loader.apply_schema()
    done = 0
    with loader.driver.session(database=loader.settings.database) as session:
        for triple in triples:
            statements = [
                (_naive_statement(kind, ends), [row]) for kind, row, ends in graph_rows([triple])
            ]
            session.execute_write(write, statements)
            done += 1
    return done


# --------------------------------------------------------------------------- phases


def _synthetic(directory: Path, triples: int, seed: int = 7) -> dict[str, Any]:
    """Write a synthetic export in a child process (keeps this process's memory clean)."""
    done = subprocess.run(
        [sys.executable, "-m", "kg.synthetic", str(directory), str(triples), str(seed)],
        capture_output=True,
        text=True,
        check=True,
    )
    sizes: dict[str, Any] = json.loads(done.stdout)
    sizes["triples_mb"] = round((directory / TRIPLES).stat().st_size / 2**20, 1)
    return sizes


def _say(text: str) -> None:
    print(text, flush=True)


def _mib(n: int) -> float:
    return round(n / 2**20, 1)


class _Retries(logging.Handler):
    """Counts the transactions the driver retried (deadlocks between writer sessions, …)
    instead of letting its warnings reach the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.deadlocks = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "will be retried" in message:
            self.count += 1
            self.deadlocks += "DeadlockDetected" in message


def run(
    relationships: int,
    naive_sample: int,
    memory_relationships: int,
    batch_size: int,
    workdir: Path,
    results: dict[str, Any],
    skip_bulk: bool = False,
    writers: int = DEFAULT_WRITERS,
    warmup_relationships: int | None = None,
    repeats: int = 3,
) -> None:
    """Run the phases, filling ``results`` as they finish (kept if a later one fails)."""
    import importlib.util

    retries = _Retries()
    logging.getLogger("neo4j").addHandler(retries)

    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "neo4j": server.NEO4J_VERSION,
        "server_memory": str(server.memory_settings()),
        "driver_packstream": "rust (neo4j-rust-ext)"
        if importlib.util.find_spec("neo4j._rust") is not None
        else "pure Python",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    reference = results["machine"]["reference_seconds_at_start"] = round(reference_seconds(), 3)
    _say(
        f"Machine: reference work took {reference}s of CPU "
        "(see kg.bench.reference_seconds; higher: a slower machine right now)"
    )
    results["batch_size"] = batch_size
    results["writers"] = writers
    export = workdir / "export-100k"
    _say(f"Generating a synthetic export of {relationships:,} triples in {export} …")
    results["export"] = _synthetic(export, relationships)

    with _own_server(workdir) as settings:
        pid = server.status().pid
        assert pid is not None
        _say(f"Own Neo4j {server.NEO4J_VERSION} at {settings.uri} (home {server.home_dir()})")

        # Warm-up, untimed and the same for both loaders: a fresh JVM interprets and
        # plans; afterwards both run on the same warmed server (plans cached, store,
        # locking and commit paths compiled), as a server that has been up for a while.
        # The JIT takes many loads to settle (on a fresh JVM, server CPU seconds per
        # load went 35, 10, 7.6, 7.0, 6.7, 6.7, 6.5, 6.4, 6.3, 6.3, 6.3, 6.1), and one
        # load's figure is noisy: repeat until two loads in a row are no more than 3%
        # better than the best before them (at least 8 loads, at most 14; on a busy
        # host, 5 loads left the first timed load a third slower than the next two).
        warmup = workdir / "export-warmup"
        _synthetic(warmup, warmup_relationships or relationships, seed=3)
        warmup_cpu: list[float] = []
        with Neo4jLoader(settings, batch_size=batch_size, writers=writers) as loader:
            while len(warmup_cpu) < 14:
                usage, _ = _timed_load(loader, settings, warmup, pid)
                warmup_cpu.append(round(usage.server_cpu, 2))
                if len(warmup_cpu) >= 8 and min(warmup_cpu[-2:]) > 0.97 * min(warmup_cpu[:-2]):
                    break
            wipe_database(settings)
            _load_all_but_triples(loader, warmup)
            naive_load(loader, islice(read_rows(warmup / TRIPLES), 2000))
        wipe_database(settings)
        results["warmup_server_cpu_seconds_per_load"] = warmup_cpu
        _say(f"Warm-up: server CPU seconds of each batched load: {warmup_cpu}")

        # (a) batched, on the warmed server: `repeats` loads into the emptied database,
        # the median by wall time reported (all of them listed)
        runs: list[tuple[_Usage, int, int, int]] = []  # usage, triples, retried, deadlocks
        for _ in range(max(1, repeats)):
            retries.count = retries.deadlocks = 0
            with Neo4jLoader(settings, batch_size=batch_size, writers=writers) as loader:
                usage, stats = _timed_load(loader, settings, export, pid)
                statements = _statement_count(loader)
                batched_counts = loader.counts()
            runs.append((usage, stats.relationships, retries.count, retries.deadlocks))
        usage, triples, retried, deadlocks = sorted(runs, key=lambda run: run[0].wall)[
            len(runs) // 2
        ]
        batched_rate = statements / usage.wall
        results["batched"] = {
            "triples": triples,
            "relationships": statements,
            "all_relationships": batched_counts.relationships,
            "nodes": batched_counts.nodes,
            **usage.as_json(),
            "relationships_per_second": round(batched_rate),
            "relationships_per_server_cpu_second": round(statements / usage.server_cpu),
            "writers": writers,
            "retried_transactions": retried,
            "of_which_deadlocks": deadlocks,
            "loads": len(runs),
            "note": "the median of the loads by wall time; all of them in 'each_load'",
            "each_load": [
                {**run.as_json(), "relationships_per_second": round(statements / run.wall)}
                for run, *_ in runs
            ],
        }
        _say(
            f"(a) batched load_export ({writers} writers, batches of {batch_size:,}), median "
            f"of {len(runs)} loads: {statements:,} relationships "
            f"({batched_counts.relationships:,} with MENTIONS/HAS_SENTENCE, "
            f"{batched_counts.nodes:,} nodes) in {usage.wall:.2f}s = {batched_rate:,.0f} rel/s "
            f"(server CPU {usage.server_cpu:.1f}s, client CPU {usage.client_cpu:.1f}s; "
            f"{deadlocks} deadlocks retried); "
            f"each load: {', '.join(f'{run.wall:.2f}s' for run, *_ in runs)}"
        )

        # (b) naive, on a sample, on the same server
        wipe_database(settings)
        sample = list(islice(read_rows(export / TRIPLES), naive_sample))
        usage = _Usage(pid)
        with Neo4jLoader(settings) as loader:
            # Untimed, which flatters the naive loader: the documents, entities and
            # mentions (the batched load's first 2% of rows) are there already.
            _load_all_but_triples(loader, export)
            with usage.measure():
                naive_load(loader, sample)
        naive_rate = len(sample) / usage.wall
        results["naive"] = {
            "sample_triples": len(sample),
            **usage.as_json(),
            "relationships_per_second": round(naive_rate),
            "extrapolated_seconds_for_export": round(relationships / naive_rate, 1),
            "note": f"first {len(sample):,} triples of the export, one transaction each "
            "writing what the batched loader writes for the triple (sentence, concepts, "
            "relationship with provenance); documents, entities and mentions loaded "
            "beforehand (untimed); time for the whole export extrapolated linearly",
        }
        _say(
            f"(b) naive, one transaction per triple: {len(sample):,} in {usage.wall:.1f}s = "
            f"{naive_rate:,.0f} rel/s; all {relationships:,} would take "
            f"~{relationships / naive_rate:,.0f}s (extrapolated)"
        )
        results["ratio_batched_to_naive"] = round(batched_rate / naive_rate, 1)
        _say(f"batched / naive: {batched_rate / naive_rate:.1f}x")

        # (c) bulk: CSV, neo4j-admin import into the stopped server, schema
        if not skip_bulk:
            csv_dir = workdir / "import-csv"
            started = time.perf_counter()
            files = write_import_csv(export, csv_dir)
            csv_seconds = time.perf_counter() - started
            server.stop()
            started = time.perf_counter()
            report = run_import(files)
            import_seconds = time.perf_counter() - started
            info = server.start(timeout=600)
            settings = Neo4jSettings(uri=info.uri, user=info.user, password=info.password)
            started = time.perf_counter()
            with Neo4jLoader(settings) as loader:
                finish_import(loader)
                finish_seconds = time.perf_counter() - started
                bulk_counts = loader.counts()
                bulk_statements = _statement_count(loader)
            same = (bulk_counts.labels, bulk_counts.types) == (
                batched_counts.labels,
                batched_counts.types,
            )
            results["bulk"] = {
                "csv_seconds": round(csv_seconds, 3),
                "import_seconds": round(import_seconds, 3),
                "schema_and_empty_lists_seconds": round(finish_seconds, 3),
                "relationships": bulk_statements,
                "all_relationships": bulk_counts.relationships,
                "relationships_per_second_import": round(bulk_statements / import_seconds),
                "relationships_per_second_end_to_end": round(
                    bulk_statements / (csv_seconds + import_seconds + finish_seconds)
                ),
                "same_counts_as_batched": same,
                "import_report": report.splitlines()[:6],
            }
            _say(
                f"(c) bulk: CSV in {csv_seconds:.1f}s, neo4j-admin import in "
                f"{import_seconds:.1f}s = {bulk_statements / import_seconds:,.0f} rel/s "
                f"(JVM start included), schema + empty lists {finish_seconds:.1f}s; "
                f"end to end {results['bulk']['relationships_per_second_end_to_end']:,} rel/s; "
                f"same counts as batched: {same}"
            )
            pid = info.pid

        # (d) memory
        if memory_relationships > 0:
            wipe_database(settings)
            big = workdir / "export-memory"
            _say(f"Generating {memory_relationships:,} triples for the memory run …")
            results["memory_export"] = _synthetic(big, memory_relationships, seed=11)
            sampler = _RssSampler()

            def progress(kind: str, n: int) -> None:
                if kind == "relationships":
                    sampler.rows += n

            usage = _Usage(pid)
            with (
                Neo4jLoader(settings, batch_size=batch_size, writers=writers) as loader,
                sampler.running(),
                usage.measure(),
            ):
                stats = loader.load_export(big, on_batch=progress)
            samples = sampler.samples
            rss = [s[2] for s in samples]
            middle = min(samples, key=lambda s: abs(s[1] - stats.relationships / 2))
            results["memory"] = {
                "triples": stats.relationships,
                **usage.as_json(),
                "relationships_per_second": round(stats.relationships / usage.wall),
                "rss_mib_start": _mib(rss[0]),
                "rss_mib_middle": _mib(middle[2]),
                "rss_mib_end": _mib(rss[-1]),
                "rss_mib_max": _mib(max(rss)),
                "rss_mib_growth_start_to_end": _mib(rss[-1] - rss[0]),
                "samples": len(samples),
                "trace": [
                    {"seconds": round(t, 1), "triples_loaded": n, "rss_mib": _mib(r)}
                    for t, n, r in samples[:: max(1, len(samples) // 20)]
                ],
            }
            _say(
                f"(d) memory, {stats.relationships:,} triples batched in {usage.wall:.0f}s "
                f"({stats.relationships / usage.wall:,.0f} rel/s): RSS start "
                f"{_mib(rss[0])} MiB, middle {_mib(middle[2])} MiB, end {_mib(rss[-1])} "
                f"MiB, max {_mib(max(rss))} MiB"
            )
            with Neo4jLoader(settings) as loader:
                big_counts = loader.counts()

            # (c, at scale) the same export through neo4j-admin
            if not skip_bulk:
                big_csv = workdir / "import-csv-memory"
                started = time.perf_counter()
                files = write_import_csv(big, big_csv)
                csv_seconds = time.perf_counter() - started
                server.stop()
                started = time.perf_counter()
                run_import(files)
                import_seconds = time.perf_counter() - started
                info = server.start(timeout=600)
                settings = Neo4jSettings(uri=info.uri, user=info.user, password=info.password)
                started = time.perf_counter()
                with Neo4jLoader(settings) as loader:
                    finish_import(loader, empty_lists=False)
                    finish_seconds = time.perf_counter() - started
                    counts = loader.counts()
                    imported = _statement_count(loader)
                same = (counts.labels, counts.types) == (big_counts.labels, big_counts.types)
                results["bulk_at_memory_scale"] = {
                    "relationships": imported,
                    "csv_seconds": round(csv_seconds, 3),
                    "import_seconds": round(import_seconds, 3),
                    "schema_seconds": round(finish_seconds, 3),
                    "relationships_per_second_import": round(imported / import_seconds),
                    "relationships_per_second_csv_and_import": round(
                        imported / (csv_seconds + import_seconds)
                    ),
                    "same_counts_as_batched": same,
                    "note": "empty lists not filled in (finish_import(empty_lists=False))",
                }
                _say(
                    f"(c) bulk at {imported:,} relationships: CSV {csv_seconds:.0f}s, "
                    f"import {import_seconds:.0f}s = {imported / import_seconds:,.0f} rel/s, "
                    f"schema {finish_seconds:.0f}s; same counts as batched: {same}"
                )
    logging.getLogger("neo4j").removeHandler(retries)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    reference = results["machine"]["reference_seconds_at_end"] = round(reference_seconds(), 3)
    _say(f"Machine: reference work took {reference}s of CPU at the end")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench_load", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=5_000)
    parser.add_argument("--memory-relationships", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    parser.add_argument("--writers", type=int, default=DEFAULT_WRITERS)
    parser.add_argument(
        "--warmup-relationships", type=int, default=None, help="Default: --relationships."
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="Batched loads timed (median reported)."
    )
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("build/bench-load.json"))
    parser.add_argument(
        "--workdir", type=Path, default=None, help="Scratch space (default: a temporary dir)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch directory.")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with scratch_and_results(args.out, args.workdir, args.keep, "kg-bench-", results) as workdir:
        run(
            args.relationships,
            args.naive_sample,
            args.memory_relationships,
            args.batch_size,
            workdir,
            results,
            skip_bulk=args.skip_bulk,
            writers=args.writers,
            warmup_relationships=args.warmup_relationships,
            repeats=args.repeats,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
