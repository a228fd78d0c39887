"""Where extraction runs: in this process, in a pool of local worker processes, or on a
Dask distributed cluster. Every engine runs the same function,
:func:`kg.pipeline.extract_chunk`, over chunks of documents and returns the results in
input order, so the export does not depend on the engine.

Only plain records cross process boundaries (documents in, records out), never spaCy
Docs. A bounded number of chunks is in flight at once, so input is read lazily and
memory does not grow with the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from kg.errors import ConfigError, InputError
from kg.pipeline import extract_chunk
from kg.records import Document, DocumentRecord

__all__ = ["DaskEngine", "Engine", "InlineEngine", "PoolEngine", "default_workers"]

Chunk = list[Document]
Results = list[DocumentRecord | InputError]


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover  (not Linux)
        return os.cpu_count() or 1


class Engine(ABC):
    """Maps :func:`~kg.pipeline.extract_chunk` over chunks, yielding results in order."""

    workers = 1

    @abstractmethod
    def map(self, chunks: Iterable[Chunk]) -> Iterator[Results]:
        """One result list per chunk, in the order of ``chunks``."""

    def close(self) -> None:  # noqa: B027  (an optional hook)
        """Release processes or connections."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineEngine(Engine):
    """This process, one pipeline (the given one, or the configured model)."""

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.model = model
        self.nlp = nlp

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Results]:
        for chunk in chunks:
            yield extract_chunk(chunk, self.model, nlp=self.nlp)


def _warm(model: str | None) -> None:
    """Worker initialiser: load the model once, before the first chunk arrives."""
    from kg.nlp import load_nlp

    load_nlp(model)


def _ordered(submit: Any, chunks: Iterable[Chunk], window: int) -> Iterator[Results]:
    """Submit chunks keeping at most ``window`` in flight; yield results in order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft()()
    while pending:
        yield pending.popleft()()


class PoolEngine(Engine):
    """Local worker processes (spawned, so no state is shared), each loading the model
    once and running ``nlp.pipe`` over whole chunks."""

    def __init__(self, workers: int, model: str | None = None) -> None:
        self.workers = workers
        self.model = model
        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(workers, initializer=_warm, initargs=(model,))

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Results]:
        def submit(chunk: Chunk) -> Any:
            return self.pool.apply_async(extract_chunk, (chunk, self.model)).get

        return _ordered(submit, chunks, window=2 * self.workers)

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


class DaskEngine(Engine):
    """The chunks as tasks on a Dask distributed cluster (``kg build --dask ADDRESS``).

    Each Dask worker process loads the model once; run workers with one thread each
    (``dask worker ADDRESS --nthreads 1``), since a spaCy pipeline serves one thread at a
    time (extra threads wait their turn).
    """

    def __init__(self, address: str, model: str | None = None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover  (installed by scripts/install)
            raise ConfigError("Dask is not installed: run scripts/install") from exc
        try:
            client: Any = Client(address, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self.client = client
        self.model = model
        self.workers = max(1, sum(client.nthreads().values()))

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Results]:
        def submit(chunk: Chunk) -> Any:
            return self.client.submit(extract_chunk, chunk, self.model, pure=False).result

        return _ordered(submit, chunks, window=2 * self.workers)

    def close(self) -> None:
        self.client.close()
