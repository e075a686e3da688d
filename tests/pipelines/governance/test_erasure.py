"""Erasure and subject access on a demo work directory: every trace of one generated caller."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.governance.erasure import erase
from pipelines.governance.subject_access import subject_access
from pipelines.ingest import ingest_paths
from pipelines.privacy.pseudonymise import normalise_caller_ref, pseudonym
from pipelines.settings import Settings
from pipelines.warehouse import open_warehouse
from tests.pipelines.governance.conftest import CALLER_COLUMNS, caller_refs


def _phone_caller(settings: Settings) -> str:
    """A generated phone caller with contacts in several weeks (normalised, 07...)."""
    counts = caller_refs(settings.landing_dir)
    phones = [(n, ref) for ref, n in counts.items() if ref.startswith("07")]
    return max(phones)[1]


def _uk_written(normalised: str) -> str:
    """The same number as a person might say it: +44 (0)7xxx xxx xxx."""
    return f"+44 (0){normalised[1:5]} {normalised[5:8]} {normalised[8:]}"


def _rows_with(con: duckdb.DuckDBPyConnection, needles: list[str]) -> dict[str, int]:
    """Rows of every table and view (any schema) with a cell that is one of ``needles``."""
    found: dict[str, int] = {}
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database()"
    ).fetchall()
    for schema, table in tables:
        columns = [
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? and data_type = 'VARCHAR'",
                [schema, table],
            ).fetchall()
        ]
        if not columns:
            continue
        where = " or ".join(f'"{c}" in (select unnest(?))' for c in columns)
        params = [needles] * len(columns)
        n = con.execute(f'select count(*) from "{schema}"."{table}" where {where}', params)
        count = n.fetchone()[0]  # type: ignore[index]
        if count:
            found[f"{schema}.{table}"] = count
    return found


def _file_hits(folder: Path, needles: list[str]) -> list[str]:
    """Files under ``folder`` whose bytes hold any needle (Parquet read as a frame)."""
    hits = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if path.suffix == ".duckdb":
                continue
            if path.suffix == ".parquet":
                text = pl.read_parquet(path).write_csv()
            else:
                text = path.read_bytes().decode("utf-8", "replace")
            if any(needle in text for needle in needles):
                hits.append(str(path))
    return hits


def _landing_refs(landing: Path, normalised: str) -> int:
    return caller_refs(landing)[normalised]


def test_erasure_removes_every_trace_of_one_caller(demo_copy: Settings) -> None:
    settings = demo_copy
    normalised = _phone_caller(settings)
    key = settings.resolved_pseudonym_key()
    hashed = pseudonym(normalised, key)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        contact_ids = [
            r[0]
            for r in con.execute(
                "select distinct contact_id from raw.contacts where caller_pseudonym = ?",
                [hashed],
            ).fetchall()
        ]
        before = _rows_with(con, [hashed, *contact_ids])
        stored_before = con.execute("select count(*) from raw.contacts").fetchone()[0]  # type: ignore[index]
    assert len(contact_ids) >= 3
    assert before["raw.contacts"] >= len(contact_ids)
    assert _file_hits(settings.published_dir, contact_ids)
    assert _landing_refs(settings.landing_dir, normalised) >= 3

    dry = erase(settings, _uk_written(normalised), dry_run=True)
    assert dry.contacts == len(contact_ids) and dry.file_rows_removed >= 3
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        assert _rows_with(con, [hashed, *contact_ids]) == before  # a dry run changes nothing

    report = erase(settings, _uk_written(normalised))
    assert report.contacts == len(contact_ids)
    assert report.rows_deleted["raw.contacts"] == before["raw.contacts"]
    assert report.files_not_checked == []

    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        assert _rows_with(con, [hashed, *contact_ids]) == {}
        stored_after = con.execute("select count(*) from raw.contacts").fetchone()[0]  # type: ignore[index]
        weeks = con.execute("select week_start from ops.republish_requests").fetchall()
        manifest = con.execute(
            "select count(*) from raw.ingest_manifest "
            "where rows_read <> rows_stored + rows_rejected"
        ).fetchone()[0]  # type: ignore[index]
    assert stored_after == stored_before - before["raw.contacts"]
    assert sorted(str(w[0]) for w in weeks) == report.weeks_to_republish
    assert manifest == 0
    for db in (settings.warehouse_path, settings.published_dir / "contact_topics.duckdb"):
        with duckdb.connect(str(db), read_only=True) as con:
            assert _rows_with(con, [hashed, *contact_ids]) == {}, db
    assert _landing_refs(settings.landing_dir, normalised) == 0
    assert _file_hits(settings.published_dir, contact_ids) == []
    assert _file_hits(settings.workdir, [normalised, _uk_written(normalised)]) == []

    # the rewritten files keep their other rows and are not ingested again
    again = ingest_paths(settings, [settings.landing_dir])
    assert {f.status for f in again.files} == {"skipped"}


def test_unknown_caller_erases_nothing(demo_copy: Settings) -> None:
    settings = demo_copy
    landing = {p.name: p.read_bytes() for p in settings.landing_dir.iterdir()}
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = con.execute("select count(*) from raw.contacts").fetchone()
    report = erase(settings, "07000 000000")
    assert report.total == 0 and report.contacts == 0
    assert "nothing to erase (0 rows)" in report.describe()
    assert {p.name: p.read_bytes() for p in settings.landing_dir.iterdir()} == landing
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        assert con.execute("select count(*) from raw.contacts").fetchone() == rows
        assert con.execute("select count(*) from ops.republish_requests").fetchone() == (0,)


def test_erasure_while_a_run_holds_the_work_directory_is_refused(
    demo_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from pipelines.cli.main import main
    from pipelines.orchestration import workdir_lock

    normalised = _phone_caller(demo_copy)
    landing = {p.name: p.read_bytes() for p in demo_copy.landing_dir.iterdir()}
    with workdir_lock(demo_copy.workdir):
        code = main(
            ["governance", "erase", "--workdir", str(demo_copy.workdir), "--caller-id", normalised]
        )
    assert code == 1
    assert "is busy" in caplog.text
    assert {p.name: p.read_bytes() for p in demo_copy.landing_dir.iterdir()} == landing
    with open_warehouse(demo_copy.warehouse_path, read_only=True) as con:
        assert con.execute(
            "select count(*) from ops.audit_log where action = 'erasure'"
        ).fetchone() == (0,)


def test_subject_access_returns_exactly_their_rows(demo_copy: Settings, tmp_path: Path) -> None:
    settings = demo_copy
    normalised = _phone_caller(settings)
    counts = subject_access(settings, _uk_written(normalised), tmp_path / "sar.json")
    document = json.loads((tmp_path / "sar.json").read_text())
    exported = {(c["source_system"], c["contact_id"]) for c in document["contacts"]}

    # what the landing files say this caller sent, read independently of the code under test
    expected: set[tuple[str, str]] = set()
    id_columns = {".csv": ("telephony", "Call ID"), ".jsonl": ("webchat", "chat_id")}
    for path in settings.landing_dir.iterdir():
        source, id_column = id_columns.get(path.suffix, ("crm", "case_ref"))
        column = CALLER_COLUMNS[path.suffix]
        if path.suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        elif path.suffix == ".jsonl":
            frame = pl.read_ndjson(path)
        else:
            frame = pl.read_parquet(path)
        for row in frame.iter_rows(named=True):
            if row[column] and normalise_caller_ref(str(row[column])) == normalised:
                expected.add((source, str(row[id_column])))
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        stored = {
            (r[0], r[1])
            for r in con.execute("select source_system, contact_id from raw.contacts").fetchall()
        }
    expected &= stored  # rows ingest rejected are not held as contacts
    assert expected and exported == expected
    assert counts["contacts"] == len(expected)
    assert all(c["text_redacted"] is not None for c in document["contacts"])
    assert normalised not in (tmp_path / "sar.json").read_text()
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        audit = con.execute(
            "select object, details from ops.audit_log where action = 'subject_access'"
        ).fetchall()
    assert len(audit) == 1 and normalised not in audit[0][1]


@pytest.mark.parametrize("caller_id", ["", "   "])
def test_an_empty_caller_id_is_refused(demo_copy: Settings, caller_id: str) -> None:
    from pipelines.governance.erasure import ErasureError

    with pytest.raises(ErasureError, match="empty"):
        erase(demo_copy, caller_id)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def test_erasure_removes_their_words_from_published_phrasings(demo_copy: Settings) -> None:
    """A caller whose redacted text is one of a published table's representative phrasings."""
    settings = demo_copy
    key = settings.resolved_pseudonym_key()
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        cells = [
            r[0]
            for r in con.execute(
                "select representative_phrasings from published.automation_candidates "
                "where representative_phrasings is not null"
            ).fetchall()
        ]
        phrasings = {_squeezed(p).removesuffix("…").strip() for c in cells for p in c.split(" | ")}
        chosen = None
        for ref in caller_refs(settings.landing_dir):
            texts = [
                r[0]
                for r in con.execute(
                    "select text_redacted from raw.contacts where caller_pseudonym = ? "
                    "and text_redacted is not null",
                    [pseudonym(ref, key)],
                ).fetchall()
            ]
            mine = [p for p in phrasings if len(p) > 20 and any(p in _squeezed(t) for t in texts)]
            if mine:
                chosen = (ref, mine)
                break
    assert chosen is not None, "no caller's words among the published phrasings"
    ref, mine = chosen
    assert _file_hits(settings.published_dir, mine)

    report = erase(settings, ref)
    assert report.phrasings_removed >= 1
    assert _file_hits(settings.published_dir, mine) == []
    with duckdb.connect(str(settings.published_dir / "contact_topics.duckdb")) as con:
        copy = " ".join(
            _squeezed(str(r[0]))
            for r in con.execute(
                "select representative_phrasings from published.automation_candidates"
            ).fetchall()
        )
    assert not any(p in copy for p in mine)


def test_erasure_while_another_process_writes_the_warehouse_is_refused(
    demo_copy: Settings,
) -> None:
    """A DAG task holds warehouse.duckdb (not the work-directory lock): busy, nothing changed."""
    import subprocess
    import sys

    from pipelines.warehouse import WarehouseBusyError

    normalised = _phone_caller(demo_copy)
    landing = {p.name: p.read_bytes() for p in demo_copy.landing_dir.iterdir()}
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(120)", str(demo_copy.warehouse_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseBusyError, match="in use by another process"):
            erase(demo_copy, normalised)
    finally:
        holder.kill()
        holder.wait()
    assert {p.name: p.read_bytes() for p in demo_copy.landing_dir.iterdir()} == landing
    with open_warehouse(demo_copy.warehouse_path, read_only=True) as con:
        assert (
            con.execute(
                "select count(*) from raw.contacts where caller_pseudonym = ?",
                [pseudonym(normalised, demo_copy.resolved_pseudonym_key())],
            ).fetchone()[0]
            > 0
        )  # type: ignore[index]


def test_no_warehouse_is_a_clear_error_and_creates_nothing(tmp_path: Path) -> None:
    settings = Settings.from_env(workdir=tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="no warehouse"):
        erase(settings, "07700 900123")
    with pytest.raises(FileNotFoundError, match="no warehouse"):
        subject_access(settings, "07700 900123", tmp_path / "sar.json")
    assert not settings.warehouse_path.exists() and not (tmp_path / "sar.json").exists()


def test_erasure_rewrites_archived_files_and_the_next_run_republishes_the_weeks(
    demo_copy: Settings,
) -> None:
    """After retention moved the landing files to the archive, erasure rewrites them there; the
    weeks it queues are the late weeks the next weekly run's own plan republishes."""
    from dataclasses import replace
    from datetime import UTC, date, datetime, timedelta

    from pipelines.governance.retention import apply_retention
    from pipelines.orchestration.weekly_runs import plan_for_week, record_published
    from pipelines.weeks import week_of

    settings = replace(demo_copy, retention_landing_days=1)
    normalised = _phone_caller(settings)
    apply_retention(settings, now=datetime.now(UTC) + timedelta(days=2))
    archive = settings.workdir / "archive"
    assert not [p for p in settings.landing_dir.iterdir() if p.is_file()]
    assert _landing_refs(next(p.parent for p in archive.rglob("*.csv")), normalised) >= 1
    weeks = [week_of(date(2026, 3, 2) + timedelta(days=7 * i)) for i in range(3)]
    for week in weeks:  # the three weeks published by weekly runs, as record_week does
        record_published(settings, plan_for_week(settings, week, "scheduled"), f"run-{week.start}")
    assert plan_for_week(settings, week_of(date(2026, 3, 23)), "scheduled").late_weeks == []

    # their contacts also have an analyst's correction (twice: history) and a discovery theme
    hashed = pseudonym(normalised, settings.resolved_pseudonym_key())
    with open_warehouse(settings.warehouse_path) as con:
        theirs = con.execute(
            "select distinct source_system, contact_id from raw.contacts "
            "where caller_pseudonym = ?",
            [hashed],
        ).fetchall()
        for source, contact in theirs:
            con.execute(
                "insert into ml.discovery_assignments values (?, ?, date '2026-03-16', 'E0042')",
                [source, contact],
            )
    from pipelines.topics import import_reviews

    rows = "".join(f"{s},{c},fly_tipping,sam,resident said so\n" for s, c in theirs)
    for name in ("first.csv", "second.csv"):
        reviews = settings.workdir.parent / name
        reviews.write_text("source_system,contact_id,topic_id,reviewed_by,note\n" + rows)
        import_reviews(settings, reviews)
        reviews.unlink()
    ids = [c for _, c in theirs]

    report = erase(settings, normalised)
    assert report.files_rewritten >= 1 and report.files_not_checked == []
    assert report.rows_deleted["ml.reviewed_topics"] == len(theirs)
    assert report.rows_deleted["ml.reviewed_topics_history"] == 2 * len(theirs)
    assert report.rows_deleted["ml.discovery_assignments"] == len(theirs)
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        assert _rows_with(con, [hashed, *ids]) == {}
    for folder in {p.parent for p in archive.rglob("*") if p.is_file()}:
        assert _landing_refs(folder, normalised) == 0, folder
    assert _file_hits(settings.workdir, [normalised, _uk_written(normalised)]) == []
    plan = plan_for_week(settings, week_of(date(2026, 3, 23)), "scheduled")
    assert [str(d) for d in plan.late_weeks] == report.weeks_to_republish != []


def test_subject_access_as_csv_holds_the_same_contacts(demo_copy: Settings, tmp_path: Path) -> None:
    normalised = _phone_caller(demo_copy)
    as_json = subject_access(demo_copy, normalised, tmp_path / "sar.json")
    as_csv = subject_access(demo_copy, _uk_written(normalised), tmp_path / "sar.csv")
    document = json.loads((tmp_path / "sar.json").read_text())
    table = pl.read_csv(tmp_path / "sar.csv", infer_schema=False)
    assert as_csv == as_json and table.height == as_json["rows"] > 0
    assert sorted(zip(table["source_system"], table["contact_id"], strict=True)) == sorted(
        (c["source_system"], c["contact_id"]) for c in document["contacts"]
    )
    assert normalised not in (tmp_path / "sar.csv").read_text()
