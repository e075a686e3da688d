"""Topic classifier: train, evaluate and apply a text model that gives each contact a topic.

Model: TF-IDF word 1-2 grams and character (``char_wb``) 2-5 grams, sublinear term frequency,
into a one-vs-rest linear support vector machine (``LinearSVC``) whose scores are refined by
one-vs-one votes among each text's five best topics (``pipelines.topics.pairwise``). Redaction
placeholders such as ``[NAME]`` or ``[POSTCODE]`` are removed before features are built: they say
nothing about the topic.

Vocabulary: a word or character n-gram enters the model only when it occurs in at least
``MIN_NGRAM_CONTACTS`` (3) training texts, each one contact (``min_df``). A name, an address or
a reference number that redaction missed in one or two contacts is then not in the saved model,
so a model folder can be shared (docs/privacy.md, "Model vocabulary"). Training paths train on
redacted text: the warehouse's ``text_redacted``, and ``train --input`` redacts the file's texts
first (``pipelines.topics.training_files``).

Confidence: a softmax of the classifier's decision scores divided by a temperature that is fitted
on held-out data (the temperature that maximises the held-out likelihood of the true topic, with
2% label smoothing so that perfectly separable data still gets a finite temperature), so
confidences are calibrated-ish probabilities in 0..1 that sum to 1 over the topics.

Threshold rule: on the held-out split, the threshold is the confidence below which only
``1 - target_in_scope_coverage`` of the *correctly classified* held-out texts fall; with the
default 0.95, 95% of the texts the model gets right keep their topic, and texts scoring below the
threshold (most of the wrong guesses, and most texts about topics the model never saw) become
``unclassified``. See docs/classifier.md for the figures measured.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

from pipelines.contract import UNCLASSIFIED
from pipelines.topics.explain import topic_terms
from pipelines.topics.features import fast_transform, normalise_text
from pipelines.topics.metrics import classification_metrics
from pipelines.topics.pairwise import PairwiseVoteClassifier, score_matrix
from pipelines.topics.store import (
    ModelStoreError,
    ModelVersionWarning,
    TrainedModel,
    load_model,
    model_version,
    row_hashes,
    save_model,
    training_fingerprint,
)

__all__ = [
    "UNCLASSIFIED",
    "ModelStoreError",
    "ModelVersionWarning",
    "Predictions",
    "TrainedModel",
    "TrainingDataError",
    "evaluate_model",
    "load_model",
    "predict",
    "save_model",
    "train_model",
    "training_fingerprint",
]

log = logging.getLogger(__name__)

PREDICT_BATCH_SIZE = 10_000
SVM_C = 0.5
LABEL_SMOOTHING = 0.02
# An n-gram must occur in this many distinct training texts (contacts) to be in the vocabulary:
# rare n-grams are most often names, addresses and references (issue 14). Measured effect on
# held-out accuracy: docs/classifier.md.
MIN_NGRAM_CONTACTS = 3


class TrainingDataError(ValueError):
    """The labelled texts cannot train a model (too few texts or labels, mismatched lengths)."""


@dataclass
class Predictions:
    """Per-text results of :func:`predict`, in input order.

    ``predicted_topic``: the model's best guess (``unclassified`` only for empty text).
    ``topic``: the best guess, or ``unclassified`` when ``confidence`` is below the threshold.
    ``confidence``: 0..1, the temperature-scaled softmax probability of the best guess.
    """

    predicted_topic: np.ndarray
    topic: np.ndarray
    confidence: np.ndarray

    def __len__(self) -> int:
        return len(self.topic)


def build_pipeline(seed: int = 0, min_ngram_contacts: int = MIN_NGRAM_CONTACTS) -> Pipeline:
    """The unfitted feature + classifier pipeline; n-grams seen in fewer than
    ``min_ngram_contacts`` training texts are left out of both vocabularies."""
    if min_ngram_contacts < 1:
        raise ValueError(f"min_ngram_contacts must be at least 1, got {min_ngram_contacts}")
    common: dict[str, Any] = {
        "preprocessor": normalise_text,
        "sublinear_tf": True,
        "dtype": np.float32,
    }
    word = TfidfVectorizer(ngram_range=(1, 2), min_df=min_ngram_contacts, **common)
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=min_ngram_contacts, **common
    )
    classifier = PairwiseVoteClassifier(C=SVM_C, random_state=seed)
    features = FeatureUnion([("word", word), ("char", char)])
    return Pipeline([("features", features), ("classifier", classifier)])


def _is_blank(text: object) -> bool:
    return not isinstance(text, str) or not normalise_text(text).strip()


def _clean_training_data(
    texts: Sequence[str], labels: Sequence[str]
) -> tuple[list[str], list[str], dict[str, int]]:
    """Drop unusable rows and labels with fewer than two examples; check what remains."""
    if len(texts) != len(labels):
        raise TrainingDataError(f"{len(texts)} texts but {len(labels)} labels: they must pair up")
    pairs = [
        (t, str(lab).strip())
        for t, lab in zip(texts, labels, strict=True)
        if not _is_blank(t) and lab is not None and str(lab).strip()
    ]
    if len(pairs) < len(texts):
        log.warning(
            "left out %d of %d training rows with empty text or no label",
            len(texts) - len(pairs),
            len(texts),
        )
    if any(label == UNCLASSIFIED for _, label in pairs):
        raise TrainingDataError(
            f"{UNCLASSIFIED!r} is reserved for low-confidence predictions "
            "and cannot be a training label"
        )
    counts = Counter(label for _, label in pairs)
    dropped = {label: n for label, n in sorted(counts.items()) if n < 2}
    if dropped:
        log.warning(
            "left out %d label(s) with fewer than 2 examples: %s",
            len(dropped),
            ", ".join(sorted(dropped)),
        )
    kept = [(t, lab) for t, lab in pairs if lab not in dropped]
    n_labels = len(counts) - len(dropped)
    if n_labels < 2:
        raise TrainingDataError(
            f"need at least 2 labels with 2 or more examples each; got {n_labels} "
            f"({len(pairs)} usable rows, {len(dropped)} label(s) with a single example)"
        )
    return [t for t, _ in kept], [lab for _, lab in kept], dropped


def _decision_scores(pipeline: Pipeline, features: Any) -> np.ndarray:
    """Decision scores as an (n_texts, n_labels) array, also for a two-label model."""
    return score_matrix(pipeline[-1], features)


def linear_scores(pipeline: Pipeline, features: Any) -> np.ndarray:
    """The one-vs-rest linear scores, (n_texts, n_labels), without the pairwise votes.

    A model saved before the votes existed ends in the ``LinearSVC`` itself.
    """
    last = pipeline[-1]
    one_vs_rest = last.ovr_ if isinstance(last, PairwiseVoteClassifier) else last
    return score_matrix(one_vs_rest, features)


def _fit_temperature(scores: np.ndarray, truth_index: np.ndarray) -> float:
    """The softmax temperature that maximises the likelihood of the (smoothed) true labels.

    Label smoothing (``LABEL_SMOOTHING`` of the weight spread over the other labels) keeps the
    temperature finite when every held-out text is classified correctly; without it the fit
    drives every confidence to 1.0 and the threshold says nothing.
    """
    n_rows, n_labels = scores.shape
    target = np.full((n_rows, n_labels), LABEL_SMOOTHING / (n_labels - 1))
    target[np.arange(n_rows), truth_index] = 1.0 - LABEL_SMOOTHING

    def negative_log_likelihood(log_t: float) -> float:
        return float(-(target * log_softmax(scores / np.exp(log_t), axis=1)).sum(axis=1).mean())

    result = minimize_scalar(negative_log_likelihood, bounds=(-7.0, 4.0), method="bounded")
    return float(np.exp(result.x))


def _choose_threshold(confidence: np.ndarray, correct: np.ndarray, coverage: float) -> float:
    """Keep ``coverage`` of the correctly classified held-out texts (all texts if none are)."""
    basis = confidence[correct] if correct.any() else confidence
    return float(np.quantile(basis, 1.0 - coverage, method="lower"))


def _fit(texts: list[str], labels: list[str], seed: int, min_ngram_contacts: int) -> Pipeline:
    """Fit a fresh pipeline, turning scikit-learn's empty-vocabulary error into a clear one."""
    try:
        return build_pipeline(seed, min_ngram_contacts).fit(texts, labels)
    except ValueError as exc:
        if "empty vocabulary" in str(exc) or "min_df" in str(exc):
            raise TrainingDataError(
                f"the {len(texts)} training texts hold no usable words "
                f"(after removing redaction placeholders, and keeping only words and character "
                f"n-grams found in at least {min_ngram_contacts} texts)"
            ) from exc
        raise


def _cap_per_label(
    texts: list[str], labels: list[str], cap: int, seed: int
) -> tuple[list[str], list[str]]:
    """At most ``cap`` rows per label, drawn at random with ``seed``, in input order."""
    if cap < 2:
        raise ValueError(f"max_per_label must be at least 2, got {cap}")
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    keep: list[int] = []
    for rows in by_label.values():
        keep.extend(rows if len(rows) <= cap else rng.choice(rows, cap, replace=False).tolist())
    keep.sort()
    if len(keep) < len(texts):
        log.info("max_per_label=%d: training on %d of %d rows", cap, len(keep), len(texts))
    return [texts[i] for i in keep], [labels[i] for i in keep]


def _split_sizes(n_rows: int, n_labels: int, test_size: float) -> int:
    """Held-out row count: ``test_size`` of the rows, at least one per label."""
    n_test = max(int(np.ceil(test_size * n_rows)), n_labels)
    if n_rows - n_test < n_labels:
        raise TrainingDataError(
            f"{n_rows} rows are too few to hold out {n_test} and still train "
            f"on every one of {n_labels} labels"
        )
    return n_test


def _calibrate_on_heldout(
    train_x: list[str],
    train_y: list[str],
    test_x: list[str],
    test_y: list[str],
    label_set: list[str],
    seed: int,
    target_in_scope_coverage: float,
    min_ngram_contacts: int = MIN_NGRAM_CONTACTS,
) -> tuple[float, float, np.ndarray, dict[str, Any]]:
    """Fit on the training split; on the held-out split fit the softmax temperature, choose the
    threshold, and measure: (temperature, threshold, best guesses, metrics)."""
    split_model = _fit(train_x, train_y, seed, min_ngram_contacts)
    classes = split_model[-1].classes_
    scores = _decision_scores(split_model, split_model[:-1].transform(test_x))
    truth_index = np.searchsorted(classes, test_y)
    temperature = _fit_temperature(scores, truth_index)
    probabilities = softmax(scores / temperature, axis=1)
    best = probabilities.argmax(axis=1)
    confidence = probabilities[np.arange(len(best)), best]
    correct = best == truth_index
    threshold = _choose_threshold(confidence, correct, target_in_scope_coverage)
    predicted = classes[best]
    topics = np.where(confidence >= threshold, predicted, UNCLASSIFIED)
    return (
        temperature,
        threshold,
        predicted,
        classification_metrics(test_y, predicted, topics, label_set),
    )


def train_model(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    seed: int = 0,
    test_size: float = 0.2,
    target_in_scope_coverage: float = 0.95,
    max_per_label: int | None = None,
    min_ngram_contacts: int = MIN_NGRAM_CONTACTS,
) -> TrainedModel:
    """Train, evaluate on a stratified held-out split, choose the threshold, refit on all data.

    Rows with empty text or no label are left out, and so are labels with fewer than two
    examples (each with a warning). Raises :class:`TrainingDataError` when fewer than two labels
    remain, when lengths differ, or when a label is the reserved ``unclassified``.
    ``metrics`` holds the held-out figures of the model fitted on the training split.
    ``max_per_label`` (off by default) keeps at most that many texts per label, sampled with
    ``seed``, to bound training time on large labelled sets; the fingerprint still covers all
    the usable input rows. ``min_ngram_contacts``: an n-gram found in fewer training texts is
    not in the model's vocabulary (the same rule for the held-out split's model).
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be between 0 and 1, got {test_size}")
    if not 0.0 < target_in_scope_coverage <= 1.0:
        raise ValueError(
            f"target_in_scope_coverage must be in (0, 1], got {target_in_scope_coverage}"
        )
    started = time.perf_counter()
    texts_ok, labels_ok, dropped = _clean_training_data(texts, labels)
    fingerprint = training_fingerprint(texts_ok, labels_ok)
    n_usable = len(texts_ok)
    if max_per_label is not None:
        texts_ok, labels_ok = _cap_per_label(texts_ok, labels_ok, max_per_label, seed)
    label_set = sorted(set(labels_ok))
    n_test = _split_sizes(len(texts_ok), len(label_set), test_size)
    train_x, test_x, train_y, test_y = train_test_split(
        texts_ok, labels_ok, test_size=n_test, stratify=labels_ok, random_state=seed
    )

    temperature, threshold, predicted, metrics = _calibrate_on_heldout(
        train_x, train_y, test_x, test_y, label_set, seed, target_in_scope_coverage,
        min_ngram_contacts,
    )  # fmt: skip
    metrics.update(
        n_train_split=len(train_x),
        n_heldout=len(test_x),
        test_size=test_size,
        n_usable_rows=n_usable,
        max_per_label=max_per_label,
        target_in_scope_coverage=target_in_scope_coverage,
        min_ngram_contacts=min_ngram_contacts,
        threshold_rule=(
            f"confidence below which {1 - target_in_scope_coverage:.0%} of the "
            "correctly classified held-out texts fall"
        ),
        confidence_method="softmax(decision_function / temperature), temperature fitted on "
        "held-out data by maximum likelihood",
    )

    final = _fit(texts_ok, labels_ok, seed, min_ngram_contacts)
    metrics["train_seconds"] = round(time.perf_counter() - started, 3)
    trained_at = datetime.now(UTC).replace(microsecond=0)
    model = TrainedModel(
        pipeline=final,
        version=model_version(trained_at, fingerprint),
        labels=label_set,
        threshold=threshold,
        temperature=temperature,
        training_fingerprint=fingerprint,
        metrics=metrics,
        trained_at=trained_at,
        seed=seed,
        n_train=len(texts_ok),
        dropped_labels=dropped,
        top_terms=topic_terms(final),
        row_hashes=row_hashes(texts_ok, labels_ok),
        heldout=(list(test_x), list(test_y), [str(label) for label in predicted]),
    )
    log.info(
        "trained %s on %d texts, %d labels in %.1fs: held-out accuracy %.3f, macro-F1 %.3f, "
        "threshold %.3f", model.version, model.n_train, len(label_set), metrics["train_seconds"],
        metrics["accuracy"], metrics["macro_f1"], threshold,
    )  # fmt: skip
    return model


def features_of(pipeline: Pipeline, texts: list[str]) -> Any:
    """The pipeline's features for ``texts`` (the polars path for the standard two steps)."""
    if len(pipeline) == 2:
        return fast_transform(pipeline[0], texts)
    return pipeline[:-1].transform(texts)


def predict(
    model: TrainedModel, texts: Sequence[str | None], threshold: float | None = None
) -> Predictions:
    """Classify ``texts`` in batches of ``PREDICT_BATCH_SIZE`` (bounded memory).

    ``threshold`` overrides ``model.threshold`` when given. Empty or missing text, and text with
    no known word or character n-gram, gives ``unclassified`` with confidence 0.
    """
    limit = model.threshold if threshold is None else float(threshold)
    if not 0.0 <= limit <= 1.0:
        raise ValueError(f"threshold must be in 0..1, got {limit}")
    n = len(texts)
    predicted = np.full(n, UNCLASSIFIED, dtype=object)
    confidence = np.zeros(n, dtype=np.float64)
    classes = model.pipeline[-1].classes_
    for start in range(0, n, PREDICT_BATCH_SIZE):
        batch = [texts[i] for i in range(start, min(start + PREDICT_BATCH_SIZE, n))]
        positions = [i for i, text in enumerate(batch) if not _is_blank(text)]
        if not positions:
            continue
        features = features_of(model.pipeline, [batch[i] for i in positions])
        has_features = np.diff(features.indptr) > 0
        probabilities = softmax(
            _decision_scores(model.pipeline, features) / model.temperature, axis=1
        )
        best = probabilities.argmax(axis=1)
        best_confidence = probabilities[np.arange(len(best)), best]
        index = start + np.asarray(positions)[has_features]
        predicted[index] = classes[best[has_features]]
        confidence[index] = best_confidence[has_features]
    topic = np.where(confidence >= limit, predicted, UNCLASSIFIED).astype(object)
    topic[confidence <= 0.0] = UNCLASSIFIED
    return Predictions(predicted_topic=predicted, topic=topic, confidence=confidence)


def evaluate_model(
    model: TrainedModel,
    texts: Sequence[str | None],
    labels: Sequence[str],
    threshold: float | None = None,
) -> dict[str, Any]:
    """Score ``model`` on labelled texts.

    Returns ``accuracy`` and ``macro_f1`` of the best guess against the labels (macro over
    the model's topics), ``unclassified_rate`` (share below the threshold),
    ``accuracy_when_classified``, ``per_topic`` precision/recall/F1/support,
    ``top_confused_pairs`` and ``n``. Labels the model does not know count as errors and are
    listed in ``unknown_labels``.
    """
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels: they must pair up")
    if not texts:
        raise ValueError("no texts to evaluate")
    result = predict(model, texts, threshold)
    truth = [str(label) for label in labels]
    metrics = classification_metrics(
        truth, result.predicted_topic, result.topic, list(model.labels)
    )
    metrics["n"] = len(truth)
    metrics["unknown_labels"] = sorted(set(truth) - set(model.labels))
    return metrics
