"""Hourly ingest skips files it has already dealt with (issue 22): the listing cache (keep) and
the processed area (move), on real files in a real landing folder and a real DuckDB warehouse.

"Not read" is shown with Python's audit hooks: every ``open()`` of a file in the landing folder
(hashing a file opens it first, before any reader) raises an ``open`` audit event, recorded here.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipelines.generator import generate
from pipelines.ingest.landing import ingest_landing, pending_landing
from pipelines.ingest.listing_cache import CACHE_FILE
from pipelines.settings import Settings, SettingsError

_WATCHED: list[tuple[Path, list[str]]] = []


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _WATCHED or not isinstance(args[0], str | bytes | os.PathLike):
        return
    path = os.fsdecode(args[0])
    for folder, seen in _WATCHED:
        if path.startswith(str(folder) + os.sep):
            seen.append(Path(path).name)


sys.addaudithook(_audit)  # hooks cannot be removed: it records only inside opens_under()


@contextmanager
def opens_under(folder: Path) -> Iterator[list[str]]:
    """The names of files under ``folder`` opened by this process inside the block."""
    seen: list[str] = []
    _WATCHED.append((folder, seen))
    try:
        yield seen
    finally:
        _WATCHED.remove((folder, seen))


@pytest.fixture
def landing(settings: Settings, tmp_path: Path) -> list[Path]:
    """One week of generated exports (telephony CSV, CRM Parquet, web chat JSON Lines)."""
    generate(tmp_path / "exports", weeks=1, per_week=60, seed=3, start=date(2026, 3, 23))
    files = sorted((tmp_path / "exports").iterdir())
    for file in files:
        shutil.copy2(file, settings.landing_dir / file.name)
    return [settings.landing_dir / f.name for f in files]


def test_second_run_reads_nothing_and_a_changed_file_is_read_again(
    settings: Settings, landing: list[Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert settings.landing_after_ingest == "keep"
    with opens_under(settings.landing_dir) as first_opens:
        first = ingest_landing(settings)
    assert len(first.new_file_ids) == len(landing) == 3 and first.quarantined == []
    assert set(first_opens) == {f.name for f in landing}  # the recorder does see reads
    assert (settings.workdir / CACHE_FILE).exists()

    caplog.set_level(logging.INFO, logger="pipelines.ingest")
    with opens_under(settings.landing_dir) as opens:
        assert pending_landing(settings) == []
        again = ingest_landing(settings)
    assert opens == [], f"unchanged landing files were read again: {opens}"
    assert again.files_seen == 0 and again.new_file_ids == [] and again.skipped == 0
    assert "3 export file(s), 3 unchanged since ingested (not read), 0 to ingest" in caplog.text
    assert all(f.exists() for f in landing)  # keep: the files stay

    # The telephony export is re-dropped with other content under the same name: read again.
    changed = next(f for f in landing if f.name.startswith("telephony_"))
    generate(tmp_path / "other", weeks=1, per_week=40, seed=99, start=date(2026, 3, 23))
    shutil.copyfile(tmp_path / "other" / changed.name, changed)
    with opens_under(settings.landing_dir) as opens:
        assert pending_landing(settings) == [str(changed)]
        third = ingest_landing(settings)
    assert set(opens) == {changed.name}
    assert len(third.new_file_ids) == 1 and third.new_file_ids[0] not in first.new_file_ids
    assert third.rows_stored > 0


def test_same_size_same_time_is_trusted_but_a_new_time_is_not(
    settings: Settings, landing: list[Path]
) -> None:
    """The cache compares size and modified time (and etag): touching a file makes it read."""
    ingest_landing(settings)
    touched = landing[0]
    later = touched.stat().st_mtime + 60
    os.utime(touched, (later, later))  # same content, new modified time
    with opens_under(settings.landing_dir) as opens:
        report = ingest_landing(settings)
    assert opens and set(opens) == {touched.name}
    assert report.files_seen == 1 and report.skipped == 1 and report.new_file_ids == []
    with opens_under(settings.landing_dir) as opens:  # recorded again: the next run reads nothing
        assert ingest_landing(settings).files_seen == 0
    assert opens == []


def test_a_rebuilt_warehouse_makes_every_file_read_again(
    settings: Settings, landing: list[Path]
) -> None:
    """The cache trusts an entry only while its content is in raw.ingest_manifest."""
    first = ingest_landing(settings)
    settings.warehouse_path.unlink()
    assert pending_landing(settings) == [str(f) for f in landing]
    again = ingest_landing(settings)
    assert sorted(again.new_file_ids) == sorted(first.new_file_ids)


def test_move_mode_moves_stored_files_and_quarantines_bad_ones(
    settings: Settings, landing: list[Path]
) -> None:
    moving = replace(settings, landing_after_ingest="move")
    bad = moving.landing_dir / "telephony_broken.csv"
    bad.write_text("not,the,columns\n1,2,3\n", encoding="utf-8")
    today = datetime.now(UTC).date().isoformat()
    report = ingest_landing(moving)
    processed = moving.workdir / "landing_processed" / today
    assert report.moved == 3 and len(report.new_file_ids) == 3
    assert sorted(p.name for p in processed.iterdir()) == sorted(f.name for f in landing)
    assert not any(moving.landing_dir.iterdir())  # good files moved, the bad one quarantined
    assert (moving.workdir / "quarantine" / bad.name).exists()
    assert not (processed / bad.name).exists()
    assert report.quarantined[0]["file"] == str(moving.workdir / "quarantine" / bad.name)
    # The same file dropped again: already stored, so moved too (beside the first, renamed).
    shutil.copy2(processed / landing[0].name, moving.landing_dir / landing[0].name)
    again = ingest_landing(moving)
    assert again.skipped == 1 and again.moved == 1 and not any(moving.landing_dir.iterdir())
    assert len(list(processed.iterdir())) == 4


def test_processed_area_is_a_setting(settings: Settings, landing: list[Path], tmp_path) -> None:
    moving = replace(settings, landing_after_ingest="move", processed_url=str(tmp_path / "done"))
    assert ingest_landing(moving).moved == 3
    assert len(list((tmp_path / "done").glob("*/*"))) == 3


def test_landing_after_ingest_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_LANDING_AFTER_INGEST", "Move")
    assert Settings.from_env(workdir=tmp_path).landing_after_ingest == "move"
    monkeypatch.setenv("CONTACT_TOPICS_LANDING_AFTER_INGEST", "archive")
    with pytest.raises(SettingsError, match="LANDING_AFTER_INGEST='archive': expected keep or mo"):
        Settings.from_env(workdir=tmp_path)


def test_quarantine_reason_names_the_dag_setting_and_the_setting_works(
    settings: Settings, landing: list[Path], tmp_path: Path
) -> None:
    """Was: "Pass --mapping", which the DAG cannot do."""
    generate(tmp_path / "other", weeks=1, per_week=40, seed=5, start=date(2026, 3, 30))
    odd = settings.landing_dir / "calls_export.csv"  # matches no preset's file name pattern
    shutil.copyfile(next((tmp_path / "other").glob("telephony_*.csv")), odd)
    report = ingest_landing(settings)
    quarantined = settings.workdir / "quarantine" / odd.name
    reason = Path(f"{quarantined}.reason.txt").read_text(encoding="utf-8")
    assert "no mapping matches this file name" in reason
    assert "Set CONTACT_TOPICS_MAPPING" in reason and "--mapping NAME_OR_FILE" in reason
    assert [q["file"] for q in report.quarantined] == [str(quarantined)]
    # With the setting the DAG reads, the same file put back is ingested.
    shutil.copyfile(quarantined, odd)
    chosen = ingest_landing(replace(settings, mapping="council_telephony"))
    assert chosen.quarantined == [] and len(chosen.new_file_ids) == 1
    assert chosen.weeks == ["2026-03-30"]


def test_move_mode_on_a_remote_location_moves_the_original(settings: Settings, tmp_path) -> None:
    """An fsspec location (memory:// here, as s3:// would be): the copy in incoming/ is removed
    and the original is moved within that filesystem."""
    import fsspec

    generate(tmp_path / "exports", weeks=1, per_week=30, seed=8, start=date(2026, 3, 23))
    fs = fsspec.filesystem("memory")
    name = "telephony_2026-W13.csv"
    fs.pipe(f"/h22-land/{name}", (tmp_path / "exports" / name).read_bytes())
    remote = replace(
        settings,
        landing_url="memory://h22-land",
        quarantine_url="memory://h22-quar",
        landing_after_ingest="move",
    )
    today = datetime.now(UTC).date().isoformat()
    try:
        report = ingest_landing(remote)
        # (a memory:// folder, like an S3 prefix, exists only while it holds a file)
        landed = fs.ls("/h22-land", detail=False) if fs.exists("/h22-land") else []
        processed = fs.ls(f"/h22-land_processed/{today}", detail=False)
    finally:
        for folder in ("/h22-land", "/h22-land_processed", "/h22-quar"):
            if fs.exists(folder):
                fs.rm(folder, recursive=True)
    assert report.moved == 1 and len(report.new_file_ids) == 1
    assert landed == [] and processed == [f"/h22-land_processed/{today}/{name}"]
    assert not any((settings.workdir / "incoming").iterdir())


def test_signatures_of_different_listings_agree() -> None:
    """Backends give the modified time as a float, a datetime or a string, and ``ls`` and
    ``info`` of one backend may differ (memory: float vs datetime); the etag may be quoted."""
    from pipelines.ingest.listing_cache import Signature

    when = datetime(2026, 12, 5, 5, 23, 54, 313993, tzinfo=UTC)
    as_float = Signature.of({"size": 3, "created": when.timestamp()})
    assert as_float == Signature.of({"size": 3, "created": when})
    assert as_float == Signature.of({"size": 3, "last_modified": "2026-12-05T05:23:54.313993Z"})
    s3 = Signature.of(
        {"size": 3, "LastModified": when, "ETag": '"9a0364b9e99bb480dd25e1f0284c8555"'}
    )
    assert s3 is not None and s3.etag == "9a0364b9e99bb480dd25e1f0284c8555"
    assert s3 != Signature.of({"size": 3, "LastModified": when, "ETag": '"other"'})
    assert Signature.of({"size": 3}) is None  # nothing to tell a change by: always read
