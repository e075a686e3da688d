"""validate_raw's log is not drowned by Great Expectations' import notes (issue 22).

Was: 214 of 235 lines of the ingest DAG's ``validate_raw`` log were "Skipping registering
function ..." (INFO, logger ``great_expectations._docs_decorators``, written while Great
Expectations is imported). Each case runs in a fresh Python process, so the import really
happens inside it, with the root logger at INFO as in an Airflow task: real ingest, a real DuckDB
warehouse and a real ``raw_contacts`` checkpoint run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.quality.checkpoints import DEFAULT_PROJECT_DIR

NOTE = "Skipping registering function"
LOGGING = """
import logging, sys
FORMAT = "%(levelname)s|%(name)s|%(message)s"
logging.basicConfig(level=logging.INFO, stream=sys.stdout, format=FORMAT)
"""
CHECKPOINT_RUN = """
from datetime import date
from pathlib import Path
from pipelines.generator import generate
from pipelines.ingest import ingest_paths
from pipelines.quality import validate_raw
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse

work, project = Path(sys.argv[1]), Path(sys.argv[2])
generate(work / "exports", weeks=1, per_week=40, seed=4, start=date(2026, 3, 2))
settings = Settings.from_env(workdir=work)
ingest_paths(settings, [next((work / "exports").glob("telephony_*.csv"))])
with open_warehouse(settings.warehouse_path) as con:  # one row broken: the checkpoint fails
    con.execute("update raw.contacts set handle_seconds = -5 where source_row_number = 1")
with open_warehouse(settings.warehouse_path, read_only=True) as con:
    report = validate_raw(con, project_dir=project)
print("CHECKPOINT", "passed" if report.success else "failed")
logging.getLogger("great_expectations._docs_decorators").warning("a warning from that logger")
"""


def _run(script: str, *args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACT_TOPICS_WORKDIR"}
    done = subprocess.run(
        [sys.executable, "-c", LOGGING + script, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


@pytest.mark.slow
def test_checkpoint_run_logs_no_import_notes_and_keeps_real_warnings(tmp_path: Path) -> None:
    project = tmp_path / "gx_project"
    shutil.copytree(
        DEFAULT_PROJECT_DIR / "gx", project / "gx", ignore=shutil.ignore_patterns("uncommitted")
    )
    lines = _run(CHECKPOINT_RUN, str(tmp_path / "work"), str(project))
    assert "CHECKPOINT failed" in lines  # the checkpoint really ran, on real data
    assert [line for line in lines if NOTE in line] == []
    # What matters still gets through: the failed checkpoint's error naming the expectation, a
    # warning from the very logger that is filtered, and Great Expectations' other INFO lines.
    assert any(
        line.startswith("ERROR|pipelines.quality.checkpoints|checkpoint 'raw_contacts' FAILED")
        for line in lines
    )
    assert "WARNING|great_expectations._docs_decorators|a warning from that logger" in lines
    assert any(line.startswith("INFO|great_expectations.") for line in lines)
    assert len(lines) < 40, "\n".join(lines)


def test_without_the_filter_the_import_notes_are_there() -> None:
    """The control: importing Great Expectations before our package logs the notes (so the test
    above can fail), and importing our package afterwards filters later ones only."""
    lines = _run("import great_expectations\nimport pipelines.quality\n")
    notes = [line for line in lines if NOTE in line]
    assert len(notes) > 100 and all(
        n.startswith("INFO|great_expectations._docs_decorators|") for n in notes
    )
