"""Every DAG imports cleanly, is tagged, documented, retried and serialises DuckDB writers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parents[2] / "dags"
HEAVY_MODULES = {"polars", "sklearn", "duckdb", "dbt", "great_expectations", "pandas"}


@pytest.fixture(scope="module")
def dag_bag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


def test_no_import_errors(dag_bag) -> None:
    assert dag_bag.import_errors == {}
    assert "weekly_contact_topics" in dag_bag.dags


def test_dags_are_documented_tagged_and_retried(dag_bag) -> None:
    for dag_id, dag in dag_bag.dags.items():
        assert dag.tags, f"{dag_id} has no tags"
        assert dag.doc_md and len(dag.doc_md) > 100, f"{dag_id} has no doc_md"
        assert dag.max_active_runs == 1, f"{dag_id} may run twice at once on one DuckDB file"
        assert dag.catchup is False
        for task in dag.tasks:
            assert task.retries >= 2, f"{dag_id}.{task.task_id} retries {task.retries}"
            assert task.execution_timeout is not None, f"{dag_id}.{task.task_id} has no timeout"


@pytest.mark.parametrize("dag_file", sorted(DAGS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_nothing_heavy_at_import_time(dag_file: Path) -> None:
    tree = ast.parse(dag_file.read_text())
    top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    names = {
        alias.name.split(".")[0]
        for node in top_level
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {
        (node.module or "").split(".")[0] for node in top_level if isinstance(node, ast.ImportFrom)
    }
    assert not names & (HEAVY_MODULES | {"pipelines"}), f"{dag_file.name} imports {names}"


def test_weekly_schedule_is_monday_morning_london(dag_bag) -> None:
    dag = dag_bag.dags["weekly_contact_topics"]
    timetable = dag.timetable
    assert "0 6 * * 1" in timetable.summary or timetable.summary.startswith("0 6")
    assert str(getattr(timetable, "_timezone", "")) in (
        "Europe/London",
        "Timezone('Europe/London')",
    )
