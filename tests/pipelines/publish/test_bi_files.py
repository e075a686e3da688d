"""Issue 23: the files that Power BI (Parquet) and Excel (CSV) are pointed at, checked on Linux.

Neither Power BI nor Excel runs here; this checks what docs/publishing.md says about the files
they open: through ``latest/``, every Parquet file is read by pyarrow as one table of the
published columns and rows; every CSV file is UTF-8 with a byte-order mark, comma-separated,
one line per row, with the same header and row count as its Parquet file.
"""

from __future__ import annotations

import csv

import pyarrow.parquet as pq

from pipelines.publish.outputs import publish
from pipelines.settings import Settings
from tests.pipelines.published_tables import write_warehouse


def test_power_bi_and_excel_files_read_as_documented(settings: Settings) -> None:
    write_warehouse(settings.warehouse_path)
    publish(settings)
    latest = settings.published_dir / "latest"
    checked = 0
    for audience in ("internal", "public"):
        folder = latest / audience
        parquets = sorted(folder.glob("*.parquet"))
        assert parquets, folder
        for parquet in parquets:
            table = pq.read_table(parquet)  # what Get data > Parquet reads
            raw = parquet.with_suffix(".csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), parquet.name  # Excel: UTF-8, not ANSI
            text = raw.decode("utf-8-sig")  # fails on anything that is not UTF-8
            lines = text.splitlines()
            assert len(lines) == table.num_rows + 1, parquet.name  # one line per row
            rows = list(csv.reader(lines, delimiter=","))
            assert rows[0] == table.column_names, parquet.name
            assert all(len(row) == table.num_columns for row in rows), parquet.name
            checked += 1
    assert checked >= 7  # four internal tables and three public ones in the fixture
