"""The weekly DAG enforces retention: its last task, after the week is recorded (issue 16).

Reads the DAG files only (a DagBag, no metadata database); what the task's step does is tested
in tests/pipelines/governance/ (test_retention.py, test_commands.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

DAG_FILE = Path(__file__).resolve().parents[2] / "dags" / "weekly_contact_topics.py"


def test_retention_is_the_weekly_dags_last_task_after_record_week() -> None:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAG_FILE))
    dag = bag.dags["weekly_contact_topics"]
    retention = dag.get_task("retention")
    assert retention.upstream_task_ids == {"record_week"}
    assert retention.downstream_task_ids == set()
    assert {t.task_id for t in dag.tasks if not t.downstream_task_ids} == {"retention"}
    assert retention.retries >= 2


def test_the_retention_task_calls_the_retention_step() -> None:
    tree = ast.parse(DAG_FILE.read_text(encoding="utf-8"))
    task = next(
        node for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "retention"
    )  # fmt: skip
    imported = {
        (node.module, alias.name)
        for node in ast.walk(task)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    called = {
        node.func.id for node in ast.walk(task)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }  # fmt: skip
    assert ("pipelines.steps", "apply_retention_policy") in imported
    assert "apply_retention_policy" in called
