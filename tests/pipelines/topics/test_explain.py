"""Explanations: the words behind each topic and behind each prediction."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.topics.explain import explain_texts, topic_terms
from pipelines.topics.model import TrainedModel, load_model, predict, save_model, train_model
from tests.pipelines.topics.test_classify import council_texts


@pytest.fixture(scope="module")
def council_model() -> TrainedModel:
    return train_model(*council_texts(40, seed=1), seed=0)


def test_each_topic_lists_its_own_words(council_model: TrainedModel) -> None:
    terms = topic_terms(council_model.pipeline, n=8)
    assert set(terms) == set(council_model.labels)
    assert any("bin" in term for term in terms["bins"])
    assert any("tax" in term for term in terms["council_tax"])
    assert not any("tax" in term for term in terms["bins"])
    assert council_model.top_terms == topic_terms(council_model.pipeline)


def test_top_terms_are_saved_in_model_json(
    council_model: TrainedModel,
    tmp_path: Path,
) -> None:
    save_model(council_model, tmp_path / "m")
    assert load_model(tmp_path / "m").top_terms == council_model.top_terms


def test_a_prediction_is_explained_by_the_words_that_pushed_it(
    council_model: TrainedModel,
) -> None:
    texts = ["my bin was not collected again", "parking permit renewal please", "", None]
    result = predict(council_model, texts)
    explanations = explain_texts(council_model.pipeline, texts, list(result.topic), n=3)
    assert list(result.topic[:2]) == ["bins", "parking"]
    assert "bin" in explanations[0] and "parking" in explanations[1]
    assert len(explanations[0].split("; ")) <= 3
    assert explanations[2:] == ["", ""]
    # the weights behind the words are positive: each entry reads "term (0.12)"
    assert all(
        float(part.rsplit("(", 1)[1].rstrip(")")) > 0 for part in explanations[0].split("; ")
    )


def test_two_topic_models_are_explained_both_ways() -> None:
    texts, labels = council_texts(20, seed=3)
    pairs = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab in {"bins", "parking"}]
    model = train_model([t for t, _ in pairs], [lab for _, lab in pairs], seed=0)
    terms = topic_terms(model.pipeline, n=5)
    assert any("bin" in term for term in terms["bins"])
    assert any("park" in term for term in terms["parking"])
    explained = explain_texts(model.pipeline, ["parking ticket", "missed bin"], ["parking", "bins"])
    assert "parking" in explained[0] and "bin" in explained[1]
