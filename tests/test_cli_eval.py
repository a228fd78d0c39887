"""`kg eval carb` and `kg eval gold` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluation.carb import read_extractions
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "carb"
runner = CliRunner()


def test_eval_carb_writes_and_scores(tmp_path: Path) -> None:
    out = tmp_path / "ours.tsv"
    result = runner.invoke(
        app,
        [
            "eval", "carb", "--sentences", str(FIXTURES / "sentences.txt"),
            "--gold", str(FIXTURES / "gold.tsv"), "--out", str(out), "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert 0.0 <= figures["f1"] <= 1.0 and figures["recall"] > 0
    assert read_extractions(out)


def test_eval_gold_scores_an_export(tmp_path: Path) -> None:
    gold = SHARED / "gold" / "seeds-dev.json"
    seeds = SHARED / "corpus" / "seeds"
    if not gold.is_file():
        pytest.skip("../shared/gold is not beside the project")
    export = tmp_path / "kg"
    assert (
        runner.invoke(app, ["build", str(seeds), "--out", str(export), "--no-load"]).exit_code == 0
    )
    result = runner.invoke(app, ["eval", "gold", str(export), str(gold)])
    assert result.exit_code == 0, result.output
    assert "fact recall by kind" in result.output and "entities unified" in result.output
