"""Ingest stage: read .txt/.md/.html/.jsonl articles and clean them into Documents.

Every input ends in exactly one place: a :class:`~kg.records.Document`, or an
:class:`~kg.errors.InputError` whose ``kind`` (one of :data:`kg.errors.REASONS`) says why
not. Hostile input is expected: any bytes in any of the supported files give one of the
two, in time linear in the size of the input (no regular expression or parser step here
rescans the text from every position, and nothing recurses over the input's structure).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.language import judge
from kg.records import Document

__all__ = ["SUFFIXES", "clean_text", "count_inputs", "iter_documents"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")

# --------------------------------------------------------------------------------------
# Character normalisation
# --------------------------------------------------------------------------------------

# Characters removed from text and from every metadata value: C0 and C1 controls (tab,
# vertical tab, form feed and the other line breaks are mapped to spaces and newlines),
# every format character of Unicode (category Cf: the soft hyphen, zero-width spaces and
# joiners, the bidirectional marks, embeddings, overrides and isolates U+200E, U+200F,
# U+202A-U+202E, U+2066-U+2069 and U+061C, the byte-order mark, invisible operators,
# tag characters), lone surrogates (which JSON escapes such as "\ud800" produce and UTF-8
# cannot encode), U+FFFD (what is left of bytes that could not be decoded) and the
# noncharacters U+FFFE and U+FFFF. tests/test_ingest.py checks this list against the
# Unicode database of the running Python.
_REMOVED_RANGES = (
    (0x00, 0x08),
    (0x0E, 0x1F),
    (0x7F, 0x84),
    (0x86, 0x9F),
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0xFFFD, 0xFFFF),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)

_CHAR_MAP: dict[int, str | None] = {}
for _c in "\u2028\u2029\x0b\x0c\x85":
    _CHAR_MAP[ord(_c)] = "\n"
for _c in "\t\xa0\u1680\u202f\u205f\u3000" + "".join(chr(i) for i in range(0x2000, 0x200B)):
    _CHAR_MAP[ord(_c)] = " "
for _first, _last in _REMOVED_RANGES:
    for _i in range(_first, _last + 1):
        _CHAR_MAP[_i] = None
del _c, _i, _first, _last

_SPACES = re.compile(r" {2,}")

# Terminal colour and cursor codes (ESC [ ... letter) in pasted console text.
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]")
# A run of 50 or more marks that are neither letters, digits nor spaces is decoration
# ("=====", "#####") or garbage, and is cut to three: spaCy's tokenizer splits such a run
# one mark at a time, in time quadratic in its length (8,000 "#" take seconds), and NFC
# sorts a run of combining marks (none is a word character) in quadratic time too.
_PUNCTUATION_RUN = re.compile(r"(?:[^\w\s]|_){50,}")


def _normalise_chars(text: str) -> str:
    """Unix newlines, plain spaces, no control, format or zero-width characters, NFC."""
    if "\x1b" in text:
        text = _ANSI_ESCAPE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_MAP)
    text = _PUNCTUATION_RUN.sub(lambda m: m.group()[:3], text)
    return unicodedata.normalize("NFC", text)


def _inline(text: str) -> str:
    """A single-line metadata value: normalised and with whitespace collapsed."""
    return " ".join(_normalise_chars(text).split())


# --------------------------------------------------------------------------------------
# Furniture rules (matched on whole lines, or on short lines only)
# --------------------------------------------------------------------------------------

_SHORT = 8  # "short line": fewer words than this

_LANGUAGES = frozenset(
    {
        "english",
        "español",
        "espanol",
        "français",
        "francais",
        "deutsch",
        "italiano",
        "português",
        "portugues",
        "nederlands",
        "polski",
        "türkçe",
        "svenska",
        "dansk",
        "norsk",
        "suomi",
        "čeština",
        "magyar",
        "română",
        "русский",
        "українська",
        "ελληνικά",
        "עברית",
        "العربية",
        "فارسی",
        "हिन्दी",
        "中文",
        "日本語",
        "한국어",
        "bahasa indonesia",
        "tiếng việt",
    }
)

# Headings after which everything is related-article teasers.
_TEASER_HEADINGS = frozenset(
    {
        "you may also like",
        "you might also like",
        "you may be interested in",
        "related articles",
        "related stories",
        "related posts",
        "related news",
        "related content",
        "related coverage",
        "related reading",
        "related topics",
        "more stories",
        "more news",
        "more on this story",
        "more on this topic",
        "recommended",
        "recommended for you",
        "recommended stories",
        "recommended articles",
        "recommended reading",
        "read next",
        "what to read next",
        "up next",
        "most popular",
        "most read",
        "popular stories",
        "trending now",
        "trending stories",
        "around the web",
        "from around the web",
    }
)

# Whole lines (compared after _key()) that are never article text.
_EXACT = frozenset(
    {
        # share / social
        "share",
        "share this",
        "share this article",
        "share this story",
        "share this post",
        "share article",
        "shares",
        "tweet",
        "email",
        "e-mail",
        "email this",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "reddit",
        "pinterest",
        "telegram",
        "print",
        "copy link",
        "copy url",
        "link copied",
        "save",
        # comments
        "leave a reply",
        "leave a comment",
        "cancel reply",
        "post comment",
        "submit",
        "comment",
        "comments",
        "name",
        "email address",
        "website",
        # site chrome
        "privacy policy",
        "terms of use",
        "terms of service",
        "terms and conditions",
        "cookie policy",
        "cookie settings",
        "accept",
        "accept all",
        "accept cookies",
        "reject all",
        "loading",
        "exit mobile version",
        "advertisement",
        "advertisements",
        "sponsored",
        "sponsored content",
        "skip to content",
        "skip to main content",
        "back to top",
        "menu",
        "search",
        "home",
        "close",
        "sign in",
        "log in",
        "login",
        "register",
        "subscribe",
        "sign up",
        "newsletter",
        "follow us",
        "listen to this article",
        "all rights reserved",
        # links
        "read more",
        "continue reading",
        "related",
        "see also",
        "also read",
        # captions
        "image",
        "images",
        "photo",
        "photos",
        "picture",
        "video",
        "gallery",
    }
)

_SOCIAL_WORDS = frozenset(
    {
        "share",
        "tweet",
        "email",
        "e-mail",
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "whatsapp",
        "reddit",
        "pinterest",
        "telegram",
        "print",
        "copy",
        "link",
        "messenger",
        "flipboard",
        "bluesky",
        "threads",
        "mastodon",
        "sms",
        "save",
        "comment",
        "comments",
    }
)

# Prefixes of short lines (< _SHORT words).
_SHORT_PREFIXES = (
    "share on ",
    "share via ",
    "share this ",
    "click to share",
    "follow us ",
    "sign up ",
    "subscribe ",
    "subscribe:",
    "posted in ",
    "posted on ",
    "posted by ",
    "filed under",
    "published on ",
    "published:",
    "updated:",
    "last updated",
    "tags:",
    "tagged ",
    "topics:",
    "categories:",
    "category:",
    "read more ",
    "click here",
    "copyright ",
    "©",
    "(c) ",
    "photo by ",
    "photo credit",
    "image credit",
    "image source",
    "image caption",
    "watch the video",
)

# Prefixes that mark a line as furniture at any length (up to _LONG words).
_LONG = 40
_LONG_PREFIXES = (
    "your email address will not be published",
    "required fields are marked",
    "save my name, email",
    "you must be logged in to post a comment",
    "notify me of follow-up comments",
    "notify me of new posts",
    "this site uses akismet",
    "by continuing to use this site",
    "by continuing to browse",
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "get our newsletter",
    "related:",
    "read more:",
    "read also:",
    "also read:",
    "see also:",
    "recommended:",
    "reporting by ",
    "additional reporting by ",
    "editing by ",
    "photo:",
    "photograph:",
    "image:",
    "picture:",
    "pictured:",
    "caption:",
)

_KEY_LEAD = " \t•·|>*#»›→-–—"
_KEY_TRAIL = " \t.…:*!|»›→-–—"

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_WORDS = (
    _MONTHS,
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?",
    r"sat(?:urday)?|sun(?:day)?",
    r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?::\d{2})?|a\.?m\.?|p\.?m\.?",
    r"\d{4}-\d{2}-\d{2}(?:t[\d:.+z-]*)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}",
    r"gmt|utc|bst|cet|cest|et|est|edt|pt|pst|pdt|ct|cst|cdt",
    r"updated|published|posted|on|at|last|[,./|:()-]+",
)
_DATE_TOKEN = re.compile("^(?:" + "|".join(_DATE_WORDS) + ")$")
_DATE_ANCHOR = re.compile(
    r"\b(?:" + _MONTHS + r")\b|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}"
)
_READ_TIME = re.compile(r"^\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)\s+read$")
_COMMENT_COUNT = re.compile(r"^(?:\d+\s+comments?|comments?\s*\(\d+\)|\(\d+\)\s*comments?)$")
_SLIDE_COUNT = re.compile(r"^(?:image|photo|picture|slide)\s+\d+\s+of\s+\d+$")
_BYLINE = re.compile(r"^By\s+(?:[A-Z][\w.'’-]*\s+)+[A-Z]")
_PHOTO_CREDIT = re.compile(
    r"^(?P<pre>.*?)\s*[\[(]\s*(?:[\w.]+\s+){0,2}"
    r"(?:photos?|images?|pictures?|photograph|credit|courtesy|file photo)\b[^\[\]()]*[\])]\s*$",
    re.IGNORECASE,
)
_HAS_ALNUM = re.compile(r"\w")


def _key(line: str) -> str:
    """A line reduced for furniture matching: lower case, no bullets or end punctuation."""
    key = line.casefold().replace("’", "'").strip(_KEY_LEAD).rstrip(_KEY_TRAIL)
    return _SPACES.sub(" ", key)


def _is_date_line(key: str) -> bool:
    tokens = key.replace(",", " , ").split()
    return (
        0 < len(tokens) <= 12
        and _DATE_ANCHOR.search(key) is not None
        and all(_DATE_TOKEN.match(t) for t in tokens)
    )


def _is_teaser_heading(key: str) -> bool:
    return key in _TEASER_HEADINGS or (key.startswith("more from ") and len(key.split()) < _SHORT)


def _is_furniture(line: str, key: str) -> bool:
    """True for a page-furniture line (never for a real sentence)."""
    if not _HAS_ALNUM.search(line):
        return True  # separators such as "* * *" or "|"
    if key in _EXACT or key in _LANGUAGES or _is_teaser_heading(key):
        return True
    words = key.split()
    n = len(words)
    tokens = re.split(r"[\s|/•·,]+", key)
    if n <= 12 and all(t in _SOCIAL_WORDS for t in tokens if t):
        return True
    if n < _SHORT and (
        key.startswith(_SHORT_PREFIXES)
        or "advertisement" in key
        or _READ_TIME.match(key)
        or _COMMENT_COUNT.match(key)
        or _SLIDE_COUNT.match(key)
        or _is_date_line(key)
    ):
        return True
    if n <= _LONG and key.startswith(_LONG_PREFIXES):
        return True
    if n < 12 and not line.endswith(".") and _BYLINE.match(line):
        return True
    credit = _PHOTO_CREDIT.match(line)
    return credit is not None and len(credit.group("pre").split()) <= 20


def clean_text(text: str) -> str:
    """Clean article text: normalise characters and whitespace, drop page furniture.

    Newlines become ``\\n``; NBSP, tabs and other odd spaces become plain spaces;
    control and zero-width characters go; runs of spaces collapse; the text is NFC.
    Furniture lines (share buttons, comment forms, cookie and newsletter banners,
    captions, bylines and date lines, ...) are dropped; a teaser heading such as
    "You May Also Like" drops everything after it, once some article text was kept.
    Paragraphs are separated by exactly one blank line; lines inside a paragraph
    stay on their own lines.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    seen_sentence = False
    for raw in _normalise_chars(text).split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        key = _key(line)
        if seen_sentence and _is_teaser_heading(key):
            break
        if _is_furniture(line, key):
            continue
        current.append(line)
        if len(line.split()) >= _SHORT:
            seen_sentence = True
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(p) for p in paragraphs)


# --------------------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------------------

_TITLE_MAX_CHARS = 160
_TITLE_MAX_WORDS = 25
_DERIVED_TITLE_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


def _looks_like_headline(line: str) -> bool:
    """Short, has letters, and does not end like a sentence or a fragment."""
    if len(line) > _TITLE_MAX_CHARS or len(line.split()) > _TITLE_MAX_WORDS:
        return False
    if not any(c.isalpha() for c in line):
        return False
    tail = line.rstrip("\"'”’)]»")
    return not tail.endswith((".", ",", ";", ":", "…"))


def _comparable(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _with_title(title: str, text: str) -> str:
    """The text with the title as its first paragraph (unless it already starts so)."""
    first = text.split("\n", 1)[0]
    want = _comparable(title)
    if want and _comparable(first).startswith(want):
        return text
    return f"{title}\n\n{text}"


def _derived_title(text: str) -> str:
    """A headline-like first line, else the first sentence, else the start (<= 120 chars)."""
    first = text.split("\n", 1)[0].strip()
    if len(first) <= _DERIVED_TITLE_CHARS and _looks_like_headline(first):
        return first
    sentence = _SENTENCE_END.split(first, 1)[0].strip()
    if len(sentence) <= _DERIVED_TITLE_CHARS:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = first[: _DERIVED_TITLE_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


class _Reject(Exception):
    """Internal: this input cannot be read as an article (message = one-line reason)."""

    def __init__(self, message: str, kind: str = "malformed") -> None:
        super().__init__(message)
        self.kind = kind  # one of kg.errors.REASONS


@dataclass(slots=True)
class _Article:
    text: str
    title: str
    doc_id: str | None = None
    source: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


# ---- bytes to text ------------------------------------------------------------------

# Signatures of common binary formats that could carry a text suffix by mistake.
_MAGIC = (
    b"\x89PNG",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"\xfd7zXZ",
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_SNIFF = 8192  # bytes looked at for signatures, NULs and UTF-16 without a BOM
_MAX_CONTROL_SHARE = 0.05  # more control characters than this: binary
_MAX_REPLACED_SHARE = 0.01  # more undecodable UTF-16/32 units than this: bad encoding
_MAX_FALLBACK_SHARE = 0.2  # more non-UTF-8 bytes than this (of non-space chars): unknown
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NOT_ASCII_TEXT = re.compile("[^\t\n\r -~]")

# Windows-1252, with its five undefined bytes read as the Latin-1 (C1) controls.
_CP1252 = "".join(
    char if char != "\ufffd" else chr(byte)
    for byte, char in enumerate(bytes(range(256)).decode("cp1252", "replace"))
)


def _bom_encoding(head: bytes) -> str | None:
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


def _utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when NUL bytes sit at every other position and the
    characters they make are mostly printable ASCII, as for text in the Latin script
    written as UTF-16 without a byte-order mark (and not for binary data with NULs)."""
    sample = head[: len(head) // 2 * 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.6 * half and even <= 0.05 * half:
        encoding = "utf-16-le"
    elif even >= 0.6 * half and odd <= 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    text = sample.decode(encoding, "replace")
    printable = len(_NOT_ASCII_TEXT.sub("", text))
    return encoding if printable >= 0.7 * len(text) else None


def _wide_encoding(head: bytes) -> str | None:
    """The encoding of bytes that start like UTF-16/32 (BOM or NUL pattern), or None.

    Raises _Reject for a binary signature.
    """
    if head.startswith(_MAGIC):
        raise _Reject("binary file", "binary")
    encoding = _bom_encoding(head)
    if encoding is not None:
        return None if encoding == "utf-8-sig" else encoding
    return _utf16_without_bom(head) if b"\x00" in head else None


def _utf8_or_cp1252(data: bytes) -> tuple[str, int]:
    """UTF-8, with every byte that is not part of a valid UTF-8 sequence read as
    Windows-1252; and how many bytes needed that fallback."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    fallback = pos = 0
    view = memoryview(data)
    while pos < len(data):
        try:
            parts.append(codecs.utf_8_decode(view[pos:], "strict", True)[0])
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            parts.append(codecs.utf_8_decode(view[pos:start], "strict", True)[0])
            parts.append("".join(_CP1252[byte] for byte in data[start:end]))
            fallback += end - start
            pos = end
    return "".join(parts), fallback


def _check_text(text: str, *, fallback: int = 0, replaced: bool = False) -> str:
    """``text`` if it reads as text; raises _Reject (binary, encoding) otherwise.

    ``fallback``: bytes read as Windows-1252; ``replaced``: decoded with U+FFFD for
    undecodable units (UTF-16/32).
    """
    size = max(len(text), 1)
    controls = len(text) - len(_CONTROLS.sub("", text))
    if controls > _MAX_CONTROL_SHARE * size:
        raise _Reject(f"binary data ({controls / size:.0%} control characters)", "binary")
    if replaced and text.count("\ufffd") > _MAX_REPLACED_SHARE * size:
        raise _Reject("invalid UTF-16/UTF-32 text", "encoding")
    if fallback:
        visible = max(len(text) - text.count(" ") - text.count("\n"), 1)
        if fallback > _MAX_FALLBACK_SHARE * visible:
            raise _Reject(
                f"not UTF-8 text, and too many bytes outside ASCII ({fallback / visible:.0%})"
                " for Windows-1252: unknown encoding",
                "encoding",
            )
    return text


def _decode(data: bytes) -> str:
    """Text from the bytes of a whole file; raises _Reject (empty, binary, encoding).

    The rule, in order (deterministic, and linear in the size of the file):

    1. No bytes, or only ASCII whitespace: empty. A known binary signature (PNG, PDF,
       ZIP, gzip, JPEG, ...): binary.
    2. A byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE.
    3. NUL bytes at every other position of the first 8 kB: UTF-16 without a BOM (LE or
       BE by the side of the NULs), as for text in the Latin script.
    4. Otherwise UTF-8, where every byte that is not part of a valid UTF-8 sequence is
       read as Windows-1252 (a superset of the printable part of Latin-1). Valid UTF-8
       is almost never produced by accident, so the rule reads UTF-8 files, Latin-1 and
       Windows-1252 files (smart quotes and all) and files that mix the two (a UTF-8
       article with a pasted Windows-1252 quote) correctly.
    5. The result must look like text: at most 5% control characters, NUL included
       (else binary: random bytes give over 10%, while a stray NUL or escape sequence in
       an article is removed with the other controls), at most 1% undecodable UTF-16/32
       units, and at most 20% of the non-space characters read through the Windows-1252
       fallback (Western European text in Windows-1252 has a few percent; more means
       another 8-bit code page, e.g. Cyrillic or Greek, reported as an unknown encoding
       rather than turned into mojibake).

    A general charset detector (charset-normalizer 3.x) was tried and not used: on short
    Windows-1252 news sentences it chose related code pages instead (cp1250, and cp775
    for German, turning "Bürgermeister" into "B³rgermeister"), and the code pages it
    would add (Cyrillic, Greek, CJK) carry text that is not English, which the language
    check skips anyway.
    """
    if not data.strip():
        raise _Reject("empty file", "empty")
    head = data[:_SNIFF]
    encoding = _wide_encoding(head)
    if encoding is not None:
        text = _check_text(data.decode(encoding, "replace"), replaced=True)
    else:
        text, fallback = _utf8_or_cp1252(data.removeprefix(b"\xef\xbb\xbf"))
        text = _check_text(text, fallback=fallback)
    if not text.strip():
        raise _Reject("empty file", "empty")
    return text


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Reject(_os_reason(exc), "io") from None
    return _decode(data)


def _require_text(text: str) -> str:
    if not text:
        raise _Reject("no article text after cleaning", "empty")
    return text


# ---- .txt ---------------------------------------------------------------------------


def _parse_txt(path: Path) -> _Article:
    text = _require_text(clean_text(_read_text(path)))
    first, _, rest = text.partition("\n")
    if _looks_like_headline(first):
        if rest and not rest.startswith("\n"):
            text = f"{first}\n\n{rest}"
        return _Article(text=text, title=first)
    return _Article(text=text, title=path.stem)


# ---- .md ----------------------------------------------------------------------------

_FRONT_KEYS = ("title", "outlet", "published", "url", "id")
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_MD_SETEXT = re.compile(r"^ {0,3}=+ *$")
_MD_HEADING = re.compile(r" {0,3}#{1,6}(?=[ \t]|$)")
_MD_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_MD_QUOTE = re.compile(r"^ {0,3}(?:> ?)+")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_MD_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")  # line stripped
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
# Spans are bounded (300 characters of text, 2,000 of link target) so that every match
# attempt costs at most a constant: unbounded spans rescan the rest of the line from
# every "*", "[" or "`", quadratic in the length of the line. Longer spans keep their
# markup.
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`{1,16}([^`]{1,300})`{1,16}"), r"\1"),
    (re.compile(r"!\[[^\]]{0,300}\]\((?:[^()]|\([^)]{0,300}\)){0,2000}\)"), ""),
    (re.compile(r"!\[[^\]]{0,300}\]\[[^\]]{0,300}\]"), ""),
    (re.compile(r"\[([^\]]{0,300})\]\((?:[^()]|\([^)]{0,300}\)){0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\]]{1,300})\]\[[^\]]{0,300}\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,60}(?:\s[^<>]{0,2000})?/?>"), ""),
    (re.compile(r"(\*\*\*|___)(?=\S)(.{1,300}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,300}?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=[^\s_])(.{1,300}?)(?<=[^\s_])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.{1,300}?)(?<=\S)~~"), r"\1"),
)
_MD_MARKUP = re.compile(r"[\\`*_\[<~" "\ue000-\ue07f]")  # a line without these is plain text
_PUA = 0xE000  # escaped characters hide here while emphasis is stripped


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            meta: dict[str, str] = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                key = key.strip().lower()
                if sep and key and not key.startswith("#"):
                    value = _inline(_unquote(value))
                    if value:
                        meta[key] = value
            return meta, "\n".join(lines[end + 1 :])
    return {}, text


def _md_heading(line: str) -> str | None:
    """The text of an ATX heading line ("## Title ##" -> "Title"), or None."""
    opener = _MD_HEADING.match(line)
    if opener is None:
        return None
    text = line[opener.end() :].strip(" \t")
    closed = text.rstrip("#")
    if not closed or closed.endswith((" ", "\t")):  # a closing run of "#" after a space
        text = closed.rstrip(" \t")
    return text


def _md_inline(line: str) -> str:
    if not _MD_MARKUP.search(line):
        return line.rstrip()
    line = _MD_ESCAPE.sub(lambda m: chr(_PUA + ord(m.group(1))), line)
    for pattern, repl in _MD_INLINE:
        line = pattern.sub(repl, line)
    line = re.sub(r"\\$", "", line.rstrip())
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _PUA), line)


def _strip_markdown(body: str) -> tuple[str, str | None]:
    """Plain text of a Markdown body, and the heading if the body starts with one.

    Soft-wrapped lines of a paragraph are joined with a space; headings, list items,
    quotes and hard line breaks start new lines.
    """
    out: list[str] = []
    first_heading: str | None = None
    seen_content = False
    joinable = False  # may the next plain line continue the last output line?
    fence: str | None = None
    for line in body.split("\n"):
        opener = _MD_FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            out.append("")
            joinable = False
            continue
        if (
            not line.strip()
            or _MD_RULE.match(line)
            or _MD_SETEXT.match(line)
            or _MD_TABLE_RULE.fullmatch(line.strip())
        ):
            out.append("")
            joinable = False
            continue
        if _MD_LINK_DEF.match(line):
            continue
        heading = _md_heading(line)
        if heading is not None:
            text = _md_inline(heading).strip()
            if text and not seen_content:
                first_heading = _inline(text)
            seen_content = seen_content or bool(text)
            out.extend(("", text, ""))
            joinable = False
            continue
        hard_break = line.endswith(("  ", "\\"))
        starts_block = bool(_MD_QUOTE.match(line) or _MD_LIST.match(line))
        text = _md_inline(_MD_LIST.sub("", _MD_QUOTE.sub("", line))).strip()
        seen_content = seen_content or bool(text)
        if joinable and not starts_block and out and out[-1]:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        joinable = not hard_break
    return "\n".join(out), first_heading


def _parse_md(path: Path) -> _Article:
    raw = _read_text(path).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = _split_front_matter(raw)
    plain, heading = _strip_markdown(body)
    text = _require_text(clean_text(plain))
    title = meta.get("title") or heading
    if not title:
        first = text.split("\n", 1)[0]
        title = first if _looks_like_headline(first) else None
    if title:
        text = _with_title(title, text)
    else:
        title = path.stem
    return _Article(
        text=text,
        title=title,
        doc_id=meta.get("id"),
        outlet=meta.get("outlet"),
        published=meta.get("published") or meta.get("date"),
        url=meta.get("url"),
    )


# ---- .html --------------------------------------------------------------------------

_HTML_SKIP = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "figure",
        "figcaption",
        "button",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "textarea",
        "dialog",
    }
)
_HTML_SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog"})
_HTML_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tr",
        "ul",
    }
)
_HTML_CELL = frozenset({"td", "th"})
_HTML_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_META_KEYS = {
    "og:title": "title",
    "og:site_name": "outlet",
    "article:published_time": "published",
    "og:url": "url",
}


class _Collector:
    """Text of a region: lines inside blocks, blocks separated by blank lines."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.lines: list[str] = []
        self.parts: list[str] = []
        self.size = 0

    def text(self, data: str) -> None:
        self.parts.append(data)

    def line_break(self) -> None:
        line = " ".join("".join(self.parts).split())
        self.parts = []
        if line:
            self.lines.append(line)
            self.size += len(line)
        elif self.lines:  # <br><br>: a paragraph break
            self.block_break()

    def block_break(self) -> None:
        if self.parts:
            self.line_break()
        if self.lines:
            self.blocks.append("\n".join(self.lines))
            self.lines = []

    def result(self) -> str:
        self.block_break()
        return "\n\n".join(self.blocks)


class _Capped:
    """Text kept up to a cap: an unclosed <title> or <h1> runs to the end of the page."""

    def __init__(self, cap: int = 1000) -> None:
        self.parts: list[str] = []
        self.room = cap

    def add(self, data: str) -> None:
        if self.room > 0:
            self.parts.append(data[: self.room])
            self.room -= len(self.parts[-1])

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Open:
    tag: str
    skip: bool
    article: bool


class _PageParser(HTMLParser):
    """The page's text, title, h1 and metadata, from the standard library's parser.

    Time stays linear in the size of the page whatever the markup:

    - open elements are counted by tag name, so an end tag that matches nothing costs
      O(1) however deep the nesting (100,000 levels are fine), and closing an element
      pops each open element once; nothing recurses;
    - at the end of the input, an unterminated tag, comment, declaration or processing
      instruction runs to the end of the input and is dropped, as in the HTML standard.
      Python 3.11's HTMLParser instead re-reads it as text and scans the rest of the
      input again from the next "<", quadratic for input such as ``"<a " * 100_000``
      (fixed upstream, CPython gh-135462, in later patch releases);
    - ``<!...>`` other than comments ends at the next ">" (HTML's "bogus comment"); the
      SGML declaration parser behind the default raises on malformed input.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.open_tags: Counter[str] = Counter()
        self.at_eof = False
        self.skipping = 0
        self.meta: dict[str, str] = {}
        self.title: _Capped | None = None
        self.title_done = False
        self.h1: _Capped | None = None
        self.h1_done = False
        self.body = _Collector()
        self.articles: list[_Collector] = []
        self.article: _Collector | None = None

    # -- tokenizer: unterminated constructs at the end of the input ---------------------

    def _to_end(self, end: int) -> int:
        return len(self.rawdata) if end < 0 and self.at_eof else end

    def parse_starttag(self, i: int) -> int:
        if self.at_eof and self.check_for_whole_start_tag(i) < 0:
            return len(self.rawdata)
        return super().parse_starttag(i)

    def parse_endtag(self, i: int) -> int:
        return self._to_end(super().parse_endtag(i))

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._to_end(super().parse_comment(i, report))

    def parse_bogus_comment(self, i: int, report: bool = True) -> int:
        return self._to_end(super().parse_bogus_comment(i, report))

    def parse_pi(self, i: int) -> int:
        return self._to_end(super().parse_pi(i))

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<!--", i):
            return self.parse_comment(i)
        end = self.rawdata.find(">", i + 2)
        return self._to_end(end + 1 if end >= 0 else -1)

    # -- tree ----------------------------------------------------------------------------

    def _collectors(self) -> list[_Collector]:
        return [self.body] if self.article is None else [self.body, self.article]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").strip().lower()
            content = _inline(values.get("content", ""))
            if key in _META_KEYS and content:
                self.meta.setdefault(_META_KEYS[key], content)
            return
        if tag == "link":
            if "canonical" in values.get("rel", "").lower().split() and values.get("href"):
                self.meta.setdefault("canonical", _inline(values["href"]))
            return
        if tag == "br" or tag == "hr":
            for c in [] if self.skipping else self._collectors():
                if tag == "br":
                    c.line_break()
                else:
                    c.block_break()
            return
        if tag in _HTML_VOID:
            return
        if tag == "body":
            self._close_to("head")
        skip = (
            tag in _HTML_SKIP
            or "hidden" in values
            or values.get("aria-hidden", "").lower() == "true"
            or values.get("role", "").lower() in _HTML_SKIP_ROLES
        )
        is_article = tag == "article" and not self.skipping and not skip and self.article is None
        if not self.skipping:
            if tag in _HTML_BLOCK:
                for c in self._collectors():
                    c.block_break()
            elif tag in _HTML_CELL:
                for c in self._collectors():
                    c.text(" ")
        if tag == "title" and not self.title_done and self.title is None:
            self.title = _Capped()
        if tag == "h1" and not self.h1_done and self.h1 is None:
            self.h1 = _Capped()
        if is_article:
            self.article = _Collector()
        self.stack.append(_Open(tag, skip, is_article))
        self.open_tags[tag] += 1
        self.skipping += skip

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._close_to(tag)

    def _close_to(self, tag: str) -> None:
        if not self.open_tags[tag]:
            return
        while self.stack:
            item = self.stack.pop()
            self._closed(item)
            if item.tag == tag:
                return

    def _closed(self, item: _Open) -> None:
        self.open_tags[item.tag] -= 1
        self.skipping -= item.skip
        if item.tag == "title" and self.title is not None:
            self.title_done = True
        if item.tag == "h1" and self.h1 is not None:
            self.h1_done = True
        if not self.skipping and item.tag in _HTML_BLOCK:
            for c in self._collectors():
                c.block_break()
        if item.article and self.article is not None:
            self.articles.append(self.article)
            self.article = None

    def handle_data(self, data: str) -> None:
        if self.title is not None and not self.title_done:
            self.title.add(data)
        if self.h1 is not None and not self.h1_done:
            self.h1.add(data)
        if not self.skipping:
            for c in self._collectors():
                c.text(data)

    def finish(self) -> None:
        self.at_eof = True
        self.close()
        while self.stack:
            self._closed(self.stack.pop())


def _split_site_suffix(title: str) -> tuple[str, str | None]:
    for sep in (" | ", " – ", " — ", " - ", " :: "):
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if head.strip() and tail.strip():
                return head.strip(), tail.strip()
    return title, None


def _parse_html(path: Path) -> _Article:
    parser = _PageParser()
    parser.feed(_read_text(path))
    parser.finish()
    longest = max(parser.articles, key=lambda c: c.size, default=None)
    region = longest if longest is not None and longest.size else parser.body
    text = _require_text(clean_text(region.result()))

    page_title = _inline(parser.title.text() if parser.title else "")
    h1 = _inline(parser.h1.text() if parser.h1 else "")
    outlet = parser.meta.get("outlet")
    title = parser.meta.get("title") or h1
    if page_title:
        head, site = _split_site_suffix(page_title)
        if site and outlet and _comparable(site) == _comparable(outlet):
            page_title = head
        elif (
            site
            and not outlet
            and (_comparable(head) == _comparable(title) if title else " | " in page_title)
        ):
            page_title, outlet = head, site
        title = title or page_title
    if title:
        text = _with_title(title, text)
    return _Article(
        text=text,
        title=title or path.stem,
        outlet=outlet,
        published=parser.meta.get("published"),
        url=parser.meta.get("url") or parser.meta.get("canonical"),
    )


# ---- .jsonl -------------------------------------------------------------------------

_JSONL_FIELDS = ("id", "title", "url", "published", "outlet")


def _jsonl_article(line: str) -> _Article:
    try:
        row: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _Reject(f"bad JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # over-long integers, deep nesting
        raise _Reject(f"bad JSON: {str(exc)[:100]}") from None
    if not isinstance(row, dict):
        raise _Reject("line is not a JSON object")
    if "text" not in row or row["text"] is None:
        raise _Reject("no 'text' field")
    if not isinstance(row["text"], str):
        raise _Reject("'text' is not a string")
    fields: dict[str, str | None] = {}
    for name in _JSONL_FIELDS:
        value = row.get(name)
        if value is None:
            fields[name] = None
        elif isinstance(value, str) or (
            name == "id" and isinstance(value, int) and not isinstance(value, bool)
        ):
            fields[name] = _inline(str(value)) or None
        else:
            raise _Reject(f"'{name}' is not a string")
    text = clean_text(row["text"])
    if not text:
        raise _Reject("empty text", "empty")
    title = fields["title"]
    if title:
        text = _with_title(title, text)
    else:
        title = _derived_title(text)
    return _Article(
        text=text,
        title=title,
        doc_id=fields["id"],
        source=fields["url"],
        outlet=fields["outlet"],
        published=fields["published"],
        url=fields["url"],
    )


def _iter_jsonl(path: Path) -> Iterator[tuple[str, str, _Article | _Reject]]:
    """(source, default id, article or reason) per non-blank line, read line by line.

    The encoding is decided for the whole file (BOM, or UTF-16 without one) or, for
    UTF-8, line by line with the same Windows-1252 fallback as :func:`_decode`, so one
    bad line costs that line only. A problem with the whole file (unreadable, binary,
    empty) is one error whose source is the file.
    """
    lineno = 0
    seen = False
    try:
        with path.open("rb") as handle:
            encoding = _wide_encoding(handle.read(_SNIFF))
            handle.seek(0)
            lines = _wide_lines(handle, encoding) if encoding else _utf8_lines(handle)
            for lineno, line in lines:
                source, default_id = f"{path}:{lineno}", f"{path.stem}-{lineno}"
                if isinstance(line, _Reject):
                    seen = True
                    yield source, default_id, line
                    continue
                if not line.strip():
                    continue
                seen = True
                try:
                    yield source, default_id, _jsonl_article(line)
                except _Reject as exc:
                    yield source, default_id, exc
    except _Reject as exc:
        yield str(path), path.stem, exc
        return
    except OSError as exc:
        source = f"{path}:{lineno + 1}" if seen else str(path)
        yield source, path.stem, _Reject(_os_reason(exc), "io")
        return
    if not seen:
        yield str(path), path.stem, _Reject("empty file", "empty")


def _utf8_lines(handle: io.BufferedReader) -> Iterator[tuple[int, str | _Reject]]:
    for lineno, raw in enumerate(handle, start=1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        text, fallback = _utf8_or_cp1252(raw)
        try:
            yield lineno, _check_text(text, fallback=fallback)
        except _Reject as exc:
            yield lineno, exc


def _wide_lines(handle: io.BufferedReader, encoding: str) -> Iterator[tuple[int, str | _Reject]]:
    stream = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="\n")
    try:
        for lineno, line in enumerate(stream, start=1):
            try:
                yield lineno, _check_text(line, replaced=True)
            except _Reject as exc:
                yield lineno, exc
    finally:
        stream.detach()


# --------------------------------------------------------------------------------------
# Paths and ids
# --------------------------------------------------------------------------------------


def _unsupported(path: Path) -> InputError:
    suffix = path.suffix or "(none)"
    return InputError(
        str(path), f"unsupported file type {suffix}; expected {', '.join(SUFFIXES)}", "unsupported"
    )


def _entry(path: Path) -> Path | InputError | None:
    """A path to read, an error for it, or None for a folder (walked by the caller)."""
    try:
        info = path.stat()
    except OSError as exc:
        reason = _os_reason(exc)
        if os.path.islink(path):  # a link to nothing, or a loop of links
            reason = f"broken symbolic link: {reason}"
        return InputError(str(path), reason, "io")
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return InputError(str(path), "not a regular file or folder", "unsupported")
    if path.suffix.lower() not in SUFFIXES:
        return _unsupported(path)
    return path


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Every non-hidden file under ``root``, sorted by name at each level, depth first.

    Iterative (no recursion however deep the tree); a folder already open above (a
    symbolic link back up the tree), known by its device and inode, is not entered again.
    """
    open_folders: list[tuple[Path, tuple[int, int], Iterator[os.DirEntry[str]]]] = []
    open_ids: set[tuple[int, int]] = set()

    def enter(folder: Path) -> InputError | None:
        try:
            info = folder.stat()
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return InputError(str(folder), _os_reason(exc), "io")
        folder_id = (info.st_dev, info.st_ino)
        if folder_id not in open_ids:
            open_ids.add(folder_id)
            open_folders.append((folder, folder_id, iter(entries)))
        return None

    problem = enter(root)
    if problem is not None:
        yield problem
    while open_folders:
        folder, folder_id, entries = open_folders[-1]
        entry = next(entries, None)
        if entry is None:
            open_folders.pop()
            open_ids.discard(folder_id)
            continue
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        item = _entry(child)
        if item is None:
            problem = enter(child)
            if problem is not None:
                yield problem
        else:
            yield item


def _expand(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    for given in paths:
        path = Path(given)
        item = _entry(path)
        if item is None:
            yield from _walk(path)
        else:
            yield item


class _Ids:
    """Unique ids within one call: a repeated id gets ``~2``, ``~3``, ..."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        if wanted not in self.used:
            self.used.add(wanted)
            return wanted
        n = self.next.get(wanted, 2)
        while f"{wanted}~{n}" in self.used:
            n += 1
        self.next[wanted] = n + 1
        unique = f"{wanted}~{n}"
        self.used.add(unique)
        return unique


def _document(article: _Article, source: str, default_id: str, ids: _Ids) -> Document:
    return Document(
        id=ids.claim(article.doc_id or default_id),
        source=article.source or source,
        title=article.title,
        text=article.text,
        outlet=article.outlet,
        published=article.published,
        url=article.url,
    )


def _one_line(reason: str) -> str:
    return " ".join(reason.split()) or "unreadable input"


_PARSERS = {".txt": _parse_txt, ".md": _parse_md, ".html": _parse_html, ".htm": _parse_html}


def _articles(path: Path) -> Iterator[tuple[str, str, _Article | _Reject]]:
    """(source, default id, article or reason) for each article of one file."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _iter_jsonl(path)
        return
    try:
        yield str(path), path.stem, _PARSERS[suffix](path)
    except _Reject as exc:
        yield str(path), path.stem, exc


def count_inputs(paths: Iterable[Path]) -> int | None:
    """How many articles the paths hold, for progress bars (lines of JSONL files counted
    by scanning bytes); None if a path cannot be walked."""
    total = 0
    for item in _expand(paths):
        if isinstance(item, InputError):
            continue
        if item.suffix.lower() == ".jsonl":
            try:
                with item.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                return None
        else:
            total += 1
    return total


def iter_documents(
    paths: Iterable[Path], *, any_language: bool = False
) -> Iterator[Document | InputError]:
    """Cleaned Documents from files and folders, one InputError per input that is not.

    Folders are walked recursively in sorted order; hidden entries (a name starting with
    ".") are skipped, every other file is either read (suffix in ``SUFFIXES``) or
    reported as ``unsupported``. Each InputError carries a ``kind`` from
    :data:`kg.errors.REASONS`; errors never stop the batch. Ids are unique within one
    call. Articles that are not English (:func:`kg.language.judge`) are reported with
    kind ``language`` unless ``any_language`` is set.
    """
    ids = _Ids()
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        for source, default_id, result in _articles(item):
            if isinstance(result, _Reject):
                yield InputError(source, _one_line(str(result)), result.kind)
                continue
            if not any_language:
                verdict = judge(result.text)
                if not verdict.english:
                    yield InputError(source, f"not English: {verdict.describe()}", "language")
                    continue
            yield _document(result, source, default_id, ids)
