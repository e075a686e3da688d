"""Score a proposed taxonomy against known labels (Banking77's blind halves, generated contacts).

Unassigned texts count as one more label. An intent is *recovered* when a proposed topic is at
least ``purity`` that intent and holds at least half of that intent's texts.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
from sklearn.model_selection import train_test_split

from pipelines.generator import generate

SPLIT_SEED = 20


def banking77_halves(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Banking77's train.csv split once, stratified by intent (seed 20), into dev and test."""
    frame = pl.read_csv(path)
    texts, labels = frame.get_column("text").to_list(), frame.get_column("category").to_list()
    dev_x, test_x, dev_y, test_y = train_test_split(
        texts, labels, test_size=0.5, stratify=labels, random_state=SPLIT_SEED
    )
    return {"dev": (dev_x, dev_y), "test": (test_x, test_y)}


def recovered(truth: list[str], assigned: list[str | None], purity: float = 0.7) -> int:
    """How many true labels are recovered as a proposed topic (see the module docstring)."""
    totals = Counter(truth)
    members: dict[str, list[str]] = {}
    for label, topic in zip(truth, assigned, strict=True):
        if topic is not None:
            members.setdefault(topic, []).append(label)
    found = set()
    for labels in members.values():
        intent, hits = Counter(labels).most_common(1)[0]
        if hits / len(labels) >= purity and hits >= totals[intent] / 2:
            found.add(intent)
    return len(found)


def generated_contacts(root: Path, *, weeks: int, per_week: int, seed: int) -> pl.DataFrame:
    """Generated contacts as rows of ``contact_id``, ``text`` (telephony notes, webchat
    transcripts, CRM descriptions, as exported, not redacted) and true ``topic_id``."""
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
