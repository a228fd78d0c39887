"""B-cubed precision and recall of entity resolution on hand-built documents.

Run with ``-s`` to see the figures and the wrongly merged or split clusters; they are also
written to ``test-artifacts/resolution-bcubed.json``.
"""

from __future__ import annotations

import doctest
import json

import pytest
from spacy.language import Language

from kg.pipeline import record_from_doc
from kg.records import Document
from kg.resolution import RuleBasedResolver
from tests import bcubed as bcubed_module
from tests.bcubed import bcubed, errors, load_gold, mappings
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "resolution" / "documents.jsonl"
ARTIFACT = ROOT / "test-artifacts" / "resolution-bcubed.json"
THRESHOLD = 0.95


def test_bcubed_on_a_hand_computed_example() -> None:
    # Gold: {a, b, c} is one entity, {d} another. System: {a, b}, {c, d}; e is unscored.
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y"}
    system = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2"}
    precision, recall = bcubed(gold, system)
    # Precision per item: a 2/2, b 2/2, c 1/2, d 1/2 -> 3/4.
    # Recall per item: a 2/3, b 2/3, c 1/3, d 1/1 -> (8/3) / 4 = 2/3.
    assert precision == pytest.approx(0.75)
    assert recall == pytest.approx(2 / 3)
    # A gold item the system missed is a singleton: full precision, lost recall.
    assert bcubed({"a": "X", "b": "X"}, {"a": "1"}) == (1.0, 0.5)


def test_bcubed_doctests() -> None:
    result = doctest.testmod(bcubed_module)
    assert result.attempted > 0 and result.failed == 0


def test_fixture_is_large_enough() -> None:
    documents = load_gold(FIXTURE)
    assert len(documents) >= 40
    assert all(doc.mentions for doc in documents)


def test_resolution_bcubed(nlp: Language) -> None:
    documents = load_gold(FIXTURE)
    records = [
        record_from_doc(
            nlp(doc.text),
            Document(id=doc.id, source=f"{doc.id}.txt", title=doc.id, text=doc.text),
        )
        for doc in documents
    ]
    resolution = RuleBasedResolver().resolve(records)
    gold, system = mappings(documents, records, resolution)
    precision, recall = bcubed(gold, system)
    problems = errors(gold, system)
    print(f"\nresolution B-cubed: precision={precision:.4f} recall={recall:.4f}")
    print(f"documents={len(documents)} gold mentions={len(gold)}")
    for kind in ("merged", "split"):
        for line in problems[kind]:
            print(f"  {kind}: {line}")
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(
        json.dumps(
            {
                "precision": precision,
                "recall": recall,
                "documents": len(documents),
                "mentions": len(gold),
                **problems,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    assert precision >= THRESHOLD and recall >= THRESHOLD, (precision, recall)
