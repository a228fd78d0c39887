"""Precision of the extracted triples on real news, from a seeded sample judged by hand.

The sample is seeded and uniform: the ``size`` triples whose ids rank lowest under a
seeded hash (SHA-256 of ``"{seed}:{id}"``). Unlike ``random.sample`` over the sorted list,
a triple's place in the sample does not depend on the other triples, so after an
extractor change the sample keeps every surviving triple it can and only the triples
that appeared or changed need a new judgment.

Judgments are matched by triple id: one JSON object per line with ``id``, ``subject``,
``predicate``, ``object``, ``negated``, ``modality``, ``attribution``, ``verdict`` (true
when a careful reader of the sentence agrees, with negation, modality and attribution as
marked) and ``reason`` (why a false one is false). A judgment counts only while the
triple still reads the same; a sampled triple without a matching judgment is listed, so
that the judgments can be refreshed. The judgments never hold the article sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = [
    "DEFAULT_SAMPLE",
    "DEFAULT_SEED",
    "Judgment",
    "PrecisionReport",
    "judge_sample",
    "main",
    "read_judgments",
    "read_triples",
    "sample_triples",
]

DEFAULT_SEED = 2026
DEFAULT_SAMPLE = 100
# The fields a judgment repeats from its triple: if any differs, the judgment is stale.
_KEY_FIELDS = ("subject", "predicate", "object", "negated", "modality", "attribution")
_OPTIONAL = ("modality", "attribution")


@dataclass(frozen=True, slots=True)
class Judgment:
    """One hand judgment of one triple."""

    id: str
    subject: str
    predicate: str
    object: str
    negated: bool
    modality: str | None
    attribution: str | None
    verdict: bool
    reason: str = ""

    def matches(self, triple: Mapping[str, Any]) -> bool:
        """Whether ``triple`` still reads as the triple that was judged."""
        return all(getattr(self, name) == triple.get(name) for name in _KEY_FIELDS)


@dataclass(slots=True)
class PrecisionReport:
    """Judged sample: correct over judged, and what still needs a judgment."""

    sampled: int
    correct: int = 0
    judged: int = 0
    unjudged: list[dict[str, Any]] = field(default_factory=list)
    false: list[tuple[dict[str, Any], Judgment]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0


def read_triples(path: str | Path) -> list[dict[str, Any]]:
    """The triples of an export's ``triples.jsonl``."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _judgment(row: Mapping[str, Any], where: str) -> Judgment:
    missing = [name for name in ("id", *_KEY_FIELDS, "verdict") if name not in row]
    if missing:
        raise InputError(where, f"judgment without {', '.join(missing)}")
    strings = ("id", "subject", "predicate", "object")
    if not all(isinstance(row[name], str) for name in strings):
        raise InputError(where, "id, subject, predicate and object must be strings")
    if not isinstance(row["negated"], bool) or not isinstance(row["verdict"], bool):
        raise InputError(where, "negated and verdict must be true or false")
    if not all(row[name] is None or isinstance(row[name], str) for name in _OPTIONAL):
        raise InputError(where, "modality and attribution must be strings or null")
    reason = row.get("reason") or ""
    if not isinstance(reason, str):
        raise InputError(where, "reason must be a string")
    if not row["verdict"] and not reason.strip():
        raise InputError(where, "a false verdict needs a reason")
    return Judgment(
        id=row["id"],
        subject=row["subject"],
        predicate=row["predicate"],
        object=row["object"],
        negated=row["negated"],
        modality=row["modality"],
        attribution=row["attribution"],
        verdict=row["verdict"],
        reason=reason,
    )


def read_judgments(path: str | Path) -> dict[str, Judgment]:
    """Judgments keyed by triple id; a malformed line or a repeated id is an error."""
    out: dict[str, Judgment] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(where, f"not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise InputError(where, "a judgment is a JSON object")
            judgment = _judgment(row, where)
            if judgment.id in out:
                raise InputError(where, f"triple {judgment.id} judged twice")
            out[judgment.id] = judgment
    return out


def _rank(seed: int, triple_id: str) -> str:
    return hashlib.sha256(f"{seed}:{triple_id}".encode()).hexdigest()


def sample_triples(
    triples: Iterable[Mapping[str, Any]], size: int = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED
) -> list[dict[str, Any]]:
    """The seeded sample: the ``size`` triples whose ids hash lowest under ``seed``."""
    ranked = sorted((dict(t) for t in triples), key=lambda t: _rank(seed, str(t["id"])))
    return ranked[:size]


def judge_sample(
    sample: Sequence[Mapping[str, Any]], judgments: Mapping[str, Judgment]
) -> PrecisionReport:
    """Precision over the sampled triples that have a current judgment.

    >>> j = Judgment("t1", "A", "warn", "B", False, None, None, True)
    >>> report = judge_sample([{"id": "t1", "subject": "A", "predicate": "warn",
    ...     "object": "B", "negated": False, "modality": None, "attribution": None},
    ...     {"id": "t2"}], {"t1": j})
    >>> (report.correct, report.judged, [t["id"] for t in report.unjudged])
    (1, 1, ['t2'])
    """
    report = PrecisionReport(sampled=len(sample))
    for triple in sample:
        judgment = judgments.get(str(triple.get("id")))
        if judgment is None or not judgment.matches(triple):
            report.unjudged.append(dict(triple))
            continue
        report.judged += 1
        if judgment.verdict:
            report.correct += 1
        else:
            report.false.append((dict(triple), judgment))
    return report


def _show(triple: Mapping[str, Any]) -> str:
    neg = "NOT " if triple.get("negated") else ""
    flags = [f"{k}={triple[k]}" for k in _OPTIONAL if triple.get(k)]
    text = f"({triple.get('subject')}; {neg}{triple.get('predicate')}; {triple.get('object')})"
    return " ".join([text, *flags])


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of ``scripts/bench_precision``: print the precision of the sample."""
    parser = argparse.ArgumentParser(
        prog="bench_precision", description="Precision of a seeded, hand-judged triple sample."
    )
    parser.add_argument("--export", type=Path, default=Path("build/seeds-kg"))
    parser.add_argument(
        "--judgments", type=Path, default=Path("benchmarks/precision/seeds-judgments.jsonl")
    )
    parser.add_argument("--sample", type=int, default=DEFAULT_SAMPLE)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--show-unjudged",
        action="store_true",
        help="also print each unjudged triple's sentence (for the person judging)",
    )
    args = parser.parse_args(argv)
    triples_path = args.export / "triples.jsonl"
    if not triples_path.is_file():
        print(f"bench_precision: {triples_path} not found (build the export)", file=sys.stderr)
        return 2
    try:
        judgments = read_judgments(args.judgments) if args.judgments.is_file() else {}
    except InputError as exc:
        print(f"bench_precision: {exc}", file=sys.stderr)
        return 2
    triples = read_triples(triples_path)
    report = judge_sample(sample_triples(triples, args.sample, args.seed), judgments)
    print(
        f"Precision on {args.export} ({len(triples)} triples; sample of {report.sampled}, "
        f"seed {args.seed}; judgments {args.judgments})"
    )
    print(f"  judged     {report.judged}")
    print(f"  correct    {report.correct}")
    print(f"  precision  {report.precision:.3f}")
    if report.false:
        print("False triples:")
        for triple, judgment in report.false:
            print(f"  {triple['id']}  {_show(triple)}  [{triple.get('rule')}] {judgment.reason}")
    if report.unjudged:
        print(f"Sampled triples without a current judgment ({len(report.unjudged)}):")
        for triple in report.unjudged:
            print(f"  {triple.get('id')}  {_show(triple)}  [{triple.get('rule')}]")
            if args.show_unjudged:
                print(f"      {triple.get('sentence')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
