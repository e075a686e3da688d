"""Every DAG imports cleanly and quickly, and is operable: retried, timed out, pooled, observed.

No metadata database is touched here (the DagBag reads files only).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from datetime import datetime, timedelta
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parents[2] / "dags"
HEAVY_MODULES = {"polars", "sklearn", "duckdb", "dbt", "great_expectations", "pandas", "fsspec"}
DAG_IDS = {"ingest_contact_exports", "weekly_contact_topics", "retrain_topic_model"}
# Tasks that never open the warehouse, so they need not wait for its one-slot pool
# (list_landing reads it, to trust its listing cache: it is in the pool).
OUTSIDE_POOL = {
    ("ingest_contact_exports", "check_quarantine"),
}
LONDON = "Europe/London"


@pytest.fixture(scope="module")
def dag_bag():
    from airflow.dag_processing.dagbag import DagBag

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bag = DagBag(dag_folder=str(DAGS_DIR))
    bag.caught_warnings = [w for w in caught if str(DAGS_DIR) in str(w.filename)]
    return bag


def test_no_import_errors_or_warnings_and_quick_to_parse(dag_bag) -> None:
    assert dag_bag.import_errors == {}
    assert set(dag_bag.dags) == DAG_IDS
    assert dag_bag.caught_warnings == []
    for stat in dag_bag.dagbag_stats:
        assert stat.warning_num == 0, stat
        # Generous on a busy 2-core machine; measured 20-70 ms a file (docs/operations.md).
        assert stat.duration < timedelta(seconds=1), stat


def test_dags_are_documented_retried_timed_out_pooled_and_observed(dag_bag) -> None:
    from pipelines.orchestration.defaults import WAREHOUSE_POOL, on_failure
    from pipelines.orchestration.notify import notify_failure  # noqa: F401 - the callback's target imports

    for dag_id, dag in dag_bag.dags.items():
        assert "contact-topics" in dag.tags, dag_id
        assert dag.doc_md and len(dag.doc_md) > 200, f"{dag_id} has no doc_md"
        assert dag.max_active_runs == 1, f"{dag_id} may run twice at once on one DuckDB file"
        assert dag.catchup is False
        assert dag.dagrun_timeout is not None, dag_id
        for task in dag.tasks:
            name = f"{dag_id}.{task.task_id}"
            assert task.execution_timeout is not None, f"{name} has no timeout"
            assert task.on_failure_callback in (on_failure, [on_failure]), name
            if (dag_id, task.task_id) in OUTSIDE_POOL:
                continue
            assert task.pool == WAREHOUSE_POOL, f"{name} opens the warehouse outside the pool"
            assert task.retries >= 2 and task.retry_exponential_backoff > 1, name
            assert task.max_retry_delay is not None, name


@pytest.mark.parametrize("dag_file", sorted(DAGS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_nothing_heavy_at_import_time(dag_file: Path) -> None:
    tree = ast.parse(dag_file.read_text())
    top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    modules = {
        alias.name for node in top_level if isinstance(node, ast.Import) for alias in node.names
    }
    modules |= {node.module or "" for node in top_level if isinstance(node, ast.ImportFrom)}
    roots = {name.split(".")[0] for name in modules}
    assert not roots & HEAVY_MODULES, f"{dag_file.name} imports {modules}"
    assert {m for m in modules if m.startswith("pipelines")} <= {"pipelines.orchestration"}


def test_orchestration_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, pipelines.orchestration; "
        f"print(sorted(m for m in {sorted(HEAVY_MODULES | {'airflow'})!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_weekly_listens_to_the_asset_the_ingest_dag_updates(dag_bag) -> None:
    from airflow.sdk import AssetOrTimeSchedule

    weekly = dag_bag.dags["weekly_contact_topics"]
    staging = dag_bag.dags["ingest_contact_exports"].get_task("dbt_staging")
    assert isinstance(weekly.timetable, AssetOrTimeSchedule)
    (outlet,) = staging.outlets
    assert [asset.name for asset in weekly.timetable.asset_condition.objects] == [outlet.name]


@pytest.mark.parametrize(
    ("run_at", "week_start", "interval_utc"),
    [
        # Clocks go forward on Sunday 29 March 2026: a week of 167 hours.
        ("2026-03-30", "2026-03-23", ("2026-03-23T00:00:00+00:00", "2026-03-29T23:00:00+00:00")),
        # Clocks go back on Sunday 25 October 2026: a week of 169 hours.
        ("2026-10-26", "2026-10-19", ("2026-10-18T23:00:00+00:00", "2026-10-26T00:00:00+00:00")),
        # An ordinary winter week.
        ("2026-01-12", "2026-01-05", ("2026-01-05T00:00:00+00:00", "2026-01-12T00:00:00+00:00")),
    ],
)
def test_weekly_data_interval_is_the_previous_monday_to_sunday_in_london(
    dag_bag, run_at: str, week_start: str, interval_utc: tuple[str, str]
) -> None:
    import pendulum
    from airflow.serialization.encoders import coerce_to_core_timetable
    from airflow.timetables.base import DataInterval, TimeRestriction

    from pipelines.weeks import week_of_interval

    timetable = coerce_to_core_timetable(dag_bag.dags["weekly_contact_topics"].timetable)
    monday = pendulum.parse(run_at, tz=LONDON)
    expected = tuple(datetime.fromisoformat(moment) for moment in interval_utc)
    # The scheduled run after the week before: what the scheduler will create.
    before = DataInterval(
        pendulum.instance(expected[0]) - timedelta(days=7), pendulum.instance(expected[0])
    )
    info = timetable.next_dagrun_info(
        last_automated_data_interval=before,
        restriction=TimeRestriction(earliest=None, latest=None, catchup=True),
    )
    assert info is not None
    assert (info.data_interval.start, info.data_interval.end) == expected
    assert info.run_after == expected[1]
    # A run triggered by hand on that Monday, or later in the week, covers the same week.
    for later in (monday, monday.add(days=2, hours=15)):
        manual = timetable.infer_manual_data_interval(run_after=later)
        assert (manual.start, manual.end) == expected
    week = week_of_interval(*expected, LONDON)
    assert week.start.isoformat() == week_start
    assert (week.end - week.start).days == 6
