"""Retention on a demo work directory: what it removes, and that weekly figures stay the same."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipelines.governance.retention import apply_retention
from pipelines.settings import Settings, SettingsError
from pipelines.steps import build_marts, publish_week
from pipelines.warehouse import fetch_frame, open_warehouse

LATER = datetime.now(UTC) + timedelta(days=60)  # every period below (1..30 days) has passed


def _short(settings: Settings, **changes: int) -> Settings:
    periods = {
        f"retention_{name}_days": 30
        for name in (
            "landing",
            "archive",
            "superseded",
            "rejects",
            "validation",
            "models",
            "week_folders",
        )
    }
    periods["retention_archive_days"] = 365  # archived files stay: the landing rule is tested
    return replace(settings, **(periods | changes))


def _weekly_figures(settings: Settings) -> pl.DataFrame:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return fetch_frame(
            con,
            "select * from published.topic_weekly_trends order by week_start, topic_id, channel",
        )


def _counts(settings: Settings) -> dict[str, int]:
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from {table}").fetchall()[0][0]
            for table in ("raw.contacts", "raw.rejected_rows", "published.fct_contacts")
        }


def _old_copies(settings: Settings) -> tuple[Path, Path]:
    """A model folder that is not current and an old published week folder (copies of real
    ones, dated back), as a deployment that has run for a year has."""
    models = settings.models_dir
    current = (models / "current").read_text().strip()
    old_model = models / "20250101T000000Z-oldmodel"
    shutil.copytree(models / current, old_model)
    stamp = (LATER - timedelta(days=400)).timestamp()
    os.utime(old_model / "model.json", (stamp, stamp))
    weeks = settings.published_dir / "weeks"
    newest = max(p for p in weeks.iterdir() if p.is_dir())
    old_week = weeks / "2025-01-06"
    shutil.copytree(newest, old_week, symlinks=True)
    return old_model, old_week


def test_retention_removes_what_it_should_and_weekly_figures_stay(demo_copy: Settings) -> None:
    settings = _short(demo_copy)
    old_model, old_week = _old_copies(settings)
    figures_before = _weekly_figures(settings)
    counts_before = _counts(settings)
    landing_before = sorted(p.name for p in settings.landing_dir.iterdir())
    validation_before = list((settings.workdir / "validation").rglob("*.json"))
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        superseded = con.execute(
            "select count(*) - count(distinct (source_system, contact_id)) from raw.contacts"
        ).fetchall()[0][0]
    assert superseded > 0 and counts_before["raw.rejected_rows"] > 0 and validation_before

    dry = apply_retention(settings, dry_run=True, now=LATER)
    assert dry.superseded_versions == superseded
    assert _counts(settings) == counts_before
    assert sorted(p.name for p in settings.landing_dir.iterdir()) == landing_before
    assert old_model.is_dir() and old_week.is_dir()

    report = apply_retention(settings, now=LATER)
    assert report.superseded_versions == superseded
    assert report.rejected_rows == counts_before["raw.rejected_rows"]
    assert sorted(report.landing_files_archived) == landing_before
    assert report.model_folders_deleted == [old_model.name]
    assert report.week_folders_deleted == [old_week.name]
    assert report.validation_files_deleted == len(validation_before)

    after = _counts(settings)
    assert after["raw.contacts"] == counts_before["raw.contacts"] - superseded
    assert after["raw.rejected_rows"] == 0
    assert list(settings.landing_dir.iterdir()) == []
    archived = sorted(p.name for p in (settings.workdir / "archive").rglob("*") if p.is_file())
    assert archived == landing_before
    assert not old_model.exists() and not old_week.exists()
    current = (settings.models_dir / "current").read_text().strip()
    assert (settings.models_dir / current / "model.json").is_file()
    assert (settings.published_dir / "latest" / "report.html").is_file()

    # the published history, rebuilt from what is left, is the same to the last figure
    build_marts(settings)
    publish_week(settings)
    figures_after = _weekly_figures(settings)
    assert figures_after.height == figures_before.height > 0
    assert figures_after.equals(figures_before)
    assert _counts(settings)["published.fct_contacts"] == counts_before["published.fct_contacts"]


def test_archived_files_are_deleted_after_their_own_period(demo_copy: Settings) -> None:
    settings = _short(demo_copy, retention_archive_days=90)
    apply_retention(settings, now=LATER)  # 60 days: archived (30), not deleted (90)
    archived = [p for p in (settings.workdir / "archive").rglob("*") if p.is_file()]
    assert archived
    report = apply_retention(settings, now=LATER + timedelta(days=40))
    assert len(report.archive_files_deleted) == len(archived)
    assert not [p for p in (settings.workdir / "archive").rglob("*") if p.is_file()]


@pytest.mark.parametrize("days", [0, -5])
def test_a_period_of_zero_or_less_is_refused_and_removes_nothing(
    demo_copy: Settings, days: int
) -> None:
    settings = replace(demo_copy, retention_rejects_days=days)
    before = _counts(settings)
    with pytest.raises(SettingsError, match="RETENTION_REJECTS_DAYS.*>= 1.*nothing was removed"):
        apply_retention(settings, now=LATER)
    assert _counts(settings) == before


@pytest.mark.parametrize("raw", ["0", "-5", "ten"])
def test_a_bad_period_in_the_environment_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_RETENTION_LANDING_DAYS", raw)
    with pytest.raises(SettingsError, match="RETENTION_LANDING_DAYS.*whole number >= 1"):
        Settings.from_env()


def test_quarantined_files_are_deleted_after_the_rejects_period(demo_copy: Settings) -> None:
    settings = _short(demo_copy)  # rejects: 30 days
    quarantine = settings.workdir / "quarantine"
    quarantine.mkdir(exist_ok=True)
    old, recent = quarantine / "telephony_old.csv", quarantine / "telephony_recent.csv"
    for path, age in ((old, 31), (recent, 29)):
        path.write_text("Call ID\nbroken\n")
        stamp = (LATER - timedelta(days=age)).timestamp()
        os.utime(path, (stamp, stamp))
    dry = apply_retention(settings, dry_run=True, now=LATER)
    assert dry.quarantine_files_deleted == [old.name] and old.exists()
    report = apply_retention(settings, now=LATER)
    assert report.quarantine_files_deleted == [old.name]
    assert not old.exists() and recent.exists()
