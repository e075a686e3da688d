"""Propose a first taxonomy from unlabelled texts (cold start), with scikit-learn only.

Method (measured on Banking77 and generated contacts, docs/taxonomy.md):

1. **Redaction first.** Every text goes through ``pipelines.privacy`` redaction before
   anything else; only redacted text is clustered, shown or written.
2. **Clean-up and features** as discovery (``cluster.py``): boilerplate lines and speaker labels
   dropped, word 1-2-gram + character 2-5-gram TF-IDF, TruncatedSVD to ``DIMENSIONS``
   dimensions, rows L2-normalised (Euclidean distance then ranks like cosine similarity).
3. **How many topics.** HDBSCAN (``min_cluster_size`` ``DENSITY_MIN_CLUSTER_SIZE``,
   ``min_samples`` ``DENSITY_MIN_SAMPLES``) on a seeded sample of at most ``SELECTION_ROWS``
   distinct texts (exact repeats, case and spacing ignored, counted once: a text repeated
   many times is one dense group of its own) counts the dense groups in the data; that
   count, kept between ``min_topics`` and ``max_topics``, is k. (HDBSCAN alone leaves about
   half of short texts as noise between the groups, so it only counts them. The silhouette
   over a grid of k was tried first: its curve is flat and peaked at 32-44 topics for 77
   intents, docs/taxonomy.md.)
4. **Clusters.** Spectral clustering on the same sample of distinct texts: a graph joining each
   text to its ``NEIGHBOURS`` nearest (cosine), its spectral embedding in k dimensions
   (``sklearn.manifold.spectral_embedding``, rows L2-normalised), k-means at k (``N_INIT``
   starts) there. Every other text (beyond the sample, or a repeat of a sampled one) goes to
   the cluster of its exact repeat in the sample, else to the nearest cluster centre in the SVD
   space. (Chosen on Banking77's dev half over k-means on the SVD vectors; blind-half figures
   in docs/taxonomy.md.) A sample under ``SPECTRAL_MIN_ROWS`` texts uses k-means on the SVD
   vectors.
5. **Unassigned.** A cluster smaller than ``min_size`` texts (tiny) or with a cohesion (mean
   cosine similarity of its texts to its centre) below ``MIN_COHESION`` (incoherent) is not
   proposed: its texts are left unassigned, counted by reason. Texts with no usable words are
   unassigned too.
6. **Near-duplicates.** Two proposed topics whose word profiles (top words of their mean
   TF-IDF) have a cosine similarity of at least ``MERGE_SIMILARITY`` are marked as candidates
   to merge (both ways); they are not merged: the reviewer decides.
7. **Safeguarding.** A topic where at least ``SAFEGUARDING_SHARE`` of the texts hold a
   safeguarding sign (the lexicon of ``pipelines.privacy``) is proposed with
   ``safeguarding: true`` (never an automation candidate); the reviewer confirms either way.
8. **Names.** Id and name from the cluster's most distinctive words, up to 10 clean example
   phrasings (``phrasings.clean_phrasings``) nearest the centre.

Deterministic for a seed: same texts, same seed, same proposal.
"""

from __future__ import annotations

import logging
import re
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.manifold import spectral_embedding
from sklearn.neighbors import kneighbors_graph
from sklearn.preprocessing import normalize

from pipelines.discovery.cluster import (
    DiscoveryError,
    _describe,
    _features,
    _usable_texts,
    profile_similarity,
)
from pipelines.discovery.phrasings import clean_phrasings
from pipelines.privacy import redact_series, vulnerability_flag_expr

log = logging.getLogger(__name__)

DIMENSIONS = 50
SELECTION_ROWS = 10_000
DENSITY_MIN_CLUSTER_SIZE = 10
DENSITY_MIN_SAMPLES = 5
N_INIT = 2
NEIGHBOURS = 10
SPECTRAL_MIN_ROWS = 200
MIN_COHESION = 0.3
MIN_MEMBER_SIMILARITY = 0.3
MERGE_SIMILARITY = 0.6
EXAMPLES = 10
SAFEGUARDING_SHARE = 0.4
DEFAULT_MIN_TOPICS = 5
DEFAULT_MAX_TOPICS = 150
MIN_TOPIC_SIZE = 5
_NON_LATIN = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20a0-\u20cf\s]")


class ProposeError(DiscoveryError):
    """A taxonomy cannot be proposed from the given input; the message says why."""


@dataclass(frozen=True)
class ProposedTopic:
    """One proposed topic. ``members`` are row positions in the input."""

    topic_id: str
    name: str
    description: str
    terms: tuple[str, ...]
    size: int
    cohesion: float
    examples: tuple[str, ...]
    merge_candidates: tuple[str, ...]
    safeguarding: bool
    profile: dict[str, float] = field(repr=False)
    members: tuple[int, ...] = field(repr=False)


@dataclass
class Proposal:
    """The proposed topics, each input row's topic id (None = unassigned) and how k was chosen."""

    topics: list[ProposedTopic]
    assignments: list[str | None]
    redacted: list[str | None]
    unassigned: dict[str, int]
    k_choice: dict[str, float]
    chosen_k: int
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def unassigned_share(self) -> float:
        """Share of the input rows that belong to no proposed topic."""
        if not self.assignments:
            return 0.0
        return sum(1 for a in self.assignments if a is None) / len(self.assignments)


def _sample(n_rows: int, seed: int) -> np.ndarray:
    """A seeded sample of at most ``SELECTION_ROWS`` row positions (sorted)."""
    rows = np.arange(n_rows)
    if rows.size > SELECTION_ROWS:
        rows = np.sort(np.random.default_rng(seed).choice(rows, SELECTION_ROWS, replace=False))
    return rows


def choose_k(
    embedding: np.ndarray, min_topics: int, max_topics: int
) -> tuple[int, dict[str, float]]:
    """The number of dense groups HDBSCAN finds in ``embedding``, within the bounds given."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        labels = HDBSCAN(
            min_cluster_size=DENSITY_MIN_CLUSTER_SIZE, min_samples=DENSITY_MIN_SAMPLES, copy=True
        ).fit_predict(embedding)
    found = int(labels.max()) + 1
    chosen = min(max(found, min_topics), max_topics)
    detail = {
        "sample_texts": float(embedding.shape[0]),
        "dense_groups": float(found),
        "sample_noise_share": round(float((labels < 0).mean()), 4),
    }
    log.info(
        "propose: %d dense groups in a sample of %d texts (%.0f%% between them): k=%d",
        found,
        embedding.shape[0],
        100 * detail["sample_noise_share"],
        chosen,
    )
    return chosen, detail


def _spectral(embedding: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Cluster labels of ``embedding``'s rows: spectral clustering on a k-nearest-neighbour graph
    (k-means on the SVD vectors when there are too few rows for it)."""
    if embedding.shape[0] < max(SPECTRAL_MIN_ROWS, 2 * k):
        return KMeans(k, n_init=N_INIT, random_state=seed).fit_predict(embedding)
    graph = kneighbors_graph(embedding, NEIGHBOURS, include_self=False)
    graph = 0.5 * (graph + graph.T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "graph is not fully connected"
        spectral = spectral_embedding(
            graph, n_components=k, eigen_solver="lobpcg", random_state=seed, drop_first=False
        )
    return KMeans(k, n_init=N_INIT, random_state=seed).fit_predict(normalize(spectral))


def _fit(
    embedding: np.ndarray, keys: list[str], sample: np.ndarray, k: int, seed: int
) -> np.ndarray:
    """Every row's cluster: the sample's own (see ``_spectral``), then the sampled label of an
    exact repeat, else the nearest cluster centre in ``embedding``."""
    sample_labels = _spectral(embedding[sample], k, seed)
    centres = normalize(
        np.vstack(
            [
                embedding[sample[sample_labels == i]].mean(axis=0)
                if (sample_labels == i).any()
                else np.zeros(embedding.shape[1])
                for i in range(k)
            ]
        )
    )
    labels = np.empty(embedding.shape[0], dtype=np.int64)
    for start in range(0, embedding.shape[0], 50_000):
        block = embedding[start : start + 50_000]
        labels[start : start + block.shape[0]] = (block @ centres.T).argmax(axis=1)
    known = {keys[row]: int(label) for row, label in zip(sample, sample_labels, strict=True)}
    for row, key in enumerate(keys):
        label = known.get(key)
        if label is not None:
            labels[row] = label
    return labels


def _snake(terms: Sequence[str]) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", " ".join(terms[:3]).lower()).strip("_")
    words = words[:48].rstrip("_") or "topic"
    return words if words[0].isalpha() else f"t_{words}"


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken or candidate == "unclassified":
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _non_latin_note(texts: list[str]) -> str | None:
    non_latin = sum(1 for t in texts if len(_NON_LATIN.findall(t)) > 0.3 * max(len(t), 1))
    if non_latin and non_latin < len(texts):
        return (
            f"{non_latin} of {len(texts)} texts ({non_latin / len(texts):.1%}) are mostly in a "
            "non-Latin script: texts in another language form topics of their own (by language, "
            "not by subject); consider proposing a taxonomy for each language separately"
        )
    return None


def propose_taxonomy(
    texts: Sequence[str | None],
    *,
    min_topics: int = DEFAULT_MIN_TOPICS,
    max_topics: int = DEFAULT_MAX_TOPICS,
    min_size: int = MIN_TOPIC_SIZE,
    seed: int = 0,
    extra_patterns: dict[str, str] | None = None,
) -> Proposal:
    """Cluster every text into proposed topics (see the module docstring)."""
    if min_topics < 2 or max_topics < min_topics:
        raise ProposeError(
            f"need 2 <= min_topics <= max_topics, got min {min_topics}, max {max_topics}"
        )
    started = time.perf_counter()
    series = pl.Series("text", list(texts), dtype=pl.Utf8)
    redacted: list[str | None] = redact_series(series, extra_patterns)[0].to_list()
    positions, usable = _usable_texts(redacted, ())
    if not positions:
        raise ProposeError(f"all {len(redacted)} texts are empty (no words once cleaned)")
    needed = min_topics * min_size
    if len(positions) < needed:
        raise ProposeError(
            f"{len(positions)} texts with words: too few for at least {min_topics} topics of "
            f"{min_size} texts (needs {needed}); lower --min-topics or give more texts"
        )
    notes = [note for note in [_non_latin_note(usable)] if note]
    for note in notes:
        log.warning("propose: %s", note)
    log.info("propose: %d texts with words of %d; building features", len(usable), len(texts))
    features, words, word_matrix = _features(usable)
    dims = max(2, min(DIMENSIONS, features.shape[1] - 1, features.shape[0] - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        reduced = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(features)
    embedding = normalize(reduced).astype(np.float64)
    keys = [" ".join(text.lower().split()) for text in usable]
    distinct = np.array(sorted({key: i for i, key in enumerate(keys)}.values()))
    sample = distinct[_sample(distinct.size, seed)]
    chosen_k, scores = choose_k(
        embedding[sample], min_topics, min(max_topics, len(usable) // min_size)
    )
    labels = _fit(embedding, keys, sample, chosen_k, seed)
    topics, unassigned = _propose_topics(
        labels, chosen_k, embedding, word_matrix, words.get_feature_names_out(), usable, min_size
    )
    assignments: list[str | None] = [None] * len(redacted)
    unassigned["no usable words"] = len(redacted) - len(positions)
    remapped = []
    for topic in topics:
        members = tuple(positions[r] for r in topic.members)
        for member in members:
            assignments[member] = topic.topic_id
        remapped.append(_replace_members(topic, members))
    proposal = Proposal(
        topics=remapped,
        assignments=assignments,
        redacted=redacted,
        unassigned={reason: n for reason, n in unassigned.items() if n},
        k_choice=scores,
        chosen_k=chosen_k,
        seconds=round(time.perf_counter() - started, 2),
        notes=notes,
    )
    log.info(
        "propose: %d texts -> %d topics (k=%d), %.1f%% unassigned, %.1f s",
        len(redacted),
        len(remapped),
        chosen_k,
        100 * proposal.unassigned_share,
        proposal.seconds,
    )
    return proposal


def _replace_members(topic: ProposedTopic, members: tuple[int, ...]) -> ProposedTopic:
    from dataclasses import replace

    return replace(topic, members=members)


def _propose_topics(
    labels: np.ndarray,
    k: int,
    embedding: np.ndarray,
    word_matrix: object,
    vocabulary: np.ndarray,
    texts: list[str],
    min_size: int,
) -> tuple[list[ProposedTopic], Counter[str]]:
    """Describe the kept clusters (largest first) and count the texts left unassigned."""
    overall = np.asarray(word_matrix.mean(axis=0)).ravel()  # type: ignore[attr-defined]
    representable = np.ones(len(texts), dtype=bool)
    flagged = (
        pl.DataFrame({"text": texts}, schema={"text": pl.Utf8})
        .select(vulnerability_flag_expr("text"))
        .to_series()
        .to_numpy()
    )
    unassigned: Counter[str] = Counter()
    kept = []
    for i in range(k):
        rows = np.flatnonzero(labels == i)
        if rows.size == 0:
            continue
        centre = normalize(embedding[rows].mean(axis=0, keepdims=True))[0]
        similarity = embedding[rows] @ centre
        far = similarity < MIN_MEMBER_SIMILARITY
        if far.any() and (~far).sum() >= min_size:
            unassigned[f"far from every centre (cosine below {MIN_MEMBER_SIMILARITY})"] += int(
                far.sum()
            )
            rows = rows[~far]
        if rows.size < min_size:
            unassigned[f"in tiny clusters (fewer than {min_size} texts)"] += int(rows.size)
            continue
        terms, _, cohesion, profile = _describe(
            rows, embedding, word_matrix, vocabulary, overall, texts, representable
        )
        if cohesion < MIN_COHESION:
            unassigned[f"in incoherent clusters (cohesion below {MIN_COHESION})"] += int(rows.size)
            continue
        centre = normalize(embedding[rows].mean(axis=0, keepdims=True))[0]
        order = rows[np.argsort(-(embedding[rows] @ centre), kind="stable")]
        examples = tuple(clean_phrasings((texts[r] for r in order), EXAMPLES, resident_only=False))
        kept.append((rows, terms, cohesion, profile, examples))
    kept.sort(key=lambda item: (-len(item[0]), item[1]))
    taken: set[str] = set()
    ids = [_unique_id(_snake(item[1]), taken) for item in kept]
    total = len(texts)
    topics = []
    for index, (rows, terms, cohesion, profile, examples) in enumerate(kept):
        similar = tuple(
            ids[j]
            for j, other in enumerate(kept)
            if j != index and profile_similarity(profile, other[3]) >= MERGE_SIMILARITY
        )
        name = ", ".join(terms[:3]) or "(no distinctive words)"
        topics.append(
            ProposedTopic(
                topic_id=ids[index],
                name=name[:1].upper() + name[1:],
                description=(
                    f"Proposed from {rows.size} texts ({rows.size / total:.1%}); distinctive "
                    f"words: {', '.join(terms) or 'none'}. Review, rename and describe."
                ),
                terms=terms,
                size=int(rows.size),
                cohesion=cohesion,
                examples=examples,
                merge_candidates=similar,
                safeguarding=bool(flagged[rows].mean() >= SAFEGUARDING_SHARE),
                profile=profile,
                members=tuple(int(r) for r in rows),
            )
        )
    return topics, unassigned
