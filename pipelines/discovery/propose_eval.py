"""Score a proposed taxonomy against known labels (Banking77's blind halves, generated contacts).

Unassigned texts count as one more label. An intent is *recovered* when a proposed topic is at
least ``purity`` that intent and holds at least half of that intent's texts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl
from sklearn.model_selection import train_test_split

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
