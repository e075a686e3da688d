"""Read an export file (CSV, JSON Lines, Parquet) into a polars frame, keeping every row.

Each frame gets ``__row``: the 1-based number of the data row in the file (for a CSV, the
record after the header, blank lines not counted; for JSON Lines, the line number). Rows that
cannot be parsed (a CSV row with the wrong number of fields, a last row cut short, a broken JSON
line) come back separately with a reason so they can be rejected, not lost.

Defences against damaged files (each is a test in ``tests/faults/``):

- Encoding: UTF-8 with or without a byte-order mark; a file that is not valid UTF-8 is read as
  Windows-1252 (what Excel and older Windows systems write), with a warning.
- Delimiter: the mapping's declared delimiter wins. A header with none of it but with another
  common delimiter is refused (auto-detection would silently accept it).
- Truncation: a CSV row with fewer fields than the header is rejected, and so is a last row that
  ends just after a delimiter with no end-of-line (a file cut mid-write), and a file that ends
  inside a quoted field.
- A stray quote in a value (``"cust said "bin" not emptied``, or a quote that opens a field and
  never closes) rejects the physical line where its record starts, and parsing starts again on
  the next line: no record after it is swallowed into one reject.
- A header that names a column twice is refused, naming the duplicate.
- JSON Lines are split on ``\n`` only: U+2028, U+2029 and U+0085 inside strings are text.
- ``.gz`` files are decompressed; a ``.zip`` must hold exactly one file, which is read.
- An empty file (no header) is refused; a header-only file reads as zero rows.
- Records are also counted without the ``csv`` module (quote parity per line,
  ``recount.py``); a file the parser read fewer records from is refused, never under-counted.
- ``.gz`` and ``.zip`` exports are expanded up to a cap (``compressed.py``); a larger one is
  refused as a possible zip bomb.
- Row count: where the source writes one in a trailer line (the mapping's ``csv.trailer``), the
  trailer must be there and its count must equal the rows read. This also catches a file cut
  exactly at the end of a row, which no field count can.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.ingest.compressed import (
    COMPRESSED_SUFFIXES,
    CompressedError,
    read_bytes,
    uncompressed_name,
)
from pipelines.ingest.recount import count_csv_records
from pipelines.ingest.shown import looks_like_header, safe_message

log = logging.getLogger(__name__)
ROW = "__row"
_OTHER_DELIMITERS = (",", ";", "\t", "|")
_RAW_SAMPLE = 2000
_MAX_FIELD_CHARS = 1 << 28  # 256 MB: the csv module's default (128 KB) would refuse long notes
csv.field_size_limit(_MAX_FIELD_CHARS)


class ReadError(ValueError):
    """The file cannot be read as the format its mapping says."""


__all__ = ["COMPRESSED_SUFFIXES", "ReadError", "ReadResult", "read_bytes", "uncompressed_name"]


@dataclass
class ReadResult:
    frame: pl.DataFrame
    unparseable: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw)

    @property
    def rows_read(self) -> int:
        return self.frame.height + len(self.unparseable)


def read_export(
    path: Path, file_format: str, csv_delimiter: str = ",", csv_trailer: str | None = None
) -> ReadResult:
    path = Path(path)
    try:
        if file_format == "csv":
            return _read_csv(path, csv_delimiter, csv_trailer)
        if file_format == "parquet":
            return ReadResult(_numbered(pl.read_parquet(io.BytesIO(read_bytes(path)))))
        if file_format == "jsonl":
            return _read_jsonl(path)
    except CompressedError as exc:
        raise ReadError(str(exc)) from exc
    except (pl.exceptions.PolarsError, OSError, EOFError, zipfile.BadZipFile) as exc:
        # a library's message can quote the value it failed on: safe_message leaves it out
        raise ReadError(f"{path}: cannot be read as {file_format}: {safe_message(exc)}") from exc
    raise ReadError(f"{path}: unknown format {file_format!r}")


# A valid UTF-8 multi-byte sequence (2, 3 or 4 bytes).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode(path: Path) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped).

    The rule for a file that is not valid UTF-8: if it holds at least one valid UTF-8
    multi-byte sequence, it is UTF-8 with a few bad bytes. Those bytes become U+FFFD and a
    warning names each line; the rest of the file keeps its text. Only a file with no valid
    multi-byte sequence at all (a genuine Windows-1252 / Latin-1 export) is read as
    Windows-1252, with a warning.
    """
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data) is None:
            log.warning(
                "%s: not valid UTF-8 (byte %d); reading it as Windows-1252", path, exc.start
            )
            return data.decode("cp1252", errors="replace")
    text = data.decode("utf-8-sig", errors="replace")
    bad = [n for n, line in enumerate(text.split("\n"), start=1) if "\ufffd" in line]
    log.warning(
        "%s: UTF-8 with bytes that are not valid UTF-8 on line(s) %s: replaced by U+FFFD there; "
        "the rest of the file is read as UTF-8",
        path,
        ", ".join(map(str, bad[:20])) + (" ..." if len(bad) > 20 else ""),
    )
    return text


def _numbered(frame: pl.DataFrame, rows: list[int] | None = None) -> pl.DataFrame:
    numbers = pl.Series(ROW, rows) if rows is not None else pl.int_range(1, frame.height + 1)
    return frame.with_columns(numbers.cast(pl.Int64).alias(ROW))


def _check_delimiter(path: Path, header: str, delimiter: str) -> None:
    if delimiter in header:
        return
    found = [d for d in _OTHER_DELIMITERS if d != delimiter and d in header]
    if found:
        raise ReadError(
            f"{path}: the header has no {delimiter!r} (the mapping's delimiter) but has "
            f"{found[0]!r}: the file looks {found[0]!r}-delimited. Fix the export or set "
            "csv.delimiter in the mapping."
        )


def _records(text: str, delimiter: str) -> Iterator[tuple[list[str], int, str | None]]:
    """(fields, line number where the record ends, None) for each CSV record.

    Where a record cannot be parsed (a stray quote, a quote that never closes, a file cut inside
    quotes), yields ``([that line], its line number, reason)`` for the physical line where the
    record starts, then parses again from the next line. So every physical line is either in a
    record or rejected: damage never swallows the rest of the file.
    """
    lines = io.StringIO(text, newline="").readlines()
    start = 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]), delimiter=delimiter, strict=True)
        done = 0
        try:
            for record in reader:
                done = reader.line_num
                yield record, start + done, None
            return
        except csv.Error as exc:
            bad = start + done + 1  # the line where the damaged record starts (1-based)
            reason = (
                f"line {bad}: {exc} (a stray quote in a value, or the file may be cut off "
                "mid-row); this line is rejected and reading goes on from the next line"
            )
            yield [lines[bad - 1].rstrip("\r\n")], bad, reason
            start = bad


def _split_trailer(path: Path, text: str, trailer: str) -> tuple[str, int]:
    """(the text without its trailer line, the row count the trailer gives)."""
    body = text.rstrip("\r\n")
    cut = max(body.rfind("\n"), body.rfind("\r"))
    last = body[cut + 1 :]
    found = re.search(trailer, last.strip())
    if found is None:
        raise ReadError(
            f"{path}: the last line ({len(last)} characters, not shown: it may be a data row) "
            f"is not the trailer the mapping expects ({trailer!r}): the file is probably cut "
            "off; ask the source to send it again"
        )
    return body[: cut + 1], int(found.group(1))


def _check_count(path: Path, result: ReadResult, declared: int | None) -> ReadResult:
    if declared is not None and result.rows_read != declared:
        raise ReadError(
            f"{path}: the trailer says {declared} data row(s) but the file has "
            f"{result.rows_read}: rows are missing or extra; ask the source to send it again"
        )
    return result


def _read_csv(path: Path, delimiter: str, trailer: str | None = None) -> ReadResult:
    """Check every record's field count with the csv module; build the frame in polars.

    The first pass keeps only field counts, so a large whole file costs little memory and goes
    to polars (fast path). Only a damaged file is parsed again, keeping its whole records and
    returning the others as unparseable. Blank lines are not rows.
    """
    text = decode(path)
    if not text.strip():
        raise ReadError(f"{path}: the file is empty (expected at least a header row)")
    declared = None
    if trailer is not None:
        text, declared = _split_trailer(path, text, trailer)
    _check_delimiter(path, text.split("\n", 1)[0], delimiter)
    header: list[str] | None = None
    counts: list[int] = []
    damaged, last_field = False, ""
    for record, _line, error in _records(text, delimiter):
        if header is None:
            if error is not None:
                raise ReadError(f"{path}: the header row cannot be parsed: {error}")
            header = record
        elif error is not None:
            damaged = True
            counts.append(-1)
        elif record:
            counts.append(len(record))
            last_field = record[-1]
    if header is None:
        raise ReadError(f"{path}: the header row cannot be parsed")
    _check_header(path, header)
    width = len(header)
    # A file cut just after a delimiter parses as a whole row ending in an empty field.
    cut_after_delimiter = (
        bool(counts) and counts[-1] >= 0 and last_field == "" and not text.endswith(("\n", "\r"))
    )
    if not damaged and not cut_after_delimiter and all(c == width for c in counts):
        try:
            frame = pl.read_csv(
                io.BytesIO(text.encode("utf-8")), infer_schema=False, separator=delimiter
            )
        except pl.exceptions.PolarsError:  # its message quotes rows: read on in Python instead
            log.info("%s: polars cannot parse it; reading it record by record", path)
            frame = None
        if frame is not None and frame.height == len(counts):  # polars keeps blank lines
            return _check_count(path, _recount(path, text, ReadResult(_numbered(frame))), declared)
    damaged_result = _read_damaged_csv(
        path, text, delimiter, header, len(counts), cut_after_delimiter
    )
    return _check_count(path, _recount(path, text, damaged_result), declared)


def _recount(path: Path, text: str, result: ReadResult) -> ReadResult:
    """Refuse the file when the parser read fewer records than a count without it finds.

    The count (``recount.count_csv_records``) uses quote parity per line, so a valid quoted
    value with line breaks in it is one record. It can find fewer records than the parser (a
    lone quote inside an unquoted value, such as 5" for inches, is literal to the parser), never
    more unless the parser swallowed records: only that case is refused.
    """
    counted = count_csv_records(text) - 1  # less the header
    if result.rows_read < counted:
        raise ReadError(
            f"{path}: the parser read {result.rows_read} record(s) but the file has {counted} "
            "(counted independently from its line breaks and quotes): the file is refused "
            "rather than lose rows; look for a stray or unbalanced quote"
        )
    return result


def _check_header(path: Path, header: list[str]) -> None:
    """Refuse a header that names a column twice (a reader would drop or rename one)."""
    seen: set[str] = set()
    duplicates = [name for name in header if name in seen or seen.add(name)]
    if duplicates:
        named = dict.fromkeys(duplicates)
        which = (
            ", ".join(repr(d) for d in named)
            if looks_like_header(header)
            else f"{len(named)} (not shown: the first line does not look like a header)"
        )
        raise ReadError(
            f"{path}: the header has duplicate column name(s) {which}: each column must have "
            "its own name; fix the export"
        )


def _read_damaged_csv(
    path: Path,
    text: str,
    delimiter: str,
    header: list[str],
    total: int,
    cut_after_delimiter: bool,
) -> ReadResult:
    good: list[list[str]] = []
    rows: list[int] = []
    bad: list[tuple[int, str, str]] = []
    width, number = len(header), 0
    records = _records(text, delimiter)
    next(records)  # the header
    for record, last_line, error in records:
        if not record:
            continue
        number += 1
        raw = delimiter.join(record)[:_RAW_SAMPLE]
        if error is not None:
            bad.append((number, error, raw))
        elif len(record) != width:
            reason = (
                f"line {last_line}: has {len(record)} field(s), the header has {width} "
                "(a row cut short, or an unquoted delimiter in a value)"
            )
            bad.append((number, reason, raw))
        elif cut_after_delimiter and number == total:
            reason = (
                f"line {last_line}: the file ends just after a delimiter with no end of "
                "line; the last row is probably cut off"
            )
            bad.append((number, reason, raw))
        else:
            good.append(record)
            rows.append(number)
    frame = pl.DataFrame(
        [pl.Series(name, [r[i] for r in good], dtype=pl.Utf8) for i, name in enumerate(header)]
    )
    frame = frame.with_columns(pl.all().replace("", None))  # as polars reads empty fields
    log.warning("%s: %d row(s) could not be parsed and will be rejected", path, len(bad))
    return ReadResult(_numbered(frame, rows), bad)


def _read_jsonl(path: Path) -> ReadResult:
    """Fast path through polars; if any line is broken, parse line by line to find it."""
    text = decode(path)
    # "\n" only: str.splitlines() would also split at U+2028, U+2029 and U+0085 inside strings
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    if not any(line.strip() for line in lines):
        return ReadResult(_numbered(pl.DataFrame()))
    if all(line.strip() for line in lines):
        try:
            frame = pl.read_ndjson(io.BytesIO(text.encode("utf-8")), infer_schema_length=None)
            return ReadResult(_numbered(frame))
        except pl.exceptions.PolarsError:
            log.info("%s: some lines are not valid JSON; reading line by line", path)
    records: list[dict[str, object]] = []
    rows: list[int] = []
    unparseable: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            unparseable.append((number, f"line is not valid JSON: {exc.msg}", line[:_RAW_SAMPLE]))
            continue
        if not isinstance(record, dict):
            unparseable.append((number, "line is JSON but not an object", line[:_RAW_SAMPLE]))
            continue
        records.append(record)
        rows.append(number)
    frame = pl.from_dicts(records, infer_schema_length=None) if records else pl.DataFrame()
    return ReadResult(_numbered(frame, rows), unparseable)
