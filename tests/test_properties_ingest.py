"""Properties of ingest and cleaning over generated hostile input (Hypothesis).

Small example budgets keep these to a few seconds; scripts/fuzz runs the same strategies
(kg.fuzz) for minutes, and through extraction too.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import fuzz
from kg.errors import InputError
from kg.fuzz import check_results, file_contents, hostile_text, read_file, visible
from kg.ingest import SUFFIXES, clean_text, iter_documents
from kg.records import Document

FAST = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kg-prop-") as tmp:
        yield Path(tmp)


@FAST
@given(hostile_text())
def test_clean_text_never_raises_and_leaves_clean_lines(text: str) -> None:
    cleaned = clean_text(text)
    assert visible(cleaned)
    assert "\r" not in cleaned and "  " not in cleaned and "\n\n\n" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))


@FAST
@given(hostile_text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@FAST
@given(file_contents())
def test_any_file_gives_documents_or_input_errors(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with folder() as tmp:
        check_results(read_file(tmp, suffix, data), suffix)


@FAST
@given(st.sampled_from(SUFFIXES), st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(suffix: str, data: bytes) -> None:
    with folder() as tmp:
        check_results(read_file(tmp, suffix, data, any_language=True), suffix)


@FAST
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cf", "Cs")),  # only visible input
        max_size=300,
    ),
    st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-32")),
)
def test_a_text_file_is_a_document_exactly_when_cleaning_keeps_text(
    text: str, encoding: str
) -> None:
    with folder() as tmp:
        (result,) = read_file(tmp, ".txt", text.encode(encoding), any_language=True)
    if clean_text(text):
        assert isinstance(result, Document)
        assert clean_text(result.text) == result.text
    else:
        assert isinstance(result, InputError) and result.kind == "empty"


@FAST
@given(st.lists(hostile_text(), min_size=1, max_size=5))
def test_every_jsonl_line_is_accounted_for(texts: list[str]) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": t}) for i, t in enumerate(texts)]
    with folder() as tmp:
        path = tmp / "feed.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        results = list(iter_documents([path], any_language=True))
    assert [r.source for r in results] == [f"{path}:{n}" for n in range(1, len(lines) + 1)]
    for text, result in zip(texts, results, strict=True):
        if clean_text(text):
            assert isinstance(result, Document)
            assert visible(result.text) and visible(result.title)
        else:
            assert isinstance(result, InputError) and result.kind == "empty"


# --- scripts/fuzz (kg.fuzz) ------------------------------------------------------------


def run_fuzz(out: Path, *args: str) -> int:
    return fuzz.main(["--minutes", "0.02", "--targets", "ingest", "--out", str(out), *args])


def test_fuzz_reports_a_crash_with_its_shrunk_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fragile(text: str) -> str:
        raise ValueError("a planted bug")  # on the text of any document

    monkeypatch.setattr(fuzz, "clean_text", fragile)
    assert run_fuzz(tmp_path) == 1
    printed = capsys.readouterr().out
    assert "fuzz: 1 crashes, 0 timeouts" in printed
    assert "ingest: ValueError: a planted bug at test_properties_ingest.py:" in printed
    (crash,) = [json.loads(line) for line in (tmp_path / "crashes.jsonl").read_text().splitlines()]
    assert (crash["kind"], crash["error"]) == ("crash", "ValueError: a planted bug")
    assert len(Path(crash["input_file"]).read_bytes()) < 10  # shrunk to a small input


def test_fuzz_stops_a_slow_execution_as_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def slow(text: str) -> str:
        time.sleep(5)  # on the text of any document
        return text

    monkeypatch.setattr(fuzz, "clean_text", slow)
    start = time.monotonic()
    assert run_fuzz(tmp_path, "--timeout", "0.2") == 1
    assert time.monotonic() - start < 10
    assert "fuzz: 0 crashes" in capsys.readouterr().out
    findings = [json.loads(line) for line in (tmp_path / "crashes.jsonl").read_text().splitlines()]
    assert findings and all(f["kind"] == "timeout" for f in findings)
