"""The landing location: list new export files, ingest them, quarantine the ones that fail.

The landing and quarantine locations are fsspec URLs or local folders
(``CONTACT_TOPICS_LANDING_URL``, ``CONTACT_TOPICS_QUARANTINE_URL``; by default
``<workdir>/landing`` and ``<workdir>/quarantine``). Files on a remote filesystem (``s3://``...)
are copied to ``<workdir>/incoming/`` and ingested from there through the same code path as
local files; a file that fails is moved to quarantine with a reason file beside it, and the
other files still go through. What goes back to Airflow (XCom) is paths, file ids, counts and
week dates only, never contact text.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import fsspec

from pipelines.contract import SUPPORTED_SUFFIXES
from pipelines.ingest.files import file_id, ingest_paths, is_export_name
from pipelines.ingest.quarantine import quarantine_file, with_protocol
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse

log = logging.getLogger(__name__)


@dataclass
class LandingReport:
    """What one pass over the landing location did (small enough for XCom)."""

    files_seen: int = 0
    new_file_ids: list[str] = field(default_factory=list)
    skipped: int = 0
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


def list_landing(url: str) -> list[str]:
    """Export files at the top level of the landing location, in name order (URLs or paths).

    Compressed exports (``.csv.gz``, ``.zip``) are listed too: ingest reads them, or quarantines
    them with the reason. Other files are left where they are, with a warning naming them.
    """
    fs, root = fsspec.core.url_to_fs(url)
    if not fs.exists(root):
        log.info("landing location %s does not exist yet: nothing to ingest", url)
        return []
    files = [e["name"] for e in fs.ls(root, detail=True) if e.get("type") == "file"]
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
    return [with_protocol(url, name) for name in names]


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
    """Ingest ``files`` (default: everything in the landing location); quarantine failures.

    Never raises for a bad file: the caller decides how loudly to fail (the ingest DAG fails
    its run after the good files have gone through).
    """
    files = list_landing(landing_url(settings)) if files is None else files
    report = LandingReport(files_seen=len(files))
    if not files:
        return report
    settings.ensure_dirs()
    incoming = settings.workdir / "incoming"
    local: dict[Path, str] = {}
    for url in files:
        try:
            local[_local_copy(url, incoming)] = url
        except Exception as exc:  # noqa: BLE001 - one file that cannot be fetched stops no other
            log.exception("landing: cannot fetch %s", url)
            moved = quarantine_file(url, quarantine_url(settings), f"cannot be fetched: {exc}")
            report.quarantined.append({"file": moved.file, "reason_file": moved.reason_file})
    result = ingest_paths(settings, list(local), raise_on_failure=False)
    for item in result.files:
        if item.status == "failed":
            moved = quarantine_file(
                local[item.path], quarantine_url(settings), item.error or "unknown error"
            )
            report.quarantined.append({"file": moved.file, "reason_file": moved.reason_file})
        elif item.status == "skipped":
            report.skipped += 1
        else:
            report.new_file_ids.append(file_id(item.path))
            report.rows_stored += item.rows_stored
            report.rows_rejected += item.rows_rejected
    for path in local:
        if path.parent == incoming:  # a copy of a remote file: the original stays the record
            path.unlink(missing_ok=True)
    report.weeks = [week.isoformat() for week in weeks_of_files(settings, report.new_file_ids)]
    log.info(
        "landing: %d file(s), %d new (weeks %s), %d already ingested, %d quarantined",
        report.files_seen,
        len(report.new_file_ids),
        ", ".join(report.weeks) or "none",
        report.skipped,
        len(report.quarantined),
    )
    return report
