"""kg.toml settings, overridden by the environment and by flags."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build
from kg.config import neo4j_settings, use_config
from kg.errors import ConfigError
from tests.conftest import EXAMPLES


@pytest.fixture()
def config(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "kg.toml"
    path.write_text(
        '[neo4j]\nuri = "bolt://db.example:7687"\nuser = "reader"\n'
        'password_env = "TEST_KG_SECRET"\ndatabase = "news"\n'
        "[extract]\nmin_confidence = 0.8\n",
        encoding="utf-8",
    )
    use_config(path)
    yield path
    use_config(None)


def test_file_settings_apply(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KG_NEO4J_URI", "KG_NEO4J_USER", "KG_NEO4J_PASSWORD", "KG_NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TEST_KG_SECRET", "s3cret")
    settings = neo4j_settings(use_local=False)
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "bolt://db.example:7687",
        "reader",
        "s3cret",
        "news",
    )
    assert "s3cret" not in repr(settings)


def test_environment_and_flags_win(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NEO4J_URI", "bolt://env:7687")
    assert neo4j_settings(use_local=False).uri == "bolt://env:7687"
    assert neo4j_settings(uri="bolt://flag:7687", use_local=False).uri == "bolt://flag:7687"


def test_threshold_from_the_file(config: Path, tmp_path: Path) -> None:
    build([EXAMPLES], tmp_path / "out")
    rows = (tmp_path / "out" / "triples.jsonl").read_text().splitlines()
    assert rows and all(json.loads(r)["confidence"] >= 0.8 for r in rows)


def test_missing_or_broken_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        use_config(tmp_path / "absent.toml")
    broken = tmp_path / "kg.toml"
    broken.write_text("[neo4j\n", encoding="utf-8")
    use_config(broken)
    try:
        with pytest.raises(ConfigError, match="not valid TOML"):
            neo4j_settings(use_local=False)
    finally:
        use_config(None)


def test_config_flag_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    path = tmp_path / "strict.toml"
    path.write_text("[extract]\nmin_confidence = 0.85\n", encoding="utf-8")
    out = tmp_path / "kg"
    try:
        result = CliRunner().invoke(
            app, ["--config", str(path), "build", str(EXAMPLES), "--out", str(out), "--no-load"]
        )
    finally:
        use_config(None)
    assert result.exit_code == 0, result.output
    rows = (out / "triples.jsonl").read_text().splitlines()
    assert rows and all(json.loads(r)["confidence"] >= 0.85 for r in rows)
