"""Reporting weeks: Monday 00:00 to Sunday 23:59:59, local time (Europe/London by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipelines.contract import TIMEZONE


@dataclass(frozen=True)
class Week:
    start: date  # Monday
    end: date  # Sunday


def week_of(day: date) -> Week:
    monday = day - timedelta(days=day.weekday())
    return Week(monday, monday + timedelta(days=6))


def week_of_interval(start: datetime, end: datetime, timezone: str = TIMEZONE) -> Week:
    """The Monday-to-Sunday week that the data interval ``[start, end)`` covers exactly.

    Raises ``ValueError`` naming both ends when the interval is not Monday 00:00 to the next
    Monday 00:00 local time (23, 24 or 25 hours a day across the clock changes).
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("week_of_interval needs time-zone-aware datetimes")
    zone = ZoneInfo(timezone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    week = week_of(local_start.date())
    expected_end = week.end + timedelta(days=1)
    midnight = (local_start.time().isoformat(), local_end.time().isoformat()) == (
        "00:00:00",
        "00:00:00",
    )
    if not (midnight and local_start.date() == week.start and local_end.date() == expected_end):
        raise ValueError(
            f"data interval {local_start.isoformat()} .. {local_end.isoformat()} ({timezone}) is "
            f"not one Monday-to-Sunday week: expected {week.start} 00:00 .. {expected_end} 00:00"
        )
    return week
