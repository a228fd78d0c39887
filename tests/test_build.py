"""The main job on the bundled example articles: the export contract holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import build
from tests.conftest import EXAMPLES

TRIPLE_FIELDS = {
    "id", "subject", "subject_id", "subject_type", "predicate", "object", "object_id",
    "object_type", "negated", "modality", "attribution", "confidence", "source", "doc_id",
    "sentence", "sentence_index", "start", "end", "subject_text", "predicate_text",
    "object_text",
}  # fmt: skip


def rows(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-kg")
    build([EXAMPLES], out)
    return out


def test_export_files_follow_the_contract(example_export: Path) -> None:
    documents = rows(example_export / "documents.jsonl")
    entities = rows(example_export / "entities.jsonl")
    triples = rows(example_export / "triples.jsonl")
    assert len(documents) == len(list(EXAMPLES.iterdir()))
    assert {"id", "source", "title"} <= set(documents[0])
    assert all({"id", "name", "type", "aliases", "mentions", "sources"} <= set(e) for e in entities)
    assert triples and all(set(t) >= TRIPLE_FIELDS for t in triples)
    entity_ids = {e["id"] for e in entities}
    assert all(t["subject_id"] in entity_ids for t in triples if t["subject_id"])


def test_sentence_offsets_point_into_the_cleaned_text(example_export: Path) -> None:
    from kg.ingest import iter_documents
    from kg.records import Document

    texts = {d.id: d.text for d in iter_documents([EXAMPLES]) if isinstance(d, Document)}
    for triple in rows(example_export / "triples.jsonl"):
        assert texts[triple["doc_id"]][triple["start"] : triple["end"]] == triple["sentence"]


def test_documents_carry_front_matter(example_export: Path) -> None:
    documents = {d["id"]: d for d in rows(example_export / "documents.jsonl")}
    with_outlet = [d for d in documents.values() if d.get("outlet") and d.get("published")]
    assert len(with_outlet) >= 6


def test_the_story_is_connected(example_export: Path) -> None:
    """Recurring people and organisations appear in several documents."""
    entities = rows(example_export / "entities.jsonl")
    recurring = [e for e in entities if len(e["sources"]) >= 3]
    assert len(recurring) >= 5


def test_build_is_deterministic_whatever_the_file_order(tmp_path: Path) -> None:
    files = sorted(EXAMPLES.iterdir())
    first = tmp_path / "a"
    second = tmp_path / "b"
    build(files, first)
    build(list(reversed(files)), second)
    for name in ("entities.jsonl",):
        a = sorted((first / name).read_text().splitlines())
        b = sorted((second / name).read_text().splitlines())
        assert a == b
    ids_a = sorted(t["id"] for t in rows(first / "triples.jsonl"))
    ids_b = sorted(t["id"] for t in rows(second / "triples.jsonl"))
    assert ids_a == ids_b


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "Barges return to the Moselle\n\nThe commission reopened the river on Tuesday.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 20)
    (tmp_path / "bad.jsonl").write_text('{"text": "Lenz visited Trier."}\n{oops\n', "utf-8")
    problems: list[str] = []
    summary = build(
        [tmp_path, tmp_path / "missing.md"],
        tmp_path / "out",
        on_problem=lambda e: problems.append(str(e)),
    )
    assert summary.documents == 2
    assert len(problems) == 4
    assert any("missing.md" in p for p in problems)
    assert any("bad.jsonl:2" in p for p in problems)


def test_rows_round_trip_through_the_export_codec(tmp_path: Path) -> None:
    """orjson writes the rows; what it refuses (a lone surrogate, as an undecodable
    file name gives; an integer beyond 64 bits) is written escaped by the standard
    library, and every line reads back equal."""
    from kg.export import JsonlWriter, dumps, loads, read_rows

    rows = [
        {"name": "Ana Kovač", "quote": 'said "no" \\ then', "n": 3, "x": 0.1, "ok": True},
        {"source": "inbox/bad-\udcff-name.txt", "tags": ["a", None]},
        {"big": 2**70, "nested": {"list": [1, 2.5, "ß"]}},
    ]
    with JsonlWriter(tmp_path / "rows.jsonl") as writer:
        for row in rows:
            writer.write(row)
    assert list(read_rows(tmp_path / "rows.jsonl")) == rows
    assert b"\\udcff" in dumps(rows[1])  # escaped, so the file stays valid UTF-8
    (tmp_path / "rows.jsonl").read_bytes().decode("utf-8")
    assert loads(dumps(rows[0])) == rows[0]
    assert json.loads(dumps(rows[0])) == rows[0]


def test_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    from kg.errors import InputError
    from kg.export import read_rows

    (tmp_path / "rows.jsonl").write_text('{"a": 1}\n\n{"a": \n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_rows(tmp_path / "rows.jsonl"))
    assert caught.value.source.endswith("rows.jsonl:3")
    assert "malformed JSON" in caught.value.reason


def test_triple_rows_read_what_loading_needs_and_report_bad_lines(tmp_path: Path) -> None:
    """``read_triple_rows`` decodes the fields loading reads (other keys skipped), falls
    back to the standard library for what msgspec refuses (an escaped lone surrogate),
    and reports a line without a needed field, or with one of the wrong type, by number."""
    from kg.errors import InputError
    from kg.export import JsonlWriter, TripleRow, dumps, read_triple_rows, triple_row_of

    row = {
        "id": "t_1", "subject": "Ada Brandt", "subject_id": "e_1", "predicate": "warn",
        "object": "the council", "object_id": None, "negated": False, "modality": None,
        "attribution": "Ada Brandt", "confidence": 1, "doc_id": "d1",
        "sentence": "Ada Brandt warned the council.", "sentence_index": 0, "start": 0,
        "end": 30, "rule": "svo", "extra": {"nested": [1, 2]},
    }  # fmt: skip
    odd = {**row, "subject": "Ada \udcff"}
    path = tmp_path / "triples.jsonl"
    with JsonlWriter(path) as writer:
        writer.write(row)
        writer.write(odd)
    first, second = read_triple_rows(path)
    assert first == triple_row_of(row)
    assert (first.subject, first.object_id, first.confidence) == ("Ada Brandt", None, 1.0)
    assert second.subject == "Ada \udcff"
    assert isinstance(first, TripleRow)
    for bad in ({k: v for k, v in row.items() if k != "doc_id"}, {**row, "negated": "no"}, [1]):
        path.write_bytes(dumps(row) + b"\n\n" + dumps(bad) + b"\n")
        with pytest.raises(InputError) as caught:
            list(read_triple_rows(path))
        assert caught.value.source.endswith("triples.jsonl:3")
        assert "malformed triple" in caught.value.reason


def test_records_convert_like_asdict() -> None:
    """The fast ``to_dict`` gives what ``dataclasses.asdict`` gives (lists copied, nested
    records converted), and ``from_dict`` inverts it, ignoring unknown keys."""
    from dataclasses import asdict

    from kg.records import DocEntity, Document, DocumentRecord, Mention, from_dict, to_dict

    entity = DocEntity(key="e1", name="Ana Kovač", type="PERSON", aliases=["Kovač"], mentions=2)
    record = DocumentRecord(
        document=Document(id="d", source="s.txt", title="T", text="Ana Kovač spoke."),
        entities=[entity],
        mentions=[
            Mention(text="Ana Kovač", label="PERSON", start=0, end=9, sentence_index=0, entity="e1")
        ],
        triples=[],
        sentences=1,
    )
    assert to_dict(record) == asdict(record)
    row = to_dict(entity)
    assert row["aliases"] is not entity.aliases
    assert from_dict(DocEntity, {**row, "unknown": 1}) == entity
