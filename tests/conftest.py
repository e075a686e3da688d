"""Shared test set-up.

Airflow reads its configuration when first imported, so its home, DAG folder and database are
set here, before any test module can import it: a throw-away folder per test session, never
``~/airflow``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

# This process's folder. An xdist worker inherits the environment of the process that started
# it (which ran this file too), so a home or database that process set for itself is replaced
# here by the worker's own: two processes never share one SQLite file. Removed at the end.
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="contact-topics-airflow-"))
_PARENTS_HOME = os.environ.get("CONTACT_TOPICS_TEST_AIRFLOW_HOME")
_SQL_CONN = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"
if os.environ.get("AIRFLOW_HOME") in (None, _PARENTS_HOME):
    os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
if _SQL_CONN not in os.environ or (
    _PARENTS_HOME and os.environ[_SQL_CONN] == f"sqlite:///{Path(_PARENTS_HOME) / 'airflow.db'}"
):
    os.environ[_SQL_CONN] = f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}"
os.environ["CONTACT_TOPICS_TEST_AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO_ROOT / "dags")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
os.environ["CONTACT_TOPICS_PSEUDONYM_KEY"] = "test-key-not-secret"
os.environ.pop("CONTACT_TOPICS_WORKDIR", None)

# Under pytest-xdist (``./run test`` runs two workers, ``--dist loadfile``) each unit of work
# goes whole to one worker: a test module (its module fixtures are built once), or a folder
# whose session fixture builds a warehouse for every test in it (built by each worker that runs
# a test of the folder: keep them on one). Units are handed out in collection order, so the
# modules whose set-up takes minutes are collected first and the two workers finish close
# together. (xdist's own ``loadgroup`` marks do nothing with pytest 9: it renames nodes through
# an attribute pytest 9 no longer reads.)
SHARED_SETUP_FOLDERS = ("tests/dbt/", "tests/pipelines/governance/")
SLOW_MODULES_FIRST = (
    "tests/dags/test_under_scheduler.py",
    "tests/dags/test_weekly_dag_runs.py",
    "tests/integration/test_end_to_end.py",
    "tests/benchmarks/test_benchmark_smoke.py",
    "tests/pipelines/discovery/test_discover_weekly.py",
    "tests/dbt/",
    "tests/pipelines/export/test_bot_export.py",
    "tests/pipelines/publish/test_suppression_audit.py",
    "tests/pipelines/governance/",
    "tests/faults/test_pipeline_faults.py",
)


def _unit_of_work(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return next((f for f in SHARED_SETUP_FOLDERS if module.startswith(f)), module)


def _slow_rank(item: pytest.Item) -> int:
    ranks = (
        rank for rank, prefix in enumerate(SLOW_MODULES_FIRST) if item.nodeid.startswith(prefix)
    )
    return next(ranks, len(SLOW_MODULES_FIRST))


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """``--dist loadfile``: the units above, in collection order (not xdist's biggest first)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitsOfWork(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit_of_work(nodeid)

    config.option.loadscopereorder = False
    return UnitsOfWork(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist: the slow units first (a stable sort: each module's own order is kept)."""
    if hasattr(config, "workerinput"):  # an xdist worker; the two collect the same order
        items.sort(key=_slow_rank)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove this process's Airflow folder (home and metadata database)."""
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """The session's Airflow metadata database, migrated once, with the warehouse pool."""
    import subprocess
    import sys

    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run(
        [str(airflow), "db", "migrate"],
        env=os.environ.copy(),
        check=True,
        capture_output=True,
        timeout=300,
    )
    from airflow.models.pool import Pool

    from pipelines.orchestration import WAREHOUSE_POOL

    Pool.create_or_update_pool(
        WAREHOUSE_POOL, slots=1, description="DuckDB allows one writer", include_deferred=False
    )


@pytest.fixture
def settings(tmp_path: Path):
    """Settings for a fresh work directory under the test's tmp_path."""
    from pipelines.settings import Settings

    s = Settings.from_env(workdir=tmp_path / "work")
    s.ensure_dirs()
    return s


@pytest.fixture(scope="session")
def small_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two weeks of generated exports (all three formats), made once per session."""
    from datetime import date

    from pipelines.generator import generate

    root = tmp_path_factory.mktemp("exports")
    generate(
        root / "landing",
        weeks=2,
        per_week=300,
        seed=7,
        start=date(2026, 3, 2),
        truth_dir=root / "ground_truth",
    )
    return root
