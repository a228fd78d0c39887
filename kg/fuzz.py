"""Fuzz the ingest and extraction entry points with Hypothesis for a fixed time.

``scripts/fuzz [--minutes 10] [--out build/fuzz]`` alternates two targets until the time
is up:

- ``ingest``: hostile bytes (random bytes; random text in UTF-8, UTF-16, UTF-32 or
  Windows-1252, with or without a BOM; markup soup built from HTML, Markdown, JSONL and
  page-furniture tokens, with long repeats for deep nesting and giant lines) written as a
  .txt, .md, .html or .jsonl file, then :func:`kg.ingest.iter_documents` on it and
  :func:`kg.ingest.clean_text` on every document's text;
- ``extraction``: the same, then :func:`kg.pipeline.process` with the real model
  (:func:`kg.nlp.load_nlp`) on the documents.

A crash is an exception from those calls, or a broken promise of ingest (a result that
is neither a Document nor an InputError, an error kind ingest does not set, an empty
text, a control, format or surrogate character in a document). Each distinct crash
(exception type and innermost project frame) is shrunk by Hypothesis to a minimal input.
An execution over ``--timeout`` seconds (default 60) is stopped and kept as a timeout,
unshrunk. Findings go to ``OUT/crashes.jsonl``, each input also as a file of its own
(``OUT/crash-N.SUFFIX``, ``OUT/timeout-N.SUFFIX``), with the slowest input of each
target (``OUT/slowest-TARGET.SUFFIX``). The run prints the number of executions, crashes
and timeouts, and exits 1 if there was any crash or timeout. The strategies are shared
with tests/test_properties_ingest.py.
"""

from __future__ import annotations

import argparse
import base64
import functools
import json
import signal
import sys
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from kg.errors import REASONS, InputError
from kg.ingest import SUFFIXES, clean_text, iter_documents
from kg.records import Document

__all__ = [
    "INGEST_KINDS",
    "check_results",
    "file_contents",
    "hostile_text",
    "main",
    "read_file",
    "visible",
]

# The kinds ingest sets; "duplicate", "known" and "extraction" are kg build's.
INGEST_KINDS = frozenset(REASONS) - {"duplicate", "known", "extraction"}

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252")

_PROSE = (
    "The", "harbour", "council", "said", "that", "Markus Lenz", "Renée Okafor", "of", "the",
    "quay", "would", "reopen", "on Monday", ".", ",", "“", "”", "’", "—", "José", "García",
    "Bluewake AG", "Kelvingate", "(AP Photo/Jo Example)", "By Jo Example", "Share",
    "Tweet", "Advertisement", "Related articles", "You may also like", "Read more:",
    "5 min read", "Updated 14:05 GMT, 2 June 2031", "© 2031", "Loading…", "Le", "conseil",
    "der", "und", "die", "el", "de", "la",
)  # fmt: skip
_INVISIBLE = (
    "\x00", "\x07", "\x1b[0m", "\x1b", "\x7f", "\x85", "\u00ad", "\u061c", "\u180e",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a",
    "\u202e", "\u2060", "\u2066", "\u2069", "\ufeff", "\ufffd", "\ufffe", "\U000e0041",
    "\u0301", "\u0316\u0300", "\r", "\r\n", "\t", "\xa0", "\u3000",
)  # fmt: skip
_HTML = (
    "<", ">", "</", "/>", "<!--", "-->", "--!>", "<!", "<?", "?>", "<![CDATA[", "]]>",
    "<!DOCTYPE html>", "<html>", "<head>", "</head>", "<body>", "<title>", "</title>",
    "<h1>", "</h1>", "<p>", "</p>", "<br>", "<br/>", "<hr>", "<div>", "</div>", "<span>",
    "<article>", "</article>", "<nav>", "</nav>", "<header>", "<footer>", "<aside>",
    "<script>", "</script>", "<style>", "</style>", "<noscript>", "<template>", "<svg>",
    "<table><tr><td>", "</td><td>", "</table>", "<ul><li>", "<b><i>", "</b></i>",
    "<div hidden>", "<div aria-hidden=true>", "<div role=navigation>", "<a href='",
    "<a href=\"", "'>", "\">", "<meta property='og:title' content='",
    "<meta property='article:published_time' content='2031-06-01'>",
    "<link rel=canonical href='", "&amp;", "&amp", "&#", "&#x", "&#0;", "&#xD800;",
    "&#1114112;", "&nbsp;", "&bogus;", "&", ";", "=", "\"", "'", " ", "\n",
)  # fmt: skip
_MARKDOWN = (
    "---\n", "title: ", "id: ", "outlet: ", "published: ", "url: ", "...\n", "#", "# ",
    "###### ", " #", "*", "**", "***", "_", "__", "`", "``", "```", "~~~", "~~", "[", "]",
    "(", ")", "![", "](", "][", "<http://", "<mailto:", ">", "> ", "- ", "* ", "+ ",
    "1. ", "- [x] ", "|", "| --- |", ":---:", "\\", "\\*", "  \n", "===\n", "***\n",
    "<b>", "</b>", "\ue02a", "\n", " ",
)  # fmt: skip
_JSONL = (
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udfff", "\\u0000",
    "\\u202e", "\\n", "\"text\"", "\"title\"", "\"id\"", "\"url\"", "\"outlet\"",
    "\"published\"", "null", "true", "1e999", "-0", "1" * 30, "\n", "\r\n", " ",
)  # fmt: skip


def _soup(tokens: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Strings made of tokens, free text and long runs of one token (deep nesting)."""
    piece = st.one_of(
        st.sampled_from(tokens),
        st.sampled_from(_PROSE),
        st.sampled_from(_INVISIBLE),
        st.text(max_size=20),
        st.builds(lambda t, n: t * n, st.sampled_from(tokens), st.integers(1, 3000)),
    )
    return st.lists(piece, max_size=60).map("".join)


def _json_line(draw: st.DrawFn) -> str:
    keys = st.sampled_from(("text", "title", "id", "url", "published", "outlet", "other"))
    value = st.one_of(
        st.text(max_size=200),
        _soup(_PROSE + _INVISIBLE),
        st.integers(),
        st.none(),
        st.booleans(),
        st.floats(),
        st.lists(st.integers(), max_size=3),
    )
    row = draw(st.dictionaries(keys, value, max_size=6))
    return json.dumps(row, ensure_ascii=draw(st.booleans()))


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """Text as a hostile page might hold it: any Unicode, markup soup, invisible marks."""
    kind = draw(st.sampled_from(("unicode", "prose", "html", "markdown", "jsonl")))
    if kind == "unicode":
        return draw(st.text(max_size=400))
    if kind == "prose":
        return draw(_soup(_PROSE + _INVISIBLE + ("\n", "\n\n", " ")))
    if kind == "html":
        return draw(_soup(_HTML))
    if kind == "markdown":
        return draw(_soup(_MARKDOWN))
    lines = draw(
        st.lists(st.one_of(st.composite(_json_line)(), _soup(_JSONL)), min_size=1, max_size=8)
    )
    return "\n".join(lines)


@st.composite
def file_contents(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of an input file: raw bytes, or hostile text in some encoding."""
    suffix = draw(st.sampled_from(SUFFIXES))
    if draw(st.integers(0, 4)) == 0:
        return suffix, draw(st.binary(max_size=2000))
    text = draw(hostile_text())
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="ignore" if encoding == "cp1252" else "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # a few stray bytes in the middle
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(min_size=1, max_size=8)) + data[cut:]
    return suffix, data


def visible(text: str) -> bool:
    """True if ``text`` holds no control (but newline), format or surrogate character."""
    return not any(c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text)


def read_file(
    folder: Path, suffix: str, data: bytes, *, any_language: bool = False
) -> list[Document | InputError]:
    """Write ``data`` as one input file in ``folder`` and read it back with ingest."""
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return list(iter_documents([path], any_language=any_language))


def check_results(results: Iterable[Document | InputError], suffix: str) -> list[Document]:
    """Ingest's promises over one file's results; returns the documents."""
    results = list(results)
    assert results, "no result for an input file"
    if suffix != ".jsonl":
        assert len(results) == 1, f"{len(results)} results for one {suffix} file"
    documents = []
    for result in results:
        if isinstance(result, InputError):
            assert result.kind in INGEST_KINDS, result.kind
            assert result.reason and "\n" not in result.reason
            continue
        assert isinstance(result, Document), type(result)
        assert result.text.strip(), "empty document text"
        for value in (result.id, result.title, result.text, result.outlet, result.url):
            assert visible(value or ""), f"invisible character in {value!r}"
        documents.append(result)
    return documents


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


@dataclass
class _Finding:
    """A crash (shrunk by Hypothesis) or a timeout (not shrunk: too slow to retry)."""

    target: str
    suffix: str
    data: bytes
    error: str
    where: str
    trace: str = ""


class _Timeout(BaseException):
    """An execution ran past --timeout. Not an Exception, so that Hypothesis stops at
    once instead of shrinking an input that takes a minute per try."""


@dataclass
class _Run:
    deadline: float
    timeout: float
    executions: dict[str, int] = field(default_factory=dict)
    crashes: dict[tuple[str, str, str], _Finding] = field(default_factory=dict)
    timeouts: list[_Finding] = field(default_factory=list)
    last: _Finding | None = None
    slowest: dict[str, tuple[float, str, bytes]] = field(default_factory=dict)


def _where(exc: BaseException) -> str:
    """The innermost frame of the root cause in this project (else the innermost frame),
    leaving out this module's own (the alarm that stops a slow execution)."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith("fuzz.py")
    ]
    ours = [f for f in frames if "/kg/" in f.filename or "/extractors/" in f.filename]
    if not (ours or frames):
        return "?"
    frame = (ours or frames)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _unraisable(hook: Callable[[Any], object], report: Any) -> None:
    """Keep quiet about a timeout dropped in a garbage-collector callback (raised again)."""
    if not isinstance(report.exc_value, _Timeout):
        hook(report)


def _target(
    run: _Run, name: str, body: Callable[[str, bytes], None]
) -> Callable[[tuple[str, bytes]], None]:
    def execute(case: tuple[str, bytes]) -> None:
        if time.monotonic() > run.deadline and run.last is None:
            return  # time is up (but a crash found in this batch is shrunk to the end)
        suffix, data = case
        run.executions[name] = run.executions.get(name, 0) + 1
        start = time.perf_counter()
        if run.timeout:
            # Then again every 0.25 s: an exception raised while Python runs a garbage
            # collector callback is dropped, and the execution must still stop.
            signal.setitimer(signal.ITIMER_REAL, run.timeout, 0.25)
        try:
            body(suffix, data)
        except _Timeout as exc:
            where = _where(exc)
            run.timeouts.append(_Finding(name, suffix, data, f"over {run.timeout:g} s", where))
            raise
        except Exception as exc:
            trace = "".join(traceback.format_exception(exc))
            error = f"{type(exc).__name__}: {str(exc)[:300]}"
            run.last = _Finding(name, suffix, data, error, _where(exc), trace)
            raise
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
        elapsed = time.perf_counter() - start
        if elapsed > run.slowest.get(name, (0.0, "", b""))[0]:
            run.slowest[name] = (elapsed, suffix, data)

    return execute


def _batch(run: _Run, name: str, body: Callable[[str, bytes], None], examples: int) -> None:
    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        report_multiple_bugs=False,
        phases=[Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )(given(file_contents())(_target(run, name, body)))
    run.last = None
    try:
        test()
    except _Timeout:
        pass  # recorded by the execution
    except Exception as exc:
        # After shrinking, Hypothesis replays the minimal example last: run.last holds it.
        crash = run.last or _Finding(name, "", b"", repr(exc), _where(exc))
        key = (crash.target, crash.error.split(":")[0], crash.where)
        run.crashes.setdefault(key, crash)


def _write_findings(run: _Run, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    report = out / "crashes.jsonl"
    findings = [("crash", c) for c in run.crashes.values()]
    findings += [("timeout", t) for t in run.timeouts]
    with report.open("w", encoding="utf-8") as handle:
        for n, (kind, finding) in enumerate(findings, start=1):
            sample = out / f"{kind}-{n}{finding.suffix}"
            sample.write_bytes(finding.data)
            row = {
                "kind": kind,
                "target": finding.target,
                "suffix": finding.suffix,
                "error": finding.error,
                "where": finding.where,
                "input_file": str(sample),
                "input_base64": base64.b64encode(finding.data).decode("ascii"),
                "input_repr": repr(finding.data[:2000]),
                "traceback": finding.trace,
            }
            handle.write(json.dumps(row) + "\n")
    for name, (_, suffix, data) in run.slowest.items():
        (out / f"slowest-{name}{suffix}").write_bytes(data)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--out", type=Path, default=Path("build/fuzz"), help="findings")
    parser.add_argument(
        "--targets",
        default="ingest,extraction",
        help="comma-separated: ingest, extraction (default both)",
    )
    parser.add_argument("--batch", type=int, default=200, help="examples per Hypothesis run")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per execution (0: no limit)"
    )
    args = parser.parse_args(argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - {"ingest", "extraction"}
    if unknown or not targets:
        parser.error(f"unknown targets: {', '.join(sorted(unknown)) or '(none)'}")

    started = time.monotonic()
    run = _Run(deadline=started + 60 * args.minutes, timeout=args.timeout)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    unraisable = sys.unraisablehook
    sys.unraisablehook = functools.partial(_unraisable, unraisable)
    try:
        with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
            bodies = _bodies(Path(tmp), targets)
            while time.monotonic() < run.deadline:
                for name in targets:
                    # extraction is slower per example: smaller batches keep turns even
                    size = args.batch if name == "ingest" else max(args.batch // 10, 5)
                    _batch(run, name, bodies[name], size)
                    if time.monotonic() >= run.deadline:
                        break
    finally:
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = unraisable
    elapsed = time.monotonic() - started
    report = _write_findings(run, args.out)

    total = sum(run.executions.values())
    per_target = ", ".join(f"{name} {run.executions.get(name, 0)}" for name in targets)
    print(f"fuzz: {elapsed / 60:.1f} minutes, {total} executions ({per_target})")
    for name, (seconds, suffix, data) in run.slowest.items():
        print(f"fuzz: slowest {name} execution {seconds:.2f} s ({len(data)} bytes as {suffix})")
    print(f"fuzz: {len(run.crashes)} crashes, {len(run.timeouts)} timeouts", end="")
    print(f" (inputs in {report.parent})" if run.crashes or run.timeouts else "")
    for finding in [*run.crashes.values(), *run.timeouts]:
        size = f"{len(finding.data)} bytes as {finding.suffix}"
        print(f"  {finding.target}: {finding.error} at {finding.where} ({size})")
    return 1 if run.crashes or run.timeouts else 0


def _bodies(folder: Path, targets: list[str]) -> dict[str, Callable[[str, bytes], None]]:
    """The function each target runs on one (suffix, bytes) input."""

    def ingest(suffix: str, data: bytes) -> None:
        for doc in check_results(read_file(folder, suffix, data), suffix):
            assert visible(clean_text(doc.text)), "clean_text left an invisible character"

    bodies: dict[str, Callable[[str, bytes], None]] = {"ingest": ingest}
    if "extraction" in targets:
        from kg.nlp import load_nlp
        from kg.pipeline import process

        nlp = load_nlp()

        def extraction(suffix: str, data: bytes) -> None:
            results = read_file(folder, suffix, data, any_language=True)
            documents = check_results(results, suffix)
            ids = {d.id for d in documents}
            for record in process(documents, nlp=nlp):
                assert record.document.id in ids

        bodies["extraction"] = extraction
    return bodies


if __name__ == "__main__":
    sys.exit(main())
