"""Reading speed per export format: rows a second for nested JSON and XML against flat CSV.

Builds the same contacts in each format from the generator (``pipelines.ingest.vendor_samples``),
repeated to ``--rows`` records, then times reading and mapping them
(``nested_read.read_mapped``: parse, join, flatten to the mapped columns) and the whole
mapping check (``conform``) for each, best of ``--repeats``. Redaction and storing are the same
for every format and are left out (docs/benchmark.md has their figures).

    .venv/bin/python benchmarks/ingest_formats.py --rows 50000
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
import xml.etree.ElementTree as ET  # noqa: S405 - writing the benchmark's own file
from pathlib import Path

import polars as pl

from pipelines.generator import generate
from pipelines.ingest.conform import conform
from pipelines.ingest.mapping import resolve_mapping
from pipelines.ingest.nested_read import read_mapped
from pipelines.ingest.vendor_samples import connect_records, open311_requests


def _time(path: Path, preset: str, repeats: int) -> dict[str, float]:
    mapping = resolve_mapping(preset)
    best_read, best_total, rows = float("inf"), float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        read = read_mapped(path, mapping)
        middle = time.perf_counter()
        conformed = conform(read.frame, mapping, str(path))
        end = time.perf_counter()
        best_read, best_total = min(best_read, middle - start), min(best_total, end - start)
        rows = read.rows_read
        assert conformed.good.height + conformed.bad.height + len(read.unparseable) == rows
    return {
        "rows": rows,
        "bytes": path.stat().st_size,
        "read_seconds": round(best_read, 3),
        "read_rows_per_second": round(rows / best_read),
        "read_and_map_rows_per_second": round(rows / best_total),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "gen", weeks=1, per_week=2000, seed=11, bad_row_rate=0.0)
        telephony = pl.read_csv(next((root / "gen").glob("telephony_*.csv")), infer_schema=False)
        webchat = pl.read_ndjson(next((root / "gen").glob("webchat_*.jsonl")))
        ctr, _lens = connect_records(telephony, webchat)
        copies = -(-args.rows // len(ctr))
        records = [{**r, "ContactId": f"{r['ContactId']}-{n}"} for n in range(copies) for r in ctr][
            : args.rows
        ]
        flat_copies = -(-args.rows // telephony.height)
        flat = pl.concat(
            [telephony.with_columns(pl.col("Call ID") + f"-{n}") for n in range(flat_copies)]
        ).head(args.rows)
        files = {
            "csv (council_telephony, flat)": (root / "telephony_bench.csv", "council_telephony"),
            "json lines of nested CTRs (amazon_connect_ctr)": (
                root / "connect-ctr-lines.json",
                "amazon_connect_ctr",
            ),
            "json, CTRs back to back (amazon_connect_ctr)": (
                root / "connect-ctr-concat.json",
                "amazon_connect_ctr",
            ),
            "json array (open311_georeport_v2)": (root / "requests.json", "open311_georeport_v2"),
            "xml (open311_georeport_v2_xml)": (root / "requests.xml", "open311_georeport_v2_xml"),
        }
        flat.write_csv(files["csv (council_telephony, flat)"][0])
        lines = "\n".join(json.dumps(r) for r in records) + "\n"
        files["json lines of nested CTRs (amazon_connect_ctr)"][0].write_text(lines)
        concatenated = "".join(json.dumps(r) for r in records)
        files["json, CTRs back to back (amazon_connect_ctr)"][0].write_text(concatenated)
        requests = open311_requests(flat)
        files["json array (open311_georeport_v2)"][0].write_text(json.dumps(requests))
        root_element = ET.Element("service_requests")
        for request in requests:
            item = ET.SubElement(root_element, "request")
            for key, value in request.items():
                ET.SubElement(item, key).text = None if value is None else str(value)
        ET.ElementTree(root_element).write(root / "requests.xml", encoding="utf-8")
        results = {
            label: _time(path, preset, args.repeats) for label, (path, preset) in files.items()
        }
    for label, figures in results.items():
        print(f"{label:50s} {json.dumps(figures)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
