"""CSV files for ``neo4j-admin database import full``: the fast path for large first loads.

:func:`write_import_csv` turns an export directory into node and relationship CSV files
with typed headers; the graph they import to is the one :class:`kg.loader.Neo4jLoader`
builds (same labels, types, keys and properties), without the constraints and indexes,
which :meth:`kg.loader.Neo4jLoader.apply_schema` (or any ``kg load``) adds afterwards.

It streams: triples are read once and spread over bucket files by node id (a
relationship by its subject's), then each bucket is folded on its own, so memory is
bounded by one bucket (about 16 MB of input), not by the export. Document and entity
ids are kept in sets (a few per cent of the triples) to drop relationships to nodes that
do not exist, which the importer would otherwise reject.
"""

from __future__ import annotations

import csv
import json
import shutil
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.errors import InputError
from kg.export import DOCUMENTS, ENTITIES, TRIPLES, dumps, loads, read_rows, read_triple_rows
from kg.loader import Ends, GraphRow, Neo4jLoader, StatementKey, fold_into, graph_rows
from kg.schema import label_for

__all__ = [
    "ARRAY_DELIMITER",
    "FILL_EMPTY_LISTS",
    "MANIFEST",
    "ImportFiles",
    "finish_import",
    "run_import",
    "write_import_csv",
]

ARRAY_DELIMITER = "\x1f"
"""Between array elements and labels (U+001F, unit separator: never in text we keep)."""
_ADMIN_ARRAY_DELIMITER = "U+001F"
MANIFEST = "import.json"
"""Written beside the CSV files: which file is what, and the row counts."""
_BUCKET_BYTES = 16 * 2**20
_MAX_BUCKETS = 512
_END_LABELS = ("Entity", "Concept")

DOCUMENT_HEADER = (
    "id:ID(Document)",
    "source",
    "title",
    "outlet",
    "published",
    "url",
    "content_hash",
    "chars:long",
    ":LABEL",
)
ENTITY_HEADER = (
    "id:ID(Entity)",
    "name",
    "type",
    "aliases:string[]",
    "aliasText",
    "mentions:long",
    "sources:string[]",
    "titles:string[]",
    ":LABEL",
)
CONCEPT_HEADER = ("id:ID(Concept)", "name", ":LABEL")
SENTENCE_HEADER = (
    "id:ID(Sentence)",
    "text",
    "doc_id",
    "index:long",
    "start:long",
    "end:long",
    ":LABEL",
)
MENTION_HEADER = (":START_ID(Document)", ":END_ID(Entity)", ":TYPE")
HAS_SENTENCE_HEADER = (":START_ID(Document)", ":END_ID(Sentence)", ":TYPE")


def _statement_header(subject_label: str, object_label: str) -> tuple[str, ...]:
    return (
        f":START_ID({subject_label})",
        f":END_ID({object_label})",
        ":TYPE",
        "predicate",
        "negated:boolean",
        "sentences:string[]",
        "sources:string[]",
        "attributions:string[]",
        "modalities:string[]",
        "confidence:double",
        "evidence:long",
    )


@dataclass(slots=True)
class ImportFiles:
    """The CSV files written, what they hold, and how to import them."""

    directory: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def save(self) -> Path:
        """Write the manifest (:data:`MANIFEST`) into the CSV directory."""
        path = self.directory / MANIFEST
        data = {
            "nodes": [p.name for p in self.nodes],
            "relationships": [p.name for p in self.relationships],
            "counts": self.counts,
        }
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: Path) -> ImportFiles:
        """The files of a CSV directory written by :func:`write_import_csv`."""
        path = directory / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(path), f"not a neo4j-import CSV directory ({exc})") from exc
        return cls(
            directory=directory,
            nodes=[directory / n for n in data["nodes"]],
            relationships=[directory / n for n in data["relationships"]],
            counts=dict(data["counts"]),
        )

    def admin_args(self, database: str = "neo4j", overwrite: bool = False) -> list[str]:
        """Arguments of ``neo4j-admin`` (after the tool itself) that import these files,
        e.g. ``kg.server.admin_command(*files.admin_args())``. Labels and types come
        from the files' ``:LABEL`` and ``:TYPE`` columns."""
        # The database first: --nodes and --relationships take any number of files.
        args = [
            "database",
            "import",
            "full",
            database,
            f"--array-delimiter={_ADMIN_ARRAY_DELIMITER}",
            # Sentences span paragraphs. (The faster v2 parser of multi-line fields fails
            # on large files with few quoted values: "Weird input data … no previous CR".)
            "--multiline-fields=true",
            f"--report-file={self.directory / 'import.report'}",
        ]
        if overwrite:
            args.append("--overwrite-destination=true")
        args += [f"--nodes={path}" for path in self.nodes]
        args += [f"--relationships={path}" for path in self.relationships]
        return args


def _text(value: Any) -> str:
    """A string value, with the array delimiter (never meaningful in text) removed."""
    return "" if value is None else str(value).replace(ARRAY_DELIMITER, " ")


def _array(values: list[Any]) -> str:
    return ARRAY_DELIMITER.join(_text(v) for v in values)


class _CsvOut:
    """One CSV file with its header; counts the rows written."""

    def __init__(self, stack: ExitStack, path: Path, header: tuple[str, ...]) -> None:
        self.path = path
        handle: IO[str] = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
        self.writer = csv.writer(handle, lineterminator="\n")
        self.writer.writerow(header)
        self.rows = 0

    def write(self, row: list[Any]) -> None:
        self.writer.writerow(row)
        self.rows += 1


def _bucket_count(triples: Path) -> int:
    size = triples.stat().st_size if triples.is_file() else 0
    return max(1, min(_MAX_BUCKETS, size // _BUCKET_BYTES + 1))


def _bucket_of(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % buckets


def _spread(export: Path, work: Path, buckets: int) -> list[Path]:
    """Pass 1: every node and relationship row of the triples into its bucket file."""
    paths = [work / f"bucket-{i:04d}.jsonl" for i in range(buckets)]
    with ExitStack() as stack:
        handles = [stack.enter_context(p.open("wb")) for p in paths]
        for kind, row, ends in graph_rows(read_triple_rows(export / TRIPLES)):
            # A node's id, or a relationship's subject id (part of its statement key)
            handles[_bucket_of(row[0], buckets)].write(dumps([kind, row, ends]) + b"\n")
    return paths


def _bucket_rows(path: Path) -> Iterator[GraphRow]:
    with path.open("rb") as handle:
        for line in handle:
            kind, row, ends = loads(line)
            yield kind, row, None if ends is None else (ends[0], ends[1])


def write_import_csv(export: Path, out: Path) -> ImportFiles:
    """Write the CSV files of ``export`` into ``out`` (created; old CSV there replaced)."""
    for name in (DOCUMENTS, ENTITIES, TRIPLES):
        if not (export / name).is_file():
            raise InputError(str(export / name), "missing export file (run 'kg build' first)")
    out.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(directory=out)
    work = out / ".buckets"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        with ExitStack() as stack:

            def csv_out(name: str, header: tuple[str, ...], nodes: bool) -> _CsvOut:
                target = _CsvOut(stack, out / name, header)
                (files.nodes if nodes else files.relationships).append(target.path)
                return target

            documents = csv_out("documents.csv", DOCUMENT_HEADER, True)
            entities = csv_out("entities.csv", ENTITY_HEADER, True)
            concepts = csv_out("concepts.csv", CONCEPT_HEADER, True)
            sentences = csv_out("sentences.csv", SENTENCE_HEADER, True)
            mentions = csv_out("mentions.csv", MENTION_HEADER, False)
            has_sentence = csv_out("has_sentence.csv", HAS_SENTENCE_HEADER, False)
            statements = {
                (s, o): csv_out(
                    f"statements-{s.lower()}-{o.lower()}.csv", _statement_header(s, o), False
                )
                for s in _END_LABELS
                for o in _END_LABELS
            }

            doc_ids: set[str] = set()
            for doc in read_rows(export / DOCUMENTS):
                if doc["id"] in doc_ids:
                    continue
                doc_ids.add(doc["id"])
                documents.write(
                    [
                        _text(doc["id"]),
                        _text(doc.get("source")),
                        _text(doc.get("title")),
                        _text(doc.get("outlet")),
                        _text(doc.get("published")),
                        _text(doc.get("url")),
                        _text(doc.get("content_hash")),
                        doc.get("chars"),
                        "Document",
                    ]
                )

            entity_ids: set[str] = set()
            for entity in read_rows(export / ENTITIES):
                if entity["id"] in entity_ids:
                    continue
                entity_ids.add(entity["id"])
                # Lists as the loader keeps them: sorted, no repeats, no name among aliases.
                aliases = sorted(set(entity.get("aliases") or []) - {entity["name"]})
                entities.write(
                    [
                        _text(entity["id"]),
                        _text(entity["name"]),
                        _text(entity["type"]),
                        _array(aliases),
                        _text(" | ".join(aliases)),
                        entity.get("mentions", 0),
                        _array(sorted(set(entity.get("sources") or []))),
                        _array(sorted(set(entity.get("titles") or []))),
                        _array(["Entity", label_for(entity["type"])]),
                    ]
                )
                for doc_id in dict.fromkeys(entity.get("sources") or []):
                    if doc_id in doc_ids:
                        mentions.write([doc_id, entity["id"], "MENTIONS"])

            buckets = _spread(export, work, _bucket_count(export / TRIPLES))
            skipped = 0
            for bucket in buckets:
                seen: set[str] = set()
                concept_names: dict[str, str] = {}  # the first name in sort order, as loaded
                folded: dict[Ends, dict[StatementKey, list[Any]]] = {}  # by end labels, key
                for kind, row, ends in _bucket_rows(bucket):
                    if ends is not None:
                        s_label, o_label = ends
                        if s_label == "Entity" and row[0] not in entity_ids:
                            skipped += 1
                            continue
                        if o_label == "Entity" and row[1] not in entity_ids:
                            skipped += 1
                            continue
                        fold_into(folded.setdefault(ends, {}), row)
                    elif row[0] in seen:
                        continue
                    elif kind == "sentence":
                        sid, doc, text, index, start, end = row
                        seen.add(sid)
                        sentences.write(
                            [_text(sid), _text(text), _text(doc), index, start, end, "Sentence"]
                        )
                        if doc in doc_ids:
                            has_sentence.write([doc, sid, "HAS_SENTENCE"])
                    else:  # a concept: its rows all fall in this bucket
                        concept, name = row
                        known = concept_names.get(concept)
                        if known is None or name < known:
                            concept_names[concept] = name
                for concept, concept_name in concept_names.items():
                    concepts.write([_text(concept), _text(concept_name), "Concept"])
                for labels, rows in folded.items():
                    for statement in rows.values():
                        (s, o, rel_type, predicate, negated, sents, sources, attributions,
                         modalities, confidence) = statement  # fmt: skip
                        statements[labels].write(
                            [
                                s,
                                o,
                                rel_type,
                                _text(predicate),
                                "true" if negated else "false",
                                _array(sents),
                                _array(sources),
                                _array(attributions),  # empty: no property, as loaded
                                _array(modalities),
                                confidence,
                                len(sents),
                            ]
                        )
                bucket.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for target in (documents, entities, concepts, sentences, mentions, has_sentence):
        files.counts[target.path.stem] = target.rows
    files.counts["statements"] = sum(t.rows for t in statements.values())
    files.counts["skipped_statements"] = skipped
    files.save()
    return files


def run_import(files: ImportFiles, database: str = "neo4j", timeout: float = 86400) -> str:
    """Import ``files`` into ``database`` of the local server, replacing it; the server
    must be stopped. Runs ``neo4j-admin`` (:func:`kg.server.admin_command`); returns
    its summary lines, raises :class:`kg.errors.ServerError` when it fails."""
    import subprocess

    from kg import server
    from kg.errors import ServerError

    if server.status().running:
        raise ServerError("stop the local Neo4j first ('kg neo4j stop'): the import needs it down")
    server.install()
    command = server.admin_command(*files.admin_args(database, overwrite=True))
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServerError(f"neo4j-admin import did not finish within {timeout:g}s") from exc
    lines = [ln.strip() for ln in (done.stdout + "\n" + done.stderr).splitlines() if ln.strip()]
    if done.returncode != 0:
        problems = [ln for ln in lines if "rror" in ln or "xception" in ln][-3:] or lines[-3:]
        raise ServerError(
            f"neo4j-admin import failed (exit {done.returncode}): " + " | ".join(problems)[:800]
        )
    start = next((i for i, ln in enumerate(lines) if ln.startswith("IMPORT DONE")), len(lines))
    return "\n".join(lines[start:])


FILL_EMPTY_LISTS = (
    # neo4j-admin cannot write an empty array (an empty field is no property): give
    # imported entities the empty lists the batched loader writes. (Relationships have
    # no empty lists: kg.cypher.OPTIONAL_LISTS are absent when empty, as imported.)
    "MATCH (e:Entity) WHERE e.aliases IS NULL OR e.titles IS NULL OR e.aliasText IS NULL\n"
    "CALL (e) { SET e.aliases = coalesce(e.aliases, []), e.titles = coalesce(e.titles, []),\n"
    "  e.aliasText = coalesce(e.aliasText, '') } IN TRANSACTIONS OF 10000 ROWS",
)


def finish_import(loader: Neo4jLoader, empty_lists: bool = True) -> None:
    """After an import: the constraints and indexes, and (unless ``empty_lists`` is
    False) the empty lists neo4j-admin leaves out. Without them the graph is the same
    but for absent instead of empty entity ``aliases``/``titles``; the loader and the
    saved queries accept both."""
    loader.apply_schema()
    if empty_lists:
        for statement in FILL_EMPTY_LISTS:
            loader.run_autocommit(statement)
