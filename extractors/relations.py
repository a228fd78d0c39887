"""The ``kg_relations`` component: statements from the dependency parse.

Each verb (and each copula, apposition and title) yields subject–predicate–object
statements with negation, modality and attribution. Arguments that are entity mentions
carry the document-local entity key set by ``kg_mentions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors.coref import antecedent
from extractors.mentions import DocMention
from extractors.quotes import SPEECH_LEMMAS, Quote, find_quotes

__all__ = ["Argument", "RelationExtractor", "Statement", "make_relations", "tokens_text"]

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "oprd"})
# "fail to capture" states that the capture did not happen.
NEGATIVE_IMPLICATIVES = frozenset({"fail", "neglect", "decline"})
PLANNING_VERBS = frozenset(
    {"consider", "plan", "intend", "weigh", "mull", "prepare", "contemplate", "propose"}
)
POSSIBLE_MODALS = frozenset({"could", "might", "may", "would", "should", "can"})
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
    # Trim to a contiguous span around the head.
    ids = {t.i for t in keep}
    start = head.i
    while start - 1 in ids:
        start -= 1
    end = head.i
    while end + 1 in ids:
        end += 1
    return [t for t in keep if start <= t.i <= end]


def _canonical_tokens(tokens: list[Token], head: Token) -> list[Token]:
    """Drop determiners, quantifiers and light heads ("any form of intervention")."""
    if head.lemma_.lower() in LIGHT_HEADS:
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
        self._quote_of: dict[int, Quote] = {}
        self._mention_at: dict[int, DocMention] = {}

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
        for index, sent in enumerate(doc.sents):
            statements.extend(self.sentence_statements(sent, index))
        doc._.kg_statements = statements
        return doc

    # -- arguments -------------------------------------------------------------------

    def argument(self, token: Token) -> Argument | None:
        """The argument a head token stands for, or None when it says nothing."""
        entities = token.doc._.kg_entities or {}
        # "the ambassador, Ronald Johnson," -> the named entity stands for the noun.
        if token._.kg_entity is None and token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                if child.dep_ == "appos" and child._.kg_entity is not None:
                    token = child
                    break
        if token._.kg_entity is not None:
            mention = self._mention_at.get(token.i)
            span = mention.span if mention is not None else token.doc[token.i : token.i + 1]
            cluster = entities.get(token._.kg_entity)
            name = cluster.name if cluster is not None else span.text
            label = cluster.label if cluster is not None else span.label_
            return Argument(
                text=span.text,
                canonical=name,
                key=token._.kg_entity,
                label=label,
                start=span.start_char,
                end=span.end_char,
            )
        lower = token.lower_
        if token.pos_ == "PRON" or lower in PRONOUNS:
            found = antecedent(token)
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
        """Subject heads of a verb, inherited through conjunction, control and relatives."""
        own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if own:
            return [self.relative_antecedent(t) for s in own for t in _conjuncts(s)]
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
            return []
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head)
        if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            parent = verb.head
            patients = [c for c in parent.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
            # "was designed to appear": the patient of the passive does the appearing.
            return patients or self.subjects(parent)
        if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.head.i != verb.head.i:
            # "were able to reinforce": through the adjective to the clause's subject.
            return self.subjects(verb.head.head)
        if verb.dep_ == "relcl":
            return [verb.head]
        return []

    def frame(self, verb: Token, inherited: _Frame | None) -> _Frame:
        """Negation, modality and attribution of the clause headed by ``verb``."""
        negated = False
        modality = inherited.modality if inherited else None
        attribution = inherited.attribution if inherited else None
        speaker = inherited.speaker if inherited else None
        for child in verb.children:
            lower = child.lower_
            if child.dep_ == "neg" or lower in ("never", "n't"):
                negated = True
            elif child.dep_ == "aux" and lower in POSSIBLE_MODALS:
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
        return _Frame(negated, modality, attribution, speaker)

    def objects(self, verb: Token) -> Iterator[tuple[str, Token, str]]:
        """(preposition or "", object head, rule) pairs governed by ``verb``."""
        for child in verb.children:
            if child.dep_ == "dative":
                # "gave the farmers a warning": the recipient is an indirect object.
                for obj in _conjuncts(child):
                    yield "to", obj, "svo"
            elif child.dep_ in OBJECT_DEPS:
                for obj in _conjuncts(child):
                    # "the race which Keibler lost": the object is the relative's noun.
                    yield "", self.relative_antecedent(obj), "svo"
            elif child.dep_ == "prep":
                # "refrained from attacking cartels": the gerund joins the predicate.
                for pcomp in (c for c in child.children if c.dep_ == "pcomp" and c.tag_ == "VBG"):
                    for obj in (c for c in pcomp.children if c.dep_ in ("dobj", "obj")):
                        for conj in _conjuncts(obj):
                            yield f"{child.lower_} {pcomp.lemma_.lower()}", conj, "prep"
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if pobj.ent_type_ in SKIP_OBJECT_ENTS:
                        continue
                    for obj in _conjuncts(pobj):
                        yield child.lower_, obj, "prep"

    # -- statements -------------------------------------------------------------------

    def sentence_statements(self, sent: Span, index: int) -> list[Statement]:
        out: list[Statement] = []
        frames: dict[int, _Frame] = {}
        for token in sent:
            if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
                out.extend(self.verb_statements(token, index, frames))
            if token._.kg_entity is not None and token.dep_ != "compound":
                out.extend(self.apposition_statements(token, index))
            if token._.kg_entity is not None and token.dep_ == "poss":
                out.extend(self.possessive_statements(token, index))
        return out

    def clause_frame(self, verb: Token, frames: dict[int, _Frame]) -> _Frame:
        if verb.i in frames:
            return frames[verb.i]
        inherited: _Frame | None = None
        if verb.dep_ in ("ccomp", "xcomp", "conj", "advcl", "relcl", "parataxis"):
            parent = verb.head
            if parent.i != verb.i and parent.pos_ in ("VERB", "AUX"):
                parent_frame = self.clause_frame(parent, frames)
                # Modality carries over to a shared or controlled verb, not to a reported
                # clause ("she said the plant could close": the saying is not possible).
                modality = parent_frame.modality if verb.dep_ in ("xcomp", "conj") else None
                inherited = _Frame(False, modality, parent_frame.attribution, None)
                if verb.dep_ in ("ccomp", "parataxis") and parent.lemma_.lower() in SPEECH_LEMMAS:
                    speakers = [
                        a for s in self.subjects(parent) if (a := self.argument(s)) is not None
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
        parent = verb.head
        if verb.dep_ == "xcomp" and parent.pos_ == "VERB":
            lemma = parent.lemma_.lower()
            shown.append(parent)
            if lemma in NEGATIVE_IMPLICATIVES:
                negated = True
            else:
                # "refused to rule out", "is considering launching"
                to = [c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
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
        passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children) or (
            verb.dep_ == "acl" and verb.tag_ == "VBN"
        )
        pairs: list[tuple[Token, str, Token, str]] = []  # subject, prep, object, rule
        if passive:
            agents = [
                p
                for c in verb.children
                if c.dep_ == "agent"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            patients = [
                self.relative_antecedent(c) for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS
            ]
            if verb.dep_ == "acl":
                patients = [verb.head]
            if not agents and verb.dep_ != "acl":
                # "the workers were addressed at meetings": no agent, the patient is the
                # topic and the predicate stays passive.
                for patient in (p for pt in patients for p in _conjuncts(pt)):
                    for prep, extra, _ in self.objects(verb):
                        if prep:
                            pairs.append((patient, prep, extra, "passive-noagent"))
            for agent in (a for ag in agents for a in _conjuncts(ag)):
                for patient in (p for pt in patients for p in _conjuncts(pt)):
                    pairs.append((agent, "", patient, "passive"))
                    for prep, extra, _ in self.objects(verb):
                        if prep not in ("by",):
                            pairs.append((agent, prep, extra, "passive-prep"))
        else:
            subjects = self.subjects(verb)
            objects = list(self.objects(verb))
            if verb.lemma_ == "be":
                complements = [("", c, "copula") for c in verb.children if c.dep_ == "attr"]
                complements += [("", c, "acomp") for c in verb.children if c.dep_ == "acomp"]
                # "was at the resort" only when nothing else is said of the subject.
                objects = complements or objects
            if not objects:
                objects = [("", c, "ccomp") for c in verb.children if c.dep_ == "ccomp"]
            for subject_head in subjects:
                for prep, object_head, rule in objects:
                    pairs.append((subject_head, prep, object_head, rule))
        out: list[Statement] = []
        for subject_tok, prep, object_tok, rule in pairs:
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
            if obj is None or obj.canonical.lower() == subj.canonical.lower():
                continue
            pred = f"{predicate} {prep}".strip() if prep else predicate
            if rule == "passive-noagent":
                pred = f"be {pred}"
            shown_text = tokens_text(shown) + (f" {prep}" if prep else "")
            out.append(
                self.statement(subj, pred, shown_text, obj, frame, rule, index, negated=negated)
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
        tokens = [t for t in verb.subtree if t.dep_ != "mark" and not t.is_punct]
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
                pobj = [c for c in child.children if c.dep_ == "pobj"]
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
        if subject.label == "PERSON" and role.pos_ == "NOUN" and (owner is None or modifiers):
            out.append(
                self.statement(subject, "has title", role_text, title, frame, "title", index)
            )
        elif owner is None and rule == "copula":
            obj = self.argument(role)
            if obj is not None:
                out.append(self.statement(subject, "be", "be", obj, frame, rule, index))
        return out

    def possessive_statements(self, owner_token: Token, index: int) -> list[Statement]:
        """ "Mexico's top military officials" -> Mexico has top military officials."""
        owned = owner_token.head
        if owned.pos_ != "NOUN" or owned._.kg_entity is not None:
            return []
        if any(c.dep_ == "appos" for c in owned.children):
            return []  # "Trump's nominee, Ronald Johnson": a role, see role_statements
        owner = self.argument(owner_token)
        if owner is None:
            return []
        tokens = [
            t
            for t in _phrase_tokens(owned)
            if t.i not in {x.i for x in owner_token.subtree} and t.dep_ not in ("det", "case")
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
        frame = _NO_FRAME
        return [self.statement(owner, "has", "'s", thing, frame, "possessive", index)]

    def apposition_statements(self, token: Token, index: int) -> list[Statement]:
        """Appositions and titles attached to an entity mention."""
        # Only the head token of a mention speaks for it.
        if token.head._.kg_entity == token._.kg_entity and token.head is not token:
            return []
        subject = self.argument(token)
        if subject is None:
            return []
        frame = _NO_FRAME
        out: list[Statement] = []
        roles = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if token.dep_ == "appos" and token.head.pos_ == "NOUN" and token.head._.kg_entity is None:
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
            confidence=self.confidence(rule, subject, obj),
            rule=rule,
            sentence_index=index,
        )

    @staticmethod
    def confidence(rule: str, subject: Argument, obj: Argument) -> float:
        """A score from the rule that fired and how clean its arguments are."""
        base = {
            "svo": 0.9,
            "passive": 0.85,
            "title": 0.85,
            "copula": 0.8,
            "appos": 0.8,
            "prep": 0.7,
            "passive-prep": 0.6,
            "ccomp": 0.55,
            "possessive": 0.6,
            "acomp": 0.6,
            "passive-noagent": 0.45,
        }.get(rule, 0.6)
        if subject.key is None:
            base -= 0.1
        if subject.key is None and subject.text.lower() in PRONOUNS | UNRESOLVABLE:
            base -= 0.15  # a pronoun nobody could resolve says little on its own
        for arg in (subject, obj):
            words = len(arg.canonical.split())
            if words > 8:
                base -= 0.15
            elif words > 5:
                base -= 0.05
        return round(max(0.05, min(1.0, base)), 3)


@Language.factory("kg_relations", default_config={"keep_pronouns": False})
def make_relations(nlp: Language, name: str, keep_pronouns: bool) -> RelationExtractor:
    """Factory registered with spaCy as ``kg_relations``.

    ``keep_pronouns`` keeps statements whose pronoun argument has no antecedent (open IE
    evaluation on single sentences wants them; the graph does not).
    """
    return RelationExtractor(keep_pronouns=keep_pronouns)
