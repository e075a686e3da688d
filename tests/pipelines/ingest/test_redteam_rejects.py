"""Issue 14, red-team path 2: reject reasons, errors and log lines never quote a raw value.

Was: a reason held "Mrs Tabitha Throckmorton 07700 900111" as the value of a timestamp column;
the first unknown outcome values were logged as they were; the rejects log line quoted a
negative queue time; a "missing column" error listed the first line of a file with no header.
Now a reason names the file, row and column and what was expected, and shows a value only when
the redactor leaves it short and free of personal data (``pipelines/ingest/shown.py``); a log
line shows no value from a rejected row at all.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest

from pipelines.ingest.files import ingest_paths
from pipelines.ingest.mapping import parse_mapping, resolve_mapping
from pipelines.ingest.shown import shown_value
from pipelines.warehouse import open_warehouse
from tests.faults.conftest import call, write_csv

PII = "Mrs Tabitha Throckmorton 07700 900111"
# a name the redactor does not catch (lower case, no cue) with a phone number
PII_LOWER = "tabitha throckmorton 07700 900111"
FORBIDDEN = ("tabitha", "throckmorton", "07700", "900111")

MAPPING = parse_mapping(
    {
        "name": "redteam_all_columns",
        "format": "csv",
        "timestamp_formats": ["%Y-%m-%d %H:%M:%S"],
        "columns": {
            "contact_id": "id",
            "started_at": "start",
            "ended_at": "end",
            "updated_at": "updated",
            "handle_seconds": "handle",
            "wait_seconds": "wait",
            "channel": "channel",
            "outcome": "outcome",
            "queue": "queue",
            "wrap_up_code": "code",
            "caller_ref": "caller",
            "text": "notes",
        },
        "values": {"channel": {"Telephone": "phone"}, "outcome": {"Done": "resolved"}},
    }
)
# every column a row can be rejected for, with the words its reason must hold
REJECTABLE = {
    "start": "is empty or not a timestamp in the mapping's format '%Y-%m-%d %H:%M:%S'",
    "end": "is not a timestamp in the mapping's format '%Y-%m-%d %H:%M:%S'",
    "updated": "is not a timestamp in the mapping's format '%Y-%m-%d %H:%M:%S'",
    "handle": "is not a whole number of seconds",
    "wait": "is not a whole number of seconds",
    "channel": "is not a known channel (expected one of phone",
}


def _row(contact_id: str, **overrides: str) -> dict[str, str]:
    row = {
        "id": contact_id,
        "start": "2026-03-02 09:00:00",
        "end": "2026-03-02 09:05:00",
        "updated": "",
        "handle": "300",
        "wait": "20",
        "channel": "Telephone",
        "outcome": "Done",
        "queue": "Council tax",
        "code": "",
        "caller": "07700 900999",
        "notes": "Resident asked about their bill",
    }
    return {**row, **overrides}


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _leaks(texts: list[str]) -> list[str]:
    joined = "\n".join(texts).lower()
    return [word for word in FORBIDDEN if word in joined]


@pytest.mark.parametrize("planted", [PII, PII_LOWER])
def test_personal_data_in_every_rejectable_column_is_never_quoted(
    settings, tmp_path: Path, caplog: pytest.LogCaptureFixture, planted: str
) -> None:
    rows = [_row("OK")] + [_row(f"R-{column}", **{column: planted}) for column in REJECTABLE]
    rows.append(_row("OUTCOME", outcome=planted))  # not rejected: stored as 'unknown', logged
    rows.append(_row("NEG", wait="-5"))  # a negative queue time
    path = _write(tmp_path / "redteam_rejects.csv", rows)
    with caplog.at_level(logging.DEBUG):
        report = ingest_paths(settings, [path], mapping=MAPPING)
    assert (report.total("rows_stored"), report.total("rows_rejected")) == (2, 7)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rejected = con.execute(
            "select source_row_number, column_name, reason, record_redacted "
            "from raw.rejected_rows order by source_row_number"
        ).fetchall()
        outcome = con.execute("select outcome from raw.contacts where contact_id = 'OUTCOME'")
        assert outcome.fetchone() == ("unknown",)
    stored = [value for row in rejected for value in row if isinstance(value, str)]
    assert not _leaks(stored), f"raw.rejected_rows quotes {_leaks(stored)}"
    assert not _leaks(caplog.messages), f"the log quotes {_leaks(caplog.messages)}"
    expected = [*REJECTABLE.items(), ("wait", "is negative (expected seconds >= 0)")]
    for (number, column, reason, _), (expected_column, words) in zip(
        rejected, expected, strict=True
    ):
        # which file, row and column, and what was expected
        assert reason.startswith(f"redteam_rejects.csv row {number}: column '{expected_column}' ")
        assert column == expected_column and words in reason
    negative = rejected[-1][2]
    assert "'-5' is negative (expected seconds >= 0)" in negative  # a harmless value is shown
    rejects_line = next(m for m in caplog.messages if "row(s) rejected" in m)
    assert "column 'wait': 2 row(s)" in rejects_line and "-5" not in rejects_line
    outcome_line = next(m for m in caplog.messages if "outcome value(s)" in m)
    assert "column 'outcome'" in outcome_line and "expected one of resolved" in outcome_line


def test_a_helpful_short_value_is_shown_redacted() -> None:
    assert shown_value("fax") == "value 'fax'"
    assert shown_value("03/02/2026 09:00:00 AM") == "value '03/02/2026 09:00:00 AM'"
    assert shown_value("07700 900111") == "value '[PHONE]'"
    assert shown_value("John Smith") == (
        "a value of 10 characters (not shown: it may hold personal data)"
    )
    assert "not shown" in shown_value("x" * 40)


def test_unknown_outcome_values_are_logged_only_as_redacted_short_values(
    settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = [_row("A", outcome="fax"), _row("B", outcome=PII_LOWER), _row("C", outcome=PII)]
    path = _write(tmp_path / "redteam_outcomes.csv", rows)
    with caplog.at_level(logging.INFO):
        ingest_paths(settings, [path], mapping=MAPPING)
    [line] = [m for m in caplog.messages if "outcome value(s)" in m]
    assert "3 row(s) of column 'outcome' have 3 outcome value(s)" in line
    assert "value 'fax' in 1 row(s)" in line
    assert not _leaks([line])


def test_a_file_without_a_header_is_not_quoted_in_the_error(
    settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The first data row would have been listed as "the file has [...]" (its columns)."""
    telephony = resolve_mapping("council_telephony")
    full = write_csv(
        tmp_path / "telephony_full.csv",
        [call("H1", CLI=PII, Wrap_Code=PII_LOWER, Handle_Time="300", Last_Modified="3")],
    )
    headerless = tmp_path / "telephony_noheader.csv"
    headerless.write_text(full.read_text().split("\n", 1)[1])
    with caplog.at_level(logging.DEBUG):
        report = ingest_paths(settings, [headerless], mapping=telephony, raise_on_failure=False)
    [failed] = report.failed
    assert "are not in the file" in failed.error and "is the header row missing?" in failed.error
    assert not _leaks([failed.error, *caplog.messages])


def test_a_missing_trailer_does_not_quote_the_last_line(settings, tmp_path: Path) -> None:
    mapping = parse_mapping(
        {
            "name": "with_trailer",
            "format": "csv",
            "columns": {"contact_id": "id", "started_at": "start", "channel": "channel"},
            "csv": {"trailer": r"^TOTAL (\d+)$"},
        }
    )
    path = tmp_path / "cut.csv"
    path.write_text(f"id,start,channel\nX1,2026-03-02 09:00:00,{PII}\n")
    report = ingest_paths(settings, [path], mapping=mapping, raise_on_failure=False)
    [failed] = report.failed
    assert "is not the trailer the mapping expects" in failed.error
    assert not _leaks([failed.error])


def test_a_duplicate_column_in_a_data_row_used_as_header_is_not_quoted(
    settings, tmp_path: Path
) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(f"{PII},{PII},x\n1,2,3\n")
    mapping = parse_mapping(
        {
            "name": "dup",
            "format": "csv",
            "columns": {"contact_id": "id", "started_at": "start", "channel": "channel"},
        }
    )
    report = ingest_paths(settings, [path], mapping=mapping, raise_on_failure=False)
    [failed] = report.failed
    assert "duplicate column name(s) 1 (not shown" in failed.error
    assert not _leaks([failed.error])
