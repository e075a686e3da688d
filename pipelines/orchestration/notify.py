"""Failure notifications: a structured log line always; a webhook and/or e-mail when configured.

The Airflow DAGs use :func:`notify_failure` as their ``on_failure_callback``. It reads only
identifiers from the Airflow context (DAG, task, run, try number, log URL, the exception's
class and first line), never task results, so no contact text can reach a notification.

Settings (environment, prefix ``CONTACT_TOPICS_``): ``NOTIFY_WEBHOOK_URL`` (a JSON POST, e.g. a
Teams or Slack incoming webhook: keep the URL in your secret store), ``NOTIFY_EMAIL_TO``
(comma-separated), ``NOTIFY_EMAIL_FROM``, ``SMTP_HOST``, ``SMTP_PORT``. A notification that
cannot be delivered is logged and never raises: the failure being reported stays the error.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from pipelines.settings import ENV_PREFIX

log = logging.getLogger("contact_topics.notify")
TIMEOUT_SECONDS = 10


def _env(name: str, default: str = "") -> str:
    return os.environ.get(ENV_PREFIX + name) or default


def failure_event(context: Mapping[str, Any]) -> dict[str, Any]:
    """The notification's fields, from an Airflow callback context (identifiers only)."""
    ti = context.get("task_instance") or context.get("ti")
    run = context.get("dag_run")
    error = context.get("exception")
    first_line = str(error).strip().splitlines()[0] if error and str(error).strip() else ""
    return {
        "event": "contact_topics_failure",
        "dag_id": getattr(ti, "dag_id", None) or getattr(run, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(run, "run_id", None) or context.get("run_id"),
        "try_number": getattr(ti, "try_number", None),
        "logical_date": str(context.get("logical_date") or ""),
        "log_url": getattr(ti, "log_url", None),
        "error_type": type(error).__name__ if error else None,
        "error": first_line[:500],
    }


def send_webhook(url: str, event: Mapping[str, Any]) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": _summary(event), **event}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        response.read()


def send_email(recipients: list[str], event: Mapping[str, Any]) -> None:
    message = EmailMessage()
    message["Subject"] = _summary(event)
    message["From"] = _env("NOTIFY_EMAIL_FROM", "contact-topics@localhost")
    message["To"] = ", ".join(recipients)
    message.set_content(json.dumps(event, indent=2, default=str))
    host, port = _env("SMTP_HOST", "localhost"), int(_env("SMTP_PORT", "25"))
    with smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS) as smtp:
        smtp.send_message(message)


def _summary(event: Mapping[str, Any]) -> str:
    return (
        f"contact-topics: {event.get('dag_id')}.{event.get('task_id')} failed "
        f"(run {event.get('run_id')}, try {event.get('try_number')}): {event.get('error_type')}"
    )


def notify_failure(context: Mapping[str, Any]) -> dict[str, Any]:
    """Log the failure as one JSON line, then send it wherever the settings say."""
    event = failure_event(context)
    log.error("%s", json.dumps(event, default=str, sort_keys=True))
    channels = []
    webhook = _env("NOTIFY_WEBHOOK_URL")
    if webhook:
        channels.append(("webhook", lambda: send_webhook(webhook, event)))
    recipients = [r.strip() for r in _env("NOTIFY_EMAIL_TO").split(",") if r.strip()]
    if recipients:
        channels.append(("e-mail", lambda: send_email(recipients, event)))
    for name, send in channels:
        try:
            send()
        except Exception as exc:  # noqa: BLE001 - a notification must never mask the failure
            log.warning("failure notification by %s could not be sent: %s", name, exc)
    return event
