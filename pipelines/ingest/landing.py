"""The landing location: list new export files, ingest them, quarantine the ones that fail.

The landing and quarantine locations are fsspec URLs or local folders
(``CONTACT_TOPICS_LANDING_URL``, ``CONTACT_TOPICS_QUARANTINE_URL``; by default
``<workdir>/landing`` and ``<workdir>/quarantine``). Files on a remote filesystem (``s3://``...)
are copied to ``<workdir>/incoming/`` and ingested from there through the same code path as
local files; a file that fails is moved to quarantine with a reason file beside it, and the
other files still go through. What goes back to Airflow (XCom) is paths, file ids, counts and
week dates only, never contact text.

After a file is stored (or found already stored), ``CONTACT_TOPICS_LANDING_AFTER_INGEST`` says
what happens to it: ``keep`` (default) leaves it where it is, and the listing cache
(:mod:`pipelines.ingest.listing_cache`) keeps the next runs from reading it again while its
size, modified time and etag are unchanged; ``move`` moves it to the processed area,
``CONTACT_TOPICS_PROCESSED_URL`` (default: the landing location's name plus ``_processed``, so
``<workdir>/landing_processed``), into a folder per UTC day: ``<processed>/<YYYY-MM-DD>/<name>``.
A file that cannot be ingested goes to quarantine in both modes.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import fsspec

from pipelines.contract import SUPPORTED_SUFFIXES
from pipelines.ingest.files import file_id, ingest_paths, is_export_name
from pipelines.ingest.listing_cache import ListingCache, Signature
from pipelines.ingest.mapping import resolve_mapping
from pipelines.ingest.quarantine import free_target, quarantine_file, with_protocol
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse

log = logging.getLogger(__name__)


@dataclass
class LandingReport:
    """What one pass over the landing location did (small enough for XCom)."""

    files_seen: int = 0
    new_file_ids: list[str] = field(default_factory=list)
    skipped: int = 0
    moved: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    quarantined: list[dict[str, str]] = field(default_factory=list)
    weeks: list[str] = field(default_factory=list)

    def to_xcom(self) -> dict[str, object]:
        return asdict(self)


def landing_url(settings: Settings) -> str:
    return settings.landing_url or str(settings.landing_dir)


def quarantine_url(settings: Settings) -> str:
    return settings.quarantine_url or str(settings.workdir / "quarantine")


def processed_url(settings: Settings) -> str:
    return settings.processed_url or landing_url(settings).rstrip("/") + "_processed"


def list_landing(url: str) -> list[str]:
    """Export files at the top level of the landing location, in name order (URLs or paths).

    Compressed exports (``.csv.gz``, ``.zip``) are listed too: ingest reads them, or quarantines
    them with the reason. Other files are left where they are, with a warning naming them.
    """
    return list(_listing(url))


def _listing(url: str) -> dict[str, dict[str, Any]]:
    """The export files of :func:`list_landing`, each with its listing entry (size, times...)."""
    fs, root = fsspec.core.url_to_fs(url)
    if not fs.exists(root):
        log.info("landing location %s does not exist yet: nothing to ingest", url)
        return {}
    # a local symbolic link lists as type "other": kept, so that ingest follows it only within
    # the folder and refuses (quarantines) one that points out of it, by name (links.py)
    entries = {
        e["name"]: e for e in fs.ls(root, detail=True) if e.get("type") == "file" or e.get("islink")
    }
    files = list(entries)
    names = sorted(name for name in files if is_export_name(name.rsplit("/", 1)[-1]))
    others = sorted(name.rsplit("/", 1)[-1] for name in files if name not in names)
    if others:
        log.warning(
            "landing location %s: %d file(s) are not exports and are left alone (supported: "
            "%s, optionally .gz, or one export in a .zip): %s",
            url,
            len(others),
            ", ".join(SUPPORTED_SUFFIXES),
            ", ".join(others[:10]),
        )
    return {with_protocol(url, name): entries[name] for name in names}


def pending_landing(settings: Settings) -> list[str]:
    """The export files in the landing location that are new or changed since last ingested.

    A file whose listing entry (size, modified time, etag) matches the cache entry written when
    it was ingested, and whose content is still in ``raw.ingest_manifest``, is left unread. The
    cache forgets files no longer in the landing location.
    """
    listing = _listing(landing_url(settings))
    cache = ListingCache.load(settings.workdir)
    known = len(cache.entries)
    cache.keep_only(listing)
    signatures = {url: Signature.of(info) for url, info in listing.items()}
    stored = _stored_file_ids(
        settings, [entry["file_id"] for url, entry in cache.entries.items() if url in listing]
    )
    pending = [url for url, sig in signatures.items() if not cache.unchanged(url, sig, stored)]
    if len(cache.entries) != known:
        cache.save()
    log.info(
        "landing: %d export file(s), %d unchanged since ingested (not read), %d to ingest",
        len(listing),
        len(listing) - len(pending),
        len(pending),
    )
    return pending


def _stored_file_ids(settings: Settings, file_ids: list[str]) -> set[str]:
    """Which of ``file_ids`` are in ``raw.ingest_manifest`` (none when there is no warehouse)."""
    if not file_ids or not settings.warehouse_path.exists():
        return set()
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = con.execute(
            "select ingest_file_id from raw.ingest_manifest where ingest_file_id in "
            "(select unnest(?))",
            [file_ids],
        ).fetchall()
    return {row[0] for row in rows}


def _signature(url: str) -> Signature | None:
    """The file's listing signature now (before it is read), or None when it cannot be had."""
    try:
        fs, path = fsspec.core.url_to_fs(url)
        return Signature.of(fs.info(path))
    except Exception:  # noqa: BLE001 - without a signature the file is simply read next time
        log.warning("landing: cannot stat %s: it will be read again next run", url)
        return None


def _move_to_processed(url: str, settings: Settings, now: datetime) -> str | None:
    """Move a stored landing file to ``<processed>/<UTC date>/``; None (logged) if it cannot."""
    try:
        fs, source = fsspec.core.url_to_fs(url)
        _, base = fsspec.core.url_to_fs(processed_url(settings))
        folder = f"{base.rstrip('/')}/{now.date().isoformat()}"
        fs.makedirs(folder, exist_ok=True)
        target = free_target(fs, folder, source.rstrip("/").rsplit("/", 1)[-1], now)
        fs.mv(source, target)
    except Exception:  # noqa: BLE001 - the file is stored; the listing cache still skips it
        log.exception("landing: %s is stored but could not be moved to the processed area", url)
        return None
    return with_protocol(processed_url(settings), target)


def _local_copy(url: str, incoming: Path) -> Path:
    """A local path for ``url``: the file itself when local, else a copy in ``incoming``."""
    fs, path = fsspec.core.url_to_fs(url)
    if "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)):
        return Path(path)
    incoming.mkdir(parents=True, exist_ok=True)
    target = incoming / Path(path).name
    fs.get(path, str(target))
    return target


def weeks_of_files(settings: Settings, file_ids: list[str]) -> list[date]:
    """The local Monday of every week that contacts of these files fall in, in order."""
    if not file_ids:
        return []
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = con.execute(
            """
            select distinct cast(date_trunc('week', timezone(?, started_at)) as date)
            from raw.contacts where ingest_file_id in (select unnest(?))
            order by 1
            """,
            [settings.timezone, file_ids],
        ).fetchall()
    return [row[0] for row in rows]


def ingest_landing(settings: Settings, files: list[str] | None = None) -> LandingReport:
    """Ingest ``files`` (default: the new or changed ones in the landing location); quarantine
    failures; then keep or move the stored files (``settings.landing_after_ingest``).

    Never raises for a bad file: the caller decides how loudly to fail (the ingest DAG fails
    its run after the good files have gone through).
    """
    files = pending_landing(settings) if files is None else files
    report = LandingReport(files_seen=len(files))
    if not files:
        return report
    settings.ensure_dirs()
    mapping = resolve_mapping(settings.mapping) if settings.mapping else None
    incoming = settings.workdir / "incoming"
    local: dict[Path, str] = {}
    signatures: dict[str, Signature | None] = {}
    for url in files:
        signatures[url] = _signature(url)  # before reading: a later change is seen next run
        try:
            local[_local_copy(url, incoming)] = url
        except Exception as exc:  # noqa: BLE001 - one file that cannot be fetched stops no other
            log.exception("landing: cannot fetch %s", url)
            moved = quarantine_file(url, quarantine_url(settings), f"cannot be fetched: {exc}")
            report.quarantined.append({"file": moved.file, "reason_file": moved.reason_file})
    result = ingest_paths(settings, list(local), mapping=mapping, raise_on_failure=False)
    cache = ListingCache.load(settings.workdir)
    now = datetime.now(UTC)
    for item in result.files:
        url = local[item.path]
        if item.status == "failed":
            cache.forget([url])
            moved = quarantine_file(url, quarantine_url(settings), item.error or "unknown error")
            report.quarantined.append({"file": moved.file, "reason_file": moved.reason_file})
            continue
        fid = item.file_id or file_id(item.path)
        if item.status == "skipped":
            report.skipped += 1
        else:
            report.new_file_ids.append(fid)
            report.rows_stored += item.rows_stored
            report.rows_rejected += item.rows_rejected
        if settings.landing_after_ingest == "move" and _move_to_processed(url, settings, now):
            report.moved += 1
            cache.forget([url])
        else:
            cache.record(url, signatures.get(url), fid)
    cache.save()
    for path in local:
        if path.parent == incoming:  # a copy of a remote file: the original stays the record
            path.unlink(missing_ok=True)
    report.weeks = [week.isoformat() for week in weeks_of_files(settings, report.new_file_ids)]
    log.info(
        "landing: %d file(s), %d new (weeks %s), %d already ingested, %d quarantined, %d moved "
        "to %s",
        report.files_seen,
        len(report.new_file_ids),
        ", ".join(report.weeks) or "none",
        report.skipped,
        len(report.quarantined),
        report.moved,
        processed_url(settings) if report.moved else "the processed area",
    )
    return report
