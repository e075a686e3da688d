"""Which week a weekly publishing run builds, and the record of weeks published.

``ops.published_weeks`` (one row per week, DDL below) says when each week was last published,
by which run, and why. A run started by the timetable, by hand or by a backfill builds the week
of its data interval, and records published weeks with contacts stored since as republished
(every build recomputes every week's trend rows). A run started because new contacts were
stored (the ingest DAG's Asset) looks for *late* weeks: weeks already published that have
contacts stored since. When there are none it does nothing; otherwise it rebuilds the marts as
of the newest week published (which recomputes the late weeks' rows) and records the late weeks
as republished.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from pipelines.weeks import Week, week_of

if TYPE_CHECKING:
    from pipelines.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunPlan:
    """The week to build (as of its Sunday) and the late weeks it republishes."""

    week: Week
    reason: str
    late_weeks: list[date] = field(default_factory=list)

    def to_xcom(self) -> dict[str, object]:
        return {
            "week_start": self.week.start.isoformat(),
            "week_end": self.week.end.isoformat(),
            "reason": self.reason,
            "late_weeks": [day.isoformat() for day in self.late_weeks],
        }

    @classmethod
    def from_xcom(cls, data: dict[str, object]) -> RunPlan:
        late = [date.fromisoformat(str(day)) for day in data.get("late_weeks", [])]  # type: ignore[union-attr]
        return cls(week_of(date.fromisoformat(str(data["week_start"]))), str(data["reason"]), late)


def late_weeks(settings: Settings) -> tuple[date | None, list[date]]:
    """(newest week published, weeks published before whose contacts were stored since)."""
    from pipelines.warehouse import open_warehouse, table_exists

    if not settings.warehouse_path.exists():
        return None, []
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        if not table_exists(con, "ops", "published_weeks"):
            return None, []
        newest = con.execute("select max(week_start) from ops.published_weeks").fetchone()
        rows = con.execute(
            """
            with published as (select week_start, published_at from ops.published_weeks),
            stored as (
                select cast(date_trunc('week', timezone(?, started_at)) as date) as week_start,
                       max(ingested_at) as last_stored_at
                from raw.contacts
                where ingested_at > (select min(published_at) from published)
                group by 1
            )
            select stored.week_start
            from stored join published using (week_start)
            where stored.last_stored_at > published.published_at
            order by 1
            """,
            [settings.timezone],
        ).fetchall()
        if table_exists(con, "ops", "republish_requests"):  # erasures (pipelines/governance)
            rows += con.execute(
                """
                select distinct requests.week_start
                from ops.republish_requests as requests
                join ops.published_weeks as published using (week_start)
                where requests.requested_at > published.published_at
                """
            ).fetchall()
    rows = sorted(set(rows))
    return (newest[0] if newest else None), [row[0] for row in rows]


def plan_for_week(settings: Settings, week: Week, reason: str) -> RunPlan:
    """The plan of a scheduled, manual or backfill run: its own week.

    Published weeks with contacts stored since are recorded as republished too: every build
    recomputes every week's rows in ``topic_weekly_trends``.
    """
    _, late = late_weeks(settings)
    return RunPlan(week, reason, [day for day in late if day != week.start])


def plan_for_late_files(settings: Settings) -> RunPlan | None:
    """The plan of a run started by new contacts: None when no published week is affected."""
    newest, late = late_weeks(settings)
    if newest is None or not late:
        log.info("no published week has new contacts: nothing to rebuild")
        return None
    log.info("late contacts for published week(s) %s: rebuilding", ", ".join(map(str, late)))
    return RunPlan(week_of(newest), "late contacts", late)


def record_published(settings: Settings, plan: RunPlan, run_id: str) -> None:
    """Record the run's week (and its late weeks) as published now (replacing older rows)."""
    from pipelines.warehouse import open_warehouse

    now = datetime.now(UTC)
    rows = [(plan.week.start, plan.week.end, plan.reason)]
    rows += [(day, week_of(day).end, "late contacts") for day in plan.late_weeks]
    with open_warehouse(settings.warehouse_path) as con:
        con.begin()
        for start, end, reason in rows:
            con.execute("delete from ops.published_weeks where week_start = ?", [start])
            con.execute(
                "insert into ops.published_weeks values (?, ?, ?, ?, ?)",
                [start, end, now, run_id, reason],
            )
        con.commit()
