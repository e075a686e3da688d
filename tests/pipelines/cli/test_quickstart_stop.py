"""Stopping the quickstart stops everything it started (issue 22).

Was: SIGTERM or SIGHUP to ``contact-topics airflow-quickstart`` left ``airflow standalone``
serving and its scheduler and workers orphaned. Real processes throughout: a real process tree
under :func:`run_group` (seconds), and the real quickstart under ``airflow standalone`` (slow).
Every test kills what it started, even when it fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.cli.airflow_quickstart import group_members, session_members

CHILD = """
import sys
from pipelines.cli.airflow_quickstart import run_group
script = sys.argv[1]
sys.exit(run_group(["sh", "-c", script], grace=float(sys.argv[2])))
"""


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _kill_group(pgid: int | None) -> None:
    if pgid:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)


@pytest.fixture
def started() -> Iterator[list[tuple[subprocess.Popen, int | None]]]:
    """Processes a test starts, with the group they lead; all killed at the end."""
    processes: list[tuple[subprocess.Popen, int | None]] = []
    yield processes
    for process, pgid in processes:
        _kill_group(pgid)
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _start_tree(
    tmp_path: Path, started: list, script: str, grace: float
) -> tuple[subprocess.Popen, int]:
    """A Python process running ``run_group(sh -c script)``; returns it and the group's id."""
    pid_file = tmp_path / "leader.pid"
    full = f"echo $$ > {pid_file}; {script}"
    process = subprocess.Popen([sys.executable, "-c", CHILD, full, str(grace)], cwd=Path.cwd())
    started.append((process, None))
    _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), 30, "the group leader")
    pgid = int(pid_file.read_text())
    started[-1] = (process, pgid)
    _wait_for(lambda: len(group_members(pgid)) >= 3, 30, "the group's children")
    return process, pgid


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_stops_the_whole_process_group(
    tmp_path: Path, started: list, signum: int
) -> None:
    process, pgid = _start_tree(tmp_path, started, "sleep 600 & sleep 600 & wait", grace=30)
    assert process.pid not in group_members(pgid)  # the group is the command's, not ours
    os.kill(process.pid, signum)
    assert process.wait(timeout=60) == 0
    assert group_members(pgid) == []


def test_a_process_group_made_inside_the_session_is_stopped_too(
    tmp_path: Path, started: list
) -> None:
    # As Airflow runs a task: in a process group of its own (setpgid), in standalone's session.
    # Was: only the leader's group got SIGTERM, and such a task was left running.
    task = tmp_path / "task.pid"
    own_group = (
        f"{sys.executable} -c 'import os, time; os.setpgid(0, 0); "
        f'open("{task}", "w").write(str(os.getpid())); time.sleep(600)\''
    )
    process, sid = _start_tree(
        tmp_path, started, f"sleep 600 & sleep 600 & {own_group} & wait", grace=30
    )
    _wait_for(lambda: task.exists() and task.read_text(), 30, "the task's own group")
    task_pid = int(task.read_text())
    started.append((process, task_pid))  # killed at the end whatever happens
    assert task_pid not in group_members(sid) and task_pid in session_members(sid)
    os.kill(process.pid, signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert session_members(sid) == []


def test_a_group_that_ignores_sigterm_is_killed_after_the_grace_period(
    tmp_path: Path, started: list
) -> None:
    script = "trap '' TERM; sleep 600 & sleep 600 & wait"  # children inherit the ignored TERM
    process, pgid = _start_tree(tmp_path, started, script, grace=1)
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    assert group_members(pgid) == []


def test_a_command_that_ends_by_itself_gives_its_exit_code(tmp_path: Path, started: list) -> None:
    process = subprocess.Popen([sys.executable, "-c", CHILD, "exit 3", "5"])
    started.append((process, None))
    assert process.wait(timeout=60) == 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=2):
            return True
    except OSError:
        return False


def _standalone_child(pid: int) -> int | None:
    """The ``airflow standalone`` process the quickstart ``pid`` started (after migrate etc.)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    for child in children:
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"standalone" in argv:
            return int(child)
    return None


@pytest.mark.slow
def test_real_quickstart_stops_standalone_and_its_processes(tmp_path: Path, started: list) -> None:
    """SIGTERM here; SIGHUP and Ctrl-C take the same path (the process-tree test above)."""
    port = _free_port()
    home = tmp_path / "airflow home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env |= {"AIRFLOW_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    command = [str(Path(sys.executable).parent / "contact-topics"), "airflow-quickstart"]
    command += ["--workdir", str(tmp_path / "work"), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--weeks", "1", "--per-week", "20"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    started.append((process, None))

    def started_or_ended() -> bool:
        return _standalone_child(process.pid) is not None or process.poll() is not None

    _wait_for(started_or_ended, 120, "airflow standalone")
    pgid = _standalone_child(process.pid)
    assert pgid is not None, process.communicate(timeout=10)[0].decode()[-3000:]
    started[-1] = (process, pgid)
    _wait_for(lambda: _healthy(port), 150, "the API server")
    # standalone runs its components (API server, scheduler, DAG processor, triggerer) as
    # children in its group.
    _wait_for(lambda: len(group_members(pgid)) >= 4, 60, "standalone's components")
    members = len(group_members(pgid))
    assert (home / "airflow.db").exists()  # AIRFLOW_HOME honoured
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=90) == 0
    assert group_members(pgid) == [], f"left running of {members}: {group_members(pgid)}"
    assert not _healthy(port)
