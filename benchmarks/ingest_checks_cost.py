"""What the issue-15 checks cost when reading a large CSV export.

    .venv/bin/python benchmarks/ingest_checks_cost.py --rows 500000

Writes a telephony CSV of ``--rows`` rows (every tenth with a quoted, comma-holding note and
every hundredth with a quoted line break), then times, best of ``--repeat``: polars alone reading
it; ``read_export`` (field counts with the csv module, polars, and the independent record count);
the independent count alone (``recount.count_csv_records``); and ``conform`` (strict per-format
timestamp parsing, the date window, the number ranges). Prints seconds per stage.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

import polars as pl

from pipelines.generator.exports import TELEPHONY_COLUMNS
from pipelines.ingest.conform import conform
from pipelines.ingest.mapping import resolve_mapping
from pipelines.ingest.readers import decode, read_export
from pipelines.ingest.recount import count_csv_records


def write_export(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TELEPHONY_COLUMNS)
        for n in range(rows):
            note = f"Resident asked about their bill {n}"
            if n % 10 == 0:
                note = f"Resident said, again, bin {n} not emptied"
            if n % 100 == 0:
                note = f"Resident said:\nbin {n} not emptied"
            day = 1 + n % 28
            writer.writerow(
                [f"C{n}", f"{day:02d}/03/2026 09:00:00", f"{day:02d}/03/2026 09:05:00", "20", "",
                 "Council tax", "", "Resolved - FCR", "07700 900123", note, ""]
            )  # fmt: skip


def best(repeat: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    mapping = resolve_mapping("council_telephony")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "telephony_cost.csv"
        write_export(path, args.rows)
        text = decode(path)
        frame = read_export(path, "csv").frame
        figures = {
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "polars_read_csv": best(
                args.repeat, lambda: pl.read_csv(io.BytesIO(path.read_bytes()), infer_schema=False)
            ),
            "read_export": best(args.repeat, lambda: read_export(path, "csv")),
            "independent_count": best(args.repeat, lambda: count_csv_records(text)),
            "conform": best(args.repeat, lambda: conform(frame, mapping, "cost.csv")),
        }
    for name, value in figures.items():
        print(f"{name:20} {value:8.2f}")


if __name__ == "__main__":
    main()
