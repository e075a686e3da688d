"""The weekly DAG runs for real (``dag.test()``) on generated data, for one past week."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pendulum
import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def airflow_db() -> None:
    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run(
        [str(airflow), "db", "migrate"],
        env=os.environ.copy(),
        check=True,
        capture_output=True,
        timeout=300,
    )


def test_weekly_dag_publishes_the_week_before_the_run(
    airflow_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb
    from airflow.dag_processing.dagbag import DagBag
    from pipelines.generator import generate

    workdir = tmp_path / "work"
    generate(
        workdir / "landing",
        weeks=5,
        per_week=300,
        seed=3,
        start=date(2026, 3, 2),
        truth_dir=workdir / "ground_truth",
    )
    monkeypatch.setenv("CONTACT_TOPICS_WORKDIR", str(workdir))
    dag = DagBag(dag_folder=str(REPO_ROOT / "dags")).dags["weekly_contact_topics"]

    # Monday 30 March 2026, 06:00 London (the day after the clocks went forward).
    run = dag.test(logical_date=pendulum.datetime(2026, 3, 30, 6, tz="Europe/London"))

    assert str(run.state) in ("success", "DagRunState.SUCCESS"), run.state
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    assert set(states.values()) <= {"success", "TaskInstanceState.SUCCESS"}, states
    assert len(states) == 8
    for table in ("fct_contacts", "dim_topics", "topic_weekly_trends", "automation_candidates"):
        assert (workdir / "published" / f"{table}.parquet").stat().st_size > 0
    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    try:
        window_end = con.execute(
            "select distinct window_end from published.automation_candidates"
        ).fetchall()
        weeks = con.execute(
            "select count(distinct week_start) from published.topic_weekly_trends"
        ).fetchone()[0]
    finally:
        con.close()
    assert window_end == [(date(2026, 3, 29),)]
    assert weeks >= 4
