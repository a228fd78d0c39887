"""Synthetic exports for load benchmarks and tests: the export contract at any size.

Written as a stream (constant memory whatever the size) and deterministic for a seed.
The shape follows a news corpus: about 50 statements per document, 3 per sentence, a
few hundred distinct predicates with a long tail, entities of the usual spaCy types and
non-entity arguments (concepts); some statements negated, attributed or hedged.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kg.export import DOCUMENTS, ENTITIES, TRIPLES
from kg.ids import entity_id, triple_id

__all__ = ["SyntheticSizes", "main", "write_synthetic_export"]

_TYPES = ("PERSON", "PERSON", "ORG", "ORG", "GPE", "NORP")
_VERBS = (
    "say warn reject accuse deny confirm announce meet visit lead head fund sue ask tell "
    "call close open order investigate inspect report blame support oppose join leave "
    "approve block sign plan expect consider urge praise criticise discuss publish reveal "
    "charge arrest release hire fire appoint replace pay owe buy sell build repair test"
).split()
_PARTICLES = ("", "", "", " out", " up", " off", " down", " over", " of", " to", " with")
_WORDS = (
    "river spill plant company valve report ministry border fish barge inquiry alarm "
    "solvent sample police court official minister commission vessel ban fund water "
    "tank lock safety leak warning deadline compensation investigation statement"
).split()


@dataclass(frozen=True, slots=True)
class SyntheticSizes:
    """How much a synthetic export of ``triples`` statements contains."""

    triples: int
    documents: int
    entities: int
    concepts: int
    predicates: int
    per_document: int = 50
    per_sentence: int = 3

    @classmethod
    def for_triples(cls, triples: int) -> SyntheticSizes:
        return cls(
            triples=triples,
            documents=max(1, -(-triples // 50)),
            entities=max(10, triples // 20),
            concepts=max(10, triples // 5),
            predicates=max(5, min(400, triples // 100)),
        )


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


def _entity_name(i: int, type_: str) -> str:
    return f"{type_.title()} {i:07d}"


def write_synthetic_export(directory: Path, triples: int, seed: int = 7) -> SyntheticSizes:
    """Write ``documents.jsonl``, ``entities.jsonl`` and ``triples.jsonl`` into
    ``directory`` with ``triples`` statements (one relationship each, barring the rare
    random repeat); returns the sizes used."""
    sizes = SyntheticSizes.for_triples(triples)
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    doc_ids = [f"doc-{i:07d}" for i in range(sizes.documents)]

    with (directory / DOCUMENTS).open("w", encoding="utf-8") as handle:
        for i, doc in enumerate(doc_ids):
            handle.write(
                _line(
                    {
                        "id": doc,
                        "source": f"synthetic/{doc}.txt",
                        "title": f"Synthetic article {i}",
                        "outlet": f"Outlet {i % 17}",
                        "published": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "url": f"https://example.org/synthetic/{doc}",
                        "chars": sizes.per_document * 60,
                    }
                )
            )

    types = [_TYPES[i % len(_TYPES)] for i in range(sizes.entities)]
    names = [_entity_name(i, t) for i, t in enumerate(types)]
    ids = [entity_id(t, n.lower()) for t, n in zip(types, names, strict=True)]
    with (directory / ENTITIES).open("w", encoding="utf-8") as handle:
        for i in range(sizes.entities):
            surname = names[i].rsplit(" ", 1)[-1]
            handle.write(
                _line(
                    {
                        "id": ids[i],
                        "name": names[i],
                        "type": types[i],
                        "aliases": [surname] if i % 3 == 0 else [],
                        "mentions": 1 + i % 9,
                        "sources": sorted(set(rng.sample(doc_ids, min(len(doc_ids), 1 + i % 4)))),
                        "titles": ["Minister"] if i % 11 == 0 else [],
                    }
                )
            )

    predicates = sorted({v + p for v in _VERBS for p in _PARTICLES})
    rng.shuffle(predicates)
    predicates = predicates[: sizes.predicates]
    weights = [1.0 / (rank + 1) for rank in range(len(predicates))]  # Zipf-like long tail
    concepts = [f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {i}" for i in range(sizes.concepts)]

    def argument() -> tuple[str, str | None, str | None]:
        if rng.random() < 0.5:
            i = rng.randrange(sizes.entities)
            return names[i], ids[i], types[i]
        return rng.choice(concepts), None, None

    with (directory / TRIPLES).open("w", encoding="utf-8") as handle:
        for n in range(triples):
            doc = doc_ids[n // sizes.per_document]
            index = (n % sizes.per_document) // sizes.per_sentence
            start = index * 60
            subject, subject_id, subject_type = argument()
            obj, object_id, object_type = argument()
            predicate = rng.choices(predicates, weights)[0]
            negated = rng.random() < 0.05
            draw = rng.random()
            modality = ("reported", "possible", "planned")[int(draw * 30)] if draw < 0.1 else None
            attribution = names[rng.randrange(sizes.entities)] if rng.random() < 0.15 else None
            word = _WORDS[(n // sizes.per_document + index) % len(_WORDS)]
            sentence = f"Sentence {index} of {doc}: {word} news."
            handle.write(
                _line(
                    {
                        "id": triple_id(doc, index, n),
                        "subject": subject,
                        "subject_id": subject_id,
                        "subject_type": subject_type,
                        "predicate": predicate,
                        "object": obj,
                        "object_id": object_id,
                        "object_type": object_type,
                        "negated": negated,
                        "modality": modality,
                        "attribution": attribution,
                        "confidence": round(0.5 + rng.random() * 0.45, 3),
                        "source": f"synthetic/{doc}.txt",
                        "doc_id": doc,
                        "sentence": sentence,
                        "sentence_index": index,
                        "start": start,
                        "end": start + len(sentence),
                        "subject_text": subject,
                        "predicate_text": predicate,
                        "object_text": obj,
                        "rule": "synthetic",
                    }
                )
            )
    return sizes


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.synthetic DIR TRIPLES [SEED]``: write a synthetic export."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print("usage: python -m kg.synthetic DIR TRIPLES [SEED]", file=sys.stderr)
        return 2
    sizes = write_synthetic_export(Path(args[0]), int(args[1]), *map(int, args[2:]))
    print(json.dumps({"directory": args[0], **asdict(sizes)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
