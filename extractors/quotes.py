"""Quotations and their speakers: who says what is inside the quotation marks.

A quotation's speaker is, in order: the subject of a speech verb after the quote in the
same sentence ("…," she said); the subject of the verb that introduces the quote before
it (she said: "…", the ministry issued a response: "…"); the object of "according to";
and, for a paragraph that only continues a quotation, the previous quotation's speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

__all__ = ["SPEECH_LEMMAS", "Quote", "find_quotes"]

OPENING = frozenset({"“", "«", "„"})
CLOSING = frozenset({"”", "»", "“"})
STRAIGHT = frozenset({'"'})
SPEECH_LEMMAS = frozenset(
    """
    say tell report claim warn add note testify argue confirm deny insist state announce
    acknowledge admit explain write suggest reply respond believe think declare allege
    tweet post ask continue caution stress
    """.split()
)


@dataclass(slots=True)
class Quote:
    """Token range [start, end) inside quotation marks and the speaker's head token."""

    start: int
    end: int
    speaker: Token | None


def _spans(doc: Doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for token in doc:
        text = token.text
        if open_at is None and (text in OPENING or text in STRAIGHT or token.tag_ == "``"):
            open_at = token.i
        elif open_at is not None and (text in CLOSING or text in STRAIGHT or token.tag_ == "''"):
            spans.append((open_at + 1, token.i))
            open_at = None
        elif (
            open_at is not None
            and "\n\n" in token.text_with_ws
            and token.i + 1 < len(doc)
            and doc[token.i + 1].text in OPENING | STRAIGHT
        ):
            # A quotation running on into the next paragraph closes here.
            spans.append((open_at + 1, token.i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at + 1, len(doc)))
    return [(a, b) for a, b in spans if b - a >= 3]


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _speaker(doc: Doc, start: int, end: int) -> Token | None:
    inside = range(start - 1, end + 1)
    # After the quote, in the sentence where it ends, when the quote ends on a comma
    # ("…," she said); a quote ending on a full stop closes its sentence.
    last_inside = doc[end - 1].text if end > start else ""
    if end < len(doc) and last_inside not in (".",):
        sent = doc[end].sent
        for token in doc[end : sent.end]:
            if token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_LEMMAS:
                subject = _subject(token)
                if subject is not None and subject.i not in inside:
                    return subject
            if token.lower_ == "according":
                for grand in token.children:
                    for pobj in grand.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    # Before the quote, in the sentence where it starts.
    if start > 0:
        sent = doc[start - 1].sent
        before = [t for t in doc[sent.start : start - 1] if t.pos_ in ("VERB", "AUX")]
        introduced = start >= 2 and doc[start - 2].text == ":"
        for token in reversed(before):
            if token.lemma_.lower() in SPEECH_LEMMAS or introduced:
                subject = _subject(token)
                if subject is not None:
                    return subject
    return None


def find_quotes(doc: Doc) -> list[Quote]:
    """Every quotation in the document with its speaker, when one can be found."""
    quotes: list[Quote] = []
    for start, end in _spans(doc):
        speaker = _speaker(doc, start, end)
        if speaker is None and quotes and quotes[-1].speaker is not None:
            previous = quotes[-1]
            between = doc[previous.end : max(previous.end, start - 1)]
            if not any(t.pos_ == "VERB" for t in between):
                speaker = previous.speaker
        quotes.append(Quote(start=start, end=end, speaker=speaker))
    return quotes
