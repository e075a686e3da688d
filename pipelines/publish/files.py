"""Files for BI tools: the published DuckDB copy, Parquet and Excel-safe CSV.

Everything is written beside its final name and moved into place, so a reader never sees a
half-written file: a file with ``os.replace`` (atomic), a folder by renaming the old one aside
and the new one in.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import uuid
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
    # A fresh folder beside the target: two publishers never share a temporary name.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _build_duckdb_copy(warehouse, scratch / target.name, tables, schema)
        os.replace(scratch / target.name, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log.info("published DuckDB copy: %s", target)


def _build_duckdb_copy(warehouse: Path, tmp: Path, tables: dict[str, str], schema: str) -> None:
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
