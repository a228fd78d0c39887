"""Tests for the ingest stage (kg.ingest)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import SUFFIXES, clean_text, iter_documents
from kg.records import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def docs_and_errors(paths: list[Path]) -> list[Document | InputError]:
    return list(iter_documents(paths))


def only_docs(results: list[Document | InputError]) -> list[Document]:
    docs = [r for r in results if isinstance(r, Document)]
    assert len(docs) == len(results), [str(r) for r in results if isinstance(r, InputError)]
    return docs


def summary(results: list[Document | InputError]) -> list[tuple[str, str, str]]:
    """(kind, id or source, title or reason) per result, for order-sensitive checks."""
    rows = []
    for r in results:
        if isinstance(r, Document):
            rows.append(("doc", r.id, r.source))
        else:
            rows.append(("error", r.source, r.reason))
    return rows


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ARTICLE = (
    "A short headline about the harbour\n\nThe harbour reopened on Monday after a long week.\n"
)


# --- API surface -------------------------------------------------------------------


def test_suffixes() -> None:
    assert SUFFIXES == (".txt", ".md", ".html", ".htm", ".jsonl")


def test_iter_documents_is_lazy(tmp_path: Path) -> None:
    results = iter_documents([tmp_path / "missing.txt"])
    assert inspect.isgenerator(results)
    (error,) = list(results)
    assert isinstance(error, InputError)


# --- clean_text --------------------------------------------------------------------


def test_furniture_text_cleaned_exactly() -> None:
    path = FIXTURES / "furniture.txt"
    expected = (FIXTURES / "furniture.txt.expected").read_text(encoding="utf-8")
    (doc,) = only_docs(docs_and_errors([path]))
    assert doc.text == expected
    assert doc.title == "Harbour bridge in Kelvingate to close for repairs"
    assert doc.id == "furniture"
    assert doc.source == str(path)
    assert (doc.outlet, doc.published, doc.url) == (None, None, None)


def test_clean_text_normalises_whitespace() -> None:
    raw = (
        "\ufeffFirst\u00a0line  with\tspaces\u200b.\r\n"
        "second line\r\n\r\n\r\n\r\n"
        "  Next paragraph\u2009here.  \rthird\u3000line\n\n\n"
    )
    assert clean_text(raw) == (
        "First line with spaces.\nsecond line\n\nNext paragraph here.\nthird line"
    )


def test_clean_text_nfc() -> None:
    assert clean_text("Garci\u0301a spoke.") == "Garc\u00eda spoke."


def test_clean_text_keeps_real_sentences() -> None:
    text = (
        "Share prices of Bluewake fell on Friday.\n\n"
        "Email records show the council was warned in March.\n\n"
        "Photo archives at the museum were damaged by the flood last year.\n\n"
        "Related work on the quay will start next spring, officials said.\n\n"
        "Subscribers to the ferry pass will get a refund for the strike days.\n\n"
        "By Monday, the harbour had reopened to all vessels.\n\n"
        "Comment was not immediately available from the operator."
    )
    assert clean_text(text) == text


def test_clean_text_drops_short_and_whole_line_furniture() -> None:
    text = (
        "Kelvingate ferry fares will rise by five percent from June, the operator said.\n\n"
        "SHARE THIS ARTICLE:\n"
        "Advertisement - Scroll to continue\n"
        "5 min read\n"
        "Filed under: Transport\n"
        "Updated 14:05 GMT, 2 June 2031\n"
        "This website uses cookies to improve your experience. Accept all\n"
        "Exit mobile version\n"
        "Image 2 of 7\n"
        "© 2031 Harbour Herald\n"
        "Save my name, email, and website in this browser for the next time I comment.\n"
        "Name*\n"
        "Comment\n"
        "Loading…\n\n"
        "The rise is the first in three years."
    )
    assert clean_text(text) == (
        "Kelvingate ferry fares will rise by five percent from June, the operator said.\n\n"
        "The rise is the first in three years."
    )


def test_teaser_heading_drops_rest_only_after_article_text() -> None:
    top = "Read Next\n\nThe quay was rebuilt in stone after the storm of last winter.\n\nEnd here."
    assert clean_text(top) == (
        "The quay was rebuilt in stone after the storm of last winter.\n\nEnd here."
    )
    bottom = (
        "The quay was rebuilt in stone after the storm of last winter.\n\n"
        "More from Harbour Herald\n\n"
        "A teaser that continues for a good number of words about something else."
    )
    assert clean_text(bottom) == "The quay was rebuilt in stone after the storm of last winter."


def test_photo_credit_caption_dropped_but_bracketed_sentence_kept() -> None:
    text = (
        "Ferry Orla leaves Kelvingate harbour (AP Photo/Jo Example)\n\n"
        "The ferry left the harbour with forty passengers [photo by the author] on board.\n\n"
        "The ferry left with forty passengers on board (photo below)."
    )
    assert clean_text(text) == (
        "The ferry left the harbour with forty passengers [photo by the author] on board.\n\n"
        "The ferry left with forty passengers on board (photo below)."
    )


# --- .txt --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        (
            "Deutsch\n\nHafen wieder offen\n\nDer Hafen ist seit Montag wieder offen.\n",
            "Hafen wieder offen",
            "Hafen wieder offen\n\nDer Hafen ist seit Montag wieder offen.",
        ),
        (
            "Harbour reopens\nThe harbour reopened on Monday after a long week.\n",
            "Harbour reopens",
            "Harbour reopens\n\nThe harbour reopened on Monday after a long week.",
        ),
        (
            "The harbour reopened on Monday.\n\nIt had been closed for a week.\n",
            "story",
            "The harbour reopened on Monday.\n\nIt had been closed for a week.",
        ),
        (
            "Will the harbour reopen?\n\nOfficials were unsure on Monday what to do next.\n",
            "Will the harbour reopen?",
            "Will the harbour reopen?\n\nOfficials were unsure on Monday what to do next.",
        ),
        (
            " ".join(["word"] * 40) + "\n\nSecond paragraph.",
            "story",
            " ".join(["word"] * 40) + "\n\nSecond paragraph.",
        ),
    ],
)
def test_txt_title(tmp_path: Path, content: str, title: str, text: str) -> None:
    (doc,) = only_docs(docs_and_errors([write(tmp_path / "story.txt", content)]))
    assert (doc.title, doc.text) == (title, text)


# --- .md ---------------------------------------------------------------------------


def test_markdown_front_matter_and_syntax() -> None:
    path = FIXTURES / "report.md"
    (doc,) = only_docs(docs_and_errors([path]))
    assert doc.id == "kg-solar-1"
    assert doc.source == str(path)
    assert doc.title == "Kelvingate opens a floating solar farm"
    assert doc.outlet == "Kelvingate Gazette"
    assert doc.published == "2031-04-02"
    assert doc.url == "https://example.org/kelvingate-gazette/floating-solar"
    assert doc.text == (
        "Kelvingate opens a floating solar farm\n\n"
        "The Kelvingate Water Board switched on a floating solar farm on the "
        "Orrin Reservoir on Wednesday.\n\n"
        "What it supplies\n\n"
        "About 900 households in Lower Kelvingate\n"
        "The pumping station at Orrin Dam\n"
        "A battery store run by Bluewake Energy\n\n"
        '"This is the first of three," said board chair Tomas Reyl.\n\n'
        "Prices rose by 3*2 percent, the board said _not_ in jest."
    )


def test_markdown_without_front_matter() -> None:
    (doc,) = only_docs(docs_and_errors([FIXTURES / "plain.md"]))
    assert doc.id == "plain"
    assert doc.title == "Water levels at Orrin Reservoir recover"
    assert doc.text.startswith("Water levels at Orrin Reservoir recover\n\nAfter a dry spring")
    assert doc.outlet is None


def test_markdown_front_matter_title_prepended(tmp_path: Path) -> None:
    path = write(
        tmp_path / "note.md",
        "---\ntitle: 'Quay rebuilt'\nunknown: ignored\n---\n"
        "The quay was rebuilt in *stone*.\n\n```\ncode is dropped\n```\n",
    )
    (doc,) = only_docs(docs_and_errors([path]))
    assert doc.title == "Quay rebuilt"
    assert doc.text == "Quay rebuilt\n\nThe quay was rebuilt in stone."


# --- .html -------------------------------------------------------------------------


def test_html_article_kept_and_furniture_dropped() -> None:
    path = FIXTURES / "page.html"
    (doc,) = only_docs(docs_and_errors([path]))
    assert doc.id == "page"
    assert doc.title == "Kelvingate ferry strike ends after pay deal"
    assert doc.outlet == "Harbour Herald"
    assert doc.published == "2031-05-06T08:30:00Z"
    assert doc.url == "https://example.org/harbour-herald/ferry-strike-ends"
    assert doc.text == (
        "Kelvingate ferry strike ends after pay deal\n\n"
        "Ferry crews in Kelvingate returned to work on Tuesday after the union & the "
        "operator Bluewake agreed a new pay deal.\n\n"
        "The union leader, Joss Harlan, said the deal was fair.\n"
        "Services resume tomorrow.\n\n"
        "Bluewake said the deal would cost it 1.1 million euros a year."
    )


def test_html_without_article_uses_body() -> None:
    (doc,) = only_docs(docs_and_errors([FIXTURES / "noarticle.htm"]))
    assert doc.title == "Orrin Dam inspection passes"
    assert doc.text == (
        "Orrin Dam inspection passes\n\n"
        "Inspectors found no cracks in the Orrin Dam during the annual check, "
        "the water board said on Friday.\n\n"
        "The next inspection is due in one year."
    )


def test_html_title_from_title_tag_with_site_suffix(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.html",
        "<title>Quay rebuilt in stone | Harbour Herald</title>"
        "<p>The quay was rebuilt in stone after the storm of last winter.</p>",
    )
    (doc,) = only_docs(docs_and_errors([path]))
    assert (doc.title, doc.outlet) == ("Quay rebuilt in stone", "Harbour Herald")
    assert doc.text == (
        "Quay rebuilt in stone\n\nThe quay was rebuilt in stone after the storm of last winter."
    )


# --- .jsonl ------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines() -> None:
    path = FIXTURES / "feed.jsonl"
    results = docs_and_errors([path])
    assert summary(results) == [
        ("doc", "a1", "https://example.org/a1"),
        ("doc", "feed-3", f"{path}:3"),
        ("doc", "a1~2", f"{path}:4"),
        (
            "error",
            f"{path}:5",
            "bad JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
        ("error", f"{path}:6", "no 'text' field"),
        ("error", f"{path}:7", "empty text"),
        ("error", f"{path}:8", "line is not a JSON object"),
        ("doc", "7", f"{path}:9"),
    ]
    first, second = results[0], results[1]
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.title == "Kelvingate votes on harbour budget"
    assert (first.outlet, first.published, first.url) == (
        "Harbour Herald",
        "2031-06-01",
        "https://example.org/a1",
    )
    assert first.text == (
        "Kelvingate votes on harbour budget\n\n"
        "The council voted on the harbour budget on Monday.\n\n"
        "The vote passed by nine to four."
    )
    assert second.title == "Bluewake orders two electric ferries"
    assert second.text.startswith("Bluewake orders two electric ferries. The order")


def test_jsonl_encoding_line_endings_and_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": "The quay reopened."}).encode()
    path.write_bytes(
        b"\xef\xbb\xbf" + good + b"\r\n" + b'{"text": "caf\xe9"}\r\n' + b"\r\n" + good + b"\n"
    )
    assert summary(docs_and_errors([path])) == [
        ("doc", "mixed-1", f"{path}:1"),
        ("error", f"{path}:2", "not UTF-8 text"),
        ("doc", "mixed-4", f"{path}:4"),
    ]


def test_jsonl_utf16(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [json.dumps({"id": n, "text": f"Story number {n}."}) for n in ("a", "b")]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    docs = only_docs(docs_and_errors([path]))
    assert [(d.id, d.text) for d in docs] == [("a", "Story number a."), ("b", "Story number b.")]


def test_jsonl_title_truncated(tmp_path: Path) -> None:
    long_line = "Word " * 60
    path = write(tmp_path / "long.jsonl", json.dumps({"text": long_line.strip()}) + "\n")
    (doc,) = only_docs(docs_and_errors([path]))
    assert len(doc.title) <= 120
    assert doc.title.endswith("…")


def test_empty_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.jsonl", "\n  \n")
    assert summary(docs_and_errors([path])) == [("error", str(path), "empty file")]


# --- ids ---------------------------------------------------------------------------


def test_duplicate_ids_get_suffixes_in_order(tmp_path: Path) -> None:
    write(tmp_path / "a" / "story.txt", ARTICLE)
    write(tmp_path / "b" / "story.md", ARTICLE)
    write(tmp_path / "c" / "story.html", "<p>" + ARTICLE + "</p>")
    write(
        tmp_path / "d" / "feed.jsonl",
        json.dumps({"id": "story", "text": "x y z."})
        + "\n"
        + json.dumps({"id": "story~4", "text": "x y z."})
        + "\n"
        + json.dumps({"id": "story", "text": "x y z."})
        + "\n",
    )
    docs = only_docs(docs_and_errors([tmp_path]))
    assert [d.id for d in docs] == [
        "story",
        "story~2",
        "story~3",
        "story~4",
        "story~4~2",
        "story~5",
    ]


def test_duplicate_ids_from_repeated_path(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", ARTICLE)
    docs = only_docs(docs_and_errors([path, path]))
    assert [d.id for d in docs] == ["one", "one~2"]


# --- errors do not stop the batch ----------------------------------------------------


def test_bad_inputs_give_errors_and_batch_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a_good.txt", ARTICLE)
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.md").write_bytes(b"  \n\n \t\n")
    (tmp_path / "d_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp_path / "e_latin1.txt").write_bytes("Caf\u00e9 au lait in Kelvingate.".encode("latin-1"))
    (tmp_path / "f_utf16_nobom.txt").write_bytes("Plain words here.".encode("utf-16-le"))
    write(tmp_path / "g_furniture_only.txt", "Share\nTweet\nLoading...\n")
    write(tmp_path / "h_good.html", "<article><p>The quay reopened on Monday.</p></article>")
    unsupported = write(tmp_path / "notes.pdf", "not really a pdf")
    missing = tmp_path / "missing.txt"
    results = docs_and_errors([missing, tmp_path, unsupported])
    rows = summary(results)
    assert rows == [
        ("error", str(missing), "no such file or directory"),
        ("doc", "a_good", str(tmp_path / "a_good.txt")),
        ("error", str(tmp_path / "b_empty.txt"), "empty file"),
        ("error", str(tmp_path / "c_blank.md"), "empty file"),
        ("error", str(tmp_path / "d_binary.txt"), "binary file"),
        ("error", str(tmp_path / "e_latin1.txt"), "not UTF-8 text"),
        (
            "error",
            str(tmp_path / "f_utf16_nobom.txt"),
            "not UTF-8 text (looks like UTF-16 without a byte-order mark)",
        ),
        ("error", str(tmp_path / "g_furniture_only.txt"), "no article text after cleaning"),
        ("doc", "h_good", str(tmp_path / "h_good.html")),
        (
            "error",
            str(unsupported),
            "unsupported file type .pdf; expected .txt, .md, .html, .htm, .jsonl",
        ),
    ]
    for r in results:
        if isinstance(r, InputError):
            assert "\n" not in str(r)
            assert str(r).startswith("[KG100] ")


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffHarbour reopens\n\nThe harbour reopened.".encode(),
        "\ufeffHarbour reopens\n\nThe harbour reopened.".encode("utf-16-le"),
        "\ufeffHarbour reopens\r\n\r\nThe harbour reopened.".encode("utf-16-be"),
    ],
    ids=["utf-8-sig", "utf-16-le", "utf-16-be"],
)
def test_accepted_encodings(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    (doc,) = only_docs(docs_and_errors([path]))
    assert (doc.title, doc.text) == ("Harbour reopens", "Harbour reopens\n\nThe harbour reopened.")


# --- folders -----------------------------------------------------------------------


def test_folder_walk_order_and_filters(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in [
        "b.txt",
        "a.md",
        "sub/z.htm",
        "sub/deeper/y.jsonl",
        "sub/C.TXT",
        "c.html",
        ".hidden.txt",
        ".git/inside.txt",
        "notes.pdf",
        "readme",
        "data.json",
    ]:
        content = json.dumps({"text": "A line."}) if rel.endswith(".jsonl") else ARTICLE
        write(root / rel, content)
    results = docs_and_errors([root])
    assert [r.source for r in only_docs(results)] == [
        str(root / "a.md"),
        str(root / "b.txt"),
        str(root / "c.html"),
        str(root / "sub" / "C.TXT"),
        f"{root / 'sub' / 'deeper' / 'y.jsonl'}:1",
        str(root / "sub" / "z.htm"),
    ]
    assert docs_and_errors([root]) == results  # deterministic


def test_relative_folder_paths_are_joined_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "x.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    (doc,) = only_docs(docs_and_errors([Path("in")]))
    assert doc.source == str(Path("in") / "x.txt")


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / ".draft.txt", ARTICLE)
    (doc,) = only_docs(docs_and_errors([path]))
    assert doc.id == ".draft"
