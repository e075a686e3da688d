"""The DAGs under a real Airflow, as production runs them (issue 22).

One Airflow for the whole module, on a temporary ``AIRFLOW_HOME`` with its own SQLite database:
``airflow api-server`` (the LocalExecutor's tasks talk to its execution API), ``airflow
dag-processor`` and ``airflow scheduler`` with the LocalExecutor, reading the repository's DAG
files, each started in its own session and stopped at the end even when a test fails: every
process group in each session (Airflow runs each task in a group of its own inside the
scheduler's session), then any process left with this Airflow's home in its environment. The
commands are the ones docs/operations.md gives.

Three weeks of generated exports, the last complete weeks before today (the timetable's
catch-up run builds the week just ended, whatever day CI runs on):

1. they land, ``airflow dags trigger ingest_contact_exports`` ingests them;
2. ``weekly_contact_topics`` is unpaused: its scheduled run builds the newest week;
3. ``airflow backfill create`` for the oldest week: that week's folder, the BI copy unchanged;
4. ``airflow dags trigger --logical-date <Wednesday of the middle week>``: that week;
5. ``airflow dags trigger`` with no date: the last complete week;
6. a late file for the middle week lands, ingest runs, the Asset starts a weekly run: it
   succeeds and the middle week's folder and report include the late contacts;
7. ``airflow dags trigger --conf '{"late_contacts": true}'`` with nothing late: its plan
   succeeds and skips the rest.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

AIRFLOW = Path(sys.executable).parent / "airflow"
WEEKLY, INGEST = "weekly_contact_topics", "ingest_contact_exports"
RUN_TIMEOUT = 600  # seconds for one DAG run on a busy 2-core machine
POLL = 0.5  # seconds between reads of the metadata database (read-only, cheap)
LATE_ROWS = 12
TERMINAL = {"success", "failed"}
LONDON = ZoneInfo("Europe/London")


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Airflow:
    """A running Airflow: run its CLI, read its database, wait for runs, read the outputs."""

    home: Path
    workdir: Path
    env: dict[str, str]
    weeks: list[date]
    processes: list[subprocess.Popen] = field(default_factory=list)
    results: dict[str, dict] = field(default_factory=dict)

    def cli(self, *args: str, timeout: int = 180) -> str:
        done = subprocess.run(
            [str(AIRFLOW), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"airflow {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        for attempt in range(20):
            try:
                con = sqlite3.connect(
                    f"file:{self.home / 'airflow.db'}?mode=ro", uri=True, timeout=30
                )
                try:
                    return con.execute(sql, params).fetchall()
                finally:
                    con.close()
            except sqlite3.OperationalError:  # locked for a moment by the scheduler
                if attempt == 19:
                    raise
                time.sleep(0.5)
        return []

    def runs(self, dag_id: str) -> list[dict]:
        rows = self.query(
            "select run_id, run_type, state, logical_date, id from dag_run where dag_id = ? "
            "order by id",
            (dag_id,),
        )
        keys = ("run_id", "run_type", "state", "logical_date", "id")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def wait_for_run(self, dag_id: str, pick: Callable[[dict], bool], what: str) -> dict:
        deadline = time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            found = [run for run in self.runs(dag_id) if pick(run)]
            if found and found[-1]["state"] in TERMINAL:
                run = found[-1]
                run["tasks"] = dict(
                    self.query(
                        "select task_id, state from task_instance where dag_id = ? and run_id = ?",
                        (dag_id, run["run_id"]),
                    )
                )
                run["plan"] = self.plan(run["run_id"]) if dag_id == WEEKLY else None
                return run
            time.sleep(POLL)
        raise AssertionError(
            f"{what}: no finished run in {RUN_TIMEOUT} s; {self.runs(dag_id)}\n{self.logs()}"
        )

    def plan(self, run_id: str) -> dict | None:
        rows = self.query(
            "select value from xcom where dag_id = ? and run_id = ? and task_id = 'plan' "
            "and key = 'return_value'",
            (WEEKLY, run_id),
        )
        if not rows or rows[0][0] is None:
            return None
        value = json.loads(rows[0][0])
        return json.loads(value) if isinstance(value, str) else value

    def logs(self, lines: int = 40) -> str:
        tails = []
        for path in sorted(self.home.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(tails)

    def current_copy(self) -> dict:
        """What dashboards see: the BI copy's newest week and window, top-level file hashes."""
        import hashlib

        import duckdb

        published = self.workdir / "published"
        con = duckdb.connect(str(published / "contact_topics.duckdb"), read_only=True)
        try:
            newest = con.execute(
                "select max(week_start) from published.topic_weekly_trends"
            ).fetchone()
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

    def week_folder(self, week: date) -> dict:
        """A week's folder: its own week's contacts, what its report says, its newest week."""
        import polars as pl

        folder = self.workdir / "published" / "weeks" / week.isoformat()
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(processes: list[subprocess.Popen], home: Path) -> None:
    """Stop every session started (each component's, with the task processes Airflow runs in
    process groups of their own inside the scheduler's session), as the quickstart stops its
    own; then any process left with this Airflow's home in its environment."""
    from concurrent.futures import ThreadPoolExecutor

    from pipelines.cli.airflow_quickstart import stop_group

    with ThreadPoolExecutor(len(processes) or 1) as pool:
        list(pool.map(stop_group, processes))
    marker = f"AIRFLOW_HOME={home}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


def _prepare_workdir(root: Path, weeks: list[date], env: dict[str, str]) -> Path:
    """Exports for the three weeks, and a topic model trained on them in a scratch workdir."""
    from pipelines.generator import generate
    from pipelines.ingest.landing import ingest_landing
    from pipelines.settings import Settings
    from pipelines.steps import build_staging, load_reference_data
    from pipelines.topics.step import train_from_warehouse

    exports = root / "exports"
    generate(exports, weeks=3, per_week=120, seed=5, start=weeks[0], truth_dir=root / "truth")
    scratch = Settings.from_env(workdir=root / "scratch")
    scratch.ensure_dirs()
    for path in exports.iterdir():
        shutil.copy(path, scratch.landing_dir)
    load_reference_data(scratch)
    assert not ingest_landing(scratch).quarantined
    build_staging(scratch)
    train_from_warehouse(scratch, seed=0)
    work = Settings.from_env(workdir=Path(env["CONTACT_TOPICS_WORKDIR"]))
    work.ensure_dirs()
    shutil.copytree(scratch.models_dir, work.models_dir, dirs_exist_ok=True)
    shutil.rmtree(scratch.workdir, ignore_errors=True)
    return exports


@pytest.fixture(scope="module")
def airflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Airflow]:
    root = tmp_path_factory.mktemp("scheduler")
    home = root / "airflow"
    home.mkdir()
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW")}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO_ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__EXECUTOR="LocalExecutor",
        AIRFLOW__CORE__PARALLELISM="2",
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="True",
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{port}/execution/",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS="True",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}",
        AIRFLOW__API__HOST="127.0.0.1",
        AIRFLOW__API__PORT=str(port),
        AIRFLOW__API__WORKERS="1",
        AIRFLOW__API_AUTH__JWT_SECRET=secrets.token_hex(32),
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(_free_port()),
        AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="5",
        AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME="0.5",
        CONTACT_TOPICS_WORKDIR=str(root / "work"),
        CONTACT_TOPICS_PSEUDONYM_KEY=os.environ["CONTACT_TOPICS_PSEUDONYM_KEY"],
    )
    last = _week_start(datetime.now(UTC).date()) - timedelta(days=7)
    weeks = [last - timedelta(days=14), last - timedelta(days=7), last]
    stack = Airflow(home=home, workdir=root / "work", env=env, weeks=weeks)
    stack.results["exports"] = {"path": _prepare_workdir(root, weeks, env)}
    try:
        stack.cli("db", "migrate", timeout=300)
        stack.cli("pools", "set", "contact_topics_warehouse", "1", "DuckDB allows one writer")
        for name in ("api-server", "dag-processor", "scheduler"):
            log = (home / f"{name}.log").open("w")
            stack.processes.append(
                subprocess.Popen(
                    [str(AIRFLOW), name],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own session, stopped as one
                )
            )
        _wait_until_ready(stack, port)
        _run_scenario(stack)
        yield stack
    finally:
        _stop(stack.processes, home)


def _wait_until_ready(stack: Airflow, port: int) -> None:
    deadline = time.monotonic() + 180
    healthy = parsed = False
    while time.monotonic() < deadline and not (healthy and parsed):
        for process in stack.processes:
            assert process.poll() is None, f"{process.args} exited\n{stack.logs()}"
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=5),
        ):
            healthy = True
        with contextlib.suppress(sqlite3.OperationalError):
            dags = {row[0] for row in stack.query("select dag_id from dag")}
            parsed = {WEEKLY, INGEST} <= dags
        time.sleep(POLL)
    assert healthy and parsed, f"Airflow not ready in 180 s\n{stack.logs()}"


def _run_scenario(stack: Airflow) -> None:
    """The runs, in order; what each left is kept in ``stack.results`` for the tests."""
    exports, weeks, landing = (
        stack.results["exports"]["path"],
        stack.weeks,
        stack.workdir / "landing",
    )
    for path in exports.iterdir():
        shutil.copy(path, landing)

    # 1. Ingest, triggered by hand. Unpausing the DAG also starts the timetable's run for the
    # hour just past; one of the two stores the files, the other finds nothing new.
    stack.cli("dags", "trigger", INGEST, "--run-id", "first_ingest")
    stack.cli("dags", "unpause", INGEST)
    stack.wait_for_run(INGEST, lambda r: r["run_id"] == "first_ingest", "ingest")
    stack.results["ingests"] = [
        stack.wait_for_run(INGEST, lambda r, run_id=run["run_id"]: r["run_id"] == run_id, "ingest")
        for run in stack.runs(INGEST)
    ]

    # 2. The weekly DAG unpaused: the timetable's run for the week just ended.
    stack.cli("dags", "unpause", WEEKLY)
    stack.results["scheduled"] = stack.wait_for_run(
        WEEKLY, lambda r: r["run_type"] == "scheduled", "scheduled run"
    )
    _settle(stack)
    stack.results["scheduled"]["current"] = stack.current_copy()

    # 3. A one-week backfill of the oldest week, as docs/operations.md gives it: the week's
    # Monday 00:00 in London (with its offset, right in summer time too).
    monday = datetime(weeks[0].year, weeks[0].month, weeks[0].day, tzinfo=LONDON).isoformat()
    stack.cli(
        "backfill", "create", "--dag-id", WEEKLY, "--from-date", monday, "--to-date", monday,
        "--reprocess-behavior", "completed",
    )  # fmt: skip
    stack.results["backfill"] = stack.wait_for_run(
        WEEKLY, lambda r: r["run_type"] == "backfill", "backfill"
    )
    stack.results["backfill"]["current"] = stack.current_copy()
    stack.results["backfill"]["folder"] = stack.week_folder(weeks[0])

    # 4. A trigger with a logical date: the Wednesday of the middle week.
    wednesday = (weeks[1] + timedelta(days=2)).isoformat()
    stack.cli("dags", "trigger", WEEKLY, "--logical-date", wednesday, "--run-id", "for_wednesday")
    stack.results["logical date"] = stack.wait_for_run(
        WEEKLY, lambda r: r["run_id"] == "for_wednesday", "logical-date run"
    )
    stack.results["logical date"]["current"] = stack.current_copy()
    stack.results["before late"] = stack.week_folder(weeks[1])

    # 5. A trigger with no logical date.
    stack.cli("dags", "trigger", WEEKLY, "--run-id", "no_date")
    stack.results["no date"] = stack.wait_for_run(
        WEEKLY, lambda r: r["run_id"] == "no_date", "run with no date"
    )
    stack.results["no date"]["current"] = stack.current_copy()

    # 6. A late file for the middle week (already published): ingest, then the Asset's run.
    asset_runs_before = {
        r["run_id"] for r in stack.runs(WEEKLY) if r["run_type"] == "asset_triggered"
    }
    source = exports / f"telephony_{_iso_week(weeks[1])}.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    late = [lines[0]] + ["9" + line[1:] for line in lines[1 : LATE_ROWS + 1]]
    (landing / f"telephony_{_iso_week(weeks[1])}_late.csv").write_text("\n".join(late) + "\n")
    stack.cli("dags", "trigger", INGEST, "--run-id", "late_ingest")
    stack.results["late ingest"] = stack.wait_for_run(
        INGEST, lambda r: r["run_id"] == "late_ingest", "late ingest"
    )
    stack.results["late"] = stack.wait_for_run(
        WEEKLY,
        lambda r: r["run_type"] == "asset_triggered" and r["run_id"] not in asset_runs_before,
        "asset-triggered run",
    )
    stack.results["late"]["current"] = stack.current_copy()
    stack.results["late"]["folder"] = stack.week_folder(weeks[1])

    # 7. Republishing late contacts by hand, as docs/operations.md gives it, with nothing late.
    stack.cli("dags", "trigger", WEEKLY, "--conf", '{"late_contacts": true}', "--run-id", "by_hand")
    stack.results["by hand"] = stack.wait_for_run(
        WEEKLY, lambda r: r["run_id"] == "by_hand", "late contacts by hand"
    )


def _settle(stack: Airflow) -> None:
    """Wait until no weekly run is queued or running (the first ingest's Asset event may have
    started one beside the scheduled run)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while any(r["state"] not in TERMINAL for r in stack.runs(WEEKLY)):
        assert time.monotonic() < deadline, f"weekly runs never settled\n{stack.logs()}"
        time.sleep(POLL)


def _succeeded(run: dict) -> None:
    assert run["state"] == "success", (run, run["tasks"])
    assert set(run["tasks"].values()) == {"success"}, run["tasks"]


def test_ingest_and_the_scheduled_run_build_the_week_just_ended(airflow: Airflow) -> None:
    ingests = airflow.results["ingests"]
    assert ingests and {run["state"] for run in ingests} == {"success"}, ingests
    assert any(run["tasks"]["dbt_staging"] == "success" for run in ingests), ingests
    scheduled = airflow.results["scheduled"]
    _succeeded(scheduled)
    assert scheduled["plan"]["week_start"] == airflow.weeks[2].isoformat()
    assert scheduled["current"]["window_end"] == airflow.weeks[2] + timedelta(days=6)


def test_a_one_week_backfill_builds_its_week_and_leaves_the_bi_copy(airflow: Airflow) -> None:
    run = airflow.results["backfill"]
    _succeeded(run)
    assert run["plan"]["week_start"] == airflow.weeks[0].isoformat()
    assert run["folder"]["window_end"] == airflow.weeks[0] + timedelta(days=6)
    assert run["current"] == airflow.results["scheduled"]["current"]


def test_a_logical_date_chooses_its_week(airflow: Airflow) -> None:
    run = airflow.results["logical date"]
    _succeeded(run)
    assert (run["plan"]["week_start"], run["plan"]["reason"]) == (
        airflow.weeks[1].isoformat(),
        "manual",
    )
    assert run["plan"]["current_week"] == airflow.weeks[2].isoformat()
    assert airflow.results["before late"]["window_end"] == airflow.weeks[1] + timedelta(days=6)
    assert run["current"] == airflow.results["scheduled"]["current"]


def test_a_trigger_with_no_date_builds_the_last_complete_week(airflow: Airflow) -> None:
    run = airflow.results["no date"]
    _succeeded(run)
    assert run["logical_date"] is None
    assert (run["plan"]["week_start"], run["plan"]["reason"]) == (
        airflow.weeks[2].isoformat(),
        "manual",
    )
    assert run["current"]["window_end"] == airflow.weeks[2] + timedelta(days=6)


def test_the_asset_triggered_run_republishes_the_late_week(airflow: Airflow) -> None:
    assert airflow.results["late ingest"]["state"] == "success", airflow.results["late ingest"]
    run = airflow.results["late"]
    _succeeded(run)
    assert run["plan"]["late_weeks"] == [airflow.weeks[1].isoformat()]
    before, after = airflow.results["before late"], run["folder"]
    added = after["contacts"] - before["contacts"]
    assert 0 < added <= LATE_ROWS
    assert after["report_contacts"] == after["contacts"]
    assert after["window_end"] == airflow.weeks[1] + timedelta(days=6)
    assert run["current"]["window_end"] == airflow.weeks[2] + timedelta(days=6)


def test_republishing_by_hand_with_nothing_late_skips_the_rest(airflow: Airflow) -> None:
    run = airflow.results["by hand"]
    assert run["state"] == "success", run
    tasks = dict(run["tasks"])
    assert tasks.pop("plan") == "success" and set(tasks.values()) == {"skipped"}, run["tasks"]
    assert run["plan"] is None
