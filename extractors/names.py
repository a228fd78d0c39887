"""Name normalisation shared by mention finding and corpus-level resolution."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ENTITY_LABELS",
    "TITLE_WORDS",
    "is_junk_name",
    "name_key",
    "strip_name",
]

# spaCy labels that become entities; dates, numbers and quantities do not.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

# Words that form a title or role in front of a person's name.
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "secretary",
        "minister",
        "prime",
        "general",
        "gen.",
        "gen",
        "lt.",
        "lt",
        "col.",
        "col",
        "colonel",
        "major",
        "maj.",
        "sgt.",
        "sgt",
        "sergeant",
        "admiral",
        "adm.",
        "captain",
        "capt.",
        "commander",
        "senator",
        "sen.",
        "sen",
        "rep.",
        "rep",
        "representative",
        "governor",
        "gov.",
        "gov",
        "mayor",
        "ambassador",
        "judge",
        "justice",
        "chief",
        "director",
        "deputy",
        "attorney",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev.",
        "dr.",
        "dr",
        "mr.",
        "mr",
        "mrs.",
        "mrs",
        "ms.",
        "ms",
        "prof.",
        "professor",
        "sheikh",
        "speaker",
        "chairman",
        "chairwoman",
        "chair",
        "defense",
        "defence",
        "state",
        "foreign",
        "interior",
        "health",
        "finance",
        "treasury",
        "homeland",
        "security",
        "environment",
        "energy",
        "transport",
        "trade",
        "agriculture",
        "justice",
        "labour",
        "labor",
        "economy",
        "former",
        "acting",
        "then-defense",
        "then",
        "interim",
        "assistant",
        "special",
        "envoy",
        "inspector",
        "officer",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ceo",
        "cfo",
        "founder",
        "leader",
        "head",
        "the",
    ]
)

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_JUNK = frozenset(
    [
        "image",
        "photo",
        "share",
        "loading",
        "advertisement",
        "comment",
        "reply",
        "email",
        "print",
        "video",
    ]
)


def strip_name(text: str) -> str:
    """Trim a surface form: whitespace, quotes, possessive endings, leading "the"."""
    text = _SPACE.sub(" ", text).strip().strip("\"“”‘’'.,;:()[]")
    text = _POSSESSIVE.sub("", text).strip()
    if text.lower().startswith("the ") and len(text) > 4:
        text = text[4:]
    return text.strip()


def name_key(text: str) -> str:
    """A key that ignores case, accents, punctuation, "the" and possessives.

    >>> name_key("The Washington Post's")
    'washington post'
    >>> name_key("U.S.")
    'us'
    """
    text = strip_name(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("’", "'")
    text = re.sub(r"(?<=\b[a-z])\.", "", text)  # U.S. -> US, S. -> S
    text = re.sub(r"[^\w\s&-]", " ", text)
    return _SPACE.sub(" ", text).strip()


def is_junk_name(text: str) -> bool:
    """Fragments that never become entities: numbers, furniture words, lone titles.

    >>> is_junk_name("image"), is_junk_name("Defense"), is_junk_name("2020"), is_junk_name("CNN")
    (True, True, True, False)
    """
    key = name_key(text)
    if not key or len(key) < 2:
        return True
    if not any(ch.isalpha() for ch in key):
        return True
    words = key.split()
    if all(w in TITLE_WORDS or w in _JUNK for w in words):
        return True
    return not any(ch.isupper() for ch in text)
