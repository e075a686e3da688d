"""`contact-topics airflow-quickstart --dry-run`: environment and commands, nothing created.

Also: ``AIRFLOW_HOME`` is honoured, and the printed pool command works when pasted into a shell.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from pipelines.cli.main import main
from tests.conftest import REPO_ROOT


def _dry_run(workdir: Path, capsys: pytest.CaptureFixture) -> list[str]:
    assert main(["airflow-quickstart", "--workdir", str(workdir), "--dry-run"]) == 0
    return capsys.readouterr().out.splitlines()


def test_dry_run_prints_environment_and_commands_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIRFLOW_HOME", raising=False)
    workdir = tmp_path / "work"
    out = _dry_run(workdir, capsys)
    assert f"AIRFLOW_HOME={workdir.resolve() / 'airflow'}" in out
    assert f"AIRFLOW__CORE__DAGS_FOLDER={REPO_ROOT / 'dags'}" in out
    assert "AIRFLOW__API_AUTH__JWT_SECRET=***" in out
    assert f"CONTACT_TOPICS_WORKDIR={workdir.resolve()}" in out
    assert out[-1].endswith("airflow standalone")
    # Was: the work directory, landing/, models/, published/ and a JWT secret were made.
    assert not workdir.exists() and list(tmp_path.iterdir()) == []


def test_airflow_home_is_honoured(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "my airflow"
    monkeypatch.setenv("AIRFLOW_HOME", str(home))
    out = _dry_run(tmp_path / "work", capsys)
    assert f"AIRFLOW_HOME={shlex.quote(str(home))}" in out  # quoted: the path has a space
    assert not home.exists() and not (tmp_path / "work").exists()
    # An existing secret in that home is used (and still not printed).
    home.mkdir()
    (home / "jwt_secret").write_text("s" * 64)
    from pipelines.cli.airflow_quickstart import airflow_environment
    from pipelines.settings import Settings

    env = airflow_environment(Settings.from_env(workdir=tmp_path / "work"), 8080, create=False)
    assert env["AIRFLOW_HOME"] == str(home) and env["AIRFLOW__API_AUTH__JWT_SECRET"] == "s" * 64
    assert "s" * 64 not in "\n".join(_dry_run(tmp_path / "work", capsys))


def test_printed_pool_command_works_when_pasted(
    tmp_path: Path, capsys: pytest.CaptureFixture, airflow_db: None
) -> None:
    """Was: ``... pools set contact_topics_warehouse 1 DuckDB allows one writer`` (unquoted)."""
    out = _dry_run(tmp_path / "work", capsys)
    (pool_line,) = [line for line in out if " pools set " in line]
    assert shlex.split(pool_line)[-1] == "DuckDB allows one writer"
    # Pasted into a shell, against the test session's Airflow database.
    pasted = subprocess.run(
        ["bash", "-c", pool_line], env=os.environ.copy(), capture_output=True, text=True
    )
    assert pasted.returncode == 0, pasted.stderr[-2000:]
    unquoted = subprocess.run(
        ["bash", "-c", " ".join(shlex.split(pool_line))],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    assert unquoted.returncode != 0  # what the old line did


def test_cli_exports_are_what_an_airflow_command_beside_it_needs(tmp_path: Path) -> None:
    from pipelines.cli.airflow_quickstart import airflow_environment, cli_exports
    from pipelines.settings import Settings

    env = airflow_environment(Settings.from_env(workdir=tmp_path / "a b"), 8080, create=False)
    exports = cli_exports(env)
    assert exports[0] == f"export AIRFLOW_HOME={shlex.quote(env['AIRFLOW_HOME'])}"
    shown = subprocess.run(
        [
            "bash",
            "-c",
            "\n".join([*exports, 'echo "$AIRFLOW_HOME"; echo "$AIRFLOW__CORE__DAGS_FOLDER"']),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ["PATH"]},
    ).stdout.splitlines()
    assert shown == [env["AIRFLOW_HOME"], str(REPO_ROOT / "dags")]
