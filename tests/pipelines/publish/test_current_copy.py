"""The current BI copy (contact_topics.duckdb, top-level Parquet) never moves back (issue 22).

Publishing a week older than the newest week published writes only that week's folder; the
copy is rebuilt only for the newest week (``week_folder=False`` rebuilds nothing else).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.outputs import DUCKDB_COPY, PUBLISHED_TABLES, publish
from pipelines.settings import Settings
from tests.pipelines.published_tables import WEEKS, write_warehouse


@pytest.fixture
def published(settings: Settings) -> Settings:
    write_warehouse(settings.warehouse_path)
    return settings


def _rename_bins(settings: Settings, name: str) -> None:
    """A change in the warehouse's published tables, as a rebuild as of another week makes."""
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        con.execute(
            "update published.dim_topics set topic_name = ? where topic_id = 'bins'", [name]
        )
    finally:
        con.close()


def _current(settings: Settings) -> tuple[str, dict[str, str]]:
    """The bins topic's name in the BI copy, and the top-level Parquet files' hashes."""
    out = settings.published_dir
    con = duckdb.connect(str(out / DUCKDB_COPY), read_only=True)
    try:
        (name,) = con.execute(
            "select topic_name from published.dim_topics where topic_id = 'bins'"
        ).fetchone()
    finally:
        con.close()
    hashes = {
        t: hashlib.sha256((out / f"{t}.parquet").read_bytes()).hexdigest() for t in PUBLISHED_TABLES
    }
    return name, hashes


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_an_older_week_writes_its_folder_and_leaves_the_current_copy(published: Settings) -> None:
    newest = publish(published, week=WEEKS[2])
    before = _current(published)
    _rename_bins(published, "As of an older week")
    older = publish(published, week=WEEKS[0])
    assert _current(published) == before  # the copy and top-level files did not move back
    assert newest.current and not older.current and older.files == {}
    assert "not changed: a newer week is published" in older.locations()[0]
    # The older week's own folder has the older build.
    folder = published.published_dir / "weeks" / WEEKS[0].isoformat()
    con = duckdb.connect()
    try:
        (name,) = con.execute(
            "select topic_name from read_parquet(?) where topic_id = 'bins'",
            [str(folder / "internal" / "dim_topics.parquet")],
        ).fetchone()
    finally:
        con.close()
    assert name == "As of an older week"
    assert not list(published.published_dir.glob(".publish.*"))  # no scratch copy left


def test_the_current_copy_alone_is_rebuilt_for_the_newest_week(published: Settings) -> None:
    publish(published, week=WEEKS[2])
    newest_folder = published.published_dir / "weeks" / WEEKS[2].isoformat()
    folder_before = _folder_bytes(newest_folder)
    _rename_bins(published, "Rebuilt as of the newest week")
    report = publish(published, week=WEEKS[2], week_folder=False)
    assert report.current
    name, hashes = _current(published)
    assert name == "Rebuilt as of the newest week"
    assert _folder_bytes(newest_folder) == folder_before  # its folder was not rewritten
    weeks = (published.published_dir / "weeks").iterdir()
    assert sorted(p.name for p in weeks if p.is_dir()) == [WEEKS[2].isoformat()]


def test_the_first_publish_and_a_newer_week_write_the_current_copy(published: Settings) -> None:
    first = publish(published, week=WEEKS[0])
    assert first.current and (published.published_dir / DUCKDB_COPY).exists()
    _rename_bins(published, "Newer")
    assert publish(published, week=WEEKS[1]).current
    assert _current(published)[0] == "Newer"
