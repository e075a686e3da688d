"""Try docs/operations.md's everyday commands, as written, against the real quickstart (issue 22).

    .venv/bin/python scripts/try_operations.py [--root /tmp/try-ops] [--port N] [--keep]

What it does, in order (about 15-25 minutes on a busy 2-core machine):

1. starts ``contact-topics airflow-quickstart`` (the command in the doc's "Try it locally", with
   ``--workdir`` under ``--root`` instead of ``./work``, ``AIRFLOW_HOME`` under ``--root`` and a
   free loopback port) in a pseudo-terminal, as a person would in a terminal;
2. takes the ``export`` lines the quickstart prints and runs, with them, each command of the
   doc's "The airflow command line beside it" block and of "Everyday commands" (run a week, run
   the last complete week, re-run a week both ways, backfill a range, republish late contacts),
   copied from the doc's code spans, never retyped here; after each it waits until Airflow has
   no queued or running run and checks what the command did: runs and task states in the
   metadata database, the week each run built (the ``plan`` task's XCom), the files in
   ``published/weeks/<Monday>/``, ``ops.published_weeks``, and that ``latest/`` and the current
   BI copy (``contact_topics.duckdb``, top-level Parquet) still show the newest week;
3. for "republish late contacts": a late file for a published week with the weekly DAG
   unpaused (the Asset's run must republish it), then another with the weekly DAG paused during
   ingest (so no Asset run is queued) and the doc's manual trigger;
4. stops the quickstart with Ctrl-C (byte 0x03 written to its terminal: the terminal sends
   SIGINT) while a weekly task is running, and looks for any process left with its
   ``AIRFLOW_HOME`` in its environment or its folder on its command line.

Results: ``<root>/results.json`` and one line per command on stdout (the lines
docs/operations.md records). Exit status 1 when any check failed. The week dates come from the
doc; when the quickstart's default six weeks of sample data do not reach back to the oldest week
the doc names, ``--weeks`` is passed to it so that they do.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pty
import re
import select
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "operations.md"
VENV_BIN = REPO / ".venv" / "bin"
WEEKLY, INGEST = "weekly_contact_topics", "ingest_contact_exports"
TERMINAL = {"success", "failed"}
LONDON = ZoneInfo("Europe/London")
RUN_TIMEOUT = 1200  # seconds for Airflow to settle after one command (backfills: several runs)
LATE_ROWS = 12


# --- the doc ---------------------------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + len(heading) + 2)
    return text[start : end if end != -1 else len(text)]


def _commands_in(paragraph: str) -> list[str]:
    """Shell commands in a paragraph: fenced bash blocks (continuations joined) and inline code
    spans that start with ``airflow`` or ``.venv/bin/``, in the order they appear."""
    found: list[tuple[int, str]] = []
    for match in re.finditer(r"```bash\n(.*?)```", paragraph, re.S):
        block = match.group(1).replace("\\\n", " ")
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                found.append((match.start(), re.sub(r"\s+", " ", line)))
    outside = re.sub(r"```.*?```", lambda m: " " * len(m.group(0)), paragraph, flags=re.S)
    for match in re.finditer(r"`([^`\n]+)`", outside):
        code = match.group(1).strip()
        if code.startswith(("airflow ", ".venv/bin/")):
            found.append((match.start(), code))
    return [command for _, command in sorted(found, key=lambda item: item[0])]


def doc_commands(text: str) -> dict[str, list[str]]:
    """{label: commands}: the quickstart, the CLI beside it, and each everyday task."""
    local = _section(text, "## Try it locally")
    quick = [c for c in _commands_in(local.split("**Stopping it**")[0]) if "quickstart" in c]
    beside = local[local.index("**The `airflow` command line beside it**") :]
    commands = {
        "quickstart": quick,
        "beside": [c for c in _commands_in(beside) if not c.startswith("export ")],
    }
    everyday = _section(text, "## Everyday commands").split("\n### ")[0]
    for part in re.split(r"\n\n(?=\*\*)", everyday)[1:]:
        label = re.match(r"\*\*(.+?)\*\*", part).group(1)  # type: ignore[union-attr]
        commands[label] = _commands_in(part)
    return commands


def _option(command: str, name: str) -> str | None:
    words = shlex.split(command)
    return words[words.index(name) + 1] if name in words else None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- the quickstart in a terminal --------------------------------------------------------------


@dataclass
class Terminal:
    """A command in a pseudo-terminal (its session leader), its output collected."""

    pid: int
    master: int
    output: bytearray = field(default_factory=bytearray)
    status: int | None = None

    @classmethod
    def start(cls, argv: list[str], env: dict[str, str], cwd: Path) -> Terminal:
        pid, master = pty.fork()
        if pid == 0:  # the child: its own session, the pty its controlling terminal
            try:
                os.chdir(cwd)
                for signum in (signal.SIGINT, signal.SIGQUIT):  # as a shell starts a command
                    signal.signal(signum, signal.SIG_DFL)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        terminal = cls(pid, master)
        threading.Thread(target=terminal._read, daemon=True).start()
        return terminal

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 1)
                if ready:
                    chunk = os.read(self.master, 65536)
                    if not chunk:
                        return
                    self.output.extend(chunk)
            except OSError:
                return

    def text(self) -> str:
        return self.output.decode(errors="replace").replace("\r\n", "\n")

    def ctrl_c(self) -> None:
        os.write(self.master, b"\x03")  # the terminal driver sends SIGINT to its foreground group

    def wait(self, timeout: float) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            time.sleep(0.2)
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def leftover_processes(root: Path, home: Path, sessions: set[int] = frozenset()) -> list[str]:
    """Processes in one of ``sessions`` (``airflow standalone``'s), or with this AIRFLOW_HOME in
    their environment, or ``root`` on their command line. (Airflow's workers and task processes
    rename themselves, which overwrites what /proc shows of their environment: the session is
    what finds them.)"""
    marker, found = f"AIRFLOW_HOME={home}".encode(), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[4])
        ours = session in sessions or marker in environ or str(root) in cmdline
        if state != "Z" and ours:
            found.append(f"{entry.name} {cmdline.strip()}")
    return found


# --- Airflow's database and the outputs ---------------------------------------------------------


@dataclass
class Trial:
    root: Path
    home: Path
    workdir: Path
    env: dict[str, str]
    exports: list[str] = field(default_factory=list)
    sessions: set[int] = field(default_factory=set)  # airflow standalone's (its pid)
    lines: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def leftovers(self) -> list[str]:
        return leftover_processes(self.root, self.home, self.sessions)

    def run(self, command: str, timeout: int = 300) -> subprocess.CompletedProcess:
        """``command`` as the doc gives it, in bash, after the quickstart's export lines."""
        script = "\n".join([*self.exports, command])
        started = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        took = time.monotonic() - started
        print(f"$ {command}\n  exit {done.returncode} in {took:.1f} s", flush=True)
        with (self.root / "commands.log").open("a") as log:
            log.write(f"$ {command}\nexit {done.returncode}\n{done.stdout}\n{done.stderr}\n")
        return done

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        for attempt in range(40):
            try:
                con = sqlite3.connect(
                    f"file:{self.home / 'airflow.db'}?mode=ro", uri=True, timeout=30
                )
                try:
                    return con.execute(sql, params).fetchall()
                finally:
                    con.close()
            except sqlite3.OperationalError:
                if attempt == 39:
                    raise
                time.sleep(0.5)
        return []

    def runs(self) -> list[dict]:
        keys = ("id", "dag_id", "run_id", "run_type", "state", "logical_date", "end_date")
        rows = self.query(f"select {', '.join(keys)} from dag_run order by id")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def settle(self, what: str) -> None:
        """Wait until no run is queued or running and no Asset event waits, twice in a row."""
        deadline, quiet = time.monotonic() + RUN_TIMEOUT, 0
        while quiet < 2:
            busy = [r for r in self.runs() if r["state"] not in TERMINAL]
            waiting = self.query("select count(*) from asset_dag_run_queue")[0][0]
            quiet = 0 if busy or waiting else quiet + 1
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: Airflow still busy after {RUN_TIMEOUT} s: {busy}")
            time.sleep(3)

    def tasks(self, run_id: str, dag_id: str = WEEKLY) -> dict[str, str]:
        return dict(
            self.query(
                "select task_id, state from task_instance where dag_id = ? and run_id = ?",
                (dag_id, run_id),
            )
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

    def published_weeks(self) -> dict[str, tuple[str, str]]:
        import duckdb

        con = duckdb.connect(str(self.workdir / "warehouse.duckdb"), read_only=True)
        try:
            rows = con.execute(
                "select week_start, run_id, reason, published_at from ops.published_weeks"
            ).fetchall()
        finally:
            con.close()
        return {str(row[0]): (row[1], row[2], str(row[3])) for row in rows}

    def current(self) -> dict:
        """The BI copy's newest week and file hashes, and the week latest/ shows."""
        import duckdb

        published = self.workdir / "published"
        con = duckdb.connect(str(published / "contact_topics.duckdb"), read_only=True)
        try:
            newest = con.execute(
                "select max(week_start) from published.topic_weekly_trends"
            ).fetchone()[0]
        finally:
            con.close()
        files = {p.name: _hash(p) for p in sorted(published.glob("*.parquet"))}
        latest = _data_files(published / "latest")
        same = [
            week.name
            for week in sorted((published / "weeks").iterdir())
            if week.is_dir() and _data_files(week) == latest
        ]
        return {"newest_week": str(newest), "files": files, "latest_is": same}

    def folder(self, week: str) -> dict:
        import polars as pl

        folder = self.workdir / "published" / "weeks" / week
        if not folder.is_dir():
            return {"exists": False}
        trends = pl.read_parquet(folder / "internal" / "topic_weekly_trends.parquet")
        own = trends.filter(
            (pl.col("week_start") == date.fromisoformat(week)) & (pl.col("channel") == "all")
        )
        report = (folder / "report.html").read_text(encoding="utf-8")
        said = re.findall(r"([\d,]+) contacts this week", report)
        return {
            "exists": True,
            "files": sum(1 for p in folder.rglob("*") if p.is_file()),
            "contacts": int(own["contacts"].sum()),
            "report_contacts": int(said[0].replace(",", "")) if said else None,
            "data": _data_files(folder),
        }


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_files(folder: Path) -> dict[str, str]:
    """Parquet and CSV files under ``folder`` (following its link) by relative path."""
    folder = folder.resolve()
    return {
        str(p.relative_to(folder)): _hash(p)
        for p in sorted(folder.rglob("*"))
        if p.suffix in (".parquet", ".csv")
    }


# --- the trial ----------------------------------------------------------------------------------


def _record(trial: Trial, label: str, command: str, ok: bool, did: str) -> None:
    trial.lines.append({"task": label, "command": command, "ok": ok, "did": did})
    print(f"  {'OK' if ok else 'FAILED'}: {did}", flush=True)
    if not ok:
        trial.failures.append(f"{label}: {command}: {did}")


def _new_runs(trial: Trial, before: int) -> list[dict]:
    return [r for r in trial.runs() if r["id"] > before]


def _describe_runs(trial: Trial, runs: list[dict]) -> tuple[bool, str, list[str]]:
    """(all succeeded, 'run_id: state, week', weeks built) for weekly runs."""
    parts, weeks, ok = [], [], True
    for run in runs:
        if run["dag_id"] != WEEKLY:
            continue
        plan = trial.plan(run["run_id"]) or {}
        tasks = trial.tasks(run["run_id"])
        good = run["state"] == "success" and set(tasks.values()) <= {"success", "skipped"}
        ok = ok and good
        week = plan.get("week_start")
        late = plan.get("late_weeks") or []
        weeks += [*late, week] if week else []
        extra = f", late weeks {', '.join(late)}" if late else ""
        what = f"week {week}{extra}" if week else "nothing to do (plan skipped the rest)"
        parts.append(f"{run['run_id']} ({run['run_type']}) {run['state']}: {what}")
    return ok, "; ".join(parts), weeks


def _check_current(trial: Trial, newest: str, before: dict | None) -> tuple[bool, str]:
    now = trial.current()
    ok = now["newest_week"] == newest and newest in now["latest_is"]
    text = f"BI copy on {now['newest_week']}, latest/ = weeks/{'/'.join(now['latest_is'])}"
    if before is not None:
        same = now["files"] == before["files"]
        text += ", top-level Parquet unchanged" if same else ", top-level Parquet rewritten"
    return ok, text


def trial_weekly_command(
    trial: Trial, label: str, command: str, expect_weeks: list[str], newest: str
) -> dict:
    """Run one weekly command; check its runs, their weeks, folders, the record, the BI copy."""
    before_id = max((r["id"] for r in trial.runs()), default=0)
    ended = {r["run_id"]: r["end_date"] for r in trial.runs()}
    current_before = trial.current()
    folders_before = {week: trial.folder(week) for week in expect_weeks}
    done = trial.run(command)
    if done.returncode != 0:
        _record(trial, label, command, False, f"exit {done.returncode}: {done.stderr[-500:]}")
        return {}
    trial.settle(label)
    runs = _new_runs(trial, before_id) or [
        r for r in trial.runs() if r["run_id"] in ended and r["end_date"] != ended[r["run_id"]]
    ]
    ok, said, built = _describe_runs(trial, runs)
    ok = ok and sorted(set(built)) == sorted(expect_weeks)
    record = trial.published_weeks()
    notes = []
    for week in expect_weeks:
        folder = trial.folder(week)
        row = record.get(week)
        ok = ok and folder["exists"] and row is not None
        if not folder["exists"]:
            notes.append(f"weeks/{week}/ missing")
            continue
        same = folders_before[week].get("data") == folder["data"]
        notes.append(
            f"weeks/{week}/: {folder['files']} files, {folder['contacts']} contacts "
            f"(report says {folder['report_contacts']})"
            + (", data files byte-identical to before" if same else "")
            + (f"; ops.published_weeks: {row[1]} by {row[0]}" if row else "; not recorded")
        )
        ok = ok and folder["report_contacts"] == folder["contacts"]
    current_ok, current_text = _check_current(trial, newest, current_before)
    ok = ok and current_ok
    _record(trial, label, command, ok, f"{said}. {'; '.join(notes)}. {current_text}")
    return {"runs": runs, "folders_before": folders_before}


def _late_file(trial: Trial, week: date) -> Path:
    """A late telephony file for ``week``: its first rows under new call ids."""
    iso_year, iso_week, _ = week.isocalendar()
    name = f"telephony_{iso_year}-W{iso_week:02d}.csv"
    source = trial.workdir / "landing" / name
    lines = source.read_text(encoding="utf-8").splitlines()
    late = [lines[0]] + ["9" + line[1:] for line in lines[1 : LATE_ROWS + 1]]
    target = trial.workdir / "landing" / f"{name[:-4]}_late.csv"
    target.write_text("\n".join(late) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="folder for everything (default: a new /tmp)")
    parser.add_argument("--port", type=int, help="api-server port (default: a free one)")
    parser.add_argument("--keep", action="store_true", help="keep the root folder at the end")
    parser.add_argument(
        "--stop-only",
        action="store_true",
        help="only start the quickstart, trigger ingest and stop it with Ctrl-C mid-task",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    root = (args.root or Path(tempfile.mkdtemp(prefix="try-operations-"))).resolve()
    root.mkdir(parents=True, exist_ok=True)
    commands = doc_commands(DOC.read_text(encoding="utf-8"))
    print(json.dumps(commands, indent=1), flush=True)

    home, workdir = root / "airflow", root / "work"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "CONTACT_TOPICS"))}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"  # as `source .venv/bin/activate`
    env["AIRFLOW_HOME"] = str(home)
    # Loopback only, and ports nobody else uses (several Airflows may run on this machine).
    port = args.port or _free_port()
    env["AIRFLOW__API__HOST"] = "127.0.0.1"
    env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] = str(_free_port())
    env["AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT"] = str(_free_port())

    # 1. The quickstart, as the doc gives it (workdir under root), in a terminal.
    (quick,) = commands["quickstart"]
    oldest = min(
        monday(date.fromisoformat(d[:10]))
        for label, cmds in commands.items()
        for c in cmds
        for d in filter(None, (_option(c, o) for o in ("--logical-date", "--from-date")))
    )
    weeks_needed = (monday(datetime.now(LONDON).date()) - oldest).days // 7 + 1
    argv_quick = shlex.split(quick.replace("./work", str(workdir))) + ["--port", str(port)]
    if weeks_needed > 6:
        argv_quick += ["--weeks", str(weeks_needed)]
    argv_quick[0] = str(REPO / argv_quick[0])
    print(f"quickstart: {shlex.join(argv_quick)} (AIRFLOW_HOME={home})", flush=True)
    started = time.monotonic()
    terminal = Terminal.start(argv_quick, env, REPO)
    trial = Trial(root, home, workdir, env)
    results: dict[str, object] = {"airflow": _airflow_version(env), "date": str(date.today())}
    try:
        _wait_ready(trial, terminal, port)
        results["ready_seconds"] = round(time.monotonic() - started, 1)
        print(f"ready in {results['ready_seconds']} s; exports: {trial.exports}", flush=True)
        if args.stop_only:
            for command in commands["beside"][:-1]:  # list, unpause and trigger ingest
                trial.run(command)
            results["stop"] = _stop_with_ctrl_c(trial, terminal, root, home, None)
        else:
            _everyday(trial, commands)
            results["stop"] = _stop_with_ctrl_c(
                trial, terminal, root, home, commands["Run the last complete week"][0]
            )
        results["after sigkill"] = _stop_after_sigkill(trial, argv_quick, env, port)
    finally:
        if terminal.status is None:  # something failed before the Ctrl-C: stop it anyway
            with contextlib.suppress(OSError):
                terminal.ctrl_c()
            if terminal.wait(60) is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(terminal.pid, signal.SIGKILL)
        (root / "quickstart.out").write_text(terminal.text())
        results["lines"] = trial.lines
        results["failures"] = trial.failures
        (root / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print("\n".join(f"- {line['command']}: {line['did']}" for line in trial.lines))
    print(f"{len(trial.failures)} failed; results in {root / 'results.json'}")
    if not args.keep and not trial.failures:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if trial.failures else 0


def _airflow_version(env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "airflow"), "version"], env=env, capture_output=True, text=True, check=False
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "?"


def _wait_ready(trial: Trial, terminal: Terminal, port: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert terminal.wait(0) is None, f"quickstart exited:\n{terminal.text()}"
        exports = [
            line.strip() for line in terminal.text().splitlines() if line.startswith("export ")
        ]
        healthy = False
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=5),
        ):
            healthy = True
        parsed = False
        if healthy and (trial.home / "airflow.db").exists():
            with contextlib.suppress(sqlite3.OperationalError):
                parsed = {WEEKLY, INGEST} <= {r[0] for r in trial.query("select dag_id from dag")}
        if exports and healthy and parsed:
            trial.exports = exports
            trial.sessions |= set(_standalone(terminal.pid))
            return
        time.sleep(2)
    raise AssertionError(f"quickstart not ready in 300 s:\n{terminal.text()[-3000:]}")


def _everyday(trial: Trial, commands: dict[str, list[str]]) -> None:
    # The doc's CLI block beside the quickstart: list, unpause and trigger ingest, then the
    # weekly DAG (its scheduled run for the week just ended).
    for command in commands["beside"]:
        done = trial.run(command)
        ok = done.returncode == 0
        trial.settle(command)
        if WEEKLY in command and "unpause" in command:
            ok_runs, said, _ = _describe_runs(trial, trial.runs())
            _record(trial, "beside", command, ok and ok_runs, said)
        elif "trigger" in command:
            ingests = [r for r in trial.runs() if r["dag_id"] == INGEST]
            stored = trial.query(
                "select count(*) from task_instance where dag_id = ? and task_id = 'dbt_staging' "
                "and state = 'success'",
                (INGEST,),
            )[0][0]
            states = [f"{r['run_id']} {r['state']}" for r in ingests]
            ok = ok and all(r["state"] == "success" for r in ingests) and stored > 0
            _record(trial, "beside", command, ok, "; ".join(states))
        else:
            _record(trial, "beside", command, ok, f"exit {done.returncode}")
    newest = max(trial.published_weeks())
    print(f"newest week published: {newest}", flush=True)

    def week_of(command: str) -> str:
        return str(monday(date.fromisoformat(_option(command, "--logical-date")[:10])))

    (run_week,) = commands["Run a week"]
    trial_weekly_command(trial, "Run a week", run_week, [week_of(run_week)], newest)
    (last,) = commands["Run the last complete week"]
    last_week = str(monday(datetime.now(LONDON).date()) - timedelta(days=7))
    trial_weekly_command(trial, "Run the last complete week", last, [last_week], newest)
    for command in commands["Re-run a week"]:
        if "--logical-date" in command:
            weeks = [week_of(command)]
        else:  # tasks clear: the weeks whose runs' logical dates are in the range
            weeks = [str(monday(date.fromisoformat(_option(command, "--start-date")[:10])))]
        trial_weekly_command(trial, "Re-run a week", command, weeks, newest)
    for command in commands["Backfill a range"]:
        first = date.fromisoformat(_option(command, "--from-date")[:10])
        end = date.fromisoformat(_option(command, "--to-date")[:10])
        weeks = [str(first + timedelta(days=7 * i)) for i in range((end - first).days // 7 + 1)]
        trial_weekly_command(trial, "Backfill a range", command, weeks, newest)
    _late_contacts(trial, commands, newest)


def _late_contacts(trial: Trial, commands: dict[str, list[str]], newest: str) -> None:
    trigger_ingest = next(c for c in commands["beside"] if "trigger" in c and INGEST in c)
    weeks = sorted(trial.published_weeks())
    # (a) Nothing to do: a late file for the oldest week published; the Asset starts the run.
    week = weeks[0]
    before = trial.folder(week)
    _late_file(trial, date.fromisoformat(week))
    before_id = max(r["id"] for r in trial.runs())
    trial.run(trigger_ingest)
    trial.settle("late ingest")
    runs = _new_runs(trial, before_id)
    asset_runs = [r for r in runs if r["run_type"] == "asset_triggered"]
    ok, said, built = _describe_runs(trial, asset_runs)
    after = trial.folder(week)
    added = after["contacts"] - before["contacts"]
    row = trial.published_weeks()[week]
    ok = ok and bool(asset_runs) and week in built and 0 < added <= LATE_ROWS
    ok = ok and after["report_contacts"] == after["contacts"] and row[1] == "late contacts"
    current_ok, current_text = _check_current(trial, newest, None)
    _record(
        trial,
        "Republish late contacts",
        f"(a late file for {week}, then) {trigger_ingest}",
        ok and current_ok,
        f"{said or 'no Asset-triggered run'}. weeks/{week}/: {before['contacts']} -> "
        f"{after['contacts']} contacts (report says {after['report_contacts']}); "
        f"ops.published_weeks: {row[1]} by {row[0]}. {current_text}",
    )
    # (b) By hand: the weekly DAG paused while the late file is ingested (no Asset run queued).
    (manual,) = commands["Republish late contacts"]
    week = weeks[1]
    before = trial.folder(week)
    trial.run(f"airflow dags pause {WEEKLY}")
    _late_file(trial, date.fromisoformat(week))
    trial.run(trigger_ingest)
    trial.settle("late ingest, weekly paused")
    trial.run(f"airflow dags unpause {WEEKLY}")
    time.sleep(10)
    queued = [r for r in trial.runs() if r["state"] not in TERMINAL]
    result = trial_weekly_command(trial, "Republish late contacts", manual, [week, newest], newest)
    after = trial.folder(week)
    added = after["contacts"] - before["contacts"]
    ok = 0 < added <= LATE_ROWS and not queued and bool(result)
    _record(
        trial,
        "Republish late contacts",
        f"(check) {manual}",
        ok,
        f"weeks/{week}/: {before['contacts']} -> {after['contacts']} contacts; runs queued by "
        f"unpausing before the trigger: {len(queued)}",
    )


def _stop_with_ctrl_c(
    trial: Trial, terminal: Terminal, root: Path, home: Path, run: str | None
) -> dict:
    """Ctrl-C while a task runs (``run``, when given, starts one); then nothing of this Airflow
    may be left."""
    if run:
        trial.run(run)
    deadline, running = time.monotonic() + 300, []
    while time.monotonic() < deadline and not running:
        running = trial.query(
            "select dag_id, task_id from task_instance where state = 'running' "
            "and task_id != 'list_landing'"
        )
        time.sleep(0.5)
    tasks_before = leftover_processes(root, home, trial.sessions)
    started = time.monotonic()
    terminal.ctrl_c()
    code = terminal.wait(90)
    took = time.monotonic() - started
    time.sleep(2)
    left = leftover_processes(root, home, trial.sessions)
    pgrep = subprocess.run(["pgrep", "-af", "airflow"], capture_output=True, text=True).stdout
    ours = [
        line
        for line in pgrep.splitlines()
        if str(root) in line and line.split()[0] != str(os.getpid())
    ]
    ok = code == 0 and not left and not ours
    did = (
        f"Ctrl-C while {running or 'no task'} was running ({len(tasks_before)} processes): "
        f"quickstart exited {code} after {took:.1f} s; processes left: {len(left)}"
        + (f" {left}" if left else "")
    )
    _record(trial, "Stop the quickstart", "Ctrl-C in its terminal", ok, did)
    return {"exit": code, "seconds": round(took, 1), "left": left, "pgrep_ours": ours}


def _standalone(pid: int) -> list[int]:
    """The ``airflow standalone`` process(es) the quickstart ``pid`` started."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"standalone" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def _stop_after_sigkill(trial: Trial, argv: list[str], env: dict[str, str], port: int) -> dict:
    """The quickstart killed with SIGKILL (cannot be caught): the doc's ``pkill -s`` command
    for the session of ``airflow standalone`` must stop what it left."""
    terminal = Terminal.start(argv, env, REPO)
    try:
        _wait_ready(trial, terminal, port)
        standalone = _standalone(terminal.pid)
        os.kill(terminal.pid, signal.SIGKILL)
        terminal.wait(30)
        time.sleep(2)
        orphans = trial.leftovers()
        doc = DOC.read_text(encoding="utf-8").splitlines()
        (line,) = [line for line in doc if "pkill -TERM -s" in line]
        command = re.search(r"`(pkill -TERM -s [^`]+)`", line).group(1)  # type: ignore[union-attr]
        command = command.replace("<pid of airflow standalone>", str(standalone[0]))
        subprocess.run(["bash", "-c", command], check=False)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and trial.leftovers():
            time.sleep(1)
        left = trial.leftovers()
        _record(
            trial,
            "Stop the quickstart",
            f"(quickstart killed with SIGKILL, then) {command}",
            bool(orphans) and not left,
            f"SIGKILL left {len(orphans)} processes running; after the command: {len(left)}",
        )
        return {"orphans": len(orphans), "left": left}
    finally:
        for line in trial.leftovers():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split()[0]), signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
