"""Why the model chose a topic: the terms that push most towards each topic, and per text.

The classifier is linear: a topic's score for a text is the sum, over the text's features, of
the feature's TF-IDF value times the topic's weight for it. So a feature's *contribution* to a
prediction is exactly that product. We list word features only (single words and word pairs):
character n-grams also contribute (they catch misspellings) but "ollec" means nothing to a
service manager. Contributions are in the model's decision-score units; only their order and
relative size matter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.pipeline import Pipeline

TOP_TERMS_PER_TOPIC = 10
TOP_TERMS_PER_TEXT = 5


def _word_weights(pipeline: Pipeline) -> tuple[object, np.ndarray, np.ndarray]:
    """(word vectorizer, word vocabulary as an array, weights (n_topics, n_word_features))."""
    union = pipeline.named_steps["features"]
    blocks = dict(union.transformer_list)
    word = blocks["word"]
    vocabulary = word.get_feature_names_out()
    offset = 0
    for name, transformer in union.transformer_list:
        if name == "word":
            break
        offset += len(transformer.get_feature_names_out())
    coef = np.asarray(pipeline[-1].coef_, dtype=np.float64)
    if coef.shape[0] == 1:  # two topics: one weight vector, positive for the second
        coef = np.vstack([-coef, coef])
    return word, vocabulary, coef[:, offset : offset + len(vocabulary)]


def topic_terms(pipeline: Pipeline, n: int = TOP_TERMS_PER_TOPIC) -> dict[str, list[str]]:
    """For each topic, the ``n`` words or word pairs with the largest positive weight."""
    _, vocabulary, weights = _word_weights(pipeline)
    result: dict[str, list[str]] = {}
    for row, topic in enumerate(pipeline[-1].classes_):
        order = np.argsort(-weights[row], kind="stable")[:n]
        result[str(topic)] = [str(vocabulary[j]) for j in order if weights[row, j] > 0]
    return result


def explain_texts(
    pipeline: Pipeline,
    texts: Sequence[str | None],
    topics: Sequence[str],
    n: int = TOP_TERMS_PER_TEXT,
) -> list[str]:
    """For each text, the ``n`` words or pairs that pushed it most towards its topic.

    Returns strings like ``"bin (0.41); missed (0.33)"``; empty for texts whose topic the model
    does not know (``unclassified`` because the text was empty) or with no word features.
    """
    word, vocabulary, weights = _word_weights(pipeline)
    row_of = {str(topic): i for i, topic in enumerate(pipeline[-1].classes_)}
    features = word.transform(["" if text is None else str(text) for text in texts]).tocsr()
    explanations: list[str] = []
    for i, topic in enumerate(topics):
        row = row_of.get(str(topic))
        start, end = features.indptr[i], features.indptr[i + 1]
        if row is None or start == end:
            explanations.append("")
            continue
        columns = features.indices[start:end]
        contributions = features.data[start:end] * weights[row, columns]
        order = np.argsort(-contributions, kind="stable")[:n]
        explanations.append(
            "; ".join(
                f"{vocabulary[columns[k]]} ({contributions[k]:.2f})"
                for k in order
                if contributions[k] > 0
            )
        )
    return explanations
