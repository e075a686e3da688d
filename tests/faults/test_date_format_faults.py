"""A mapping's declared timestamp format decides how a date is read (issue 15).

Strict per-format parsing: a value must have the whole shape of one of the mapping's
``timestamp_formats`` (four digits for ``%Y``), or of ISO 8601 when the mapping declares none.
Nothing else is tried, so a file with mixed formats rejects the rows that do not match, each
with the row, the column and the expected format.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from pipelines.ingest.mapping import resolve_mapping
from tests.faults.conftest import assert_counted, call, ingest_file, rows, write_csv

EXPECTED = "in the mapping's format '%d/%m/%Y %H:%M:%S' or '%d/%m/%Y %H:%M'"


def test_a_two_digit_year_is_rejected_by_a_four_digit_format(
    settings, telephony, tmp_path: Path
) -> None:
    """Was: '17/11/26' read with '%d/%m/%Y' as the year 26 AD; dbt's marts then ran out of
    memory on every later run."""
    path = write_csv(
        tmp_path / "telephony_yy.csv", [call("Y1"), call("Y2", Start_Time="17/11/26 09:00:00")]
    )
    result = ingest_file(settings, path, telephony)
    assert_counted(path, result)
    assert (result.rows_stored, result.rows_rejected) == (1, 1)
    [(number, column, reason)] = rows(
        settings, "select source_row_number, column_name, reason from raw.rejected_rows"
    )
    assert (number, column) == (2, "Start Time")
    assert reason == (
        f"telephony_yy.csv row 2: column 'Start Time' value '17/11/26 09:00:00' is empty or not "
        f"a timestamp {EXPECTED}"
    )


def test_a_declared_two_digit_year_format_reads_the_year_2026(
    settings, telephony, tmp_path: Path
) -> None:
    """Two-digit years follow the mapping's declared format (%y: 00-68 are 20xx)."""
    two_digit = replace(telephony, timestamp_formats=("%d/%m/%y %H:%M:%S",))
    path = write_csv(
        tmp_path / "telephony_y2.csv",
        [call("Y3", Start_Time="17/11/26 09:00:00", End_Time="17/11/26 09:05:00")],
    )
    result = ingest_file(settings, path, two_digit)
    assert (result.rows_stored, result.rows_rejected) == (1, 0)
    [(started,)] = rows(settings, "select started_at from raw.contacts")
    assert started.replace(tzinfo=None) == datetime(2026, 11, 17, 9, 0)  # 09:00 GMT = UTC


def test_a_file_with_mixed_formats_rejects_the_rows_that_do_not_match(
    settings, telephony, tmp_path: Path
) -> None:
    """ISO, US month-first with AM/PM, a two-digit year and a date-only value are not the
    telephony mapping's day-first format: each such row is rejected, the others stored."""
    values = {
        "M1": "02/03/2026 09:00:00",  # the declared format
        "M2": "02/03/2026 09:00",  # the second declared format
        "M3": "2026-03-02T09:00:00",  # ISO 8601: not declared by this mapping
        "M4": "03/02/2026 09:00:00 AM",  # US month-first with AM/PM
        "M5": "2/3/26 9:00:00",  # a two-digit year
        "M6": "02/03/2026",  # a date without a time
        "M7": "2026/03/02 09:00:00",  # year first
    }
    path = write_csv(
        tmp_path / "telephony_mixed.csv",
        [call(key, Start_Time=value, End_Time="") for key, value in values.items()],
    )
    result = ingest_file(settings, path, telephony)
    assert_counted(path, result)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (7, 2, 5)
    stored = rows(settings, "select contact_id, started_at from raw.contacts order by 1")
    assert [(c, s.replace(tzinfo=None)) for c, s in stored] == [
        ("M1", datetime(2026, 3, 2, 9, 0)),  # 2 March (day first), never 3 February
        ("M2", datetime(2026, 3, 2, 9, 0)),
    ]
    rejected = rows(
        settings,
        "select source_row_number, column_name, reason from raw.rejected_rows order by 1",
    )
    assert [r[0] for r in rejected] == [3, 4, 5, 6, 7]
    for number, column, reason in rejected:
        key = f"M{number}"
        assert column == "Start Time"
        assert reason.startswith(f"telephony_mixed.csv row {number}: column 'Start Time' value ")
        assert f"'{values[key]}'" in reason and EXPECTED in reason


def test_last_modified_in_another_format_is_rejected_with_the_expected_format(
    settings, telephony, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "telephony_lm.csv",
        [call("L1", Last_Modified="2026-03-03 10:00:00"), call("L2", Last_Modified="")],
    )
    result = ingest_file(settings, path, telephony)
    assert (result.rows_stored, result.rows_rejected) == (1, 1)
    [(column, reason)] = rows(settings, "select column_name, reason from raw.rejected_rows")
    assert column == "Last Modified" and f"is not a timestamp {EXPECTED}" in reason


def test_without_declared_formats_only_iso_8601_is_read(settings, tmp_path: Path) -> None:
    """The webchat mapping declares no formats: ISO 8601 only, never a guessed day/month order."""
    webchat = resolve_mapping("council_webchat")
    base = {
        "ended": None,
        "tag": None,
        "last_updated": None,
        "platform": "web",
        "queue_seconds": 10,
        "department": "Waste",
        "status": "closed_resolved",
        "visitor": "v1",
        "transcript": "bins",
    }
    starts = ["2026-03-02T09:00:00+00:00", "2026-03-02 09:00:00.25", "02/03/2026 09:00:00"]
    path = tmp_path / "webchat_iso.jsonl"
    path.write_text(
        "".join(
            json.dumps({"chat_id": f"W{n}", "started": start, **base}) + "\n"
            for n, start in enumerate(starts, start=1)
        )
    )
    result = ingest_file(settings, path, webchat)
    assert_counted(path, result)
    assert (result.rows_stored, result.rows_rejected) == (2, 1)
    [(number, reason)] = rows(settings, "select source_row_number, reason from raw.rejected_rows")
    assert number == 3 and "'02/03/2026 09:00:00'" in reason and "ISO 8601" in reason
