"""``contact-topics redact``: redact one text column of a file, and count what was removed.

    contact-topics redact --input notes.csv --text-column notes --output notes_redacted.csv

The output has the input's columns, with the text column replaced by its redacted text (the
original is not kept), and two more: ``vulnerability_flag`` (true/false: the original text holds a
safeguarding marker) and ``vulnerability_categories`` (the matched marker categories,
``;``-separated, empty when none), so a file can be checked for disclosures without a
warehouse. CSV, JSON Lines and Parquet are read and written, chosen by file suffix.
In CSV output, any text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import argparse
import io
import logging
from collections.abc import Callable
from pathlib import Path

import polars as pl

from pipelines.ingest import decode
from pipelines.privacy import redact_series
from pipelines.privacy.safeguarding import vulnerability_categories_expr, vulnerability_flag_expr
from pipelines.publish import excel_safe

log = logging.getLogger(__name__)

FLAG_COLUMNS = ("vulnerability_flag", "vulnerability_categories")


class RedactFileError(ValueError):
    """The input or output file cannot be used."""


def read_table(path: Path) -> pl.DataFrame:
    """A CSV (UTF-8 or Windows-1252), JSON Lines or Parquet file, all CSV columns as text."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RedactFileError(f"no such input file: {path}")
    if suffix == ".csv":
        text = decode(path)
        return pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False)
    if suffix in (".jsonl", ".ndjson"):
        text = decode(path)
        return pl.read_ndjson(io.BytesIO(text.encode("utf-8")), infer_schema_length=None)
    if suffix == ".parquet":
        return pl.read_parquet(path)
    raise RedactFileError(f"{path}: unknown file type {suffix!r} (expected .csv, .jsonl, .parquet)")


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Write by suffix, to a temporary name first so a half-written file is never left."""
    suffix = path.suffix.lower()
    writers: dict[str, Callable[[Path], None]] = {
        ".csv": lambda p: excel_safe(frame).write_csv(p),
        ".jsonl": frame.write_ndjson,
        ".ndjson": frame.write_ndjson,
        ".parquet": frame.write_parquet,
    }
    if suffix not in writers:
        raise RedactFileError(
            f"{path}: unknown file type {suffix!r} (expected .csv, .jsonl, .parquet)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    writers[suffix](tmp)
    tmp.replace(path)


def redact_file(
    input_path: Path,
    text_column: str,
    output_path: Path,
    extra_patterns: dict[str, str] | None = None,
) -> dict[str, int]:
    """Redact ``text_column`` of ``input_path`` into ``output_path``, adding the two flag columns.

    Returns the count of each placeholder, and under ``"vulnerability_flag"`` the flagged rows.
    """
    if input_path.resolve() == output_path.resolve():
        raise RedactFileError("--output must differ from --input (the original is kept)")
    frame = read_table(input_path)
    if text_column not in frame.columns:
        raise RedactFileError(
            f"{input_path}: no column {text_column!r}; the file has {frame.columns}"
        )
    clash = [name for name in FLAG_COLUMNS if name in frame.columns and name != text_column]
    if clash:
        raise RedactFileError(
            f"{input_path}: already has column(s) {clash}, which redact adds; rename them first"
        )
    # The markers are read from the original text, before it is redacted.
    flags = frame.select(
        vulnerability_flag_expr(text_column).alias(FLAG_COLUMNS[0]),
        vulnerability_categories_expr(text_column).alias(FLAG_COLUMNS[1]),
    )
    redacted, counts = redact_series(frame.get_column(text_column).cast(pl.Utf8), extra_patterns)
    write_table(
        pl.concat([frame.with_columns(redacted.alias(text_column)), flags], how="horizontal"),
        output_path,
    )
    log.info("redacted %d row(s) of %s -> %s", frame.height, input_path, output_path)
    counts["vulnerability_flag"] = int(flags.get_column(FLAG_COLUMNS[0]).sum())
    return counts


def _parse_extra(values: list[str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for value in values:
        kind, sep, pattern = value.partition("=")
        if not sep or not pattern:
            raise RedactFileError(f"--pattern {value!r}: expected TYPE=REGEX")
        extra[kind.strip()] = pattern
    return extra


def cmd_redact(args: argparse.Namespace) -> int:
    counts = redact_file(
        Path(args.input), args.text_column, Path(args.output), _parse_extra(args.pattern)
    )
    flagged = counts.pop("vulnerability_flag")
    width = max(len(k) for k in counts)
    for placeholder, count in counts.items():
        print(f"{placeholder:<{width}}  {count:>9,}")
    print(f"{'total':<{width}}  {sum(counts.values()):>9,}")
    print(f"rows with a safeguarding marker (vulnerability_flag): {flagged:,}")
    print(f"written to {args.output}")
    return 0


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    with_workdir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Add ``redact`` to the command line (it needs no work directory)."""
    parser = subparsers.add_parser(
        "redact", help="redact personal data in one text column of a CSV/JSONL/Parquet file"
    )
    parser.add_argument("--input", required=True, help="CSV, JSON Lines or Parquet file")
    parser.add_argument("--text-column", required=True, help="the column to redact")
    parser.add_argument("--output", required=True, help="where to write (.csv, .jsonl, .parquet)")
    parser.add_argument(
        "--pattern",
        action="append",
        default=[],
        metavar="TYPE=REGEX",
        help="an extra pattern, e.g. PLANNING_REF='\\b\\d{2}/\\d{5}/[A-Z]{2,4}\\b' (repeatable)",
    )
    parser.set_defaults(func=cmd_redact)
