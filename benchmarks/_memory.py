"""Memory sampling shared by the benchmark scripts (not part of the pipeline)."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and of its child processes (a dbt run), from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    try:
        total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            for child in children.read_text().split():
                total += rss_bytes(int(child))
    except (OSError, ValueError):  # a child that has just ended
        pass
    return total


class PeakSampler(threading.Thread):
    """Peak resident memory of this process plus its children, sampled every 0.1 s.

    ``take()`` returns the peak so far and starts a new period; ``stop()`` ends sampling and
    returns the last period's peak.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak = max(self.peak, rss_bytes(os.getpid()))

    def take(self) -> int:
        peak, self.peak = max(self.peak, rss_bytes(os.getpid())), 0
        return peak

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak
