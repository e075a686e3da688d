"""``generate()``: write realistic sample exports of a UK council contact centre, plus ground truth.

Same arguments, same bytes: everything is drawn from generators seeded with ``seed``; nothing
depends on the clock (except the default ``start``), on set order or on the machine.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from pipelines.generator.compose import compose, topic_codes
from pipelines.generator.exports import (
    MALFORMED_KINDS,
    Record,
    correct,
    finish,
    malform,
    render,
    to_bytes,
    week_label,
)
from pipelines.generator.phrases import load_bank
from pipelines.generator.simulate import Plan, simulate
from pipelines.taxonomy import load_taxonomy

log = logging.getLogger(__name__)

SOURCES = {"telephony": "csv", "webchat": "jsonl", "crm": "parquet"}
FILE_PREFIX = {"telephony": "telephony", "webchat": "webchat", "crm": "crm_cases"}
DUPLICATE_RATE = 0.005
CORRECTION_RATE = 0.012


class GeneratorError(ValueError):
    """The arguments cannot produce a sample (for example a start date that is not a Monday)."""


@dataclass
class GenerateResult:
    """What ``generate`` wrote."""

    files: list[Path]
    rows: dict[str, int]  # file name -> data rows written
    contacts: int  # distinct contacts (before duplicates and corrections)
    contacts_by_source: dict[str, int]
    duplicates: int
    corrections: int
    malformed: int
    personal_data_values: int
    truth_path: Path
    personal_data_path: Path
    start: date
    weeks: int
    seconds: float

    def __str__(self) -> str:
        by_source = ", ".join(f"{k} {v:,}" for k, v in self.contacts_by_source.items())
        plural = "" if self.weeks == 1 else "s"
        return (
            f"Generated {self.contacts:,} contacts over {self.weeks} week{plural} from "
            f"{self.start.isoformat()} ({by_source}) in {self.seconds:.1f} s\n"
            f"  {len(self.files)} files, {sum(self.rows.values()):,} rows, including "
            f"{self.duplicates} duplicate rows, {self.corrections} corrections and "
            f"{self.malformed} malformed rows\n"
            f"  ground truth: {self.truth_path}\n"
            f"  personal data planted ({self.personal_data_values:,} values): "
            f"{self.personal_data_path}"
        )


def default_start(weeks: int, today: date | None = None) -> date:
    """The Monday ``weeks`` weeks before the current week's Monday."""
    today = today or date.today()
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks)


def _check(weeks: int, per_week: int, start: date, bad_row_rate: float) -> None:
    if weeks < 1:
        raise GeneratorError(f"weeks must be at least 1, got {weeks}")
    if per_week < 1:
        raise GeneratorError(f"per_week must be at least 1, got {per_week}")
    if start.weekday() != 0:
        raise GeneratorError(
            f"start must be a Monday; {start.isoformat()} is a {start.strftime('%A')}"
        )
    if not 0 <= bad_row_rate < 0.5:
        raise GeneratorError(f"bad_row_rate must be between 0 and 0.5, got {bad_row_rate}")


def generate(
    out_dir: Path,
    *,
    weeks: int,
    per_week: int,
    seed: int,
    start: date | None = None,
    truth_dir: Path | None = None,
    bad_row_rate: float = 0.002,
) -> GenerateResult:
    """Write one telephony CSV, webchat JSONL and CRM Parquet file per ISO week to ``out_dir``.

    ``per_week`` is the volume of an ordinary week; seasonal weeks (March for council tax, for
    example) are busier. Ground truth goes to ``truth_dir`` (default ``out_dir.parent /
    "ground_truth"``): ``ground_truth.csv`` (one row per contact) and ``personal_data.csv``.
    """
    started_clock = time.perf_counter()
    start = start or default_start(weeks)
    _check(weeks, per_week, start, bad_row_rate)
    out_dir = Path(out_dir)
    truth_dir = Path(truth_dir) if truth_dir is not None else out_dir.parent / "ground_truth"
    bank = load_bank()
    taxonomy = load_taxonomy()
    if set(bank.topics) != set(taxonomy.ids):
        raise GeneratorError(
            "the generator's phrase bank and the packaged taxonomy disagree: missing phrasings "
            f"for {sorted(set(taxonomy.ids) - set(bank.topics))}, unknown topics "
            f"{sorted(set(bank.topics) - set(taxonomy.ids))}"
        )
    rng = random.Random(seed)
    plan = Plan(start=start, weeks=weeks, per_week=per_week, emerging_from_week=weeks // 2)
    contacts = simulate(plan, bank, np.random.default_rng(seed))
    composed = compose(contacts, bank, taxonomy, rng, seed)
    codes = topic_codes(taxonomy, bank)

    # The extracts are taken at the end of the simulated period: nothing in them is later.
    exported_at = datetime.combine(start + timedelta(weeks=weeks), datetime.min.time())
    records: list[Record] = []
    for i, row in enumerate(contacts.iter_rows(named=True)):
        c = codes[row["topic_id"]]
        source = row["source_system"]
        right = (
            c.telephony[0]
            if source == "telephony"
            else (c.webchat if source == "webchat" else c.crm)
        )
        if composed.wrap_code[i] in c.telephony:
            right = composed.wrap_code[i]
        record = Record(
            index=i,
            source=source,
            week=row["week"],
            contact_id=composed.contact_id[i],
            channel=row["channel"],
            topic=row["topic_id"],
            service_area=c.service_area,
            started=row["started_local"],
            wait=row["wait_seconds"],
            handle=row["handle_seconds"],
            outcome=row["outcome"],
            code=composed.wrap_code[i],
            right_code=right,
            caller_ref=composed.caller_ref[i],
            text=composed.text[i],
        )
        finish(record, rng, exported_at)
        records.append(record)

    files, rows_written, truth, flags = _write_exports(records, plan, out_dir, rng, bad_row_rate)
    truth_path, pd_path = _write_truth(
        contacts, records, composed.personal_data, flags, composed.is_vague, truth_dir
    )
    by_source = {s: sum(1 for r in records if r.source == s) for s in SOURCES}
    result = GenerateResult(
        files=files,
        rows=rows_written,
        contacts=len(records),
        contacts_by_source=by_source,
        duplicates=truth["duplicates"],
        corrections=truth["corrections"],
        malformed=truth["malformed"],
        personal_data_values=len(composed.personal_data),
        truth_path=truth_path,
        personal_data_path=pd_path,
        start=start,
        weeks=weeks,
        seconds=time.perf_counter() - started_clock,
    )
    log.info("%s", str(result).splitlines()[0])
    return result


def _write_exports(
    records: list[Record], plan: Plan, out_dir: Path, rng: random.Random, bad_row_rate: float
) -> tuple[list[Path], dict[str, int], dict[str, int], dict[int, dict[str, Any]]]:
    """Render, fault and write every week's files; returns per-contact truth flags too."""
    n = len(records)
    n_bad = round(bad_row_rate * n)
    if bad_row_rate > 0 and n:
        n_bad = max(1, n_bad)
    bad = set(rng.sample(range(n), min(n_bad, n)))
    flags: dict[int, dict[str, Any]] = {}
    buckets: dict[tuple[str, int], list[tuple[float, dict[str, Any], bool]]] = {}
    counts = {"duplicates": 0, "corrections": 0, "malformed": 0}
    for r in records:
        f = {
            "is_duplicate": False,
            "is_correction": False,
            "is_malformed": False,
            "malformed_kind": None,
        }
        flags[r.index] = f
        bucket = buckets.setdefault((r.source, r.week), [])
        position = float(len(bucket))
        row = render(r)
        broken = False
        if r.index in bad:
            kind = rng.choice(MALFORMED_KINDS[r.source])
            row = malform(row, r.source, kind, rng)
            broken = kind == "broken_json"
            f.update(is_malformed=True, malformed_kind=kind)
            counts["malformed"] += 1
            bucket.append((position, row, broken))
            continue
        bucket.append((position, row, broken))
        if rng.random() < DUPLICATE_RATE:
            bucket.append((position + rng.uniform(0.01, 60.0), dict(row), False))
            f["is_duplicate"] = True
            counts["duplicates"] += 1
        wrong = r.code is not None and r.code != r.right_code
        p = 0.35 if wrong else (0.5 if r.outcome == "unknown" else CORRECTION_RATE)
        if r.week < plan.weeks - 1 and r.outcome != "abandoned" and rng.random() < p:
            later = correct(r, plan.start + timedelta(weeks=r.week + 1), rng)
            buckets.setdefault((r.source, r.week + 1), []).append((1e12, render(later), False))
            f["is_correction"] = True
            counts["corrections"] += 1

    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    rows_written: dict[str, int] = {}
    for source, fmt in SOURCES.items():
        for week in range(plan.weeks):
            entries = buckets.get((source, week))
            if not entries:
                continue
            entries = [e for _, e in sorted(enumerate(entries), key=lambda x: (x[1][0], x[0]))]
            week_start = plan.start + timedelta(weeks=week)
            path = out_dir / f"{FILE_PREFIX[source]}_{week_label(week_start)}.{fmt}"
            data = to_bytes(
                source, [e[1] for e in entries], {i for i, e in enumerate(entries) if e[2]}
            )
            if isinstance(data, str):
                path.write_text(data, encoding="utf-8")
            elif fmt == "csv":
                data.write_csv(path)
            else:
                data.write_parquet(path, compression="zstd", compression_level=3, statistics=True)
            files.append(path)
            rows_written[path.name] = len(entries)
    return files, rows_written, counts, flags


def _write_truth(
    contacts: pl.DataFrame,
    records: list[Record],
    personal: list[dict[str, str]],
    flags: dict[int, dict[str, Any]],
    vague: list[bool],
    truth_dir: Path,
) -> tuple[Path, Path]:
    truth_dir.mkdir(parents=True, exist_ok=True)
    sim = contacts.select("is_vulnerable", "is_emerging", "is_repeat", "resident").rows()
    rows = []
    for r in records:
        vulnerable, emerging, repeat, resident = sim[r.index]
        rows.append(
            {
                "source_system": r.source,
                "contact_id": r.contact_id,
                "topic_id": r.topic,
                "channel": r.channel,
                "started_at_local": r.started.isoformat(sep=" "),
                "week_start": (r.started.date() - timedelta(days=r.started.weekday())).isoformat(),
                "is_vulnerable": vulnerable,
                "is_emerging": emerging,
                "is_repeat": repeat,
                "is_wrap_error": r.code is not None and r.code != r.right_code,
                "is_vague": vague[r.index],
                **flags[r.index],
                "resident_id": f"R{resident:07d}",
            }
        )
    truth = pl.DataFrame(rows, schema_overrides={"malformed_kind": pl.Utf8})
    truth = truth.sort("source_system", "started_at_local", "contact_id")
    truth_path = truth_dir / "ground_truth.csv"
    truth.write_csv(truth_path)
    pd_path = truth_dir / "personal_data.csv"
    pl.DataFrame(
        personal,
        schema={"contact_id": pl.Utf8, "source_system": pl.Utf8, "kind": pl.Utf8, "value": pl.Utf8},
    ).write_csv(pd_path)
    return truth_path, pd_path
