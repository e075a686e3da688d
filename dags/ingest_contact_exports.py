"""
### Ingest contact exports (hourly)

Every hour, on the new export files in the landing location (`CONTACT_TOPICS_LANDING_URL`,
default `<workdir>/landing/`; a local folder or any fsspec URL such as `s3://bucket/landing`):

1. **list_landing**: the export files that are new, or changed since they were ingested
   (nothing to do: the rest is skipped). Files left in the landing location are known by a
   listing cache (size, modified time, etag) and are not read again while unchanged.
2. **ingest**: map, validate, redact, pseudonymise and store them in `raw.*`; files already
   ingested (same content) are skipped. `CONTACT_TOPICS_LANDING_AFTER_INGEST=move` then moves
   stored files to `<landing>_processed/<UTC date>/` (`CONTACT_TOPICS_PROCESSED_URL`); `keep`
   (default) leaves them. A file that cannot be ingested is moved to the quarantine location
   (`CONTACT_TOPICS_QUARANTINE_URL`, default `<workdir>/quarantine/`) with `<name>.reason.txt`
   beside it; the other files still go through.
3. **validate_raw**: the Great Expectations `raw_contacts` checkpoint on the new rows
4. **dbt_staging**: dbt seeds, source tests and staging models; marks the Asset
   `contact_topics_staged_contacts` as updated (the weekly DAG listens for late contacts)
5. **check_quarantine**: fails the run, naming the files and their reason files, when any file
   was quarantined. Deliberately not retried (`retries=0`): a quarantined file needs a person
   (fix the file or its mapping, put it back in the landing location), and a retry would only
   fail again with the same message and send the failure notification again.

Every task that opens the warehouse (`list_landing` reads it to trust its listing cache) runs
in the `contact_topics_warehouse` pool (one slot: DuckDB allows one writer). XCom carries file
paths, file ids, counts and week dates only.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, CronTriggerTimetable, dag, get_current_context, task

from pipelines.orchestration import (
    STAGED_CONTACTS_ASSET_NAME,
    TAGS,
    TIMEZONE,
    default_args,
    settings,
)

STAGED_CONTACTS_ASSET = Asset(STAGED_CONTACTS_ASSET_NAME)


@dag(
    dag_id="ingest_contact_exports",
    schedule=CronTriggerTimetable("5 * * * *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    dagrun_timeout=timedelta(hours=2),
    doc_md=__doc__,
    tags=[*TAGS, "hourly", "ingest"],
    default_args=default_args(timeout=timedelta(minutes=45)),
)
def ingest_contact_exports() -> None:
    @task.short_circuit(execution_timeout=timedelta(minutes=5))
    def list_landing() -> list[str]:
        from pipelines.steps import list_landing_files

        return list_landing_files(settings())

    @task
    def ingest(files: list[str]) -> dict[str, object]:
        from pipelines.steps import ingest_landing_files

        return ingest_landing_files(settings(), files).to_xcom()

    @task
    def validate_raw(report: dict[str, object]) -> None:
        from pipelines.steps import check_raw_contacts

        check_raw_contacts(settings(), list(report["new_file_ids"]))  # type: ignore[call-overload]

    @task(outlets=[STAGED_CONTACTS_ASSET])
    def dbt_staging(report: dict[str, object]) -> None:
        from airflow.sdk.exceptions import AirflowSkipException

        from pipelines.steps import build_staging

        if not report["new_file_ids"]:
            raise AirflowSkipException("no new contacts: staging and the Asset left as they are")
        build_staging(settings())
        extra = {"weeks": report["weeks"], "files": len(report["new_file_ids"])}  # type: ignore[arg-type]
        get_current_context()["outlet_events"][STAGED_CONTACTS_ASSET].extra = extra

    @task(trigger_rule="none_failed", pool="default_pool", retries=0)
    def check_quarantine(report: dict[str, object]) -> int:
        quarantined: list[dict[str, str]] = report["quarantined"]  # type: ignore[assignment]
        if quarantined:
            listing = "; ".join(f"{q['file']} (reason: {q['reason_file']})" for q in quarantined)
            raise RuntimeError(
                f"{len(quarantined)} file(s) could not be ingested and were quarantined: "
                f"{listing}. The other files were ingested."
            )
        return len(report["new_file_ids"])  # type: ignore[arg-type]

    report = ingest(list_landing())
    validate_raw(report) >> dbt_staging(report) >> check_quarantine(report)


ingest_contact_exports()
