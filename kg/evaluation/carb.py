"""CaRB-compatible scoring of open information extraction tuples.

A re-implementation of the official CaRB scorer (``carb.py`` with the default
``Matcher.binary_linient_tuple_match`` from ``matcher.py`` in dair-iitd/CaRB,
Bhardwaj, Aggarwal and Mausam, EMNLP 2019; MIT licence, copyright (c) 2021 DAIR
Group, IIT Delhi).  No code is vendored: the behaviour is rewritten here so that
it gives the same figures without numpy, scikit-learn or nltk.

What the official scorer does, and therefore what this module does:

* Sentences are keys: both sides are normalised by deleting spaces, undoing the
  PTB bracket escapes (``-LRB-`` ...) and deleting ASCII punctuation.  When two
  sentences of one side normalise to the same key the later one wins.  Only
  gold sentences are scored; system tuples for other sentences only add
  confidence thresholds.
* A gold/system pair is compared on whitespace-split words, case-sensitively
  and *without* removing stop words (the official default matcher ignores its
  ``ignoreStopwords``/``ignoreCase`` arguments).  Arguments after the first are
  joined into one on both sides.  Words are matched as multisets, predicate
  first: no shared predicate word (a system ``be`` may match any form of *be*
  in the gold predicate) scores ``(0, 0)``, as does a system tuple with fewer
  arguments than the gold tuple's first two.  The arguments need not share a
  word.  Only as many system arguments as the gold tuple has are counted.
  Precision and recall are matched words over system and over gold words.
* When the gold predicate contains ``said``/``told``/``added``/``adds``/``says``
  (as a substring) the system arguments are also tried swapped and the
  larger ``(precision, recall)`` pair, compared lexicographically, is kept.
* For each distinct system confidence ``t`` (ascending), tuples with
  confidence ``>= t`` are kept.  Recall sums, over gold tuples, the best recall
  of any kept tuple, over the number of gold tuples.  Precision greedily pairs
  gold and kept tuples one to one, repeatedly taking the pair with the highest
  precision (first in gold-major order on ties), sums those precisions and
  divides by the number of kept tuples (1 when nothing is kept).
* The reported point is the threshold with the best F1 (the lowest threshold
  on ties, points where precision and recall are both 0 skipped); the AUC is
  the trapezoidal area under the curve of all threshold points followed by the
  point (recall 0, precision 1).
"""

from __future__ import annotations

import math
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from kg.errors import InputError

__all__ = [
    "CarbScore",
    "CarbTuple",
    "match_tuples",
    "normalize_sentence",
    "read_extractions",
    "read_gold",
    "read_sentences",
    "score",
    "write_extractions",
]

# Penn Treebank bracket escapes, undone in sentence keys (as the official scorer).
_PTB_ESCAPES: tuple[tuple[str, str], ...] = (
    ("(", "-LRB-"),
    (")", "-RRB-"),
    ("[", "-LSB-"),
    ("]", "-RSB-"),
    ("{", "-LCB-"),
    ("}", "-RCB-"),
)
_PUNCT_TABLE = str.maketrans("", "", string.punctuation)
_FORMS_OF_BE: tuple[str, ...] = ("be", "is", "am", "are", "was", "were", "been", "being")
# Substrings of the gold predicate that allow the system arguments to be swapped.
_SAID_TYPE: tuple[str, ...] = ("said", "told", "added", "adds", "says")
# Gold arguments holding this are context annotations, dropped as the official reader does.
_GOLD_CONTEXT_MARK = "C: "


@dataclass(slots=True)
class CarbTuple:
    """One (predicate, arguments) extraction; ``confidence`` is 1 for gold tuples."""

    predicate: str
    args: list[str]
    confidence: float = 1.0


@dataclass(slots=True)
class CarbScore:
    """Scores at the best-F1 threshold, the AUC and the whole curve.

    ``curve`` holds one ``(precision, recall, threshold)`` point per distinct
    system confidence, in ascending order of threshold.
    """

    precision: float
    recall: float
    f1: float
    auc: float
    threshold: float
    curve: list[tuple[float, float, float]] = field(default_factory=list)


def normalize_sentence(sentence: str) -> str:
    """The key a sentence is compared under: no spaces, PTB escapes undone, no punctuation."""
    key = sentence.replace(" ", "")
    for plain, escaped in _PTB_ESCAPES:
        key = key.replace(escaped, plain)
    return key.translate(_PUNCT_TABLE)


def _lines(path: str | Path) -> Iterable[tuple[int, list[str]]]:
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            stripped = line.strip()
            if stripped:
                yield number, stripped.split("\t")


def read_gold(path: str | Path) -> dict[str, list[CarbTuple]]:
    """Read ``sentence \\t predicate \\t arg1 \\t arg2 ...`` gold tuples, grouped by sentence.

    Fields are stripped; arguments containing ``"C: "`` (CaRB's context
    annotations) are dropped, as the official gold reader does.
    """
    gold: dict[str, list[CarbTuple]] = {}
    for number, fields in _lines(path):
        if len(fields) < 2:
            raise InputError(f"{path}:{number}", "expected sentence and predicate")
        sentence, predicate = fields[0].strip(), fields[1].strip()
        args = [arg.strip() for arg in fields[2:] if _GOLD_CONTEXT_MARK not in arg]
        gold.setdefault(sentence, []).append(CarbTuple(predicate, args))
    return gold


def read_extractions(path: str | Path) -> dict[str, list[CarbTuple]]:
    """Read ``sentence \\t confidence \\t predicate \\t arg1 ...`` system tuples by sentence."""
    extractions: dict[str, list[CarbTuple]] = {}
    for number, fields in _lines(path):
        if len(fields) < 3:
            raise InputError(f"{path}:{number}", "expected sentence, confidence and predicate")
        sentence, confidence, predicate = fields[:3]
        try:
            value = float(confidence)
        except ValueError:
            raise InputError(f"{path}:{number}", f"bad confidence {confidence!r}") from None
        extractions.setdefault(sentence, []).append(CarbTuple(predicate, fields[3:], value))
    return extractions


def _field(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_extractions(path: str | Path, extractions: Mapping[str, Sequence[CarbTuple]]) -> None:
    """Write tuples in the tabbed format :func:`read_extractions` reads.

    Tabs and line breaks inside fields become spaces (scoring splits on
    whitespace, so this does not change scores).
    """
    with Path(path).open("w", encoding="utf-8") as handle:
        for sentence, tuples in extractions.items():
            for extraction in tuples:
                parts = [sentence, repr(float(extraction.confidence)), extraction.predicate]
                parts.extend(extraction.args)
                handle.write("\t".join(_field(part) for part in parts) + "\n")


def read_sentences(path: str | Path) -> list[str]:
    """One sentence per non-blank line, stripped."""
    with Path(path).open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def _binary_args(args: Sequence[str]) -> list[str]:
    if len(args) >= 2:
        return [args[0], " ".join(args[1:])]
    return list(args)


def _count_shared(gold_words: Sequence[str], system_words: list[str]) -> int:
    """Multiset overlap; matched words are removed from ``system_words``."""
    shared = 0
    for word in gold_words:
        if word in system_words:
            shared += 1
            system_words.remove(word)
    return shared


def _lenient_match(
    gold_pred: str, gold_args: Sequence[str], sys_pred: str, sys_args: Sequence[str]
) -> tuple[float, float]:
    system_words = sys_pred.split()
    gold_words = gold_pred.split()
    sys_total = len(system_words)
    gold_total = len(gold_words)
    shared = _count_shared(gold_words, system_words)
    # A leftover system "be" matches any form of "be" in the gold predicate.
    if "be" in system_words and any(form in gold_words for form in _FORMS_OF_BE):
        shared += 1
        system_words.remove("be")
    if shared == 0:
        return (0.0, 0.0)
    sys_matched = gold_matched = shared

    for i, gold_arg in enumerate(gold_args):
        gold_words = gold_arg.split()
        gold_total += len(gold_words)
        if i >= len(sys_args):
            if i < 2:
                return (0.0, 0.0)
            continue
        system_words = sys_args[i].split()
        sys_total += len(system_words)
        shared = _count_shared(gold_words, system_words)
        sys_matched += shared
        gold_matched += shared

    precision = sys_matched / sys_total if sys_total else 0.0
    recall = gold_matched / gold_total if gold_total else 0.0
    return (precision, recall)


def match_tuples(gold: CarbTuple, system: CarbTuple) -> tuple[float, float]:
    """``(precision, recall)`` of one system tuple against one gold tuple (binary lenient)."""
    gold_args = _binary_args(gold.args)
    straight = _lenient_match(
        gold.predicate, gold_args, system.predicate, _binary_args(system.args)
    )
    if not any(verb in gold.predicate for verb in _SAID_TYPE):
        return straight
    sys_args = system.args
    swapped = [" ".join(sys_args[1:]), sys_args[0]] if len(sys_args) >= 2 else list(sys_args)
    reverse = _lenient_match(gold.predicate, gold_args, system.predicate, swapped)
    return max(straight, reverse)


def _normalized(side: Mapping[str, Sequence[CarbTuple]]) -> dict[str, Sequence[CarbTuple]]:
    # Later sentences win on a key collision, as in the official ``normalizeDict``.
    return {normalize_sentence(sentence): tuples for sentence, tuples in side.items()}


def _greedy_precision(scores: Sequence[Sequence[tuple[float, float]]], kept: list[int]) -> float:
    """Sum of precisions of a one-to-one greedy matching of gold rows and kept columns."""
    total = 0.0
    free_rows = list(range(len(scores)))
    free_cols = list(kept)
    for _ in range(min(len(scores), len(kept))):
        best, best_row, best_col = -1.0, -1, -1
        for row in free_rows:
            for col in free_cols:
                precision = scores[row][col][0]
                if precision > best:
                    best, best_row, best_col = precision, row, col
        free_rows.remove(best_row)
        free_cols.remove(best_col)
        total += best
    return total


def _f1(precision: float, recall: float) -> float:
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _auc(x: Sequence[float], y: Sequence[float]) -> float:
    """Trapezoidal area, as ``sklearn.metrics.auc``: x must be monotonic."""
    steps = [b - a for a, b in pairwise(x)]
    direction = 1.0
    if any(step < 0 for step in steps):
        if not all(step <= 0 for step in steps):
            raise ValueError("recall is neither increasing nor decreasing")
        direction = -1.0
    area = math.fsum(step * (y[i] + y[i + 1]) / 2 for i, step in enumerate(steps))
    return direction * area


def score(
    gold: Mapping[str, Sequence[CarbTuple]], system: Mapping[str, Sequence[CarbTuple]]
) -> CarbScore:
    """Score system tuples against gold tuples the way the official CaRB scorer does."""
    gold_by_key = _normalized(gold)
    system_by_key = _normalized(system)

    thresholds = sorted({t.confidence for tuples in system_by_key.values() for t in tuples})
    if not thresholds:
        return CarbScore(0.0, 0.0, 0.0, 0.0, 0.0, [])
    index_of = {conf: i for i, conf in enumerate(thresholds)}
    count = len(thresholds)
    prec_num = [0.0] * count
    prec_den = [0] * count
    rec_num = [0.0] * count
    rec_den = [0] * count

    for key, gold_tuples in gold_by_key.items():
        predicted = system_by_key.get(key, ())
        scores = [[match_tuples(g, s) for s in predicted] for g in gold_tuples]
        start = 0
        for conf in sorted(s.confidence for s in predicted):
            end = index_of[conf] + 1
            if end <= start:  # a repeated confidence: its slice is already done
                continue
            kept = [j for j, s in enumerate(predicted) if s.confidence >= conf]
            recall = 0.0
            for row in scores:
                recall += max((row[j][1] for j in kept), default=0.0)
            precision = _greedy_precision(scores, kept)
            for c in range(start, end):
                prec_num[c] += precision
                prec_den[c] += len(kept)
                rec_num[c] += recall
                rec_den[c] += len(scores)
            start = end
        for c in range(start, count):
            rec_den[c] += len(scores)

    precisions = [n / d if d > 0 else 1.0 for n, d in zip(prec_num, prec_den, strict=True)]
    recalls = [n / d if d > 0 else 0.0 for n, d in zip(rec_num, rec_den, strict=True)]

    # Best F1, first on ties; points with precision and recall both 0 have an
    # undefined F1 in the official scorer (numpy NaN, skipped by nanargmax).
    best = -1
    best_f1 = -1.0
    for i, (p, r) in enumerate(zip(precisions, recalls, strict=True)):
        if p + r == 0:
            continue
        f1 = _f1(p, r)
        if f1 > best_f1:
            best, best_f1 = i, f1

    auc = _auc([*recalls, 0.0], [*precisions, 1.0])
    curve = list(zip(precisions, recalls, thresholds, strict=True))
    if best < 0:
        return CarbScore(0.0, 0.0, 0.0, auc, thresholds[0], curve)
    return CarbScore(precisions[best], recalls[best], best_f1, auc, thresholds[best], curve)
