"""The landing pass: new files ingested through an fsspec URL, a bad one quarantined, re-runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import fsspec

from pipelines.generator import generate
from pipelines.ingest.landing import ingest_landing, list_landing


def test_remote_landing_ingests_good_files_and_quarantines_bad_ones(
    settings, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    generate(exports, weeks=1, per_week=60, seed=2, start=date(2026, 3, 23))
    fs = fsspec.filesystem("memory")
    fs.pipe("/i6-land/telephony_2026-W13.csv", (exports / "telephony_2026-W13.csv").read_bytes())
    fs.pipe("/i6-land/crm_cases_2026-W13.parquet", b"not a parquet file")
    fs.pipe("/i6-land/notes.txt", b"ignored: not an export")
    remote = replace(settings, landing_url="memory://i6-land", quarantine_url="memory://i6-quar")
    try:
        assert list_landing(remote.landing_url) == [
            "memory:///i6-land/crm_cases_2026-W13.parquet",
            "memory:///i6-land/telephony_2026-W13.csv",
        ]
        first = ingest_landing(remote)
        again = ingest_landing(remote)
        reason = fs.cat("/i6-quar/crm_cases_2026-W13.parquet.reason.txt").decode()
        remaining = sorted(fs.ls("/i6-land", detail=False))
    finally:
        fs.rm("/i6-land", recursive=True)
        if fs.exists("/i6-quar"):
            fs.rm("/i6-quar", recursive=True)
    assert first.files_seen == 2 and len(first.new_file_ids) == 1 and first.rows_stored > 0
    assert first.quarantined == [
        {
            "file": "memory:///i6-quar/crm_cases_2026-W13.parquet",
            "reason_file": "memory:///i6-quar/crm_cases_2026-W13.parquet.reason.txt",
        }
    ]
    assert first.weeks == ["2026-03-23"]
    assert "file: memory:///i6-land/crm_cases_2026-W13.parquet" in reason
    assert remaining == ["/i6-land/notes.txt", "/i6-land/telephony_2026-W13.csv"]
    # The second pass leaves the good file unread (listing cache): nothing new, nothing twice.
    assert again.files_seen == 0 and again.new_file_ids == [] and again.quarantined == []
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        stored = con.execute("select count(*) from raw.contacts").fetchone()[0]
    finally:
        con.close()
    assert stored == first.rows_stored
    # XCom gets identifiers and counts only.
    assert set(first.to_xcom()) == {
        "files_seen",
        "new_file_ids",
        "skipped",
        "moved",
        "rows_stored",
        "rows_rejected",
        "quarantined",
        "weeks",
    }
