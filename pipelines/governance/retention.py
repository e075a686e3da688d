"""Retention, enforced: one policy (``CONTACT_TOPICS_RETENTION_*_DAYS``), applied by
``contact-topics governance retention`` and by the weekly DAG's ``retention`` task.

What each period removes (docs/governance.md):

- ``landing``: export files in the landing folder that are already in the manifest, ingested
  more than N days ago, are moved to ``<workdir>/archive/`` (rows stay in the warehouse);
- ``archive``: files in ``<workdir>/archive/`` and the processed area, ingested (or, if unknown,
  last modified) more than N days ago, are deleted;
- ``superseded``: versions of a contact that a newer version replaced more than N days ago
  (the newer one's ``ingested_at``) are deleted from ``raw.contacts``; the latest version, the
  only one any model reads, is kept, so no figure changes;
- ``rejects``: ``raw.rejected_rows`` older than N days, and quarantined files;
- ``validation``: checkpoint results under ``<workdir>/validation/``;
- ``models``: model folders that are not current, trained more than N days ago;
- ``week_folders``: ``published/weeks/<Monday>/`` folders for weeks that ended more than N days
  ago, never the one ``latest/`` shows;
- ``contact_text``: the redacted text and caller pseudonym of contacts that started more than N
  days ago, after their repeat and avoidable flags are frozen in ``raw.contact_flags_frozen``
  so no published figure changes, with reviewers' notes on those contacts and the words and
  labels of discovery weeks that ended before then (``pipelines.governance.contact_text``,
  decisions 0019 and 0020).
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pipelines.governance import audit
from pipelines.governance.contact_text import MIN_CONTACT_TEXT_DAYS, remove_contact_text
from pipelines.ingest.files import file_id, is_export_name
from pipelines.settings import RETENTION_DEFAULTS, Settings, SettingsError
from pipelines.warehouse import open_warehouse

log = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    """What a retention run removed (or, for a dry run, would remove)."""

    dry_run: bool
    periods: dict[str, int] = field(default_factory=dict)
    landing_files_archived: list[str] = field(default_factory=list)
    archive_files_deleted: list[str] = field(default_factory=list)
    superseded_versions: int = 0
    rejected_rows: int = 0
    quarantine_files_deleted: list[str] = field(default_factory=list)
    validation_files_deleted: int = 0
    model_folders_deleted: list[str] = field(default_factory=list)
    week_folders_deleted: list[str] = field(default_factory=list)
    contact_texts_removed: int = 0
    contact_flags_frozen: int = 0
    contact_text_rows: dict[str, int] = field(default_factory=dict)
    discovery_weeks_cleared: int = 0
    contact_text_waiting_for_build: int = 0

    def describe(self) -> str:
        verb = "would" if self.dry_run else "did"
        return "\n".join(
            [
                f"retention ({'dry run' if self.dry_run else 'applied'}); periods in days: "
                + ", ".join(f"{k} {v}" for k, v in self.periods.items()),
                f"  {verb} archive {len(self.landing_files_archived)} landing file(s)",
                f"  {verb} delete {len(self.archive_files_deleted)} archived file(s)",
                f"  {verb} delete {self.superseded_versions} superseded contact version(s)",
                f"  {verb} delete {self.rejected_rows} rejected row(s) and "
                f"{len(self.quarantine_files_deleted)} quarantined file(s)",
                f"  {verb} delete {self.validation_files_deleted} validation result(s)",
                f"  {verb} delete {len(self.model_folders_deleted)} model folder(s) "
                f"({', '.join(self.model_folders_deleted) or 'none'})",
                f"  {verb} delete {len(self.week_folders_deleted)} published week folder(s) "
                f"({', '.join(self.week_folders_deleted) or 'none'})",
                f"  {verb} remove the text, caller pseudonym and reviewer notes of "
                f"{self.contact_texts_removed} contact(s) (rows: "
                + (", ".join(f"{t} {n}" for t, n in self.contact_text_rows.items()) or "none")
                + f"), after freezing the flags of {self.contact_flags_frozen}; "
                f"{verb} clear the words and labels of {self.discovery_weeks_cleared} discovery "
                "week(s)",
            ]
            + (
                [
                    f"  text not removed: {self.contact_text_waiting_for_build} contact(s) "
                    "changed since the last dbt build (build the marts, then run retention)"
                ]
                if self.contact_text_waiting_for_build
                else []
            )
        )


def periods_of(settings: Settings) -> dict[str, int]:
    """The periods in days; :class:`SettingsError` for 0 or a negative one (nothing removed)."""
    periods = {name: getattr(settings, f"retention_{name}_days") for name in RETENTION_DEFAULTS}
    bad = {name: days for name, days in periods.items() if not isinstance(days, int) or days < 1}
    if bad:
        names = ", ".join(f"CONTACT_TOPICS_RETENTION_{n.upper()}_DAYS={d}" for n, d in bad.items())
        raise SettingsError(
            f"{names}: a retention period must be a whole number of days >= 1 (0 or a negative "
            "period would remove data the moment it arrives); nothing was removed"
        )
    if periods["contact_text"] < MIN_CONTACT_TEXT_DAYS:
        raise SettingsError(
            f"CONTACT_TOPICS_RETENTION_CONTACT_TEXT_DAYS={periods['contact_text']}: must be at "
            f"least {MIN_CONTACT_TEXT_DAYS} days (the 13-week automation window and its phrasings "
            "read the text of its contacts); nothing was removed"
        )
    return periods


def _older(moment: datetime, days: int, now: datetime) -> bool:
    return moment < now - timedelta(days=days)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _remove(path: Path, dry_run: bool) -> None:
    if dry_run:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _archive_folders(settings: Settings) -> list[Path]:
    processed = getattr(settings, "processed_url", None)  # the ingest DAG's processed area
    landing = Path(settings.landing_url) if settings.landing_url else settings.landing_dir
    folders = [settings.workdir / "archive", Path(processed or f"{landing}_processed")]
    return [f for f in folders if "://" not in str(f)]


def _landing_and_archive(
    settings: Settings, ingested: dict[str, datetime], report: RetentionReport, now: datetime
) -> None:
    landing = Path(settings.landing_url) if settings.landing_url else settings.landing_dir
    archive = settings.workdir / "archive"
    if "://" not in str(landing) and landing.is_dir():
        for path in sorted(p for p in landing.iterdir() if p.is_file()):
            when = ingested.get(file_id(path)) if is_export_name(path.name) else None
            if when is not None and _older(when, report.periods["landing"], now):
                report.landing_files_archived.append(path.name)
                if not report.dry_run:
                    target = archive / when.date().isoformat() / path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)
    for folder in _archive_folders(settings):
        for path in _files(folder):
            if path.name in report.landing_files_archived and report.dry_run:
                continue
            when = ingested.get(file_id(path)) or _mtime(path)
            if _older(when, report.periods["archive"], now):
                report.archive_files_deleted.append(str(path.relative_to(folder.parent)))
                _remove(path, report.dry_run)


def _quarantine(settings: Settings, report: RetentionReport, now: datetime) -> None:
    folder = Path(settings.quarantine_url or settings.workdir / "quarantine")
    if "://" in str(folder):
        return
    for path in _files(folder):
        if _older(_mtime(path), report.periods["rejects"], now):
            report.quarantine_files_deleted.append(path.name)
            _remove(path, report.dry_run)


def _validation(settings: Settings, report: RetentionReport, now: datetime) -> None:
    for path in _files(settings.workdir / "validation"):
        if _older(_mtime(path), report.periods["validation"], now):
            report.validation_files_deleted += 1
            _remove(path, report.dry_run)


def _models(settings: Settings, report: RetentionReport, now: datetime) -> None:
    from pipelines.topics.registry import current_version

    current = current_version(settings.models_dir)
    if not settings.models_dir.is_dir():
        return
    for folder in sorted(p for p in settings.models_dir.iterdir() if p.is_dir()):
        meta = folder / "model.json"
        if folder.name == current or not meta.is_file():
            continue
        if _older(_mtime(meta), report.periods["models"], now):
            report.model_folders_deleted.append(folder.name)
            _remove(folder, report.dry_run)


def _week_folders(settings: Settings, report: RetentionReport, now: datetime) -> None:
    weeks = settings.published_dir / "weeks"
    if not weeks.is_dir():
        return
    latest = settings.published_dir / "latest"
    shown = latest.resolve().name if latest.exists() else None
    newest = max((p.name for p in weeks.iterdir() if p.is_dir()), default=None)
    for folder in sorted(p for p in weeks.iterdir() if p.is_dir()):
        try:
            monday = date.fromisoformat(folder.name)
        except ValueError:
            continue
        ended = datetime.combine(monday + timedelta(days=7), datetime.min.time(), UTC)
        if folder.name in (shown, newest):
            continue
        if _older(ended, report.periods["week_folders"], now):
            report.week_folders_deleted.append(folder.name)
            _remove(folder, report.dry_run)


_SUPERSEDED = """
    with ranked as (
        select rowid as row_id,
               row_number() over (
                   partition by source_system, contact_id
                   order by updated_at desc nulls last, ingested_at desc, ingest_file_id desc,
                            source_row_number desc
               ) as version_rank,
               max(ingested_at) over (partition by source_system, contact_id) as newest_at
        from raw.contacts
    )
    select row_id from ranked where version_rank > 1 and newest_at < ?
"""


def apply_retention(
    settings: Settings, dry_run: bool = False, now: datetime | None = None
) -> RetentionReport:
    """Apply every retention period (see the module doc); one audit row per run."""
    now = now or datetime.now(UTC)
    report = RetentionReport(dry_run=dry_run, periods=periods_of(settings))
    if not settings.warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {settings.warehouse_path}: run ingest first")
    with open_warehouse(settings.warehouse_path) as con:
        ingested = dict(
            con.execute("select ingest_file_id, ingested_at from raw.ingest_manifest").fetchall()
        )
        superseded_before = now - timedelta(days=report.periods["superseded"])
        rows = [r[0] for r in con.execute(_SUPERSEDED, [superseded_before]).fetchall()]
        report.superseded_versions = len(rows)
        rejects_before = now - timedelta(days=report.periods["rejects"])
        found = con.execute(
            "select count(*) from raw.rejected_rows where rejected_at < ?", [rejects_before]
        ).fetchall()
        report.rejected_rows = int(found[0][0])
        con.begin()
        if not dry_run:
            if rows:
                con.execute("delete from raw.contacts where rowid in (select unnest(?))", [rows])
            con.execute("delete from raw.rejected_rows where rejected_at < ?", [rejects_before])
        _landing_and_archive(settings, ingested, report, now)
        _quarantine(settings, report, now)
        _validation(settings, report, now)
        _models(settings, report, now)
        _week_folders(settings, report, now)
        text = remove_contact_text(con, report.periods["contact_text"], now, dry_run)
        report.contact_texts_removed = text.contacts
        report.contact_flags_frozen = text.flags_frozen
        report.contact_text_rows = dict(text.rows_cleared or {})
        report.discovery_weeks_cleared = text.discovery_weeks_cleared
        report.contact_text_waiting_for_build = text.waiting_for_build
        details = asdict(report)
        for key in ("landing_files_archived", "archive_files_deleted", "quarantine_files_deleted"):
            details[key] = len(details[key])
        audit.record(
            con,
            "retention",
            "dry run" if dry_run else "applied",
            details,
            audit.current_actor(settings),
        )
        con.commit()
    log.info("%s", report.describe().replace("\n", ";"))
    return report
