"""Move a landing file that could not be ingested out of the way, with the reason beside it.

Paths are fsspec URLs or local paths (``/data/quarantine``, ``s3://bucket/quarantine``): the
file goes to ``<quarantine>/<name>`` (``<stem>.<UTC time><suffix>`` when that name is taken) and
a ``<that name>.reason.txt`` file beside it says what was wrong, when, and where it came from.
Putting the file back in the landing location after fixing it (or its mapping) ingests it on the
next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import fsspec

log = logging.getLogger(__name__)
REASON_SUFFIX = ".reason.txt"


@dataclass(frozen=True)
class Quarantined:
    """Where a failed file went (URLs or local paths, as given)."""

    source: str
    file: str
    reason_file: str


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def quarantine_file(
    source: str, quarantine_url: str, reason: str, now: datetime | None = None
) -> Quarantined:
    """Move ``source`` into ``quarantine_url`` and write the reason file beside it.

    Both must be on the same filesystem (a move, not a copy). The reason file is written
    first, so a file in quarantine always has its reason.
    """
    now = now or datetime.now(UTC)
    fs, source_path = fsspec.core.url_to_fs(source)
    _, base = fsspec.core.url_to_fs(quarantine_url)
    fs.makedirs(base, exist_ok=True)
    target = free_target(fs, base, source_path.rstrip("/").rsplit("/", 1)[-1], now)
    reason_path = target + REASON_SUFFIX
    with fs.open(reason_path, "w", encoding="utf-8") as handle:
        handle.write(
            f"file: {source}\n"
            f"quarantined_at: {now.isoformat()}\n"
            f"reason: {reason}\n"
            "fix: correct the file or its mapping, then put it back in the landing location\n"
        )
    fs.mv(source_path, target)
    log.warning("quarantined %s -> %s: %s", source, target, reason)
    return Quarantined(
        source, with_protocol(quarantine_url, target), with_protocol(quarantine_url, reason_path)
    )


def free_target(fs: fsspec.AbstractFileSystem, base: str, name: str, now: datetime) -> str:
    """``<base>/<name>``, or ``<base>/<stem>.<UTC time><suffix>`` when that name is taken."""
    target = _join(base, name)
    if fs.exists(target):
        stem, dot, suffix = name.partition(".")
        target = _join(base, f"{stem}.{now.strftime('%Y%m%dT%H%M%S%fZ')}{dot}{suffix}")
    return target


def with_protocol(url: str, path: str) -> str:
    """``path`` as fsspec returns it, with ``url``'s protocol (``s3://``); local paths as is."""
    protocol, sep, _ = url.partition("://")
    return f"{protocol}://{path}" if sep and protocol != "file" else path
