"""Run the dbt project (``dbt_project/``) against a deployment's warehouse.

dbt runs in a subprocess (the ``dbt`` executable next to the running Python), so its DuckDB
connection is closed when the step ends and a failure cannot leave state in this process.
Everything dbt writes goes under ``<workdir>/dbt/`` (``target/`` and ``logs/``): the repository
stays clean and two work directories never share compiled files.

The pipeline calls::

    run_dbt(settings, "build", select="source:raw source:ml resource_type:seed staging "
            "int_contacts_wrap_up_topics")                 # before classification
    run_dbt(settings, "build", select="intermediate marts")  # after classification, discovery

(``pipelines.steps.build_staging`` and ``build_marts``.)
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.settings import Settings

log = logging.getLogger(__name__)

PROFILE_ENV_VAR = "CONTACT_TOPICS_WAREHOUSE_PATH"
FAILED_STATUSES = frozenset({"error", "fail", "runtime error"})
WARNED_STATUSES = frozenset({"warn"})
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_OUTPUT_TAIL_LINES = 40
_MESSAGE_LINES = 8


class DbtError(RuntimeError):
    """dbt did not finish cleanly; the message names the failing models and tests."""

    def __init__(self, message: str, result: DbtResult | None = None) -> None:
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class DbtNodeResult:
    """One model, test, unit test or seed from ``run_results.json``."""

    unique_id: str
    status: str
    message: str | None = None
    execution_seconds: float = 0.0
    failures: int | None = None

    @property
    def resource_type(self) -> str:
        """``model``, ``test``, ``unit_test``, ``seed``..."""
        return self.unique_id.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The node's name without the package (e.g. ``fct_contacts``)."""
        return self.unique_id.split(".", 2)[-1]

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


@dataclass
class DbtResult:
    """What one dbt invocation did."""

    command: list[str]
    subcommand: str
    returncode: int
    elapsed_seconds: float
    target_dir: Path
    log_dir: Path
    nodes: list[DbtNodeResult] = field(default_factory=list)
    output_tail: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.returncode == 0 and not self.failures

    @property
    def failures(self) -> list[DbtNodeResult]:
        return [node for node in self.nodes if node.failed]

    @property
    def warnings(self) -> list[DbtNodeResult]:
        return [node for node in self.nodes if node.status in WARNED_STATUSES]

    def count(self, status: str) -> int:
        """How many nodes ended with ``status`` (``success``, ``pass``, ``skipped``...)."""
        return sum(1 for node in self.nodes if node.status == status)


def dbt_project_dir() -> Path:
    """The dbt project folder (holds ``dbt_project.yml`` and ``profiles.yml``)."""
    return Path(__file__).resolve().parent.parent / "dbt_project"


def dbt_dirs(settings: Settings) -> tuple[Path, Path]:
    """``(target_dir, log_dir)`` for this work directory: ``<workdir>/dbt/target`` and ``logs``."""
    base = settings.workdir.resolve() / "dbt"
    return base / "target", base / "logs"


def dbt_executable() -> Path:
    """The ``dbt`` executable installed next to the running Python interpreter."""
    candidate = Path(sys.executable).parent / ("dbt.exe" if os.name == "nt" else "dbt")
    if candidate.exists():
        return candidate
    found = shutil.which("dbt")
    if found:
        return Path(found)
    raise DbtError(
        f"dbt is not installed next to {sys.executable} (looked for {candidate}) nor on PATH: "
        "install the project's dependencies (dbt-core and dbt-duckdb)"
    )


def build_dbt_command(
    settings: Settings,
    command: str = "build",
    select: str | None = None,
    vars: Mapping[str, Any] | None = None,
    full_refresh: bool = False,
    exclude: str | None = None,
) -> list[str]:
    """The argument list ``run_dbt`` runs (without the environment)."""
    target_dir, log_dir = dbt_dirs(settings)
    project = dbt_project_dir()
    words = command.split()
    if not words:
        raise ValueError("dbt command is empty: expected e.g. 'build', 'run' or 'source freshness'")
    args = [str(dbt_executable()), "--no-use-colors", *words]
    args += ["--project-dir", str(project), "--profiles-dir", str(project)]
    args += ["--target-path", str(target_dir), "--log-path", str(log_dir)]
    if select:
        # "buildable": a test runs when its parents are selected or upstream of the selection,
        # so a step never runs a test on a model that a later step builds.
        args += ["--select", *select.split(), "--indirect-selection", "buildable"]
    if exclude:
        args += ["--exclude", *exclude.split()]
    merged_vars: dict[str, Any] = {
        "timezone": settings.timezone,
        "topic_source": settings.topic_source,
        "opening_days": list(settings.opening_days) if settings.opening_days else None,
        "bank_holiday_region": settings.bank_holiday_region,
    }
    merged_vars.update(vars or {})
    if words[0] not in {"clean", "debug", "deps"}:
        args += ["--vars", json.dumps(merged_vars, default=str)]
    if full_refresh:
        args.append("--full-refresh")
    return args


def _dbt_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env[PROFILE_ENV_VAR] = str(settings.warehouse_path.resolve())
    env["DBT_PROFILES_DIR"] = str(dbt_project_dir())
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["DBT_VERSION_CHECK"] = "false"
    env["DBT_USE_COLORS"] = "false"
    return env


def read_run_results(target_dir: Path, file_name: str = "run_results.json") -> list[DbtNodeResult]:
    """Parse dbt's results file in ``target_dir`` (empty when dbt did not write one).

    ``run_results.json`` for most commands; ``sources.json`` for ``source freshness``.
    """
    path = target_dir / file_name
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes = []
    for item in data.get("results", []):
        message = item.get("message")
        if message is None and "max_loaded_at" in item:
            message = (
                f"latest row loaded at {item['max_loaded_at']} "
                f"({float(item.get('max_loaded_at_time_ago_in_s') or 0) / 86400:.1f} days ago)"
            )
        nodes.append(
            DbtNodeResult(
                unique_id=str(item.get("unique_id", "?")),
                status=str(item.get("status", "?")),
                message=message,
                execution_seconds=float(item.get("execution_time") or 0.0),
                failures=item.get("failures"),
            )
        )
    return nodes


def _results_file(command: str) -> str:
    return "sources.json" if command.split()[:2] == ["source", "freshness"] else "run_results.json"


def _describe_failures(result: DbtResult) -> str:
    """A readable message naming what failed (or dbt's own last error lines)."""
    lines = [
        f"dbt {result.subcommand} failed (exit code {result.returncode}) "
        f"after {result.elapsed_seconds:.1f} s"
    ]
    failures = result.failures
    if failures:
        lines.append(f"{len(failures)} failing node(s):")
        for node in failures:
            detail = [line for line in (node.message or "").strip().splitlines() if line.strip()]
            first = detail[0] if detail else ""
            lines.append(f"  - {node.resource_type} {node.name}: {node.status}. {first}".rstrip())
            lines.extend(f"      {line}" for line in detail[1:_MESSAGE_LINES])
    else:
        errors = [line for line in result.output_tail if "error" in line.lower()]
        lines.append("dbt output:")
        lines.extend(f"  {line}" for line in (errors or result.output_tail)[-15:])
    if any("could not set lock" in line.lower() for line in result.output_tail):
        lines.append(
            "Another process holds the warehouse file open for writing (DuckDB allows one "
            "writer): wait for it to finish, then retry."
        )
    lines.append(f"Full log: {result.log_dir / 'dbt.log'}")
    return "\n".join(lines)


def run_dbt(
    settings: Settings,
    command: str = "build",
    select: str | None = None,
    vars: dict | None = None,
    full_refresh: bool = False,
    exclude: str | None = None,
) -> DbtResult:
    """Run a dbt command on the settings' warehouse in a subprocess and return what it did.

    ``command`` is a dbt command (``build``, ``run``, ``test``, ``compile``, ``source
    freshness``...); ``select`` is a space-separated selection (``"staging intermediate"``,
    ``"marts"``, ``"fct_contacts+"``); ``vars`` are dbt vars (``timezone`` defaults to
    ``settings.timezone``; e.g. ``{"as_of_date": "2024-06-30"}``); ``exclude`` is a selection
    left out (``"resource_type:unit_test"``). dbt's log lines go to
    ``logging`` as they arrive. Raises ``DbtError`` naming the failing models and tests when
    dbt fails; test warnings are logged, not raised.
    """
    args = build_dbt_command(settings, command, select, vars, full_refresh, exclude)
    target_dir, log_dir = dbt_dirs(settings)
    target_dir.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    results_file = _results_file(command)
    stale = target_dir / results_file
    if stale.exists():
        stale.unlink()

    log.info("running dbt %s%s", command, f" --select {select}" if select else "")
    started = time.monotonic()
    tail: list[str] = []
    with subprocess.Popen(
        args,
        cwd=dbt_project_dir(),
        env=_dbt_environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None  # for type checkers: stdout=PIPE above
        for raw_line in process.stdout:
            line = _ANSI.sub("", raw_line).rstrip()
            if not line:
                continue
            log.info("dbt: %s", line)
            tail.append(line)
            if len(tail) > _OUTPUT_TAIL_LINES:
                del tail[0]
        returncode = process.wait()
    elapsed = time.monotonic() - started

    result = DbtResult(
        command=args,
        subcommand=command,
        returncode=returncode,
        elapsed_seconds=elapsed,
        target_dir=target_dir,
        log_dir=log_dir,
        nodes=read_run_results(target_dir, results_file),
        output_tail=tail,
    )
    for node in result.warnings:
        log.warning("dbt %s %s warned: %s", node.resource_type, node.name, node.message)
    if not result.success:
        raise DbtError(_describe_failures(result), result)
    log.info(
        "dbt %s finished in %.1f s: %d nodes, %d warnings",
        command,
        elapsed,
        len(result.nodes),
        len(result.warnings),
    )
    return result
