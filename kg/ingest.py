"""Ingest stage: read .txt/.md/.html/.jsonl articles and clean them into Documents."""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.records import Document

__all__ = ["SUFFIXES", "clean_text", "count_inputs", "iter_documents"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")

# --------------------------------------------------------------------------------------
# Character normalisation
# --------------------------------------------------------------------------------------

_CHAR_MAP: dict[int, str | None] = {}
for _c in "\u2028\u2029\x0b\x0c\x85":
    _CHAR_MAP[ord(_c)] = "\n"
for _c in "\t\xa0\u1680\u202f\u205f\u3000" + "".join(chr(i) for i in range(0x2000, 0x200B)):
    _CHAR_MAP[ord(_c)] = " "
for _c in "\ufeff\u200b\u2060\u00ad\u180e":
    _CHAR_MAP[ord(_c)] = None
for _i in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]:
    _CHAR_MAP[_i] = None
del _c, _i

_SPACES = re.compile(r" {2,}")


def _normalise_chars(text: str) -> str:
    """Unix newlines, plain spaces, no control or zero-width characters, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_MAP)
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


def _binary_reason(data: bytes) -> str:
    """Why bytes with NULs are refused: most likely binary, or UTF-16 without a BOM."""
    sample = data[:4096]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) >= 0.8 * half and min(even, odd) <= 0.1 * half:
        return "not UTF-8 text (looks like UTF-16 without a byte-order mark)"
    return "binary file"


def _decode(data: bytes) -> str:
    """UTF-8, UTF-8 with BOM, or UTF-16 with BOM; anything else is rejected."""
    if not data.strip():
        raise _Reject("empty file")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            if b"\x00" in data:
                raise _Reject(_binary_reason(data))
            text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Reject("not UTF-8 text" if "8" in exc.encoding else "not UTF-16 text") from None
    if "\x00" in text:
        raise _Reject("binary file")
    if not text.strip():
        raise _Reject("empty file")
    return text


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Reject(_os_reason(exc)) from None
    return _decode(data)


def _require_text(text: str) -> str:
    if not text:
        raise _Reject("no article text after cleaning")
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
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_MD_QUOTE = re.compile(r"^ {0,3}(?:> ?)+")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`+([^`]+?)`+"), r"\1"),
    (re.compile(r"!\[[^\]]*\]\((?:[^()]|\([^)]*\))*\)"), ""),
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),
    (re.compile(r"(\*\*\*|___)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)
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


def _md_inline(line: str) -> str:
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
            or _MD_TABLE_RULE.match(line)
        ):
            out.append("")
            joinable = False
            continue
        if _MD_LINK_DEF.match(line):
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            text = _md_inline(heading.group(1) or "").strip()
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


@dataclass(slots=True)
class _Open:
    tag: str
    skip: bool
    article: bool


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.skipping = 0
        self.meta: dict[str, str] = {}
        self.title: list[str] | None = None
        self.title_done = False
        self.h1: list[str] | None = None
        self.h1_done = False
        self.body = _Collector()
        self.articles: list[_Collector] = []
        self.article: _Collector | None = None

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
                self.meta.setdefault("canonical", values["href"].strip())
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
            self.title = []
        if tag == "h1" and not self.h1_done and self.h1 is None:
            self.h1 = []
        if is_article:
            self.article = _Collector()
        self.stack.append(_Open(tag, skip, is_article))
        self.skipping += skip

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._close_to(tag)

    def _close_to(self, tag: str) -> None:
        if not any(o.tag == tag for o in self.stack):
            return
        while self.stack:
            item = self.stack.pop()
            self._closed(item)
            if item.tag == tag:
                return

    def _closed(self, item: _Open) -> None:
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
            self.title.append(data)
        if self.h1 is not None and not self.h1_done:
            self.h1.append(data)
        if not self.skipping:
            for c in self._collectors():
                c.text(data)

    def finish(self) -> None:
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

    page_title = _inline("".join(parser.title or []))
    h1 = _inline("".join(parser.h1 or []))
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
        raise _Reject("empty text")
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
    """(source, default id, article or reason) per non-blank line, read line by line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield str(path), path.stem, _Reject(_os_reason(exc))
        return
    with handle:
        head = handle.read(4096)
        handle.seek(0)
        if not head.strip():
            yield str(path), path.stem, _Reject("empty file")
            return
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if not utf16 and b"\x00" in head:
            yield str(path), path.stem, _Reject(_binary_reason(head))
            return
        lines: Iterator[tuple[int, str | _Reject]] = (
            _utf16_lines(handle) if utf16 else _utf8_lines(handle)
        )
        seen = False
        for lineno, line in lines:
            source, default_id = f"{path}:{lineno}", f"{path.stem}-{lineno}"
            if isinstance(line, _Reject):
                seen = True
                yield source, default_id, line
                if utf16:
                    return
                continue
            if not line.strip():
                continue
            seen = True
            try:
                yield source, default_id, _jsonl_article(line)
            except _Reject as exc:
                yield source, default_id, exc
        if not seen:
            yield str(path), path.stem, _Reject("empty file")


def _utf8_lines(handle: io.BufferedReader) -> Iterator[tuple[int, str | _Reject]]:
    for lineno, raw in enumerate(handle, start=1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError:
            yield lineno, _Reject("not UTF-8 text")


def _utf16_lines(handle: io.BufferedReader) -> Iterator[tuple[int, str | _Reject]]:
    stream = io.TextIOWrapper(handle, encoding="utf-16", newline="\n")
    lineno = 0
    try:
        for lineno, line in enumerate(stream, start=1):
            yield lineno, line
    except UnicodeDecodeError:
        yield lineno + 1, _Reject("not UTF-16 text")
    finally:
        stream.detach()


# --------------------------------------------------------------------------------------
# Paths and ids
# --------------------------------------------------------------------------------------


def _walk(folder: Path, ancestors: frozenset[Path]) -> Iterator[Path | InputError]:
    """Files with a known suffix under ``folder``, sorted by name at each level."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), _os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            if entry.is_dir():
                real = child.resolve()
                if real not in ancestors:
                    yield from _walk(child, ancestors | {real})
            elif entry.is_file() and child.suffix.lower() in SUFFIXES:
                yield child
        except OSError as exc:
            yield InputError(str(child), _os_reason(exc))


def _expand(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                yield from _walk(path, frozenset({path.resolve()}))
            elif not path.exists():
                yield InputError(str(path), "no such file or directory")
            elif not path.is_file():
                yield InputError(str(path), "not a regular file or folder")
            elif path.suffix.lower() not in SUFFIXES:
                suffix = path.suffix or "(none)"
                yield InputError(
                    str(path), f"unsupported file type {suffix}; expected {', '.join(SUFFIXES)}"
                )
            else:
                yield path
        except OSError as exc:
            yield InputError(str(path), _os_reason(exc))


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


def iter_documents(paths: Iterable[Path]) -> Iterator[Document | InputError]:
    """Cleaned Documents from files and folders, one InputError per unreadable input.

    Folders are walked recursively in sorted order (hidden entries skipped, only
    files with a suffix in ``SUFFIXES``); explicitly given files must have one of
    those suffixes. Errors never stop the batch. Ids are unique within one call.
    """
    ids = _Ids()
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        suffix = item.suffix.lower()
        if suffix == ".jsonl":
            for source, default_id, result in _iter_jsonl(item):
                if isinstance(result, _Reject):
                    yield InputError(source, _one_line(str(result)))
                else:
                    yield _document(result, source, default_id, ids)
            continue
        try:
            article = _PARSERS[suffix](item)
        except _Reject as exc:
            yield InputError(str(item), _one_line(str(exc)))
            continue
        yield _document(article, str(item), item.stem, ids)
