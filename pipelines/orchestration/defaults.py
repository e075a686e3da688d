"""What every contact-topics DAG shares: time zone, the warehouse pool, the Asset, task defaults.

The DAG files import this module at parse time, so it stays light: no Airflow import (pipelines/
never imports Airflow), nothing heavy (tests/dags checks), only the standard library.

- **Pool** ``contact_topics_warehouse`` (1 slot): DuckDB allows one writing process per file,
  so every task that opens the warehouse runs in this pool and no two of them, from any DAG,
  overlap. ``contact-topics airflow-quickstart`` creates it; in production
  ``airflow pools set contact_topics_warehouse 1 "DuckDB allows one writer"``.
- **Asset** ``contact_topics_staged_contacts``: updated by the ingest DAG when new contacts
  reach the staging models; the weekly DAG listens to it for late contacts.
- **Retries**: 3, from 1 minute doubling to at most 30 minutes; a timeout on every task; the
  failure callback ``pipelines.orchestration.notify.notify_failure`` (log line, webhook, e-mail).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

WAREHOUSE_POOL = "contact_topics_warehouse"
STAGED_CONTACTS_ASSET_NAME = "contact_topics_staged_contacts"
TAGS = ["contact-topics"]


def on_failure(context: Any) -> None:
    """Failure callback: a structured log line, and a webhook/e-mail when configured."""
    from pipelines.orchestration.notify import notify_failure

    notify_failure(context)


def settings():  # type: ignore[no-untyped-def]
    """The pipeline's settings from ``CONTACT_TOPICS_*`` environment variables."""
    from pipelines.settings import Settings

    return Settings.from_env()


def default_args(timeout: timedelta = timedelta(hours=1), **overrides: Any) -> dict[str, Any]:
    """Task defaults: retries with exponential back-off, a timeout, the pool, the callback."""
    args: dict[str, Any] = {
        "owner": "data-engineering",
        "retries": 3,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timeout,
        "pool": WAREHOUSE_POOL,
        "on_failure_callback": on_failure,
    }
    args.update(overrides)
    return args
