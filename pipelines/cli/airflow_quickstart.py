"""``contact-topics airflow-quickstart``: a local Airflow with the project's DAGs and sample data.

Runs ``airflow standalone`` (SQLite metadata database) in its own session with
``AIRFLOW_HOME`` (default ``<workdir>/airflow``), the repository's ``dags/`` folder, the
``contact_topics_warehouse`` pool (one slot) and a few weeks of generated exports in
``<workdir>/landing/``. Ctrl-C, SIGTERM or SIGHUP stops the whole session (standalone, its
scheduler, DAG processor, API server, triggerer, LocalExecutor workers, and each running task,
which Airflow runs in a process group of its own). ``--dry-run`` prints what it would do and
creates nothing. For trying the DAGs only; production: docs/operations.md.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from pipelines.orchestration import WAREHOUSE_POOL
from pipelines.settings import Settings

log = logging.getLogger(__name__)
REPO_ROOT = Path(__file__).resolve().parents[2]
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
STOP_GRACE_SECONDS = 30.0
SECRET_PLACEHOLDER = "***"
CLI_VARIABLES = (
    "AIRFLOW_HOME",
    "AIRFLOW__CORE__DAGS_FOLDER",
    "AIRFLOW__CORE__LOAD_EXAMPLES",
    "CONTACT_TOPICS_WORKDIR",
)
"""What an ``airflow`` command run beside the quickstart needs exported (docs/operations.md)."""


def airflow_home(settings: Settings) -> Path:
    """``$AIRFLOW_HOME`` when set, else ``<workdir>/airflow``."""
    chosen = os.environ.get("AIRFLOW_HOME")
    return Path(chosen).expanduser().resolve() if chosen else settings.workdir.resolve() / "airflow"


def _jwt_secret(home: Path, create: bool) -> str:
    """The API's signing secret from ``<home>/jwt_secret`` (mode 600), made only if ``create``."""
    secret_file = home / "jwt_secret"
    if secret_file.exists():
        return secret_file.read_text().strip()
    if not create:
        return SECRET_PLACEHOLDER
    home.mkdir(parents=True, exist_ok=True)
    secret_file.write_text(secrets.token_hex(32))
    secret_file.chmod(0o600)
    return secret_file.read_text().strip()


def airflow_environment(settings: Settings, port: int, create: bool = True) -> dict[str, str]:
    """The environment ``airflow standalone`` runs with (the caller's, plus these).

    With ``create=False`` nothing is written: a secret not made yet shows as ``***``.
    """
    home = airflow_home(settings)
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": _jwt_secret(home, create),
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            "CONTACT_TOPICS_WORKDIR": str(settings.workdir.resolve()),
            # standalone starts its components as `airflow ...` subprocesses
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    return env


def quickstart_commands() -> list[list[str]]:
    """The Airflow commands, in order (the last one keeps running)."""
    airflow = str(Path(sys.executable).parent / "airflow")
    return [
        [airflow, "db", "migrate"],
        [airflow, "pools", "set", WAREHOUSE_POOL, "1", "DuckDB allows one writer"],
        [airflow, "standalone"],
    ]


def cli_exports(env: dict[str, str]) -> list[str]:
    """``export`` lines that let the ``airflow`` CLI in another shell see this Airflow."""
    return [f"export {name}={shlex.quote(env[name])}" for name in CLI_VARIABLES]


def cmd_airflow_quickstart(args: argparse.Namespace) -> int:
    settings = Settings.from_env(workdir=getattr(args, "workdir", None))
    if args.dry_run:
        return _dry_run(settings, args.port)
    from pipelines.generator import generate

    settings.ensure_dirs()
    env = airflow_environment(settings, args.port)
    commands = quickstart_commands()
    if not any(settings.landing_dir.iterdir()):
        generate(settings.landing_dir, weeks=args.weeks, per_week=args.per_week, seed=42)
    for command in commands[:-1]:
        subprocess.run(command, env=env, check=True, capture_output=True)
    print(
        f"Airflow on http://localhost:{args.port} (user admin; password in "
        f"{env['AIRFLOW_HOME']}/simple_auth_manager_passwords.json.generated). Unpause "
        "ingest_contact_exports, then weekly_contact_topics. Ctrl-C (or SIGTERM/SIGHUP to pid "
        f"{os.getpid()}) stops it and all its processes.\nTo use the airflow command line "
        "beside it, in another shell:\n" + "\n".join(cli_exports(env)),
        flush=True,
    )
    return run_group(commands[-1], env)


def _dry_run(settings: Settings, port: int) -> int:
    """Print the environment and the commands, pasteable into a shell; create nothing."""
    env = airflow_environment(settings, port, create=False)
    for name in sorted(k for k in env if k.startswith(("AIRFLOW_", "CONTACT_TOPICS_"))):
        secret = any(word in name for word in ("SECRET", "KEY", "PASSWORD"))
        print(f"{name}={SECRET_PLACEHOLDER if secret else shlex.quote(env[name])}")
    for command in quickstart_commands():
        print(shlex.join(command))
    return 0


class _Stop(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise _Stop(signum)


def run_group(
    command: list[str], env: dict[str, str] | None = None, grace: float = STOP_GRACE_SECONDS
) -> int:
    """Run ``command`` in its own session; Ctrl-C, SIGTERM or SIGHUP stops all of it.

    Returns the command's exit code, or 0 when it was stopped by one of those signals (after
    every process of its session, in every process group, has gone).
    """
    process = subprocess.Popen(command, env=env, start_new_session=True)
    previous = {signum: signal.signal(signum, _raise_stop) for signum in STOP_SIGNALS}
    try:
        return process.wait()
    except _Stop as stop:
        log.info("%s: stopping %s and its session %d", stop, command[0], process.pid)
        return 0
    finally:
        for signum in STOP_SIGNALS:  # a second Ctrl-C must not orphan the group mid-stop
            signal.signal(signum, signal.SIG_IGN)
        try:
            stop_group(process, grace)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def stop_group(process: subprocess.Popen, grace: float = STOP_GRACE_SECONDS) -> None:
    """SIGTERM to everything in ``process``'s session, SIGKILL to what is left after ``grace``.

    ``process`` was started with ``start_new_session``: it leads a session and a process group
    with its own id. Airflow runs each task in a process group of its own (so that it can kill
    the task's children), inside that session: signalling only the leader's group would leave a
    running task and its children behind. So every process group in the session is signalled.
    """
    sid = process.pid
    if not _session_alive(sid):
        process.poll()
        return
    _signal_session(sid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        process.poll()  # reap the leader, so it does not count as alive
        if not _session_alive(sid):
            return
        time.sleep(0.2)
    log.warning("session %d still running after %.0f s: SIGKILL", sid, grace)
    _signal_session(sid, signal.SIGKILL)
    process.wait()


def _signal_session(sid: int, signum: int) -> None:
    groups = {sid} | {pgid for _pid, pgid in _processes(session=sid)}
    for pgid in sorted(groups):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signum)


def _processes(**wanted: int) -> list[tuple[int, int]]:
    """(pid, process group) of live (not zombie) processes whose ``group`` or ``session`` is
    the one given, from ``/proc`` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        ids = {"group": int(fields[2]), "session": int(fields[3])}
        if fields[0] != "Z" and all(ids[key] == value for key, value in wanted.items()):
            found.append((int(entry.name), ids["group"]))
    return found


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid``, from ``/proc`` (Linux)."""
    return [pid for pid, _ in _processes(group=pgid)]


def session_members(sid: int) -> list[int]:
    """Live (not zombie) processes in session ``sid`` (every group in it), from ``/proc``."""
    return [pid for pid, _ in _processes(session=sid)]


def _session_alive(sid: int) -> bool:
    if Path("/proc/self/stat").exists():
        return bool(session_members(sid))
    try:
        os.killpg(sid, 0)
    except ProcessLookupError:
        return False
    return True


def register(subparsers: argparse._SubParsersAction, with_workdir: Callable) -> None:
    """Add ``airflow-quickstart`` to the ``contact-topics`` command line."""
    quick = with_workdir(
        subparsers.add_parser(
            "airflow-quickstart",
            help="start a local Airflow (standalone, SQLite) with the DAGs and sample data",
        )
    )
    quick.add_argument("--port", type=int, default=8080)
    quick.add_argument("--weeks", type=int, default=6, help="weeks of sample data (default 6)")
    quick.add_argument("--per-week", type=int, default=500)
    quick.add_argument(
        "--dry-run",
        action="store_true",
        help="print the environment and commands only (creates nothing)",
    )
    quick.set_defaults(func=cmd_airflow_quickstart)
