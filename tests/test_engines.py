"""Engines, streaming and resume: the export never depends on how extraction ran."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from kg.build import build, content_hash
from kg.pipeline import extract_chunk, segments
from kg.records import Document, DocumentRecord
from tests.conftest import EXAMPLES

EXPORT = ("documents.jsonl", "entities.jsonl", "triples.jsonl")


def export_of(out: Path) -> dict[str, str]:
    return {name: (out / name).read_text(encoding="utf-8") for name in EXPORT}


@pytest.fixture(scope="module")
def inline_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inline")
    summary = build([EXAMPLES], out, workers=1)
    assert summary.engine == "inline" and summary.documents == 8
    return out


def test_worker_pool_gives_the_same_export(inline_export: Path, tmp_path: Path) -> None:
    summary = build([EXAMPLES], tmp_path, workers=2, chunk_size=2)
    assert summary.engine == "pool" and summary.workers == 2
    assert export_of(tmp_path) == export_of(inline_export)


def test_dask_cluster_gives_the_same_export(inline_export: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        summary = build([EXAMPLES], tmp_path, dask=cluster.scheduler_address, chunk_size=3)
    assert summary.engine == "dask" and summary.workers == 2
    assert export_of(tmp_path) == export_of(inline_export)


class Interrupted(Exception):
    pass


def test_an_interrupted_build_resumes_to_the_same_export(
    inline_export: Path, tmp_path: Path
) -> None:
    seen: list[str] = []

    def stop_after_three(document: Document) -> None:
        seen.append(document.id)
        if len(seen) == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        build([EXAMPLES], tmp_path, workers=1, chunk_size=1, on_document=stop_after_three)
    spool = tmp_path / ".work" / "records.jsonl"
    assert len(spool.read_text(encoding="utf-8").splitlines()) == 3
    # A half-written fourth record, as a kill in the middle of a write leaves it.
    with spool.open("a", encoding="utf-8") as handle:
        handle.write('{"document": {"id": "cut-off')
    summary = build([EXAMPLES], tmp_path, workers=1, resume=True)
    assert summary.resumed == 3 and summary.documents == 8
    assert export_of(tmp_path) == export_of(inline_export)
    assert not (tmp_path / ".work").exists()


def test_documents_already_in_the_graph_are_not_extracted(tmp_path: Path) -> None:
    first = sorted(EXAMPLES.iterdir())[0]
    from kg.ingest import iter_documents

    (document,) = [d for d in iter_documents([first]) if isinstance(d, Document)]
    summary = build([EXAMPLES], tmp_path, workers=1, known_hashes={content_hash(document.text)})
    assert summary.documents == 7 and summary.skipped == 1 and summary.failed == 0
    (error,) = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert error == {
        "source": str(first),
        "reason": "known",
        "message": "already in the graph",
        "status": "skipped",
    }
    documents = [
        json.loads(line) for line in (tmp_path / "documents.jsonl").read_text().splitlines()
    ]
    assert all(len(d["content_hash"]) == 64 for d in documents)


def test_every_input_is_accounted_for(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    article = (
        "River traffic resumes\n\nThe commission reopened the river to barges on Tuesday, "
        "said Anja Schreiber, its director.\n"
    )
    (inputs / "a.txt").write_text(article, encoding="utf-8")
    (inputs / "copy.txt").write_text(article, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (inputs / "feed.jsonl").write_text(
        json.dumps({"title": "Locks", "text": "Markus Lenz inspected the locks at Trier."})
        + "\n{not json\n",
        encoding="utf-8",
    )
    summary = build([inputs], tmp_path / "out", workers=1)
    assert (summary.documents, summary.skipped, summary.failed) == (2, 2, 2)
    assert summary.line() == "processed 2 / skipped 2 / failed 2 (6 inputs)"
    errors = [
        json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()
    ]
    assert [(Path(e["source"]).name, e["reason"], e["status"]) for e in errors] == [
        ("blob.txt", "binary", "failed"),
        ("copy.txt", "duplicate", "skipped"),
        ("empty.txt", "empty", "skipped"),
        ("feed.jsonl:2", "malformed", "failed"),
    ]
    assert all(e["message"] and "\n" not in e["message"] for e in errors)
    assert summary.reasons == {"binary": 1, "duplicate": 1, "empty": 1, "malformed": 1}


def test_a_document_the_pipeline_fails_on_does_not_stop_the_chunk() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")

    @Language.component("kg_test_explode")
    def explode(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
        if "detonate" in doc.text:
            raise RuntimeError("boom")
        return doc

    nlp.add_pipe("kg_test_explode")
    documents = [
        Document(id=name, source=f"{name}.txt", title=name, text=text)
        for name, text in [("a", "Calm words."), ("b", "We detonate."), ("c", "More calm.")]
    ]
    results = extract_chunk(documents, nlp=nlp)
    assert [type(r).__name__ for r in results] == ["DocumentRecord", "InputError", "DocumentRecord"]
    error = results[1]
    assert not isinstance(error, DocumentRecord)
    assert error.kind == "extraction" and "boom" in error.reason and error.source == "b.txt"


def test_long_documents_are_split_and_offsets_stay_global(nlp: Language) -> None:
    paragraph = (
        "Anja Schreiber, the director of the river commission, said the barges would "
        "return to Trier. Markus Lenz did not confirm the date. "
    )
    text = "\n\n".join(paragraph for _ in range(40))
    document = Document(id="long", source="long.txt", title="Long", text=text)
    pieces = segments(text, limit=1_000)
    assert len(pieces) > 5 and "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1_000 for _, p in pieces)
    (split,) = extract_chunk([document], nlp=nlp, segment_limit=1_000)
    (whole,) = extract_chunk([document], nlp=nlp)
    assert isinstance(split, DocumentRecord) and isinstance(whole, DocumentRecord)
    assert split.sentences == whole.sentences
    assert len(split.triples) == len(whole.triples)
    assert len({t.id for t in split.triples}) == len(split.triples)
    for triple in split.triples:
        assert text[triple.start : triple.end] == triple.sentence
    for mention in split.mentions:
        assert text[mention.start : mention.end] == mention.text
    assert {(t.subject, t.predicate, t.object) for t in split.triples} == {
        (t.subject, t.predicate, t.object) for t in whole.triples
    }
    names = {e.name: e.mentions for e in split.entities}
    assert names == {e.name: e.mentions for e in whole.entities}


def test_a_giant_line_is_segmented_in_bounded_pieces() -> None:
    line = "word " * 4_000_000  # 20 MB, no line break
    pieces = segments(line)
    assert sum(len(p) for _, p in pieces) == len(line)
    assert max(len(p) for _, p in pieces) <= 100_000
    unbroken = "x" * 1_000_001
    assert [len(p) for _, p in segments(unbroken, limit=400_000)] == [400_000, 400_000, 200_001]


def test_parser_batches_are_bounded_in_characters() -> None:
    """32 segments of 100,000 characters are not parsed at once (gigabytes of model
    activations); news-sized documents still go in whole batches."""
    from kg.pipeline import BATCH_CHARACTERS, MAX_SEGMENT, _batches

    giant = [("x" * MAX_SEGMENT, (0, i * MAX_SEGMENT)) for i in range(32)]
    batches = list(_batches(giant, 32))
    assert [job for batch in batches for job in batch] == giant
    assert all(sum(len(text) for text, _ in b) <= BATCH_CHARACTERS for b in batches)
    news = [("y" * 4_000, (i, 0)) for i in range(70)]
    assert [len(b) for b in _batches(news, 32)] == [32, 32, 6]
    alone = [("z" * (BATCH_CHARACTERS + 1), (0, 0)), ("z", (1, 0))]
    assert [len(b) for b in _batches(alone, 32)] == [1, 1]


def test_components_the_extractors_do_not_read_are_not_loaded(nlp: Language) -> None:
    assert "senter" not in nlp.component_names
    assert {"parser", "ner", "lemmatizer", "kg_mentions", "kg_relations"} <= set(nlp.pipe_names)
