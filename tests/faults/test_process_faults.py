"""The process dies, two runs collide, the warehouse cannot be written, secrets near logs."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.ingest.files import IngestError, ingest_paths
from pipelines.settings import Settings, SettingsError
from pipelines.warehouse import WarehouseBusyError, connect
from tests.conftest import REPO_ROOT
from tests.faults.conftest import assert_accounted, call, rows, write_csv

# Ingests the files given on the command line, but SIGKILLs itself inside the transaction of
# the second file, after its rows are inserted and just before the commit: a real crash.
_CRASHING_INGEST = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import pipelines.ingest.files as ingest
    from pipelines.ingest.mapping import resolve_mapping
    from pipelines.settings import Settings

    real_connect = ingest.connect
    commits = []

    class CrashOnSecondCommit:
        def __init__(self, con):
            self._con = con
        def __getattr__(self, name):
            return getattr(self._con, name)
        def commit(self):
            commits.append(1)
            if len(commits) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            return self._con.commit()

    ingest.connect = lambda path: CrashOnSecondCommit(real_connect(path))
    settings = Settings.from_env(workdir=sys.argv[1])
    files = [Path(p) for p in sys.argv[2:]]
    ingest.ingest_paths(settings, files, mapping=resolve_mapping("council_telephony"))
""")

_HOLD_WAREHOUSE = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    time.sleep(60)
""")


def _python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


def test_crash_mid_ingest_leaves_nothing_half_written_and_a_rerun_loses_nothing(
    settings: Settings, telephony, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "telephony_1.csv", [call(f"A{n}") for n in range(50)])
    second = write_csv(tmp_path / "telephony_2.csv", [call(f"B{n}") for n in range(70)])
    crashed = subprocess.run(
        _python(_CRASHING_INGEST, str(settings.workdir), str(first), str(second)),
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=120,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()[-2000:]
    assert rows(settings, "select count(*) from raw.contacts where contact_id like 'B%'") == [(0,)]
    assert rows(settings, "select count(*) from raw.ingest_manifest") == [(1,)]
    assert_accounted(settings)
    report = ingest_paths(settings, [first, second], mapping=telephony)
    assert [f.status for f in report.files] == ["skipped", "ingested"]
    assert rows(settings, "select count(*) from raw.contacts") == [(120,)]
    assert_accounted(settings)


def test_two_runs_at_once_the_second_fails_clearly_and_nothing_is_lost(
    settings: Settings, telephony, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_csv(tmp_path / "telephony_c.csv", [call("C1"), call("C2")])
    ingest_paths(settings, [write_csv(tmp_path / "telephony_0.csv", [call("C0")])], telephony)
    holder = subprocess.Popen(
        _python(_HOLD_WAREHOUSE, str(settings.warehouse_path)),
        stdout=subprocess.PIPE,
        cwd=REPO_ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"holding"
        with pytest.raises(IngestError, match="in use by another process"):
            ingest_paths(settings, [path], mapping=telephony)
        code = main(["ingest", "--workdir", str(settings.workdir), str(path), "--mapping",
                     "council_telephony"])  # fmt: skip
        assert code == 1
        # every other step opens the warehouse the same way: a clear error, not DuckDB's
        for read_only in (True, False):
            with pytest.raises(WarehouseBusyError, match="in use by another process"):
                connect(settings.warehouse_path, read_only=read_only)
        caplog.clear()
        assert main(["discover", "--weekly", "--workdir", str(settings.workdir)]) == 1
        assert "in use by another process" in caplog.text
    finally:
        holder.send_signal(signal.SIGTERM)
        holder.wait(timeout=30)
    assert rows(settings, "select count(*) from raw.contacts") == [(1,)]
    assert ingest_paths(settings, [path], mapping=telephony).files[0].rows_stored == 2
    assert_accounted(settings)


def test_warehouse_that_cannot_be_written_fails_clearly(tmp_path: Path, telephony) -> None:
    settings = Settings.from_env(workdir=tmp_path / "work")
    settings.warehouse_path.mkdir(parents=True)  # a folder where the file should be
    path = write_csv(tmp_path / "telephony_x.csv", [call("X1")])
    with pytest.raises(IngestError, match="cannot open the warehouse .*warehouse.duckdb"):
        ingest_paths(settings, [path], mapping=telephony)
    assert path.exists(), "the input must stay where it was"


def test_secrets_never_reach_logs_or_output(
    tmp_path: Path, telephony, caplog: pytest.LogCaptureFixture, capsys, monkeypatch
) -> None:
    secret = "pseudonym-key-Zq9vX2-never-log-me"
    monkeypatch.setenv("CONTACT_TOPICS_PSEUDONYM_KEY", secret)
    workdir = tmp_path / "work"
    path = write_csv(tmp_path / "telephony_s.csv", [call("S1"), call("S2", Start_Time="bad")])
    with caplog.at_level(logging.DEBUG):
        code = main(["--log-level", "DEBUG", "ingest", "--workdir", str(workdir), str(path),
                     "--mapping", "council_telephony"])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0
    everything = caplog.text + out.out + out.err
    assert "telephony_s.csv" in everything  # the logs were captured
    assert secret not in everything
    assert secret not in (workdir / "warehouse.duckdb").read_bytes().decode("latin-1")


def test_generated_key_is_not_logged_and_production_requires_a_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    monkeypatch.delenv("CONTACT_TOPICS_PSEUDONYM_KEY", raising=False)
    with caplog.at_level(logging.DEBUG):
        key = Settings.from_env(workdir=tmp_path / "dev").resolved_pseudonym_key()
    assert key and key.decode() not in caplog.text
    assert oct((tmp_path / "dev" / "secrets" / "pseudonym.key").stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("CONTACT_TOPICS_ENVIRONMENT", "production")
    with pytest.raises(SettingsError, match="PSEUDONYM_KEY is not set"):
        Settings.from_env(workdir=tmp_path / "prod").resolved_pseudonym_key()
    assert not (tmp_path / "prod" / "secrets").exists()
    monkeypatch.setenv("CONTACT_TOPICS_ENVIRONMENT", "prod")
    with pytest.raises(SettingsError, match="development or production"):
        Settings.from_env()
