"""Hand-judged precision: the judgments file and the calculation on a tiny fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluation.precision import (
    Judgment,
    judge_sample,
    main,
    read_judgments,
    sample_triples,
)

ROOT = Path(__file__).resolve().parents[1]
JUDGMENTS = ROOT / "benchmarks" / "precision" / "seeds-judgments.jsonl"


def _triple(n: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": f"t{n:02d}",
        "subject": f"S{n}",
        "predicate": "warn",
        "object": f"O{n}",
        "negated": False,
        "modality": None,
        "attribution": None,
        "rule": "svo",
        "sentence": "not stored in judgments",
    }
    return {**base, **fields}


def _judgment(triple: dict[str, object], verdict: bool, reason: str = "") -> Judgment:
    return Judgment(
        id=str(triple["id"]),
        subject=str(triple["subject"]),
        predicate=str(triple["predicate"]),
        object=str(triple["object"]),
        negated=bool(triple["negated"]),
        modality=None if triple["modality"] is None else str(triple["modality"]),
        attribution=None if triple["attribution"] is None else str(triple["attribution"]),
        verdict=verdict,
        reason=reason,
    )


def test_judgments_file_is_well_formed_and_large_enough() -> None:
    judgments = read_judgments(JUDGMENTS)
    assert len(judgments) >= 100
    assert all(j.reason.strip() for j in judgments.values() if not j.verdict)
    for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
        # Judgments name the triple; the article sentence is never stored.
        assert "sentence" not in json.loads(line)


def test_precision_over_judged_triples_only() -> None:
    triples = [_triple(n) for n in range(4)]
    judgments = {
        "t00": _judgment(triples[0], True),
        "t01": _judgment(triples[1], False, "wrong object"),
        "t02": _judgment(triples[2], True),
    }
    report = judge_sample(triples, judgments)
    assert (report.sampled, report.judged, report.correct) == (4, 3, 2)
    assert report.precision == pytest.approx(2 / 3)
    assert [t["id"] for t in report.unjudged] == ["t03"]
    assert [j.reason for _, j in report.false] == ["wrong object"]


def test_a_judgment_of_a_triple_that_changed_is_stale() -> None:
    old = _triple(1)
    judgments = {"t01": _judgment(old, True)}
    report = judge_sample([_triple(1, object="another object")], judgments)
    assert report.judged == 0 and report.precision == 0.0
    assert [t["id"] for t in report.unjudged] == ["t01"]
    for changed in ({"negated": True}, {"modality": "possible"}, {"attribution": "Lenz"}):
        assert judge_sample([_triple(1, **changed)], judgments).judged == 0


def test_sample_is_seeded_and_independent_of_input_order() -> None:
    triples = [_triple(n) for n in range(50)]
    first = sample_triples(triples, 10, seed=2026)
    again = sample_triples(list(reversed(triples)), 10, seed=2026)
    assert [t["id"] for t in first] == [t["id"] for t in again]
    assert len({t["id"] for t in first}) == 10
    assert [t["id"] for t in sample_triples(triples, 10, seed=7)] != [t["id"] for t in first]
    assert len(sample_triples(triples[:3], 10)) == 3


def test_sample_keeps_its_triples_when_others_change() -> None:
    triples = [_triple(n) for n in range(50)]
    first = {t["id"] for t in sample_triples(triples, 10)}
    # Drop five triples outside the sample and add five new ones: at most five of the
    # sampled triples can be displaced.
    outside = [t for t in triples if t["id"] not in first][:5]
    changed = [t for t in triples if t not in outside] + [_triple(n) for n in range(50, 55)]
    second = {t["id"] for t in sample_triples(changed, 10)}
    assert len(first & second) >= 5


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "t1", "subject": "A", "predicate": "p", "object": "B", "negated": false}',
            "verdict",
        ),
        (
            '{"id": "t1", "subject": "A", "predicate": "p", "object": "B", "negated": false, '
            '"modality": null, "attribution": null, "verdict": false}',
            "needs a reason",
        ),
        (
            '{"id": "t1", "subject": "A", "predicate": "p", "object": "B", "negated": "no", '
            '"modality": null, "attribution": null, "verdict": true}',
            "true or false",
        ),
        ("[1, 2]", "JSON object"),
        ("{not json", "not JSON"),
    ],
)
def test_malformed_judgments_are_errors(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "judgments.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_judgments(path)


def test_a_triple_judged_twice_is_an_error(tmp_path: Path) -> None:
    row = (
        '{"id": "t1", "subject": "A", "predicate": "p", "object": "B", "negated": false, '
        '"modality": null, "attribution": null, "verdict": true}'
    )
    path = tmp_path / "judgments.jsonl"
    path.write_text(f"{row}\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match="judged twice"):
        read_judgments(path)


def test_command_prints_precision_and_unjudged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    triples = [_triple(n) for n in range(3)]
    (export / "triples.jsonl").write_text(
        "".join(json.dumps(t) + "\n" for t in triples), encoding="utf-8"
    )
    judgments = tmp_path / "judgments.jsonl"
    keys = ("id", "subject", "predicate", "object", "negated", "modality", "attribution")
    rows = [
        {**{k: t[k] for k in keys}, **extra}
        for t, extra in zip(
            triples[:2],
            [{"verdict": True}, {"verdict": False, "reason": "wrong subject"}],
            strict=True,
        )
    ]
    judgments.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code = main(["--export", str(export), "--judgments", str(judgments), "--sample", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert "precision  0.500" in out
    assert "wrong subject" in out
    assert "t02" in out.split("without a current judgment")[1]
