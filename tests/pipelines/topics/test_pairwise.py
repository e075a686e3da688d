"""The one-vs-one refinement of the topic classifier (pipelines/topics/pairwise.py)."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC, LinearSVC

from pipelines.topics.model import (
    build_pipeline,
    linear_scores,
    load_model,
    predict,
    save_model,
    train_model,
)
from pipelines.topics.pairwise import PairwiseVoteClassifier
from tests.pipelines.topics.test_classify import council_texts


@dataclasses.dataclass
class Fitted:
    model: PairwiseVoteClassifier
    train: Any  # the training texts' features
    labels: list[str]  # their topics
    new: Any  # features of new texts, one clear topic each
    truth: np.ndarray  # their topics
    mixed: Any  # features of texts mixing two topics' phrasings: contested, votes are held


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    """Fitted on council texts: 4 topics, votes among the top 3."""
    texts, labels = council_texts(25, seed=3)
    new_texts, new_labels = council_texts(3, seed=4)
    two_of = council_texts(2, seed=7)[0]
    mixed = [f"{a} {b}" for a, b in zip(two_of, two_of[2:] + two_of[:2], strict=True)]
    features = build_pipeline(0)[0].fit(texts)
    train = features.transform(texts)
    model = PairwiseVoteClassifier(candidates=3, pair_cap=20).fit(train, labels)
    return Fitted(
        model=model,
        train=train,
        labels=labels,
        new=features.transform(new_texts),
        truth=np.asarray(new_labels),
        mixed=features.transform(mixed),
    )


def test_each_pair_is_kept_exactly_as_libsvm_fitted_it(fitted: Fitted) -> None:
    """Support texts + dual coefficients give libsvm's own decision for the pair."""
    model = fitted.model
    # The classifier fits in float64 (the features are float32): compare like with like.
    train, new = fitted.train.astype(np.float64), fitted.new.astype(np.float64)
    members = model._members(np.searchsorted(model.classes_, fitted.labels))
    for i, j in [(0, 1), (1, 3)]:
        rows = np.concatenate([members[i], members[j]])
        target = np.r_[np.zeros(len(members[i])), np.ones(len(members[j]))]
        pair = train[rows]
        svm = SVC(kernel="precomputed", C=model.pair_C).fit((pair @ pair.T).toarray(), target)
        expected = svm.decision_function((new @ pair.T).toarray())
        n = new.shape[0]
        got = model.pair_decision(new, np.arange(n), np.full(n, i), np.full(n, j))
        np.testing.assert_allclose(got, expected, atol=1e-4)


def _round_robin(model: PairwiseVoteClassifier, features: Any, row: int, top: Any) -> np.ndarray:
    """Each topic's wins in a round robin among ``top``, by asking each pair one at a time."""
    wins = np.zeros(len(model.classes_))
    for a, b in itertools.combinations(sorted(top), 2):
        d = model.pair_decision(features[row], np.array([0]), np.array([a]), np.array([b]))[0]
        wins[b if d > 0 else a] += 1
    return wins


def test_scores_are_standardised_one_vs_rest_plus_the_round_robin_wins(fitted: Fitted) -> None:
    """The grouped, vectorised vote count equals a plain loop over each text's top topics;
    a text whose lead the votes cannot overturn gets the votes of the one-vs-rest order."""
    model = fitted.model
    new = sp.vstack([fitted.new, fitted.mixed]).tocsr()
    linear = model.linear_scores(new)
    standard = (linear - linear.mean(axis=1, keepdims=True)) / linear.std(axis=1, keepdims=True)
    expected = standard.copy()
    held = 0
    for row in range(new.shape[0]):
        top = np.argsort(-linear[row], kind="stable")[: model.candidates]
        if standard[row, top[0]] - standard[row, top[1]] <= model.vote_weight * (len(top) - 1):
            expected[row] += model.vote_weight * _round_robin(model, new, row, top)
            held += 1
        else:
            expected[row, top] += model.vote_weight * np.arange(len(top) - 1, -1, -1)
    assert 0 < held < new.shape[0]  # both kinds of text are exercised
    np.testing.assert_allclose(model.decision_function(new), expected, atol=1e-9)


def test_skipping_uncontested_round_robins_never_changes_a_topic(fitted: Fitted) -> None:
    model = fitted.model
    features = sp.vstack([fitted.train, fitted.new, fitted.mixed]).tocsr()
    linear = model.linear_scores(features)
    standard = (linear - linear.mean(axis=1, keepdims=True)) / linear.std(axis=1, keepdims=True)
    for row in range(features.shape[0]):
        top = np.argsort(-linear[row], kind="stable")[: model.candidates]
        every_vote = standard[row] + model.vote_weight * _round_robin(model, features, row, top)
        assert model.classes_[every_vote.argmax()] == model.predict(features[row])[0]


def test_one_candidate_is_plain_one_vs_rest_and_the_model_is_accurate(fitted: Fitted) -> None:
    model, new, truth = fitted.model, fitted.new, fitted.truth
    with_votes = model.predict(new)
    model.candidates = 1
    try:
        alone = model.predict(new)
    finally:
        model.candidates = 3
    assert list(alone) == list(model.classes_[model.linear_scores(new).argmax(axis=1)])
    assert np.mean(with_votes == truth) >= 0.9


def test_pair_cap_bounds_the_texts_of_each_pair(fitted: Fitted) -> None:
    model, train = fitted.model, fitted.train
    per_pair = np.diff(model.pair_offsets_)
    n_labels = len(model.classes_)
    assert len(per_pair) == n_labels * (n_labels - 1) // 2
    assert per_pair.max() <= 2 * model.pair_cap  # support texts come from the capped sample
    assert model.support_features_.shape == (model.support_features_.shape[0], train.shape[1])


def test_two_topics_and_no_rows() -> None:
    texts, labels = council_texts(10, seed=5)
    keep = [k for k, label in enumerate(labels) if label in sorted(set(labels))[:2]]
    features = build_pipeline(0)[0].fit([texts[k] for k in keep])
    train = features.transform([texts[k] for k in keep])
    model = PairwiseVoteClassifier().fit(train, [labels[k] for k in keep])
    assert model.decision_function(train).shape == (len(keep), 2)
    assert np.mean(model.predict(train) == np.asarray([labels[k] for k in keep])) == 1.0
    assert model.decision_function(train[:0]).shape == (0, 2)


def test_scores_do_not_depend_on_the_chunk_size(
    fitted: Fitted, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, new = fitted.model, fitted.new
    whole = model.decision_function(new)
    monkeypatch.setattr("pipelines.topics.pairwise.CHUNK_ROWS", 5)
    np.testing.assert_array_equal(model.decision_function(new), whole)


def test_a_model_saved_before_the_votes_still_predicts_and_guides(tmp_path: Path) -> None:
    """Model folders whose last step is a plain LinearSVC keep working."""
    texts, labels = council_texts(15, seed=6)
    model = train_model(texts, labels, seed=0)
    old_pipeline = Pipeline(
        [("features", build_pipeline(0)[0]), ("classifier", LinearSVC(C=0.5, random_state=0))]
    ).fit(texts, labels)
    save_model(dataclasses.replace(model, pipeline=old_pipeline), tmp_path)
    old = load_model(tmp_path)
    assert isinstance(old.pipeline[-1], LinearSVC)
    result = predict(old, texts)
    assert np.mean(result.predicted_topic == np.asarray(labels)) >= 0.9
    features = old.pipeline[0].transform(texts[:3])
    np.testing.assert_array_equal(
        linear_scores(old.pipeline, features), old_pipeline[-1].decision_function(features)
    )
