"""Read any export as its mapping says, flattening nested records into the mapped columns.

Flat formats (csv, jsonl, parquet) without ``fields`` or ``join_files`` read exactly as before
(``readers.read_export``). A ``json`` export (or a flat one with nested values) is read into
polars structs and lists, the mapping's ``join_files`` are joined by key, and every source named
in ``columns`` is evaluated as a path or a computed field (``nested.py``). The result has one
flat column per name used in ``columns`` plus ``__row``, so the conform step, the redactor and
the pseudonymiser treat it exactly as a flat file: transcript text reaches ``text`` and goes
through the same redaction as any note, and a caller number reached by path
(``CustomerEndpoint.Address``) is pseudonymised as ``caller_ref``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl

from pipelines.ingest.json_records import read_json_records
from pipelines.ingest.mapping import Mapping
from pipelines.ingest.mapping_schema import MappingError
from pipelines.ingest.nested import TIMESTAMP_TARGETS, describe, field_expr
from pipelines.ingest.readers import ROW, ReadError, ReadResult, read_export
from pipelines.ingest.xml_records import read_xml_records

log = logging.getLogger(__name__)
NESTED_FORMATS = ("json", "xml")


def is_nested(mapping: Mapping) -> bool:
    return mapping.format in NESTED_FORMATS or bool(mapping.fields) or bool(mapping.join_files)


def read_raw(path: Path, file_format: str, mapping: Mapping | None = None) -> ReadResult:
    """The file's records as read, nested values kept as structs and lists."""
    if file_format == "json":
        return read_json_records(path)
    if file_format == "xml":
        return read_xml_records(path)
    if mapping is not None:
        return read_export(path, file_format, mapping.csv_delimiter, mapping.csv_trailer)
    return read_export(path, file_format)


def read_mapped(path: Path, mapping: Mapping) -> ReadResult:
    """The file as flat columns named as in ``mapping.columns`` (module docstring)."""
    path = Path(path)
    if not is_nested(mapping):
        return read_export(path, mapping.format, mapping.csv_delimiter, mapping.csv_trailer)
    try:
        read = read_raw(path, mapping.format, mapping)
    except pl.exceptions.PolarsError as exc:
        raise ReadError(
            f"{path}: cannot be read as {mapping.format}: {type(exc).__name__}"
        ) from exc
    frame = read.frame
    if frame.height == 0:
        return read
    for join in mapping.join_files:
        frame = _join(frame, join, path, mapping)
    return ReadResult(flatten(frame, mapping, str(path)), read.unparseable)


def flatten(frame: pl.DataFrame, mapping: Mapping, file_label: str) -> pl.DataFrame:
    """One column per source named in ``columns`` (a ``fields`` name or a path), plus ROW."""
    wanted: dict[str, str] = {}  # output column -> contract field that uses it
    for target, source in mapping.columns.items():
        wanted.setdefault(source, target)
    for source in mapping.text_columns:
        wanted.setdefault(source, "text")
    schema = frame.schema
    exprs = [pl.col(ROW)]
    for source, target in wanted.items():
        spec: object = mapping.fields.get(source, source)
        where = f"columns.{target}" + (f" (fields.{source})" if source in mapping.fields else "")
        expr, dtype = field_expr(spec, schema, file_label, where)
        if isinstance(dtype, pl.List | pl.Struct):
            raise MappingError(
                f"{file_label}: {where}: {spec!r} gives {describe(dtype)}, not one value: pick "
                "an element ([0] the first, [-1] the last), name a field, or use "
                "{join: PATH} to join a list of texts"
            )
        if target in TIMESTAMP_TARGETS and dtype == pl.Utf8:
            expr = expr.str.replace(r"Z$", "+00:00")  # ISO 8601 "Z" (UTC), as the contract reads
        exprs.append(expr.alias(source))
    return frame.select(exprs)


def _join(frame: pl.DataFrame, join: dict[str, str], path: Path, mapping: Mapping) -> pl.DataFrame:
    """Left-join the records of the files ``join['files']`` (a glob beside ``path``) by key."""
    name, pattern = join["name"], join["files"]
    files = sorted(p for p in path.parent.glob(pattern) if p.is_file() and p != path)
    where = f"join_files.{name}"
    on_expr, _ = field_expr(join["export_key"], frame.schema, str(path), f"{where}.export_key")
    keyed = frame.with_columns(on_expr.cast(pl.Utf8).alias("__join_key"))
    parts: list[pl.DataFrame] = []
    for other in files:
        read = read_raw(other, join.get("format", "json"))
        if read.unparseable:
            first = read.unparseable[0]
            raise ReadError(
                f"{other} (joined to {path.name} as {name!r}): record {first[0]} cannot be "
                f"read: {first[1]}"
            )
        if read.frame.height:
            parts.append(read.frame.drop(ROW))
    if not parts:
        log.warning("%s: no file matches %s beside it: %r is empty", path, where, name)
        return keyed.with_columns(pl.lit(None).alias(name)).drop("__join_key")
    records = pl.concat(parts, how="diagonal_relaxed")
    key_expr, _ = field_expr(join["key"], records.schema, str(files[0]), f"{where}.key")
    right = records.select(
        key_expr.cast(pl.Utf8).alias("__join_key"), pl.struct(pl.all()).alias(name)
    ).unique("__join_key", keep="last", maintain_order=True)
    log.info("%s: joined %d %s record(s) from %d file(s)", path, right.height, name, len(files))
    return keyed.join(right, on="__join_key", how="left").drop("__join_key")
