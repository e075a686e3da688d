"""The audit log: ``ops.audit_log``, one row per change, append-only.

Each row says who (``actor``: ``CONTACT_TOPICS_ACTOR``, else the operating-system user), when
(``logged_at``, UTC), what (``action``), to what (``object``) and the figures (``details``, JSON).
Code only ever inserts into the table. Details hold counts, versions, file names and hashes,
never a caller id, a pseudonym or a resident's words.

Actions written (docs/governance.md): ``model_trained`` (a model trained from a file,
``contact-topics train --input``), ``model_promoted``, ``model_refused`` (every training from
the warehouse), ``threshold_changed``, ``taxonomy_promoted``, ``taxonomy_changed``,
``reviewed_labels_imported``, ``erasure``, ``subject_access``, ``retention``,
``settings_fingerprint``.
"""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.warehouse import fetch_frame, open_warehouse

if TYPE_CHECKING:
    import duckdb

    from pipelines.settings import Settings
    from pipelines.taxonomy import Taxonomy
    from pipelines.topics.store import TrainedModel

ACTIONS = (
    "model_trained",
    "model_promoted",
    "model_refused",
    "threshold_changed",
    "taxonomy_promoted",
    "taxonomy_changed",
    "reviewed_labels_imported",
    "erasure",
    "subject_access",
    "retention",
    "settings_fingerprint",
)
# Settings that are secret or say nothing about behaviour: left out of the fingerprint.
_NOT_FINGERPRINTED = ("pseudonym_key", "actor", "log_level")


def current_actor(settings: Settings | None = None) -> str:
    """``settings.actor``, else ``CONTACT_TOPICS_ACTOR``, else the operating-system user."""
    if settings is not None and settings.actor:
        return settings.actor
    from_env = os.environ.get("CONTACT_TOPICS_ACTOR", "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (some containers)
        return f"uid {os.getuid()}"


def record(
    con: duckdb.DuckDBPyConnection,
    action: str,
    obj: str | None,
    details: dict[str, Any],
    actor: str | None = None,
) -> None:
    """Append one row to ``ops.audit_log`` (inside the caller's transaction, if any)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: expected one of {', '.join(ACTIONS)}")
    con.execute(
        "insert into ops.audit_log (logged_at, actor, action, object, details) "
        "values (?, ?, ?, ?, ?)",
        [
            datetime.now(UTC),
            actor or current_actor(),
            action,
            obj,
            json.dumps(details, sort_keys=True, default=str),
        ],
    )


def record_event(settings: Settings, action: str, obj: str | None, details: dict[str, Any]) -> None:
    """Open the warehouse, append one row and close it."""
    with open_warehouse(settings.warehouse_path) as con:
        record(con, action, obj, details, current_actor(settings))


def last_details(con: duckdb.DuckDBPyConnection, action: str) -> dict[str, Any] | None:
    """The details of the newest row with this action, or None."""
    row = con.execute(
        "select details from ops.audit_log where action = ? order by audit_id desc limit 1",
        [action],
    ).fetchall()
    return json.loads(row[0][0]) if row else None


def record_if_changed(
    con: duckdb.DuckDBPyConnection,
    action: str,
    obj: str | None,
    details: dict[str, Any],
    key: str,
    actor: str | None = None,
) -> bool:
    """Append a row only when ``details[key]`` differs from the newest row of this action."""
    before = last_details(con, action)
    if before is not None and before.get(key) == details.get(key):
        return False
    if before is not None:
        details = {**details, f"previous_{key}": before.get(key)}
    record(con, action, obj, details, actor)
    return True


def settings_fingerprint(settings: Settings) -> tuple[str, dict[str, str]]:
    """(SHA-256 of the settings that shape results, those settings as text); no secret."""
    shown = {
        item.name: str(getattr(settings, item.name))
        for item in dataclasses.fields(settings)
        if item.name not in _NOT_FINGERPRINTED
    }
    shown["pseudonym_key_set"] = str(bool(settings.pseudonym_key))
    for name in ("taxonomy_file", "redaction_patterns_file"):
        path = getattr(settings, name)
        if path is not None and Path(path).is_file():
            shown[f"{name}_sha256"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()
    return digest, shown


def record_settings(con: duckdb.DuckDBPyConnection, settings: Settings, run: str) -> None:
    """A ``settings_fingerprint`` row for a run (the fingerprint, and what went into it)."""
    digest, shown = settings_fingerprint(settings)
    record(
        con,
        "settings_fingerprint",
        run,
        {"fingerprint": digest, "settings": shown},
        current_actor(settings),
    )


def record_run(con: duckdb.DuckDBPyConnection, settings: Settings, taxonomy: Taxonomy) -> None:
    """At the start of a run: its settings fingerprint, and the taxonomy when it changed."""
    actor = current_actor(settings)
    record_settings(con, settings, "run")
    source = taxonomy.path.read_bytes() if taxonomy.path and taxonomy.path.is_file() else None
    digest = hashlib.sha256(source or repr(taxonomy.topics).encode()).hexdigest()
    record_if_changed(
        con,
        "taxonomy_changed",
        str(taxonomy.path) if taxonomy.path else "packaged taxonomy",
        {
            "sha256": digest,
            "topics": len(taxonomy.topics),
            "safeguarding_topics": sorted(t.id for t in taxonomy.topics if t.safeguarding),
        },
        key="sha256",
        actor=actor,
    )


def model_trained_details(
    model: TrainedModel, input_file: Path, columns: tuple[str, str], model_dir: Path
) -> dict[str, Any]:
    """Details of a ``model_trained`` row: the file (name and SHA-256, not its rows), where the
    model was written and its held-out figures. Such a model is never made current."""
    metrics = model.metrics
    return {
        "input_file": Path(input_file).name,
        "input_sha256": hashlib.sha256(Path(input_file).read_bytes()).hexdigest(),
        "text_column": columns[0],
        "label_column": columns[1],
        "model_dir": str(model_dir),
        "n_train": model.n_train,
        "n_labels": len(model.labels),
        "labels_left_out": sorted(model.dropped_labels),
        "n_heldout": int(metrics.get("n_heldout", 0)),
        "macro_f1": float(metrics.get("macro_f1", float("nan"))),
        "accuracy": float(metrics.get("accuracy", float("nan"))),
        "threshold": model.threshold,
        "training_fingerprint": model.training_fingerprint,
        "made_current": False,
    }


def has_audit_log(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has ``ops.audit_log`` (one written before it existed has not)."""
    rows = con.execute(  # fetchall: DuckDB refuses new work while a result is left open
        "select count(*) from information_schema.tables "
        "where table_schema = 'ops' and table_name = 'audit_log'"
    ).fetchall()
    return bool(rows[0][0])


def read_audit(settings: Settings, since: date | None = None) -> pl.DataFrame:
    """The audit log, oldest first (rows logged on or after ``since`` when given)."""
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        if not has_audit_log(con):
            return pl.DataFrame()
        return fetch_frame(
            con,
            "select audit_id, logged_at, actor, action, object, cast(details as varchar) "
            "as details from ops.audit_log where ? is null or logged_at >= cast(? as date) "
            "order by audit_id",
            [since, since],
        )


def format_audit(frame: pl.DataFrame) -> str:
    """One line per row: id, UTC time, actor, action, object, details."""
    if frame.height == 0:
        return "no audit rows"
    lines = []
    for row in frame.iter_rows(named=True):
        when = row["logged_at"].astimezone(UTC).isoformat(timespec="seconds")
        lines.append(
            f"{row['audit_id']:>6}  {when}  {row['actor']:<12} {row['action']:<25} "
            f"{row['object'] or '-'}  {row['details']}"
        )
    return "\n".join(lines)
