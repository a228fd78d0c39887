"""One `kg build` over the nasty corpus (tests/nasty) plus a line longer than spaCy's
max_length: every input is accounted for exactly once, in the export or errors.jsonl."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import FAILED, SKIPPED
from kg.cli import app

NASTY = Path(__file__).parent / "nasty"
EXPECTED: dict[str, str] = json.loads((NASTY / "EXPECTED.json").read_text(encoding="utf-8"))[
    "inputs"
]
GIANT = "giant-line.txt"  # written at test time: 1.2 MB of prose without a line break


def rows(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    inputs = tmp_path_factory.mktemp("in") / "nasty"
    shutil.copytree(NASTY, inputs, symlinks=True)
    sentence = (
        "The ferry from Remich carried {n} passengers on Sunday, and the harbour master "
        "Jana Kovac said the crossing would not be cancelled. "
    )
    giant = "".join(sentence.format(n=n) for n in range(9_000))
    assert len(giant) > 1_000_000 and "\n" not in giant  # over spaCy's max_length
    (inputs / GIANT).write_text(giant, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        app, ["build", str(inputs), "--out", str(out), "--no-load", "--json"]
    )
    payload = json.loads(result.stdout)
    payload["_exit"] = result.exit_code
    return inputs, out, payload


def test_every_input_is_in_the_export_or_in_errors(
    built: tuple[Path, Path, dict[str, object]],
) -> None:
    inputs, out, _ = built
    expected = {**EXPECTED, GIANT: "document"}
    prefix = f"{inputs}/"
    documents = rows(out / "documents.jsonl")
    errors = rows(out / "errors.jsonl")
    seen = [d["source"].removeprefix(prefix) for d in documents]
    seen += [e["source"].removeprefix(prefix) for e in errors]
    assert sorted(seen) == sorted(expected), "every input exactly once"
    assert {d["source"].removeprefix(prefix) for d in documents} == {
        key for key, outcome in expected.items() if outcome == "document"
    }
    for error in errors:
        key = error["source"].removeprefix(prefix)
        assert error["reason"] == expected[key], key
        assert error["status"] == ("skipped" if error["reason"] in SKIPPED else "failed")
        assert error["message"] and "\n" not in error["message"]


def test_summary_line_and_exit_code(built: tuple[Path, Path, dict[str, object]]) -> None:
    _, out, payload = built
    outcomes = [*EXPECTED.values(), "document"]
    processed = outcomes.count("document")
    skipped = sum(1 for o in outcomes if o in SKIPPED)
    failed = sum(1 for o in outcomes if o in FAILED)
    assert (payload["documents"], payload["skipped"], payload["failed"]) == (
        processed,
        skipped,
        failed,
    )
    assert payload["_exit"] == 3  # the export is written, some inputs failed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["reasons"] == {
        reason: outcomes.count(reason) for reason in sorted(set(outcomes) - {"document"})
    }


def test_the_giant_line_is_processed_with_global_offsets(
    built: tuple[Path, Path, dict[str, object]],
) -> None:
    inputs, out, _ = built
    text = (inputs / GIANT).read_text(encoding="utf-8")
    triples = [t for t in rows(out / "triples.jsonl") if t["source"].endswith(GIANT)]
    assert len(triples) > 9_000  # statements from every segment
    assert max(t["start"] for t in triples) > 1_000_000
    for triple in triples[::97]:
        assert text[triple["start"] : triple["end"]] == triple["sentence"]


def test_no_junk_entities_from_hostile_text(built: tuple[Path, Path, dict[str, object]]) -> None:
    _, out, _ = built
    for entity in rows(out / "entities.jsonl"):
        name = entity["name"]
        assert name.strip() == name and len(name) <= 200
        assert not any(ord(ch) < 32 or 0x200B <= ord(ch) <= 0x200F for ch in name), name
        assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in name)
