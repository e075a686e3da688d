"""Read a nested JSON export (``format: json``) into a polars frame of structs and lists.

Three layouts are read, as vendors write them:

- one record per line (JSON Lines; Amazon Connect contact records through Kinesis Firehose
  when a newline delimiter is set), read by ``pl.read_ndjson``;
- records written back to back with nothing between them (``{...}{...}``; Firehose's default),
  or one pretty-printed record per file (a Contact Lens analysis file), split with the standard
  library's ``json.JSONDecoder.raw_decode``;
- one JSON array of records (Open311 GeoReport v2 ``requests.json``).

Each frame gets ``__row``: the 1-based record number in the file. A record that is not valid
JSON (cut off mid-write, say) is returned as unparseable with its record number and line, and
reading starts again at the next line that opens a record at its first column. Records written
back to back on the damaged record's own line after it cannot be told apart from it: they are
rejected with it as one record (Firehose cuts a file only at its end, so this is rare).
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import polars as pl

from pipelines.ingest.readers import ROW, ReadError, ReadResult, decode

log = logging.getLogger(__name__)
_RAW_SAMPLE = 2000
_DECODER = json.JSONDecoder()


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _frame(records: list[dict[str, object]], rows: list[int], path: Path) -> pl.DataFrame:
    if not records:
        return pl.DataFrame({ROW: pl.Series([], dtype=pl.Int64)})
    try:
        frame = pl.from_dicts(records, infer_schema_length=None)
    except (pl.exceptions.PolarsError, TypeError, ValueError) as exc:
        raise ReadError(
            f"{path}: the records do not share one structure (a field has different types in "
            f"different records): {type(exc).__name__}"
        ) from exc
    return frame.with_columns(pl.Series(ROW, rows, dtype=pl.Int64))


def read_json_records(path: Path) -> ReadResult:
    """Every record of the file, with unparseable records kept apart (module docstring)."""
    path = Path(path)
    text = decode(path)
    stripped = text.strip()
    if not stripped:
        return ReadResult(pl.DataFrame({ROW: pl.Series([], dtype=pl.Int64)}))
    if stripped.startswith("["):
        return _read_array(path, stripped)
    lines = [line for line in text.split("\n") if line.strip()]
    if all(line.lstrip().startswith("{") and line.rstrip().endswith("}") for line in lines):
        try:  # fast path: one record per line
            frame = pl.read_ndjson(io.BytesIO(text.encode("utf-8")), infer_schema_length=None)
            return ReadResult(frame.with_columns(pl.int_range(1, frame.height + 1).alias(ROW)))
        except pl.exceptions.PolarsError:
            log.info("%s: not one valid record per line; reading record by record", path)
    return _read_concatenated(path, text)


def _read_array(path: Path, text: str) -> ReadResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"{path}: the JSON array is not valid JSON at line {exc.lineno} column {exc.colno} "
            f"({exc.msg}): the file is probably cut off; ask the source to send it again"
        ) from exc
    records: list[dict[str, object]] = []
    rows: list[int] = []
    bad: list[tuple[int, str, str]] = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            records.append(item)
            rows.append(number)
        else:
            bad.append((number, f"record {number}: is JSON but not an object", str(item)[:200]))
    return ReadResult(_frame(records, rows, path), bad)


def _read_concatenated(path: Path, text: str) -> ReadResult:
    records: list[dict[str, object]] = []
    rows: list[int] = []
    bad: list[tuple[int, str, str]] = []
    position, number = 0, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            break
        number += 1
        try:
            record, end = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            line = _line_of(text, position)
            resume = _next_record_start(text, exc.pos if exc.pos > position else position + 1)
            reason = (
                f"record {number} (starting on line {line}): not valid JSON ({exc.msg} at line "
                f"{exc.lineno} column {exc.colno}): the record is cut off or damaged; it is "
                "rejected and reading goes on from the next record"
            )
            bad.append((number, reason, text[position:resume][:_RAW_SAMPLE]))
            position = resume
            continue
        if isinstance(record, dict):
            records.append(record)
            rows.append(number)
        else:
            bad.append((number, f"record {number}: is JSON but not an object", str(record)[:200]))
        position = end
    if bad:
        log.warning("%s: %d record(s) could not be parsed and will be rejected", path, len(bad))
    return ReadResult(_frame(records, rows, path), bad)


def _next_record_start(text: str, after: int) -> int:
    """Where the next record starts: the next line that opens with ``{`` (else the end)."""
    at = after
    while True:
        newline = text.find("\n", at)
        if newline < 0:
            return len(text)
        if text.startswith("{", newline + 1):
            return newline + 1
        at = newline + 1
