"""Tests for the ingest stage (kg.ingest)."""

from __future__ import annotations

import inspect
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import SUFFIXES, clean_text, iter_documents
from kg.language import judge
from kg.records import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def docs_and_errors(paths: list[Path]) -> list[Document | InputError]:
    return list(iter_documents(paths))


def only_docs(results: list[Document | InputError]) -> list[Document]:
    docs = [r for r in results if isinstance(r, Document)]
    assert len(docs) == len(results), [str(r) for r in results if isinstance(r, InputError)]
    return docs


def summary(results: list[Document | InputError]) -> list[tuple[str, str, str]]:
    """("doc", id, source) or (error kind, source, reason) per result, in order."""
    rows = []
    for r in results:
        if isinstance(r, Document):
            rows.append(("doc", r.id, r.source))
        else:
            rows.append((r.kind, r.source, r.reason))
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
            " ".join(["the word"] * 20) + "\n\nSecond paragraph.",
            "story",
            " ".join(["the word"] * 20) + "\n\nSecond paragraph.",
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
            "malformed",
            f"{path}:5",
            "bad JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
        ("malformed", f"{path}:6", "no 'text' field"),
        ("empty", f"{path}:7", "empty text"),
        ("malformed", f"{path}:8", "line is not a JSON object"),
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
        b"\xef\xbb\xbf"
        + good
        + b"\r\n"
        + b'{"text": "caf\xe9 \x93au lait\x94"}\r\n'
        + b"\r\n"
        + bytes(range(1, 9)) * 10
        + b"\n"
        + good
        + b"\n"
    )
    results = docs_and_errors([path])
    assert summary(results) == [
        ("doc", "mixed-1", f"{path}:1"),
        ("doc", "mixed-2", f"{path}:2"),
        ("binary", f"{path}:4", "binary data (99% control characters)"),
        ("doc", "mixed-5", f"{path}:5"),
    ]
    second = results[1]
    assert isinstance(second, Document) and second.text == "café “au lait”"


def test_jsonl_utf16(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [json.dumps({"id": n, "text": f"Story number {n}."}) for n in ("a", "b")]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    docs = only_docs(docs_and_errors([path]))
    assert [(d.id, d.text) for d in docs] == [("a", "Story number a."), ("b", "Story number b.")]


def test_jsonl_title_truncated(tmp_path: Path) -> None:
    long_line = "The word " * 30
    path = write(tmp_path / "long.jsonl", json.dumps({"text": long_line.strip()}) + "\n")
    (doc,) = only_docs(docs_and_errors([path]))
    assert len(doc.title) <= 120
    assert doc.title.endswith("…")


def test_empty_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.jsonl", "\n  \n")
    assert summary(docs_and_errors([path])) == [("empty", str(path), "empty file")]


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
    pdf_reason = "unsupported file type .pdf; expected .txt, .md, .html, .htm, .jsonl"
    assert rows == [
        ("io", str(missing), "no such file or directory"),
        ("doc", "a_good", str(tmp_path / "a_good.txt")),
        ("empty", str(tmp_path / "b_empty.txt"), "empty file"),
        ("empty", str(tmp_path / "c_blank.md"), "empty file"),
        ("binary", str(tmp_path / "d_binary.txt"), "binary file"),
        ("doc", "e_latin1", str(tmp_path / "e_latin1.txt")),
        ("doc", "f_utf16_nobom", str(tmp_path / "f_utf16_nobom.txt")),
        ("empty", str(tmp_path / "g_furniture_only.txt"), "no article text after cleaning"),
        ("doc", "h_good", str(tmp_path / "h_good.html")),
        ("unsupported", str(unsupported), pdf_reason),  # met in the folder
        ("unsupported", str(unsupported), pdf_reason),  # and given by name
    ]
    for r in results:
        if isinstance(r, InputError):
            assert "\n" not in str(r)
            assert str(r).startswith("[KG100] ")
    latin1, utf16 = results[5], results[6]
    assert isinstance(latin1, Document) and latin1.text == "Café au lait in Kelvingate."
    assert isinstance(utf16, Document) and utf16.text == "Plain words here."


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffHarbour reopens\n\nThe harbour reopened.".encode(),
        "\ufeffHarbour reopens\n\nThe harbour reopened.".encode("utf-16-le"),
        "\ufeffHarbour reopens\r\n\r\nThe harbour reopened.".encode("utf-16-be"),
        "Harbour reopens\n\nThe harbour reopened.".encode("utf-16-le"),
        "Harbour reopens\n\nThe harbour reopened.".encode("utf-16-be"),
        "Harbour reopens\n\nThe harbour reopened.".encode("utf-32"),
        "Harbour reopens\n\nThe harbour reopened.".encode("cp1252"),
    ],
    ids=[
        "utf-8-sig",
        "utf-16-le",
        "utf-16-be",
        "utf-16-le-no-bom",
        "utf-16-be-no-bom",
        "utf-32",
        "cp1252",
    ],
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
    assert [(r.kind if isinstance(r, InputError) else "doc", r.source) for r in results] == [
        ("doc", str(root / "a.md")),
        ("doc", str(root / "b.txt")),
        ("doc", str(root / "c.html")),
        ("unsupported", str(root / "data.json")),
        ("unsupported", str(root / "notes.pdf")),
        ("unsupported", str(root / "readme")),
        ("doc", str(root / "sub" / "C.TXT")),
        ("doc", f"{root / 'sub' / 'deeper' / 'y.jsonl'}:1"),
        ("doc", str(root / "sub" / "z.htm")),
    ]
    assert [str(r) for r in docs_and_errors([root])] == [str(r) for r in results]  # same order


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


# --- encodings and invisible characters (issue #8) ---------------------------------

SENTENCE = "The quay reopened on Monday after the storm, the harbour master said."


def test_windows_1252_and_mixed_encodings(tmp_path: Path) -> None:
    quote = "\u201cWe will reopen the quay,\u201d said Ren\u00e9e Okafor \u2014 on Monday."
    (tmp_path / "a_cp1252.txt").write_bytes(quote.encode("cp1252"))
    mixed = "Jos\u00e9 Garc\u00eda said the quay was safe. ".encode() + quote.encode("cp1252")
    (tmp_path / "b_mixed.txt").write_bytes(mixed)
    a, b = only_docs(docs_and_errors([tmp_path]))
    assert a.text == quote
    assert b.text == "José García said the quay was safe. " + quote


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (
            "Мост через реку закрыт на ремонт до понедельника, сообщили власти.".encode("cp1251"),
            "encoding",
            "not UTF-8 text, and too many bytes outside ASCII (96%) for Windows-1252:"
            " unknown encoding",
        ),
        (b"\xff\xfe" + b"\x00\xd8" * 20, "encoding", "invalid UTF-16/UTF-32 text"),
        (bytes(range(1, 9)) * 40, "binary", "binary data (100% control characters)"),
        (b"\x00\x01\x02\xff" * 20, "binary", "binary data (75% control characters)"),
        (b"\x00\xff" * 64, "binary", "binary data (50% control characters)"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "binary", "binary file"),
        (b"\xef\xbb\xbf", "empty", "empty file"),
        (" \n\t\n".encode("utf-16"), "empty", "empty file"),
    ],
    ids=[
        "cp1251",
        "utf-16-lone-surrogates",
        "controls",
        "nul-bytes",
        "nul-bytes-like-utf-16",
        "pdf",
        "bom-only",
        "blank",
    ],
)
def test_rejected_bytes(tmp_path: Path, data: bytes, kind: str, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert summary(docs_and_errors([path])) == [(kind, str(path), reason)]


def test_invisible_characters_removed_from_text_and_metadata(tmp_path: Path) -> None:
    name = "Ma\u200brkus\u202e Le\u200dnz\u2066"
    write(
        tmp_path / "a.txt",
        f"Harbour\u200f news\u202a\n\n{name} said\x07 on Monday that the bridge\u061c would"
        " reopen.\x1b\n",
    )
    row = {
        "id": "a\u200bb",
        "title": "Quay\u2067 reopens\x00",
        "outlet": "Harbour\u200e Herald\u2069",
        "text": f"{name} said that the quay would reopen.\ud800",
    }
    write(tmp_path / "b.jsonl", json.dumps(row) + "\n")
    txt, jsonl = only_docs(docs_and_errors([tmp_path]))
    assert txt.title == "Harbour news"
    assert txt.text == "Harbour news\n\nMarkus Lenz said on Monday that the bridge would reopen."
    assert (jsonl.id, jsonl.title, jsonl.outlet) == ("ab", "Quay reopens", "Harbour Herald")
    assert jsonl.text == "Quay reopens\n\nMarkus Lenz said that the quay would reopen."


def test_every_control_format_and_surrogate_character_is_removed() -> None:
    kept = "\t\n\r\x0b\x0c\x85"  # whitespace: becomes spaces and newlines
    removed = [
        chr(cp)
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Cs") and chr(cp) not in kept
    ]
    assert "\u202e" in removed and "\u200d" in removed and "\U000e0041" in removed
    assert clean_text("a" + "a".join(removed) + "a") == "a" * (len(removed) + 1)


def test_no_combining_mark_is_a_word_or_space_character() -> None:
    """So the cut of long runs of punctuation bounds every run of combining marks."""
    word_or_space = re.compile(r"[\w\s]")
    assert not any(
        unicodedata.combining(chr(cp)) and word_or_space.match(chr(cp)) for cp in range(0x110000)
    )


def test_long_runs_of_combining_marks_are_cut_in_linear_time() -> None:
    marks = "\u0316\u0300"  # two classes: NFC must reorder every pair
    start = time.perf_counter()
    text = clean_text(f"Lenz{marks * 100_000} spoke.")
    assert time.perf_counter() - start < 2
    assert text == unicodedata.normalize("NFC", f"Lenz{marks}{marks[0]} spoke.")


def test_long_runs_of_punctuation_are_cut() -> None:
    """spaCy's tokenizer takes seconds over a few thousand "#" without a space."""
    text = f"Lenz said {'#' * 10_000} and {'(-' * 30}{'_' * 30} left!!!"
    assert clean_text(text) == "Lenz said ### and (-( left!!!"


# --- hostile markup ----------------------------------------------------------------

N = 100_000
HOSTILE_HTML = {
    "deep": "<div>" * N + f"<p>{SENTENCE}</p>" + "</div>" * N,
    "deep-unclosed": "<div>" * N + f"<p>{SENTENCE}",
    "deep-stray-end-tags": "<div>" * N + f"<p>{SENTENCE}</p>" + "</span>" * N,
    "misnested": "<b><i>" * (N // 2) + f"<p>{SENTENCE}</p>" + "</b></i>" * (N // 2),
    "huge-attribute": '<p title="' + "x" * (10 * N) + f'">{SENTENCE}</p>',
    "unclosed-attribute": f"<p>{SENTENCE}</p><p title='" + "x" * (10 * N),
    "open-tags": f"<p>{SENTENCE}</p>" + "<a " * N,
    "open-attributes": f"<p>{SENTENCE}</p>" + "<a b=" * N,
    "open-end-tags": f"<p>{SENTENCE}</p>" + "</a" * N,
    "open-comments": f"<p>{SENTENCE}</p>" + "<!--" * N,
    "unclosed-comment": f"<p>{SENTENCE}</p><!-- <p>hidden</p>" + " hidden" * N,
    "unclosed-script": f"<p>{SENTENCE}</p><script>" + "if (a < b) { x(); }" * N,
    "declarations": f"<p>{SENTENCE}</p>" + "<![CDATA[" * N + "<!x" * N + "<![if x]" * N,
    "processing-instructions": f"<p>{SENTENCE}</p>" + "<?" * N,
    "lone-brackets": f"<p>{SENTENCE}</p>" + "<" * N,
}


@pytest.mark.parametrize("markup", HOSTILE_HTML.values(), ids=HOSTILE_HTML.keys())
def test_hostile_html_parses_in_linear_time(tmp_path: Path, markup: str) -> None:
    path = write(tmp_path / "page.html", markup)
    start = time.perf_counter()
    (doc,) = only_docs(docs_and_errors([path]))
    assert time.perf_counter() - start < 10  # quadratic parsing takes many minutes here
    assert doc.text == SENTENCE


def test_html_scripts_styles_navigation_and_comments_removed(tmp_path: Path) -> None:
    page = (
        "<html><head><style>p { color: red }</style><script>var s = '<p>no</p>';</script>"
        "</head><body><nav><p>Home News Sport Weather</p></nav><!-- <p>old text</p> -->"
        f"<div role='navigation'>Next story</div><p>{SENTENCE}</p><noscript>Enable JS</noscript>"
        "<script>document.write('<p>late</p>')</script><footer>About us</footer></body></html>"
    )
    (doc,) = only_docs(docs_and_errors([write(tmp_path / "page.html", page)]))
    assert doc.text == SENTENCE


def test_html_only_furniture_is_empty(tmp_path: Path) -> None:
    page = "<nav><a href='/'>Home</a></nav><script>x()</script><style>a{}</style><!-- note -->"
    path = write(tmp_path / "page.html", page)
    assert summary(docs_and_errors([path])) == [
        ("empty", str(path), "no article text after cleaning")
    ]


M = 20_000  # the unbounded patterns took over 10 s at this size, the bounded 0.1 s
HOSTILE_MARKDOWN = {
    "bold": "**a " * M,
    "emphasis": "_a " * M,
    "links": "[a](" * M,
    "brackets": "[" * M,
    "backticks": "`" * M,
    "autolinks": "<http:" * M,
    "heading-spaces": "# a" + " " * (10 * M) + "b",
    "table-spaces": "|" + " " * (10 * M) + "x",
    "hard-breaks": "a  \n" * M,
    "mixed": "*_[`~<!" * M,
}


@pytest.mark.parametrize("markdown", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_hostile_markdown_reads_in_linear_time(tmp_path: Path, markdown: str) -> None:
    path = write(tmp_path / "note.md", f"# {SENTENCE}\n\n{markdown}\n")
    start = time.perf_counter()
    (result,) = docs_and_errors([path])
    assert time.perf_counter() - start < 5
    assert isinstance(result, Document | InputError)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * N, "bad JSON: maximum recursion depth exceeded while decoding a JSON array"),
        ('{"text": ' * N, "bad JSON: maximum recursion depth exceeded while decoding a JSON"),
        ('{"text": "a", "id": ' + "1" * 5000 + "}", "bad JSON: Exceeds the limit (4300"),
    ],
    ids=["deep-array", "deep-object", "huge-integer"],
)
def test_hostile_json_lines(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path / "feed.jsonl", line + "\n")
    ((kind, source, message),) = summary(docs_and_errors([path]))
    assert (kind, source) == ("malformed", f"{path}:1")
    assert message.startswith(reason)


# --- language ----------------------------------------------------------------------

NASTY = Path(__file__).parent / "nasty"


def test_non_english_is_skipped_unless_asked() -> None:
    french = NASTY / "language-french.txt"
    ((kind, source, reason),) = summary(docs_and_errors([french]))
    assert (kind, source) == ("language", str(french))
    assert reason.startswith("not English: looks like French; 0% English function words")
    (doc,) = iter_documents([french], any_language=True)
    assert isinstance(doc, Document) and doc.title.startswith("La rivière")


def test_non_latin_script_is_not_english(tmp_path: Path) -> None:
    text = (
        "Мост через реку закрыт на ремонт до понедельника. Власти города сообщили, что "
        "движение по мосту будет восстановлено после проверки всех опор и перил."
    )
    path = write(tmp_path / "ru.txt", text)
    ((kind, _, reason),) = summary(docs_and_errors([path]))
    assert (kind, reason) == (
        "language",
        "not English: looks like Cyrillic script; 0% English function words over 23 words",
    )


def test_headline_only_is_not_judged(tmp_path: Path) -> None:
    path = write(tmp_path / "h.txt", "Brücke über den Fluss wird im Herbst eröffnet\n")
    (doc,) = only_docs(docs_and_errors([path]))
    assert doc.title == "Brücke über den Fluss wird im Herbst eröffnet"


def test_language_check_is_cheap() -> None:
    article = (NASTY / "good-ferry-timetable.txt").read_text(encoding="utf-8")
    text = (article * 13)[:10_000]
    start = time.perf_counter()
    for _ in range(50):
        assert judge(text).english
    assert (time.perf_counter() - start) / 50 < 0.005


# --- paths -------------------------------------------------------------------------


def test_links_that_cannot_be_followed_are_io_errors(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", ARTICLE)
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "gone.md").symlink_to("missing.md")
    (tmp_path / "up").symlink_to(tmp_path, target_is_directory=True)  # not walked twice
    assert summary(docs_and_errors([tmp_path, tmp_path / "loop.txt"])) == [
        ("io", str(tmp_path / "gone.md"), "broken symbolic link: no such file or directory"),
        ("doc", "good", str(tmp_path / "good.txt")),
        ("io", str(tmp_path / "loop.txt"), LOOP_REASON),
        ("io", str(tmp_path / "loop.txt"), LOOP_REASON),
    ]


LOOP_REASON = "broken symbolic link: too many levels of symbolic links"


def test_deep_folder_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    folder = tmp_path.joinpath(*["d"] * 300)
    folder.mkdir(parents=True)
    write(folder / "deep.txt", ARTICLE)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 100)  # far less than the tree is deep
    try:
        results = docs_and_errors([tmp_path])
    finally:
        sys.setrecursionlimit(limit)
    (doc,) = only_docs(results)
    assert doc.id == "deep"


def test_special_file_is_unsupported(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert summary(docs_and_errors([tmp_path])) == [
        ("unsupported", str(tmp_path / "pipe.txt"), "not a regular file or folder")
    ]
