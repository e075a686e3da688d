"""Map a source frame onto the contact contract and check every row, in vectorised polars.

Returns the rows that conform (typed contract columns) and the rows that do not, each with the
column and a reason a data engineer can act on. Nothing is dropped: ``good + bad = input``.

Naive timestamps are wall-clock times in the mapping's zone (Europe/London by default). Around
the clock changes:

- spring (01:00-02:00 does not exist): such a time is read as if the clocks had not yet gone
  forward, so 01:30 becomes 02:30 BST (the same instant as 01:30 GMT); the contact is kept;
- autumn (01:00-02:00 happens twice): the first occurrence (BST) is taken, except for an end
  time that would then fall before its start, which takes the second (GMT). A call from 01:50
  BST to 01:10 GMT lasts 20 minutes, never a negative time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import polars as pl

from pipelines.contract import CHANNELS, OUTCOMES
from pipelines.ingest.mapping import Mapping
from pipelines.ingest.mapping_schema import format_regex
from pipelines.ingest.readers import ROW
from pipelines.ingest.shown import describe_header, shown_values

log = logging.getLogger(__name__)

TIMESTAMP_FIELDS = ("started_at", "ended_at", "updated_at")
INTEGER_FIELDS = ("handle_seconds", "wait_seconds")
TEXT_FIELDS = ("contact_id", "queue", "wrap_up_code", "caller_ref", "text")
ISO_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
)
ISO_NAIVE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
MAX_SECONDS = 2**31 - 1  # the contract stores seconds as a 32-bit integer
MIN_CONTACT_DATE = date(2000, 1, 1)
REASON = "__reason"
REASON_COLUMN = "__reason_column"


@dataclass(frozen=True)
class DateWindow:
    """The plausible contact dates: from ``first`` (inclusive) to ``end`` (exclusive), in UTC.

    Times outside it (1970 from an empty epoch, the year 26 from a two-digit year read as four
    digits, 2099 from a placeholder) are rejected, not stored.
    """

    first: datetime
    end: datetime

    @classmethod
    def from_min_date(
        cls, first: date = MIN_CONTACT_DATE, now: datetime | None = None
    ) -> DateWindow:
        """From ``first`` to one day after ``now`` (a source's clock may run a little ahead)."""
        now = now or datetime.now(UTC)
        return cls(datetime.combine(first, time(), UTC), now + timedelta(days=1))

    def describe(self) -> str:
        return (
            f"is outside the plausible window {self.first.date().isoformat()} to "
            f"{self.end.strftime('%Y-%m-%d %H:%M')} UTC (CONTACT_TOPICS_MIN_CONTACT_DATE to "
            "tomorrow): check the date format and the source's clock"
        )


class ConformError(ValueError):
    """The whole file does not fit its mapping (for example a mapped column is missing)."""


@dataclass
class Conformed:
    good: pl.DataFrame  # contract columns + ROW
    bad: pl.DataFrame  # source columns + ROW + REASON + REASON_COLUMN


def check_columns(frame: pl.DataFrame, mapping: Mapping, file_label: str) -> None:
    named = {*mapping.columns.values(), *mapping.text_columns}
    missing = sorted({c for c in named if c not in frame.columns})
    if missing:
        raise ConformError(
            f"{file_label}: column(s) {missing} named by mapping '{mapping.name}' are not in the "
            f"file; {describe_header([c for c in frame.columns if c != ROW], named)}"
        )


def _source(frame: pl.DataFrame, mapping: Mapping, name: str) -> pl.Expr:
    if name == "text" and len(mapping.text_columns) > 1:
        parts = [_as_text(pl.col(c)) for c in mapping.text_columns]
        return pl.concat_str(parts, separator=". ", ignore_nulls=True)
    if name in mapping.columns:
        return pl.col(mapping.columns[name])
    if name in mapping.constants:
        return pl.lit(mapping.constants[name])
    return pl.lit(None, dtype=pl.Utf8)


def _as_text(expr: pl.Expr) -> pl.Expr:
    text = expr.cast(pl.Utf8).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _localise(naive: pl.Expr, timezone: str, ambiguous: str) -> pl.Expr:
    """Naive wall-clock times in ``timezone`` -> UTC (clock-change handling: module docstring)."""

    def attach(expr: pl.Expr) -> pl.Expr:
        return expr.dt.replace_time_zone(timezone, ambiguous=ambiguous, non_existent="null")

    return pl.coalesce(attach(naive), attach(naive + pl.duration(hours=1))).dt.convert_time_zone(
        "UTC"
    )


def _timestamp(
    frame: pl.DataFrame, mapping: Mapping, name: str, ambiguous: str = "earliest"
) -> pl.Expr:
    """Parse to UTC; naive values are in the mapping's time zone (Europe/London by default)."""
    if name not in mapping.columns:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    column = mapping.columns[name]
    dtype = frame.schema[column]
    expr = pl.col(column)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is None:
            return _localise(expr, mapping.timezone, ambiguous)
        return expr.dt.convert_time_zone("UTC")
    if isinstance(dtype, pl.Date):
        return (
            expr.cast(pl.Datetime("us"))
            .dt.replace_time_zone(mapping.timezone)
            .dt.convert_time_zone("UTC")
        )
    text = _as_text(expr)
    aware, naive = [], []
    for fmt in declared_formats(mapping):
        # strict: the whole value must have the format's shape (four digits for %Y, so
        # '17/11/26' is never the year 26), then chrono reads it with that format only
        shaped = text.str.contains(f"^(?:{format_regex(fmt).pattern})$")
        if "%z" in fmt or "%:z" in fmt:
            parsed = text.str.to_datetime(fmt, strict=False, time_zone="UTC", time_unit="us")
            aware.append(pl.when(shaped).then(parsed))
        else:
            naive.append(
                pl.when(shaped).then(text.str.to_datetime(fmt, strict=False, time_unit="us"))
            )
    local = [_localise(pl.coalesce(naive), mapping.timezone, ambiguous)] if naive else []
    return pl.coalesce([*aware, *local])


def declared_formats(mapping: Mapping) -> tuple[str, ...]:
    """The formats a timestamp in text is read with: the mapping's ``timestamp_formats`` only,
    or ISO 8601 (with or without an offset) when it declares none. Nothing else is tried, so a
    file with mixed formats rejects the rows that do not match."""
    return mapping.timestamp_formats or (*ISO_FORMATS, *ISO_NAIVE_FORMATS)


def describe_formats(mapping: Mapping) -> str:
    """The expected format(s), for reasons: ``'%d/%m/%Y %H:%M:%S' or '%d/%m/%Y %H:%M'``."""
    if not mapping.timestamp_formats:
        return (
            "ISO 8601 (e.g. 2026-03-02T09:00:00+00:00; the mapping declares no timestamp_formats)"
        )
    return " or ".join(repr(f) for f in mapping.timestamp_formats)


def _number(frame: pl.DataFrame, mapping: Mapping, name: str) -> pl.Expr:
    """The source value as a float (null when empty or not a number; NaN and inf kept)."""
    expr = pl.col(mapping.columns[name])
    if frame.schema[mapping.columns[name]].is_numeric():
        return expr.cast(pl.Float64, strict=False)
    return _as_text(expr.cast(pl.Utf8, strict=False)).cast(pl.Float64, strict=False)


def _in_range(number: pl.Expr) -> pl.Expr:
    return number.is_finite() & (number.abs() <= MAX_SECONDS)


def _integer(frame: pl.DataFrame, mapping: Mapping, name: str) -> pl.Expr:
    """Whole seconds; null when empty, not a number, NaN, infinite or beyond a 32-bit integer
    (those are rejected by :func:`_checks`, never cast: a cast would raise for the whole file)."""
    if name not in mapping.columns:
        return pl.lit(None, dtype=pl.Int64)
    number = _number(frame, mapping, name)
    return pl.when(_in_range(number)).then(number.round(0).cast(pl.Int64, strict=False))


def _mapped(frame: pl.DataFrame, mapping: Mapping, name: str) -> pl.Expr:
    raw = _as_text(_source(frame, mapping, name))
    lookup = mapping.value_map(name)
    if not lookup:
        return raw.str.to_lowercase()
    lowered = raw.str.to_lowercase()
    return lowered.replace_strict(lookup, default=lowered, return_dtype=pl.Utf8)


def conform(
    frame: pl.DataFrame, mapping: Mapping, file_label: str, window: DateWindow | None = None
) -> Conformed:
    """``window``: the plausible contact dates (default: 2000-01-01 to tomorrow)."""
    check_columns(frame, mapping, file_label)
    window = window or DateWindow.from_min_date()
    typed = frame.with_columns(
        *[_as_text(_source(frame, mapping, f)).alias(f"__{f}") for f in TEXT_FIELDS],
        *[_timestamp(frame, mapping, f).alias(f"__{f}") for f in TIMESTAMP_FIELDS],
        *[_integer(frame, mapping, f).alias(f"__{f}") for f in INTEGER_FIELDS],
        _mapped(frame, mapping, "channel").alias("__channel"),
        _mapped(frame, mapping, "outcome").alias("__outcome_mapped"),
        _timestamp(frame, mapping, "ended_at", "latest").alias("__ended_at_latest"),
    )
    typed = _derive(typed)
    _log_unknown_outcomes(typed, mapping, file_label)
    passing, failing = _split_with_reasons(typed, mapping, window)
    good = passing.select(
        pl.lit(mapping.source_system).alias("source_system"),
        pl.col("__contact_id").alias("contact_id"),
        pl.col("__started_at").alias("started_at"),
        pl.col("__ended_at").alias("ended_at"),
        pl.col("__handle_seconds").cast(pl.Int32).alias("handle_seconds"),
        pl.col("__wait_seconds").cast(pl.Int32).alias("wait_seconds"),
        pl.col("__channel").alias("channel"),
        pl.col("__queue").alias("queue"),
        pl.col("__wrap_up_code").alias("wrap_up_code"),
        pl.when(pl.col("__outcome_mapped").is_in(OUTCOMES))
        .then(pl.col("__outcome_mapped"))
        .otherwise(pl.lit("unknown"))
        .alias("outcome"),
        pl.col("__caller_ref").alias("caller_ref"),
        pl.col("__text").alias("text"),
        pl.col("__updated_at").alias("updated_at"),
        pl.col(ROW),
    )
    bad = failing.select([*frame.columns, REASON, REASON_COLUMN])
    return Conformed(good=good, bad=bad)


def _derive(typed: pl.DataFrame) -> pl.DataFrame:
    """An ambiguous end time before its start takes the later reading (autumn clock change);
    handle_seconds from ended_at - started_at when the source has no handle time."""
    typed = typed.with_columns(
        pl.when(pl.col("__ended_at") < pl.col("__started_at"))
        .then(pl.col("__ended_at_latest"))
        .otherwise(pl.col("__ended_at"))
        .alias("__ended_at")
    ).drop("__ended_at_latest")
    derived = (pl.col("__ended_at") - pl.col("__started_at")).dt.total_seconds()
    return typed.with_columns(
        pl.coalesce(pl.col("__handle_seconds"), derived).alias("__handle_seconds")
    )


def _source_value(mapping: Mapping, name: str) -> pl.Expr:
    """The value of contract field ``name`` as the file has it, as text ("" when empty)."""
    if name in mapping.columns:
        return _as_text(pl.col(mapping.columns[name]).cast(pl.Utf8)).fill_null("")
    return pl.lit(mapping.constants.get(name, ""))


def _split_with_reasons(
    typed: pl.DataFrame, mapping: Mapping, window: DateWindow
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the rows that pass every check, the others with :data:`REASON` and
    :data:`REASON_COLUMN`, the column of their first failed check).

    A reason names the column and what was expected; the value is shown only as
    :func:`pipelines.ingest.shown.shown_values` allows (redacted, short, at most one word),
    worked out for the distinct values of the rows that fail, not for every row.
    """
    checks = _checks(typed, mapping, window)
    flags = [f"__failed_{i}" for i in range(len(checks))]
    typed = typed.with_columns(*[c[0].alias(f) for c, f in zip(checks, flags, strict=True)])
    any_failed = pl.any_horizontal([pl.col(f) for f in flags])
    passing = typed.filter(~any_failed).drop(flags)
    failing = typed.filter(any_failed)
    shown: dict[str, pl.Expr] = {}
    for name in dict.fromkeys(c[2] for c in checks):
        values = failing.select(_source_value(mapping, name)).to_series().unique().to_list()
        lookup = dict(zip(values, shown_values(values), strict=True))
        shown[name] = _source_value(mapping, name).replace_strict(
            lookup, default="", return_dtype=pl.Utf8
        )
    parts = [
        pl.when(pl.col(flag)).then(
            pl.concat_str([pl.lit(f"column '{column}' "), shown[name], pl.lit(f" {message}")])
        )
        for (_, column, name, message), flag in zip(checks, flags, strict=True)
    ]
    reason = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    first_column = pl.coalesce(
        [pl.when(pl.col(f)).then(pl.lit(c[1])) for c, f in zip(checks, flags, strict=True)]
    )
    failing = failing.with_columns(reason.alias(REASON), first_column.alias(REASON_COLUMN))
    return passing, failing.drop(flags)


def _log_unknown_outcomes(typed: pl.DataFrame, mapping: Mapping, file_label: str) -> None:
    """Warn of outcome values the mapping does not know (stored as 'unknown'); the values are
    shown only as :func:`pipelines.ingest.shown.shown_values` allows."""
    unmapped = typed.filter(
        ~pl.col("__outcome_mapped").is_in(OUTCOMES) & pl.col("__outcome_mapped").is_not_null()
    )
    if not unmapped.height:
        return
    counts = unmapped.get_column("__outcome_mapped").value_counts(sort=True)
    top = counts.head(5).rows()
    described = shown_values([value for value, _ in top])
    log.warning(
        "%s: %d row(s) of column '%s' have %d outcome value(s) the mapping does not know, "
        "stored as 'unknown' (expected one of %s, or a value mapped to one in the mapping's "
        "values.outcome); the commonest: %s",
        file_label,
        unmapped.height,
        mapping.columns.get("outcome", "outcome"),
        counts.height,
        ", ".join(OUTCOMES),
        "; ".join(f"{text} in {n} row(s)" for text, (_, n) in zip(described, top, strict=True)),
    )


def _checks(
    typed: pl.DataFrame, mapping: Mapping, window: DateWindow
) -> list[tuple[pl.Expr, str, str, str]]:
    """(failed?, source column, contract field, message) per rule; a row fails when any rule
    fails."""

    def source_value(name: str) -> pl.Expr:
        return _source_value(mapping, name)

    def col_name(name: str) -> str:
        return mapping.columns.get(name, name)

    rules: list[tuple[pl.Expr, str, str]] = [
        (
            pl.col("__contact_id").is_null(),
            "contact_id",
            "is empty (expected the source's contact id)",
        ),
        (
            pl.col("__started_at").is_null(),
            "started_at",
            f"is empty or not a timestamp in the mapping's format {describe_formats(mapping)}",
        ),
    ]
    for name in ("ended_at", "updated_at"):
        if name in mapping.columns:
            rules.append(
                (
                    pl.col(f"__{name}").is_null() & (source_value(name) != ""),
                    name,
                    f"is not a timestamp in the mapping's format {describe_formats(mapping)}",
                )
            )
    for name in TIMESTAMP_FIELDS:
        value = pl.col(f"__{name}")
        rules.append(((value < window.first) | (value >= window.end), name, window.describe()))
    for name in INTEGER_FIELDS:
        if name in mapping.columns:
            number = _number(typed, mapping, name)
            rules.append(
                (
                    number.is_null() & (source_value(name) != ""),
                    name,
                    "is not a whole number of seconds",
                )
            )
            rules.append(
                (
                    number.is_not_null() & ~_in_range(number),
                    name,
                    f"is out of range (expected a finite number of seconds, at most {MAX_SECONDS})",
                )
            )
        rules.append((pl.col(f"__{name}") < 0, name, "is negative (expected seconds >= 0)"))
        rules.append(
            (
                pl.col(f"__{name}") > MAX_SECONDS,
                name,
                f"is out of range (expected at most {MAX_SECONDS} seconds)",
            )
        )
    rules.append(
        (pl.col("__ended_at") < pl.col("__started_at"), "ended_at", "is before started_at")
    )
    rules.append(
        (
            ~pl.col("__channel").is_in(CHANNELS) | pl.col("__channel").is_null(),
            "channel",
            f"is not a known channel (expected one of {', '.join(CHANNELS)}, "
            "or a value mapped to one in the mapping's values.channel)",
        )
    )
    return [
        (failed.fill_null(False), col_name(name), name, message) for failed, name, message in rules
    ]
