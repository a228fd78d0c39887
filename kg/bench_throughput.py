"""Throughput benchmark (``scripts/bench_throughput``): ``kg build`` against spaCy alone.

Generates synthetic news articles (:func:`kg.synthetic.write_articles`), then measures
in one run, every figure taken on this machine:

a. **ceiling**: spaCy alone, the same model with the same components but without the
   kg extractors, ``nlp.pipe(n_process=cores)`` over the article texts (read from the
   same JSONL, title and text as ``kg build`` sees them);
b. **kg build** to export (``--no-load``) with ``--workers`` = cores; its words/second
   and the ratio to (a) (target: at least 0.85);
c. **scaling**: ``kg build`` with 1, 2, ... workers up to the number of cores;
d. **memory**: peak resident memory of the build (the ``kg`` process plus all its
   worker processes, summed, sampled with psutil) on the small and the large corpus,
   and their ratio (target: within 20%);
e. **end to end into Neo4j** on the large corpus: ``kg build --no-load`` then
   ``kg load`` into a real Neo4j, articles/second for the whole path;
f. **stage costs**: one process, a sample of documents, each stage timed on its own
   (ingest, the tokenizer and every spaCy component, the kg extractors, the record,
   what crosses the process boundary, the spool, resolution, the export): what the
   ratio in (b) is made of.

Every measured command is a child process timed from start to exit (so model loads and
worker start-up count on both sides), with the CPU time of the whole process tree
(``getrusage(RUSAGE_CHILDREN)``): on a shared machine, words per CPU-second are steadier
than the wall clock. Words are whitespace-separated tokens of the articles' ``text``,
counted once for both sides.

The Neo4j phase uses the local server functions (:mod:`kg.server`) with the home and
ports of ``KG_CACHE_DIR``, ``KG_NEO4J_BOLT_PORT`` and ``KG_NEO4J_HTTP_PORT`` when set
(started and stopped here unless it is already running), else a temporary home on free
ports. The database must be empty (or ``--wipe-neo4j``).

Prints the figures and writes them to ``build/bench-throughput.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

from kg.synthetic import ARTICLES_JSONL, write_articles

__all__ = ["Measured", "count_words", "main", "run_measured", "tree_rss"]

TARGET_RATIO = 0.85  # kg build words/s over spaCy-only words/s, at least
TARGET_MEMORY = 1.20  # peak RSS on the large corpus over the small one, at most
SPACY_BATCH = 32  # nlp.pipe batch size of the ceiling (the one kg's workers use)


# --------------------------------------------------------------------------- measuring


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, summed, in bytes (0 if
    the process is gone). Pages shared between processes count once per process."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += int(process.memory_info().rss)
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return float(usage.ru_utime + usage.ru_stime)


@dataclass
class Measured:
    """One child process run: wall time, CPU time of its tree, peak summed RSS."""

    command: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    peak_rss: int = 0
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    rss_trace: list[tuple[float, int]] = field(default_factory=list)

    def json_out(self) -> dict[str, Any]:
        """The last line of stdout that is a JSON object (the child's own figures)."""
        for line in reversed(self.stdout.strip().splitlines()):
            line = line.strip()
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    value = json.loads(line)
                    if isinstance(value, dict):
                        return value
        text = self.stdout.strip()
        with contextlib.suppress(ValueError):  # kg --json prints an indented object
            value = json.loads(text[text.find("{") :]) if "{" in text else None
            if isinstance(value, dict):
                return value
        return {}

    def failure(self) -> str:
        """One line: the command, its exit code and the end of its stderr."""
        tail = " | ".join(self.stderr.strip().splitlines()[-5:])
        return f"{' '.join(self.command[:3])} ... exited {self.returncode}: {tail}"

    def figures(self, words: int | None = None, docs: int | None = None) -> dict[str, Any]:
        row: dict[str, Any] = {
            "wall_seconds": round(self.wall, 2),
            "cpu_seconds": round(self.cpu, 2),
            "peak_rss_mib": _mib(self.peak_rss),
        }
        if words is not None:
            row["words_per_second"] = round(words / self.wall)
            row["words_per_cpu_second"] = round(words / self.cpu) if self.cpu else None
        if docs is not None:
            row["articles_per_second"] = round(docs / self.wall, 2)
        return row


def run_measured(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    interval: float = 0.2,
    check: bool = True,
) -> Measured:
    """Run ``command`` to completion, sampling the summed RSS of its process tree every
    ``interval`` seconds; raise if it fails (unless not ``check``)."""
    result = Measured(command=list(command))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        cpu_before = _children_cpu()
        start = time.perf_counter()
        child = subprocess.Popen(list(command), stdout=out, stderr=err, env=env, text=True)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                rss = tree_rss(child.pid)
                result.rss_trace.append((time.perf_counter() - start, rss))
                result.peak_rss = max(result.peak_rss, rss)
                stop.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            result.returncode = child.wait()
        finally:
            stop.set()
            sampler.join()
            if child.poll() is None:  # interrupted: do not leave it running
                child.terminate()
                child.wait()
        result.wall = time.perf_counter() - start
        result.cpu = _children_cpu() - cpu_before
        out.seek(0)
        err.seek(0)
        result.stdout, result.stderr = out.read(), err.read()
    if check and result.returncode != 0:
        raise RuntimeError(result.failure())
    return result


def count_words(path: Path) -> tuple[int, int]:
    """(articles, words) of a JSONL article file; words are whitespace tokens of ``text``."""
    articles = words = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                articles += 1
                words += len(json.loads(line)["text"].split())
    return articles, words


def _mib(n: int) -> float:
    return round(n / 2**20, 1)


def _say(text: str) -> None:
    print(text, flush=True)


def _kg() -> list[str]:
    """The ``kg`` command of this environment."""
    script = Path(sys.executable).parent / "kg"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kg.cli import main; main()"]


def _build_options() -> str:
    done = subprocess.run(
        [*_kg(), "build", "--help"], capture_output=True, text=True, check=False, env=_env()
    )
    return done.stdout


def _env(**extra: str) -> dict[str, str]:
    """The environment of the children: no colour, no terminal width games."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_NEO4J_")}
    env.update(NO_COLOR="1", COLUMNS="200", PYTHONWARNINGS="ignore", **extra)
    return env


# --------------------------------------------------------------------------- children
#
# Run as ``python -m kg.bench_throughput spacy-only|profile ...`` by the benchmark.


def _spacy_only(path: Path, processes: int, batch_size: int) -> dict[str, Any]:
    """The ceiling: the kg model without the kg components, ``nlp.pipe`` over the texts."""
    import warnings

    from kg.nlp import EXTRACTORS, load_nlp

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        nlp = load_nlp()
        for name in [n for n in nlp.pipe_names if n in EXTRACTORS or n.startswith("kg_")]:
            nlp.remove_pipe(name)
    loaded = time.perf_counter()

    def texts() -> Iterator[str]:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    yield f"{row['title']}\n\n{row['text']}" if row.get("title") else row["text"]

    docs = tokens = 0
    for doc in nlp.pipe(texts(), n_process=processes, batch_size=batch_size):
        docs += 1
        tokens += len(doc)
    return {
        "pipes": nlp.pipe_names,
        "processes": processes,
        "batch_size": batch_size,
        "docs": docs,
        "spacy_tokens": tokens,
        "load_seconds": round(loaded - started, 2),
        "pipe_seconds": round(time.perf_counter() - loaded, 2),
    }


def _profile(path: Path, docs: int, batch_size: int) -> dict[str, Any]:
    """Stage costs of the build path in one process, each stage timed on its own."""
    import gc
    import warnings

    from kg.build import spool_row
    from kg.export import dumps, loads, triple_row
    from kg.ingest import iter_documents
    from kg.nlp import load_nlp
    from kg.pipeline import record_from_doc
    from kg.records import Document
    from kg.resolution import RuleBasedResolver

    seconds: dict[str, float] = {}  # CPU time of this process (steady on a busy machine)
    walls: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(name: str) -> Iterator[None]:
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        seconds[name] = seconds.get(name, 0.0) + time.process_time() - cpu
        walls[name] = walls.get(name, 0.0) + time.perf_counter() - wall

    with stage("ingest (read, clean)"):
        documents = [d for d in islice(iter_documents([path]), docs) if isinstance(d, Document)]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        nlp = load_nlp()
    nlp("Warm-up: Minister Ana Kovač said on Monday that the plan would not change.")
    words = sum(len(d.text.split()) for d in documents)
    spacy_names = [name for name, _ in nlp.pipeline if not name.startswith("kg_")]
    with nlp.memory_zone():
        with stage("spaCy: tokenizer"):
            parsed = [nlp.make_doc(d.text) for d in documents]
        for name, component in nlp.pipeline:
            label = f"kg: {name}" if name.startswith("kg_") else f"spaCy: {name}"
            with stage(label):
                if hasattr(component, "pipe"):
                    parsed = list(component.pipe(parsed, batch_size=batch_size))
                else:
                    parsed = [component(doc) for doc in parsed]
        with stage("kg: record from Doc"):
            records = [record_from_doc(p, d) for p, d in zip(parsed, documents, strict=True)]
        del parsed
    with stage("kg: records across the process boundary (pickle both ways)"):
        blob = pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)
        records = pickle.loads(blob)
    with stage("kg: spool (write, read twice)"):
        lines = [dumps(spool_row(r)) for r in records]
        for _ in range(2):
            for line in lines:
                loads(line)
    with stage("kg: resolution"):
        resolution = RuleBasedResolver().resolve(records)
    with stage("kg: export (resolve triples, write JSON)"):
        for record in records:
            for triple in record.triples:
                dumps(triple_row(resolution.resolve_triple(triple)))
    # The same documents through nlp.pipe, whole, with and without the kg components.
    texts = [d.text for d in documents]
    with nlp.memory_zone(), stage("nlp.pipe, kg model"):
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    with (
        nlp.memory_zone(),
        nlp.select_pipes(enable=spacy_names),
        stage("nlp.pipe, spaCy components only"),
    ):
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    return {
        "docs": len(documents),
        "words": words,
        "triples": sum(len(r.triples) for r in records),
        "pickle_bytes_per_doc": round(len(blob) / max(1, len(documents))),
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "wall_seconds": {k: round(v, 3) for k, v in walls.items()},
    }


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.bench_throughput")
    parser.add_argument("what", choices=("spacy-only", "profile"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=SPACY_BATCH)
    ns = parser.parse_args(argv)
    if ns.what == "spacy-only":
        figures = _spacy_only(ns.path, ns.processes, ns.batch_size)
    else:
        figures = _profile(ns.path, ns.docs, ns.batch_size)
    print(json.dumps(figures))
    return 0


# --------------------------------------------------------------------------- Neo4j


@contextlib.contextmanager
def _neo4j(workdir: Path, wipe: bool) -> Iterator[Any]:
    """Settings for an empty Neo4j of the benchmark's own (see the module docstring)."""
    from kg import server
    from kg.bench import wipe_database
    from kg.config import Neo4jSettings
    from kg.loader import Neo4jLoader

    location = (
        contextlib.nullcontext()
        if os.environ.get("KG_CACHE_DIR")
        else server.own_location(workdir / "neo4j-cache")
    )
    with location:
        started = False
        try:
            status = server.status()
            if status.running:
                credentials = server.local_credentials()
                if credentials is None:
                    raise RuntimeError(f"no password for the Neo4j in {server.home_dir()}")
                user, password = credentials
                uri = status.uri
            else:
                info = server.start(timeout=600)
                started = True
                uri, user, password = info.uri, info.user, info.password
            settings = Neo4jSettings(uri=uri, user=user, password=password)
            with Neo4jLoader(settings) as loader:
                nodes = loader.counts().nodes
            if nodes and not wipe:
                raise RuntimeError(
                    f"the Neo4j at {uri} (home {server.home_dir()}) holds {nodes:,} nodes; "
                    "the benchmark needs an empty database: pass --wipe-neo4j to empty it, "
                    "or point KG_CACHE_DIR elsewhere"
                )
            if nodes:
                wipe_database(settings)
            yield settings
        finally:
            if started:
                server.stop()


# --------------------------------------------------------------------------- phases


@dataclass
class _Corpus:
    name: str
    path: Path
    articles: int
    words: int

    def as_json(self, seconds: float, seed: int) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "words": self.words,
            "words_per_article": round(self.words / max(1, self.articles)),
            "mib": _mib(self.path.stat().st_size),
            "seed": seed,
            "generation_seconds": round(seconds, 1),
        }


def _corpus(workdir: Path, name: str, n: int, seed: int, results: dict[str, Any]) -> _Corpus:
    started = time.perf_counter()
    directory = workdir / f"articles-{name}"
    write_articles(directory, n, seed)
    path = directory / ARTICLES_JSONL
    articles, words = count_words(path)
    corpus = _Corpus(name, path, articles, words)
    results.setdefault("corpus", {})[name] = corpus.as_json(time.perf_counter() - started, seed)
    _say(
        f"Corpus {name}: {articles:,} articles, {words:,} words "
        f"({words / max(1, articles):.0f} per article), {_mib(path.stat().st_size)} MiB"
    )
    return corpus


def _spacy_run(corpus: _Corpus, processes: int, batch_size: int) -> tuple[Measured, dict[str, Any]]:
    run = run_measured(
        [
            sys.executable,
            "-m",
            "kg.bench_throughput",
            "spacy-only",
            str(corpus.path),
            "--processes",
            str(processes),
            "--batch-size",
            str(batch_size),
        ],
        env=_env(),
    )
    row = {**run.figures(corpus.words, corpus.articles), **run.json_out()}
    return run, row


def _build_run(
    corpus: _Corpus, out: Path, workers: int | None, has_workers: bool
) -> tuple[Measured, dict[str, Any]]:
    shutil.rmtree(out, ignore_errors=True)
    command = [*_kg(), "build", str(corpus.path), "--out", str(out), "--no-load", "--json"]
    if has_workers and workers is not None:
        command += ["--workers", str(workers)]
    run = run_measured(command, env=_env())
    summary = run.json_out()
    row: dict[str, Any] = {
        "workers": summary.get("workers", workers),
        **run.figures(corpus.words, corpus.articles),
    }
    for key in ("documents", "skipped", "failed", "entities", "triples", "engine"):
        if key in summary:
            row[key] = summary[key]
    return run, row


def _best(runs: list[tuple[Measured, dict[str, Any]]]) -> tuple[Measured, dict[str, Any]]:
    """The fastest of repeated runs (the least disturbed on a shared machine)."""
    return min(runs, key=lambda pair: pair[0].wall)


def run(args: argparse.Namespace, workdir: Path, results: dict[str, Any]) -> None:
    """Run the phases, filling ``results`` as they finish (kept if a later one fails)."""
    from importlib.metadata import version

    cores = args.cores or os.cpu_count() or 1
    results["machine"] = {
        "cpus": os.cpu_count(),
        "cores_used": cores,
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "memory_total_mib": _mib(int(psutil.virtual_memory().total)),
    }
    help_text = _build_options()
    has_workers = "--workers" in help_text
    results["kg_build_has_workers_option"] = has_workers
    if not has_workers:
        _say("note: this kg build has no --workers option; it runs with its own default")

    small = _corpus(workdir, "small", args.articles, args.seed, results)
    large = _corpus(workdir, "large", args.large, args.seed, results) if args.large > 0 else None

    # (a) the ceiling and (b) kg build with all cores, alternated when repeated
    ceilings, builds = [], []
    for _ in range(args.repeat):
        ceilings.append(_spacy_run(small, cores, args.spacy_batch))
        builds.append(_build_run(small, workdir / "export-small", cores, has_workers))
    ceiling_run, ceiling = _best(ceilings)
    build_run, build = _best(builds)
    results["spacy_only"] = ceiling
    results["build"] = build
    ratio = build_run.wall and ceiling_run.wall / build_run.wall
    cpu_ratio = build_run.cpu and ceiling_run.cpu / build_run.cpu
    results["ratio_to_spacy_only"] = {
        "words_per_second": round(ratio, 3),
        "words_per_cpu_second": round(cpu_ratio, 3),
        "target": TARGET_RATIO,
        "met": ratio >= TARGET_RATIO,
        "repeats": args.repeat,
        "all_walls": {
            "spacy_only": [round(r.wall, 2) for r, _ in ceilings],
            "build": [round(r.wall, 2) for r, _ in builds],
        },
    }
    _say(
        f"(a) spaCy only, nlp.pipe n_process={cores}: {ceiling['words_per_second']:,} words/s "
        f"({ceiling_run.wall:.1f}s, CPU {ceiling_run.cpu:.1f}s, load "
        f"{ceiling.get('load_seconds', '?')}s, peak RSS {_mib(ceiling_run.peak_rss)} MiB)"
    )
    _say(
        f"(b) kg build --workers {build['workers']}: {build['words_per_second']:,} words/s "
        f"({build_run.wall:.1f}s, CPU {build_run.cpu:.1f}s, {build.get('triples', '?'):,} "
        f"triples, peak RSS {_mib(build_run.peak_rss)} MiB); ratio to spaCy only "
        f"{ratio:.2f} (CPU-time ratio {cpu_ratio:.2f}), target >= {TARGET_RATIO}: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}"
    )

    # (c) scaling
    if has_workers:
        scaling = []
        counts = sorted({1, 2, cores, *(args.workers or [])})
        base: float | None = None
        for n in counts:
            if n == cores:
                run_, row = build_run, build
            else:
                run_, row = _build_run(small, workdir / f"export-small-{n}", n, has_workers)
            base = base or (row["words_per_second"] if n == 1 else None)
            scaling.append(
                {
                    "workers": n,
                    **run_.figures(small.words, small.articles),
                    "speedup_over_1": round(row["words_per_second"] / base, 2) if base else None,
                }
            )
            _say(
                f"(c) kg build --workers {n}: {row['words_per_second']:,} words/s "
                f"({run_.wall:.1f}s, CPU {run_.cpu:.1f}s, peak RSS {_mib(run_.peak_rss)} MiB)"
            )
        if args.spacy_single:
            single_run, single = _spacy_run(small, 1, args.spacy_batch)
            results["spacy_only_1_process"] = single
            _say(
                f"(c) spaCy only, one process: {single['words_per_second']:,} words/s "
                f"({single_run.wall:.1f}s, CPU {single_run.cpu:.1f}s)"
            )
        results["scaling"] = scaling

    # (d) memory and (e) end to end, on the large corpus
    if large is not None:
        large_run, large_build = _build_run(large, workdir / "export-large", cores, has_workers)
        results["build_large"] = large_build
        memory_ratio = large_run.peak_rss / build_run.peak_rss
        trace = large_run.rss_trace
        results["memory"] = {
            "small_articles": small.articles,
            "large_articles": large.articles,
            "small_peak_rss_mib": _mib(build_run.peak_rss),
            "large_peak_rss_mib": _mib(large_run.peak_rss),
            "ratio": round(memory_ratio, 3),
            "target": TARGET_MEMORY,
            "met": memory_ratio <= TARGET_MEMORY,
            "large_trace": [
                {"seconds": round(t, 1), "rss_mib": _mib(r)}
                for t, r in trace[:: max(1, len(trace) // 25)]
            ],
        }
        _say(
            f"(d) kg build --workers {large_build['workers']} on {large.articles:,} articles: "
            f"{large_build['words_per_second']:,} words/s ({large_run.wall:.0f}s, CPU "
            f"{large_run.cpu:.0f}s); peak RSS {_mib(large_run.peak_rss)} MiB vs "
            f"{_mib(build_run.peak_rss)} MiB on {small.articles:,}: ratio {memory_ratio:.2f}, "
            f"target <= {TARGET_MEMORY}: {'met' if memory_ratio <= TARGET_MEMORY else 'NOT met'}"
        )
        if not args.skip_neo4j:
            _phase(
                "end_to_end",
                results,
                lambda: _end_to_end(
                    large, workdir / "export-large", large_run, workdir, args, results
                ),
            )

    # (f) stage costs, and what starting up costs (the same commands on one article)
    if args.profile_docs > 0:
        _phase("stage_costs", results, lambda: _stage_costs(small, args, results))
        _phase(
            "fixed_costs",
            results,
            lambda: _fixed_costs(workdir, args, cores, has_workers, results),
        )
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]


def _end_to_end(
    large: _Corpus,
    export: Path,
    build_run: Measured,
    workdir: Path,
    args: argparse.Namespace,
    results: dict[str, Any],
) -> None:
    from kg.loader import Neo4jLoader

    with _neo4j(workdir, args.wipe_neo4j) as settings:
        _say(f"(e) Neo4j at {settings.uri}, empty")
        env = _env(
            KG_NEO4J_URI=str(settings.uri),
            KG_NEO4J_USER=settings.user,
            KG_NEO4J_PASSWORD=str(settings.password),
        )
        # kg load is idempotent and says to run it again after a failure part-way
        # (a deadlock between its writers that outlasts the driver's retries, say):
        # the benchmark does, and counts the time of every attempt.
        attempts: list[Measured] = []
        for _ in range(max(1, args.load_attempts)):
            attempt = run_measured([*_kg(), "load", str(export), "--json"], env=env, check=False)
            attempts.append(attempt)
            if attempt.returncode == 0:
                break
            _say(f"(e) kg load failed (attempt {len(attempts)}): {attempt.failure()}")
        with Neo4jLoader(settings) as loader:
            counts = loader.counts()
    load_wall = sum(a.wall for a in attempts)
    total = build_run.wall + load_wall
    done = attempts[-1].returncode == 0
    results["end_to_end"] = {
        "articles": large.articles,
        "build_seconds": round(build_run.wall, 1),
        "load_seconds": round(load_wall, 1),
        "load_client_cpu_seconds": round(sum(a.cpu for a in attempts), 1),
        "load_attempts": len(attempts),
        "load_failures": [a.failure() for a in attempts if a.returncode != 0],
        "total_seconds": round(total, 1),
        "articles_per_second": round(large.articles / total, 2) if done else None,
        "words_per_second": round(large.words / total) if done else None,
        "load": attempts[-1].json_out(),
        "nodes": counts.nodes,
        "relationships": sum(counts.types.values()),
        "note": "kg build --no-load, then kg load into an empty database (run again after "
        "a failure, as it asks; every attempt's time counted); server start not counted",
    }
    if not done:
        raise RuntimeError(f"kg load failed {len(attempts)} times")
    _say(
        f"(e) end to end, {large.articles:,} articles: build {build_run.wall:.0f}s + load "
        f"{load_wall:.0f}s ({len(attempts)} attempt(s)) = {total:.0f}s, "
        f"{large.articles / total:.1f} articles/s ({counts.nodes:,} nodes, "
        f"{sum(counts.types.values()):,} relationships)"
    )


def _stage_costs(corpus: _Corpus, args: argparse.Namespace, results: dict[str, Any]) -> None:
    run_ = run_measured(
        [
            sys.executable,
            "-m",
            "kg.bench_throughput",
            "profile",
            str(corpus.path),
            "--docs",
            str(args.profile_docs),
            "--batch-size",
            str(args.spacy_batch),
        ],
        env=_env(),
    )
    profile = run_.json_out()
    seconds: dict[str, float] = profile["seconds"]
    parts = {k: v for k, v in seconds.items() if not k.startswith("nlp.pipe")}
    total = sum(parts.values())
    spacy_part = sum(v for k, v in parts.items() if k.startswith("spaCy"))
    profile["share"] = {k: round(v / total, 3) for k, v in parts.items()}
    profile["ms_per_doc"] = {k: round(1000 * v / profile["docs"], 2) for k, v in parts.items()}
    profile["spacy_seconds"] = round(spacy_part, 3)
    profile["stages_seconds"] = round(total, 3)
    profile["ratio_bound_one_process"] = round(spacy_part / total, 3)
    whole, bare = seconds["nlp.pipe, kg model"], seconds["nlp.pipe, spaCy components only"]
    profile["pipe_ratio"] = round(bare / whole, 3)
    results["stage_costs"] = profile
    _say(
        f"(f) stage costs (CPU seconds), one process, {profile['docs']} documents "
        f"({profile['words']:,} words, {profile['triples']:,} triples):"
    )
    for name, value in sorted(parts.items(), key=lambda kv: -kv[1]):
        _say(f"      {name:<62} {value:7.2f}s  {100 * value / total:5.1f}%")
    _say(
        f"    spaCy {spacy_part:.2f}s of {total:.2f}s: kg at most {spacy_part / total:.2f} of "
        f"spaCy-only speed in one process; nlp.pipe whole vs spaCy components only: "
        f"{whole:.2f}s vs {bare:.2f}s ({bare / whole:.2f})"
    )


def _fixed_costs(
    workdir: Path, args: argparse.Namespace, cores: int, has_workers: bool, results: dict[str, Any]
) -> None:
    """Start-up and tear-down: each measured command on a one-article corpus."""
    one = _corpus(workdir, "one", 1, args.seed, results)
    rows: dict[str, Any] = {}
    for n in sorted({1, cores}):
        run_, _ = _spacy_run(one, n, args.spacy_batch)
        rows[f"spacy_only_{n}_process"] = run_.figures()
        run_, _ = _build_run(one, workdir / f"export-one-{n}", n, has_workers)
        rows[f"kg_build_{n}_workers"] = run_.figures()
    results["fixed_costs"] = rows
    _say(
        "(f) fixed costs, one article: "
        + "; ".join(
            f"{name} {row['wall_seconds']}s (CPU {row['cpu_seconds']}s)"
            for name, row in rows.items()
        )
    )


def _phase(name: str, results: dict[str, Any], body: Callable[[], None]) -> None:
    """Run one phase; a failure is recorded and printed, and the next phases still run."""
    try:
        body()
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"
        results.setdefault("phase_errors", {})[name] = message
        _say(f"phase {name} failed: {message}")


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] in (["spacy-only"], ["profile"]):
        return _child_main(args_list)
    parser = argparse.ArgumentParser(
        prog="scripts/bench_throughput",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("--articles", type=int, default=1_000, help="Small corpus (1,000).")
    parser.add_argument(
        "--large", type=int, default=20_000, help="Large corpus, memory and Neo4j (0: skip)."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cores", type=int, default=None, help="Default: os.cpu_count().")
    parser.add_argument(
        "--workers", type=int, nargs="*", default=None, help="Extra worker counts to scale to."
    )
    parser.add_argument("--repeat", type=int, default=1, help="Runs of (a) and (b); best kept.")
    parser.add_argument("--spacy-batch", type=int, default=SPACY_BATCH)
    parser.add_argument(
        "--no-spacy-single",
        dest="spacy_single",
        action="store_false",
        help="Skip spaCy-only in one process.",
    )
    parser.add_argument("--profile-docs", type=int, default=200, help="Stage costs (0: skip).")
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--wipe-neo4j", action="store_true", help="Empty a non-empty Neo4j.")
    parser.add_argument(
        "--load-attempts", type=int, default=3, help="kg load runs before giving up (3)."
    )
    parser.add_argument("--out", type=Path, default=Path("build/bench-throughput.json"))
    parser.add_argument("--workdir", type=Path, default=None, help="Default: a temporary dir.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch directory.")
    args = parser.parse_args(args_list)
    from kg.bench import scratch_and_results

    results: dict[str, Any] = {"arguments": {k: str(v) for k, v in vars(args).items()}}
    with scratch_and_results(
        args.out, args.workdir, args.keep, "kg-bench-throughput-", results
    ) as workdir:
        run(args, workdir, results)
    return 1 if results.get("phase_errors") else 0


if __name__ == "__main__":
    raise SystemExit(main())
