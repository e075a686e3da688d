"""Measure redaction and safeguarding-flag throughput on a million realistic rows.

    .venv/bin/python benchmarks/redaction_throughput.py [--rows 1000000] [--repeats 3]
    .venv/bin/python benchmarks/redaction_throughput.py --ingest 200000 [--repeats 3]

Rows are resident texts from the sample generator (council contacts with planted personal
data), Banking77 queries and Boston 311 case titles and closure notes (when ../shared/data is
present), sampled with replacement; a third of the rows also get a row-specific identifier (a
phone number, e-mail address, postcode or card number), so the Python checks that run once per
distinct candidate see realistic numbers of candidates. Prints JSON: rows, mean characters,
rows/s for each repeat, and how many identifiers of each type were found.

``--ingest N`` instead times the whole ingest step (``steps.ingest_files``: read, map, validate,
safeguarding flag, redaction, pseudonyms, DuckDB insert) on N generated contacts in a temporary
work directory, once per repeat (a fresh warehouse each time), and prints contacts/s.
``--source DIR`` ingests the export files in DIR instead of generating them, so two trees (run
with ``PYTHONPATH=<tree>``) can be timed on exactly the same rows.

Both also print the process's CPU seconds for the timed part (all threads): on a shared machine
the wall-clock rate moves with other people's load, the CPU time much less, so compare before
and after on both.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.generator import generate
from pipelines.ingest.mapping import detect_mapping, load_presets
from pipelines.ingest.readers import read_export
from pipelines.privacy.redact import luhn_valid, redact_series
from pipelines.privacy.safeguarding import vulnerability_flag_expr

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def source_texts() -> list[str]:
    """Resident-like texts: generated contacts, and real public texts where available."""
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        generate(landing, weeks=4, per_week=5000, seed=3, start=date(2026, 1, 5))
        presets = load_presets()
        for path in sorted(landing.iterdir()):
            mapping = detect_mapping(path, presets)
            frame = read_export(path, mapping.format, mapping.csv_delimiter).frame
            texts += frame[mapping.columns["text"]].cast(pl.Utf8).drop_nulls().to_list()
    if (SHARED / "banking77" / "train.csv").exists():
        texts += pl.read_csv(SHARED / "banking77" / "train.csv")["text"].to_list()
    boston = SHARED / "boston311" / "boston311_2015_h2.csv"
    if boston.exists():
        frame = pl.read_csv(boston, infer_schema=False, columns=["CASE_TITLE", "CLOSURE_REASON"])
        texts += frame["CASE_TITLE"].drop_nulls().to_list()
        texts += frame["CLOSURE_REASON"].drop_nulls().to_list()
    return texts


def planted(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f" Call me on 07{rng.randrange(10**9):09d}."
    if kind == 1:
        return f" My email is resident{rng.randrange(10**7)}@example.com."
    if kind == 2:
        return f" I live at LS{rng.randrange(1, 29)} {rng.randrange(10)}HN."
    digits = f"41111111{rng.randrange(10**7):07d}"
    check = next(str(d) for d in range(10) if luhn_valid(digits + str(d)))
    card = digits + check
    return f" Card {card[:4]} {card[4:8]} {card[8:12]} {card[12:]}."


def build_rows(count: int, seed: int = 0) -> pl.Series:
    rng = random.Random(seed)
    texts = source_texts()
    rows = [
        rng.choice(texts) + (planted(rng) if rng.random() < 1 / 3 else "") for _ in range(count)
    ]
    return pl.Series("text", rows, dtype=pl.Utf8)


def ingest_rates(contacts: int, repeats: int, source_dir: Path | None = None) -> dict[str, object]:
    """Contacts a second through ``steps.ingest_files`` (generation and reference data untimed)."""
    import os  # noqa: PLC0415
    import shutil  # noqa: PLC0415

    from pipelines import steps  # noqa: PLC0415
    from pipelines.settings import Settings  # noqa: PLC0415

    rates: list[int] = []
    cpu: list[float] = []
    rows = 0
    if contacts < 4:
        raise SystemExit("--ingest needs at least 4 contacts (4 weeks)")
    with tempfile.TemporaryDirectory() as tmp:
        source = source_dir or Path(tmp) / "source"
        if source_dir is None:
            generate(source, weeks=4, per_week=contacts // 4, seed=5, start=date(2026, 1, 5))
        for attempt in range(repeats):
            workdir = Path(tmp) / f"work{attempt}"
            os.environ["CONTACT_TOPICS_PSEUDONYM_KEY"] = "benchmark-key-not-secret"
            settings = Settings.from_env(workdir=workdir)
            settings.ensure_dirs()
            for path in sorted(source.iterdir()):
                shutil.copy(path, settings.landing_dir / path.name)
            steps.load_reference_data(settings)
            started, cpu_started = time.perf_counter(), time.process_time()
            report = steps.ingest_files(settings)
            seconds = time.perf_counter() - started
            cpu.append(round(time.process_time() - cpu_started, 2))
            rows = report.total("rows_read")
            rates.append(round(rows / seconds))
    return {"rows_read": rows, "ingest_rows_per_second": rates, "ingest_cpu_seconds": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ingest", type=int, help="time ingest of this many generated contacts")
    parser.add_argument("--source", type=Path, help="with --ingest: ingest these files instead")
    args = parser.parse_args()
    if args.ingest:
        print(json.dumps(ingest_rates(args.ingest, args.repeats, args.source), indent=2))
        return
    text = build_rows(args.rows)
    redaction_rates: list[float] = []
    redaction_cpu: list[float] = []
    flag_rates: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(args.repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        _, counts = redact_series(text)
        redaction_rates.append(round(args.rows / (time.perf_counter() - started)))
        redaction_cpu.append(round(time.process_time() - cpu_started, 2))
        started = time.perf_counter()
        pl.DataFrame({"text": text}).select(vulnerability_flag_expr("text"))
        flag_rates.append(round(args.rows / (time.perf_counter() - started)))
    print(
        json.dumps(
            {
                "rows": args.rows,
                "distinct_rows": text.n_unique(),
                "mean_chars": round(text.str.len_chars().mean() or 0, 1),
                "redaction_rows_per_second": redaction_rates,
                "redaction_cpu_seconds": redaction_cpu,
                "flag_rows_per_second": flag_rates,
                "identifiers_found": {k: v for k, v in counts.items() if v},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
