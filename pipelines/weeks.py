"""Reporting weeks: Monday 00:00 to Sunday 23:59:59, local time (Europe/London by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Week:
    start: date  # Monday
    end: date  # Sunday


def week_of(day: date) -> Week:
    monday = day - timedelta(days=day.weekday())
    return Week(monday, monday + timedelta(days=6))


def reporting_week(moment: datetime, timezone: str = "Europe/London") -> Week:
    """The last complete Monday-to-Sunday week that ended at or before ``moment``.

    A run triggered on Monday 06:00 (or any day of the following week) reports the week that
    ended on the Sunday before, whatever the clock change did.
    """
    if moment.tzinfo is None:
        raise ValueError("reporting_week needs a time-zone-aware datetime")
    local_day = moment.astimezone(ZoneInfo(timezone)).date()
    this_monday = local_day - timedelta(days=local_day.weekday())
    return week_of(this_monday - timedelta(days=7))
