"""The pipeline's steps, in order, and the whole run. The CLI and the Airflow DAGs call these.

Each step opens the warehouse, does its work and closes it, so steps can run as separate
Airflow tasks (DuckDB allows one writer at a time: never run two steps at once on one file).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.dbt_runner import run_dbt
from pipelines.ingest import IngestReport, Mapping, ingest_paths
from pipelines.publish import PublishReport, Summary, publish, summarise
from pipelines.settings import Settings
from pipelines.taxonomy import load_taxonomy, load_taxonomy_tables
from pipelines.topics import (
    ClassifyReport,
    NoModelError,
    TrainingResult,
    classify_contacts,
    current_model_dir,
    train_from_warehouse,
)
from pipelines.warehouse import open_warehouse

if TYPE_CHECKING:
    from pipelines.discovery import WeeklyDiscoveryReport
    from pipelines.ingest import LandingReport
    from pipelines.quality import ValidationReport

log = logging.getLogger(__name__)
# Left to the test suite and CI (tests/dbt runs them all), not run on every scheduled build:
# - unit tests: they check SQL logic on fixed inputs, not the data (as dbt's docs advise);
# - data tests on the staging and intermediate models: most are views, and each test recomputed
#   its view over the whole history (28 of the 55 s of an incremental week on 1.15M contacts),
#   and the same keys are tested on the marts tables, which stay tested on every run, as do
#   the sources and seeds; the Great Expectations checkpoints guard the boundaries.
SCHEDULED_RUN_EXCLUDES = (
    "resource_type:unit_test staging,resource_type:test intermediate,resource_type:test"
)


@dataclass
class PipelineResult:
    ingest: IngestReport | None = None
    classify: ClassifyReport | None = None
    discovery: WeeklyDiscoveryReport | None = None
    publish: PublishReport | None = None
    summary: Summary | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def load_reference_data(settings: Settings) -> int:
    """The taxonomy into ``raw.topics``; the run's settings fingerprint (and a taxonomy that
    changed since the last run) into ``ops.audit_log``."""
    from pipelines.governance.audit import record_run

    taxonomy = load_taxonomy(settings.taxonomy_file)
    with open_warehouse(settings.warehouse_path) as con:
        loaded = load_taxonomy_tables(con, taxonomy)
        record_run(con, settings, taxonomy)
        return loaded


def ingest_files(
    settings: Settings, paths: list[Path] | None = None, mapping: Mapping | None = None
) -> IngestReport:
    """Ingest files or folders (default: landing/), with one mapping or each file's own."""
    settings.ensure_dirs()
    return ingest_paths(settings, paths or [settings.landing_dir], mapping)


def list_landing_files(settings: Settings) -> list[str]:
    """The export files waiting in the landing location (a folder or an fsspec URL): new ones,
    and ones changed since they were ingested (the listing cache skips the rest unread)."""
    from pipelines.ingest import pending_landing

    return pending_landing(settings)


def ingest_landing_files(settings: Settings, files: list[str] | None = None) -> LandingReport:
    """Ingest files from the landing location; files that cannot be ingested are quarantined."""
    from pipelines.ingest import ingest_landing

    return ingest_landing(settings, files)


def check_raw_contacts(settings: Settings, file_ids: list[str] | None = None) -> None:
    """Run the raw checkpoint on the rows of the given files (all rows when None)."""
    from pipelines.quality import validate_raw as run_raw_checkpoint

    where = None
    if file_ids is not None:
        if not file_ids:
            log.info("raw checkpoint: no new files, nothing to validate")
            return
        where = "ingest_file_id in ({})".format(", ".join(f"'{fid}'" for fid in file_ids))
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        report = run_raw_checkpoint(con, where=where, min_contact_date=settings.min_contact_date)
    keep_validation_result(settings, report)
    report.raise_for_failure()


def train_topic_model(settings: Settings, seed: int = 0, force: bool = False) -> TrainingResult:
    """Train a challenger from the warehouse; promote it only if it is not worse."""
    return train_from_warehouse(settings, seed=seed, force=force)


def build_staging(settings: Settings) -> None:
    """Sources' tests, the staging models and ``int_contacts_wrap_up_topics``.

    Classification reads ``stg_raw__contacts``; training reads ``int_contacts_wrap_up_topics``
    (each contact's wrap-up code topic), so it is built here, not with the other intermediate
    models in :func:`build_marts`.
    """
    run_dbt(
        settings,
        "build",
        select="source:raw source:ml resource_type:seed staging int_contacts_wrap_up_topics",
        exclude=SCHEDULED_RUN_EXCLUDES,
    )


def classify_new_contacts(settings: Settings, seed: int = 0) -> ClassifyReport:
    """Classify contacts with the current model, training one first if there is none.

    Skipped when every topic comes from wrap-up codes (``topic_source = wrap_up_code``).
    """
    if settings.topic_source == "wrap_up_code":
        log.info("topic source is wrap_up_code: the topic model is not used")
        return ClassifyReport(model_version="none", contacts_classified=0, unclassified=0)
    try:
        current_model_dir(settings)
    except NoModelError:
        log.info("no topic model yet: training one from contacts with wrap-up codes")
        train_from_warehouse(settings, seed=seed)
    return classify_contacts(settings)


def discover_themes(settings: Settings, up_to: date | None = None) -> WeeklyDiscoveryReport:
    """Cluster each new week's unclassified contacts into themes (``ml.discovery_*``).

    ``up_to`` (a Monday): the last week to process; the default is every week in the data.
    """
    from pipelines.discovery import discover_weekly

    return discover_weekly(settings, up_to=up_to)


def build_marts(settings: Settings, as_of_date: date | None = None) -> None:
    """Intermediate models and marts, as of a date (default: the last complete week in the data).

    Intermediate models are views rendered with ``as_of_date``, so they are built here, not
    before classification.
    """
    variables = {"as_of_date": as_of_date.isoformat()} if as_of_date else None
    run_dbt(
        settings,
        "build",
        select="intermediate marts",
        vars=variables,
        exclude=SCHEDULED_RUN_EXCLUDES,
    )


def check_published(settings: Settings) -> None:
    from pipelines.quality import validate_published as run_published_checkpoint

    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        report = run_published_checkpoint(con)
    keep_validation_result(settings, report)
    report.raise_for_failure()


def keep_validation_result(settings: Settings, report: ValidationReport) -> Path:
    """Write a checkpoint's result (counts and expectations, no data values) to the workdir.

    ``<workdir>/validation/<checkpoint>/<UTC time>.json``: what failed and when, kept with the
    deployment's other state (Great Expectations' own copy goes to ``expectations/gx/
    uncommitted/``, beside the code).
    """
    folder = settings.workdir / "validation" / report.checkpoint
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.json"
    path.write_text(json.dumps(asdict(report), indent=2, default=str), encoding="utf-8")
    return path


def publish_week(
    settings: Settings,
    week: date | None = None,
    *,
    week_folder: bool = True,
    as_of: date | None = None,
) -> PublishReport:
    """Publish files for BI tools; ``week`` (a Monday) as the run's week (default: the data's
    last complete week that has ended by ``as_of``, default today).

    The current BI copy is written only when no newer week is published; ``week_folder=False``
    writes only that copy (``pipelines.publish.outputs``).
    """
    return publish(settings, week=week, week_folder=week_folder, as_of=as_of)


def republish_week(settings: Settings, week: date, *, week_folder: bool = True) -> PublishReport:
    """The marts as of ``week``'s Sunday, the published checkpoint, then :func:`publish_week`."""
    from pipelines.weeks import week_of

    build_marts(settings, as_of_date=week_of(week).end)
    check_published(settings)
    return publish_week(settings, week=week, week_folder=week_folder)


def summary(settings: Settings) -> Summary:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return summarise(con)


def run_pipeline(
    settings: Settings,
    paths: list[Path] | None = None,
    as_of_date: date | None = None,
    mapping: Mapping | None = None,
) -> PipelineResult:
    """Every step, in order; a failing checkpoint stops before anything is published."""
    result = PipelineResult()

    def timed(name: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
        log.info("== %s", name)
        start = time.perf_counter()
        value = func(*args, **kwargs)
        result.seconds[name] = round(time.perf_counter() - start, 2)
        return value

    timed("reference data", load_reference_data, settings)
    result.ingest = timed("ingest", ingest_files, settings, paths, mapping)
    timed("raw checkpoint", check_raw_contacts, settings, result.ingest.new_file_ids)
    timed("dbt staging", build_staging, settings)
    result.classify = timed("classify", classify_new_contacts, settings)
    result.discovery = timed("discover", discover_themes, settings)
    timed("dbt marts", build_marts, settings, as_of_date)
    timed("published checkpoint", check_published, settings)
    result.publish = timed("publish", publish_week, settings, as_of=as_of_date)
    result.summary = summary(settings)
    return result


def apply_retention_policy(settings: Settings) -> dict[str, int]:
    """Apply the retention periods (pipelines/governance/retention.py); counts only, for XCom."""
    from pipelines.governance.retention import apply_retention

    report = apply_retention(settings)
    return {
        "landing_files_archived": len(report.landing_files_archived),
        "archive_files_deleted": len(report.archive_files_deleted),
        "superseded_versions": report.superseded_versions,
        "rejected_rows": report.rejected_rows,
        "quarantine_files_deleted": len(report.quarantine_files_deleted),
        "validation_files_deleted": report.validation_files_deleted,
        "model_folders_deleted": len(report.model_folders_deleted),
        "week_folders_deleted": len(report.week_folders_deleted),
        "contact_texts_removed": report.contact_texts_removed,
        "contact_text_waiting_for_build": report.contact_text_waiting_for_build,
    }
