"""``contact-topics airflow-quickstart``: a local Airflow with the project's DAGs and sample data.

Runs ``airflow standalone`` (SQLite metadata database, everything in one process group) with
``AIRFLOW_HOME=<workdir>/airflow``, the repository's ``dags/`` folder, the
``contact_topics_warehouse`` pool (one slot) and a few weeks of generated exports in
``<workdir>/landing/``. For trying the DAGs only; production: docs/operations.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pipelines.orchestration import WAREHOUSE_POOL
from pipelines.settings import Settings

log = logging.getLogger(__name__)
REPO_ROOT = Path(__file__).resolve().parents[2]


def airflow_environment(settings: Settings, port: int) -> dict[str, str]:
    """The environment ``airflow standalone`` runs with (the caller's, plus these)."""
    home = settings.workdir.resolve() / "airflow"
    secret_file = home / "jwt_secret"
    if not secret_file.exists():
        home.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_hex(32))
        secret_file.chmod(0o600)
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": secret_file.read_text().strip(),
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


def cmd_airflow_quickstart(args: argparse.Namespace) -> int:
    from pipelines.generator import generate

    settings = Settings.from_env(workdir=getattr(args, "workdir", None))
    settings.ensure_dirs()
    env = airflow_environment(settings, args.port)
    commands = quickstart_commands()
    if args.dry_run:
        for name in sorted(k for k in env if k.startswith(("AIRFLOW_", "CONTACT_TOPICS_"))):
            value = "***" if "SECRET" in name or "KEY" in name else env[name]
            print(f"{name}={value}")
        for command in commands:
            print(" ".join(command))
        return 0
    if not any(settings.landing_dir.iterdir()):
        generate(settings.landing_dir, weeks=args.weeks, per_week=args.per_week, seed=42)
    for command in commands[:-1]:
        subprocess.run(command, env=env, check=True, capture_output=True)
    print(
        f"Airflow on http://localhost:{args.port} (user admin; password in "
        f"{env['AIRFLOW_HOME']}/simple_auth_manager_passwords.json.generated). Unpause "
        "ingest_contact_exports, then weekly_contact_topics. Ctrl-C stops it."
    )
    return _run_group(commands[-1], env)


def _run_group(command: list[str], env: dict[str, str]) -> int:
    """Run ``command`` in its own process group and stop the whole group on Ctrl-C."""
    process = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        return 0


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
        "--dry-run", action="store_true", help="print the environment and commands only"
    )
    quick.set_defaults(func=cmd_airflow_quickstart)
