"""The demo, end to end: generate -> ingest -> dbt -> classify -> validate -> publish.

Runs the real command once per session on a temporary work directory, then checks what it
made against the generator's ground truth (which the pipeline never reads).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.publish.outputs import PUBLISHED_TABLES
from pipelines.warehouse import fetch_frame

pytestmark = pytest.mark.slow
PERSONAL_COLUMN_WORDS = ("text", "caller", "pseudonym", "email", "phone", "name_of")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("demo") / "work"
    code = main(
        ["demo", "--workdir", str(workdir), "--weeks", "10", "--per-week", "600", "--seed", "11"]
    )
    assert code == 0
    return workdir


@pytest.fixture(scope="module")
def warehouse(demo: Path):
    con = duckdb.connect(str(demo / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def test_demo_outputs_exist(demo: Path, warehouse) -> None:
    for table in PUBLISHED_TABLES:
        path = demo / "published" / f"{table}.parquet"
        assert path.stat().st_size > 0
        assert (
            pl.read_parquet(path).height
            == warehouse.execute(f"select count(*) from published.{table}").fetchone()[0]
            > 0
        )
    assert (demo / "models" / "current").exists()
    model_dir = demo / "models" / (demo / "models" / "current").read_text().strip()
    assert (model_dir / "model.json").exists()
    assert any((demo / "landing").iterdir())
    for checkpoint in ("raw_contacts", "published"):  # each run's result, kept in the workdir
        kept = sorted((demo / "validation" / checkpoint).glob("*.json"))
        assert kept, checkpoint
        result = json.loads(kept[-1].read_text())
        assert result["checkpoint"] == checkpoint and result["success"] is True
        assert len(result["results"]) > 5


def test_the_bi_copy_explains_every_column(demo: Path) -> None:
    """dbt's descriptions reach the BI copy as comments (persist_docs) and the data dictionary."""
    with duckdb.connect(str(demo / "published" / "contact_topics.duckdb"), read_only=True) as con:
        undescribed_tables = con.execute(
            "select table_name from duckdb_tables() "
            "where schema_name = 'published' and coalesce(comment, '') = ''"
        ).fetchall()
        undescribed = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where schema_name = 'published' and coalesce(comment, '') = ''"
        ).fetchall()
        columns = con.execute(
            "select count(*) from duckdb_columns() where schema_name = 'published'"
        ).fetchone()[0]
    assert undescribed_tables == [] and undescribed == []
    dictionary = pl.read_csv(demo / "published" / "latest" / "data_dictionary.csv")
    assert dictionary.height == columns
    assert dictionary["description"].str.len_chars().min() > 0


def test_every_input_row_is_stored_or_rejected(demo: Path, warehouse) -> None:
    read = 0
    for path in sorted((demo / "landing").iterdir()):
        if path.suffix == ".csv":
            read += pl.read_csv(path, infer_schema=False).height
        elif path.suffix == ".parquet":
            read += pl.read_parquet(path).height
        elif path.suffix == ".jsonl":
            read += sum(1 for line in path.read_text().splitlines() if line.strip())
    stored, rejected, manifest_read = warehouse.execute("""
        select (select count(*) from raw.contacts), (select count(*) from raw.rejected_rows),
               (select sum(rows_read) from raw.ingest_manifest)""").fetchone()
    assert read == manifest_read == stored + rejected
    assert rejected > 0, "the generator's malformed rows should have been rejected"


def test_published_tables_hold_no_personal_data(demo: Path, warehouse) -> None:
    planted = pl.read_csv(demo / "ground_truth" / "personal_data.csv", infer_schema=False)
    values = {v.lower() for v in planted["value"].drop_nulls().to_list() if len(v) >= 5}
    assert values
    tables = warehouse.execute("""
        select table_schema, table_name, column_name from information_schema.columns
        where data_type = 'VARCHAR'""").fetchall()
    leaks = []
    for schema, table, column in tables:
        texts = warehouse.execute(
            f'select distinct lower("{column}") from "{schema}"."{table}" '
            f'where "{column}" is not null'
        ).fetchall()
        everything = "\n".join(t[0] for t in texts)
        found = {v for v in values if v in everything}
        if found:
            leaks.append((schema, table, column, sorted(found)[:3]))
    assert not leaks, f"personal data stored: {leaks}"
    for schema, table, column in tables:
        if schema == "published":
            assert not any(word in column for word in PERSONAL_COLUMN_WORDS), (table, column)


def test_classifier_accuracy_on_contacts_it_never_trained_on(demo: Path, warehouse) -> None:
    truth = pl.read_csv(demo / "ground_truth" / "ground_truth.csv", infer_schema=False)
    predicted = fetch_frame(
        warehouse,
        """
        select facts.source_system, facts.contact_id, facts.topic_id, facts.wrap_up_code
        from published.fct_contacts as facts
        inner join staging.stg_raw__contacts as contacts
            on facts.source_system = contacts.source_system
            and facts.contact_id = contacts.contact_id
        where length(trim(coalesce(contacts.text_redacted, ''))) > 0
        """,
    )
    known_topics = {
        row[0] for row in warehouse.execute("select topic_id from published.dim_topics").fetchall()
    }
    joined = predicted.join(
        truth.select("source_system", "contact_id", pl.col("topic_id").alias("true_topic")),
        on=["source_system", "contact_id"],
        how="inner",
    )
    # Held out: no wrap-up code, so never a training example; topics the taxonomy knows; with text.
    held_out = joined.filter(
        pl.col("wrap_up_code").is_null() & pl.col("true_topic").is_in(list(known_topics))
    )
    assert held_out.height > 500
    classified = held_out.filter(pl.col("topic_id") != "unclassified")
    accuracy = (classified["topic_id"] == classified["true_topic"]).mean()
    coverage = classified.height / held_out.height
    print(
        f"held-out contacts {held_out.height}: accuracy {accuracy:.3f} on the "
        f"{coverage:.1%} classified"
    )
    assert accuracy >= 0.9
    assert coverage >= 0.8


def test_weekly_totals_match_the_contacts(warehouse) -> None:
    mismatches = warehouse.execute("""
        with trends as (
            select week_start, sum(contacts) as contacts from published.topic_weekly_trends
            where channel = 'all' group by week_start
        ), facts as (
            select week_start, count(*) as contacts from published.fct_contacts group by week_start
        )
        select * from trends full outer join facts using (week_start)
        where trends.contacts is distinct from facts.contacts
    """).fetchall()
    assert mismatches == []


def test_rerun_changes_nothing(demo: Path, warehouse) -> None:
    before = {
        t: warehouse.execute(f"select count(*) from published.{t}").fetchone()[0]
        for t in PUBLISHED_TABLES
    }
    trends_before = pl.read_parquet(demo / "published" / "topic_weekly_trends.parquet")
    warehouse.close()
    assert main(["run", "--workdir", str(demo)]) == 0
    con = duckdb.connect(str(demo / "warehouse.duckdb"), read_only=True)
    try:
        after = {
            t: con.execute(f"select count(*) from published.{t}").fetchone()[0]
            for t in PUBLISHED_TABLES
        }
    finally:
        con.close()
    assert after == before
    trends_after = pl.read_parquet(demo / "published" / "topic_weekly_trends.parquet")
    assert trends_after.equals(trends_before)
