"""Promotion: a new model replaces the current one only when it is not worse on the same texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.topics.model import TrainedModel, load_model, save_model, train_model
from pipelines.topics.registry import (
    NoModelError,
    current_model_folder,
    current_version,
    decide,
    promote_if_not_worse,
)
from tests.pipelines.topics.test_classify import council_texts


@pytest.fixture(scope="module")
def first() -> TrainedModel:
    return train_model(*council_texts(30, seed=1), seed=0)


def _challenger(seed: int = 2) -> TrainedModel:
    return train_model(*council_texts(30, seed=seed), seed=0)


def test_the_first_model_is_promoted_and_becomes_current(
    first: TrainedModel, tmp_path: Path
) -> None:
    with pytest.raises(NoModelError, match="no current model"):
        current_model_folder(tmp_path)
    decision = promote_if_not_worse(first, tmp_path)
    assert decision.promoted and decision.current_version is None
    assert current_version(tmp_path) == first.version
    assert (tmp_path / first.version / "model.json").is_file()


def test_a_challenger_is_compared_on_texts_new_to_the_current_model(
    first: TrainedModel, tmp_path: Path
) -> None:
    promote_if_not_worse(first, tmp_path)
    challenger = _challenger()
    decision = decide(challenger, first, min_compared=5)
    n_heldout = len(challenger.heldout[0])
    assert 5 <= decision.compared_texts < n_heldout  # some held-out texts the first model saw
    assert decision.current_macro_f1 is not None and decision.challenger_macro_f1 is not None
    assert decision.promoted == (decision.challenger_macro_f1 >= decision.current_macro_f1)
    assert f"on the same {decision.compared_texts} held-out texts the current" in decision.reason
    result = promote_if_not_worse(challenger, tmp_path, force=True, min_compared=5)
    assert result.promoted
    assert current_version(tmp_path) == challenger.version
    assert (tmp_path / first.version).is_dir() and (tmp_path / challenger.version).is_dir()


def test_retraining_on_the_same_data_keeps_the_current_model(first: TrainedModel) -> None:
    again = train_model(*council_texts(30, seed=1), seed=1)
    decision = decide(again, first)
    assert not decision.promoted and decision.compared_texts == 0
    assert "only 0 of the" in decision.reason


def test_a_worse_challenger_is_not_promoted_or_saved(first: TrainedModel, tmp_path: Path) -> None:
    promote_if_not_worse(first, tmp_path)
    challenger = _challenger(seed=3)
    texts, labels, _ = challenger.heldout
    challenger.heldout = (
        texts,
        labels,
        ["bins"] * len(texts),
    )  # a challenger that always says bins
    decision = promote_if_not_worse(challenger, tmp_path, min_compared=5)
    assert not decision.promoted
    assert decision.current_macro_f1 is not None and decision.current_macro_f1 > 0.5
    assert "worse than" in decision.reason
    assert current_version(tmp_path) == first.version
    assert not (tmp_path / challenger.version).exists()


def test_a_topic_the_current_model_does_not_know_counts_against_it(first: TrainedModel) -> None:
    texts, labels = council_texts(30, seed=4)
    texts += [f"library opening hours on day {i}" for i in range(30)]
    labels += ["libraries"] * 30
    challenger = train_model(texts, labels, seed=0)
    decision = decide(challenger, first, min_compared=5)
    assert decision.promoted
    assert decision.current_macro_f1 is not None and decision.current_macro_f1 <= 0.8


def test_a_model_saved_without_row_hashes_is_compared_on_all_held_out_texts(
    first: TrainedModel, tmp_path: Path
) -> None:
    first.row_hashes, hashes = None, first.row_hashes
    try:
        save_model(first, tmp_path / "old")
        old = load_model(tmp_path / "old")
    finally:
        first.row_hashes = hashes
    assert old.row_hashes is None
    challenger = _challenger()
    decision = decide(challenger, old, min_compared=5)
    assert decision.compared_texts == len(challenger.heldout[0])
    assert "may have been trained on some" in decision.reason


def test_an_unreadable_current_model_is_replaced(first: TrainedModel, tmp_path: Path) -> None:
    promote_if_not_worse(first, tmp_path)
    (tmp_path / first.version / "model.joblib").write_bytes(b"damaged")
    challenger = _challenger()
    assert promote_if_not_worse(challenger, tmp_path).promoted
    assert current_version(tmp_path) == challenger.version
