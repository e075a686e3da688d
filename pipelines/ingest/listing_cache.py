"""The landing listing cache: which landing files were already dealt with, by what the listing says.

A file is known by what the landing location's listing gives without reading it: its size, its
modified time and, where the backend has one, its etag (S3 ``ETag``, Azure and GCS ``etag``).
When all of them match the entry recorded after the file was ingested (or found already
ingested), the file is not read, hashed or downloaded again. A file re-dropped with changed
content gets a new modified time (and etag), so it is read again; a file whose listing gives
neither a modified time nor an etag is always read.

An entry also keeps the file's SHA-256 (its ``ingest_file_id``), and is trusted only while that id
is in ``raw.ingest_manifest``: a warehouse rebuilt from scratch reads every file again.

The cache is one JSON file, ``<workdir>/landing_listing.json``, written whole and atomically. Only
the ingest DAG writes it, and that DAG runs one task at a time.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
CACHE_FILE = "landing_listing.json"
_MODIFIED_KEYS = ("mtime", "LastModified", "last_modified", "updated", "created")
_ETAG_KEYS = ("ETag", "etag", "md5Hash")


@dataclass(frozen=True)
class Signature:
    """What a listing says about a file: enough to tell that it changed, without reading it."""

    size: int
    modified: str | None
    etag: str | None

    @classmethod
    def of(cls, info: Mapping[str, Any]) -> Signature | None:
        """From an fsspec ``info``/``ls(detail=True)`` entry; None when it cannot tell changes."""
        modified = next((info[k] for k in _MODIFIED_KEYS if info.get(k) is not None), None)
        etag = next((info[k] for k in _ETAG_KEYS if info.get(k) is not None), None)
        if info.get("size") is None or (modified is None and etag is None):
            return None
        return cls(
            int(info["size"]),
            None if modified is None else _instant(modified),
            None if etag is None else str(etag).strip('"'),
        )


def _instant(value: object) -> str:
    """A modified time as one string whatever its form (listings give floats or datetimes, and
    ``ls`` and ``info`` of one backend may differ): POSIX seconds with microseconds."""
    if isinstance(value, datetime):
        stamp = (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    elif isinstance(value, int | float):
        stamp = float(value)
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
        stamp = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    return f"{stamp:.6f}"


class ListingCache:
    """The entries of ``<workdir>/landing_listing.json``: URL -> signature and file id."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, workdir: Path) -> ListingCache:
        path = Path(workdir) / CACHE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["files"] if isinstance(data, dict) else None
            if not isinstance(entries, dict):
                raise ValueError("no 'files' object")
        except FileNotFoundError:
            return cls(path)
        except (ValueError, KeyError, OSError) as exc:
            log.warning("landing listing cache %s unreadable (%s): every file is read", path, exc)
            return cls(path)
        return cls(path, entries)

    def unchanged(self, url: str, signature: Signature | None, known_ids: set[str]) -> bool:
        """True when ``url`` was dealt with as it is now and its content is still stored."""
        entry = self.entries.get(url)
        if entry is None or signature is None:
            return False
        recorded = (entry.get("size"), entry.get("modified"), entry.get("etag"))
        same = recorded == (signature.size, signature.modified, signature.etag)
        return same and entry.get("file_id") in known_ids

    def record(self, url: str, signature: Signature | None, file_id: str) -> None:
        if signature is None:
            self.entries.pop(url, None)
            return
        self.entries[url] = {
            "size": signature.size,
            "modified": signature.modified,
            "etag": signature.etag,
            "file_id": file_id,
        }

    def forget(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.entries.pop(url, None)

    def keep_only(self, urls: Iterable[str]) -> None:
        """Drop the entries of files no longer in the landing location."""
        present = set(urls)
        self.entries = {url: e for url, e in self.entries.items() if url in present}

    def save(self) -> None:
        """Write the whole cache atomically (a temporary file beside it, then ``os.replace``)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{CACHE_FILE}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"version": 1, "files": self.entries}, out, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
