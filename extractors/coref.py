"""Pronoun resolution inside a document: he/she/him/her/his to a person mention.

Recency with agreement and binding: a third-person singular personal pronoun refers to
the nearest preceding person mention within the last six sentences, skipping mentions
that are its own clause-mates (he cannot be "Esper" in "he asked Esper"; him cannot be
"Trump" in "Trump asked him").
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["PERSON_PRONOUNS", "antecedent"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_WINDOW_SENTENCES = 6


def antecedent(pronoun: Token) -> str | None:
    """The document-local entity key a pronoun refers to, or None when unsure."""
    if pronoun.lower_ not in PERSON_PRONOUNS:
        return None
    doc = pronoun.doc
    entities = doc._.kg_entities or {}
    # Binding: "Trump asked him" - an object pronoun is not its own clause's subject.
    excluded: set[str] = set()
    if pronoun.dep_ in ("dobj", "dative", "pobj"):
        verb = pronoun.head if pronoun.dep_ != "pobj" else pronoun.head.head
        excluded = {
            str(c._.kg_entity)
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass") and c._.kg_entity is not None
        }
    sent_starts = 0
    i = pronoun.i - 1
    clause_head = pronoun.head
    while i >= 0:
        token = doc[i]
        if token.is_sent_end and i != pronoun.i - 1:
            sent_starts += 1
            if sent_starts >= _WINDOW_SENTENCES:
                break
        key = token._.kg_entity
        if key is not None:
            cluster = entities.get(key)
            same_clause_object = token.head == clause_head and token.dep_ in ("dobj", "pobj")
            if (
                cluster is not None
                and cluster.label == "PERSON"
                and not same_clause_object
                and key not in excluded
            ):
                return str(key)
        i -= 1
    return None
