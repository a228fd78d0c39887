"""kg.toml settings, overridden by the environment and by flags."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.config import Neo4jSettings, neo4j_settings, use_config
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


# --------------------------------------------------------------------------- credentials

PASSWORD_ENV = ("KG_NEO4J_PASSWORD", "TEST_KG_SECRET")


def test_password_sources_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Flag, then KG_NEO4J_PASSWORD, then the variable kg.toml names, then kg.toml itself."""
    for name in PASSWORD_ENV:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "kg.toml"
    path.write_text('[neo4j]\nuri = "bolt://db:7687"\npassword = "in-file"\n', encoding="utf-8")
    use_config(path)
    try:
        assert neo4j_settings(use_local=False).password == "in-file"
        path.write_text(
            '[neo4j]\nuri = "bolt://db:7687"\npassword = "in-file"\n'
            'password_env = "TEST_KG_SECRET"\n',
            encoding="utf-8",
        )
        use_config(path)  # a new file: read again
        from kg import config

        config._config_cache.clear()
        assert neo4j_settings(use_local=False).password == "in-file"  # variable unset
        monkeypatch.setenv("TEST_KG_SECRET", "named-variable")
        assert neo4j_settings(use_local=False).password == "named-variable"
        monkeypatch.setenv("KG_NEO4J_PASSWORD", "environment")
        assert neo4j_settings(use_local=False).password == "environment"
        assert neo4j_settings(password="flag", use_local=False).password == "flag"
    finally:
        use_config(None)


@pytest.mark.neo4j
def test_credentials_from_each_source_reach_the_server(
    neo4j_settings: Neo4jSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kg stats`` logs in with the password from the flag, the environment, the
    variable kg.toml names, or kg.toml; it never appears in what the command prints."""
    assert neo4j_settings.password
    secret = neo4j_settings.password
    for name in (*PASSWORD_ENV, "KG_NEO4J_URI", "KG_NEO4J_USER"):
        monkeypatch.delenv(name, raising=False)
    uri = ["--neo4j-uri", str(neo4j_settings.uri)]
    named = tmp_path / "named.toml"
    named.write_text('[neo4j]\npassword_env = "TEST_KG_SECRET"\n', encoding="utf-8")
    literal = tmp_path / "literal.toml"
    literal.write_text(f'[neo4j]\npassword = "{secret}"\n', encoding="utf-8")
    runs = {
        "flag": ([*uri, "--neo4j-password", secret], {}, None),
        "environment": (uri, {"KG_NEO4J_PASSWORD": secret}, None),
        "password_env": (uri, {"TEST_KG_SECRET": secret}, named),
        "password": (uri, {}, literal),
    }
    for source, (args, env, config_file) in runs.items():
        head = ["--config", str(config_file)] if config_file else []
        try:
            result = CliRunner().invoke(app, [*head, "stats", "--json", *args], env=env)
        finally:
            use_config(None)
        assert result.exit_code == 0, (source, result.output)
        assert "labels" in json.loads(result.stdout), source
        assert secret not in result.output, source


@pytest.mark.neo4j
def test_passwords_are_never_printed_or_logged(
    neo4j_settings: Neo4jSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    wrong = "Wrong-Password-7f3a9c"
    for name in (*PASSWORD_ENV, "KG_NEO4J_URI", "KG_NEO4J_USER"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    uri = str(neo4j_settings.uri)
    # Help texts: the environment's password is not shown as a default.
    for command in ("load", "query", "stats", "build"):
        result = runner.invoke(app, [command, "--help"], env={"KG_NEO4J_PASSWORD": wrong})
        assert result.exit_code == 0
        assert "KG_NEO4J_PASSWORD" in result.output
        assert wrong not in result.output
    assert "shell history" in runner.invoke(app, ["load", "--help"]).output
    # A rejected login: one line naming the user, never the password. (Users that do
    # not exist, one each: Neo4j locks a user out for a while after three failures.)
    caplog.set_level(logging.DEBUG, logger="neo4j")
    for n, args in enumerate(
        (
            ["stats", "--neo4j-uri", uri],
            ["query", "RETURN 1", "--neo4j-uri", uri],
            ["load", str(tmp_path), "--neo4j-uri", uri],
        )
    ):
        user = f"kg-test-nobody-{n}"
        result = runner.invoke(app, [*args, "--neo4j-user", user, "--neo4j-password", wrong])
        assert result.exit_code != 0
        assert f"rejected the credentials for user '{user}'" in result.output, result.output
        assert wrong not in result.output
    # A good login, with the driver's debug log on: the password is not in the log.
    assert neo4j_settings.password
    result = runner.invoke(
        app, ["stats", "--neo4j-uri", uri], env={"KG_NEO4J_PASSWORD": neo4j_settings.password}
    )
    assert result.exit_code == 0, result.output
    assert neo4j_settings.password not in result.output
    assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the login was logged...
    assert neo4j_settings.password not in caplog.text  # ...without the password
    assert wrong not in caplog.text
