"""The classifier's TF-IDF features computed with polars: the same numbers, about 3x faster.

scikit-learn builds word and character n-grams in a Python loop per text, which made
vectorising most of the classification step's time (about 10,000 texts a second on this
2-core machine). Here the n-grams are made by polars expressions (multi-threaded, in Rust),
looked up in the fitted vocabulary by a cast to an ``Enum`` whose categories are the vocabulary
in column order, and counted by SciPy; sublinear TF, IDF and L2 normalisation follow
scikit-learn's formulas. ``tests/pipelines/topics/test_fast_features.py`` checks that the result
equals ``pipeline.transform``.

Exactness needs regexes and whitespace rules that agree between Python and Rust. They agree on
ASCII text, so rows with any other character are left to scikit-learn (about 2% of generated
contacts). A pipeline configured differently from :func:`pipelines.topics.model.build_pipeline`
(an older or a custom model) is not supported: :func:`fast_transform` then falls back to
scikit-learn for every row.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

PLACEHOLDER_PATTERN = r"\[[A-Z][A-Z0-9_ ]*\]"  # redaction placeholders, dropped before features
_PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)
_WORD_TOKEN = r"\b\w\w+\b"  # scikit-learn's default token_pattern, (?u)\b\w\w+\b
_WHITESPACE_RUN = r"[\s\x1c-\x1f]+"  # what Python's str.split() splits on, in ASCII


@dataclass(frozen=True)
class _Vocabulary:
    vectorizer: TfidfVectorizer
    terms: pl.Enum  # categories in column order: a term's physical code is its column

    @classmethod
    def of(cls, vectorizer: TfidfVectorizer) -> _Vocabulary:
        terms: list[str] = [""] * len(vectorizer.vocabulary_)
        for term, column in vectorizer.vocabulary_.items():
            terms[column] = term
        return cls(vectorizer, pl.Enum(terms))

    def matrix(self, pairs: pl.DataFrame, n_rows: int) -> sp.csr_matrix:
        """(row, term) occurrences -> the vectorizer's TF-IDF rows."""
        known = pairs.select(
            "row", pl.col("term").cast(self.terms, strict=False).to_physical().alias("column")
        ).drop_nulls()
        rows, columns = known.get_column("row").to_numpy(), known.get_column("column").to_numpy()
        counts = sp.csr_matrix(
            (np.ones(len(rows)), (rows, columns)), shape=(n_rows, len(self.terms.categories))
        )
        counts.sum_duplicates()
        counts.data = (1.0 + np.log(counts.data)) * self.vectorizer.idf_[counts.indices]
        return normalize(counts, copy=False).astype(self.vectorizer.dtype)


def normalise_text(text: str) -> str:
    """Lower-case ``text`` and drop redaction placeholders (``[NAME]``, ``[PHONE]``, ...)."""
    return _PLACEHOLDER.sub(" ", text).lower()


def _supported(features: Any) -> tuple[_Vocabulary, _Vocabulary] | None:
    """The (word, char) vocabularies when ``features`` is the pipeline's known configuration."""
    if not isinstance(features, FeatureUnion) or [n for n, _ in features.transformer_list] != [
        "word",
        "char",
    ]:
        return None
    word, char = (step for _, step in features.transformer_list)
    common = {
        "preprocessor": normalise_text,
        "sublinear_tf": True,
        "norm": "l2",
        "use_idf": True,
        "binary": False,
    }
    expected = (
        (word, {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)\b\w\w+\b"}),
        (char, {"analyzer": "char_wb", "ngram_range": (2, 5)}),
    )
    for vectorizer, own in expected:
        if not isinstance(vectorizer, TfidfVectorizer) or vectorizer.stop_words is not None:
            return None
        params = vectorizer.get_params()
        if any(params.get(key) != value for key, value in (common | own).items()):
            return None
    return _Vocabulary.of(word), _Vocabulary.of(char)


_CACHE: weakref.WeakKeyDictionary[Any, tuple[_Vocabulary, _Vocabulary] | None] = (
    weakref.WeakKeyDictionary()
)


def _vocabularies(features: Any) -> tuple[_Vocabulary, _Vocabulary] | None:
    if features not in _CACHE:
        _CACHE[features] = _supported(features)
    return _CACHE[features]


def is_supported(features: Any) -> bool:
    """Whether :func:`fast_transform` computes ``features`` itself (else scikit-learn does)."""
    return _vocabularies(features) is not None


def _word_pairs(text: pl.DataFrame) -> pl.DataFrame:
    """(row, term) for every word and word pair, as scikit-learn's word analyzer makes them."""
    tokens = text.select("row", pl.col("text").str.extract_all(_WORD_TOKEN).alias("token"))
    words = tokens.explode("token").drop_nulls("token").rename({"token": "term"})
    length = pl.col("token").list.len() - 1
    pairs = (
        tokens.filter(length > 0)
        .select(
            "row",
            pl.col("token").list.head(length).alias("first"),
            pl.col("token").list.tail(length).alias("second"),
        )
        .explode("first", "second")
        .select("row", (pl.col("first") + " " + pl.col("second")).alias("term"))
    )
    return pl.concat([words, pairs])


def _char_pairs(text: pl.DataFrame, min_n: int, max_n: int) -> pl.DataFrame:
    """(row, term) for every ``char_wb`` n-gram: n-grams of each space-padded word.

    As in scikit-learn, a padded word no longer than n counts once, as itself, at the first n
    it does not exceed, and gives nothing for larger n.
    """
    words = (
        text.select(
            "row",
            pl.col("text")
            .str.replace_all(_WHITESPACE_RUN, " ")
            .str.strip_chars(" ")
            .str.split(" ")
            .alias("word"),
        )
        .explode("word")
        .filter(pl.col("word").is_not_null() & (pl.col("word") != ""))
        .select("row", (" " + pl.col("word") + " ").alias("word"))
        .with_columns(pl.col("word").str.len_chars().cast(pl.Int64).alias("length"))
    )  # a padded word is at least 3 characters long, so never shorter than min_n = 2
    parts = []
    for n in range(min_n, max_n + 1):
        whole = words.filter(pl.col("length") == n)
        parts.append(whole.select("row", pl.col("word").alias("term")))
        parts.append(
            words.filter(pl.col("length") > n)
            .with_columns(pl.int_ranges(0, pl.col("length") - n + 1).alias("offset"))
            .explode("offset")
            .select("row", pl.col("word").str.slice(pl.col("offset"), n).alias("term"))
        )
    return pl.concat(parts)


def fast_transform(features: Any, texts: Sequence[str]) -> sp.csr_matrix:
    """``features.transform(texts)`` (the fitted word + char TF-IDF union), computed faster."""
    vocabularies = _vocabularies(features)
    frame = pl.DataFrame({"text": list(texts)}, schema={"text": pl.Utf8})
    ascii_only = frame.get_column("text").str.contains(r"^[\x00-\x7f]*$").to_numpy()
    fast_rows = np.flatnonzero(ascii_only)
    slow_rows = np.flatnonzero(~ascii_only)
    if vocabularies is None or not len(fast_rows):
        return features.transform(list(texts))
    word, char = vocabularies
    text = (
        frame[fast_rows]
        .with_row_index("row")
        .with_columns(pl.col("text").str.replace_all(PLACEHOLDER_PATTERN, " ").str.to_lowercase())
    )
    fast = sp.hstack(
        [
            word.matrix(_word_pairs(text), len(fast_rows)),
            char.matrix(_char_pairs(text, *char.vectorizer.ngram_range), len(fast_rows)),
        ],
        format="csr",
    )
    if not len(slow_rows):
        return fast
    slow = features.transform([texts[i] for i in slow_rows])
    order = np.argsort(np.concatenate([fast_rows, slow_rows]), kind="stable")
    return sp.vstack([fast, slow], format="csr")[order]
