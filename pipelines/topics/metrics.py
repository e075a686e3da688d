"""Evaluation figures of a topic classifier: accuracy, macro-F1, coverage and confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from pipelines.contract import UNCLASSIFIED

TOP_CONFUSED_PAIRS = 10


def classification_metrics(
    truth: Sequence[str], predicted: np.ndarray, topics: np.ndarray, label_set: list[str]
) -> dict[str, Any]:
    """Accuracy and F1 of the best guess; coverage of the thresholded topics; confusions."""
    truth_arr = np.asarray(truth, dtype=object)
    classified = topics != UNCLASSIFIED
    precision, recall, f1, support = precision_recall_fscore_support(
        truth_arr, predicted, labels=label_set, zero_division=0
    )
    confused = Counter((t, p) for t, p in zip(truth_arr, predicted, strict=True) if t != p)
    top = sorted(confused.items(), key=lambda item: (-item[1], item[0]))[:TOP_CONFUSED_PAIRS]
    return {
        "accuracy": float(accuracy_score(truth_arr, predicted)),
        "macro_f1": float(
            f1_score(truth_arr, predicted, labels=label_set, average="macro", zero_division=0)
        ),
        "unclassified_rate": float(1.0 - classified.mean()),
        "accuracy_when_classified": (
            float((truth_arr[classified] == topics[classified]).mean())
            if classified.any()
            else None
        ),
        "per_topic": {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(label_set, precision, recall, f1, support, strict=True)
        },
        "top_confused_pairs": [{"true": t, "predicted": p, "count": c} for (t, p), c in top],
    }
