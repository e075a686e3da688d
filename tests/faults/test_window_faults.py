"""Dates outside the plausible window (issue 15) after ingest: the raw Great Expectations
checkpoint fails on any stored row outside it (rows stored before ingest had the window, or put
there by hand), and the reporting week is not moved by such a row.

Real DuckDB warehouse, real Great Expectations checkpoint (the committed project, copied).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.quality.checkpoints import DEFAULT_PROJECT_DIR, CheckpointFailed, validate_raw
from pipelines.steps import check_raw_contacts
from pipelines.warehouse import connect
from tests.pipelines.quality.test_validate import GOOD_CONTACTS, _insert_contacts

BETWEEN = "expect_column_values_to_be_between"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gx_window")
    shutil.copytree(
        DEFAULT_PROJECT_DIR / "gx", root / "gx", ignore=shutil.ignore_patterns("uncommitted")
    )
    return root


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("started_at", "1970-01-01 09:00:00+00"),
        ("started_at", "0026-11-17 09:00:00+00"),  # a two-digit year read as the year 26
        ("started_at", "2031-03-02 09:00:00+00"),
        ("ended_at", "2099-03-02 09:00:00+00"),
        ("updated_at", "2099-03-02 09:00:00+00"),
    ],
    ids=["1970", "year-26", "2031", "end-2099", "updated-2099"],
)
def test_the_raw_checkpoint_fails_on_a_stored_row_outside_the_window(
    tmp_path: Path, project: Path, column: str, value: str
) -> None:
    con = connect(tmp_path / "w.duckdb")
    _insert_contacts(con, GOOD_CONTACTS)
    assert validate_raw(con, project_dir=project).success
    end = {"ended_at": None} if column == "started_at" else {}  # only the one fault
    _insert_contacts(con, [{"contact_id": "OUT", **end, column: value}])
    report = validate_raw(con, project_dir=project)
    con.close()
    failed = {(o.expectation_type, o.column) for o in report.failed}
    assert (BETWEEN, column) in failed, report.summary()
    assert all(kind == BETWEEN for kind, _ in failed), report.summary()
    with pytest.raises(CheckpointFailed, match=rf"{BETWEEN}\({column}\) 1 of "):
        report.raise_for_failure()


def test_the_window_ends_one_day_after_now_and_starts_at_the_setting(
    tmp_path: Path, project: Path
) -> None:
    now = datetime.now(UTC)
    con = connect(tmp_path / "w.duckdb")
    soon = (now + timedelta(hours=20)).strftime("%Y-%m-%d %H:%M:%S+00")
    _insert_contacts(con, [{"started_at": soon, "ended_at": None}])
    assert validate_raw(con, project_dir=project, now=now).success
    assert not validate_raw(con, project_dir=project, now=now - timedelta(days=1)).success
    assert validate_raw(con, project_dir=project, min_contact_date=date(2026, 1, 1)).success
    later = now.date() + timedelta(days=2)
    assert not validate_raw(con, project_dir=project, min_contact_date=later).success
    con.close()


def test_the_pipeline_step_applies_the_min_contact_date_setting(settings, tmp_path: Path) -> None:
    """``check_raw_contacts`` (the step the DAGs and the CLI run) uses the setting."""
    settings.ensure_dirs()
    con = connect(settings.warehouse_path)
    _insert_contacts(con, [{"started_at": "2019-06-03 09:00:00+00", "ended_at": None}])
    con.close()
    check_raw_contacts(settings)  # inside 2000-01-01 .. tomorrow
    with pytest.raises(CheckpointFailed, match=r"between\(started_at\)"):
        check_raw_contacts(replace(settings, min_contact_date=date(2020, 1, 1)))


def test_the_reporting_week_is_never_a_week_that_has_not_ended(tmp_path: Path) -> None:
    """One contact dated on a Sunday that has not come yet can make the week in progress look
    complete (its last contact is after the Sunday cut-off): the reporting week is still the
    last week that has ended by the as-of date."""
    from pipelines.publish.outputs import last_complete_week_in_data

    con = connect(tmp_path / "w.duckdb")
    con.execute("create schema if not exists published")
    con.execute(
        "create table published.topic_weekly_trends as select * from (values "
        "(date '2026-11-16', 'all', 120, false), (date '2026-11-23', 'all', 130, false), "
        "(date '2026-11-30', 'all', 90, false), (date '2031-03-03', 'all', 1, false)"
        ") t(week_start, channel, contacts, is_partial_week)"
    )
    saturday = date(2026, 12, 5)  # the week of 30 November ends tomorrow
    assert last_complete_week_in_data(con, as_of=saturday) == date(2026, 11, 23)
    assert last_complete_week_in_data(con, as_of=date(2026, 12, 7)) == date(2026, 11, 30)
    con.close()
