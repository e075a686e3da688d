"""The data dictionary shipped in every week's folder, from the descriptions in dbt's YAML.

dbt writes each published table's and column's description into the warehouse as a comment
(``persist_docs``); the DuckDB copy keeps them, and this module turns them into
``data_dictionary.csv`` and ``data_dictionary.md`` beside the week's files, so a service
manager reading a CSV in Excel has the definitions too.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.publish.files import OTHER_DECIMALS, RATE_COLUMN, RATE_DECIMALS

DICTIONARY_CSV = "data_dictionary.csv"
DICTIONARY_MD = "data_dictionary.md"


def dictionary_frame(
    con: duckdb.DuckDBPyConnection, tables: list[str], week_folder: Path, schema: str = "published"
) -> pl.DataFrame:
    """One row per published column: its table, type, description, CSV precision and whether
    the week's ``public/`` files carry it (read from the files written there)."""
    described = {
        row[0]: " ".join((row[1] or "").split())
        for row in con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = ?", [schema]
        ).fetchall()
    }
    rows = []
    for table in tables:
        public_file = week_folder / "public" / f"{table}.parquet"
        public_columns = set(pl.read_parquet_schema(public_file)) if public_file.exists() else set()
        for column, data_type, comment in con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where schema_name = ? and table_name = ? order by column_index",
            [schema, table],
        ).fetchall():
            rows.append(
                {
                    "table_name": table,
                    "table_description": described.get(table, ""),
                    "column_name": column,
                    "data_type": data_type,
                    "description": " ".join((comment or "").split()),
                    "csv_decimal_places": _decimals(column, data_type),
                    "in_public_files": column in public_columns,
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "table_name": pl.String,
            "table_description": pl.String,
            "column_name": pl.String,
            "data_type": pl.String,
            "description": pl.String,
            "csv_decimal_places": pl.Int64,
            "in_public_files": pl.Boolean,
        },
    )


def _decimals(column: str, data_type: str) -> int | None:
    if data_type not in ("DOUBLE", "FLOAT", "REAL") and not data_type.startswith("DECIMAL"):
        return None
    return RATE_DECIMALS if RATE_COLUMN.search(column) else OTHER_DECIMALS


def write_data_dictionary(
    con: duckdb.DuckDBPyConnection, tables: list[str], week_folder: Path
) -> list[Path]:
    """Write ``data_dictionary.csv`` (UTF-8 with BOM, for Excel) and ``data_dictionary.md``."""
    frame = dictionary_frame(con, tables, week_folder)
    csv_path = week_folder / DICTIONARY_CSV
    md_path = week_folder / DICTIONARY_MD
    frame.write_csv(csv_path, include_bom=True)
    md_path.write_text(_markdown(frame), encoding="utf-8")
    return [csv_path, md_path]


def _markdown(frame: pl.DataFrame) -> str:
    lines = [
        "# Data dictionary",
        "",
        "Every published table and column, from the descriptions in the dbt project. CSV copies",
        f"round rates, shares and ratios to {RATE_DECIMALS} decimal places and other decimals to "
        f"{OTHER_DECIMALS};",
        "Parquet and the DuckDB copy keep full precision. `public/` files carry only the columns",
        "marked public, with small numbers suppressed.",
    ]
    for table, columns in frame.group_by("table_name", maintain_order=True):
        lines += ["", f"## {table[0]}", "", columns["table_description"][0] or "(no description)"]
        lines += ["", "| Column | Type | Public | Description |", "| --- | --- | --- | --- |"]
        for row in columns.iter_rows(named=True):
            public = "yes" if row["in_public_files"] else "no"
            text = row["description"].replace("|", "\\|") or "(no description)"
            lines.append(f"| `{row['column_name']}` | {row['data_type']} | {public} | {text} |")
    return "\n".join(lines) + "\n"
