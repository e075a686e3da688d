"""Files for BI tools: the published DuckDB copy, Parquet and Excel-safe CSV.

Everything is written beside its final name and moved into place, so a reader never sees a
half-written file: a file with ``os.replace`` (atomic), a folder by renaming the old one aside
and the new one in.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb
import polars as pl

log = logging.getLogger(__name__)

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The storage format of the DuckDB copy: the oldest that DuckDB 2 still writes, so BI drivers
# that bundle DuckDB 1.x can open it (docs/publishing.md says which versions were tried).
COPY_STORAGE_VERSION = "v1.0.0"
# Decimal places in CSV copies (Parquet and DuckDB keep full precision): rates, shares, ratios
# and confidences (0-1 or "times") to 3; every other decimal (scores, averages, hours) to 1.
RATE_COLUMN = re.compile(r"(_rate|_ratio|_share|_confidence|^share_of_.*|^growth_vs_.*|^cohesion)$")
RATE_DECIMALS = 3
OTHER_DECIMALS = 1


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_duckdb_copy(
    warehouse: Path, target: Path, tables: dict[str, str], schema: str = "published"
) -> None:
    """Copy ``schema.<table>`` (ordered by ``tables[table]``) into a new DuckDB file.

    The copy holds only that schema. It is built under a temporary name and swapped in with
    ``os.replace``: a BI tool that has the old copy open keeps reading it until it reconnects.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # A fresh folder beside the target: two publishers never share a temporary name.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _build_duckdb_copy(warehouse, scratch / target.name, tables, schema)
        os.replace(scratch / target.name, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log.info("published DuckDB copy: %s", target)


def _build_duckdb_copy(warehouse: Path, tmp: Path, tables: dict[str, str], schema: str) -> None:
    """Copy the tables with their comments (dbt's descriptions, via ``persist_docs``)."""
    con = duckdb.connect()
    try:
        con.execute(
            f"attach {_sql_string(str(tmp))} as bi_copy "
            f"(storage_version {_sql_string(COPY_STORAGE_VERSION)})"
        )
        con.execute(f"attach {_sql_string(str(warehouse))} as warehouse (read_only)")
        con.execute(f"create schema bi_copy.{schema}")
        for table, order in tables.items():
            con.execute(
                f"create table bi_copy.{schema}.{table} as "
                f"select * from warehouse.{schema}.{table} order by {order}"
            )
        for statement in _comment_statements(con, schema, list(tables)):
            con.execute(statement)
        con.execute("detach warehouse")
        con.execute("checkpoint bi_copy")
        con.execute("detach bi_copy")
    finally:
        con.close()
    Path(f"{tmp}.wal").unlink(missing_ok=True)


def _comment_statements(
    con: duckdb.DuckDBPyConnection, schema: str, tables: list[str]
) -> list[str]:
    """``comment on`` statements that give the copy the warehouse's table and column comments."""
    statements = []
    rows = con.execute(
        "select table_name, null, comment from duckdb_tables() "
        "where database_name = 'warehouse' and schema_name = ? and comment is not null "
        "union all "
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = 'warehouse' and schema_name = ? and comment is not null",
        [schema, schema],
    ).fetchall()
    for table, column, comment in rows:
        if table not in tables or not comment:
            continue
        target = f"bi_copy.{schema}.{table}"
        if column is None:
            statements.append(f"comment on table {target} is {_sql_string(comment)}")
        else:
            statements.append(f'comment on column {target}."{column}" is {_sql_string(comment)}')
    return statements


def excel_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe.

    Numbers, dates and booleans are left as they are (they stay numbers in Excel). Nested
    columns (lists) become text joined with ``"; "`` first, and are then neutralised too.
    """
    fixes = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.List):
            column = column.list.eval(pl.element().cast(pl.String)).list.join("; ")
        elif dtype not in (pl.String, pl.Categorical):
            continue
        text = column.cast(pl.String)
        fixes.append(
            pl.when(_starts_with_any(text)).then(pl.lit("'") + text).otherwise(text).alias(name)
        )
    return frame.with_columns(fixes) if fixes else frame


def _starts_with_any(text: pl.Expr) -> pl.Expr:
    condition = pl.lit(False)
    for prefix in FORMULA_PREFIXES:
        condition = condition | text.str.starts_with(prefix).fill_null(False)
    return condition


def csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Decimals rounded (``RATE_COLUMN`` to 3 places, others to 1), lists joined with ``"; "``
    and line breaks in text cells replaced by spaces, so a spreadsheet shows one line per row."""
    fixes = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype.is_float() or isinstance(dtype, pl.Decimal):
            places = RATE_DECIMALS if RATE_COLUMN.search(name) else OTHER_DECIMALS
            fixes.append(column.round(places))
            continue
        if isinstance(dtype, pl.List):
            column = column.list.eval(pl.element().cast(pl.String)).list.join("; ")
        elif dtype != pl.String:
            continue
        fixes.append(column.str.replace_all(r"\r\n|[\r\n\v\f\x85\u2028\u2029]", " ").alias(name))
    return frame.with_columns(fixes) if fixes else frame


def write_table_files(frame: pl.DataFrame, folder: Path, table: str) -> list[Path]:
    """``<table>.parquet`` (full precision) and an Excel-safe ``<table>.csv`` (UTF-8 with BOM,
    rounded, one line per row) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    parquet = folder / f"{table}.parquet"
    csv = folder / f"{table}.csv"
    frame.write_parquet(parquet, compression="zstd")
    excel_safe(csv_ready(frame)).write_csv(csv, include_bom=True)
    return [parquet, csv]


def swap_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``, replacing what was there.

    The old folder is moved aside under a unique name, so two publishers never collide on a
    temporary name; if another publisher put its folder at ``target`` in between, try again.
    """
    for _ in range(10):
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:12]}")
        with contextlib.suppress(FileNotFoundError):
            target.rename(old)
        try:
            new.rename(target)
        except OSError:  # another publisher's folder arrived at target first: move it aside too
            continue
        finally:
            if old.exists():
                shutil.rmtree(old, ignore_errors=True)
        return
    raise RuntimeError(f"could not put {new} at {target}: other publishers keep replacing it")


def staging_folder(target: Path) -> Path:
    """An empty temporary folder (unique name) beside ``target`` to build its next version in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))


def point_link(link: Path, folder: Path) -> None:
    """Make ``link`` a symbolic link to ``folder`` in one atomic step (``os.replace``).

    A reader of ``link/<file>`` sees the old folder or the new one, never neither. A ``link``
    that is still a real folder (published before links were used) is removed first, once.
    """
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:12]}")
    os.symlink(os.path.relpath(folder, link.parent), tmp, target_is_directory=True)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
