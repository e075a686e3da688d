"""The weekly DAG for real (``dag.test()``, real DuckDB, dbt and Great Expectations).

Three weeks of generated exports (16 March to 5 April 2026; the clocks go forward on Sunday
29 March). Two work directories with the same topic model:

- *week by week*: each week's files land, are ingested, and the weekly DAG runs for that week
  (logical date: the week's Monday, as the timetable sets it); the second week runs twice
  (idempotent); then a late file for the first week and a bad file arrive: the ingest DAG
  stores the late one and quarantines the bad one, and a late-contacts run republishes the
  first week's folder and report.
- *backfill*: every file is there from the start and the DAG runs for the three weeks in turn.

The runs are made once (module fixture: eight weekly ``dag.test()`` runs and one of the ingest
DAG) and the tests check them. A manual run with no logical date, one for a Wednesday of an
older week (the BI copy must stay on the newest week), a ``{"late_contacts": true}`` trigger
with nothing late and the Asset-triggered run are checked under the real scheduler
(tests/dags/test_under_scheduler.py), not repeated here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pendulum
import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

WEEKS = [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]
KEYS = {
    "fct_contacts": "contact_key",
    "dim_topics": "topic_id",
    "topic_weekly_trends": "week_start, topic_id, channel",
    "automation_candidates": "topic_id",
}
LATE_ROWS = 12
BAD_FILE = "telephony_2026-W15.csv"


@dataclass
class Runs:
    """What the module's DAG runs left behind, for the tests to check."""

    week_by_week: Path
    backfill: Path
    plans: dict[str, dict] = field(default_factory=dict)
    states: dict[str, dict[str, str]] = field(default_factory=dict)
    snapshots: dict[str, dict] = field(default_factory=dict)
    ingest_run_state: str = ""
    notifications: list[dict] = field(default_factory=list)
    asset_extra: dict | None = None
    current: dict[str, dict] = field(default_factory=dict)
    folders: dict[str, dict] = field(default_factory=dict)


class _Collect(logging.Handler):
    """The messages logged to one logger while attached."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _london(day: date, hour: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, tz="Europe/London")


def _run_for_week(dag, week_start: date, **kwargs):  # type: ignore[no-untyped-def]
    """``dag.test()`` with the logical date the timetable gives the week: its Monday 00:00."""
    return dag.test(logical_date=_london(week_start), **kwargs)


def _current_copy(workdir: Path) -> dict:
    """What dashboards see: the BI copy's week and window, and the top-level files' hashes."""
    import duckdb

    published = workdir / "published"
    con = duckdb.connect(str(published / "contact_topics.duckdb"), read_only=True)
    try:
        newest = con.execute("select max(week_start) from published.topic_weekly_trends").fetchone()
        window = con.execute(
            "select max(window_end) from published.automation_candidates"
        ).fetchone()
    finally:
        con.close()
    files = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(published.glob("*.parquet"))
    }
    return {"newest_week": newest[0], "window_end": window[0], "files": files}


def _week_folder(workdir: Path, week: date) -> dict:
    """A published week's folder: its own week's contacts (internal trends) and its report."""
    import re

    import polars as pl

    folder = workdir / "published" / "weeks" / week.isoformat()
    trends = pl.read_parquet(folder / "internal" / "topic_weekly_trends.parquet")
    own = trends.filter((pl.col("week_start") == week) & (pl.col("channel") == "all"))
    window = pl.read_parquet(folder / "internal" / "automation_candidates.parquet")
    report = (folder / "report.html").read_text(encoding="utf-8")
    (said,) = re.findall(r"([\d,]+) contacts this week", report)
    return {
        "contacts": int(own["contacts"].sum()),
        "report_contacts": int(said.replace(",", "")),
        "window_end": window["window_end"].max(),  # the marts were built as of this Sunday
    }


def _plan(run) -> dict | None:  # type: ignore[no-untyped-def]
    (ti,) = [ti for ti in run.get_task_instances() if ti.task_id == "plan"]
    return ti.xcom_pull(task_ids="plan")


def _states(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {ti.task_id: str(ti.state).rsplit(".", 1)[-1].lower() for ti in run.get_task_instances()}


def _snapshot(workdir: Path) -> dict:
    """Published tables (rows in key order), published file hashes, ops log, counts."""
    import duckdb

    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    try:
        tables = {
            table: con.execute(f"select * from published.{table} order by {order}").fetchall()
            for table, order in KEYS.items()
        }
        weeks = con.execute(
            "select week_start, reason from ops.published_weeks order by week_start"
        ).fetchall()
        raw_rows = con.execute("select count(*) from raw.contacts").fetchone()[0]
        week_totals = dict(
            con.execute(
                "select week_start, sum(contacts) from published.topic_weekly_trends "
                "where channel = 'all' group by week_start"
            ).fetchall()
        )
        window_ends = con.execute(
            "select distinct window_end from published.automation_candidates"
        ).fetchall()
    finally:
        con.close()
    # What readers see: every file by the path they open (latest/ through its link), not the
    # hidden copies that latest/ is switched between (.latest.<random>/, see publish/files.py).
    published = workdir / "published"
    paths = []
    for root, dirs, names in os.walk(published, followlinks=True):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        paths += [Path(root) / name for name in names]
    files = {
        str(path.relative_to(published)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(paths)
        if path.suffix in (".parquet", ".csv")
    }
    return {
        "tables": tables,
        "files": files,
        "weeks": weeks,
        "raw_rows": raw_rows,
        "week_totals": week_totals,
        "window_ends": window_ends,
    }


@pytest.fixture(scope="module")
def runs(airflow_db, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models.asset import AssetEvent
    from airflow.utils.session import create_session
    from sqlalchemy import select

    from pipelines.generator import generate
    from pipelines.ingest.landing import ingest_landing
    from pipelines.settings import Settings
    from pipelines.steps import build_staging, load_reference_data
    from pipelines.topics.step import train_from_warehouse

    root = tmp_path_factory.mktemp("weekly")
    exports = root / "exports"
    generate(exports, weeks=3, per_week=150, seed=11, start=WEEKS[0], truth_dir=root / "truth")
    result = Runs(week_by_week=root / "week_by_week", backfill=root / "backfill")
    bag = DagBag(dag_folder=str(REPO_ROOT / "dags"))
    weekly, ingest_dag = bag.dags["weekly_contact_topics"], bag.dags["ingest_contact_exports"]

    with pytest.MonkeyPatch.context() as mp:
        # Backfill: everything lands first; the model is trained once and shared.
        backfill = Settings.from_env(workdir=result.backfill)
        backfill.ensure_dirs()
        for path in exports.iterdir():
            shutil.copy(path, backfill.landing_dir)
        load_reference_data(backfill)
        assert not ingest_landing(backfill).quarantined
        build_staging(backfill)
        train_from_warehouse(backfill, seed=0)
        shutil.copytree(backfill.models_dir, result.week_by_week / "models")
        mp.setenv("CONTACT_TOPICS_WORKDIR", str(result.backfill))
        for week in WEEKS:
            run = _run_for_week(weekly, week)
            result.states[f"backfill {week}"] = _states(run)
            result.plans[f"backfill {week}"] = _plan(run)
        result.snapshots["backfill"] = _snapshot(result.backfill)

        # Week by week: the week's files land and are ingested, then the week is published.
        by_week = Settings.from_env(workdir=result.week_by_week)
        by_week.ensure_dirs()
        mp.setenv("CONTACT_TOPICS_WORKDIR", str(result.week_by_week))
        for index, week in enumerate(WEEKS):
            for path in exports.glob(f"*_{_iso_week(week)}.*"):
                shutil.copy(path, by_week.landing_dir)
            ingest_landing(by_week)
            build_staging(by_week)  # as the ingest DAG does after ingesting
            run = _run_for_week(weekly, week)
            result.states[f"by week {week}"] = _states(run)
            result.plans[f"by week {week}"] = _plan(run)
            result.snapshots[f"by week {week}"] = _snapshot(result.week_by_week)
            if index == 1:  # the same week again
                run = _run_for_week(weekly, week)
                result.states["again"] = _states(run)
                result.snapshots["again"] = _snapshot(result.week_by_week)

        result.current["published"] = _current_copy(result.week_by_week)
        result.folders["before late"] = _week_folder(result.week_by_week, WEEKS[0])
        # A manual run with no logical date, and one for a Wednesday of an older week, are run
        # under the real scheduler (tests/dags/test_under_scheduler.py), with the same checks.

        # A late file for the first week and a bad file land: the ingest DAG stores the late
        # one, quarantines the bad one and fails; a late-contacts run rebuilds the first week.
        lines = (exports / f"telephony_{_iso_week(WEEKS[0])}.csv").read_text().splitlines()
        late = [lines[0]] + ["9" + line[1:] for line in lines[1 : LATE_ROWS + 1]]
        late_file = by_week.landing_dir / f"telephony_{_iso_week(WEEKS[0])}_late.csv"
        late_file.write_text("\n".join(late) + "\n")
        (by_week.landing_dir / BAD_FILE).write_text("Not,The,Telephony,Columns\n1,2,3,4\n")
        notifications = _Collect()
        logging.getLogger("contact_topics.notify").addHandler(notifications)
        try:
            run = ingest_dag.test()
        finally:
            logging.getLogger("contact_topics.notify").removeHandler(notifications)
        result.states["late ingest"] = _states(run)
        result.ingest_run_state = str(run.state).rsplit(".", 1)[-1].lower()
        result.notifications = [json.loads(message) for message in notifications.messages]
        with create_session() as session:
            result.asset_extra = session.scalars(
                select(AssetEvent.extra).order_by(AssetEvent.id.desc()).limit(1)
            ).one()
        run = weekly.test(run_conf={"late_contacts": True})
        result.states["late"] = _states(run)
        result.plans["late"] = _plan(run)
        result.snapshots["late"] = _snapshot(result.week_by_week)
        result.current["late"] = _current_copy(result.week_by_week)
        result.folders["late"] = _week_folder(result.week_by_week, WEEKS[0])
    return result


def test_every_run_succeeds_and_builds_its_own_week(runs: Runs) -> None:
    for name, states in runs.states.items():
        if name == "late ingest":
            continue
        assert set(states.values()) == {"success"}, (name, states)
    for week in WEEKS:
        for mode in ("backfill", "by week"):
            plan = runs.plans[f"{mode} {week}"]
            assert plan["week_start"] == week.isoformat(), plan
            assert plan["week_end"] == (week + timedelta(days=6)).isoformat(), plan
    assert [runs.plans[f"backfill {week}"]["late_weeks"] for week in WEEKS] == [[], [], []]
    weeks = runs.snapshots["by week 2026-03-30"]["weeks"]
    assert [row[0] for row in weeks] == WEEKS
    # The marts are built as of the Sunday that ends the run's week, not "now".
    assert runs.snapshots["by week 2026-03-30"]["window_ends"] == [(date(2026, 4, 5),)]


def test_running_a_week_again_changes_nothing(runs: Runs) -> None:
    before, after = runs.snapshots["by week 2026-03-23"], runs.snapshots["again"]
    assert after["tables"] == before["tables"]
    assert after["files"] == before["files"] and after["files"]
    assert after["raw_rows"] == before["raw_rows"]
    contacts = after["tables"]["fct_contacts"]
    assert len({row[0] for row in contacts}) == len(contacts) > 0


def test_backfill_gives_the_same_tables_as_week_by_week(runs: Runs) -> None:
    backfill, by_week = runs.snapshots["backfill"], runs.snapshots["by week 2026-03-30"]
    for table in KEYS:
        assert backfill["tables"][table] == by_week["tables"][table], table
    assert [row[0] for row in backfill["weeks"]] == [row[0] for row in by_week["weeks"]]
    # Each run of the backfill published its own week's folder.
    for workdir in (runs.backfill, runs.week_by_week):
        weeks = (workdir / "published" / "weeks").iterdir()  # and index.html, the reports' index
        folders = sorted(path.name for path in weeks if path.is_dir())
        assert folders == [week.isoformat() for week in WEEKS]


def test_late_file_for_a_past_week_rebuilds_it(runs: Runs) -> None:
    assert runs.plans["late"]["late_weeks"] == [WEEKS[0].isoformat()]
    assert runs.plans["late"]["week_start"] == WEEKS[-1].isoformat()
    before, after = runs.snapshots["by week 2026-03-30"], runs.snapshots["late"]
    keys = {row[0] for row in after["tables"]["fct_contacts"]}
    late_keys = {key for key in keys if key.startswith("telephony:9")}
    assert 0 < len(late_keys) <= LATE_ROWS

    totals_before, totals_after = before["week_totals"], after["week_totals"]
    assert totals_after[WEEKS[0]] == totals_before[WEEKS[0]] + len(late_keys)
    assert totals_after[WEEKS[1]] == totals_before[WEEKS[1]]
    assert dict(after["weeks"])[WEEKS[0]] == "late contacts"
    # A late-contacts run with nothing late skips everything after its plan: under the real
    # scheduler (tests/dags/test_under_scheduler.py).


def test_late_contacts_reach_their_weeks_folder_and_report(runs: Runs) -> None:
    before, after = runs.folders["before late"], runs.folders["late"]
    added = after["contacts"] - before["contacts"]
    assert 0 < added <= LATE_ROWS
    assert before["report_contacts"] == before["contacts"]
    assert after["report_contacts"] == after["contacts"]
    assert after["window_end"] == WEEKS[0] + timedelta(days=6)  # as of its own week
    assert runs.current["late"]["window_end"] == WEEKS[2] + timedelta(
        days=6
    )  # the BI copy: the newest week


def test_ingest_quarantines_a_bad_file_stores_the_good_one_and_fails_loudly(runs: Runs) -> None:
    import duckdb

    assert runs.ingest_run_state == "failed"
    assert runs.states["late ingest"] == {
        "list_landing": "success",
        "ingest": "success",
        "validate_raw": "success",
        "dbt_staging": "success",
        "check_quarantine": "failed",
    }
    landing, quarantine = runs.week_by_week / "landing", runs.week_by_week / "quarantine"
    assert not (landing / BAD_FILE).exists() and (quarantine / BAD_FILE).exists()
    reason = (quarantine / f"{BAD_FILE}.reason.txt").read_text(encoding="utf-8")
    assert f"file: {landing / BAD_FILE}" in reason and "Call ID" in reason
    con = duckdb.connect(str(runs.week_by_week / "warehouse.duckdb"), read_only=True)
    try:
        stored = con.execute(
            "select count(*) from raw.ingest_manifest where file_path like '%_late.csv'"
        ).fetchone()[0]
    finally:
        con.close()
    assert stored == 1
    # The Asset names the week the new contacts fall in (no contact text in it).
    assert runs.asset_extra == {"weeks": [WEEKS[0].isoformat()], "files": 1}
    # The failure callback logged one structured line for the failed task.
    assert [(n["dag_id"], n["task_id"]) for n in runs.notifications] == [
        ("ingest_contact_exports", "check_quarantine")
    ]
    assert BAD_FILE in runs.notifications[0]["error"]
