"""A small hand-made warehouse, built once by dbt for every test in this folder.

Three weeks across the spring clock change (Sunday 31 March 2024): Monday 18 March (GMT,
partial: the first contact is at 09:00), Monday 25 March (complete) and Monday 1 April (BST,
partial: the last contact is on Sunday at 12:00). Four taxonomy topics (one safeguarding, one
with no contacts at all), a duplicate row, a corrected contact, a contact the classifier has not
reached, a classification naming a retired topic, and repeat callers. The figures the tests
expect are worked out by hand in the comments of ``CONTACTS``.

The build runs in the pipeline's order: the seed, staging and intermediate models before any
classification (the pipeline builds only staging and ``int_contacts_wrap_up_topics`` then; all
intermediate models are built here so that the tests can read ``int_contacts_enriched`` before
classification), then the classifier's rows are written, then ``intermediate marts``; then a
correction and a reclassification arrive and ``intermediate marts`` runs again (the incremental
path). Tables are read after each stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipelines.dbt_runner import DbtResult, run_dbt
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse

INGESTED_1 = datetime(2024, 4, 8, 6, 0, tzinfo=UTC)
INGESTED_2 = datetime(2024, 4, 9, 6, 0, tzinfo=UTC)


def utc(moment: str) -> datetime:
    """'03-18 09:00' (2024, UTC) -> an aware datetime."""
    return datetime.fromisoformat(f"2024-{moment}:00+00:00")


# (source, id, started_at (2024, UTC), channel, outcome, handle_seconds, caller, vulnerable,
#  topic, confidence). topic None = not classified yet.
# fmt: off
CONTACTS: list[tuple[Any, ...]] = [
    # week of Mon 18 March (GMT; partial: the first contact is at 09:00 on Monday)
    ("telephony", "t1", "03-18 09:00", "phone", "resolved", 100, "A", False, "bins", 0.9),
    # t1: A contacts again 2 days later (c1) -> t1 is not a first-contact resolution
    ("telephony", "t2", "03-19 10:00", "phone", "transferred", 300, "B", False, "council_tax", 0.8),
    ("chat", "c1", "03-20 11:00", "webchat", "resolved", 200, "A", False, "bins", 0.7),
    # c1: a repeat of t1; A's next contact is 9 days 23 hours later -> resolved first time
    ("telephony", "t4", "03-24 23:30", "phone", "escalated", 500, None, False, "council_tax", 0.6),
    # t4: Sunday 23:30 GMT -> still the week of 18 March
    # week of Mon 25 March (complete)
    ("telephony", "t5", "03-25 00:30", "phone", "resolved", 120, "C", False, "bins", 0.95),
    # t5: C contacts again 6 days 23 hours later (t11) -> not a first-contact resolution
    ("telephony", "t6", "03-26 09:00", "phone", "resolved", 180, "F", False, "council_tax", 0.85),
    ("telephony", "t10", "03-27 12:00", "phone", "resolved", 90, "E", False, None, None),
    ("chat", "c2", "03-29 14:00", "webchat", "abandoned", None, "D", True, "child_safety", 0.99),
    ("telephony", "t9", "03-30 10:00", "phone", "resolved", 60, "A", False, "bins", 0.9),
    # week of Mon 1 April (BST; partial: the last contact is at 12:00 BST on Sunday)
    ("telephony", "t11", "03-31 23:30", "phone", "resolved", 150, "C", False, "bins", 0.8),
    # t11: 00:30 BST on Monday 1 April -> week of 1 April (in UTC it would be 25 March)
    ("telephony", "t12", "04-03 09:00", "phone", "resolved", 100, "B", False, "retired_topic", 0.9),
    ("telephony", "t13", "04-07 11:00", "phone", "transferred", 400, None, False, "bins", 0.85),
]
# fmt: on

# Redacted texts (the rest are "redacted text"): t6's wording makes it avoidable (failure
# demand); c1 (A again on bins 2 days after t1) and t11 (C again on bins 6 days 23 hours after
# t5) are avoidable as same-topic repeats.
TEXTS = {"t6": "I have already paid this bill", "c1": "bin still not collected"}

# t7 arrives twice: first as a callback, then corrected (later updated_at, second file).
T7_FIRST = ("telephony", "t7", "03-27 10:00", "phone", "callback", 30, "G", False)
T7_CORRECTED = ("telephony", "t7", "03-27 10:00", "phone", "resolved", 240, "G", False)
T7_TOPIC = ("council_tax", 0.75)

TOPICS = [
    ("bins", "Bins and recycling", "Waste", 524, "Missed bins, new bins", False),
    ("council_tax", "Council tax", "Revenues", 62, "Bills and payments", False),
    ("child_safety", "Child safeguarding", "Children's services", None, "Concerns", True),
    ("parking", "Parking permits", "Highways", None, "Permits and fines", False),
]


@dataclass
class BuiltWarehouse:
    """The results of the staged build, and table snapshots after each stage."""

    settings: Settings
    staging_result: DbtResult
    marts_result: DbtResult
    incremental_result: DbtResult
    after_staging: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    after_marts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    after_incremental: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    published_columns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _contact_row(
    values: tuple[Any, ...], file_id: str, row: int, updated: datetime | None, ingested: datetime
) -> tuple[Any, ...]:
    source, cid, started, channel, outcome, handle, caller, vulnerable = values[:8]
    return (
        source,
        cid,
        utc(started),
        None,
        handle,
        5,
        channel,
        "main",
        None,
        outcome,
        caller,
        TEXTS.get(cid, "redacted text"),
        0,
        vulnerable,
        updated,
        file_id,
        row,
        ingested,
    )


def _insert_raw(settings: Settings) -> None:
    rows = [_contact_row(c, "file-1", i + 1, None, INGESTED_1) for i, c in enumerate(CONTACTS)]
    t6 = next(c for c in CONTACTS if c[1] == "t6")
    rows.append(_contact_row(t6, "file-1", 99, None, INGESTED_1))  # exact duplicate of t6
    rows.append(_contact_row(T7_FIRST, "file-1", 50, utc("03-27 10:10"), INGESTED_1))
    rows.append(_contact_row(T7_CORRECTED, "file-2", 1, utc("03-28 09:00"), INGESTED_2))
    loaded = datetime(2024, 4, 8, tzinfo=UTC)
    with open_warehouse(settings.warehouse_path) as con:
        con.executemany("insert into raw.contacts values (" + ", ".join("?" * 18) + ")", rows)
        con.executemany(
            "insert into raw.topics values (?, ?, ?, ?, ?, ?, ?)", [t + (loaded,) for t in TOPICS]
        )
        con.execute("insert into raw.topic_wrap_up_codes values ('Bins - missed', 'bins')")


def _insert_classifications(settings: Settings) -> None:
    classified = [(c[0], c[1], c[8], c[9]) for c in CONTACTS if c[8] is not None]
    classified.append(("telephony", "t7", *T7_TOPIC))
    when = datetime(2024, 4, 9, tzinfo=UTC)
    with open_warehouse(settings.warehouse_path) as con:
        con.executemany(
            "insert into ml.contact_topics values (?, ?, null, ?, ?, ?, 'v1', ?)",
            [(src, cid, topic, topic, conf, when) for src, cid, topic, conf in classified],
        )


def _apply_late_changes(settings: Settings) -> None:
    """t13 is corrected to resolved; t10 gets classified as bins by model v2."""
    t13 = next(c for c in CONTACTS if c[1] == "t13")
    corrected = (*t13[:4], "resolved", *t13[5:8])
    when = datetime(2024, 4, 10, tzinfo=UTC)
    with open_warehouse(settings.warehouse_path) as con:
        con.execute(
            "insert into raw.contacts values (" + ", ".join("?" * 18) + ")",
            _contact_row(corrected, "file-3", 1, utc("04-09 08:00"), when),
        )
        con.execute(
            "insert into ml.contact_topics values "
            "('telephony', 't10', null, 'bins', 'bins', 0.6, 'v2', ?)",
            [when],
        )


def _snapshot(settings: Settings, tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        out = {}
        for table in tables:
            cursor = con.execute(f"select * from {table}")
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return out


def _published_columns(settings: Settings) -> dict[str, list[tuple[str, str]]]:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'published' order by table_name, ordinal_position"
        ).fetchall()
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, []).append((column, data_type))
    return columns


MART_TABLES = [
    "published.fct_contacts",
    "published.dim_topics",
    "published.topic_weekly_trends",
    "published.automation_candidates",
]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """Run the pipeline's two dbt stages, then an incremental re-run, on the fixture."""
    settings = Settings(workdir=tmp_path_factory.mktemp("dbt") / "work")
    settings.ensure_dirs()
    _insert_raw(settings)
    # a 1-contact minimum so that the tiny fixture has ranked automation candidates
    marts_vars = {"automation_min_contacts": 1}

    staging = run_dbt(settings, "build", select="resource_type:seed staging intermediate")
    after_staging = _snapshot(settings, ["intermediate.int_contacts_enriched"])
    _insert_classifications(settings)
    marts = run_dbt(settings, "build", select="intermediate marts", vars=marts_vars)
    after_marts = _snapshot(
        settings, [*MART_TABLES, "staging.stg_raw__contacts", "intermediate.int_contacts_enriched"]
    )
    published_columns = _published_columns(settings)
    _apply_late_changes(settings)
    incremental = run_dbt(settings, "build", select="intermediate marts", vars=marts_vars)
    after_incremental = _snapshot(settings, MART_TABLES)
    return BuiltWarehouse(
        settings=settings,
        staging_result=staging,
        marts_result=marts,
        incremental_result=incremental,
        after_staging=after_staging,
        after_marts=after_marts,
        after_incremental=after_incremental,
        published_columns=published_columns,
    )


def rows_by(rows: list[dict[str, Any]], *keys: str) -> dict[Any, dict[str, Any]]:
    """Index rows by one key (value) or several (tuple)."""
    if len(keys) == 1:
        return {row[keys[0]]: row for row in rows}
    return {tuple(row[k] for k in keys): row for row in rows}


def workdir_of(built: BuiltWarehouse) -> Path:
    return built.settings.workdir
