"""Generated contacts as (text, true topic) rows: the texts of the generator's export files joined
with its ground truth by contact id (telephony notes, webchat transcripts, CRM descriptions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from pipelines.generator import generate


def generated_texts(root: Path, *, weeks: int, per_week: int, seed: int) -> pl.DataFrame:
    """Columns ``contact_id``, ``text``, ``topic_id``, sorted by contact id."""
    generate(
        root / "landing",
        weeks=weeks,
        per_week=per_week,
        seed=seed,
        start=date(2026, 3, 2),
        truth_dir=root / "truth",
    )
    landing = root / "landing"
    parts = [
        pl.read_csv(f, infer_schema=False).select(
            pl.col("Call ID").alias("contact_id"), pl.col("Agent Notes").alias("text")
        )
        for f in sorted(landing.glob("telephony_*.csv"))
    ]
    parts += [
        pl.read_ndjson(f).select(
            pl.col("chat_id").alias("contact_id"), pl.col("transcript").alias("text")
        )
        for f in sorted(landing.glob("webchat_*.jsonl"))
    ]
    parts += [
        pl.read_parquet(f).select(
            pl.col("case_ref").alias("contact_id"), pl.col("description").alias("text")
        )
        for f in sorted(landing.glob("crm_*.parquet"))
    ]
    texts = pl.concat(
        [p.select(pl.col("contact_id").cast(pl.Utf8), pl.col("text").cast(pl.Utf8)) for p in parts]
    )
    truth = pl.read_csv(root / "truth" / "ground_truth.csv", infer_schema=False).select(
        "contact_id", "topic_id"
    )
    joined = texts.join(truth, on="contact_id", how="inner")
    return joined.unique("contact_id", keep="first").sort("contact_id")
