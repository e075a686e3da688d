"""Measure the topic classifier on banking77 (real customer-service queries, 77 intents).

    .venv/bin/python benchmarks/classifier_banking77.py [--data ../shared/data/banking77/train.csv]

Prints, as JSON: held-out accuracy and macro-F1 of ``train_model`` (stratified 80/20, seed 0),
training time, threshold, in-scope unclassified rate; 5-fold cross-validated accuracy; the
out-of-scope detection rate (10 intents left out of training, two seeded choices); prediction
throughput; and the size of the saved model. Figures go into docs/classifier.md.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sklearn.model_selection import StratifiedKFold

from pipelines.contract import UNCLASSIFIED
from pipelines.topics.model import build_pipeline, predict, save_model, train_model

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "banking77" / "train.csv"


def cross_validated_accuracy(texts: np.ndarray, labels: np.ndarray, folds: int = 5) -> list[float]:
    """Accuracy of the bare pipeline (no threshold) on each of ``folds`` stratified folds."""
    scores = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, labels):
        fitted = build_pipeline().fit(list(texts[train]), labels[train])
        scores.append(float(np.mean(fitted.predict(list(texts[test])) == labels[test])))
    return scores


def out_of_scope(texts: list[str], labels: list[str], seed: int) -> dict[str, Any]:
    """Train without 10 seeded intents; the share of their texts that come out unclassified."""
    left_out = set(random.Random(seed).sample(sorted(set(labels)), 10))
    kept = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab not in left_out]
    model = train_model([t for t, _ in kept], [lab for _, lab in kept], seed=0)
    unseen = [t for t, lab in zip(texts, labels, strict=True) if lab in left_out]
    return {
        "seed": seed,
        "texts": len(unseen),
        "unclassified_rate": float(np.mean(predict(model, unseen).topic == UNCLASSIFIED)),
        "in_scope_unclassified_rate": model.metrics["unclassified_rate"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    frame = pl.read_csv(args.data)
    texts = frame.get_column("text").to_list()
    labels = frame.get_column("category").to_list()

    started = time.perf_counter()
    model = train_model(texts, labels, seed=0)
    train_seconds = time.perf_counter() - started
    many = texts * 10
    started = time.perf_counter()
    predict(model, many)
    per_second = len(many) / (time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as folder:
        save_model(model, Path(folder))
        model_mb = (Path(folder) / "model.joblib").stat().st_size / 1e6

    folds = cross_validated_accuracy(np.array(texts, dtype=object), np.array(labels))
    report = {
        "texts": len(texts),
        "heldout_accuracy": model.metrics["accuracy"],
        "heldout_macro_f1": model.metrics["macro_f1"],
        "train_seconds": round(train_seconds, 1),
        "threshold": model.threshold,
        "temperature": model.temperature,
        "heldout_unclassified_rate": model.metrics["unclassified_rate"],
        "accuracy_when_classified": model.metrics["accuracy_when_classified"],
        "cv5_accuracy": [round(score, 4) for score in folds],
        "cv5_mean": round(float(np.mean(folds)), 4),
        "cv5_std": round(float(np.std(folds)), 4),
        "predict_texts_per_second": round(per_second),
        "model_joblib_mb": round(model_mb, 1),
        "out_of_scope": [out_of_scope(texts, labels, seed) for seed in (0, 1)],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
