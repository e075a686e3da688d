"""
### Weekly contact topics

Every Monday at 06:00 Europe/London, for the Monday-to-Sunday week that has just ended:

1. **load_reference**: the taxonomy into `raw.topics` / `raw.topic_wrap_up_codes`
2. **ingest**: new export files in `<workdir>/landing/` into `raw.contacts` (bad rows to
   `raw.rejected_rows`; files already ingested are skipped)
3. **validate_raw**: the Great Expectations `raw_contacts` checkpoint on the new rows
4. **dbt_staging**: dbt staging and intermediate models (deduplicated, UK-local weeks)
5. **classify**: topic, confidence and model version for every new or changed contact
6. **dbt_marts**: the published tables, as of the Sunday that ends the run's week
7. **validate_published**: the `published` checkpoint; a failure stops publishing
8. **publish**: Parquet files in `<workdir>/published/`

Settings come from `CONTACT_TOPICS_*` environment variables (see `.env.example`). DuckDB allows
one writer, so the DAG runs one task at a time and one run at a time. Every step rewrites what it
owns, so a retry or a re-run of a week changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task
from airflow.timetables.trigger import CronTriggerTimetable

TIMEZONE = "Europe/London"


def _settings():  # type: ignore[no-untyped-def]
    from pipelines.settings import Settings

    return Settings.from_env()


@dag(
    dag_id="weekly_contact_topics",
    schedule=CronTriggerTimetable("0 6 * * 1", timezone=TIMEZONE, interval=timedelta(weeks=1)),
    start_date=pendulum.datetime(2026, 1, 5, 6, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    doc_md=__doc__,
    tags=["contact-topics", "weekly", "publish"],
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=2),
    },
)
def weekly_contact_topics() -> None:
    @task
    def load_reference() -> int:
        from pipelines.pipeline import load_reference as run

        return run(_settings())

    @task
    def ingest() -> list[str]:
        from pipelines.pipeline import ingest as run

        return run(_settings()).new_file_ids

    @task
    def validate_raw(file_ids: list[str]) -> None:
        from pipelines.pipeline import validate_raw as run

        run(_settings(), file_ids)

    @task
    def dbt_staging() -> None:
        from pipelines.pipeline import transform_staging

        transform_staging(_settings())

    @task
    def classify() -> dict[str, object]:
        from pipelines.pipeline import classify as run

        report = run(_settings())
        return {"model_version": report.model_version, "classified": report.contacts_classified}

    @task
    def dbt_marts() -> str:
        from pipelines.pipeline import transform_marts
        from pipelines.weeks import reporting_week

        interval_end = get_current_context()["data_interval_end"]
        week = reporting_week(interval_end, TIMEZONE)
        transform_marts(_settings(), as_of_date=week.end)
        return week.start.isoformat()

    @task
    def validate_published() -> None:
        from pipelines.pipeline import validate_published as run

        run(_settings())

    @task
    def publish() -> dict[str, int]:
        from pipelines.pipeline import publish_outputs

        return publish_outputs(_settings()).rows

    new_files = ingest()
    checked = validate_raw(new_files)
    load_reference() >> new_files
    checked >> dbt_staging() >> classify() >> dbt_marts() >> validate_published() >> publish()


weekly_contact_topics()
