"""The main job: articles in, a resolved export out (and, when asked, into Neo4j).

A build streams from end to end, in three stages:

1. **extract**: documents are read lazily, de-duplicated by content hash and sent in
   chunks to an engine (:mod:`kg.engine`: this process, local worker processes, or a Dask
   cluster). Each document's compact record is appended, in input order, to the spool
   ``DIR/.work/records.jsonl``; every input that does not get there is written to
   ``DIR/errors.jsonl`` with its source, reason code and message.
2. **resolve**: the spool is read once to resolve entities across documents.
3. **write**: the spool is read again to write ``documents.jsonl``, ``entities.jsonl``
   and ``triples.jsonl`` (canonical ids), then ``summary.json``; the spool is deleted.

An interrupted build restarts with ``resume=True``: records already in the spool (same
document id and content hash) are not extracted again, and the export is the same as an
uninterrupted build's.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg.engine import DaskEngine, Engine, InlineEngine, PoolEngine, default_workers
from kg.errors import InputError
from kg.export import (
    DOCUMENTS,
    ENTITIES,
    ERRORS,
    TRIPLES,
    JsonlWriter,
    dumps,
    entity_row,
    loads,
    triple_row,
)
from kg.ingest import iter_documents
from kg.records import DocEntity, Document, DocumentRecord, Triple, from_dict, to_dict
from kg.resolution import Resolver, RuleBasedResolver

__all__ = [
    "FAILED",
    "SKIPPED",
    "BuildSummary",
    "build",
    "content_hash",
    "spool_row",
]

SUMMARY = "summary.json"
WORK = ".work"
SPOOL = "records.jsonl"
CHUNK = 32  # documents per task: one nlp.pipe batch; small, so no worker waits long at the end
DEFAULT_MAX_TRIPLES = 2_000  # a document with more triples is flagged in the summary

# Reason kinds that are a choice (not processed on purpose) rather than a failure.
SKIPPED = frozenset({"empty", "language", "duplicate", "known"})
FAILED = frozenset({"unsupported", "io", "binary", "encoding", "malformed", "extraction"})


def content_hash(text: str) -> str:
    """The id of a document's content: sha256 of its cleaned text.

    >>> content_hash("A.")[:12]
    'e53657178cb6'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class BuildSummary:
    """Counts a build prints and writes to ``summary.json``."""

    out: str
    documents: int = 0  # processed: in the export
    skipped: int = 0  # not processed on purpose (see SKIPPED), listed in errors.jsonl
    failed: int = 0  # could not be processed (see FAILED), listed in errors.jsonl
    resumed: int = 0  # of the processed, how many came from an interrupted build's spool
    entities: int = 0
    triples: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    entity_types: dict[str, int] = field(default_factory=dict)
    top_predicates: list[tuple[str, int]] = field(default_factory=list)
    top_entities: list[tuple[str, int]] = field(default_factory=list)
    workers: int = 1
    engine: str = "inline"

    @property
    def inputs(self) -> int:
        return self.documents + self.skipped + self.failed

    def line(self) -> str:
        """The one-line account of every input."""
        return (
            f"processed {self.documents} / skipped {self.skipped} / failed {self.failed}"
            f" ({self.inputs} inputs)"
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def build(
    paths: Iterable[Path],
    out: Path,
    *,
    nlp: Language | None = None,
    workers: int | None = None,
    dask: str | None = None,
    resume: bool = False,
    any_language: bool = False,
    known_hashes: Collection[str] = (),
    resolver: Resolver | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    min_confidence: float | None = None,
    max_triples: int | None = None,
    chunk_size: int = CHUNK,
) -> BuildSummary:
    """Read, extract, resolve and write the JSONL export to ``out``.

    - ``nlp``: run in this process with this pipeline; otherwise ``workers`` processes
      (default: all cores) each load the configured model, or the Dask cluster at
      ``dask`` (a scheduler address) does the extraction.
    - ``resume``: continue an interrupted build of the same inputs into ``out``.
    - ``known_hashes``: content hashes already in the graph; those documents are
      skipped with reason ``known``.
    - Statements under ``min_confidence`` (default: ``[extract] min_confidence`` in
      ``kg.toml``, else 0) are left out; a document with more than ``max_triples``
      statements (``[extract] max_triples_per_document``, default 2,000) is flagged.
    """
    from kg.config import file_setting

    threshold = float(
        min_confidence
        if min_confidence is not None
        else file_setting("extract", "min_confidence", 0.0)
    )
    triple_cap = int(
        max_triples
        if max_triples is not None
        else file_setting("extract", "max_triples_per_document", DEFAULT_MAX_TRIPLES)
    )
    summary = BuildSummary(out=str(out))
    out.mkdir(parents=True, exist_ok=True)
    spool = out / WORK / SPOOL
    done = _resume_spool(spool) if resume else _fresh_spool(spool)
    reasons: Counter[str] = Counter()
    error_rows: list[dict[str, str]] = []

    def problem(error: InputError) -> None:
        status = "skipped" if error.kind in SKIPPED else "failed"
        if status == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
        reasons[error.kind] += 1
        error_rows.append(
            {
                "source": error.source,
                "reason": error.kind,
                "message": error.reason,
                "status": status,
            }
        )
        if on_problem:
            on_problem(error)

    def accepted(document: Document) -> None:
        summary.documents += 1
        if on_document:
            on_document(document)

    seen: set[str] = set()

    def fresh_documents() -> Iterator[Document]:
        """New documents to extract; everything else is accounted for here."""
        for item in iter_documents(paths, any_language=any_language):
            if isinstance(item, InputError):
                problem(item)
                continue
            item.content_hash = content_hash(item.text)
            if item.content_hash in seen:
                problem(InputError(item.source, "same text as an earlier input", "duplicate"))
                continue
            seen.add(item.content_hash)
            if item.content_hash in known_hashes:
                problem(InputError(item.source, "already in the graph", "known"))
                continue
            if (item.id, item.content_hash) in done:
                summary.resumed += 1
                accepted(item)
                continue
            yield item

    with (
        spool.open("ab") as handle,
        _EngineChoice(nlp, workers, dask, fresh_documents(), chunk_size) as (engine, chunks),
    ):
        summary.workers = engine.workers
        summary.engine = type(engine).__name__.removesuffix("Engine").lower()
        for results in engine.map(chunks):
            for result in results:
                if isinstance(result, InputError):
                    problem(result)
                    continue
                if len(result.triples) > triple_cap:
                    summary.flagged.append(
                        {
                            "doc_id": result.document.id,
                            "source": result.document.source,
                            "triples": len(result.triples),
                        }
                    )
                handle.write(dumps(spool_row(result)))
                handle.write(b"\n")
                accepted(result.document)
            handle.flush()
    summary.reasons = dict(sorted(reasons.items()))
    # Sorted by source, so the file does not depend on the engine or worker count.
    with JsonlWriter(out / ERRORS) as errors:
        for row in sorted(error_rows, key=lambda r: _natural(r["source"])):
            errors.write(row)
    _flag_resumed(summary, spool, triple_cap)
    _write_export(spool, out, summary, resolver or RuleBasedResolver(), threshold)
    (out / SUMMARY).write_text(json.dumps(summary.to_json(), indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(out / WORK, ignore_errors=True)
    return summary


class _EngineChoice:
    """Choose the engine; tiny inputs stay in this process (no worker start-up)."""

    def __init__(
        self,
        nlp: Language | None,
        workers: int | None,
        dask: str | None,
        documents: Iterator[Document],
        chunk_size: int,
    ) -> None:
        self.nlp, self.workers, self.dask = nlp, workers, dask
        self.documents, self.chunk_size = documents, chunk_size
        self.engine: Engine | None = None

    def __enter__(self) -> tuple[Engine, Iterator[list[Document]]]:
        chunks = _chunks(self.documents, self.chunk_size)
        first = next(chunks, None)
        model = None
        if self.nlp is None:
            from kg.nlp import model_path

            model = str(model_path())
        workers = self.workers or default_workers()
        if self.dask:
            self.engine = DaskEngine(self.dask, model)
        elif self.nlp is not None or workers <= 1 or first is None:
            self.engine = InlineEngine(model, self.nlp)
        else:
            self.engine = PoolEngine(workers, model)

        def all_chunks() -> Iterator[list[Document]]:
            if first is not None:
                yield first
                yield from chunks

        return self.engine, all_chunks()

    def __exit__(self, *exc: object) -> None:
        if self.engine is not None:
            self.engine.close()


def _chunks(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---- the spool -------------------------------------------------------------------------


def spool_row(record: DocumentRecord) -> dict[str, Any]:
    """What later stages need of a record: metadata, entities, triples (no text)."""
    return {
        "document": record.document.metadata(),
        "entities": [to_dict(e) for e in record.entities],
        "triples": [to_dict(t) for t in record.triples],
    }


def _read_spool(spool: Path) -> Iterator[dict[str, Any]]:
    with spool.open("rb") as handle:
        for line in handle:
            yield loads(line)


def _fresh_spool(spool: Path) -> set[tuple[str, str]]:
    spool.parent.mkdir(parents=True, exist_ok=True)
    spool.write_text("", encoding="utf-8")
    return set()


def _resume_spool(spool: Path) -> set[tuple[str, str]]:
    """(document id, content hash) of every complete record an earlier run left; a
    half-written last line is cut off."""
    if not spool.is_file():
        return _fresh_spool(spool)
    done: set[tuple[str, str]] = set()
    good = 0
    with spool.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            try:
                document = loads(line)["document"]
            except (ValueError, KeyError):
                break
            done.add((document["id"], document["content_hash"]))
            good += len(line)
    with spool.open("r+b") as handle:
        handle.truncate(good)
    return done


def _flag_resumed(summary: BuildSummary, spool: Path, cap: int) -> None:
    """Flags of records extracted by an earlier, interrupted run."""
    if not summary.resumed:
        return
    flagged = {f["doc_id"] for f in summary.flagged}
    for row in _read_spool(spool):
        document = row["document"]
        if len(row["triples"]) > cap and document["id"] not in flagged:
            summary.flagged.append(
                {
                    "doc_id": document["id"],
                    "source": document["source"],
                    "triples": len(row["triples"]),
                }
            )


def _write_export(
    spool: Path, out: Path, summary: BuildSummary, resolver: Resolver, threshold: float
) -> None:
    def for_resolution() -> Iterator[DocumentRecord]:
        for row in _read_spool(spool):
            yield DocumentRecord(
                document=from_dict(Document, {**row["document"], "text": ""}),
                entities=[from_dict(DocEntity, e) for e in row["entities"]],
                mentions=[],
                triples=[],
            )

    resolution = resolver.resolve(for_resolution())
    predicates: Counter[str] = Counter()
    with JsonlWriter(out / DOCUMENTS) as documents, JsonlWriter(out / TRIPLES) as triples:
        for row in _read_spool(spool):
            documents.write(row["document"])
            for data in row["triples"]:
                triple = from_dict(Triple, data)
                if triple.confidence < threshold:
                    continue
                resolved = resolution.resolve_triple(triple)
                predicates[resolved.predicate] += 1
                triples.write(triple_row(resolved))
    summary.triples = triples.count
    with JsonlWriter(out / ENTITIES) as entities:
        for entity in resolution.entities:
            entities.write(entity_row(entity))
    summary.entities = entities.count
    summary.entity_types = dict(Counter(e.type for e in resolution.entities).most_common())
    summary.top_predicates = predicates.most_common(10)
    summary.top_entities = [
        (e.name, e.mentions)
        for e in sorted(resolution.entities, key=lambda e: (-e.mentions, e.name))[:10]
    ]


def _natural(source: str) -> list[Any]:
    """Sort key: "a.jsonl:2" before "a.jsonl:10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", source)]
