"""Publish the marts for BI tools, and summarise them for people.

Each run writes, under ``<workdir>/published/``:

- ``contact_topics.duckdb``: a copy of the ``published`` schema only, for BI tools (they never
  open ``warehouse.duckdb``), built under a temporary name and swapped in atomically;
- ``weeks/<Monday>/``: for the reporting week (the last complete week), ``internal/`` Parquet
  and Excel-safe CSV of every published table, ``public/`` the same with small numbers
  suppressed (``pipelines/publish/suppression.py``; no record-level table), ``report.html``
  and the data dictionary (``data_dictionary.csv`` and ``.md``, from dbt's descriptions);
  ``public/report.html`` is the report drawn from the public files only;
- ``weeks/index.html``: links to every week's reports;
- ``latest/``: a symbolic link to a copy of the newest week's folder (``.latest.<random>/``),
  switched in one atomic step, so ``latest/report.html`` is never missing (a backfill of an
  older week leaves it);
- ``<table>.parquet``: each table at the top level, as before.

``contact_topics.duckdb`` and the top-level Parquet files are *the current BI copy*: they show
the newest week published. Publishing a week older than the newest week folder (a backfill, a
re-run, a late week republished) writes only that week's folder and leaves the current copy as
it is; the Airflow DAG then rebuilds the copy as of the newest week (``week_folder=False``).

Everything is written beside its final name and moved into place, so a reader never sees a
half-written file. Tables are sorted by their key, so the same data gives the same files.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines.publish.dictionary import write_data_dictionary
from pipelines.publish.files import (
    point_link,
    staging_folder,
    swap_folder,
    write_duckdb_copy,
    write_table_files,
)
from pipelines.publish.guard import public_frame
from pipelines.publish.report import write_public_report, write_report
from pipelines.publish.report_page import link_previous_week, relink_copy, write_index
from pipelines.publish.suppression import SUPPRESSION, KnownSum, candidate_windows, suppress
from pipelines.settings import Settings
from pipelines.warehouse import fetch_frame, open_warehouse

log = logging.getLogger(__name__)

# The published tables every run must have, and the order their rows are written in. Other
# tables that dbt puts in the published schema are published too, ordered by all columns.
PUBLISHED_TABLES: dict[str, str] = {
    "fct_contacts": "contact_key",
    "dim_topics": "topic_id",
    "topic_weekly_trends": "week_start, topic_id, channel",
    "automation_candidates": "candidate_rank nulls last, topic_id",
}
DUCKDB_COPY = "contact_topics.duckdb"


@dataclass
class PublishReport:
    """What a publish run wrote. ``files``: each table's top-level Parquet file."""

    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    week: str | None = None
    duckdb_copy: Path | None = None
    week_dir: Path | None = None
    latest_dir: Path | None = None
    report: Path | None = None
    suppressed: dict[str, tuple[int, int]] = field(default_factory=dict)
    current: bool = True  # False: a newer week is published, the current copy was left alone

    def locations(self) -> list[str]:
        """Lines saying where the outputs are, for people."""
        unchanged = "" if self.current else " (not changed: a newer week is published)"
        lines = [f"  {'BI tools (DuckDB)':<22} {self.duckdb_copy}{unchanged}"]
        lines.append(f"  {'week ' + str(self.week):<22} {self.week_dir} (internal/, public/)")
        lines.append(f"  {'latest week':<22} {self.latest_dir}")
        lines.append(f"  {'HTML report':<22} {self.report}")
        public = self.report.parent / "public" / "report.html" if self.report else None
        if public is not None and public.exists():
            lines.append(f"  {'public HTML report':<22} {public}")
        if self.week_dir is not None:
            lines.append(f"  {'all weeks':<22} {self.week_dir.parent / 'index.html'}")
        for table, (primary, secondary) in self.suppressed.items():
            lines.append(
                f"  public {table}: {primary:,} small counts hidden, {secondary:,} more to "
                "protect them"
            )
        return lines


def last_complete_week_in_data(
    con: duckdb.DuckDBPyConnection, as_of: date | None = None
) -> date | None:
    """The last complete week with contacts that has ended by ``as_of`` (default today), else
    the last week in the data; None if empty. A week still in progress (or in the future) is
    never chosen, even when one contact dated on its Sunday makes it look complete."""
    row = con.execute(
        """
        select coalesce(
            max(week_start) filter (
                where not is_partial_week and contacts > 0 and week_start + 7 <= ?
            ),
            max(week_start)
        )
        from published.topic_weekly_trends where channel = 'all'
    """,
        [as_of or date.today()],
    ).fetchall()
    return row[0][0] if row else None


def published_tables(warehouse: Path) -> dict[str, str]:
    """Every table in the warehouse's published schema, with the order to write its rows in."""
    with open_warehouse(warehouse, read_only=True) as con:
        found = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'published' order by table_name"
            ).fetchall()
        ]
    missing = [table for table in PUBLISHED_TABLES if table not in found]
    if missing:
        raise RuntimeError(
            f"{warehouse}: published.{', published.'.join(missing)} missing: build the dbt marts "
            "(contact-topics run) before publishing"
        )
    return {**PUBLISHED_TABLES, **{t: "all" for t in found if t not in PUBLISHED_TABLES}}


def publish(
    settings: Settings,
    week: date | None = None,
    *,
    week_folder: bool = True,
    as_of: date | None = None,
) -> PublishReport:
    """Write the DuckDB copy, the week's files, ``latest/`` and the report (see module doc).

    ``week`` (a Monday) names the week's folder; the Airflow DAG passes its run's week so a
    backfill writes each week's own folder. Default: the reporting week found in the data,
    the last complete week that has ended by ``as_of`` (default today).
    The current copy (DuckDB copy, top-level Parquet) is written only when no newer week's
    folder exists (``report.current``); ``week_folder=False`` writes the current copy only.
    """
    published = settings.published_dir
    published.mkdir(parents=True, exist_ok=True)
    report = PublishReport(duckdb_copy=published / DUCKDB_COPY)
    tables = published_tables(settings.warehouse_path)
    week = week or _reporting_week(settings, as_of)
    report.current = _is_current(published, week)
    scratch = Path(tempfile.mkdtemp(prefix=".publish.", dir=published))
    copy = report.duckdb_copy if report.current else scratch / DUCKDB_COPY
    write_duckdb_copy(settings.warehouse_path, copy, tables)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        report.week = week.isoformat() if week else "undated"
        report.week_dir = published / "weeks" / report.week
        building = staging_folder(report.week_dir)
        for table, order in tables.items():
            frame = fetch_frame(con, f"select * from published.{table} order by {order}")
            report.rows[table] = frame.height
            if report.current:
                report.files[table] = published / f"{table}.parquet"
                _write_parquet_atomic(frame, report.files[table])
            if week_folder:
                known = _known_sums(con, table)
                _write_audiences(settings, table, frame, building, report, known)
            log.info("published %s: %d rows", table, frame.height)
        write_data_dictionary(con, list(tables), building)
        if week is not None and week_folder:
            report.report = write_report(con, week, building / "report.html")
            if (building / "public").is_dir():  # built from the public files only
                write_public_report(building / "public", week)
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)
    if not week_folder:
        shutil.rmtree(building, ignore_errors=True)
        log.info("published the current copy only, as of week %s", report.week)
        return report
    swap_folder(building, report.week_dir)
    write_index(published / "weeks")  # weeks/index.html: every week's report
    if week is not None:
        link_previous_week(published / "weeks", week)  # its report's "Next week" link
    report.latest_dir = published / "latest"
    newest = _newest_week_dir(published / "weeks")
    if newest is None or newest == report.week_dir:
        _switch_latest(report.week_dir, report.latest_dir)
    else:  # a backfill of an older week: latest/ stays on the newest week published
        log.info("latest/ stays on %s (newer than the week published now)", newest)
    if report.report is not None:
        report.report = report.week_dir / "report.html"
    log.info("published week %s to %s and %s", report.week, report.week_dir, report.latest_dir)
    return report


def _reporting_week(settings: Settings, as_of: date | None = None) -> date | None:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return last_complete_week_in_data(con, as_of)


def _is_current(published: Path, week: date | None) -> bool:
    """True unless a folder of a newer week than ``week`` is published (module doc)."""
    weeks = published / "weeks"
    newest = _newest_week_dir(weeks) if weeks.is_dir() else None
    if week is None or newest is None or week >= date.fromisoformat(newest.name):
        return True
    log.info(
        "week %s is older than the newest week published (%s): only its folder is written; "
        "%s and the top-level Parquet files stay as they are",
        week,
        newest.name,
        DUCKDB_COPY,
    )
    return False


def _write_parquet_atomic(frame: pl.DataFrame, target: Path) -> None:
    """Write beside ``target`` under a unique temporary name, then ``os.replace`` it in."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        frame.write_parquet(name, compression="zstd")
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


def _switch_latest(week_dir: Path, latest: Path) -> None:
    """Copy the week's folder to a new ``.latest.<random>/`` and point ``latest`` at it at once.

    The copy (not the week's folder itself) is linked, so republishing the same week, which
    swaps the week's folder, never leaves ``latest`` dangling. The copy ``latest`` pointed at
    before is kept (a reader may still be inside it); older copies are removed.
    """
    # One switch at a time: without the lock, one publisher's clean-up removed another's copy
    # while it was being made, and latest/ then pointed at nothing.
    # The lock is on the published folder itself, so no lock file is left behind.
    latest.parent.mkdir(parents=True, exist_ok=True)
    folder = os.open(latest.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        snapshot = staging_folder(latest)
        shutil.copytree(week_dir, snapshot, dirs_exist_ok=True)
        relink_copy(snapshot)  # its week links go through weeks/, as plain links
        previous = latest.resolve() if latest.is_symlink() else None
        point_link(latest, snapshot)
        for stale in latest.parent.glob(f".{latest.name}.*"):
            if stale.is_dir() and not stale.is_symlink() and stale not in (snapshot, previous):
                shutil.rmtree(stale, ignore_errors=True)
    finally:
        os.close(folder)  # closing releases the lock


def _newest_week_dir(weeks_dir: Path) -> Path | None:
    """The folder of the latest week published (folders are named by their Monday)."""
    dated = []
    for folder in weeks_dir.iterdir():
        try:
            dated.append((date.fromisoformat(folder.name), folder))
        except ValueError:  # "undated", or a temporary folder being built
            continue
    return max(dated)[1] if dated else None


def _known_sums(con: duckdb.DuckDBPyConnection, table: str) -> list[KnownSum]:
    """Sums of ``table``'s counts that another public file gives (suppression must allow for
    them): each topic's contacts over the automation candidates' window."""
    if table != "topic_weekly_trends":
        return []
    return candidate_windows(
        fetch_frame(
            con, "select topic_id, window_start, window_end from published.automation_candidates"
        )
    )


def _write_audiences(
    settings: Settings,
    table: str,
    frame: pl.DataFrame,
    folder: Path,
    report: PublishReport,
    known: list[KnownSum],
) -> None:
    """Internal files (suppressed only when configured) and public files (always suppressed)."""
    spec = SUPPRESSION.get(table)
    threshold = settings.publish_suppression_threshold
    internal = frame
    if settings.publish_suppress_internal and spec is not None:
        internal = suppress(frame, spec, threshold, known).frame
    write_table_files(internal, folder / "internal", table)
    if not settings.publish_public_files or table not in SUPPRESSION:
        return
    public = frame
    if spec is not None:
        result = suppress(frame, spec, threshold, known)
        public = result.frame
        report.suppressed[table] = (result.primary, result.secondary)
    write_table_files(public_frame(table, public), folder / "public", table)


@dataclass
class Summary:
    last_week: str | None
    top_topics: list[tuple[str, int, float]]
    rising: list[tuple[str, str, int, float | None]]
    candidates: list[tuple[int, str, float, float]]


def summarise(con: duckdb.DuckDBPyConnection, limit: int = 5) -> Summary:
    """Top topics in the last complete week, rising topics, top automation candidates."""
    last_week = last_complete_week_in_data(con)
    top = con.execute(
        """
        select topic_name, contacts, share_of_week from published.topic_weekly_trends
        where week_start = ? and channel = 'all' and topic_id <> 'unclassified' and contacts > 0
        order by contacts desc, topic_id limit ?
    """,
        [last_week, limit],
    ).fetchall()
    rising = con.execute(
        """
        select topic_name, trend_flag, contacts, baseline_contacts
        from published.topic_weekly_trends
        where week_start = ? and channel = 'all' and trend_flag in ('spike', 'rising', 'new')
        order by z_score desc nulls last, contacts desc, topic_id limit ?
    """,
        [last_week, limit],
    ).fetchall()
    candidates = con.execute(
        """
        select candidate_rank, topic_name, automation_score, agent_hours_per_year
        from published.automation_candidates
        where not is_excluded order by candidate_rank limit ?
    """,
        [limit],
    ).fetchall()
    return Summary(str(last_week) if last_week else None, top, rising, candidates)


def format_summary(summary: Summary) -> str:
    lines = [f"Week starting {summary.last_week or '(no complete week)'}", "", "Top topics:"]
    lines += [
        f"  {name:<45} {count:>7,}  ({share:.1%})" for name, count, share in summary.top_topics
    ]
    lines += ["", "Rising topics:"]
    lines += [
        f"  {name:<45} {flag:<7} {count:>6,} vs baseline {'-' if base is None else f'{base:,.1f}'}"
        for name, flag, count, base in summary.rising
    ]
    if not summary.rising:
        lines.append("  (none flagged)")
    lines += ["", "Top automation candidates:"]
    lines += [
        f"  {rank:>2}. {name:<41} score {score:.1f}/100  "
        + (f"~{hours:,.0f} agent hours/year" if hours is not None else "handle time unknown")
        for rank, name, score, hours in summary.candidates
    ]
    return "\n".join(lines)
