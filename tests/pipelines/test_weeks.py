from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.weeks import week_of

LONDON = ZoneInfo("Europe/London")


def test_week_of_is_monday_to_sunday() -> None:
    week = week_of(date(2026, 11, 26))
    assert (week.start, week.end) == (date(2026, 11, 23), date(2026, 11, 29))


def test_week_of_interval_accepts_exact_weeks_across_clock_changes() -> None:
    from pipelines.weeks import week_of_interval

    utc = ZoneInfo("UTC")
    # 167 hours: clocks forward on Sunday 29 March 2026.
    week = week_of_interval(
        datetime(2026, 3, 23, tzinfo=utc), datetime(2026, 3, 29, 23, tzinfo=utc)
    )
    assert (week.start, week.end) == (date(2026, 3, 23), date(2026, 3, 29))
    # 169 hours: clocks back on Sunday 25 October 2026.
    week = week_of_interval(
        datetime(2026, 10, 18, 23, tzinfo=utc), datetime(2026, 10, 26, tzinfo=utc)
    )
    assert (week.start, week.end) == (date(2026, 10, 19), date(2026, 10, 25))


def test_week_of_interval_rejects_anything_else() -> None:
    from pipelines.weeks import week_of_interval

    london = ZoneInfo("Europe/London")
    with pytest.raises(ValueError, match="not one Monday-to-Sunday week: expected 2026-03-23"):
        # Monday 06:00 to Monday 06:00 (the first version's trigger timetable).
        week_of_interval(
            datetime(2026, 3, 23, 6, tzinfo=london), datetime(2026, 3, 30, 6, tzinfo=london)
        )
    with pytest.raises(ValueError, match="not one Monday-to-Sunday week"):
        # 24 x 7 hours in UTC across the clock change ends at 01:00 BST, not midnight.
        week_of_interval(
            datetime(2026, 3, 23, tzinfo=london), datetime(2026, 3, 30, 0, tzinfo=ZoneInfo("UTC"))
        )
