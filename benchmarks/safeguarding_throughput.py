"""Measure the safeguarding (vulnerability) flag's throughput on generated contacts.

    .venv/bin/python benchmarks/safeguarding_throughput.py [--rows 50000] [--repeats 3]
        [--save FILE | --texts FILE]

Rows are the resident texts of the sample generator's contacts (seed 7, as many weeks of 5,000
as needed, cut to ``--rows``). The timed part is one ``select(vulnerability_flag_expr("text"))``
over the whole column, per repeat. Prints JSON: rows, mean characters, flagged rows, and for each
repeat the wall-clock rows/s and the process's CPU seconds (all threads; on a shared machine the
wall-clock rate moves with other people's load, CPU time much less).

To compare two trees on exactly the same rows, write the rows once with ``--save FILE`` (a
parquet file) and time each tree with ``--texts FILE``, e.g. the tree before issue 14 through a
git worktree: ``PYTHONPATH=/tmp/wt .venv/bin/python benchmarks/safeguarding_throughput.py
--texts FILE`` (the flag is imported from whichever ``pipelines`` is first on the path).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl


def generated_texts(rows: int) -> pl.Series:
    """Resident texts of ``rows`` generated contacts (the generator imported only here)."""
    from pipelines.generator import generate  # noqa: PLC0415
    from pipelines.ingest.mapping import detect_mapping, load_presets  # noqa: PLC0415
    from pipelines.ingest.readers import read_export  # noqa: PLC0415

    weeks = max(1, -(-rows // 5000))
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        generate(landing, weeks=weeks, per_week=5000, seed=7, start=date(2026, 1, 5))
        presets = load_presets()
        for path in sorted(landing.iterdir()):
            mapping = detect_mapping(path, presets)
            frame = read_export(path, mapping.format, mapping.csv_delimiter).frame
            texts += frame[mapping.columns["text"]].cast(pl.Utf8).drop_nulls().to_list()
    return pl.Series("text", texts[:rows], dtype=pl.Utf8)


def flag_rates(texts: pl.Series, repeats: int) -> dict[str, object]:
    from pipelines.privacy.safeguarding import vulnerability_flag_expr  # noqa: PLC0415

    frame = pl.DataFrame({"text": texts})
    runs = []
    flagged = 0
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        flags = frame.select(vulnerability_flag_expr("text")).to_series()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        flagged = int(flags.sum())
        runs.append({"rows_per_s": round(frame.height / wall), "cpu_s": round(cpu, 3)})
    return {
        "rows": frame.height,
        "mean_chars": round(float(texts.str.len_chars().mean() or 0.0), 1),
        "flagged": flagged,
        "runs": runs,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--save", type=Path, help="write the generated rows here (parquet)")
    parser.add_argument("--texts", type=Path, help="time these rows (parquet from --save)")
    args = parser.parse_args()
    if args.texts:
        texts = pl.read_parquet(args.texts)["text"]
    else:
        texts = generated_texts(args.rows)
        if args.save:
            pl.DataFrame({"text": texts}).write_parquet(args.save)
    print(json.dumps(flag_rates(texts, args.repeats), indent=2))


if __name__ == "__main__":
    main()
