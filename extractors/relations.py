"""The ``kg_relations`` component: statements from the dependency parse.

Each verb (and each copula, apposition, title, possessive and located name) yields
subject–predicate–object statements with negation, modality and attribution, scored by
``RelationExtractor.confidence`` (the rule's measured reliability and a few parse
features). Arguments that are entity mentions carry the document-local entity key set by
``kg_mentions``. The rules are general English grammar (control, coordination, passives,
complex prepositions, reported speech); nothing in them names a benchmark sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors.coref import antecedent
from extractors.mentions import DocMention, EntityCluster
from extractors.quotes import SPEECH_LEMMAS, Quote, find_quotes

__all__ = [
    "Argument",
    "RelationExtractor",
    "Statement",
    "make_relations",
    "object_controls",
    "tokens_text",
]

# Longer "sentences" are lists, tables or markup left in the text: no statements are
# read from them, which also bounds the extractor's work per sentence.
MAX_SENTENCE_TOKENS = 250
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "oprd"})
# "fail to capture" states that the capture did not happen.
NEGATIVE_IMPLICATIVES = frozenset({"fail", "neglect", "decline"})
# Verbs of planning and wanting: what they govern has not happened (yet).
PLANNING_VERBS = frozenset(
    """
    consider plan intend weigh mull prepare contemplate propose want hope seek aim try
    attempt wish threaten promise vow pledge
    """.split()
)
POSSIBLE_MODALS = frozenset({"could", "might", "may", "would", "should", "can", "must", "ought"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll"})
REPORTED_ADVERBS = frozenset({"reportedly", "allegedly", "apparently", "purportedly"})
# Heads of a noun phrase that only measure or classify what follows "of".
LIGHT_HEADS = frozenset(
    {"form", "kind", "type", "sort", "series", "number", "lot", "couple", "variety", "range"}
)
PRONOUNS = frozenset(
    {"he", "she", "him", "her", "they", "them", "it", "we", "us", "i", "me", "you"}
)
UNRESOLVABLE = frozenset(
    {"it", "they", "them", "this", "that", "which", "who", "whom", "what", "these", "those"}
)
SKIP_OBJECT_ENTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Verbs whose object does what the infinitive after it says ("urged the company to close
# the plant": the company closes it). With other verbs the subject does ("promised
# residents to rebuild", "used the designation to claim").
OBJECT_CONTROL = frozenset(
    """
    advise allow appoint ask assign authorize beg cause challenge choose command commission
    compel convince direct elect employ enable encourage expect force get help hire
    implore inspire instruct invite lead order pay permit persuade press pressure prompt
    push recruit remind require select send task teach tell train urge want warn
    """.split()
)
# Verbs whose participle after a clause has the whole event as its subject.
RESULT_VERBS = frozenset({"result", "lead", "cause", "prompt", "trigger", "spark", "bring"})
# Object-control verbs that say the infinitive happened ("forced them to leave").
IMPLICATIVE_CONTROL = frozenset({"cause", "compel", "force", "get", "help", "lead"})
# Prepositions that open an adverbial clause: the gerund after them is a clause of its
# own with the main subject ("after leaving the ministry, she ...").
ADVERBIAL_PREPS = frozenset(
    {"after", "before", "since", "upon", "on", "while", "despite", "by", "through", "without"}
)
# "without the consent", "except the mayor": the object is what is absent or left out.
ABSENCE_PREPS = frozenset({"without", "except"})
# Prepositions whose object only places a statement in time ("during the visit").
TIME_PREPS = frozenset({"during", "following", "until", "till", "throughout", "since"})
# Nouns of adverbial idioms, never arguments ("on the contrary", "as a whole", "in fact").
IDIOM_NOUNS = frozenset({"contrary", "whole", "turn", "fact"})
# Prepositions that make adverbial idioms with a bare noun ("in turn", "by hand").
IDIOM_PREPS = frozenset({"in", "at", "by", "on", "as"})
# Nouns that only place a statement in time ("at this point", "at the time").
TEMPORAL_NOUNS = frozenset({"time", "moment", "point", "stage", "period", "era", "outset", "date"})
# Relational nouns: a person's relation to someone, not a title ("his son, Jan Weber").
RELATIONAL_NOUNS = frozenset(
    {
        "son",
        "daughter",
        "child",
        "brother",
        "sister",
        "father",
        "mother",
        "parent",
        "husband",
        "wife",
        "widow",
        "widower",
        "spouse",
        "grandson",
        "granddaughter",
        "grandfather",
        "grandmother",
        "uncle",
        "aunt",
        "nephew",
        "niece",
        "cousin",
        "friend",
        "partner",
        "fiancé",
        "fiancée",
        "girlfriend",
        "boyfriend",
    }
)
# Nouns that name the place after "of" ("the city of Lyon"), not something it has.
PLACE_CLASSIFIERS = frozenset(
    {
        "city",
        "town",
        "village",
        "state",
        "province",
        "county",
        "region",
        "country",
        "island",
        "port",
        "republic",
        "kingdom",
        "district",
        "municipality",
        "borough",
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC"})
LOCATED_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})
# Confidence. Each rule's reliability is the mean CaRB match precision of its tuples on
# the CaRB development split (best match per tuple; rounded to 0.05). CaRB leaves some
# true statements unannotated, so these are lower bounds; they set the order of the rules
# (possessives, which CaRB almost never annotates, are implicit "has" relations and go
# last; "role" has no CaRB tuple of its own and sits just under "copula"). Five parse
# features, weighed on the same split by least squares and rounded, adjust it: an entity
# subject (+), a subject that is not the verb's own dependent (shared through a
# conjunction, a relative clause, control, an agent phrase), a long sentence (per ten
# tokens beyond twenty, at most forty), a subject of more than eight words, subject and
# object of more than 25 words together. Fitted on one half of the split, the same model
# scores the other half's AUC within 0.015 of these rounded values.
RULE_RELIABILITY = {
    "passive-noagent": 0.85,
    "ccomp": 0.8,
    "prep": 0.75,
    "intransitive": 0.7,
    "svo": 0.7,
    "passive": 0.7,
    "copula": 0.7,
    "role": 0.65,
    "acomp": 0.6,
    "appos": 0.55,
    "title": 0.5,
    "location": 0.5,
    "possessive": 0.15,
}
ENTITY_SUBJECT_BONUS = 0.05
INHERITED_SUBJECT_PENALTY = 0.05
LONG_SENTENCE_PENALTY = 0.05
LONG_SUBJECT_PENALTY = 0.15
LONG_ARGUMENTS_PENALTY = 0.2
# Verbs that carry no content of their own when nothing follows them.
LIGHT_VERBS = frozenset({"be", "have", "do", "get"})


@dataclass(slots=True)
class Argument:
    """A subject or object: the phrase as written and its trimmed, canonical core."""

    text: str
    canonical: str
    key: str | None
    label: str | None
    start: int
    end: int


@dataclass(slots=True)
class Statement:
    """One statement found in one sentence."""

    subject: Argument
    predicate: str
    predicate_text: str
    object: Argument
    negated: bool
    modality: str | None
    attribution: str | None
    confidence: float
    rule: str
    sentence_index: int
    # The document index of the verb the statement was read from (None: a noun phrase).
    verb: int | None = None


@dataclass(slots=True)
class _Frame:
    """What a clause contributes to every statement made from it."""

    negated: bool
    modality: str | None
    attribution: str | None
    speaker: Argument | None


# The frame of a statement outside any clause (appositions, titles, possessives).
_NO_FRAME = _Frame(False, None, None, None)


def _setup_extensions() -> None:
    if not Doc.has_extension("kg_statements"):
        Doc.set_extension("kg_statements", default=None)
    if not Doc.has_extension("kg_entities"):
        Doc.set_extension("kg_entities", default=None)
    if not Token.has_extension("kg_entity"):
        Token.set_extension("kg_entity", default=None)


def _conjuncts(token: Token) -> list[Token]:
    """The token and every token conjoined with it ("CNN and the Times")."""
    out = [token]
    for child in token.children:
        if (child.dep_ == "conj" and child.pos_ == token.pos_) or (
            child.dep_ == "conj" and child.pos_ in NOUNISH and token.pos_ in NOUNISH
        ):
            out.extend(_conjuncts(child))
    return out


def _no(token: Token) -> bool:
    """Whether the noun phrase is quantified by "no" ("no final decision")."""
    return any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def own_aux(verb: Token) -> bool:
    """Whether ``verb`` has auxiliaries of its own ("has been", "was")."""
    return any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def object_controls(verb: Token) -> bool:
    """Whether the object of ``verb`` is the subject of its infinitive ("urged X to")."""
    return verb.lemma_.lower() in OBJECT_CONTROL and any(
        c.dep_ in ("dobj", "obj") for c in verb.children
    )


def _phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase under ``head``, without clauses, appositions and conjuncts."""
    keep: list[Token] = []
    stop = {"relcl", "appos", "conj", "cc", "acl", "advcl", "punct", "prep", "ccomp", "parataxis"}

    def walk(token: Token) -> None:
        keep.append(token)
        for child in token.children:
            if child.dep_ in stop:
                if child.dep_ == "prep" and child.lower_ == "of" and token is head:
                    walk(child)
                continue
            walk(child)

    walk(head)
    keep.sort(key=lambda t: t.i)
    # Trim to a contiguous span around the head, within the head's line.
    ids = {t.i for t in keep}
    doc = head.doc
    start = head.i
    while start - 1 in ids and not _line_break_after(doc[start - 1]):
        start -= 1
    end = head.i
    while end + 1 in ids and not _line_break_after(doc[end]):
        end += 1
    return [t for t in keep if start <= t.i <= end]


def _line_break_after(token: Token) -> bool:
    return "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)


def _canonical_tokens(tokens: list[Token], head: Token) -> list[Token]:
    """Drop determiners, quantifiers and light heads ("any form of intervention")."""
    definite = any(c.lower_ == "the" for c in head.children)
    # "a number of cartels" is cartels; "the number of personnel" is a count.
    if head.lemma_.lower() in LIGHT_HEADS and not (definite and head.lemma_.lower() == "number"):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return _canonical_tokens(_phrase_tokens(objects[0]), objects[0])
    out = []
    for token in tokens:
        if token.dep_ in ("det", "predet") or token.tag_ in ("PRP$", "WP$"):
            continue
        if token.dep_ == "case" or (token.is_punct and token.i in (tokens[0].i, tokens[-1].i)):
            continue
        out.append(token)
    return out or tokens


def tokens_text(tokens: Iterable[Token]) -> str:
    """Tokens as written, with a space where dropped tokens leave a gap."""
    ordered = list(tokens)
    parts: list[str] = []
    for position, token in enumerate(ordered):
        parts.append(token.text)
        if position + 1 < len(ordered):
            contiguous = ordered[position + 1].i == token.i + 1
            parts.append(token.whitespace_ if contiguous else " ")
    return "".join(parts).strip()


class RelationExtractor:
    """Turn each sentence's parse into statements; sets ``doc._.kg_statements``."""

    def __init__(self, keep_pronouns: bool = False) -> None:
        _setup_extensions()
        self.keep_pronouns = keep_pronouns
        # Sentence-level open IE (CaRB): also one-argument statements and every located
        # noun; the graph wants neither.
        self.open_ie = keep_pronouns
        self._quote_of: dict[int, Quote] = {}
        self._mention_at: dict[int, DocMention] = {}
        self._entities: dict[str, EntityCluster] = {}
        self._sentence_tokens = 0
        self._breaks: list[int] = []
        self._subjects: dict[int, list[Token]] = {}
        self._patients: dict[int, list[Token]] = {}

    def __call__(self, doc: Doc) -> Doc:
        statements: list[Statement] = []
        # Token index -> quotation and -> entity mention, built once per document.
        self._quote_of = {}
        for quote in find_quotes(doc):
            for i in range(quote.start, quote.end):
                self._quote_of[i] = quote
        self._mention_at = {
            i: mention
            for mention in doc._.kg_mentions or []
            for i in range(mention.span.start, mention.span.end)
        }
        self._entities = doc._.kg_entities or {}
        self._subjects = {}
        self._patients = {}
        for index, sent in enumerate(doc.sents):
            if len(sent) > MAX_SENTENCE_TOKENS:
                continue  # not a sentence: a run-on list, a table, markup left in text
            statements.extend(self.sentence_statements(sent, index))
        doc._.kg_statements = statements
        return doc

    def _key(self, token: Token) -> str | None:
        """The entity key of a token inside a mention (``token._.kg_entity``, which the
        mentions component sets, read from the index built per document: the
        extension's attribute lookup costs more than the rest of a hot loop)."""
        mention = self._mention_at.get(token.i)
        return mention.key if mention is not None else None

    # -- arguments -------------------------------------------------------------------

    def argument(self, token: Token, apposition: bool = True) -> Argument | None:
        """The argument a head token stands for, or None when it says nothing.

        With ``apposition``, a noun stands for the named entity in apposition to it.
        """
        entities = self._entities
        # "the ambassador, Ronald Johnson," -> the named entity stands for the noun.
        if apposition and self._key(token) is None and token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                if child.dep_ == "appos" and self._key(child) is not None:
                    token = child
                    break
        mention = self._mention_at.get(token.i)
        if mention is not None:
            span = mention.span
            cluster = entities.get(mention.key)
            name = cluster.name if cluster is not None else span.text
            label = cluster.label if cluster is not None else span.label_
            return Argument(
                text=span.text,
                canonical=name,
                key=mention.key,
                label=label,
                start=span.start_char,
                end=span.end_char,
            )
        lower = token.lower_
        if lower in IDIOM_NOUNS:
            return None  # "on the contrary", "as a whole"
        if token.pos_ == "PRON" or lower in PRONOUNS:
            found = antecedent(token, self._key)
            cluster = entities.get(found) if found is not None else None
            if cluster is None:
                return self.bare_pronoun(token) if self.keep_pronouns else None
            return Argument(
                text=token.text,
                canonical=cluster.name,
                key=found,
                label=cluster.label,
                start=token.idx,
                end=token.idx + len(token.text),
            )
        if lower in UNRESOLVABLE:
            return self.bare_pronoun(token) if self.keep_pronouns else None
        if token.pos_ not in NOUNISH | {"ADJ", "VERB"}:
            return None
        tokens = _phrase_tokens(token)
        core = _canonical_tokens(tokens, token)
        canonical = tokens_text(core)
        if not canonical or not any(ch.isalnum() for ch in canonical):
            return None
        return Argument(
            text=tokens_text(tokens),
            canonical=canonical,
            key=None,
            label=None,
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1].text),
        )

    @staticmethod
    def bare_pronoun(token: Token) -> Argument:
        """A pronoun kept as written, without an entity behind it."""
        end = token.idx + len(token.text)
        return Argument(token.text, token.text, None, None, token.idx, end)

    # -- clause analysis --------------------------------------------------------------

    @staticmethod
    def relative_antecedent(token: Token) -> Token:
        """The noun a relative pronoun stands for ("Rubio, who …, and who …")."""
        if token.tag_ not in ("WP", "WDT") and token.lower_ != "that":
            return token
        verb = token.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        return verb.head if verb.dep_ in ("relcl", "acl") else token

    def subjects(self, verb: Token) -> list[Token]:
        """Subject heads of a verb, inherited through conjunction, control and relatives
        (computed once per token: chains of verbs would otherwise be walked again and
        again)."""
        known = self._subjects.get(verb.i)
        if known is None:
            known = self._subjects[verb.i] = self._find_subjects(verb)
        return known

    def patients(self, verb: Token) -> list[Token]:
        """Passive subject heads, shared by a conjoined participle ("was built and sold")."""
        known = self._patients.get(verb.i)
        if known is None:
            known = self._patients[verb.i] = self._find_patients(verb)
        return known

    def _find_subjects(self, verb: Token) -> list[Token]:
        own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if own:
            return [self.relative_antecedent(t) for s in own for t in _conjuncts(s)]
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
            return []
        parent = verb.head
        parent_is_verb = parent.i != verb.i and parent.pos_ in ("VERB", "AUX")
        if verb.dep_ == "conj" and parent_is_verb:
            # "were separated from the town and consisted of housing": an active verb
            # joined to a passive one shares its patient as subject.
            return self.subjects(parent) or self.patients(parent)
        if verb.dep_ == "xcomp" and parent_is_verb and object_controls(parent):
            # "urged the company to close the plant": the company closes it.
            controllers = [c for c in parent.children if c.dep_ in ("dobj", "obj")]
            return [self.relative_antecedent(t) for c in controllers for t in _conjuncts(c)]
        if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not own_aux(verb):
            return []  # a passive participle's subject is its patient (see patients)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.lemma_.lower() in RESULT_VERBS:
            return []  # "marched into the city, resulting in ...": the march results
        if verb.dep_ in ("xcomp", "advcl") and parent_is_verb:
            # "was designed to appear": the patient of the passive does the appearing.
            return self.patients(parent) or self.subjects(parent)
        if verb.dep_ == "xcomp" and parent.pos_ == "ADJ" and parent.head.i != parent.i:
            # "were able to reinforce": through the adjective to the clause's subject.
            return self.subjects(parent.head)
        if (
            verb.dep_ == "pcomp"
            and parent.lower_ in ADVERBIAL_PREPS
            and parent.head.pos_ in ("VERB", "AUX")
        ):
            # "After leaving the ministry, Weber joined a bank": Weber left it.
            return self.subjects(parent.head) or self.patients(parent.head)
        speaking = verb.dep_ == "acl" and verb.lemma_.lower() in SPEECH_LEMMAS
        if speaking and verb.tag_ == "VBG" and self._key(parent) is None:
            # "She responded to the news of the flights, declaring that ...": a speaker
            # participle after a thing goes with the clause's subject.
            clause = next((t for t in parent.ancestors if t.pos_ in ("VERB", "AUX")), None)
            return [] if clause is None else self.subjects(clause)
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            # "a company making solar panels": the company makes them.
            return [parent]
        return []

    def _find_patients(self, verb: Token) -> list[Token]:
        own = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if own:
            return [self.relative_antecedent(c) for c in own]
        if verb.tag_ != "VBN" or verb.head.i == verb.i:
            return []
        if any(c.dep_ in ("aux", "auxpass", *SUBJECT_DEPS) for c in verb.children):
            return []
        if verb.dep_ == "conj":
            return self.patients(verb.head)
        if verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
            # "Founded in 1990, the firm grew": the firm was founded. "As noted in the
            # report, ..." comments on the sentence; nobody in it did the noting.
            if any(c.dep_ == "mark" for c in verb.children):
                return []
            return self.subjects(verb.head) or self.patients(verb.head)
        return []

    def frame(self, verb: Token, inherited: _Frame | None) -> _Frame:
        """Negation, modality and attribution of the clause headed by ``verb``."""
        # "left without paying the bill": the paying did not happen.
        negated = verb.dep_ == "pcomp" and verb.head.lower_ == "without"
        modality = inherited.modality if inherited else None
        attribution = inherited.attribution if inherited else None
        speaker = inherited.speaker if inherited else None
        for child in verb.children:
            lower = child.lower_
            if child.dep_ == "neg" or lower in ("never", "n't"):
                negated = True
            elif (child.dep_ == "aux" and lower in POSSIBLE_MODALS) or (
                child.dep_ == "mark" and lower in CONDITIONAL_MARKS
            ):
                # "could face fines"; "if the talks fail", "whether it will be asked".
                modality = "possible"
            elif child.dep_ == "aux" and lower in FUTURE_MODALS:
                modality = modality or "planned"
            elif lower in REPORTED_ADVERBS:
                modality = "reported"
            elif child.dep_ == "prep" and lower == "according":
                for grand in child.children:
                    pobj = [g for g in grand.children if g.dep_ == "pobj"]
                    if grand.lower_ == "to" and pobj:
                        arg = self.argument(pobj[0])
                        if arg is not None:
                            attribution = arg.canonical
        if verb.lemma_.lower() in PLANNING_VERBS:
            modality = modality or "planned"
        if verb.dep_ == "advcl" and any(c.tag_ == "TO" for c in verb.children):
            # "stepped up flights to collect intelligence": a purpose, not yet a fact.
            modality = modality or "planned"
        elif (
            verb.dep_ == "xcomp"
            and object_controls(verb.head)
            and verb.head.lemma_.lower() not in IMPLICATIVE_CONTROL
        ):
            # "urged the company to close the plant": asked for, not done.
            modality = modality or "planned"
        return _Frame(negated, modality, attribution, speaker)

    def objects(self, verb: Token) -> Iterator[tuple[str, Token, str]]:
        """(preposition or "", object head, rule) pairs governed by ``verb``."""
        direct = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        for child in verb.children:
            if child.dep_ == "dative":
                # "gave the farmers a warning": the recipient is an indirect object.
                for obj in _conjuncts(child):
                    yield "to", obj, "svo"
            elif (child.dep_ == "oprd" and direct) or (child in direct and child != direct[0]):
                # "labeled the cartels a threat": the threat is said of the cartels.
                continue
            elif child.dep_ in OBJECT_DEPS or (child.dep_ == "attr" and verb.lemma_ != "be"):
                for obj in _conjuncts(child):
                    # "the race which Keibler lost": the object is the relative's noun.
                    yield "", self.relative_antecedent(obj), "svo"
            elif child.dep_ == "prep":
                yield from self.prepositional_objects(child, child.lower_)
            elif child.dep_ in ("advmod", "acomp") and child.pos_ in ("ADV", "ADJ"):
                # "located close to the river", "is responsible for the leak": the
                # adjective or adverb joins the predicate with its preposition.
                for prep in (c for c in child.children if c.dep_ == "prep"):
                    yield from self.prepositional_objects(prep, f"{child.lower_} {prep.lower_}")

    @staticmethod
    def prepositional_objects(prep: Token, linker: str) -> Iterator[tuple[str, Token, str]]:
        """The objects of one preposition, as (linker, object head, "prep")."""
        if prep.lower_ not in ADVERBIAL_PREPS:
            # "refrained from attacking cartels": the gerund joins the predicate.
            for pcomp in (c for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"):
                for obj in (c for c in pcomp.children if c.dep_ in ("dobj", "obj")):
                    for conj in _conjuncts(obj):
                        yield f"{linker} {pcomp.lemma_.lower()}", conj, "prep"
        if prep.lower_ in ABSENCE_PREPS | TIME_PREPS:
            return
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.ent_type_ in SKIP_OBJECT_ENTS or pobj.lemma_.lower() in TEMPORAL_NOUNS:
                continue
            bare = pobj.tag_ == "NN" and not any(
                c.dep_ in ("det", "poss", "amod", "compound") for c in pobj.children
            )
            if bare and prep.lower_ in IDIOM_PREPS:
                # A bare noun between prepositions is part of a complex preposition:
                # "in advance of", "in concert with", "on behalf of", "as part of" ...
                inner = [c for c in pobj.children if c.dep_ == "prep"]
                if len(inner) == 1 and inner[0].lower_ in ("of", "with", "to", "for"):
                    for obj in (c for c in inner[0].children if c.dep_ == "pobj"):
                        for conj in _conjuncts(obj):
                            yield f"{linker} {pobj.lower_} {inner[0].lower_}", conj, "prep"
                    continue
                if not list(pobj.children):
                    continue  # ... or an adverbial idiom: "in turn", "at least", "by hand"
            for obj in _conjuncts(pobj):
                yield linker, obj, "prep"

    # -- statements -------------------------------------------------------------------

    def sentence_statements(self, sent: Span, index: int) -> list[Statement]:
        out: list[Statement] = []
        frames: dict[int, _Frame] = {}
        self._sentence_tokens = len(sent)
        # Line breaks inside a parsed sentence (a headline run into the first paragraph):
        # no statement links words across one.
        self._breaks = [t.i for t in sent if _line_break_after(t)]
        for token in sent:
            pos, dep = token.pos_, token.dep_
            if pos in ("VERB", "AUX") and dep not in ("aux", "auxpass"):
                out.extend(self.verb_statements(token, index, frames))
            key = self._key(token)
            if dep != "compound" and (key is not None or pos in ("NOUN", "PROPN")):
                if key is not None:
                    out.extend(self.apposition_statements(token, index))
                else:
                    out.extend(self.noun_apposition_statements(token, index))
                out.extend(self.location_statements(token, index, key))
            if key is not None and (dep == "poss" or (dep == "pobj" and token.head.lower_ == "of")):
                out.extend(self.possessive_statements(token, index))
        return out

    def crosses_break(self, a: int, b: int) -> bool:
        """Whether a line break lies between token positions ``a`` and ``b``."""
        low, high = min(a, b), max(a, b)
        return any(low <= i < high for i in self._breaks)

    def clause_frame(self, verb: Token, frames: dict[int, _Frame]) -> _Frame:
        if verb.i in frames:
            return frames[verb.i]
        inherited: _Frame | None = None
        if verb.dep_ in ("ccomp", "xcomp", "conj", "advcl", "relcl", "parataxis", "pcomp", "acl"):
            parent = verb.head
            if verb.dep_ == "pcomp" and parent.dep_ == "prep":
                parent = parent.head  # "after leaving …": the clause the phrase modifies
            if verb.dep_ in ("relcl", "acl"):
                # "claimed the country faces an invasion that justifies ...": a relative
                # clause is said by whoever says the clause its noun is in.
                parent = next((t for t in parent.ancestors if t.pos_ in ("VERB", "AUX")), verb)
            linked = parent.i != verb.i and not self.crosses_break(parent.i, verb.i)
            if linked and parent.pos_ in ("VERB", "AUX"):
                parent_frame = self.clause_frame(parent, frames)
                # Modality carries down to a shared, controlled or reported verb ("will
                # decide that the cost is too high", "would strike without consulting
                # Mexico"), never up ("she said the plant could close": the saying is
                # not possible), nor into adverbial or relative clauses.
                shares = verb.dep_ in ("xcomp", "conj", "ccomp", "pcomp")
                modality = parent_frame.modality if shares else None
                inherited = _Frame(False, modality, parent_frame.attribution, None)
                if verb.dep_ in ("ccomp", "parataxis") and parent.lemma_.lower() in SPEECH_LEMMAS:
                    speakers = [
                        a
                        for s in self.subjects(parent)
                        if not self.crosses_break(s.i, parent.i)
                        and (a := self.argument(s)) is not None
                    ]
                    if speakers:
                        inherited.attribution = speakers[0].canonical
                        inherited.speaker = speakers[0]
        frame = self.frame(verb, inherited)
        quote = self._quote_of.get(verb.i)
        if quote is not None and quote.speaker is not None and frame.speaker is None:
            speaker = self.argument(quote.speaker)
            if speaker is not None:
                frame.speaker = speaker
                frame.attribution = speaker.canonical
        frames[verb.i] = frame
        return frame

    def predicate(self, verb: Token) -> tuple[str, list[Token], bool]:
        """Lemma plus particles, with control verbs folded in ("refuse to rule out")."""
        words = [verb.lemma_.lower()]
        shown = [verb]
        for child in verb.children:
            if child.dep_ == "prt":
                words.append(child.lower_)
                shown.append(child)
        negated = False
        # "threatened to seize Greenland and turn Canada ...": a conjunct shares the control.
        control = verb
        while control.dep_ == "conj" and control.head.i != control.i:
            control = control.head
        parent = control.head
        if control.dep_ == "xcomp" and parent.pos_ == "VERB" and not object_controls(parent):
            lemma = parent.lemma_.lower()
            shown.append(parent)
            if lemma in NEGATIVE_IMPLICATIVES:
                negated = True
            else:
                # "refused to rule out", "is considering launching"
                to = [c.lower_ for c in control.children if c.dep_ == "aux" and c.lower_ == "to"]
                words = [lemma, *to, *words]
        return " ".join(words), sorted(shown, key=lambda t: t.i), negated

    def verb_statements(
        self, verb: Token, index: int, frames: dict[int, _Frame]
    ) -> list[Statement]:
        # A verb that only governs an xcomp speaks through it ("refused to rule out").
        if any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children) and not any(
            c.dep_ in OBJECT_DEPS for c in verb.children
        ):
            return []
        frame = self.clause_frame(verb, frames)
        predicate, shown, implicative_neg = self.predicate(verb)
        negated = frame.negated or implicative_neg
        if verb.dep_ == "xcomp":
            negated = negated or self.clause_frame(verb.head, frames).negated
        patients = self.patients(verb)
        passive = bool(patients) or (verb.dep_ == "acl" and verb.tag_ == "VBN")
        pairs: list[tuple[Token, str, Token, str]] = []  # subject, prep, object, rule
        subjects: list[Token] = []
        if passive:
            agents = [
                p
                for c in verb.children
                if c.dep_ == "agent"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if verb.dep_ == "acl":
                patients = [verb.head]
            subjects = [p for pt in patients for p in _conjuncts(pt)]
            if not agents and verb.dep_ != "acl":
                # "the workers were addressed at meetings": no agent, the patient is the
                # topic and the predicate stays passive; a retained object stays too
                # ("was awarded a medal", "was named chairman").
                for patient in subjects:
                    for prep, extra, _ in self.objects(verb):
                        pairs.append((patient, prep, extra, "passive-noagent"))
            for agent in (a for ag in agents for a in _conjuncts(ag)):
                for patient in subjects:
                    pairs.append((agent, "", patient, "passive"))
        else:
            subjects = self.subjects(verb)
            objects = list(self.objects(verb))
            if verb.lemma_ == "be":
                complements = [("", c, "copula") for c in verb.children if c.dep_ == "attr"]
                for acomp in (c for c in verb.children if c.dep_ == "acomp"):
                    # "is responsible for the leak" says more than "is responsible".
                    joined = [o for o in objects if o[0].startswith(f"{acomp.lower_} ")]
                    complements += joined or [("", acomp, "acomp")]
                # "was at the resort" only when nothing else is said of the subject.
                objects = complements or objects
            if not objects:
                objects = [("", c, "ccomp") for c in verb.children if c.dep_ == "ccomp"]
            for subject_head in subjects:
                for prep, object_head, rule in objects:
                    pairs.append((subject_head, prep, object_head, rule))
        out: list[Statement] = []
        for subject_tok, prep, object_tok, rule in pairs:
            if self.crosses_break(subject_tok.i, verb.i) or self.crosses_break(
                object_tok.i, verb.i
            ):
                continue
            subj = self.speaker_or_argument(subject_tok, frame)
            if subj is None:
                continue
            if rule == "ccomp":
                obj = self.clause_argument(object_tok)
            elif rule == "copula":
                out.extend(self.role_statements(subj, object_tok, index, frame, "copula"))
                continue
            else:
                obj = self.speaker_or_argument(object_tok, frame)
                complement = object_tok.dep_ in ("attr", "oprd") and object_tok.head.i == verb.i
                if complement and rule != "passive":
                    # "became mayor of Lyon", "was named chairman of the board": the
                    # complement is a role of the subject, as after a copula.
                    out.extend(self.role_statements(subj, object_tok, index, frame, "role"))
            if obj is None or obj.canonical.lower() == subj.canonical.lower():
                continue
            pred = f"{predicate} {prep}".strip() if prep else predicate
            if rule == "passive-noagent":
                pred = f"be {pred}"
            shown_text = tokens_text(shown) + (f" {prep}" if prep else "")
            out.append(
                self.statement(
                    subj,
                    pred,
                    shown_text,
                    obj,
                    frame,
                    rule,
                    index,
                    # "made no decision", "no company bid": "no" denies the statement.
                    negated=negated or _no(subject_tok) or _no(object_tok),
                    verb=verb,
                    inherited=subject_tok.head.i != verb.i,
                )
            )
        if not pairs and self.open_ie and verb.lemma_.lower() not in LIGHT_VERBS:
            # Open IE: a verb with nothing after it still says something of its subject
            # ("prices rose", "the wells were drilled in 1990").
            if not passive:
                subjects = self.subjects(verb)
            for subject_tok in subjects:
                subj = self.speaker_or_argument(subject_tok, frame)
                if subj is None:
                    continue
                pred = f"be {predicate}" if passive else predicate
                nothing = Argument("", "", None, None, verb.idx, verb.idx)
                out.append(
                    self.statement(
                        subj,
                        pred,
                        tokens_text(shown),
                        nothing,
                        frame,
                        "intransitive",
                        index,
                        negated=negated,
                        verb=verb,
                        inherited=subject_tok.head.i != verb.i,
                    )
                )
        return out

    def speaker_or_argument(self, token: Token, frame: _Frame) -> Argument | None:
        """First-person pronouns inside reported speech stand for the speaker."""
        if token.lower_ in ("we", "i", "us", "me") and frame.speaker is not None:
            speaker = frame.speaker
            return Argument(
                text=token.text,
                canonical=speaker.canonical,
                key=speaker.key,
                label=speaker.label,
                start=token.idx,
                end=token.idx + len(token.text),
            )
        return self.argument(token)

    def clause_argument(self, verb: Token) -> Argument | None:
        # The clause without its own "that"; an inner "if" stays, it changes the meaning.
        tokens = [
            t
            for t in verb.subtree
            if not (t.dep_ == "mark" and t.head.i == verb.i) and not t.is_punct
        ]
        if not tokens or len(tokens) > 25:
            return None
        text = tokens_text(tokens)
        return Argument(
            text=text,
            canonical=text,
            key=None,
            label=None,
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1].text),
        )

    def role_statements(
        self, subject: Argument, role: Token, index: int, frame: _Frame, rule: str
    ) -> list[Statement]:
        """ "X, head of Y" / "X was Y's administrator" -> X head of Y; else X has title."""
        out: list[Statement] = []
        modifiers = [
            t
            for t in role.children
            if t.i < role.i
            and (t.dep_ == "compound" or (t.dep_ == "amod" and t.tag_ in ("JJ", "VBG", "NNP")))
        ]
        role_tokens = sorted([*modifiers, role], key=lambda t: t.i)
        role_text = tokens_text(role_tokens)
        owner: Argument | None = None
        prep_word = "of"
        for child in role.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "to", "for", "at", "with"):
                pobj = [
                    c
                    for c in child.children
                    if c.dep_ == "pobj" and c.lemma_.lower() not in TEMPORAL_NOUNS
                ]
                if pobj and owner is None:
                    owner = self.argument(pobj[0])
                    prep_word = child.lower_
        if owner is None:
            for child in role.children:
                if child.dep_ == "poss" and child.tag_ != "PRP$":
                    owner = self.argument(child)
        title = Argument(
            text=role_text,
            canonical=" ".join(t.lemma_ if t is role else t.text for t in role_tokens),
            key=None,
            label=None,
            start=role_tokens[0].idx,
            end=role_tokens[-1].idx + len(role_tokens[-1].text),
        )
        if owner is not None and owner.canonical.lower() != subject.canonical.lower():
            out.append(
                self.statement(
                    subject,
                    f"{title.canonical.lower()} {prep_word}",
                    role_text,
                    owner,
                    frame,
                    rule,
                    index,
                )
            )
        is_title = (
            role.pos_ == "NOUN"
            and role.tag_ != "NNS"  # "Hees executives" names a group, not a title
            and role.lemma_.lower() not in RELATIONAL_NOUNS
        )
        if subject.label == "PERSON" and is_title and (owner is None or modifiers):
            out.append(
                self.statement(subject, "has title", role_text, title, frame, "title", index)
            )
        elif owner is None and rule in ("copula", "appos"):
            # "His son, Jan Weber": the role itself, not the name in apposition to it;
            # "two academics, Ana Ruiz and Tom Hale": one person is not a plural.
            obj = self.argument(role, apposition=False)
            plural_of_person = subject.label == "PERSON" and role.tag_ == "NNS"
            if (
                obj is not None
                and not plural_of_person
                and obj.canonical.lower() != subject.canonical.lower()
            ):
                out.append(self.statement(subject, "be", "be", obj, frame, rule, index))
        return out

    def possessive_statements(self, owner_token: Token, index: int) -> list[Statement]:
        """ "Mexico's top military officials", "the top officials of Mexico" -> Mexico has
        top military officials."""
        owned = owner_token.head
        linker = "'s"
        if owner_token.dep_ == "pobj":
            owned, linker = owned.head, owned.text
            if owned.dep_ in ("appos", "attr") or owned.lemma_.lower() in LIGHT_HEADS | {
                *PLACE_CLASSIFIERS
            }:
                # "the city of Lyon" names Lyon; "head of X" is a role (role_statements).
                return []
        if owned.pos_ != "NOUN" or self._key(owned) is not None:
            return []
        if any(c.dep_ == "appos" for c in owned.children):
            return []  # "Trump's nominee, Ronald Johnson": a role, see role_statements
        owner = self.argument(owner_token)
        if owner is None:
            return []
        dropped = {x.i for x in owner_token.subtree}
        if owner_token.dep_ == "pobj":
            dropped.add(owner_token.head.i)  # the "of"
        tokens = [
            t for t in _phrase_tokens(owned) if t.i not in dropped and t.dep_ not in ("det", "case")
        ]
        if not tokens:
            return []
        thing = Argument(
            text=tokens_text(tokens),
            canonical=tokens_text(tokens),
            key=None,
            label=None,
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1].text),
        )
        if owned.dep_ == "pobj" and owned.head.lower_ in ABSENCE_PREPS:
            # "(strikes) without Mexico's consent": what Mexico has is not said.
            return []
        frame = _NO_FRAME
        return [self.statement(owner, "has", linker, thing, frame, "possessive", index)]

    def location_statements(self, token: Token, index: int, key: str | None) -> list[Statement]:
        """ "the foundation in Berlin", "Lyon, France" -> X is in the place."""
        places = [
            place
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "in"
            for place in prep.children
            if place.dep_ == "pobj" and place.ent_type_ in PLACE_LABELS
        ]
        if token.ent_type_ in PLACE_LABELS:
            places += [
                c for c in token.children if c.dep_ == "appos" and c.ent_type_ in PLACE_LABELS
            ]
        if not places:
            return []
        if key is not None and self._key(token.head) == key and token.head.i != token.i:
            return []  # only the head token of a mention speaks for it
        if not self.open_ie and (key is None or token.ent_type_ not in LOCATED_LABELS):
            # The graph keeps where named places and organisations are; "strikes in
            # Mexico" is as often a possibility as an event.
            return []
        subject = self.argument(token)
        if subject is None:
            return []
        out: list[Statement] = []
        for place in places:
            obj = self.argument(place)
            if obj is not None and obj.canonical.lower() != subject.canonical.lower():
                out.append(
                    self.statement(subject, "be in", "in", obj, _NO_FRAME, "location", index)
                )
        return out

    def noun_apposition_statements(self, token: Token, index: int) -> list[Statement]:
        """ "the archive, a private library of maps" -> the archive is a private library."""
        roles = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        listed = any(c.dep_ == "conj" for c in token.children) or any(
            t.dep_ == "cc" for r in roles for t in r.subtree
        )
        if not roles or listed:
            return []  # "a state of emergency, a suspension of rights and other measures": a list
        subject = self.argument(token)
        if subject is None:
            return []
        out: list[Statement] = []
        for role in roles:
            out.extend(self.role_statements(subject, role, index, _NO_FRAME, "appos"))
        return out

    def apposition_statements(self, token: Token, index: int) -> list[Statement]:
        """Appositions and titles attached to an entity mention."""
        # Only the head token of a mention speaks for it.
        if self._key(token.head) == self._key(token) and token.head.i != token.i:
            return []
        subject = self.argument(token)
        if subject is None:
            return []
        frame = _NO_FRAME
        out: list[Statement] = []
        roles = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if token.dep_ == "appos" and token.head.pos_ == "NOUN" and self._key(token.head) is None:
            roles.append(token.head)
        for role in roles:
            out.extend(self.role_statements(subject, role, index, frame, "appos"))
        mention = self._mention_at.get(token.i)
        if mention is not None and mention.title:
            start = mention.span.start_char - len(mention.title) - 1
            title = Argument(
                text=mention.title,
                canonical=mention.title,
                key=None,
                label=None,
                start=max(start, 0),
                end=mention.span.start_char - 1,
            )
            out.append(
                self.statement(
                    subject,
                    "has title",
                    mention.title,
                    title,
                    _NO_FRAME,
                    "title",
                    index,
                )
            )
        return out

    def statement(
        self,
        subject: Argument,
        predicate: str,
        predicate_text: str,
        obj: Argument,
        frame: _Frame,
        rule: str,
        index: int,
        negated: bool | None = None,
        verb: Token | None = None,
        inherited: bool = False,
    ) -> Statement:
        """A statement in a clause's frame, scored by the rule that found it."""
        return Statement(
            subject=subject,
            predicate=predicate,
            predicate_text=predicate_text,
            object=obj,
            negated=frame.negated if negated is None else negated,
            modality=frame.modality,
            attribution=frame.attribution,
            confidence=self.confidence(rule, subject, obj, inherited),
            rule=rule,
            sentence_index=index,
            verb=None if verb is None else verb.i,
        )

    def confidence(
        self, rule: str, subject: Argument, obj: Argument, inherited: bool = False
    ) -> float:
        """How likely the statement is right: the rule's reliability, less what makes a
        parse doubtful (see ``RULE_RELIABILITY``)."""
        score = RULE_RELIABILITY.get(rule, 0.5)
        if subject.key is not None:
            score += ENTITY_SUBJECT_BONUS
        if inherited:
            score -= INHERITED_SUBJECT_PENALTY
        beyond = min(max(self._sentence_tokens - 20, 0), 40)
        score -= LONG_SENTENCE_PENALTY * beyond / 10
        if len(subject.text.split()) > 8:
            score -= LONG_SUBJECT_PENALTY
        if len(subject.text.split()) + len(obj.text.split()) > 25:
            score -= LONG_ARGUMENTS_PENALTY
        return round(max(0.05, min(1.0, score)), 3)


@Language.factory("kg_relations", default_config={"keep_pronouns": False})
def make_relations(nlp: Language, name: str, keep_pronouns: bool) -> RelationExtractor:
    """Factory registered with spaCy as ``kg_relations``.

    ``keep_pronouns`` switches on sentence-level open IE (CaRB evaluation): statements
    whose pronoun argument has no antecedent are kept, verbs without an object give
    one-argument statements and any noun may be located ("strikes in Mexico"); the graph
    wants none of these. (The name predates the other two; ``kg.nlp`` passes it.)
    """
    return RelationExtractor(keep_pronouns=keep_pronouns)
