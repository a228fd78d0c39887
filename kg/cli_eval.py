"""``kg eval …``: the extractor measured on CaRB and on a gold file of news facts."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

__all__ = ["eval_app"]

eval_app = typer.Typer(help="Evaluate the extractor (CaRB open IE; gold facts).")
out = Console(soft_wrap=True)


@eval_app.command("carb")
def carb(
    sentences: Annotated[
        Path, typer.Option("--sentences", exists=True, dir_okay=False, help="One per line.")
    ],
    gold: Annotated[
        Path, typer.Option("--gold", exists=True, dir_okay=False, help="CaRB gold tuples.")
    ],
    output: Annotated[Path, typer.Option("--out", help="Where to write our CaRB tuples.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run the extractor over CaRB sentences, write CaRB tabbed output, and score it.

    Examples:
      kg eval carb --sentences ../shared/benchmarks/carb/dev-sentences.txt \\
        --gold ../shared/benchmarks/carb/dev-gold.tsv --out build/carb-dev.tsv
    """
    from kg.evaluation.openie import evaluate_carb

    result = evaluate_carb(sentences, gold, output)
    if as_json:
        payload = asdict(result)
        payload.pop("curve", None)
        out.print_json(json.dumps(payload))
        return
    table = Table("precision", "recall", "F1", "AUC", "best threshold", title="CaRB")
    table.add_row(
        f"{result.precision:.3f}",
        f"{result.recall:.3f}",
        f"{result.f1:.3f}",
        f"{result.auc:.3f}",
        f"{result.threshold:.3f}",
    )
    out.print(table)
    out.print(f"Tuples written to {output}")


@eval_app.command("gold")
def gold(
    export: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Export dir.")],
    gold_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSON.")],
    scorer: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="score_gold.py (default: beside gold/)."),
    ] = None,
) -> None:
    """Score an export against a gold file of facts and entities (fact recall by kind).

    Examples:
      kg build ../shared/corpus/seeds --out build/seeds-kg --no-load
      kg eval gold build/seeds-kg ../shared/gold/seeds-dev.json
    """
    script = scorer or gold_file.resolve().parent.parent / "tools" / "score_gold.py"
    if not script.is_file():
        out.print(f"[red]error:[/] no scorer at {script} (pass --scorer)", highlight=False)
        raise typer.Exit(1)
    done = subprocess.run(
        [sys.executable, str(script), str(export), str(gold_file), "--verbose"],
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise typer.Exit(done.returncode)
