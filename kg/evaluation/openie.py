"""Our statements as CaRB open-IE tuples, and the CaRB evaluation of the relation extractor."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from extractors.relations import Statement, object_controls, tokens_text
from kg.evaluation.carb import (
    CarbScore,
    CarbTuple,
    read_gold,
    read_sentences,
    score,
    write_extractions,
)

__all__ = ["detokenize", "evaluate_carb", "extract_carb", "statement_to_carb"]

# Where ``extract_carb`` keeps, per doc, the source PTB words and each character's word.
_ALIGNMENT_KEY = "kg_carb_alignment"
_PTB_UNESCAPE = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
# PTB tokens written against the previous word ("Pittsburgh 's" -> "Pittsburgh's").
_ATTACH_LEFT = frozenset("'s ' n't 're 've 'll 'd 'm , . : ; ? ! % -RRB- -RSB- -RCB-".split())
# PTB tokens written against the next word ("-LRB- 1 -RRB-" -> "(1)", "$ 5" -> "$5").
_ATTACH_RIGHT = frozenset({"-LRB-", "-LSB-", "-LCB-", "$"})

# Children of a verb that belong to the predicate as written ("did not rule out").
_VERB_GROUP_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})
# Children that end an argument phrase: clauses, appositions, coordination.
_ARG_STOP_DEPS = frozenset(
    {"relcl", "appos", "conj", "cc", "preconj", "advcl", "parataxis", "ccomp", "mark", "punct"}
)
# Verb children that become extra (n-ary) arguments: "in 1941", "last year", "by the court".
_CONTEXT_DEPS = frozenset({"prep", "npadvmod", "agent"})
# Statements read from a noun phrase or a copula: CaRB writes them with "is".
_COPULA_RULES = frozenset({"copula", "appos", "title"})
# Rules whose object may hang from a preposition ("testified before", "was warned at").
_PREPOSITIONAL_RULES = frozenset({"prep", "passive-noagent"})
# Courtesy titles are part of a name, not a relation CaRB annotates.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam"})


@dataclass(slots=True)
class _Reading:
    """A statement as a CaRB tuple, with the verb and preposition it was read from."""

    carb: CarbTuple
    verb: Token | None = None
    prep: Token | None = None


# -- PTB text --------------------------------------------------------------------------


def detokenize(line: str) -> tuple[str, list[int]]:
    """Undo PTB tokenisation lightly: the text and, per character, its source word or -1."""
    words = line.split()
    parts: list[str] = []
    owner: list[int] = []
    glue = True
    for index, word in enumerate(words):
        surface = _PTB_UNESCAPE.get(word, word)
        if not glue and word not in _ATTACH_LEFT:
            parts.append(" ")
            owner.append(-1)
        parts.append(surface)
        owner.extend([index] * len(surface))
        glue = word in _ATTACH_RIGHT
    return "".join(parts), owner


def _render(tokens: Iterable[Token]) -> str:
    """Tokens as written: the source words when the doc was made by ``extract_carb``."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    if not ordered:
        return ""
    alignment: tuple[list[str], list[int]] | None = ordered[0].doc.user_data.get(_ALIGNMENT_KEY)
    if alignment is not None:
        words, owner = alignment
        indices: set[int] = set()
        for token in ordered:
            indices.update(owner[c] for c in range(token.idx, token.idx + len(token.text)))
        return " ".join(words[i] for i in sorted(indices) if i >= 0)
    return tokens_text(ordered)


# -- arguments -------------------------------------------------------------------------


def _char_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [] if span is None else list(span)


def _root(tokens: Sequence[Token]) -> Token | None:
    """The token of a span whose head lies outside it."""
    ids = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return None


def _phrase(head: Token) -> list[Token]:
    """The phrase under ``head`` as written, coordination included, clauses left out."""
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    keep: list[Token] = []

    def walk(token: Token) -> None:
        keep.append(token)
        for child in token.children:
            if child.dep_ == "punct":
                keep.append(child)
            elif child.dep_ in ("conj", "cc", "preconj") or child.dep_ not in _ARG_STOP_DEPS:
                walk(child)

    walk(head)
    ids = {t.i for t in keep}
    start = end = head.i
    while start - 1 in ids:
        start -= 1
    while end + 1 in ids:
        end += 1
    doc = head.doc

    def loose(token: Token) -> bool:
        return (token.is_punct and not token.is_quote) or token.dep_ == "cc"

    while start < head.i and loose(doc[start]):
        start += 1
    while end > head.i and loose(doc[end]):
        end -= 1
    return list(doc[start : end + 1])


def _argument(doc: Doc, start: int, end: int, clause: bool) -> list[Token]:
    """An argument as written: the whole phrase its head stands for."""
    written = _char_tokens(doc, start, end)
    root = _root(written)
    if root is None or root.pos_ == "PRON" or (clause and root.pos_ in ("VERB", "AUX")):
        return written
    return sorted({*_phrase(root), *written}, key=lambda t: t.i)


def _name(tokens: list[Token]) -> list[Token]:
    """The whole named-entity span the tokens lie in, as the NER tagged it."""
    if not tokens or tokens[0].ent_iob_ not in ("B", "I"):
        return tokens
    doc = tokens[0].doc
    start, end = tokens[0].i, tokens[-1].i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    name = sorted({*doc[start : end + 1], *tokens}, key=lambda t: t.i)
    while len(name) > 1 and name[-1].dep_ == "case":  # "Roosevelt 's"
        name.pop()
    return name


# -- predicates ------------------------------------------------------------------------


def _verb_group(verb: Token) -> list[Token]:
    """The verb with its auxiliaries, negation, particles and the adverbs inside the group."""
    group = [verb, *(c for c in verb.children if c.dep_ in _VERB_GROUP_DEPS or c.lower_ == "never")]
    if len(group) == 1 and verb.dep_ == "conj" and verb.tag_ in ("VB", "VBG", "VBN"):
        # "was loved by God and exalted": the conjunct shares the auxiliaries (a finite
        # verb has none to share: "were shut down and consisted of").
        group.extend(c for c in verb.head.children if c.dep_ in ("aux", "auxpass"))
    first = min(t.i for t in group)
    group.extend(c for c in verb.children if c.dep_ == "advmod" and first < c.i < verb.i)
    return group


def _verb_predicate(verb: Token) -> list[Token]:
    """The verb group, with the verbs it is controlled by ("refused to rule out")."""
    tokens = _verb_group(verb)
    while (
        verb.dep_ == "xcomp"
        and verb.head.pos_ in ("VERB", "AUX")
        and not object_controls(verb.head)  # "urged the company to close": "to close"
    ):
        verb = verb.head
        tokens.extend(_verb_group(verb))
    return tokens


def _find_verb(statement: Statement, anchors: Sequence[Token], copula: bool) -> Token | None:
    """The verb a statement was read from: the nearest governor of an argument it names."""
    words = {*statement.predicate_text.lower().split(), *statement.predicate.split()}
    for anchor in anchors:
        for token in (anchor, *anchor.ancestors):
            if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
                continue
            if (copula and token.lemma_ == "be") or (
                not copula and (token.lower_ in words or token.lemma_.lower() in words)
            ):
                return token
    return None


def _linkers(statement: Statement, verb: Token, obj_root: Token) -> list[Token]:
    """The preposition (and gerund) joining a prepositional object to its verb."""
    if statement.rule == "ccomp":
        return [c for c in obj_root.children if c.dep_ == "mark"]  # "said that"
    if statement.rule not in _PREPOSITIONAL_RULES:
        return []
    token = obj_root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    chain: list[Token] = []
    while token.head.i not in (token.i, verb.i):
        token = token.head
        if token.dep_ in ("prep", "pcomp", "agent", "advmod", "acomp"):
            chain.append(token)  # "is responsible for", "located close to"
    return chain


def _context(verb: Token, used: Iterable[Token]) -> list[str]:
    """Prepositional and bare-noun adjuncts of the verb not already in the tuple."""
    taken = {t.i for t in used}
    out: list[str] = []
    for child in verb.children:
        if child.dep_ not in _CONTEXT_DEPS:
            continue
        phrase = list(child.subtree)
        if not any(t.i in taken for t in phrase):
            out.append(_render(phrase))
    return out


def _role(statement: Statement, obj_root: Token) -> Token | None:
    """The role noun of a "head of" statement: the ancestor of the owner it is named by."""
    words = statement.predicate_text.split()
    if not words:
        return None
    for token in (obj_root, *obj_root.ancestors):
        if token.text == words[-1]:
            return token
    return None


# -- statements ------------------------------------------------------------------------


def _read(statement: Statement, doc: Doc) -> _Reading | None:
    """A statement as a CaRB tuple, or None when CaRB has no tuple for it."""
    rule = statement.rule
    confidence = statement.confidence
    if rule == "role":
        # A role read from a verb's complement ("was named chairman of") is that verb's
        # tuple.
        return None
    if rule == "intransitive" and statement.verb is not None:
        return _intransitive(statement, doc, doc[statement.verb])
    if rule == "title":
        # "President Bush" -> (Bush; is; President), the name as tagged.
        if statement.object.text.lower().rstrip(".") in _HONORIFICS:
            return None
        title_tokens = _char_tokens(doc, statement.object.start, statement.object.end)
        name = _name(_char_tokens(doc, statement.subject.start, statement.subject.end))
        subject = _render(t for t in name if t not in title_tokens)
        return _Reading(CarbTuple("is", [subject, _render(title_tokens)], confidence))
    if rule == "location":
        # "the foundation in Berlin" -> (the foundation; is in; Berlin)
        place = _char_tokens(doc, statement.object.start, statement.object.end)
        thing = _char_tokens(doc, statement.subject.start, statement.subject.end)
        return _Reading(CarbTuple("is in", [_render(thing), _render(place)], confidence))
    if rule == "possessive":
        # "Mexico's officials" -> (Mexico; has; officials): the owner without its "'s".
        owner = [
            t
            for t in _name(_char_tokens(doc, statement.subject.start, statement.subject.end))
            if t.dep_ != "case"
        ]
        owned = _char_tokens(doc, statement.object.start, statement.object.end)
        return _Reading(CarbTuple("has", [_render(owner), _render(owned)], confidence))
    subject_tokens = _argument(doc, statement.subject.start, statement.subject.end, False)
    object_tokens = _argument(doc, statement.object.start, statement.object.end, rule == "ccomp")
    subject_root, object_root = _root(subject_tokens), _root(object_tokens)
    if subject_root is None or object_root is None:
        return None
    subject, obj = _render(subject_tokens), _render(object_tokens)
    if rule in _COPULA_RULES:
        # "X is the head of Y" / "X, head of Y" -> (X; is; the head of Y).
        verb = _find_verb(statement, [object_root], copula=True) if rule == "copula" else None
        be = _render(_verb_predicate(verb)) if verb is not None else "is"
        role = object_root
        if statement.predicate not in ("be", "has title"):
            role = _role(statement, object_root) or object_root
        return _Reading(CarbTuple(be, [subject, _render(_phrase(role))], confidence), verb)
    verb = _find_verb(statement, [object_root, subject_root], copula=False)
    if verb is None:
        return _Reading(CarbTuple(statement.predicate_text, [subject, obj], confidence))
    # An argument never holds its own predicate ("the organ built by Schnitger" -> the organ).
    clause = {t.i for t in verb.subtree}
    if verb.i in {t.i for t in subject_tokens}:
        subject_tokens = [t for t in subject_tokens if t.i not in clause]
        subject = _render(subject_tokens)
    if verb.i in {t.i for t in object_tokens}:
        object_tokens = [t for t in object_tokens if t.i not in clause]
        obj = _render(object_tokens)
    if not subject or not obj:
        return None
    group = _verb_predicate(verb)
    linkers = _linkers(statement, verb, object_root)
    predicate = _render(group)
    prep = linkers[-1] if linkers and rule in _PREPOSITIONAL_RULES else None
    if prep is not None and prep.i < verb.i:
        obj = f"{_render(linkers)} {obj}"  # a fronted phrase stays an argument: "On Monday"
    elif linkers:
        predicate = f"{predicate} {_render(linkers)}"
    args = [subject, obj]
    if rule == "passive":
        # The statement reads agent -> patient; CaRB writes (patient; was VERBed by; agent).
        predicate = f"{predicate} by"
        args = [obj, subject]
    args.extend(_context(verb, [*subject_tokens, *object_tokens, *group, *linkers]))
    return _Reading(CarbTuple(predicate, args, confidence), verb, prep)


def _intransitive(statement: Statement, doc: Doc, verb: Token) -> _Reading | None:
    """(subject; verb; adjuncts...): a verb without an object, its adjuncts as arguments."""
    subject_tokens = _argument(doc, statement.subject.start, statement.subject.end, False)
    if verb in subject_tokens:  # "a company making panels": the subject is "a company"
        clause = {t.i for t in verb.subtree}
        subject_tokens = [t for t in subject_tokens if t.i not in clause]
    subject = _render(subject_tokens)
    if not subject:
        return None
    group = _verb_predicate(verb)
    adjuncts = _context(verb, [*subject_tokens, *group])
    if not adjuncts:
        # Measured on CaRB dev: one-argument tuples almost never match (gold tuples with
        # one argument are 2 %, and a one-argument tuple scores nothing against the rest).
        return None
    return _Reading(CarbTuple(_render(group), [subject, *adjuncts], statement.confidence), verb)


def statement_to_carb(statement: Statement, doc: Doc) -> CarbTuple:
    """One statement as a CaRB tuple: the predicate and arguments as written in ``doc``.

    The predicate keeps auxiliaries, negation and particles, and ends with the
    preposition of a prepositional object ("did not rule out", "testified before",
    "was described by"); titles, appositions and copulas read "is"; the verb's other
    prepositional adjuncts follow as extra arguments. A statement CaRB has no tuple for
    (a courtesy title, say) gives a tuple with an empty predicate.
    """
    reading = _read(statement, doc)
    return reading.carb if reading is not None else CarbTuple("", [], statement.confidence)


def _rank(reading: _Reading) -> int:
    """Direct objects first, then prepositions after the verb, then fronted ones."""
    if reading.prep is None or reading.verb is None:
        return -1
    if reading.prep.i > reading.verb.i:
        return reading.prep.i
    return reading.prep.i + len(reading.prep.doc)


def _merged(readings: list[_Reading]) -> list[_Reading]:
    """One n-ary tuple per verb and subject: prepositional readings a fuller one holds go."""
    best: dict[tuple[int, str], int] = {}
    for reading in readings:
        if reading.verb is not None:
            key = (reading.verb.i, reading.carb.args[0])
            best[key] = min(best.get(key, _rank(reading)), _rank(reading))
    return [
        r
        for r in readings
        if r.verb is None or r.prep is None or best[(r.verb.i, r.carb.args[0])] >= _rank(r)
    ]


def _doc_tuples(doc: Doc) -> list[CarbTuple]:
    readings = [
        reading
        for statement in doc._.kg_statements or []
        if (reading := _read(statement, doc)) is not None
        and reading.carb.predicate.strip()
        and all(arg.strip() for arg in reading.carb.args[:2])
    ]
    unique: dict[tuple[str, ...], CarbTuple] = {}
    for reading in _merged(readings):
        carb = reading.carb
        key = (carb.predicate, *carb.args)
        if key not in unique or unique[key].confidence < carb.confidence:
            unique[key] = carb
    return list(unique.values())


# -- CaRB ------------------------------------------------------------------------------


def _docs(sentences: Sequence[str], nlp: Language, batch_size: int) -> Iterator[Doc]:
    prepared = [detokenize(line) for line in sentences]
    texts = [text for text, _ in prepared]
    for line, (_, owner), doc in zip(
        sentences, prepared, nlp.pipe(texts, batch_size=batch_size), strict=True
    ):
        doc.user_data[_ALIGNMENT_KEY] = (line.split(), owner)
        yield doc


def extract_carb(
    sentences: Sequence[str], nlp: Language, batch_size: int = 64
) -> dict[str, list[CarbTuple]]:
    """CaRB tuples per sentence from the full pipeline, keyed by the original line.

    Lines are PTB-tokenised; they are detokenised for parsing and the tuples are
    written back in the line's own words. Identical tuples are kept once.
    """
    out: dict[str, list[CarbTuple]] = {}
    for line, doc in zip(sentences, _docs(sentences, nlp, batch_size), strict=True):
        if line not in out:
            out[line] = _doc_tuples(doc)
    return out


def evaluate_carb(
    sentences_path: str | Path,
    gold_path: str | Path,
    out_path: str | Path,
    nlp: Language | None = None,
) -> CarbScore:
    """Extract tuples for the CaRB sentences, write them to ``out_path`` and score them."""
    if nlp is None:
        from kg.nlp import load_nlp

        nlp = load_nlp(open_ie=True)
    extractions = extract_carb(read_sentences(sentences_path), nlp)
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    write_extractions(out_path, extractions)
    return score(read_gold(gold_path), extractions)
