"""Regressions for the red-team run of issue 15: each test reproduces one fault exactly.

Every ingested file is checked two ways: rows read = rows stored + rows rejected as stored
(``assert_accounted``), and rows read = the records in the file counted without the parser
(``assert_counted``: physical lines for a CSV without embedded newlines).
"""

from __future__ import annotations

import gzip
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.ingest import conform as conform_module
from pipelines.ingest.files import ingest_paths
from pipelines.ingest.landing import ingest_landing, list_landing
from pipelines.ingest.mapping import resolve_mapping
from pipelines.settings import Settings, SettingsError
from tests.faults.conftest import (
    HEADER,
    assert_counted,
    call,
    chat,
    ingest_file,
    rows,
    write_csv,
)


def test_one_stray_quote_rejects_one_row_not_the_rest_of_the_file(
    settings, telephony, tmp_path: Path
) -> None:
    """Was: 3 read = 2 stored + 1 rejected, the other 197 records neither stored nor rejected."""
    path = write_csv(tmp_path / "telephony_quote.csv", [call(f"Q{n}") for n in range(1, 201)])
    lines = path.read_text().split("\n")
    lines[3] = lines[3].replace(
        "Resident asked about their bill (Q3)", '"cust said "bin" not emptied'
    )
    path.write_text("\n".join(lines))
    result = ingest_file(settings, path, telephony)
    assert_counted(path, result)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (200, 199, 1)
    [(number, reason, record)] = rows(
        settings, "select source_row_number, reason, record_redacted from raw.rejected_rows"
    )
    assert number == 3 and "line 4" in reason and "stray quote" in reason
    assert "Q4" not in record  # the reject is that one line, not the rest of the file
    stored = rows(settings, "select contact_id from raw.contacts order by source_row_number")
    assert [r[0] for r in stored] == [f"Q{n}" for n in range(1, 201) if n != 3]


def test_stray_opening_quote_never_swallows_the_rest_of_the_file(
    settings, telephony, tmp_path: Path
) -> None:
    """A quote that opens a field and never closes: every later line is still accounted for."""
    path = write_csv(tmp_path / "telephony_open.csv", [call(f"U{n}") for n in range(1, 51)])
    lines = path.read_text().split("\n")
    lines[10] = lines[10].replace("Resident asked", '"Resident asked')
    path.write_text("\n".join(lines))
    result = ingest_file(settings, path, telephony)
    assert_counted(path, result)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (50, 49, 1)


def test_json_lines_with_unicode_line_separators_and_a_blank_line(settings, tmp_path: Path) -> None:
    """Was: 5 read = 1 stored + 4 rejected for 3 valid records (str.splitlines)."""
    webchat = resolve_mapping("council_webchat")
    records = [
        chat(f"J{n}", text)
        for n, text in enumerate(["line\u2028separator", "next\u0085line", "para\u2029sep"])
    ]
    path = tmp_path / "webchat_separators.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text(lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n", encoding="utf-8")
    result = ingest_file(settings, path, webchat)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (3, 3, 0)


@pytest.mark.parametrize("value", ["NaN", "inf", "-inf", "1e30", "99999999999"])
def test_out_of_range_handle_time_is_a_rejected_row(
    settings, telephony, tmp_path: Path, value: str
) -> None:
    """Was: an uncaught polars InvalidOperationError; the files after it were not ingested."""
    bad = write_csv(
        tmp_path / "telephony_a_bad.csv",
        [call("N1"), call("N2", **{"Handle Time (s)": value})],
    )
    good = write_csv(tmp_path / "telephony_b_good.csv", [call("G1")])
    report = ingest_paths(settings, [bad, good], mapping=telephony, raise_on_failure=False)
    assert [f.status for f in report.files] == ["ingested", "ingested"]
    assert [(f.rows_stored, f.rows_rejected) for f in report.files] == [(1, 1), (1, 0)]
    [(column, reason)] = rows(settings, "select column_name, reason from raw.rejected_rows")
    # an 11-digit number may be a reference or account number: the reason shows it redacted
    # (issue 14: reasons never quote a value the redactor would change)
    shown = "[REFERENCE]" if value == "99999999999" else value
    assert column == "Handle Time (s)" and "out of range" in reason and f"'{shown}'" in reason


def test_an_unexpected_error_in_one_file_quarantines_it_and_the_others_go_through(
    settings, monkeypatch, tmp_path: Path
) -> None:
    """Any exception while reading or checking a file quarantines that file, with the reason."""
    settings.ensure_dirs()
    write_csv(settings.landing_dir / "telephony_1.csv", [call("L1")])
    write_csv(settings.landing_dir / "telephony_2_boom.csv", [call("L2")])
    write_csv(settings.landing_dir / "telephony_3.csv", [call("L3")])
    real = conform_module.conform

    def fragile(frame, mapping, file_label, *args, **kwargs):
        if "boom" in file_label:
            raise RuntimeError("injected fault")
        return real(frame, mapping, file_label, *args, **kwargs)

    monkeypatch.setattr("pipelines.ingest.files.conform", fragile)
    report = ingest_landing(settings)
    assert len(report.new_file_ids) == 2 and report.rows_stored == 2
    [moved] = report.quarantined
    assert moved["file"].endswith("telephony_2_boom.csv")
    assert "injected fault" in Path(moved["reason_file"]).read_text()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Start Time", "01/01/1970 09:00:00"),
        ("Start Time", "02/03/2031 09:00:00"),
        ("End Time", "02/03/2099 09:00:00"),
        ("Last Modified", "02/03/2099 09:00:00"),  # would pin the record against corrections
    ],
    ids=["1970", "2031", "end-2099", "last-modified-2099"],
)
def test_implausible_dates_are_rejected_with_the_window(
    settings, telephony, tmp_path: Path, column: str, value: str
) -> None:
    """A two-digit year (17/11/26, once stored as the year 26) is now refused by the mapping's
    declared format before the window: tests/faults/test_date_format_faults.py."""
    path = write_csv(tmp_path / "telephony_dates.csv", [call("D1"), call("D2", **{column: value})])
    result = ingest_file(settings, path, telephony)
    assert (result.rows_stored, result.rows_rejected) == (1, 1)
    [(name, reason)] = rows(settings, "select column_name, reason from raw.rejected_rows")
    assert name == column and "outside the plausible window" in reason and "2000-01-01" in reason
    years = rows(settings, "select distinct year(started_at) from raw.contacts")
    assert years == [(2026,)]


def test_the_date_window_is_a_setting(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_MIN_CONTACT_DATE", "2020-04-01")
    assert Settings.from_env(workdir=tmp_path).min_contact_date == date(2020, 4, 1)
    monkeypatch.setenv("CONTACT_TOPICS_MIN_CONTACT_DATE", "01/04/2020")
    with pytest.raises(SettingsError, match="MIN_CONTACT_DATE"):
        Settings.from_env(workdir=tmp_path)
    monkeypatch.delenv("CONTACT_TOPICS_MIN_CONTACT_DATE")
    assert Settings.from_env(workdir=tmp_path).min_contact_date == date(2000, 1, 1)


def test_tomorrow_is_inside_the_window_and_the_day_after_is_not(
    settings, telephony, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    soon = (now + timedelta(hours=12)).strftime("%d/%m/%Y %H:%M:%S")
    later = (now + timedelta(days=2, hours=1)).strftime("%d/%m/%Y %H:%M:%S")
    path = write_csv(
        tmp_path / "telephony_future.csv",
        [
            call("F1", Start_Time=soon, End_Time=""),
            call("F2", Start_Time=later, End_Time=""),
        ],
    )
    result = ingest_file(settings, path, telephony)
    assert (result.rows_stored, result.rows_rejected) == (1, 1)


def test_duplicate_header_name_is_refused_naming_it(settings, telephony, tmp_path: Path) -> None:
    """Was: the second 'Agent Notes' column was dropped silently."""
    header = [*HEADER, "Agent Notes"]
    path = write_csv(tmp_path / "telephony_dupcol.csv", [call("H1")], header=header)
    result = ingest_file(settings, path, telephony)
    assert result.status == "failed"
    assert "duplicate" in (result.error or "") and "'Agent Notes'" in (result.error or "")
    assert rows(settings, "select count(*) from raw.ingest_manifest") == [(0,)]


def test_compressed_exports_in_landing_are_read_or_quarantined(settings, tmp_path: Path) -> None:
    """Was: a .csv.gz in the landing folder was ignored silently."""
    settings.ensure_dirs()
    plain = write_csv(tmp_path / "telephony_z.csv", [call("Z1"), call("Z2")])
    data = plain.read_bytes()
    (settings.landing_dir / "telephony_gz.csv.gz").write_bytes(gzip.compress(data))
    with zipfile.ZipFile(settings.landing_dir / "telephony_zip.csv.zip", "w") as archive:
        archive.writestr("telephony_zip.csv", data.replace(b"Z1", b"Y1").replace(b"Z2", b"Y2"))
    with zipfile.ZipFile(settings.landing_dir / "telephony_two.csv.zip", "w") as archive:
        archive.writestr("a.csv", data)
        archive.writestr("b.csv", data)
    assert len(list_landing(str(settings.landing_dir))) == 3
    report = ingest_landing(settings)
    assert len(report.new_file_ids) == 2 and report.rows_stored == 4
    [moved] = report.quarantined
    assert moved["file"].endswith("telephony_two.csv.zip")
    assert "2 files" in Path(moved["reason_file"]).read_text()
    ids = rows(settings, "select contact_id from raw.contacts order by 1")
    assert ids == [("Y1",), ("Y2",), ("Z1",), ("Z2",)]
