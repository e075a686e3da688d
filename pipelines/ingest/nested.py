"""Paths into nested records, computed fields and joins, as polars struct/list expressions.

A mapping with ``format: json`` names its source values by **path** (docs/sources.md):

- ``Queue.Name``: a field of a nested record (a polars struct);
- ``Agent.AfterContactWorkDuration``: any depth;
- ``participants[0]`` / ``segments[-1]``: an element of a list (first, last ...);
- ``participants[purpose=customer]``: the elements of a list of records whose field equals a
  value, so ``participants[purpose=customer][0].sessions[0].ani`` is the customer
  participant's first session's caller number;
- ``Transcript[ParticipantId=CUSTOMER].Content``: a field of every element (a list).

The ``fields`` section adds computed values, each usable in ``columns`` by its name:

- ``{seconds_between: [FROM_PATH, TO_PATH]}``: whole seconds from one timestamp to the other;
- ``{sum: [PATH, PATH ...]}``: whole numbers added up (talk time plus after-contact work);
- ``{join: LIST_PATH, separator: " "}``: a list's values joined into one text (a transcript's
  customer turns; the agent's turns are simply not selected).

``join_files`` brings in a second file per record by a key (Contact Lens analysis files next to
the contact records): its records become a struct column named after the join, reachable by path
(``lens.Transcript[...]``).

Every path is checked against the file's actual structure once the file is read, so a wrong path
fails then with the file, the path and what is there instead, never as nulls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from pipelines.ingest.mapping_schema import MappingError
from pipelines.ingest.readers import ROW

_STEP = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]|\[([^=\]]+)=([^\]]*)\]|(\.)")
TIMESTAMP_TARGETS = ("started_at", "ended_at", "updated_at")


@dataclass(frozen=True)
class Step:
    kind: str  # "field", "index" or "filter"
    name: str = ""
    index: int = 0
    value: str = ""


def parse_path(path: str, where: str) -> list[Step]:
    """The steps of a path; a malformed one raises :class:`MappingError` naming it."""
    steps: list[Step] = []
    position = 0
    for match in _STEP.finditer(path):
        if match.start() != position:
            break
        position = match.end()
        name, index, key, value, dot = match.groups()
        if dot:
            continue
        if name is not None:
            steps.append(Step("field", name=name.strip()))
        elif index is not None:
            steps.append(Step("index", index=int(index)))
        else:
            steps.append(Step("filter", name=key.strip(), value=value.strip()))
    if position != len(path) or not steps or steps[0].kind != "field":
        raise MappingError(
            f"{where}: path {path!r} is not a path: write fields with dots and list elements "
            "in brackets, e.g. Queue.Name, segments[-1].wrapUpCode, "
            "participants[purpose=customer][0].sessions[0].ani"
        )
    return steps


def _fields_of(dtype: pl.DataType) -> list[str]:
    return [f.name for f in dtype.fields] if isinstance(dtype, pl.Struct) else []


def describe(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Struct):
        names = _fields_of(dtype)
        return f"a record with fields {', '.join(names[:30])}" + (" ..." if len(names) > 30 else "")
    if isinstance(dtype, pl.List):
        return f"a list of {describe(dtype.inner)}"
    if dtype == pl.Null:
        return "always empty in this file"
    return f"a value ({dtype})"


def path_expr(
    path: str, schema: pl.Schema, file_label: str, where: str
) -> tuple[pl.Expr, pl.DataType]:
    """The expression for ``path`` on a frame of ``schema``, and the type it gives.

    Raises :class:`MappingError` naming the file, the path and what the file holds instead."""
    steps = parse_path(path, where)
    first = steps[0].name
    if first not in schema:
        names = [c for c in schema if c != ROW]
        raise MappingError(
            f"{file_label}: {where}: path {path!r}: the records have no field {first!r}; "
            f"top-level fields found: {', '.join(names[:40])}"
        )
    expr, dtype = pl.col(first), schema[first]
    done = first
    for step in steps[1:]:
        expr, dtype = _apply(expr, dtype, step, f"{file_label}: {where}: path {path!r}", done)
        done += f".{step.name}" if step.kind == "field" else _bracket(step)
    return expr, dtype


def _bracket(step: Step) -> str:
    return f"[{step.index}]" if step.kind == "index" else f"[{step.name}={step.value}]"


def _apply(
    expr: pl.Expr, dtype: pl.DataType, step: Step, where: str, done: str
) -> tuple[pl.Expr, pl.DataType]:
    if dtype == pl.Null:  # empty in every record of this file: stays empty
        return expr, dtype
    if step.kind == "field":
        if isinstance(dtype, pl.Struct):
            return expr.struct.field(step.name), _field_type(dtype, step.name, where, done)
        if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
            inner = _field_type(dtype.inner, step.name, where, done)
            return expr.list.eval(pl.element().struct.field(step.name)), pl.List(inner)
        raise MappingError(
            f"{where}: {done!r} is {describe(dtype)}, so it has no field {step.name!r}"
        )
    if not isinstance(dtype, pl.List):
        raise MappingError(
            f"{where}: {done!r} is {describe(dtype)}, not a list, so {_bracket(step)} cannot apply"
        )
    if step.kind == "index":
        return expr.list.get(step.index, null_on_oob=True), dtype.inner
    inner = dtype.inner
    _field_type(inner, step.name, f"{where} (filter {_bracket(step)})", done + "[]")
    keep = pl.element().struct.field(step.name).cast(pl.Utf8) == step.value
    return expr.list.eval(pl.element().filter(keep)), dtype


def _field_type(dtype: pl.DataType, name: str, where: str, done: str) -> pl.DataType:
    if not isinstance(dtype, pl.Struct):
        raise MappingError(f"{where}: {done!r} is {describe(dtype)}, so it has no field {name!r}")
    for f in dtype.fields:
        if f.name == name:
            return f.dtype
    raise MappingError(
        f"{where}: {done!r} has no field {name!r}; it has: {', '.join(_fields_of(dtype)[:40])}"
    )


def _timestamp(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.Datetime):
        return expr if dtype.time_zone else expr.dt.replace_time_zone("UTC")
    return expr.cast(pl.Utf8).str.to_datetime(time_zone="UTC", strict=False)


def field_expr(
    spec: object, schema: pl.Schema, file_label: str, where: str
) -> tuple[pl.Expr, pl.DataType]:
    """One ``fields`` entry (a path, ``seconds_between`` or ``join``) as an expression."""
    if isinstance(spec, str):
        return path_expr(spec, schema, file_label, where)
    assert isinstance(spec, dict)  # checked by mapping_schema
    if "seconds_between" in spec:
        start_path, end_path = spec["seconds_between"]
        start, start_type = path_expr(start_path, schema, file_label, where)
        end, end_type = path_expr(end_path, schema, file_label, where)
        seconds = (_timestamp(end, end_type) - _timestamp(start, start_type)).dt.total_seconds()
        return seconds.cast(pl.Int64), pl.Int64
    if "sum" in spec:
        parts = [path_expr(str(p), schema, file_label, where)[0] for p in spec["sum"]]
        return pl.sum_horizontal([p.cast(pl.Int64, strict=False) for p in parts]), pl.Int64
    expr, dtype = path_expr(str(spec["join"]), schema, file_label, where)
    separator = str(spec.get("separator", " "))
    if not isinstance(dtype, pl.List):
        raise MappingError(
            f"{file_label}: {where}: path {spec['join']!r} is {describe(dtype)}, not a list: "
            "join needs a list of texts (e.g. Transcript[ParticipantId=CUSTOMER].Content)"
        )
    text = expr.list.eval(pl.element().cast(pl.Utf8)).list.join(separator, ignore_nulls=True)
    return pl.when(text.str.strip_chars() == "").then(None).otherwise(text), pl.Utf8


def spec_paths(spec: object) -> list[str]:
    """The paths a ``fields`` entry reads."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        for rule in ("seconds_between", "sum"):
            if rule in spec:
                return [str(p) for p in spec[rule]]
        if "join" in spec:
            return [str(spec["join"])]
    return []


def check_paths(
    columns: dict[str, str], text_columns: tuple[str, ...], fields: dict[str, object], where: str
) -> None:
    """Check every path's syntax when the mapping file is loaded (the file's structure is
    checked against them when an export is read)."""
    for name, spec in fields.items():
        for path in spec_paths(spec):
            parse_path(path, f"{where}: fields.{name}")
    sources = [(f"columns.{k}", v) for k, v in columns.items()]
    sources += [("columns.text", v) for v in text_columns]
    for key, source in sources:
        if source not in fields:
            parse_path(source, f"{where}: {key}")
