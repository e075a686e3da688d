"""The DuckDB warehouse: connections and the tables that Python steps write.

dbt owns everything in the ``staging``, ``intermediate`` and ``published`` schemas; Python owns
``raw`` (ingest), ``ml`` (classification, reviewed labels, topic discovery) and ``ops`` (weeks
published), and every table of those is created here, by :data:`DDL`, whenever the warehouse is
opened for writing. DuckDB allows one writing
process at a time: open a connection, do the step's work in a transaction, close it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

DDL = """
create schema if not exists raw;
create schema if not exists ml;

create table if not exists raw.contacts (
    source_system varchar not null,
    contact_id varchar not null,
    started_at timestamptz not null,
    ended_at timestamptz,
    handle_seconds integer,
    wait_seconds integer,
    channel varchar not null,
    queue varchar,
    wrap_up_code varchar,
    outcome varchar not null,
    caller_pseudonym varchar,
    text_redacted varchar,
    redaction_count integer not null,
    vulnerability_flag boolean not null,
    updated_at timestamptz,
    ingest_file_id varchar not null,
    source_row_number integer not null,
    ingested_at timestamptz not null
);

create table if not exists raw.rejected_rows (
    ingest_file_id varchar not null,
    file_path varchar not null,
    source_row_number integer not null,
    column_name varchar,
    reason varchar not null,
    record_redacted varchar,
    rejected_at timestamptz not null
);

create table if not exists raw.ingest_manifest (
    ingest_file_id varchar primary key,
    file_path varchar not null,
    source_system varchar not null,
    mapping_name varchar not null,
    file_format varchar not null,
    rows_read integer not null,
    rows_stored integer not null,
    rows_rejected integer not null,
    ingested_at timestamptz not null
);

create table if not exists raw.topics (
    topic_id varchar primary key,
    topic_name varchar not null,
    service_area varchar not null,
    lgsl_code integer,
    description varchar not null,
    is_safeguarding boolean not null,
    loaded_at timestamptz not null
);

create table if not exists raw.topic_wrap_up_codes (
    wrap_up_code varchar primary key,
    topic_id varchar not null
);

create table if not exists ml.contact_topics (
    source_system varchar not null,
    contact_id varchar not null,
    contact_updated_at timestamptz,
    predicted_topic_id varchar not null,
    topic_id varchar not null,
    confidence double not null,
    model_version varchar not null,
    classified_at timestamptz not null,
    primary key (source_system, contact_id)
);

-- topic discovery (pipelines/discovery/weekly.py; docs/discovery.md)
create table if not exists ml.discovery_weeks (
    week_start date primary key,
    texts integer not null,
    clusters integer not null,
    noise integer not null,
    model_version varchar,
    processed_at timestamptz not null
);

create table if not exists ml.discovery_cluster_weeks (
    week_start date not null,
    cluster_id varchar not null,
    contacts integer not null,
    label varchar not null,
    cohesion double not null,
    profile varchar not null,
    representative_texts varchar not null,
    primary key (week_start, cluster_id)
);

create table if not exists ml.discovery_assignments (
    source_system varchar not null,
    contact_id varchar not null,
    week_start date not null,
    cluster_id varchar not null,
    primary key (source_system, contact_id)
);

-- reviewed labels (pipelines/topics/reviewed_labels.py): an analyst's topic wins
create table if not exists ml.reviewed_topics (
    source_system varchar not null,
    contact_id varchar not null,
    topic_id varchar not null,
    reviewed_by varchar,
    note varchar,
    reviewed_at timestamptz not null,
    source_file varchar not null,
    primary key (source_system, contact_id)
);

-- retrain decisions (pipelines/topics/registry.py)
create table if not exists ml.topic_model_history (
    version varchar not null,
    decided_at timestamptz not null,
    promoted boolean not null,
    reason varchar not null,
    previous_version varchar,
    macro_f1 double,
    compared_texts integer,
    compared_macro_f1 double,
    previous_compared_macro_f1 double,
    accuracy double,
    threshold double,
    n_train integer,
    n_labels integer,
    n_heldout integer,
    training_fingerprint varchar
);

-- weeks the weekly DAG published (pipelines/orchestration/weekly_runs.py)
create schema if not exists ops;
create table if not exists ops.published_weeks (
    week_start date primary key,
    week_end date not null,
    published_at timestamptz not null,
    run_id varchar not null,
    reason varchar not null
);

-- governance (pipelines/governance; docs/governance.md). The audit log is append-only: code
-- only ever inserts into it. Details are JSON with counts and names, never a caller id.
create sequence if not exists ops.audit_log_seq;
create table if not exists ops.audit_log (
    audit_id bigint primary key default nextval('ops.audit_log_seq'),
    logged_at timestamptz not null,
    actor varchar not null,
    action varchar not null,
    object varchar,
    details json not null
);
-- weeks an erasure changed: the next weekly run republishes them (weekly_runs.late_weeks)
create table if not exists ops.republish_requests (
    week_start date not null,
    requested_at timestamptz not null,
    reason varchar not null
);
-- per-contact flags kept when retention removes a contact's text and pseudonym (decision 0019;
-- pipelines/governance/contact_text.py): the marts read these instead of recomputing them
create table if not exists raw.contact_flags_frozen (
    source_system varchar not null,
    contact_id varchar not null,
    started_at timestamptz not null,
    is_repeat_contact boolean not null,
    has_repeat_within_7_days boolean not null,
    is_same_topic_repeat boolean not null,
    has_failure_wording boolean not null,
    frozen_at timestamptz not null,
    primary key (source_system, contact_id)
);
-- every reviewed label ever imported (ml.reviewed_topics keeps the latest per contact)
create table if not exists ml.reviewed_topics_history (
    source_system varchar not null,
    contact_id varchar not null,
    topic_id varchar not null,
    reviewed_by varchar,
    note varchar,
    reviewed_at timestamptz not null,
    source_file varchar not null
);
"""


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse file (DuckDB allows one writer at a time)."""


def _duckdb_connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseBusyError(
            f"the warehouse {path} is in use by another process (DuckDB allows one writer, and "
            f"no other process while it writes): wait for the other run to finish, then run "
            f"again. BI tools read published/contact_topics.duckdb, never this file. ({exc})"
        ) from exc


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file (creating its folder and the Python-owned tables).

    Raises :class:`WarehouseBusyError` when another process holds it.
    """
    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no warehouse at {path}: run ingest first")
        return _duckdb_connect(path, read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _duckdb_connect(path, read_only=False)
    con.execute(DDL)
    return con


@contextmanager
def open_warehouse(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def fetch_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> pl.DataFrame:
    """Run a query and return a polars frame (DuckDB 2 relation API: no extra copy)."""
    return con.sql(sql, params=params).pl()


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    """The single number a ``select count(*) ...`` returns (0 when it returns no row)."""
    rows = con.execute(sql, params).fetchall()  # fetch all: DuckDB leaves no result open
    return int(rows[0][0]) if rows else 0


def base_table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Every base table of the warehouse (``schema.table``) and its column names."""
    rows = con.execute(
        """
        select t.table_schema || '.' || t.table_name, c.column_name
        from information_schema.tables as t
        join information_schema.columns as c using (table_catalog, table_schema, table_name)
        where t.table_type = 'BASE TABLE' and t.table_catalog = current_database()
        """
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables
