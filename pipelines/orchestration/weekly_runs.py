"""Which week a weekly publishing run builds, and the record of weeks published.

``ops.published_weeks`` (one row per week, warehouse DDL) says when each week was last
published, by which run, and why.

- **The logical date chooses the week** (decision 15): a scheduled, backfill or manual run with
  a logical date builds the Monday-to-Sunday week (Europe/London) that *contains* its logical
  date. The timetable's logical date is the week's Monday 00:00, so scheduled runs and
  ``airflow backfill create --from-date/--to-date`` name weeks by their Mondays, and a manual
  run for Wednesday 18 November builds 16-22 November. A week that has not ended when the run
  starts is refused (:class:`WeekNotEnded`). A manual run with no logical date builds the last
  complete week before it started. The data interval is not used: Airflow infers a manual
  run's interval from the trigger time, not from the logical date.
- **Late contacts**: a run started because new contacts were stored (the ingest DAG's Asset,
  run type ``asset_triggered``; or ``{"late_contacts": true}``) looks for weeks already
  published with contacts stored since. None: it does nothing. Otherwise it republishes each of
  them (marts as of its Sunday, its ``weeks/<Monday>/`` folder and report), then the newest
  week published. Any other run republishes such weeks too, before its own week.
- **The current BI copy** (``contact_topics.duckdb``, top-level Parquet) always shows the newest
  week published (``RunPlan.current_week``): a run for an older week rebuilds it as of the newest
  week afterwards, and ``pipelines.publish`` never writes it for an older week.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipelines.weeks import Week, week_of

if TYPE_CHECKING:
    from pipelines.settings import Settings

log = logging.getLogger(__name__)

LATE_CONTACTS = "late contacts"


class WeekNotEnded(ValueError):
    """The week a run was asked to build has not ended when the run started."""


def run_kind(run_type: object) -> str:
    """``scheduled``, ``manual``, ``backfill``, ``asset_triggered``... from any run type.

    Airflow core's ``DagRunType`` prints as its value (``asset_triggered``) but the Task SDK's
    prints as ``DagRunType.ASSET_TRIGGERED``: take the enum's value when there is one, else the
    text after the last dot, lower case. Empty or missing means ``manual``.
    """
    value = getattr(run_type, "value", run_type)
    text = "" if value is None else str(value).strip().lower()
    return text.rsplit(".", 1)[-1] or "manual"


def week_for_run(logical_date: datetime | None, run_after: datetime, timezone: str) -> Week:
    """The week a scheduled, backfill or manual run builds (see the module doc).

    With a logical date: the Monday-to-Sunday week containing it, local time; ``WeekNotEnded``
    when that week ends after ``run_after`` (the moment the run may start). Without one: the
    last complete week before ``run_after``.
    """
    zone = ZoneInfo(timezone)
    started = run_after.astimezone(zone)
    if logical_date is None:
        return week_of(week_of(started.date()).start - timedelta(days=7))
    week = week_of(logical_date.astimezone(zone).date())
    ends = datetime.combine(week.end + timedelta(days=1), time(), zone)
    if ends > started:
        last = week_of(week_of(started.date()).start - timedelta(days=7))
        raise WeekNotEnded(
            f"the logical date {logical_date.astimezone(zone).isoformat()} is in the week "
            f"{week.start} to {week.end}, which has not ended (it ends {ends.isoformat()}; the "
            f"run started {started.isoformat()}). Trigger with a date in a week that has ended, "
            f"or with no logical date for the last complete week ({last.start} to {last.end})."
        )
    return week


def describe_run(dag_run: object, timezone: str) -> str:
    """One line saying which week a run builds, for the UI (the ``plan`` task's rendered field).

    Reads only the run's type, logical date, start time and configuration; never raises.
    """
    conf = getattr(dag_run, "conf", None) or {}
    kind = run_kind(getattr(dag_run, "run_type", None))
    if kind == "asset_triggered" or conf.get("late_contacts"):
        return (
            f"{kind}: republishes the weeks already published that have contacts stored since "
            "(none: nothing to do), then the newest week published"
        )
    logical = getattr(dag_run, "logical_date", None)
    run_after = getattr(dag_run, "run_after", None) or datetime.now(UTC)
    try:
        week = week_for_run(logical, run_after, timezone)
    except WeekNotEnded as error:
        return f"{kind}: fails: {error}"
    chosen = "no logical date: the last complete week" if logical is None else "logical date"
    if logical is not None:
        chosen += f" {logical.astimezone(ZoneInfo(timezone)).date()}"
    return f"{kind}: week {week.start} to {week.end} ({chosen})"


@dataclass(frozen=True)
class RunPlan:
    """The week to build (as of its Sunday), the late weeks republished before it (oldest
    first), and the newest week published once the run is done (what the BI copy shows)."""

    week: Week
    reason: str
    late_weeks: list[date] = field(default_factory=list)
    current_week: date | None = None

    @property
    def current(self) -> date:
        return self.current_week or self.week.start

    def to_xcom(self) -> dict[str, object]:
        return {
            "week_start": self.week.start.isoformat(),
            "week_end": self.week.end.isoformat(),
            "reason": self.reason,
            "late_weeks": [day.isoformat() for day in self.late_weeks],
            "current_week": self.current.isoformat(),
        }

    @classmethod
    def from_xcom(cls, data: dict[str, object]) -> RunPlan:
        late = [date.fromisoformat(str(day)) for day in data.get("late_weeks", [])]  # type: ignore[union-attr]
        current = data.get("current_week")
        return cls(
            week_of(date.fromisoformat(str(data["week_start"]))),
            str(data["reason"]),
            late,
            date.fromisoformat(str(current)) if current else None,
        )


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

    Published weeks with contacts stored since are republished first (their own folders).
    """
    newest, late = late_weeks(settings)
    current = max(newest, week.start) if newest else week.start
    plan = RunPlan(week, reason, [day for day in late if day != week.start], current)
    log.info(
        "%s run: week %s to %s; late weeks republished first: %s; the BI copy shows %s",
        reason,
        week.start,
        week.end,
        ", ".join(map(str, plan.late_weeks)) or "none",
        current,
    )
    return plan


def plan_for_late_files(settings: Settings) -> RunPlan | None:
    """The plan of a run started by new contacts: None when no published week is affected.

    Otherwise the late weeks older than the newest week published are republished one by one,
    then the newest week itself (its folder, and the BI copy).
    """
    newest, late = late_weeks(settings)
    if newest is None or not late:
        log.info("no published week has new contacts: nothing to rebuild")
        return None
    log.info("late contacts for published week(s) %s: rebuilding", ", ".join(map(str, late)))
    return RunPlan(week_of(newest), LATE_CONTACTS, [day for day in late if day != newest], newest)


def plan_run(
    settings: Settings,
    *,
    run_type: object,
    logical_date: datetime | None,
    run_after: datetime,
    late_contacts: bool = False,
) -> RunPlan | None:
    """The plan of any weekly run, from its run type, logical date and start (module doc)."""
    kind = run_kind(run_type)
    if kind == "asset_triggered" or late_contacts:
        return plan_for_late_files(settings)
    return plan_for_week(settings, week_for_run(logical_date, run_after, settings.timezone), kind)


def record_published(settings: Settings, plan: RunPlan, run_id: str) -> None:
    """Record the run's week (and its late weeks) as published now (replacing older rows)."""
    from pipelines.warehouse import open_warehouse

    now = datetime.now(UTC)
    rows = [(plan.week.start, plan.week.end, plan.reason)]
    rows += [(day, week_of(day).end, LATE_CONTACTS) for day in plan.late_weeks]
    with open_warehouse(settings.warehouse_path) as con:
        con.begin()
        for start, end, reason in rows:
            con.execute("delete from ops.published_weeks where week_start = ?", [start])
            con.execute(
                "insert into ops.published_weeks values (?, ?, ?, ?, ?)",
                [start, end, now, run_id, reason],
            )
        con.commit()
