"""Read an export file (CSV, JSON Lines, Parquet) into a polars frame, keeping every row.

Each frame gets ``__row``: the 1-based number of the data row in the file (for a CSV with a
header, line ``__row + 1``; for JSON Lines, the line number). Lines that cannot be parsed at all
(broken JSON) come back separately so they can be rejected, not lost.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

log = logging.getLogger(__name__)
ROW = "__row"


class ReadError(ValueError):
    """The file cannot be read as the format its mapping says."""


@dataclass
class ReadResult:
    frame: pl.DataFrame
    unparseable: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw)

    @property
    def rows_read(self) -> int:
        return self.frame.height + len(self.unparseable)


def read_export(path: Path, file_format: str, csv_delimiter: str = ",") -> ReadResult:
    try:
        if file_format == "csv":
            frame = pl.read_csv(
                path,
                infer_schema=False,
                separator=csv_delimiter,
                encoding="utf8-lossy",
            )
            return ReadResult(_numbered(frame))
        if file_format == "parquet":
            return ReadResult(_numbered(pl.read_parquet(path)))
        if file_format == "jsonl":
            return _read_jsonl(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ReadError(f"{path}: cannot be read as {file_format}: {exc}") from exc
    raise ReadError(f"{path}: unknown format {file_format!r}")


def _numbered(frame: pl.DataFrame, rows: list[int] | None = None) -> pl.DataFrame:
    numbers = pl.Series(ROW, rows) if rows is not None else pl.int_range(1, frame.height + 1)
    return frame.with_columns(numbers.cast(pl.Int64).alias(ROW))


def _read_jsonl(path: Path) -> ReadResult:
    """Fast path through polars; if any line is broken, parse line by line to find it."""
    try:
        frame = pl.read_ndjson(path, infer_schema_length=None)
        blank_lines = _blank_line_numbers(path)
        if not blank_lines:
            return ReadResult(_numbered(frame))
    except pl.exceptions.PolarsError:
        log.info("%s: some lines are not valid JSON; reading line by line", path)
    records: list[dict[str, object]] = []
    rows: list[int] = []
    unparseable: list[tuple[int, str, str]] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                unparseable.append((number, f"line is not valid JSON: {exc.msg}", line[:2000]))
                continue
            if not isinstance(record, dict):
                unparseable.append((number, "line is JSON but not an object", line[:2000]))
                continue
            records.append(record)
            rows.append(number)
    frame = pl.from_dicts(records, infer_schema_length=None) if records else pl.DataFrame()
    return ReadResult(_numbered(frame, rows), unparseable)


def _blank_line_numbers(path: Path) -> list[int]:
    with path.open("rb") as handle:
        return [n for n, line in enumerate(handle, start=1) if not line.strip()]
