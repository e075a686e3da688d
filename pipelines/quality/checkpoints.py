"""Great Expectations checkpoints on the raw and the published data.

Two checkpoints, named in ``docs/architecture.md``:

- ``raw_contacts``: ``raw.contacts`` after ingest (keys present, contract values, non-negative
  durations, times in order, no personal data left in the redacted text, hex pseudonyms).
- ``published``: every ``published.*`` table (exact columns in order, unique keys, counts >= 0,
  rates and scores in 0..1) plus the column catalogue of the schema (no column that could hold
  personal data, all four tables present).

The Great Expectations project lives in the repository's ``expectations/`` folder and its JSON
files are the source of truth: :func:`ensure_project` creates only what is missing and a run never
rewrites them. DuckDB tables are read into pandas DataFrames (GE's SQLAlchemy route fails silently
on DuckDB). Great Expectations is imported inside functions: it takes seconds to import.

From the command line: ``contact-topics validate --init`` (create missing suites and
checkpoints) and ``contact-topics validate raw_contacts|published [--warehouse FILE]``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines.quality import suites as specs

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.data_context import FileDataContext

log = logging.getLogger(__name__)

DEFAULT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "expectations"
RAW_SAMPLE_LIMIT = 200_000
"""At most this many rows of raw.contacts are checked in one run (a random sample beyond it).

The checks are per-row rules (Python regexes on pandas for the redaction safety net), linear in
the rows: 500,000 took 8-9 s of a 1.15M-contact run (docs/benchmark.md). A sample of 200,000
finds a fault that affects one row in 40,000 with 99% probability; every row is redacted and
flagged by ingest itself, whatever the sample."""
PUBLISHED_SAMPLE_LIMIT = 250_000
"""At most this many rows of each published table (``fct_contacts`` is the only large one): a
random sample beyond it. dbt tests the whole of ``fct_contacts`` (unique and not-null keys) on
every run; the checkpoint adds contract values and ranges, which a sample of this size catches
when they break in more than a few rows in 100,000. 1M rows took 7.7 s of a 1.15M-contact
incremental week (docs/benchmark.md)."""


class CheckpointFailed(RuntimeError):
    """A checkpoint found data that breaks its expectations; the message names each one."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        items = "; ".join(outcome.describe() for outcome in report.failed)
        super().__init__(f"checkpoint '{report.checkpoint}' failed: {items}")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, summarised without personal data."""

    suite: str
    expectation_type: str
    column: str | None
    success: bool
    observed: str
    description: str | None = None

    def describe(self) -> str:
        """``suite: expectation(column) observed``, as used in failure messages."""
        target = f"({self.column})" if self.column else ""
        observed = f" {self.observed}" if self.observed else ""
        return f"{self.suite}: {self.expectation_type}{target}{observed}"


@dataclass
class ValidationReport:
    """What a checkpoint run found."""

    checkpoint: str
    success: bool
    results: list[ExpectationOutcome] = field(default_factory=list)
    rows_checked: dict[str, int] = field(default_factory=dict)
    note: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.results if not outcome.success]

    def raise_for_failure(self) -> None:
        """Raise :class:`CheckpointFailed` when any expectation failed."""
        if not self.success:
            raise CheckpointFailed(self)

    def summary(self) -> str:
        """A few lines for logs and the command line."""
        status = "passed" if self.success else "FAILED"
        rows = ", ".join(f"{name} {count:,}" for name, count in self.rows_checked.items())
        lines = [
            f"checkpoint '{self.checkpoint}' {status}: {len(self.results) - len(self.failed)} of "
            f"{len(self.results)} expectations met in {self.seconds:.2f} s (rows: {rows})"
        ]
        if self.note:
            lines.append(f"  note: {self.note}")
        lines.extend(f"  failed: {outcome.describe()}" for outcome in self.failed)
        return "\n".join(lines)


# --- the project: create what is missing, never rewrite ------------------------------------------


def _context(project_dir: Path | None) -> FileDataContext:
    import great_expectations as gx

    root = Path(project_dir) if project_dir is not None else DEFAULT_PROJECT_DIR
    root.mkdir(parents=True, exist_ok=True)
    new_project = not (root / "gx" / "great_expectations.yml").exists()
    context = gx.get_context(mode="file", project_root_dir=str(root))
    if new_project:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.analytics_enabled = False
        context.variables.save()
        log.info("created a Great Expectations project in %s", root / "gx")
    return context  # type: ignore[return-value]


def ensure_project(project_dir: Path | None = None) -> list[str]:
    """Create the data source, suites, validation definitions and checkpoints that are missing.

    Existing files are left exactly as they are (the committed JSON is the source of truth).
    Returns what was created, e.g. ``["suite raw_contacts", "checkpoint raw_contacts"]``.
    """
    return _ensure(_context(project_dir))


def _ensure(context: FileDataContext) -> list[str]:
    import great_expectations as gx

    created: list[str] = []
    names = {ds.name for ds in context.data_sources.all().values()}
    if specs.DATASOURCE in names:
        source = context.data_sources.get(specs.DATASOURCE)
    else:
        source = context.data_sources.add_pandas(specs.DATASOURCE)
        created.append(f"data source {specs.DATASOURCE}")
    suites = {suite.name for suite in context.suites.all()}
    definitions = {vd.name for vd in context.validation_definitions.all()}
    checkpoints = {cp.name for cp in context.checkpoints.all()}
    for checkpoint_name, checkpoint_spec in specs.CHECKPOINTS.items():
        validation_definitions = []
        for suite_name in checkpoint_spec.suites:
            asset_names = {asset.name for asset in source.assets}
            if suite_name in asset_names:
                asset = source.get_asset(suite_name)
            else:
                asset = source.add_dataframe_asset(suite_name)
                created.append(f"asset {suite_name}")
            try:
                batch = asset.get_batch_definition(specs.BATCH_DEFINITION)
            except KeyError:
                batch = asset.add_batch_definition_whole_dataframe(specs.BATCH_DEFINITION)
            if suite_name in suites:
                suite = context.suites.get(suite_name)
            else:
                suite = context.suites.add(
                    gx.ExpectationSuite(name=suite_name, expectations=specs.build_suite(suite_name))
                )
                created.append(f"suite {suite_name}")
            if suite_name in definitions:
                definition = context.validation_definitions.get(suite_name)
            else:
                definition = context.validation_definitions.add(
                    gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)
                )
                created.append(f"validation definition {suite_name}")
            validation_definitions.append(definition)
        if checkpoint_name not in checkpoints:
            context.checkpoints.add(
                gx.Checkpoint(
                    name=checkpoint_name,
                    validation_definitions=validation_definitions,
                    result_format=checkpoint_spec.result_format,
                )
            )
            created.append(f"checkpoint {checkpoint_name}")
    for item in created:
        log.info("great expectations: created %s", item)
    return created


# --- results -> report ----------------------------------------------------------------------------


def _exception_message(info: dict[str, Any] | None) -> str | None:
    """GE gives either one exception dict or one per metric: return the first message."""
    if not info:
        return None
    if "raised_exception" in info:
        return str(info.get("exception_message")) if info.get("raised_exception") else None
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def _observed(result: dict[str, Any], error: str | None, with_samples: bool) -> str:
    """Counts and observed values, never sample rows unless ``with_samples`` (published only)."""
    if error:
        return f"could not be evaluated: {error[:200]}"
    if "unexpected_count" in result:
        text = (
            f"{result['unexpected_count']:,} of {result.get('element_count', 0):,} rows unexpected"
        )
        samples = result.get("partial_unexpected_list") or []
        if with_samples and samples:
            text += f", e.g. {samples[:5]}"
        return text
    if "observed_value" in result:
        details = result.get("details") or {}
        mismatched = details.get("mismatched")
        text = f"observed {result['observed_value']!r}"
        return f"{text}, mismatched {mismatched!r}" if mismatched else text
    return ""


def _outcomes(
    suite_name: str, validation: ExpectationSuiteValidationResult, with_samples: bool
) -> list[ExpectationOutcome]:
    outcomes = []
    for item in validation.results:
        config = item.expectation_config
        kwargs = config.kwargs if config else {}
        column = kwargs.get("column") or ", ".join(
            kwargs.get("column_list") or [kwargs.get("column_A", ""), kwargs.get("column_B", "")]
        ).strip(", ")
        if config and config.type == "expect_table_columns_to_match_ordered_list":
            column = None
        outcomes.append(
            ExpectationOutcome(
                suite=suite_name,
                expectation_type=config.type if config else "unknown",
                column=column or None,
                success=bool(item.success),
                observed=_observed(
                    item.result or {}, _exception_message(item.exception_info), with_samples
                ),
                description=config.description if config else None,
            )
        )
    return outcomes


def _finish(report: ValidationReport, started: float) -> ValidationReport:
    report.success = bool(report.results) and all(outcome.success for outcome in report.results)
    report.seconds = round(time.perf_counter() - started, 3)
    (log.info if report.success else log.error)("%s", report.summary())
    return report


# --- the two checkpoints --------------------------------------------------------------------------


def _raw_frame(
    con: duckdb.DuckDBPyConnection, where: str | None, limit: int
) -> tuple[pd.DataFrame, int, str | None]:
    """The raw.contacts columns the suite checks, sampled down to ``limit`` rows."""
    filtered = f"from raw.contacts where {where}" if where else "from raw.contacts"
    row = con.execute(f"select count(*) {filtered}").fetchone()
    total = int(row[0]) if row else 0
    query = f"select {', '.join(specs.RAW_COLUMNS)} {filtered}"
    note = None
    if total > limit:
        query = f"select * from ({query}) using sample reservoir({limit} rows) repeatable (42)"
        note = f"raw.contacts had {total:,} rows to check: validated a random sample of {limit:,}"
    frame = con.execute(query).df()
    for column in ("started_at", "ended_at", "updated_at"):
        if getattr(frame[column].dtype, "tz", None) is not None:  # compare as UTC instants
            frame[column] = frame[column].dt.tz_convert(None)
    return frame, total, note


def validate_raw(
    con: duckdb.DuckDBPyConnection,
    *,
    where: str | None = None,
    project_dir: Path | None = None,
    sample_limit: int = RAW_SAMPLE_LIMIT,
    min_contact_date: date = date(2000, 1, 1),
    now: datetime | None = None,
) -> ValidationReport:
    """Run the ``raw_contacts`` checkpoint on ``raw.contacts``.

    Every start, end and update time must lie in the plausible window ingest applies: from
    ``min_contact_date`` (``CONTACT_TOPICS_MIN_CONTACT_DATE``) to one day after ``now``, in UTC.

    ``where`` is a trusted SQL filter (e.g. ``ingest_file_id in (...)`` for the files just
    ingested); more than ``sample_limit`` matching rows are checked as a random sample, and the
    report's ``note`` says so. The result holds counts only: no sample values of any column.
    """
    started = time.perf_counter()
    frame, total, note = _raw_frame(con, where, sample_limit)
    context = _context(project_dir)
    _ensure(context)
    checkpoint = context.checkpoints.get(specs.RAW_CHECKPOINT)
    window_end = (now or datetime.now(UTC)).astimezone(UTC) + timedelta(days=1)
    result = checkpoint.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters={
            specs.WINDOW_START: datetime.combine(min_contact_date, datetime.min.time()),
            specs.WINDOW_END: window_end.replace(tzinfo=None),  # the frame holds naive UTC
        },
    )
    report = ValidationReport(specs.RAW_CHECKPOINT, success=False, note=note)
    report.rows_checked = {"raw.contacts": len(frame)}
    for validation in result.run_results.values():
        suite_name = validation.suite_name
        report.results.extend(_outcomes(suite_name, validation, with_samples=False))
    log.debug("raw checkpoint: %d matching rows, %d checked", total, len(frame))
    return _finish(report, started)


def _published_frames(
    con: duckdb.DuckDBPyConnection, limit: int
) -> tuple[dict[str, pd.DataFrame], str | None]:
    """The published column catalogue and each published table that exists (sampled)."""
    catalogue = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'published' order by table_name, ordinal_position"
    ).df()
    frames = {specs.PUBLISHED_CATALOGUE: catalogue}
    notes = []
    present = set(catalogue["table_name"])
    for table in specs.PUBLISHED_COLUMNS:
        if table not in present:
            continue
        query = f'select * from published."{table}"'
        row = con.execute(f"select count(*) from ({query})").fetchone()
        total = int(row[0]) if row else 0
        if total > limit:
            query = f"select * from ({query}) using sample reservoir({limit} rows) repeatable (42)"
            notes.append(
                f"published.{table} has {total:,} rows: validated a random sample of {limit:,}"
            )
        frames[table] = con.execute(query).df()
    return frames, "; ".join(notes) or None


def validate_published(
    con: duckdb.DuckDBPyConnection,
    *,
    project_dir: Path | None = None,
    sample_limit: int = PUBLISHED_SAMPLE_LIMIT,
) -> ValidationReport:
    """Run the ``published`` checkpoint: one validation definition per published table.

    GE's ``Checkpoint.run`` hands the same batch parameters to every validation definition, so
    each of the checkpoint's validation definitions is run here with its own table's DataFrame,
    the checkpoint's result format and one run id. A missing table fails the catalogue suite.
    A table of more than ``sample_limit`` rows (in practice ``fct_contacts``) is checked as a
    random sample, and the report's ``note`` says so.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    started = time.perf_counter()
    frames, note = _published_frames(con, sample_limit)
    context = _context(project_dir)
    _ensure(context)
    checkpoint = context.checkpoints.get(specs.PUBLISHED_CHECKPOINT)
    run_id = RunIdentifier(run_name=specs.PUBLISHED_CHECKPOINT)
    report = ValidationReport(specs.PUBLISHED_CHECKPOINT, success=False, note=note)
    for definition in checkpoint.validation_definitions:
        frame = frames.get(definition.name)
        if frame is None:
            log.warning("published checkpoint: no table published.%s to validate", definition.name)
            continue
        validation = definition.run(
            checkpoint_id=checkpoint.id,
            batch_parameters={"dataframe": frame},
            result_format=checkpoint.result_format,
            run_id=run_id,
        )
        report.rows_checked[definition.name] = len(frame)
        report.results.extend(_outcomes(definition.suite.name, validation, with_samples=True))
    return _finish(report, started)
