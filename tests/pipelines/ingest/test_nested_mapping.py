"""Nested mappings (paths, filters, computed fields, joins) and the nested JSON reader.

Records here are written by hand after the vendors' documented shapes, so every expected value
is computed by hand in the test. Ingest runs go through the CLI into a temporary workdir.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.ingest.json_records import read_json_records
from pipelines.ingest.mapping import MappingError, parse_mapping
from pipelines.ingest.nested_read import read_mapped
from pipelines.ingest.vendor_samples import ctr_record

GENESYS_LIKE = {
    "conversationId": "conv-1",
    "conversationStart": "2026-11-23T09:00:00.000Z",
    "conversationEnd": "2026-11-23T09:07:30.500Z",
    "participants": [
        {"purpose": "ivr", "sessions": [{"ani": "tel:+441632960001", "mediaType": "voice"}]},
        {
            "purpose": "customer",
            "sessions": [
                {"ani": "tel:+447700900123", "mediaType": "voice"},
                {"ani": "tel:+447700900999", "mediaType": "voice"},
            ],
        },
        {
            "purpose": "agent",
            "sessions": [
                {
                    "mediaType": "voice",
                    "segments": [
                        {"segmentType": "interact", "wrapUpCode": None},
                        {"segmentType": "wrapup", "wrapUpCode": "wc-42"},
                    ],
                }
            ],
        },
    ],
}


def _mapping(extra: dict[str, object]) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "test_nested",
        "format": "json",
        "timezone": "UTC",
        "columns": {
            "contact_id": "conversationId",
            "started_at": "conversationStart",
            "channel": "participants[purpose=customer][0].sessions[0].mediaType",
        },
        "values": {"channel": {"voice": "phone"}},
    }
    base.update(extra)
    return base


def _write(path: Path, records: list[dict[str, object]], separator: str = "\n") -> Path:
    path.write_text(separator.join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_paths_filters_and_computed_fields(tmp_path: Path) -> None:
    mapping = parse_mapping(
        _mapping(
            {
                "fields": {
                    "talk": {"seconds_between": ["conversationStart", "conversationEnd"]},
                    "last_wrap": "participants[purpose=agent][0].sessions[0].segments[-1]"
                    ".wrapUpCode",
                },
                "columns": {
                    "contact_id": "conversationId",
                    "started_at": "conversationStart",
                    "channel": "participants[purpose=customer][0].sessions[0].mediaType",
                    "caller_ref": "participants[purpose=customer][0].sessions[0].ani",
                    "handle_seconds": "talk",
                    "wrap_up_code": "last_wrap",
                },
            }
        )
    )
    read = read_mapped(_write(tmp_path / "conv.json", [GENESYS_LIKE]), mapping)
    row = read.frame.row(0, named=True)
    # the customer participant's FIRST session, not the IVR's and not the second session
    assert row["participants[purpose=customer][0].sessions[0].ani"] == "tel:+447700900123"
    assert row["participants[purpose=customer][0].sessions[0].mediaType"] == "voice"
    # 09:00:00.000 -> 09:07:30.500 is 450.5 s: whole seconds, 450
    assert row["talk"] == 450
    # the LAST segment's wrap-up code
    assert row["last_wrap"] == "wc-42"
    assert row["conversationStart"] == "2026-11-23T09:00:00.000+00:00"  # Z read as UTC


def test_transcript_keeps_customer_turns_only(tmp_path: Path) -> None:
    record = {
        "ContactId": "c1",
        "InitiationTimestamp": "2026-11-23T10:00:00Z",
        "Channel": "VOICE",
        "Transcript": [
            {"ParticipantId": "AGENT", "Content": "Hello, my name is Agent Sam."},
            {"ParticipantId": "CUSTOMER", "Content": "My bin was not emptied."},
            {"ParticipantId": "AGENT", "Content": "Let me check."},
            {"ParticipantId": "CUSTOMER", "Content": "It is the blue one."},
        ],
    }
    mapping = parse_mapping(
        {
            "name": "t",
            "format": "json",
            "fields": {"said": {"join": "Transcript[ParticipantId=CUSTOMER].Content"}},
            "columns": {
                "contact_id": "ContactId",
                "started_at": "InitiationTimestamp",
                "channel": "Channel",
                "text": "said",
            },
            "values": {"channel": {"VOICE": "phone"}},
        }
    )
    frame = read_mapped(_write(tmp_path / "t.json", [record]), mapping).frame
    assert frame["said"].to_list() == ["My bin was not emptied. It is the blue one."]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("Queue.Nme", "'Queue' has no field 'Nme'; it has: Name, ARN"),
        ("Queu.Name", "the records have no field 'Queu'; top-level fields found: ContactId"),
        ("ContactId[0]", "'ContactId' is a value (String), not a list"),
        ("Queue", "gives a record with fields Name, ARN, not one value"),
        ("Transcript.Content", "gives a list of a value (String), not one value"),
    ],
)
def test_bad_path_names_file_path_and_what_was_found(
    tmp_path: Path, column: str, message: str
) -> None:
    record = {
        "ContactId": "c1",
        "InitiationTimestamp": "2026-11-23T10:00:00Z",
        "Channel": "VOICE",
        "Queue": {"Name": "Housing", "ARN": "arn:q"},
        "Transcript": [{"ParticipantId": "CUSTOMER", "Content": "hi"}],
    }
    path = _write(tmp_path / "ctr.json", [record])
    data = _mapping({})
    data["columns"] = {
        "contact_id": "ContactId",
        "started_at": "InitiationTimestamp",
        "channel": "Channel",
        "queue": column,
    }
    with pytest.raises(MappingError) as caught:
        read_mapped(path, parse_mapping(data))
    text = str(caught.value)
    assert str(path) in text and "columns.queue" in text and message in text


def test_mapping_file_rules_are_checked_at_load() -> None:
    with pytest.raises(MappingError, match=r"key 'fields.talk.seconds_between' must be two paths"):
        parse_mapping(_mapping({"fields": {"talk": {"seconds_between": ["a"]}}}))
    with pytest.raises(MappingError, match=r"join_files entry 1 needs 'export_key'"):
        parse_mapping(_mapping({"join_files": [{"name": "x", "files": "*.json", "key": "k"}]}))
    with pytest.raises(MappingError, match=r"path 'a\[b' is not a path"):
        parse_mapping(_mapping({"fields": {"x": "a[b"}}))


def test_concatenated_records_and_a_truncated_one(tmp_path: Path) -> None:
    good = [{"ContactId": f"c{n}", "Queue": {"Name": "Q"}} for n in range(3)]
    text = "".join(json.dumps(r) for r in good)  # Firehose: back to back, no separator
    path = tmp_path / "ctr.json"
    path.write_text(text + "\n" + json.dumps(good[0])[:20], encoding="utf-8")
    read = read_json_records(path)
    assert read.frame["ContactId"].to_list() == ["c0", "c1", "c2"]
    assert read.frame["__row"].to_list() == [1, 2, 3]
    assert len(read.unparseable) == 1
    number, reason, _raw = read.unparseable[0]
    assert number == 4
    assert reason.startswith("record 4 (starting on line 2): not valid JSON")
    assert read.rows_read == 4
    # a JSON array (Open311 requests.json) reads as one record per element
    array = tmp_path / "requests.json"
    array.write_text(json.dumps([{"service_request_id": "1"}, {"service_request_id": "2"}]))
    assert read_json_records(array).frame["service_request_id"].to_list() == ["1", "2"]


def test_bad_records_are_rejected_with_reasons(tmp_path: Path) -> None:
    """A truncated record and an unknown channel: rows read = stored + rejected, and each
    reject is in raw.rejected_rows with a reason naming the record."""
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    records = [
        ctr_record(
            f"c{n}", channel, start, start + timedelta(minutes=5), 30, 200, "Housing",
            "HSG - Repairs", "Callback Booked", "+447700900123",
        )
        for n, channel in enumerate(["VOICE", "CHAT", "SMS", "VOICE"])
    ]  # fmt: skip
    landing = tmp_path / "land"
    landing.mkdir()
    body = "\n".join(json.dumps(r) for r in records)
    (landing / "connect-ctr-bad.json").write_text(body + "\n" + body.split("\n")[0][:40])
    workdir = tmp_path / "work"
    assert main(["ingest", "--workdir", str(workdir), str(landing)]) == 0
    with duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True) as con:
        manifest = con.execute(
            "select rows_read, rows_stored, rows_rejected from raw.ingest_manifest"
        ).fetchall()
        rejects = con.execute(
            "select source_row_number, reason from raw.rejected_rows order by 1"
        ).fetchall()
        stored = con.execute(
            "select count(*), count(caller_pseudonym) from raw.contacts"
        ).fetchone()
    assert manifest == [(5, 3, 2)]
    assert [r[0] for r in rejects] == [3, 5]
    assert "is not a known channel" in rejects[0][1]
    assert "record 5" in rejects[1][1] and "not valid JSON" in rejects[1][1]
    assert stored == (3, 3)


def test_json_records_keep_nested_types(tmp_path: Path) -> None:
    frame = read_json_records(_write(tmp_path / "g.json", [GENESYS_LIKE])).frame
    assert isinstance(frame.schema["participants"], pl.List)
    assert isinstance(frame.schema["participants"].inner, pl.Struct)
