"""`contact-topics airflow-quickstart --dry-run`: environment and commands, nothing started."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli.main import main
from tests.conftest import REPO_ROOT


def test_dry_run_prints_environment_and_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    workdir = tmp_path / "work"
    assert main(["airflow-quickstart", "--workdir", str(workdir), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"AIRFLOW_HOME={workdir.resolve() / 'airflow'}" in out
    assert f"AIRFLOW__CORE__DAGS_FOLDER={REPO_ROOT / 'dags'}" in out
    assert "AIRFLOW__API_AUTH__JWT_SECRET=***" in out
    assert f"CONTACT_TOPICS_WORKDIR={workdir.resolve()}" in out
    assert any(
        line.endswith("pools set contact_topics_warehouse 1 DuckDB allows one writer")
        for line in out
    )
    assert out[-1].endswith("airflow standalone")
    secret = workdir / "airflow" / "jwt_secret"
    assert len(secret.read_text()) == 64 and oct(secret.stat().st_mode)[-3:] == "600"
    assert not any((workdir / "landing").iterdir())  # a dry run generates nothing
