"""The published DuckDB copy opens in the BI clients docs/publishing.md names, as it says.

``bi_clients/open_copy.py`` runs in ``.tools/bi-clients`` (DuckDB 1.1.3, SQLAlchemy 2.0,
duckdb-engine; installed by ``./run test`` from ``bi_clients/requirements.txt``), reads every
connection string from docs/publishing.md and opens a freshly published copy with it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pipelines.publish.outputs import publish
from pipelines.settings import Settings
from tests.pipelines.published_tables import write_warehouse

ROOT = Path(__file__).resolve().parents[3]
CLIENTS_PYTHON = ROOT / ".tools" / "bi-clients" / "bin" / "python"
SCRIPT = Path(__file__).with_name("bi_clients") / "open_copy.py"


@pytest.fixture
def clients_python() -> Path:
    if not CLIENTS_PYTHON.exists():
        message = f"{CLIENTS_PYTHON} missing: `./run test` installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CLIENTS_PYTHON


def test_every_documented_connection_opens_the_copy(
    clients_python: Path, settings: Settings
) -> None:
    write_warehouse(settings.warehouse_path)
    copy = publish(settings).duckdb_copy
    assert copy is not None
    result = subprocess.run(
        [str(clients_python), str(SCRIPT), str(ROOT / "docs" / "publishing.md"), str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checked = result.stdout.splitlines()
    assert len(checked) == 3, checked  # the Python call and both Superset forms
    assert checked[0].startswith("ok  duckdb 1.1.3")
    assert all(line.startswith("ok  ") for line in checked)


def test_an_old_client_cannot_open_a_file_in_the_new_format(
    clients_python: Path, tmp_path: Path
) -> None:
    """Why the copy's storage version is pinned: DuckDB 2's default format fails in 1.1.3."""
    import duckdb

    new_format = tmp_path / "default_format.duckdb"
    with duckdb.connect(str(new_format)) as con:
        con.execute("create table t as select 1 as x")
    result = subprocess.run(
        [str(clients_python), "-c", f"import duckdb; duckdb.connect({str(new_format)!r})"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "version number" in result.stderr
