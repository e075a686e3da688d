"""What the Airflow DAGs use at parse time: task defaults, the pool and Asset names, weekly run
plans and failure notifications. Standard library only at import (tests/dags checks it).

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.contract import TIMEZONE
from pipelines.orchestration.defaults import (
    STAGED_CONTACTS_ASSET_NAME,
    TAGS,
    WAREHOUSE_POOL,
    default_args,
    settings,
)
from pipelines.orchestration.weekly_runs import (
    LATE_CONTACTS,
    RunPlan,
    WeekNotEnded,
    describe_run,
    plan_for_late_files,
    plan_for_week,
    plan_run,
    record_published,
    run_kind,
    week_for_run,
)
from pipelines.orchestration.workdir_lock import WorkdirBusy, workdir_lock

__all__ = [
    "LATE_CONTACTS",
    "RunPlan",
    "STAGED_CONTACTS_ASSET_NAME",
    "TAGS",
    "TIMEZONE",
    "WAREHOUSE_POOL",
    "WeekNotEnded",
    "default_args",
    "describe_run",
    "plan_for_late_files",
    "plan_for_week",
    "plan_run",
    "record_published",
    "run_kind",
    "settings",
    "week_for_run",
    "WorkdirBusy",
    "workdir_lock",
]
