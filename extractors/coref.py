"""Pronoun resolution inside a document.

The algorithm, in order:

1. Candidates are entity mentions before the pronoun, nearest first, within the last
   six sentences (recency is the salience measure; the subject of the pronoun's own
   sentence comes before earlier mentions because it is nearer).
2. Agreement: he/him/his/himself and she/her/hers/herself take a PERSON; a person whose
   gender the document shows (a title such as Mr. or Mrs., a gendered role noun such as
   spokeswoman, or a common first name) must agree with the pronoun. it/its take an
   organisation, and only when the nearest preceding subject is that organisation (so
   "it" about a plan or a river stays unresolved). they/them/their stay unresolved:
   they refer to plural common nouns more often than to named entities.
3. Binding: a non-reflexive object pronoun is never its own clause's subject ("Trump
   asked him": him is not Trump), and a subject pronoun is never an object of its own
   verb ("he asked Esper": he is not Esper).
4. Reported speech: the subject pronoun of a clause reported by a speech verb is the
   speaker when the speaker is a person noun ("a former official said that he
   believed ..."): with no name behind the speaker, the pronoun stays unresolved rather
   than go to an earlier name.

Unresolved pronouns return None; the relation extractor then drops the statement rather
than guess.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from extractors.quotes import SPEECH_LEMMAS

__all__ = ["FEMALE", "MALE", "antecedent", "gender_of"]

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
MALE = "male"
FEMALE = "female"
_WINDOW_SENTENCES = 6

_MALE_WORDS = frozenset(
    """
    mr mr. sir lord king prince duke spokesman chairman businessman congressman
    father son brother husband uncle
    """.split()
)
_FEMALE_WORDS = frozenset(
    """
    mrs mrs. ms ms. miss madam lady queen princess duchess spokeswoman chairwoman
    businesswoman congresswoman mother daughter sister wife aunt
    """.split()
)
# Common given names; a guess only where the document offers no better evidence.
_MALE_NAMES = frozenset(
    """
    james john robert michael william david richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian
    george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan
    stephen larry justin scott brandon benjamin samuel gregory frank alexander patrick
    raymond jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter
    kyle walter ethan jeremy harold keith christian roger noah gerald carl terry sean
    austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel
    logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip
    phil johnny pete marco derek sebastian colby winfield pancho ioan dieter markus jonas
    tomas hans klaus stefan henrik henri jean pierre luis carlos miguel andres sergei
    vladimir emmanuel olaf friedrich wilhelm karl
    """.split()
)
_FEMALE_NAMES = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy
    betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy
    melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley
    anna brenda pamela emma nicole helen samantha katherine christine debra rachel
    carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria
    kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
    martha gloria teresa ann sara madison frances kathryn janice abigail alice
    judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana
    natalie brittany charlotte marie kayla alexis lori claudia kamala hillary nancy
    claire anja katrin lea sabine elena ingrid helena ursula angela giorgia marine
    ségolène christine annalena
    """.split()
)


def gender_of(doc: Doc, key: str) -> str | None:
    """The gender the document shows for a person cluster, or None when unknown.

    Titles and role nouns next to the person's mentions are strong evidence; the given
    name is a fallback.
    """
    cache: dict[str, str | None] = doc.user_data.setdefault("kg_gender", {})
    if key in cache:
        return cache[key]
    votes = {MALE: 0, FEMALE: 0}
    for mention in doc._.kg_mentions or []:
        if mention.key != key:
            continue
        span = mention.span
        nearby = [t.lower_ for t in span.doc[max(span.start - 3, 0) : span.start]]
        nearby += [t.lower_ for t in span.root.children if t.dep_ == "appos"]
        nearby += [w.lower() for w in mention.title.split()]
        votes[MALE] += 2 * sum(w in _MALE_WORDS for w in nearby)
        votes[FEMALE] += 2 * sum(w in _FEMALE_WORDS for w in nearby)
        first = span[0].lower_ if len(span) > 1 else ""
        votes[MALE] += first in _MALE_NAMES
        votes[FEMALE] += first in _FEMALE_NAMES
    gender = None
    if votes[MALE] != votes[FEMALE]:
        gender = MALE if votes[MALE] > votes[FEMALE] else FEMALE
    cache[key] = gender
    return gender


def _entity_key(token: Token) -> str | None:
    key: str | None = token._.kg_entity
    return key


def _clause_mates(pronoun: Token, key_of: Callable[[Token], str | None]) -> set[str]:
    """Entities the pronoun cannot be: its own clause's subject or objects."""
    if pronoun.dep_ in ("dobj", "dative", "pobj"):
        verb = pronoun.head if pronoun.dep_ != "pobj" else pronoun.head.head
        deps = ("nsubj", "nsubjpass")
    elif pronoun.dep_ in ("nsubj", "nsubjpass"):
        verb = pronoun.head
        deps = ("dobj", "dative")
    else:
        return set()
    keys = (key_of(c) for c in verb.children if c.dep_ in deps)
    return {key for key in keys if key}


def _reporting_speaker(pronoun: Token) -> Token | None:
    """The subject of the speech verb that reports the pronoun's clause, if any."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = pronoun.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    speech = verb.head
    if verb.dep_ != "ccomp" or speech.lemma_.lower() not in SPEECH_LEMMAS:
        return None
    return next((c for c in speech.children if c.dep_ == "nsubj"), None)


def _neuter(pronoun: Token, key_of: Callable[[Token], str | None]) -> str | None:
    """'it' names the organisation that is the nearest preceding subject, if any."""
    doc = pronoun.doc
    entities = doc._.kg_entities or {}
    for i in range(pronoun.i - 1, max(pronoun.sent.start - 40, -1), -1):
        token = doc[i]
        if token.dep_ in ("nsubj", "nsubjpass"):
            key = key_of(token)
            cluster = entities.get(key) if key else None
            if cluster is not None and cluster.label == "ORG":
                return str(key)
            return None
    return None


def antecedent(pronoun: Token, key_of: Callable[[Token], str | None] = _entity_key) -> str | None:
    """The document-local entity key a pronoun refers to, or None when unsure.

    ``key_of`` gives a token's entity key (default ``token._.kg_entity``; the relation
    extractor passes its per-document index, which is much faster)."""
    lower = pronoun.lower_
    if lower in NEUTER:
        return _neuter(pronoun, key_of)
    if lower not in MASCULINE and lower not in FEMININE:
        return None
    wanted = MALE if lower in MASCULINE else FEMALE
    doc = pronoun.doc
    entities = doc._.kg_entities or {}
    speaker = _reporting_speaker(pronoun)
    if speaker is not None and speaker.tag_ == "NN" and key_of(speaker) is None:
        # "the official said that he ...": he is the official, or the name in apposition
        # to it ("the ambassador, Ronald Johnson, testified that he ...").
        for child in speaker.children:
            key = key_of(child) if child.dep_ == "appos" else None
            cluster = entities.get(key) if key else None
            if cluster is not None and cluster.label == "PERSON":
                return str(key)
        return None
    excluded = _clause_mates(pronoun, key_of)
    sentences = 0
    for i in range(pronoun.i - 1, -1, -1):
        token = doc[i]
        if token.is_sent_end and i != pronoun.i - 1:
            sentences += 1
            if sentences >= _WINDOW_SENTENCES:
                break
        key = key_of(token)
        if key is None or key in excluded:
            continue
        cluster = entities.get(key)
        if cluster is None or cluster.label != "PERSON":
            continue
        gender = gender_of(doc, str(key))
        if gender is not None and gender != wanted:
            continue
        return str(key)
    return None
