"""Damaged, odd or repeated files: each is stored, rejected row by row, or refused whole, clearly.

For every file that is ingested, rows read = rows stored + rows rejected (``assert_accounted``).
A file refused whole adds nothing to the warehouse and is named in the error.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.ingest.files import IngestError, ingest_paths
from pipelines.ingest.mapping import MappingError, parse_mapping
from tests.faults.conftest import HEADER, call, ingest_file, rows, write_csv


def test_same_file_twice_adds_nothing(settings, telephony, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "telephony_a.csv", [call("A1"), call("A2")])
    first = ingest_file(settings, path, telephony)
    copy = shutil.copy(path, tmp_path / "telephony_a_again.csv")
    second = ingest_file(settings, Path(copy), telephony)
    assert (first.status, first.rows_stored) == ("ingested", 2)
    assert second.status == "skipped"
    assert rows(settings, "select count(*) from raw.contacts") == [(2,)]
    assert rows(settings, "select count(*) from raw.ingest_manifest") == [(1,)]


def test_overlapping_files_and_a_later_correction_are_all_kept_raw(
    settings, telephony, tmp_path: Path
) -> None:
    """Raw keeps every version; staging keeps the latest (tests/faults/test_pipeline_faults.py)."""
    first = write_csv(tmp_path / "telephony_1.csv", [call("O1"), call("O2")])
    second = write_csv(
        tmp_path / "telephony_2.csv",
        [
            call("O2", **{"Disposition": "Warm Transfer", "Last Modified": "03/03/2026 10:00:00"}),
            call("O3"),
        ],
    )
    for path in (first, second):
        assert ingest_file(settings, path, telephony).rows_stored == 2
    versions = rows(
        settings,
        "select outcome, updated_at is not null from raw.contacts where contact_id = 'O2' "
        "order by source_row_number desc",
    )
    assert sorted(versions) == [("resolved", False), ("transferred", True)]


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        ("O9,02/03/2026 09:00:00,02/03/20", "has 3 field(s), the header has 11"),
        ("O9,02/03/2026 09:00:00,02/03/2026 09:05:00,20,,Council tax,,", "has 8 field(s)"),
        (",".join(["O9", *[""] * 10]), "ends just after a delimiter"),
        ('O9,02/03/2026 09:00:00,,,,,,,,"Resident said', "may be cut off mid-row"),
    ],
    ids=["cut-mid-row", "cut-after-delimiter-short", "cut-after-last-delimiter", "cut-in-quote"],
)
def test_truncated_csv_never_yields_a_last_row_of_nulls(
    settings, telephony, tmp_path: Path, tail: str, reason: str
) -> None:
    path = write_csv(tmp_path / "telephony_cut.csv", [call("T1"), call("T2")])
    path.write_bytes(path.read_bytes() + tail.encode())  # no end of line: cut mid-write
    result = ingest_file(settings, path, telephony)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (3, 2, 1)
    [(number, why)] = rows(settings, "select source_row_number, reason from raw.rejected_rows")
    assert number == 3 and reason in why
    assert rows(settings, "select contact_id from raw.contacts order by 1") == [("T1",), ("T2",)]


def test_windows_1252_file_keeps_its_characters(settings, telephony, tmp_path: Path) -> None:
    path = tmp_path / "telephony_cp1252.csv"
    text = "Resident’s café bill: £45.50 – “urgent”"
    write_csv(path, [call("W1", Agent_Notes=text)])
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    result = ingest_file(settings, path, telephony)
    assert result.rows_stored == 1
    assert rows(settings, "select text_redacted from raw.contacts") == [(text,)]


def test_byte_order_mark_does_not_hide_the_first_column(
    settings, telephony, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "telephony_bom.csv", [call("B1")])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert ingest_file(settings, path, telephony).rows_stored == 1
    assert rows(settings, "select contact_id from raw.contacts") == [("B1",)]


def test_wrong_delimiter_is_refused_not_guessed(settings, telephony, tmp_path: Path) -> None:
    path = tmp_path / "telephony_semicolon.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(call("D1").values()) + "\n")
    result = ingest_file(settings, path, telephony)
    assert result.status == "failed"
    assert "looks ';'-delimited" in (result.error or "")
    assert rows(settings, "select count(*) from raw.ingest_manifest") == [(0,)]
    with pytest.raises(IngestError, match="telephony_semicolon.csv"):
        ingest_paths(settings, [path], mapping=telephony)


def test_empty_file_is_refused(settings, telephony, tmp_path: Path) -> None:
    path = tmp_path / "telephony_empty.csv"
    path.write_bytes(b"")
    result = ingest_file(settings, path, telephony)
    assert result.status == "failed" and "empty" in (result.error or "")


def test_header_only_file_is_ingested_as_zero_rows(settings, telephony, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "telephony_header.csv", [])
    result = ingest_file(settings, path, telephony)
    assert (result.status, result.rows_read, result.rows_stored) == ("ingested", 0, 0)
    assert rows(settings, "select rows_read from raw.ingest_manifest") == [(0,)]


def test_header_only_file_with_wrong_columns_is_refused(
    settings, telephony, tmp_path: Path
) -> None:
    path = tmp_path / "telephony_header.csv"
    path.write_text("id,when,notes\n")
    result = ingest_file(settings, path, telephony)
    assert result.status == "failed" and "Call ID" in (result.error or "")


def test_extra_column_is_ignored(settings, telephony, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "telephony_extra.csv",
        [{**call("E1"), "Agent Name": "Sam"}],
        header=[*HEADER, "Agent Name"],
    )
    assert ingest_file(settings, path, telephony).rows_stored == 1


def test_missing_required_column_is_refused_naming_it(settings, telephony, tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "Start Time"]
    path = write_csv(tmp_path / "telephony_missing.csv", [call("M1")], header=header)
    result = ingest_file(settings, path, telephony)
    assert result.status == "failed" and "Start Time" in (result.error or "")
    assert rows(settings, "select count(*) from raw.contacts") == [(0,)]


def test_renamed_column_is_handled_by_the_mapping(settings, tmp_path: Path) -> None:
    header = [("Call Start" if c == "Start Time" else c) for c in HEADER]
    source = call("R1")
    source["Call Start"] = source.pop("Start Time")
    path = write_csv(tmp_path / "renamed.csv", [source], header=header)
    mapping = parse_mapping(
        {
            "name": "telephony_v2",
            "source_system": "telephony",
            "format": "csv",
            "timestamp_formats": ["%d/%m/%Y %H:%M:%S"],
            "columns": {"contact_id": "Call ID", "started_at": "Call Start", "text": "Agent Notes"},
            "constants": {"channel": "phone"},
        }
    )
    assert ingest_file(settings, path, mapping).rows_stored == 1
    assert rows(settings, "select started_at is not null from raw.contacts") == [(True,)]


def test_unparseable_files_of_other_formats(settings, tmp_path: Path) -> None:
    parquet = tmp_path / "webchat.parquet"
    parquet.write_bytes(b"PAR1 this is not parquet")
    mapping = parse_mapping(
        {
            "name": "chat",
            "format": "parquet",
            "columns": {"contact_id": "id", "started_at": "t"},
            "constants": {"channel": "webchat"},
        }
    )
    result = ingest_file(settings, parquet, mapping)
    assert result.status == "failed" and "cannot be read as parquet" in (result.error or "")


TRAILER = r"^TOTAL RECORDS: (\d+)$"


@pytest.mark.parametrize(
    ("trailer_line", "cut_rows", "error"),
    [
        ("TOTAL RECORDS: 3", 0, None),  # whole: stored
        ("TOTAL RECORDS: 4", 0, "the trailer says 4 data row(s) but the file has 3"),
        (None, 1, "is not the trailer the mapping expects"),  # cut at a row boundary
    ],
)
def test_the_sources_row_count_is_checked_where_it_gives_one(
    settings, telephony, tmp_path: Path, trailer_line: str | None, cut_rows: int, error: str | None
) -> None:
    path = write_csv(tmp_path / "with_trailer.csv", [call(f"T{i}") for i in range(3 - cut_rows)])
    if trailer_line:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(trailer_line + "\n")
    result = ingest_file(settings, path, replace(telephony, csv_trailer=TRAILER))
    if error is None:
        assert result.status == "ingested" and result.rows_stored == 3
    else:
        assert result.status == "failed" and error in (result.error or "")
        assert rows(settings, "select count(*) from raw.contacts") == [(0,)]


def test_a_trailer_pattern_needs_one_group() -> None:
    base = {
        "name": "t",
        "format": "csv",
        "columns": {"contact_id": "Call ID", "started_at": "Start Time"},
        "constants": {"channel": "phone"},
    }
    assert parse_mapping({**base, "csv": {"trailer": TRAILER}}).csv_trailer == TRAILER
    with pytest.raises(MappingError, match="exactly one group"):
        parse_mapping({**base, "csv": {"trailer": r"^TOTAL RECORDS: \d+$"}})
