"""Shared test set-up.

Airflow reads its configuration when first imported, so its home, DAG folder and database are
set here, before any test module can import it: a throw-away folder per test session, never
``~/airflow``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="contact-topics-airflow-"))
os.environ.setdefault("AIRFLOW_HOME", str(_AIRFLOW_HOME))
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO_ROOT / "dags")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
os.environ.setdefault(
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}"
)
os.environ["CONTACT_TOPICS_PSEUDONYM_KEY"] = "test-key-not-secret"
os.environ.pop("CONTACT_TOPICS_WORKDIR", None)


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
