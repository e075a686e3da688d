"""Benchmark: how fast the pipeline is, how its cost grows, and the floor set by the hardware.

    .venv/bin/python benchmarks/run.py --contacts 100000 --json results.json

Generates contacts with the sample generator (26 weeks by default), then times each stage of
the pipeline separately, end to end, and against a floor measured on the same files in the same
run (DuckDB reading the raw files and counting rows; the classifier's vectorise-and-predict on
the same texts, in memory). Finally adds one more week (generated with the history, held back
until it has been processed) on top of the history: the incremental case. For the issue's
"20,000 contacts on top of 2M", run ``--contacts 2000000 --weeks 100``. Writes a JSON file
and prints a table. Not part of the test suite (a smoke run is).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _memory import PeakSampler  # noqa: E402  (benchmarks/ is not a package)

log = logging.getLogger("benchmark")
START = date(2025, 11, 3)  # a Monday; fixed so runs are comparable


def _peak_rss_bytes() -> int:
    """Peak resident set size of this process and of its finished children, generation included."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024  # Linux reports KiB


def _timed(stages: dict[str, float], name: str, func: Callable[..., Any], *args: Any) -> Any:
    started = time.perf_counter()
    value = func(*args)
    stages[name] = round(time.perf_counter() - started, 3)
    log.info("%-22s %8.2f s", name, stages[name])
    return value


def _floor(landing: Path, model_dir: Path) -> dict[str, float]:
    """What the hardware needs at least: read and count the files; vectorise and predict."""
    import duckdb
    import polars as pl

    from pipelines.ingest.mapping import load_presets
    from pipelines.ingest.readers import read_export
    from pipelines.topics.model import load_model, predict

    floor: dict[str, float] = {}
    started = time.perf_counter()
    con = duckdb.connect()
    rows = 0
    readers = (
        ("*.csv", "read_csv('{}', all_varchar = true)"),
        ("*.jsonl", "read_json('{}', format = 'newline_delimited', ignore_errors = true)"),
        ("*.parquet", "read_parquet('{}')"),
    )
    for pattern, reader in readers:
        if any(landing.glob(pattern)):
            query = "select count(*) from " + reader.format(landing / pattern)
            rows += con.execute(query).fetchone()[0]
    con.close()
    floor["duckdb_read_count"] = round(time.perf_counter() - started, 3)
    texts: list[str] = []
    for preset in load_presets():
        for path in sorted(p for p in landing.iterdir() if preset.matches(p)):
            frame = read_export(path, preset.format, preset.csv_delimiter).frame
            texts += frame.get_column(preset.columns["text"]).cast(pl.Utf8).drop_nulls().to_list()
    model = load_model(model_dir)
    started = time.perf_counter()
    predict(model, texts)
    floor["vectorise_predict"] = round(time.perf_counter() - started, 3)
    floor["rows_counted"] = rows
    floor["texts_predicted"] = len(texts)
    return floor


def run(contacts: int, weeks: int, workdir: Path, seed: int) -> dict[str, Any]:
    from pipelines import steps
    from pipelines.generator import generate
    from pipelines.settings import Settings
    from pipelines.topics.step import classify_contacts, current_model_dir, train_from_warehouse

    settings = Settings.from_env(workdir=workdir)
    settings.ensure_dirs()
    per_week = max(1, contacts // weeks)
    prep: dict[str, float] = {}
    # History and the incremental week in one generation (contact ids stay unique); the last
    # week's files wait outside the landing folder until the history has been processed.
    _timed(
        prep,
        "generate",
        lambda: generate(
            settings.landing_dir,
            weeks=weeks + 1,
            per_week=per_week,
            seed=seed,
            start=START,
            truth_dir=workdir / "ground_truth",
        ),
    )
    new_week = workdir / "new_week"
    new_week.mkdir()
    last_week = (START + timedelta(weeks=weeks)).isocalendar()
    for path in settings.landing_dir.glob(f"*_{last_week.year}-W{last_week.week:02d}.*"):
        shutil.move(str(path), new_week / path.name)
    stages: dict[str, float] = {}
    # Started after generation: the generator keeps every contact in memory (about 2.8 kB
    # each), which ``ru_maxrss`` cannot tell apart from the pipeline's own peak.
    sampler = PeakSampler()
    sampler.start()
    _timed(stages, "reference", steps.load_reference_data, settings)
    report = _timed(stages, "ingest_redact", steps.ingest_files, settings)
    _timed(stages, "raw_checkpoint", steps.check_raw_contacts, settings, report.new_file_ids)
    _timed(stages, "dbt_staging", steps.build_staging, settings)
    _timed(prep, "train_model", train_from_warehouse, settings)
    _timed(stages, "classify", classify_contacts, settings)
    _timed(stages, "discover", steps.discover_themes, settings)
    _timed(stages, "dbt_marts", steps.build_marts, settings)
    _timed(stages, "published_checkpoint", steps.check_published, settings)
    _timed(stages, "publish", steps.publish_week, settings)
    rows = report.total("rows_read")
    pipeline_peak = sampler.stop()  # before the floor, which holds every text in memory
    floor = _floor(settings.landing_dir, current_model_dir(settings))

    # Incremental: one more week of contacts on top of the history.
    for path in new_week.iterdir():
        shutil.move(str(path), settings.landing_dir / path.name)
    incremental: dict[str, float] = {}
    inc_report = _timed(incremental, "ingest_redact", steps.ingest_files, settings)
    _timed(
        incremental, "raw_checkpoint", steps.check_raw_contacts, settings, inc_report.new_file_ids
    )
    _timed(incremental, "dbt_staging", steps.build_staging, settings)
    _timed(incremental, "classify", classify_contacts, settings)
    _timed(incremental, "discover", steps.discover_themes, settings)
    _timed(incremental, "dbt_marts", steps.build_marts, settings)
    _timed(incremental, "published_checkpoint", steps.check_published, settings)
    _timed(incremental, "publish", steps.publish_week, settings)

    end_to_end = round(sum(stages.values()), 3)
    floor_seconds = round(floor["duckdb_read_count"] + floor["vectorise_predict"], 3)
    return {
        "contacts": rows,
        "weeks": weeks,
        "end_to_end_seconds": end_to_end,
        "floor_seconds": floor_seconds,
        "overhead_ratio": round(end_to_end / floor_seconds, 2) if floor_seconds else None,
        "peak_rss_bytes": pipeline_peak,
        "peak_rss_process_bytes": _peak_rss_bytes(),
        "stages": stages,
        "rates_per_second": {
            "ingest_redact": round(rows / stages["ingest_redact"]),
            "classify": round(rows / stages["classify"]) if stages["classify"] else None,
        },
        "floor": floor,
        "preparation": prep,
        "incremental": {
            "new_contacts": inc_report.total("rows_read"),
            "history_contacts": rows,
            "seconds": round(sum(incremental.values()), 3),
            "stages": incremental,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }


def _print_table(result: dict[str, Any]) -> None:
    print(f"\n{result['contacts']:,} contacts over {result['weeks']} weeks")
    print(f"{'stage':<24}{'seconds':>10}{'incremental':>14}")
    for name, seconds in result["stages"].items():
        inc = result["incremental"]["stages"].get(name)
        print(f"{name:<24}{seconds:>10.2f}{'' if inc is None else f'{inc:>14.2f}'}")
    print(
        f"{'end to end':<24}{result['end_to_end_seconds']:>10.2f}"
        f"{result['incremental']['seconds']:>14.2f}"
    )
    print(f"{'floor':<24}{result['floor_seconds']:>10.2f}   (ratio {result['overhead_ratio']}x)")
    print(
        f"peak RSS {result['peak_rss_bytes'] / 2**30:.2f} GiB (the whole process, generation "
        f"and floor included: {result['peak_rss_process_bytes'] / 2**30:.2f}); ingest "
        f"{result['rates_per_second']['ingest_redact']:,}/s; classify "
        f"{result['rates_per_second']['classify']:,}/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--workdir", type=Path, help="keep the work directory here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    # quieter while it runs (rejected-row warnings by the hundred), as it was afterwards: the
    # smoke test calls main() inside the test process
    noisy = [logging.getLogger(name) for name in ("pipelines", "great_expectations")]
    levels = [logger.level for logger in noisy]
    key_was_set = "CONTACT_TOPICS_PSEUDONYM_KEY" in os.environ
    for logger in noisy:
        logger.setLevel(logging.ERROR)
    os.environ.setdefault("CONTACT_TOPICS_PSEUDONYM_KEY", "benchmark-key")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="contact-topics-bench-"))
    try:
        result = run(args.contacts, args.weeks, workdir, args.seed)
    finally:
        for logger, level in zip(noisy, levels, strict=True):
            logger.setLevel(level)
        if not key_was_set:
            os.environ.pop("CONTACT_TOPICS_PSEUDONYM_KEY", None)
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    _print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
