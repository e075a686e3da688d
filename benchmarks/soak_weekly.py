"""Soak test: many weekly runs in a row, the landing folder fed good and bad files each week.

    .venv/bin/python benchmarks/soak_weekly.py --weeks 52 --per-week 1500 --json soak.json

Generates ``--history`` weeks plus ``--weeks`` weeks of exports (the sample generator, fixed
seed, ending last week). The history is ingested first and the topic model trained on it (as
the retraining DAG would). Then, for each soak week, that week's three exports go into the
landing folder together with two or three damaged files from the red-team list of issue 15
(rotating), and the weekly steps run in order, as the weekly DAG runs them: landing ingest
(failures quarantined), raw checkpoint on the new files, dbt staging, classify, discover, dbt
marts as of the week's Sunday, published checkpoint, publish of that week.

Per week it reports wall time, the peak memory of this process and its children (dbt), the
files ingested and quarantined, and rows read, stored and rejected. At the end it checks the
row accounting of the whole run: for every file fed, rows read in ``raw.ingest_manifest`` =
the file's records counted without the parser, rows stored and rejected = the rows in
``raw.contacts`` and ``raw.rejected_rows``, and every file fed is either in the manifest or in
quarantine with a reason (nothing skipped silently). Exit code 1 when any check fails.

The decompressed-size cap is lowered to 64 MiB for the run so the zip-bomb file stays small.
Not part of the test suite; figures go in docs/fault-tolerance.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _memory import PeakSampler  # noqa: E402  (benchmarks/ is not a package)

log = logging.getLogger("soak")


# --- the damaged files fed with the good ones ---------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _csv_text(rows: list[dict[str, str]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _bad_files(kind: str, telephony: Path, landing: Path, tag: str) -> tuple[Path, bool]:
    """Write one damaged file of ``kind`` into ``landing``: (its path, expected quarantined?)."""
    rows = _rows(telephony)[:40]
    header = list(rows[0])
    for n, row in enumerate(rows):  # ids of their own, so they never collide with the week's
        row["Call ID"] = f"{tag}-{kind}-{n}"
    text = _csv_text(rows, header)
    if kind == "stray_quote":
        lines = text.split("\n")
        lines[3] = lines[3].replace(",", ',"cust said "bin" not emptied,', 1)
        path = landing / f"telephony_{tag}_stray_quote.csv"
        path.write_text("\n".join(lines), encoding="utf-8")
        return path, False
    if kind == "bad_values":  # NaN and 1e30 handle times, 1970, a two-digit year, 2099
        for row, (column, value) in zip(
            rows,
            [
                ("Handle Time (s)", "NaN"),
                ("Handle Time (s)", "1e30"),
                ("Start Time", "01/01/1970 09:00:00"),
                ("Start Time", "17/11/26 09:00:00"),
                ("Last Modified", "02/03/2099 09:00:00"),
                ("Start Time", "2026-03-02T09:00:00"),
            ],
            strict=False,
        ):
            row[column] = value
        path = landing / f"telephony_{tag}_bad_values.csv"
        path.write_text(_csv_text(rows, header), encoding="utf-8")
        return path, False
    if kind == "duplicate_header":
        path = landing / f"telephony_{tag}_duplicate_header.csv"
        path.write_text(text.replace("Agent Notes", "Wrap Code", 1), encoding="utf-8")
        return path, True
    if kind == "gzip":
        path = landing / f"telephony_{tag}_gzip.csv.gz"
        path.write_bytes(gzip.compress(text.encode()))
        return path, False
    if kind == "zip_two_files":
        path = landing / f"telephony_{tag}_two.csv.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a.csv", text)
            archive.writestr("b.csv", text)
        return path, True
    if kind == "zip_bomb":
        path = landing / f"telephony_{tag}_bomb.csv.gz"
        with gzip.open(path, "wb", compresslevel=9) as handle:
            handle.write(text.encode())
            zeros = b"\0" * (1 << 20)
            for _ in range(80):  # 80 MiB once expanded, over the soak's 64 MiB cap
                handle.write(zeros)
        return path, True
    if kind == "bad_utf8_and_multiline":  # one bad byte; a quoted value over two lines
        rows[1]["Agent Notes"] = "Resident said:\nbin not emptied, again"
        data = _csv_text(rows, header).encode().replace(b"Resident", b"Resid\xffent", 1)
        path = landing / f"telephony_{tag}_bad_utf8.csv"
        path.write_bytes(data)
        return path, False
    if kind == "no_mapping":
        path = landing / f"unknown_{tag}_export.csv"
        path.write_text(text, encoding="utf-8")
        return path, True
    raise ValueError(kind)


KINDS = [
    "stray_quote",
    "bad_values",
    "duplicate_header",
    "gzip",
    "zip_two_files",
    "zip_bomb",
    "bad_utf8_and_multiline",
    "no_mapping",
]


def count_records(path: Path) -> int:
    """The file's data records counted without the ingest parser (for the final check)."""
    from pipelines.ingest.compressed import read_bytes
    from pipelines.ingest.readers import decode, uncompressed_name
    from pipelines.ingest.recount import count_csv_records

    name = uncompressed_name(path.name)
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.ParquetFile(io.BytesIO(read_bytes(path))).metadata.num_rows
    if name.endswith(".jsonl"):
        return sum(1 for line in decode(path).split("\n") if line.strip())
    return count_csv_records(decode(path)) - 1


# --- the run ----------------------------------------------------------------------------------


@dataclass
class WeekResult:
    week: str
    seconds: float
    peak_rss_mb: float
    files_fed: int
    files_ingested: int
    files_quarantined: int
    rows_read: int
    rows_stored: int
    rows_rejected: int
    steps: dict[str, float] = field(default_factory=dict)


def _week_files(files: list[Path]) -> dict[str, list[Path]]:
    by_week: dict[str, list[Path]] = {}
    for path in files:
        label = path.stem.rsplit("_", 1)[-1]  # telephony_2026-W10.csv -> 2026-W10
        by_week.setdefault(label, []).append(path)
    return dict(sorted(by_week.items()))


def run_soak(args: argparse.Namespace) -> dict[str, Any]:
    from pipelines import steps
    from pipelines.generator import generate
    from pipelines.ingest import compressed
    from pipelines.settings import Settings
    from pipelines.warehouse import open_warehouse

    compressed.MAX_DECOMPRESSED_BYTES = 64 << 20
    root = Path(args.workdir or tempfile.mkdtemp(prefix="soak_"))
    total_weeks = args.history + args.weeks
    today = date.today()
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=total_weeks)
    generated = generate(
        root / "generated",
        weeks=total_weeks,
        per_week=args.per_week,
        seed=args.seed,
        start=start,
        truth_dir=root / "truth",
    )
    weeks = _week_files(generated.files)
    settings = Settings.from_env(workdir=root / "work")
    settings.ensure_dirs()
    landing = settings.landing_dir
    fed: dict[str, tuple[Path, bool]] = {}  # file name -> (a copy kept for counting, quarantine?)
    kept = root / "fed"
    kept.mkdir(exist_ok=True)

    def feed(path: Path, quarantine: bool) -> None:
        shutil.copy(path, kept / path.name)
        fed[path.name] = (kept / path.name, quarantine)

    labels = list(weeks)
    sampler = PeakSampler()
    sampler.start()
    steps.load_reference_data(settings)
    for label in labels[: args.history]:
        for path in weeks[label]:
            shutil.copy(path, landing / path.name)
            feed(path, False)
    history = steps.ingest_landing_files(settings)
    steps.build_staging(settings)
    steps.train_topic_model(settings)
    log.info("history: %d files, %d rows stored", len(history.new_file_ids), history.rows_stored)
    results: list[WeekResult] = []
    soak_started = time.perf_counter()
    for number, label in enumerate(labels[args.history :], start=1):
        if args.max_minutes and time.perf_counter() - soak_started > args.max_minutes * 60:
            log.warning(
                "stopping after %d weeks: --max-minutes %s reached", number - 1, args.max_minutes
            )
            break
        sampler.take()
        week_started = time.perf_counter()
        monday = start + timedelta(weeks=args.history + number - 1)
        files = 0
        for path in weeks[label]:
            shutil.copy(path, landing / path.name)
            feed(path, False)
            files += 1
        telephony = next(p for p in weeks[label] if p.name.startswith("telephony_"))
        for offset in range(args.bad_per_week):
            kind = KINDS[((number - 1) * args.bad_per_week + offset) % len(KINDS)]
            path, quarantine = _bad_files(kind, telephony, landing, f"w{number:02d}")
            feed(path, quarantine)
            files += 1
        timings: dict[str, float] = {}

        def timed(name: str, func, *a, timings=timings, **k):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            value = func(*a, **k)
            timings[name] = round(time.perf_counter() - began, 2)
            return value

        report = timed("ingest", steps.ingest_landing_files, settings)
        timed("raw checkpoint", steps.check_raw_contacts, settings, report.new_file_ids)
        timed("dbt staging", steps.build_staging, settings)
        timed("classify", steps.classify_new_contacts, settings)
        timed("discover", steps.discover_themes, settings, up_to=monday)
        timed("dbt marts", steps.build_marts, settings, monday + timedelta(days=6))
        timed("published checkpoint", steps.check_published, settings)
        timed("publish", steps.publish_week, settings, monday)
        with open_warehouse(settings.warehouse_path, read_only=True) as con:
            read, stored, rejected = con.execute(
                "select sum(rows_read), sum(rows_stored), sum(rows_rejected) from "
                "raw.ingest_manifest where ingest_file_id in (select unnest(?))",
                [report.new_file_ids or [""]],
            ).fetchone()
        result = WeekResult(
            week=label,
            seconds=round(time.perf_counter() - week_started, 2),
            peak_rss_mb=round(sampler.take() / 2**20, 1),
            files_fed=files,
            files_ingested=len(report.new_file_ids),
            files_quarantined=len(report.quarantined),
            rows_read=int(read or 0),
            rows_stored=int(stored or 0),
            rows_rejected=int(rejected or 0),
            steps=timings,
        )
        results.append(result)
        log.info("week %d %s: %s", number, label, asdict(result))
    sampler.stop()
    checks = check_accounting(settings, fed)
    return {
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "per_week_contacts": args.per_week,
        "history_weeks": args.history,
        "weeks_requested": args.weeks,
        "weeks_run": len(results),
        "bad_files_per_week": args.bad_per_week,
        "weeks": [asdict(r) for r in results],
        "accounting": checks,
        "workdir": str(root),
    }


def check_accounting(settings, fed: dict[str, tuple[Path, bool]]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Every file fed is in the manifest (read = its independent count) or in quarantine."""
    from pipelines.warehouse import open_warehouse

    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        manifest = {
            Path(p).name: (r, s, j)
            for p, r, s, j in con.execute(
                "select file_path, rows_read, rows_stored, rows_rejected from raw.ingest_manifest"
            ).fetchall()
        }
        stored = con.execute("select count(*) from raw.contacts").fetchone()[0]
        rejected = con.execute("select count(*) from raw.rejected_rows").fetchone()[0]
    quarantine = settings.workdir / "quarantine"
    quarantined = (
        {p.name for p in quarantine.iterdir() if not p.name.endswith(".reason.txt")}
        if quarantine.exists()
        else set()
    )
    problems: list[str] = []
    counted = 0
    for name, (copy, expect_quarantine) in fed.items():
        if name in manifest:
            records = count_records(copy)
            counted += records
            if manifest[name][0] != records:
                problems.append(f"{name}: read {manifest[name][0]}, counted {records}")
            if expect_quarantine:
                problems.append(f"{name}: ingested, expected quarantined")
        elif name in quarantined:
            if not expect_quarantine:
                problems.append(f"{name}: quarantined, expected ingested")
        else:
            problems.append(f"{name}: neither ingested nor quarantined")
    totals = [sum(v[i] for v in manifest.values()) for i in range(3)]
    if totals[1] != stored or totals[2] != rejected or totals[0] != totals[1] + totals[2]:
        problems.append(f"manifest {totals} against stored {stored}, rejected {rejected}")
    return {
        "files_fed": len(fed),
        "files_ingested": sum(1 for n in fed if n in manifest),
        "files_quarantined": sum(1 for n in fed if n in quarantined),
        "rows_read": totals[0],
        "rows_counted_independently": counted,
        "rows_stored": totals[1],
        "rows_in_raw_contacts": stored,
        "rows_rejected": totals[2],
        "rows_in_raw_rejected_rows": rejected,
        "problems": problems,
        "ok": not problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--history", type=int, default=4, help="weeks loaded before the soak")
    parser.add_argument("--per-week", type=int, default=1500, help="contacts in an ordinary week")
    parser.add_argument("--bad-per-week", type=int, default=2)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--max-minutes", type=float, default=0, help="stop after this (0: never)")
    parser.add_argument("--workdir", help="default: a new temporary folder (kept)")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("pipelines", "great_expectations", "dbt"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    result = run_soak(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str))
    weeks = result["weeks"]
    for w in weeks:
        print(
            f"{w['week']}  {w['seconds']:7.1f} s  {w['peak_rss_mb']:7.1f} MB  files "
            f"{w['files_ingested']}/{w['files_fed']} (+{w['files_quarantined']} quarantined)  rows "
            f"{w['rows_read']} = {w['rows_stored']} + {w['rows_rejected']}"
        )
    print(json.dumps(result["accounting"], indent=2))
    return 0 if result["accounting"]["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
