from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.weeks import reporting_week, week_of

LONDON = ZoneInfo("Europe/London")


def test_week_of_is_monday_to_sunday() -> None:
    week = week_of(date(2026, 11, 26))
    assert (week.start, week.end) == (date(2026, 11, 23), date(2026, 11, 29))


@pytest.mark.parametrize(
    ("moment", "expected_monday"),
    [
        (datetime(2026, 3, 30, 6, 0, tzinfo=LONDON), date(2026, 3, 23)),  # clocks changed 29 Mar
        (datetime(2026, 3, 30, 5, 0, tzinfo=ZoneInfo("UTC")), date(2026, 3, 23)),
        (datetime(2026, 11, 2, 6, 0, tzinfo=LONDON), date(2026, 10, 26)),  # clocks back 25 Oct
        (datetime(2026, 11, 4, 12, 0, tzinfo=LONDON), date(2026, 10, 26)),  # a late Wednesday run
        # Sunday 23:30 UTC in summer is already Monday 00:30 in London
        (datetime(2026, 7, 12, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 7, 6)),
    ],
)
def test_reporting_week_is_the_last_complete_local_week(
    moment: datetime, expected_monday: date
) -> None:
    assert reporting_week(moment).start == expected_monday


def test_reporting_week_rejects_naive_times() -> None:
    with pytest.raises(ValueError, match="time-zone-aware"):
        reporting_week(datetime(2026, 1, 5, 6, 0))


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
