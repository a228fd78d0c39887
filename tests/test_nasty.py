"""The nasty corpus (tests/nasty): every input ends exactly once, as EXPECTED.json says."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest

from kg.errors import REASONS, InputError
from kg.ingest import iter_documents
from kg.records import Document

NASTY = Path(__file__).parent / "nasty"
EXPECTED: dict[str, str] = json.loads((NASTY / "EXPECTED.json").read_text(encoding="utf-8"))[
    "inputs"
]


def outcomes(results: list[Document | InputError]) -> list[tuple[str, str]]:
    """(manifest key, "document" or error kind) per result, in order."""
    prefix = f"{NASTY}/"
    rows = []
    for result in results:
        assert result.source.startswith(prefix), result.source
        outcome = "document" if isinstance(result, Document) else result.kind
        rows.append((result.source.removeprefix(prefix), outcome))
    return rows


@pytest.fixture(scope="module")
def results() -> list[Document | InputError]:
    return list(iter_documents([NASTY]))


def test_every_input_ends_exactly_once_as_expected(results: list[Document | InputError]) -> None:
    rows = outcomes(results)
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys)), "an input was reported twice"
    assert dict(rows) == EXPECTED


def test_the_corpus_covers_every_ingest_reason() -> None:
    files = [p for p in NASTY.iterdir() if not p.name.startswith(".")]
    assert len(files) >= 30
    assert all(p.is_symlink() or p.stat().st_size < 50_000 for p in files)  # kept small
    assert set(EXPECTED.values()) == {"document"} | (
        set(REASONS) - {"duplicate", "known", "extraction"}  # set by kg build, not ingest
    )


def test_any_language_turns_only_language_skips_into_documents() -> None:
    rows = dict(outcomes(list(iter_documents([NASTY], any_language=True))))
    assert rows == {
        key: "document" if outcome == "language" else outcome for key, outcome in EXPECTED.items()
    }


def test_no_invisible_characters_reach_text_or_metadata(
    results: list[Document | InputError],
) -> None:
    documents = [r for r in results if isinstance(r, Document)]
    for doc in documents:
        for value in (doc.id, doc.title, doc.text, doc.outlet, doc.published, doc.url):
            bad = {
                f"U+{ord(c):04X}"
                for c in value or ""
                if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn")
            }
            assert not bad, (doc.source, bad)


def test_names_with_hidden_characters_come_out_clean(
    results: list[Document | InputError],
) -> None:
    (doc,) = (r for r in results if r.source.endswith("controls-in-names.txt"))
    assert isinstance(doc, Document)
    assert doc.title == "Kelvingate council approves the budget"
    for name in ("Markus Halvorsen", "Amina Yusuf", "Renée Okafor"):
        assert name in doc.text
    assert "thanked the officials" in doc.text  # the terminal colour code went too


def test_decoded_text_is_right(results: list[Document | InputError]) -> None:
    texts = {
        key: r.text
        for (key, _), r in zip(outcomes(results), results, strict=True)
        if isinstance(r, Document)
    }
    assert "José Muñoz, who has run the Café du Port" in texts["encoding-latin1.txt"]
    assert (
        "“There will be no rise in ferry fares this year,” the mayor of Kelvingate, Renée"
        in (texts["encoding-cp1252-smart-quotes.txt"])
    )
    mixed = texts["encoding-mixed-utf8-cp1252.txt"]
    assert "Zoë García" in mixed and "“We cannot live on these numbers,” said André" in mixed
    for key in ("encoding-utf16le-bom.txt", "encoding-utf32-bom.txt", "encoding-utf8-bom.txt"):
        assert texts[key].startswith("Harbour bridge in Kelvingate reopens after repairs\n\n")
    assert texts["jsonl-mixed-encodings.jsonl:2"] == (
        "The café on the pier “reopened” too, said its owner."
    )
    assert texts["jsonl-mixed-encodings.jsonl:4"] == "Mayor Renée Okafor opened the new quay."


def test_errors_are_one_line_with_a_known_kind(results: list[Document | InputError]) -> None:
    for error in (r for r in results if isinstance(r, InputError)):
        assert error.kind in REASONS
        assert error.reason and "\n" not in error.reason and len(error.reason) < 200


GIANT = "The harbour board said that the quay would reopen on Monday after the storm. "


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_a_giant_line_is_read(tmp_path: Path, suffix: str) -> None:
    """3 MB on one line, written at test time rather than committed."""
    line = (GIANT * 40_000).strip()
    content = json.dumps({"text": line}) if suffix == ".jsonl" else line
    path = tmp_path / f"giant{suffix}"
    path.write_text(content + "\n", encoding="utf-8")
    start = time.perf_counter()
    (doc,) = iter_documents([path])
    assert time.perf_counter() - start < 10
    assert isinstance(doc, Document)
    assert doc.text.endswith(line)
