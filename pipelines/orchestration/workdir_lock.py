"""One writer per work directory: an exclusive ``fcntl.flock`` on ``<workdir>/.lock``.

The CLI takes it around every command that writes (pipelines/cli/main.py). A second command on
the same work directory is refused at once with :class:`WorkdirBusy`, naming the holder's pid and
start time, before it trains or writes anything. The lock is released when the process exits,
even if it is killed, because the kernel drops the ``flock`` with the file descriptor.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".lock"


class WorkdirBusy(RuntimeError):
    """Another process holds the work directory's lock."""


@contextmanager
def workdir_lock(workdir: Path) -> Iterator[Path]:
    """Hold ``<workdir>/.lock`` exclusively, or raise :class:`WorkdirBusy` at once."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise WorkdirBusy(
                f"{workdir} is busy: another contact-topics command holds {path} ({holder}). "
                "Wait for it to finish; commands that write run one at a time."
            ) from None
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
