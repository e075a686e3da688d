"""The failure callback: one structured log line, a webhook POST when configured, never raises."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest

from pipelines.orchestration.notify import notify_failure


def _context(error: Exception) -> dict:
    ti = SimpleNamespace(
        dag_id="weekly_contact_topics",
        task_id="dbt_marts",
        try_number=2,
        log_url="http://airflow/log",
    )
    run = SimpleNamespace(dag_id="weekly_contact_topics", run_id="scheduled__2026-03-23")
    # Task results (which could hold anything) are in the context but must not be sent.
    return {"task_instance": ti, "dag_run": run, "exception": error, "params": {"x": "secret"}}


def test_logs_and_posts_to_the_webhook(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(
        "CONTACT_TOPICS_NOTIFY_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/"
    )
    monkeypatch.delenv("CONTACT_TOPICS_NOTIFY_EMAIL_TO", raising=False)
    try:
        with caplog.at_level(logging.ERROR, logger="contact_topics.notify"):
            event = notify_failure(_context(RuntimeError("dbt build failed\nmore detail")))
    finally:
        server.shutdown()
    logged = json.loads(caplog.records[-1].getMessage())
    assert logged == event
    assert event["event"] == "contact_topics_failure"
    assert (event["dag_id"], event["task_id"], event["try_number"]) == (
        "weekly_contact_topics",
        "dbt_marts",
        2,
    )
    assert event["error_type"] == "RuntimeError" and event["error"] == "dbt build failed"
    assert "secret" not in json.dumps(event)
    assert len(received) == 1 and received[0]["run_id"] == "scheduled__2026-03-23"
    assert "dbt_marts failed" in received[0]["text"]


def test_undeliverable_notifications_never_raise(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("CONTACT_TOPICS_NOTIFY_EMAIL_TO", "ops@example.org")
    monkeypatch.setenv("CONTACT_TOPICS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONTACT_TOPICS_SMTP_PORT", "9")
    with caplog.at_level(logging.WARNING, logger="contact_topics.notify"):
        event = notify_failure(_context(ValueError("bad")))
    assert event["error_type"] == "ValueError"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("by webhook" in w for w in warnings) and any("by e-mail" in w for w in warnings)
