"""Helpers for the fault-injection tests: write telephony exports, ingest, check the accounts."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from pipelines.generator.exports import TELEPHONY_COLUMNS
from pipelines.ingest.files import FileResult, ingest_paths
from pipelines.ingest.mapping import Mapping, resolve_mapping
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse

# The telephony export's columns, as the generator writes them.
HEADER = list(TELEPHONY_COLUMNS)


def call(call_id: str, **fields: str) -> dict[str, str]:
    """One telephony row (source column names); keyword arguments override by column name."""
    row = {
        "Call ID": call_id,
        "Start Time": "02/03/2026 09:00:00",
        "End Time": "02/03/2026 09:05:00",
        "Queue Time (s)": "20",
        "Handle Time (s)": "",
        "IVR Option": "Council tax",
        "Wrap Code": "",
        "Disposition": "Resolved - FCR",
        "CLI": "07700 900123",
        "Agent Notes": f"Resident asked about their bill ({call_id})",
        "Last Modified": "",
    }
    row.update({key.replace("_", " "): value for key, value in fields.items()})
    return row


def chat(chat_id: str, transcript: str) -> dict[str, object]:
    """One valid webchat record (the council_webchat preset's fields)."""
    return {
        "chat_id": chat_id,
        "platform": "web",
        "started": "2026-03-02T09:00:00+00:00",
        "ended": "2026-03-02T09:05:00+00:00",
        "queue_seconds": 10,
        "department": "Waste",
        "tag": None,
        "status": "closed_resolved",
        "visitor": "v1",
        "transcript": transcript,
        "last_updated": None,
    }


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    """A well-formed telephony CSV (UTF-8, comma, CRLF-free)."""
    columns = header or HEADER
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


@pytest.fixture
def telephony() -> Mapping:
    return resolve_mapping("council_telephony")


def ingest_file(settings: Settings, path: Path, mapping: Mapping) -> FileResult:
    """Ingest one file (failures reported, not raised) and check its accounts."""
    result = ingest_paths(settings, [path], mapping=mapping, raise_on_failure=False).files[0]
    assert_accounted(settings)
    return result


def assert_accounted(settings: Settings) -> None:
    """For every file in the manifest: rows read = rows stored + rows rejected, as stored."""
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        broken = con.execute("""
            select manifest.file_path, rows_read, rows_stored, rows_rejected,
                   coalesce(stored.n, 0), coalesce(rejected.n, 0)
            from raw.ingest_manifest as manifest
            left join (select ingest_file_id, count(*) as n from raw.contacts group by 1) as stored
                using (ingest_file_id)
            left join (select ingest_file_id, count(*) as n from raw.rejected_rows group by 1)
                as rejected using (ingest_file_id)
            where rows_read <> rows_stored + rows_rejected
               or rows_stored <> coalesce(stored.n, 0) or rows_rejected <> coalesce(rejected.n, 0)
        """).fetchall()
        orphans = con.execute("""
            select count(*) from raw.contacts
            where ingest_file_id not in (select ingest_file_id from raw.ingest_manifest)
        """).fetchone()[0]
    assert not broken, f"row accounting broken: {broken}"
    assert orphans == 0, "contacts stored without a manifest row"


def independent_count(path: Path) -> int:
    """The records in a file counted without any parser, from its bytes.

    JSON Lines: the non-blank lines split on "\n" only. CSV: physical lines (ending at "\n",
    "\r\n" or "\r", as CSV readers take them), joined while the quotes seen so far are odd (a
    quoted value with line breaks in it is one record), blank ones skipped, less the header. A
    quote that never closes counts as the one line it is on (the reader rejects that line and
    reads on). Counting physical lines alone is fooled by a valid quoted value with a line
    break (``test_count_faults.py`` shows it)."""
    data = path.read_bytes()
    if path.suffix.lower() != ".csv":
        return sum(1 for line in data.split(b"\n") if line.strip())
    lines = re.split(rb"\r\n|\r|\n", data)  # a CSV line ends at any of them
    count, index = 0, 0
    while index < len(lines):
        end, quotes = index, lines[index].count(b'"')
        while quotes % 2 and end + 1 < len(lines):
            end += 1
            quotes += lines[end].count(b'"')
        if quotes % 2:  # never closed: this line alone
            end = index
        if b"".join(lines[index : end + 1]):
            count += 1
        index = end + 1
    return count - 1


def assert_counted(path: Path, result: FileResult) -> None:
    """Red-team check: rows read = stored + rejected = the file's records, counted independently,
    so a parser that swallows records cannot report a smaller "read" and still balance."""
    assert result.rows_read == result.rows_stored + result.rows_rejected, result
    assert result.rows_read == independent_count(path), (
        f"{path.name}: read {result.rows_read}, but the file has {independent_count(path)} records"
    )


def rows(settings: Settings, sql: str) -> list[tuple]:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return con.execute(sql).fetchall()
