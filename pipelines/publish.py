"""Publish the marts for BI tools, and summarise them for people.

Each published table is written to ``<workdir>/published/<table>.parquet`` (sorted by its key,
so the same data gives the same file). Files are written to a temporary name and renamed, so a
BI tool never reads a half-written file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse

log = logging.getLogger(__name__)

PUBLISHED_TABLES: dict[str, str] = {
    "fct_contacts": "contact_key",
    "dim_topics": "topic_id",
    "topic_weekly_trends": "week_start, topic_id, channel",
    "automation_candidates": "candidate_rank nulls last, topic_id",
}


@dataclass
class PublishReport:
    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def publish(settings: Settings) -> PublishReport:
    settings.published_dir.mkdir(parents=True, exist_ok=True)
    report = PublishReport()
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        for table, order in PUBLISHED_TABLES.items():
            target = settings.published_dir / f"{table}.parquet"
            tmp = target.with_suffix(".parquet.tmp")
            con.execute(
                f"copy (select * from published.{table} order by {order}) "
                f"to '{_sql_path(tmp)}' (format parquet, compression zstd)"
            )
            tmp.replace(target)
            count = con.execute(f"select count(*) from published.{table}").fetchone()
            report.files[table] = target
            report.rows[table] = int(count[0]) if count else 0
            log.info("published %s: %d rows -> %s", table, report.rows[table], target)
    return report


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


@dataclass
class Summary:
    last_week: str | None
    top_topics: list[tuple[str, int, float]]
    rising: list[tuple[str, str, int, float | None]]
    candidates: list[tuple[int, str, float, float]]


def summarise(con: duckdb.DuckDBPyConnection, limit: int = 5) -> Summary:
    """Top topics in the last complete week, rising topics, top automation candidates."""
    week = con.execute("""
        select max(week_start) from published.topic_weekly_trends
        where not is_partial_week and channel = 'all' and contacts > 0
    """).fetchone()
    last_week = week[0] if week else None
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
        f"  {rank:>2}. {name:<41} score {score:.2f}  ~{hours:,.0f} agent hours/year"
        for rank, name, score, hours in summary.candidates
    ]
    return "\n".join(lines)
