"""Which week a weekly run builds, from Airflow's own run types and dates (issue 22)."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from pipelines.orchestration import (
    RunPlan,
    WeekNotEnded,
    describe_run,
    plan_run,
    run_kind,
    week_for_run,
)
from pipelines.weeks import week_of

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def _london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_run_kind_reads_the_task_sdk_and_core_run_types() -> None:
    from airflow.sdk.api.datamodels._generated import DagRunType as SdkRunType
    from airflow.utils.types import DagRunType as CoreRunType

    # The bug: the Task SDK's enum prints as "DagRunType.ASSET_TRIGGERED", so the old check
    # str(run_type).endswith("asset_triggered") never matched an Asset-triggered run.
    assert not str(SdkRunType.ASSET_TRIGGERED).endswith("asset_triggered")
    for enum in (SdkRunType, CoreRunType):
        assert run_kind(enum.ASSET_TRIGGERED) == "asset_triggered"
        assert run_kind(enum.MANUAL) == "manual"
        assert run_kind(enum.SCHEDULED) == "scheduled"
    assert run_kind(SdkRunType.BACKFILL) == run_kind(CoreRunType.BACKFILL_JOB) == "backfill"
    assert run_kind("DagRunType.ASSET_TRIGGERED") == "asset_triggered"
    assert run_kind(None) == run_kind("") == "manual"


@pytest.mark.parametrize(
    ("logical_date", "run_after", "week_start"),
    [
        # A manual run for Wednesday 18 November builds 16-22 November.
        (_london(2026, 11, 18, 12), _london(2026, 12, 5, 5), date(2026, 11, 16)),
        # A scheduled run: logical date = the week's Monday 00:00 London (23:00 UTC in summer),
        # run at the next Monday 00:00.
        (_london(2026, 6, 15), _london(2026, 6, 22), date(2026, 6, 15)),
        (
            datetime(2026, 6, 14, 23, tzinfo=UTC),
            datetime(2026, 6, 21, 23, tzinfo=UTC),
            date(2026, 6, 15),
        ),
        # The week the clocks go back (169 hours), run as it ends.
        (_london(2026, 10, 19), _london(2026, 10, 26), date(2026, 10, 19)),
        # A Sunday evening is still in its week.
        (_london(2026, 3, 29, 23, 30), _london(2026, 3, 30), date(2026, 3, 23)),
        # No logical date: the last complete week before the run started.
        (None, _london(2026, 12, 2, 9), date(2026, 11, 23)),
        (None, _london(2026, 11, 30), date(2026, 11, 23)),
        (None, _london(2026, 11, 29, 23, 59), date(2026, 11, 16)),
    ],
)
def test_the_logical_date_chooses_the_week(
    logical_date: datetime | None, run_after: datetime, week_start: date
) -> None:
    week = week_for_run(logical_date, run_after, "Europe/London")
    assert week == week_of(week_start)


def test_a_week_that_has_not_ended_is_refused_with_what_to_do() -> None:
    with pytest.raises(WeekNotEnded) as error:
        week_for_run(_london(2026, 12, 2), _london(2026, 12, 5, 5), "Europe/London")
    message = str(error.value)
    assert "2026-11-30 to 2026-12-06, which has not ended" in message
    assert "no logical date for the last complete week (2026-11-23 to 2026-11-29)" in message


def test_describe_run_says_the_week_for_the_ui_and_never_raises() -> None:
    def run(run_type: str, logical: datetime | None, conf: dict | None = None) -> SimpleNamespace:
        return SimpleNamespace(
            run_type=run_type, logical_date=logical, run_after=_london(2026, 12, 5, 5), conf=conf
        )

    text = describe_run(run("manual", _london(2026, 11, 18)), "Europe/London")
    assert text == "manual: week 2026-11-16 to 2026-11-22 (logical date 2026-11-18)"
    text = describe_run(run("manual", None), "Europe/London")
    assert text == "manual: week 2026-11-23 to 2026-11-29 (no logical date: the last complete week)"
    assert describe_run(run("asset_triggered", None), "Europe/London").startswith(
        "asset_triggered: republishes the weeks already published"
    )
    assert describe_run(run("manual", None, {"late_contacts": True}), "Europe/London").startswith(
        "manual: republishes"
    )
    assert "fails: the logical date" in describe_run(
        run("manual", _london(2026, 12, 3)), "Europe/London"
    )


def test_an_asset_triggered_run_plans_late_contacts_not_a_data_interval(settings) -> None:  # type: ignore[no-untyped-def]
    from airflow.sdk.api.datamodels._generated import DagRunType as SdkRunType

    # Nothing published yet: nothing is late, so the run has nothing to do (no KeyError).
    assert (
        plan_run(
            settings,
            run_type=SdkRunType.ASSET_TRIGGERED,
            logical_date=None,
            run_after=_london(2026, 3, 31),
        )
        is None
    )
    plan = plan_run(
        settings, run_type=SdkRunType.MANUAL, logical_date=None, run_after=_london(2026, 3, 31)
    )
    assert plan is not None
    assert (plan.week.start, plan.reason, plan.late_weeks, plan.current) == (
        date(2026, 3, 23),
        "manual",
        [],
        date(2026, 3, 23),
    )
    assert RunPlan.from_xcom(plan.to_xcom()) == plan
