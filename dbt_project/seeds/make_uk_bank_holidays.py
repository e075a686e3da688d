"""Write ``uk_bank_holidays.csv`` (the dbt seed of UK bank holidays), 2015-2027.

Source: the UK Government's bank-holiday calendars, https://www.gov.uk/bank-holidays (JSON at
https://www.gov.uk/bank-holidays.json), Crown copyright, published under the Open Government
Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).
gov.uk's file lists 2018 onwards; the pipeline has no network at run time, so the dates are
committed as data. They are generated here from the published rules (Banking and Financial
Dealings Act 1971 and the annual royal proclamations) rather than downloaded: the fixed days,
Easter, the first/last Mondays, the substitute days when a holiday falls at a weekend, and the
one-off changes gov.uk lists (VE Day 2020, the Platinum Jubilee 2022, the State Funeral 2022,
the Coronation 2023). Years before 2018 are derived from the same rules only. Check a new year
against gov.uk when it is published and add any one-off holiday to ``ONE_OFF`` / ``MOVED``.

Run: ``.venv/bin/python dbt_project/seeds/make_uk_bank_holidays.py``.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2015, 2027
REGIONS = ("england-and-wales", "scotland", "northern-ireland")
# Regular holidays moved by proclamation: (region or "*", year, name) -> new date
MOVED = {
    ("*", 2020, "Early May bank holiday"): date(2020, 5, 8),  # VE Day
    ("*", 2022, "Spring bank holiday"): date(2022, 6, 2),  # Platinum Jubilee weekend
}
ONE_OFF = [
    ("*", date(2022, 6, 3), "Platinum Jubilee bank holiday"),
    ("*", date(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
    ("*", date(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
    # Taken from a third-party copy of the gov.uk feed (retrieved October 2026), not checked
    # against gov.uk itself from here: check it there.
    ("scotland", date(2026, 6, 15), "World Cup bank holiday"),
]


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def last_monday(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


def with_substitutes(days: list[tuple[date, str]]) -> list[tuple[date, str]]:
    """A holiday at a weekend moves to the next weekday that is not already a holiday."""
    taken: set[date] = {day for day, _ in days if day.weekday() < 5}
    result = []
    for day, name in sorted(days):
        if day.weekday() < 5:
            result.append((day, name))
            continue
        moved = day
        while moved.weekday() >= 5 or moved in taken:
            moved += timedelta(days=1)
        taken.add(moved)
        result.append((moved, f"{name} (substitute day)"))
    return result


def region_holidays(region: str, year: int) -> list[tuple[date, str]]:
    easter = easter_sunday(year)
    fixed: list[tuple[date, str]] = [(date(year, 1, 1), "New Year's Day")]
    if region == "scotland":
        fixed.append((date(year, 1, 2), "2nd January"))
        fixed.append((date(year, 11, 30), "St Andrew's Day"))
    if region == "northern-ireland":
        fixed.append((date(year, 3, 17), "St Patrick's Day"))
        fixed.append((date(year, 7, 12), "Battle of the Boyne (Orangemen's Day)"))
    fixed += [(date(year, 12, 25), "Christmas Day"), (date(year, 12, 26), "Boxing Day")]
    days = with_substitutes(fixed)
    mondays = [
        (easter - timedelta(days=2), "Good Friday"),
        (first_monday(year, 5), "Early May bank holiday"),
        (last_monday(year, 5), "Spring bank holiday"),
    ]
    if region != "scotland":
        mondays.append((easter + timedelta(days=1), "Easter Monday"))
        mondays.append((last_monday(year, 8), "Summer bank holiday"))
    else:
        mondays.append((first_monday(year, 8), "Summer bank holiday"))
    for day, name in mondays:
        days.append((MOVED.get(("*", year, name), day), name))
    days += [
        (day, name) for scope, day, name in ONE_OFF if day.year == year and scope in ("*", region)
    ]
    return sorted(days)


def main() -> None:
    out = Path(__file__).with_name("uk_bank_holidays.csv")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["region", "holiday_date", "title"])
        for region in REGIONS:
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                for day, name in region_holidays(region, year):
                    writer.writerow([region, day.isoformat(), name])


if __name__ == "__main__":
    main()
