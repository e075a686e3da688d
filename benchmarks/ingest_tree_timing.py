"""Time the whole ingest step of one copy of the tree on pre-generated exports (for before/after).

    # once: generate the exports (108,455 contacts for 100000: 4 weeks, every source)
    .venv/bin/python benchmarks/ingest_tree_timing.py --exports /tmp/exports --contacts 100000
    # then, alternating, from each copy of the tree (e.g. `git archive` of two commits):
    cd /tmp/before && PYTHONPATH=/tmp/before /path/.venv/bin/python \
        /path/benchmarks/ingest_tree_timing.py --exports /tmp/exports --repeats 1

Times ``steps.ingest_files`` (read, map, validate, safeguarding flag, redaction, pseudonyms,
DuckDB insert) on a fresh warehouse per repeat, like ``redaction_throughput.py --ingest``, but on
exports generated once, so that both trees read the same files and only ingest is timed. Prints
JSON per repeat: rows, rows a second (wall), CPU seconds of the process (all threads) and the
load average. On a shared machine compare CPU seconds: wall time follows the other processes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exports", type=Path, required=True)
    parser.add_argument("--contacts", type=int, help="generate this many contacts, then stop")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    from pipelines import steps  # noqa: PLC0415  (the tree on PYTHONPATH)
    from pipelines.generator import generate  # noqa: PLC0415
    from pipelines.settings import Settings  # noqa: PLC0415

    if args.contacts:
        start = date(2026, 1, 5)
        generate(args.exports, weeks=4, per_week=args.contacts // 4, seed=5, start=start)
        return
    results = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["CONTACT_TOPICS_PSEUDONYM_KEY"] = "benchmark-key-not-secret"
            settings = Settings.from_env(workdir=Path(tmp) / "work")
            settings.ensure_dirs()
            for path in args.exports.iterdir():
                shutil.copy(path, settings.landing_dir / path.name)
            steps.load_reference_data(settings)
            wall, cpu = time.perf_counter(), time.process_time()
            report = steps.ingest_files(settings)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            rows = report.total("rows_read")
            results.append(
                {
                    "rows": rows,
                    "rows_per_s": round(rows / wall),
                    "cpu_s": round(cpu, 2),
                    "wall_s": round(wall, 2),
                    "load": os.getloadavg()[0],
                }
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
