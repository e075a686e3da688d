"""The polars feature path gives exactly scikit-learn's TF-IDF features, or falls back to it."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from pipelines.generator import generate
from pipelines.topics.features import fast_transform, is_supported
from pipelines.topics.model import TrainedModel, predict, train_model

# What trips exact equality if the Python and Rust rules drift apart: placeholders, runs of
# mixed whitespace, separators Python's split() treats as spaces, short and one-letter words,
# digits and underscores, punctuation only, empty, non-ASCII (the scikit-learn path).
EDGE_CASES = [
    "Missed bin [NAME] rang from [PHONE] about the  bin\t\tcollection",
    "a b c d e",
    "x",
    "",
    "   ",
    "!!! ??? ...",
    "ref_no 12345 flat 12 bin 3 week 14 £45.50",
    "council\x1ctax\x1fband query",
    "Café résumé naïve: the caddy’s lid",
    "CAPITALS AND [POSTCODE] AND [EMAIL]s [not a placeholder]",
    "pothole\r\nreported\u00a0again",
    "word " * 300,
]


@pytest.fixture(scope="module")
def generated_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Agent notes, chat transcripts and case summaries from the generator."""
    landing = tmp_path_factory.mktemp("fast-features") / "landing"
    generate(landing, weeks=2, per_week=400, seed=5, start=date(2026, 3, 2))
    texts: list[str] = []
    for path in sorted(landing.iterdir()):
        if path.suffix == ".csv":
            texts += pl.read_csv(path, infer_schema_length=0)["Agent Notes"].to_list()
        elif path.suffix == ".parquet":
            texts += pl.read_parquet(path)["description"].to_list()
    return [text for text in texts if text]


@pytest.fixture(scope="module")
def model(generated_texts: list[str]) -> TrainedModel:
    labels = [f"topic_{i % 7}" for i in range(len(generated_texts))]
    return train_model(generated_texts, labels, seed=0)


def _assert_same(got: sp.csr_matrix, expected: sp.csr_matrix) -> None:
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype
    assert (got != 0).sum() == (expected != 0).sum()
    assert abs(got - expected).max() < 1e-6


def test_generated_and_edge_case_texts_get_scikit_learns_features(
    model: TrainedModel, generated_texts: list[str]
) -> None:
    features = model.pipeline[0]
    texts = generated_texts + EDGE_CASES
    assert len(generated_texts) > 500
    assert is_supported(features)
    _assert_same(fast_transform(features, texts), features.transform(texts))


def test_rows_keep_their_order_when_some_take_the_scikit_learn_path(
    model: TrainedModel, generated_texts: list[str]
) -> None:
    features = model.pipeline[0]
    texts = ["naïve caddy", *generated_texts[:50], "résumé", *generated_texts[50:100], "é"]
    got = fast_transform(features, texts)
    for i in (0, 1, 51, 52, len(texts) - 1):
        _assert_same(got[i], features.transform([texts[i]]))


@pytest.mark.parametrize("texts", [["é"], ["Croeso, mae’r bin yn llawn", "naïve"], [""], ["a"]])
def test_small_batches_and_batches_with_no_ascii_row(model: TrainedModel, texts: list[str]) -> None:
    features = model.pipeline[0]
    _assert_same(fast_transform(features, texts), features.transform(texts))


def test_a_differently_configured_union_falls_back_to_scikit_learn(
    generated_texts: list[str],
) -> None:
    other = FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 3))),
            ("char", TfidfVectorizer(analyzer="char", ngram_range=(2, 4))),
        ]
    ).fit(generated_texts)
    assert not is_supported(other)
    got = fast_transform(other, generated_texts[:200])
    _assert_same(got, other.transform(generated_texts[:200]))


def test_predictions_match_the_scikit_learn_path(
    model: TrainedModel, generated_texts: list[str]
) -> None:
    texts = generated_texts[:300] + EDGE_CASES
    fast = predict(model, texts)
    features = model.pipeline[0].transform(texts)
    scores = model.pipeline[-1].decision_function(features)
    classes = model.pipeline[-1].classes_
    has_text = np.asarray([bool(t.strip()) and features[i].nnz > 0 for i, t in enumerate(texts)])
    expected = classes[scores.argmax(axis=1)]
    assert has_text.sum() > 290
    assert (fast.predicted_topic[has_text] == expected[has_text]).all()
