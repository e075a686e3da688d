"""
### Weekly contact topics (publish)

Runs at 00:00 Europe/London every Monday for the Monday-to-Sunday week that has just ended (its
data interval is exactly that week, across the clock changes), and whenever the ingest DAG
updates the Asset `contact_topics_staged_contacts` (new contacts stored), to catch late files:

1. **plan**: the week to build, shown as the task's rendered field `requested` (Rendered
   Template) and returned as its XCom. **The logical date chooses the week**: a scheduled,
   backfill or manual run builds the Monday-to-Sunday week (London) that contains its logical
   date (a scheduled run's logical date is the week's Monday); a week that has not ended yet is
   refused; a manual run with no logical date builds the last complete week. An Asset-triggered
   run (or `{"late_contacts": true}`) looks for weeks already published that have contacts
   stored since (`ops.published_weeks`); when there are none the rest of the run is skipped,
   otherwise it republishes them, then the newest week published (decision 15).
2. **load_reference**: the taxonomy into `raw.topics` / `raw.topic_wrap_up_codes`
3. **classify**: topic, confidence and model version for every new or changed contact (the
   staging models it reads are built by `ingest_contact_exports`)
4. **discover**: clusters the unclassified contacts of each not-yet-processed week up to the
   run's week into themes,
   matched to earlier weeks' themes so their ids stay stable (`ml.discovery_*`, published as
   `emerging_topics`)
5. **republish_late_weeks**: for each published week with late contacts, oldest first: the
   marts as of its Sunday, the `published` checkpoint, its `weeks/<Monday>/` files and report
6. **dbt_marts**: dbt intermediate models and marts, as of the Sunday that ends the week
7. **validate_published**: the `published` checkpoint; a failure stops publishing
8. **publish**: the week's files for BI tools and its report in `<workdir>/published/weeks/`;
   the current BI copy (`contact_topics.duckdb`, top-level Parquet) only when no newer week is
   published
9. **restore_current**: after a run for an older week (backfill, re-run), the marts and the
   current BI copy rebuilt as of the newest week published, so dashboards never move back
10. **record_week**: the week (and late weeks) in `ops.published_weeks`

After publishing, **retention** applies the retention periods
(`CONTACT_TOPICS_RETENTION_*_DAYS`, docs/governance.md): it archives landing files ingested
long ago and removes superseded contact versions, rejected rows, quarantined files,
validation results, model folders no longer current and old published week folders, and
removes old contacts' text and caller pseudonyms after freezing their repeat and avoidable
flags (decision 0019); it never changes a published figure.

Backfill: `airflow backfill create --dag-id weekly_contact_topics --from-date
2026-10-26T00:00:00+00:00 --to-date 2026-11-09T00:00:00+00:00 --reprocess-behavior completed`
(one run per week, oldest first; the dates are the first and last weeks' Mondays 00:00 with
London's offset, `+01:00` in summer); the commands for every everyday task, and when each was
last tried as written, are in docs/operations.md.
Every step rewrites what it owns, so a retry, a re-run or a backfill of a week gives the same
tables and never duplicates rows.
Every task runs in the `contact_topics_warehouse` pool (one slot: DuckDB allows one writer).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import (
    Asset,
    AssetOrTimeSchedule,
    CronDataIntervalTimetable,
    dag,
    get_current_context,
    task,
)

from pipelines.orchestration import (
    STAGED_CONTACTS_ASSET_NAME,
    TAGS,
    TIMEZONE,
    default_args,
    describe_run,
    settings,
)

STAGED_CONTACTS_ASSET = Asset(STAGED_CONTACTS_ASSET_NAME)


@dag(
    dag_id="weekly_contact_topics",
    schedule=AssetOrTimeSchedule(
        timetable=CronDataIntervalTimetable("0 0 * * 1", timezone=TIMEZONE),
        assets=[STAGED_CONTACTS_ASSET],
    ),
    start_date=pendulum.datetime(2026, 1, 5, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    dagrun_timeout=timedelta(hours=8),
    params={"late_contacts": False},
    user_defined_macros={"reporting_week": lambda dag_run: describe_run(dag_run, TIMEZONE)},
    doc_md=__doc__,
    tags=[*TAGS, "weekly", "publish"],
    default_args=default_args(timeout=timedelta(hours=2)),
)
def weekly_contact_topics() -> None:
    @task.short_circuit(execution_timeout=timedelta(minutes=10))
    def plan(requested: str) -> dict[str, object] | None:
        """``requested``: the week the run builds, as rendered for the UI (describe_run)."""
        import logging

        from airflow.sdk.exceptions import AirflowFailException

        from pipelines.orchestration import WeekNotEnded, plan_run

        logging.getLogger(__name__).info("this run: %s", requested)
        context = get_current_context()
        run = context["dag_run"]
        try:
            result = plan_run(
                settings(),
                run_type=run.run_type,
                logical_date=run.logical_date,
                run_after=run.run_after,
                late_contacts=bool(context["params"].get("late_contacts")),
            )
        except WeekNotEnded as error:  # retrying cannot help: fail at once, saying why
            raise AirflowFailException(str(error)) from None
        return result.to_xcom() if result else None

    @task
    def load_reference() -> int:
        from pipelines.steps import load_reference_data

        return load_reference_data(settings())

    @task
    def classify() -> dict[str, object]:
        from pipelines.steps import classify_new_contacts

        report = classify_new_contacts(settings())
        return {"model_version": report.model_version, "classified": report.contacts_classified}

    @task
    def discover(week: dict[str, object]) -> dict[str, object]:
        from datetime import date

        from pipelines.steps import discover_themes

        report = discover_themes(settings(), up_to=date.fromisoformat(str(week["week_start"])))
        weeks = [week.isoformat() for week in report.weeks_processed]
        return {"weeks": weeks, "new_themes": report.new_themes}

    @task
    def republish_late_weeks(week: dict[str, object]) -> list[str]:
        from pipelines.orchestration import RunPlan
        from pipelines.steps import republish_week

        late = RunPlan.from_xcom(week).late_weeks
        for day in late:
            republish_week(settings(), day)
        return [day.isoformat() for day in late]

    @task
    def dbt_marts(week: dict[str, object]) -> str:
        from datetime import date

        from pipelines.steps import build_marts

        build_marts(settings(), as_of_date=date.fromisoformat(str(week["week_end"])))
        return str(week["week_start"])

    @task
    def validate_published() -> None:
        from pipelines.steps import check_published

        check_published(settings())

    @task
    def publish(week: dict[str, object]) -> dict[str, int]:
        from datetime import date

        from pipelines.steps import publish_week

        return publish_week(settings(), week=date.fromisoformat(str(week["week_start"]))).rows

    @task
    def restore_current(week: dict[str, object]) -> str:
        import logging

        from pipelines.orchestration import RunPlan
        from pipelines.steps import republish_week

        plan = RunPlan.from_xcom(week)
        if plan.current == plan.week.start:
            logging.getLogger(__name__).info("the run's week is the newest: nothing to restore")
        else:
            republish_week(settings(), plan.current, week_folder=False)
        return plan.current.isoformat()

    @task
    def record_week(week: dict[str, object]) -> str:
        from pipelines.orchestration import RunPlan, record_published

        record_published(settings(), RunPlan.from_xcom(week), get_current_context()["run_id"])
        return str(week["week_start"])

    @task
    def retention() -> dict[str, int]:
        from pipelines.steps import apply_retention_policy

        return apply_retention_policy(settings())

    week = plan(requested="{{ reporting_week(dag_run) }}")
    marts = dbt_marts(week)
    week >> load_reference() >> classify() >> discover(week) >> republish_late_weeks(week) >> marts
    published = marts >> validate_published() >> publish(week) >> restore_current(week)
    published >> record_week(week) >> retention()


weekly_contact_topics()
