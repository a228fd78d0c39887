"""The ``kg_mentions`` component: entity mentions and within-document name aliasing."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors.names import ENTITY_LABELS, TITLE_WORDS, is_junk_name, name_key, strip_name

__all__ = ["DocMention", "EntityCluster", "MentionFinder", "make_mentions"]

_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "&", "de", "la", "del"})
# Title words that only qualify another title ("former", "acting").
TITLE_MODIFIERS = frozenset({"former", "acting", "then", "interim", "late", "the", "of"})


@dataclass(slots=True)
class DocMention:
    """One entity mention: the trimmed span and the cluster it belongs to."""

    span: Span
    text: str
    label: str
    key: str = ""
    title: str = ""
    article: bool = False


@dataclass(slots=True)
class EntityCluster:
    """All mentions of one entity in a document."""

    key: str
    name: str
    label: str
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)
    mentions: int = 0


def _setup_extensions() -> None:
    if not Doc.has_extension("kg_mentions"):
        Doc.set_extension("kg_mentions", default=None)
    if not Doc.has_extension("kg_entities"):
        Doc.set_extension("kg_entities", default=None)
    if not Token.has_extension("kg_entity"):
        Token.set_extension("kg_entity", default=None)


def _trim(ent: Span) -> Span | None:
    """Drop leading determiners and trailing possessive markers or punctuation."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].is_space):
        # Keep "The" that is part of a name ("The Washington Post" is still found by key).
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if ent.label_ == "PERSON":
        # "Spokeswoman Katrin Vogel": the title is kept as a fact, not in the name.
        # ... but "Gen-Probe" is a name, not General Probe.
        while end - start > 1 and doc[start].lower_ in TITLE_WORDS and not doc[start + 1].is_punct:
            start += 1
    if start >= end:
        return None
    return doc[start:end]


def _title_before(span: Span) -> str:
    """Title words written in front of a person's name ("Defense Secretary", "Gen.")."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= 0 and (doc[i].ent_type_ != "PERSON" or doc[i].lower_ in TITLE_WORDS):
        token = doc[i]
        # "author Mara Lind", "morning show host Ryan Cameron": a common noun that
        # classifies the name.
        classifier = (
            token.dep_ == "compound"
            and token.pos_ == "NOUN"
            and token.is_lower
            and (span.start <= token.head.i < span.end or token.head in words)
        )
        if (
            token.lower_ in TITLE_WORDS
            or (token.dep_ == "compound" and token.is_title)
            or classifier
        ):
            if token.lower_ == "the":
                break
            words.append(token)
            i -= 1
            continue
        if token.lower_ == "of" and words and i > 0 and doc[i - 1].lower_ in TITLE_WORDS:
            words.append(token)  # "Secretary of State Marco Rubio"
            i -= 1
            continue
        break
    words.reverse()
    if all(t.lower_ in TITLE_MODIFIERS for t in words):
        return ""  # "former Green Beret": "former" alone is no title
    return " ".join(t.text for t in words)


def _add_name_parts(doc: Doc, mentions: list[DocMention]) -> list[DocMention]:
    """Proper nouns the NER missed that repeat part of a person's name ("Weber said")."""
    parts: set[str] = set()
    for mention in mentions:
        words = mention.text.split()
        if mention.label == "PERSON" and len(words) > 1:
            parts.update({words[0], words[-1]})
        elif mention.label == "PERSON":
            parts.add(words[0])
    if not parts:
        return mentions
    covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
    extra = [
        DocMention(span=doc[t.i : t.i + 1], text=t.text, label="PERSON")
        for t in doc
        if t.i not in covered
        and t.pos_ in ("PROPN", "NOUN")
        and t.is_title
        and t.text in parts
        and t.ent_type_ in ("", "PERSON", "ORG", "NORP")
        and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")
        and not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN")
    ]
    if not extra:
        return mentions
    return sorted([*mentions, *extra], key=lambda m: m.span.start)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w and w.lower() not in _CONNECTORS).upper()


class MentionFinder:
    """Find entity mentions and group the ones that name the same entity in a document.

    Sets ``doc._.kg_mentions`` (list of DocMention), ``doc._.kg_entities`` (key ->
    EntityCluster) and ``token._.kg_entity`` (cluster key) for tokens inside a mention.
    """

    def __init__(self) -> None:
        _setup_extensions()

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[DocMention] = []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            span = _trim(ent)
            if span is None:
                continue
            text = strip_name(span.text)
            if is_junk_name(text):
                continue
            article = ent[0].lower_ == "the" and ent.label_ in ("ORG", "GPE", "FAC", "LOC")
            mentions.append(DocMention(span=span, text=text, label=ent.label_, article=article))
        mentions = _add_name_parts(doc, mentions)
        clusters = _cluster(mentions)
        for mention in mentions:
            for token in mention.span:
                token._.kg_entity = mention.key
            cluster = clusters[mention.key]
            if cluster.label == "PERSON":
                mention.title = _title_before(mention.span)
                if mention.title and mention.title not in cluster.titles:
                    cluster.titles.append(mention.title)
        doc._.kg_mentions = mentions
        doc._.kg_entities = clusters
        return doc


def _cluster(mentions: list[DocMention]) -> dict[str, EntityCluster]:
    """Group mentions: full names first, then short forms and acronyms onto them."""
    full: dict[str, DocMention] = {}
    for mention in mentions:
        key = name_key(mention.text)
        best = full.get(key)
        if best is None or len(mention.text) > len(best.text):
            full[key] = mention
    # Candidate long names for a short form, by the short form's key.
    by_part: dict[str, set[str]] = defaultdict(set)
    acronyms: dict[str, set[str]] = defaultdict(set)
    lone_persons = {name_key(m.text) for m in mentions if m.label == "PERSON" and " " not in m.text}
    for key, mention in full.items():
        words = key.split()
        if mention.label != "PERSON" and len(words) in (2, 3) and words[-1] in lone_persons:
            # "Helena Brandt" tagged ORG, "Brandt" tagged PERSON: the full name is a person.
            mention.label = "PERSON"
        if mention.label == "PERSON" and len(words) > 1:
            by_part[words[-1]].add(key)
            by_part[words[0]].add(key)
            without_initials = [w for w in words if len(w) > 1]
            if len(without_initials) != len(words):
                by_part[" ".join(without_initials)].add(key)
            if len(words) > 2:
                by_part[f"{words[0]} {words[-1]}"].add(key)
        if mention.label in ("ORG", "GPE", "FAC", "LOC") and len(words) > 1:
            acronyms[_initials(mention.text).lower()].add(key)

    def target(mention: DocMention, position: int) -> str:
        key = name_key(mention.text)
        # spaCy tags a lone surname ORG or GPE now and then ("Trump's ..."); with the full
        # name in the same document it is still the person.
        candidates = by_part.get(key, set()) - {key}
        if not candidates and mention.label in ("ORG", "GPE") and mention.text.isupper():
            candidates = acronyms.get(key, set()) - {key}
        if len(candidates) == 1:
            return next(iter(candidates))
        if len(candidates) > 1:
            # Two people share the short form: the nearest full mention before it wins.
            best, best_pos = key, -1
            for pos in range(position - 1, -1, -1):
                other = name_key(mentions[pos].text)
                if other in candidates:
                    best, best_pos = other, pos
                    break
            return best if best_pos >= 0 else key
        return key

    clusters: dict[str, EntityCluster] = {}
    for position, mention in enumerate(mentions):
        mention.key = target(mention, position)
    for mention in mentions:
        cluster = clusters.get(mention.key)
        if cluster is None:
            cluster = clusters[mention.key] = EntityCluster(
                key=mention.key, name=mention.text, label=mention.label
            )
        cluster.forms[mention.text] += 1
        if mention.article:
            # "The New York Times", "the Pentagon": the written form is an alias too.
            cluster.forms[f"The {mention.text}"] += 1
        cluster.labels[mention.label] += 1
        cluster.mentions += 1
    for cluster in clusters.values():
        # The most complete form names the cluster; PERSON wins over a mis-tag.
        names = [f for f in cluster.forms if not f.startswith("The ")] or list(cluster.forms)
        cluster.name = max(names, key=lambda f: (len(f.split()), len(f), f))
        full_label = full[cluster.key].label if cluster.key in full else None
        one_word = len(cluster.name.split()) == 1
        if full_label == "PERSON" or (
            cluster.labels["PERSON"] > 0 and (one_word or not full_label)
        ):
            # A lone name tagged PERSON even once is a person: the small model often tags
            # the possessive form ("Trump's") ORG.
            cluster.label = "PERSON"
        else:
            cluster.label = full_label or cluster.labels.most_common(1)[0][0]
    return clusters


@Language.factory("kg_mentions")
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    """Factory registered with spaCy as ``kg_mentions``."""
    return MentionFinder()
