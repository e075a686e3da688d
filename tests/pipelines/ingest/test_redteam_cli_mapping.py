"""``contact-topics ingest`` honours CONTACT_TOPICS_MAPPING when --mapping is not given, as the
landing DAG does (found alongside issue 14's red-team run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.warehouse import open_warehouse
from tests.faults.conftest import call, write_csv


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONTACT_TOPICS_PSEUDONYM_KEY", "test-key-not-secret")
    monkeypatch.delenv("CONTACT_TOPICS_MAPPING", raising=False)
    # a name no preset's file_pattern matches, so only a chosen mapping can read it
    return write_csv(tmp_path / "calls_export.csv", [call("M1"), call("M2")])


def _stored(workdir: Path) -> int:
    with open_warehouse(workdir / "warehouse.duckdb", read_only=True) as con:
        return con.execute("select count(*) from raw.contacts").fetchone()[0]


def test_the_setting_chooses_the_mapping(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_MAPPING", "council_telephony")
    assert main(["ingest", "--workdir", str(tmp_path / "work"), str(export)]) == 0
    assert _stored(tmp_path / "work") == 2


def test_without_it_the_file_name_decides(export: Path, tmp_path: Path, caplog) -> None:
    assert main(["ingest", "--workdir", str(tmp_path / "work"), str(export)]) == 1
    assert "no mapping matches this file name" in caplog.text


def test_the_option_wins_over_the_setting(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_MAPPING", "council_webchat")  # would fail on a CSV
    workdir = tmp_path / "work"
    code = main(
        ["ingest", "--workdir", str(workdir), "--mapping", "council_telephony", str(export)]
    )
    assert code == 0 and _stored(workdir) == 2
