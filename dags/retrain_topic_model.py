"""
### Retrain the topic model

On the 1st of every month at 03:00 Europe/London, or when triggered by hand (for example after
importing a batch of reviewed labels with `contact-topics import-reviews`):

1. **load_reference**: the taxonomy into `raw.topics` / `raw.topic_wrap_up_codes`
2. **dbt_staging**: dbt staging models, so training sees every contact ingested so far
3. **retrain**: train a challenger on contacts with mapped wrap-up codes and on analysts'
   reviewed labels (`ml.reviewed_topics`, which win over wrap-up codes); it replaces
   `<workdir>/models/current` only when its held-out macro-F1 is not worse than the current
   model's on the same texts. Every decision goes to `ml.topic_model_history`; every promoted
   model stays in `<workdir>/models/<version>/`.

The next run of `weekly_contact_topics` reclassifies contacts with the promoted model (the
classify step redoes every contact classified by another model version). Trigger with the
configuration `{"force": true}` to promote the challenger whatever the comparison says.

DuckDB allows one writer: every task runs in the `contact_topics_warehouse` pool (one slot), so
it never overlaps a task of the ingest or weekly DAGs.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, get_current_context, task

from pipelines.orchestration import TAGS, TIMEZONE, default_args, settings


@dag(
    dag_id="retrain_topic_model",
    schedule=CronTriggerTimetable("0 3 1 * *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, 3, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    doc_md=__doc__,
    dagrun_timeout=timedelta(hours=6),
    tags=[*TAGS, "monthly", "model"],
    params={"force": False},
    default_args=default_args(timeout=timedelta(hours=2)),
)
def retrain_topic_model() -> None:
    @task
    def load_reference() -> int:
        from pipelines.steps import load_reference_data

        return load_reference_data(settings())

    @task
    def dbt_staging() -> None:
        from pipelines.steps import build_staging

        build_staging(settings())

    @task
    def retrain() -> dict[str, object]:
        from pipelines.steps import train_topic_model

        force = bool(get_current_context()["params"].get("force", False))
        result = train_topic_model(settings(), force=force)
        return {
            "version": result.model.version,
            "promoted": result.decision.promoted,
            "reason": result.decision.reason,
        }

    load_reference() >> dbt_staging() >> retrain()


retrain_topic_model()
