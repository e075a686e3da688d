"""Files for BI tools: the published DuckDB copy, Parquet and Excel-safe CSV.

Everything is written beside its final name and moved into place, so a reader never sees a
half-written file: a file with ``os.replace`` (atomic), a folder by renaming the old one aside
and the new one in.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl

log = logging.getLogger(__name__)

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    tmp = target.with_name(f".{target.name}.tmp")  # one publisher at a time
    for stale in (tmp, Path(f"{tmp}.wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"attach {_sql_string(str(warehouse))} as warehouse (read_only)")
        con.execute(f"create schema {schema}")
        for table, order in tables.items():
            con.execute(
                f"create table {schema}.{table} as "
                f"select * from warehouse.{schema}.{table} order by {order}"
            )
        con.execute("detach warehouse")
        con.execute("checkpoint")
    finally:
        con.close()
    Path(f"{tmp}.wal").unlink(missing_ok=True)
    os.replace(tmp, target)
    log.info("published DuckDB copy: %s", target)


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


def write_table_files(frame: pl.DataFrame, folder: Path, table: str) -> list[Path]:
    """``<table>.parquet`` and an Excel-safe ``<table>.csv`` (UTF-8 with BOM) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    parquet = folder / f"{table}.parquet"
    csv = folder / f"{table}.csv"
    frame.write_parquet(parquet, compression="zstd")
    excel_safe(frame).write_csv(csv, include_bom=True)
    return [parquet, csv]


def swap_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``, replacing what was there (one publisher at a time)."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def staging_folder(target: Path) -> Path:
    """An empty temporary folder beside ``target`` to build its next version in."""
    tmp = target.with_name(f".{target.name}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp
