"""Regressions for issue 15's second slice: a work-directory lock, publishes at once, an atomic
``latest/``, and UTF-8 with one bad byte."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipelines.publish.outputs import _switch_latest, publish
from pipelines.publish.report_page import relink_copy
from pipelines.settings import Settings
from tests.faults.conftest import assert_counted, call, ingest_file, rows, write_csv
from tests.pipelines.published_tables import write_warehouse

ROOT = Path(__file__).resolve().parents[2]

# A real process that holds the work directory's lock the way the CLI does, until killed.
_HOLD_LOCK = """
import sys, time
from pathlib import Path
from pipelines.orchestration.workdir_lock import workdir_lock
with workdir_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize("command", [["train"], ["run"], ["publish"]])
def test_a_second_writing_command_on_one_workdir_is_refused_at_once(
    settings: Settings, command: list[str]
) -> None:
    """Was: a second ``run`` trained a second model beside the first and died later at dbt."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(settings.workdir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = sorted(p.name for p in settings.workdir.rglob("*"))
        started = time.monotonic()
        second = _cli(*command, "--workdir", str(settings.workdir))
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == 1, second
    assert "busy" in second.stderr and f"pid {holder.pid}" in second.stderr, second.stderr
    assert "started 20" in second.stderr  # the holder's start time
    assert elapsed < 30  # refused at once (a Python start-up), not after training
    assert sorted(p.name for p in settings.workdir.rglob("*")) == before  # no second model
    assert not any(settings.models_dir.glob("*"))  # no model trained


def test_the_lock_is_free_again_when_the_holder_dies(settings: Settings) -> None:
    from pipelines.orchestration.workdir_lock import WorkdirBusy, workdir_lock

    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(settings.workdir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(WorkdirBusy), workdir_lock(settings.workdir):
        pass
    holder.kill()  # killed, not a clean exit: the kernel drops the lock
    holder.wait()
    with workdir_lock(settings.workdir) as path:
        assert f"pid {os.getpid()}" in path.read_text()


def test_two_publishes_at_once_both_succeed_and_leave_a_consistent_folder(
    settings: Settings, tmp_path: Path
) -> None:
    """Was: two ``publish`` commands raced on one temporary file name."""
    write_warehouse(settings.warehouse_path)
    errors: list[BaseException] = []
    reports = []

    def one() -> None:
        try:
            reports.append(publish(settings))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    for _ in range(3):
        threads = [threading.Thread(target=one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    published = settings.published_dir
    week_dir = reports[0].week_dir
    # latest/ is the week's report with its week links pointed through weeks/ (relink_copy).
    expected = tmp_path / "expected"
    expected.mkdir()
    shutil.copy(week_dir / "report.html", expected / "report.html")
    relink_copy(expected)
    assert (published / "latest" / "report.html").read_bytes() == (
        expected / "report.html"
    ).read_bytes()
    for table, path in reports[0].files.items():
        assert path.exists(), table
        assert (week_dir / "internal" / f"{table}.csv").exists()
    leftovers = [p.name for p in published.rglob(".*") if ".latest." not in p.name]
    assert leftovers == []  # no temporary files left behind
    assert len(list(published.glob(".latest.*"))) <= 2  # the current copy and the one before


def test_latest_report_is_never_missing_during_repeated_publishes(settings: Settings) -> None:
    """Was: ``latest/`` briefly lacked ``report.html`` (the swap was two renames)."""
    write_warehouse(settings.warehouse_path)
    publish(settings)
    report = settings.published_dir / "latest" / "report.html"
    stop = threading.Event()
    missing: list[int] = []
    reads = [0]

    def poll() -> None:
        while not stop.is_set():
            try:
                with report.open("rb") as handle:
                    handle.read(16)
            except FileNotFoundError:
                missing.append(1)
            reads[0] += 1

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for _ in range(5):
            publish(settings)
    finally:
        stop.set()
        reader.join()
    assert reads[0] > 0
    assert missing == [], f"latest/report.html missing in {len(missing)} of {reads[0]} reads"


def test_switching_latest_from_several_publishers_never_loses_a_copy(tmp_path: Path) -> None:
    """Regression: one publisher's clean-up removed another's ``.latest.*`` copy mid-copy, so
    copytree failed or ``latest/`` pointed at a removed folder (seen once in a combined run;
    three threads reproduced it every time before the switch took a lock)."""
    week = tmp_path / "weeks" / "2026-03-09"
    (week / "internal").mkdir(parents=True)
    (week / "report.html").write_text("report", encoding="utf-8")
    for i in range(40):
        (week / "internal" / f"t{i}.csv").write_text("a,b\n" * 100, encoding="utf-8")
    latest = tmp_path / "latest"
    problems: list[str] = []

    def publisher() -> None:
        for _ in range(25):
            try:
                _switch_latest(week, latest)
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                problems.append(repr(error)[:200])
                return
            if not (latest / "report.html").exists():
                problems.append("latest/report.html missing")

    threads = [threading.Thread(target=publisher) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    copies = [p for p in tmp_path.glob(".latest.*") if p.is_dir()]
    assert 1 <= len(copies) <= 2  # the current copy, and at most the one before it


def test_utf8_with_one_bad_byte_keeps_the_rest_of_the_file_utf8(
    settings: Settings, telephony, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Was: one bad byte switched the whole file to Windows-1252 (mojibake in every row)."""
    path = write_csv(
        tmp_path / "telephony_utf8.csv",
        [call(f"U{n}", Agent_Notes=f"Café résumé {n}") for n in range(1, 6)],
    )
    data = path.read_bytes().replace(b"r\xc3\xa9sum\xc3\xa9 3", b"r\xffsum\xc3\xa9 3")
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING):
        result = ingest_file(settings, path, telephony)
    assert_counted(path, result)
    assert result.rows_stored == 5
    notes = dict(rows(settings, "select contact_id, text_redacted from raw.contacts"))
    assert "Ã" not in "".join(str(v) for v in notes.values())  # no mojibake anywhere
    warning = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    assert "line(s) 4" in warning  # the header is line 1, so U3 is line 4


def test_a_genuine_windows_1252_file_is_still_read_as_windows_1252(
    settings: Settings, telephony, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "telephony_1252.csv",
        [call(f"W{n}", Agent_Notes=f"Café £{n}") for n in range(1, 4)],
    )
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    result = ingest_file(settings, path, telephony)
    assert result.rows_stored == 3
    notes = [v for (v,) in rows(settings, "select text_redacted from raw.contacts")]
    assert all("Café £" in str(v) for v in notes), notes
