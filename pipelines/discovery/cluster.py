"""Cluster texts into themes nobody has named yet, with scikit-learn only.

Method (chosen by measurement on Banking77 held-out intents and generated council contacts,
see docs/discovery.md):

1. **Clean-up.** Boilerplate lines are dropped: a line (case and spacing ignored) found in at
   least ``BOILERPLATE_SHARE`` of the texts, and at least ``BOILERPLATE_MIN_TEXTS`` of them
   ("Agent: Thanks for contacting us, how can I help today?", "Kind regards"). Speaker labels
   at the start of a line ("Visitor:") and redaction placeholders are removed. Without this,
   texts cluster by channel (chat transcripts, e-mails, agent notes) instead of by subject.
2. **Features.** TF-IDF of words (1-2 grams; English stop words and ``CONTACT_STOP_WORDS``,
   words about the contact rather than its subject, left out) and of character 2-5-grams
   inside word boundaries, sublinear term frequency.
3. **Embedding.** TruncatedSVD to ``DIMENSIONS`` dimensions, rows L2-normalised, so Euclidean
   distance ranks like cosine similarity. When a topic model is given, its decision scores
   (centred, L2-normalised, weighted ``GUIDE_WEIGHT``) are appended: how a text relates to the
   known topics helps to tell unknown ones apart (+0.02 NMI on Banking77, docs/discovery.md).
4. **Clusters.** HDBSCAN (``sklearn.cluster.HDBSCAN``) with ``min_cluster_size``: the number of
   clusters comes from the data's density, and small, loose groups are left as noise. Its
   ``min_samples`` (how dense a core must be) is 0.5% of the texts, between ``MIN_SAMPLES`` and
   ``min_cluster_size``: strict on large sets (Banking77), lenient enough that a week's few
   hundred unclassified contacts still form clusters. HDBSCAN runs on at most
   ``MAX_FIT_ROWS`` texts (a seeded sample beyond that).
5. **Noise kept small.** Every text HDBSCAN did not place (or that was not in the sample) joins
   the cluster whose centroid is most similar, when that cosine similarity is at least
   ``ATTACH_SIMILARITY`` and they share at least one word; the rest stay noise
   (``cluster_id`` None), and so does every text with no word in common with another text.
6. **Description.** Each cluster's label is its most distinctive words (highest mean TF-IDF in
   the cluster minus the mean over all texts), its representatives are the texts nearest its
   centroid, its cohesion is the mean cosine similarity of its texts to that centroid, and its
   ``profile`` (the top words of its mean TF-IDF vector) is what later weeks are matched on.

Everything is deterministic for a seed: same texts, same seed, same clusters and ids.
"""

from __future__ import annotations

import logging
import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.cluster import HDBSCAN
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from pipelines.topics import TrainedModel, features_of, linear_scores, normalise_text

log = logging.getLogger(__name__)

DIMENSIONS = 30
MIN_CLUSTER_SIZE = 10
MIN_SAMPLES = 5
MAX_FIT_ROWS = 10_000
ATTACH_SIMILARITY = 0.3
GUIDE_WEIGHT = 0.7
LABEL_TERMS = 5
REPRESENTATIVES = 5
PROFILE_TERMS = 30
MIN_TEXTS = 4
BOILERPLATE_SHARE = 0.02
BOILERPLATE_MIN_TEXTS = 10
_CONTACT_WORDS = (
    # greetings, thanks and sign-offs
    "hi hello hey hiya morning afternoon evening good dear sir madam concern thanks thank",
    "cheers regards kind kindly sincerely faithfully best wishes ok okay yes",
    # words around redaction placeholders ("my mobile is [PHONE]")
    "email mobile ring call calling called postcode",
    # agents' note-taking shorthand
    "cust customer caller rang ringing re adv advised given nfa enq enquiry cb info",
)
CONTACT_STOP_WORDS = frozenset(" ".join(_CONTACT_WORDS).split())
_STOP_WORDS = sorted(ENGLISH_STOP_WORDS | CONTACT_STOP_WORDS)
_SPEAKER = re.compile(r"^\s*[A-Za-z][A-Za-z ]{0,20}:\s*")
_SPACES = re.compile(r"\s+")


class DiscoveryError(ValueError):
    """Discovery cannot run on the given input; the message says why."""


@dataclass(frozen=True)
class Cluster:
    """One discovered theme. ``members`` are row positions in the input."""

    cluster_id: int
    size: int
    label: str
    terms: tuple[str, ...]
    representatives: tuple[str, ...]
    cohesion: float
    profile: dict[str, float]
    members: tuple[int, ...] = field(repr=False)


@dataclass
class Discovery:
    """The clusters found and each input row's cluster (None for noise or empty text)."""

    clusters: list[Cluster]
    assignments: list[int | None]
    seconds: float = 0.0

    @property
    def noise_share(self) -> float:
        """Share of the input rows that belong to no cluster."""
        if not self.assignments:
            return 0.0
        return sum(1 for a in self.assignments if a is None) / len(self.assignments)


def _usable(text: object) -> bool:
    return isinstance(text, str) and bool(normalise_text(text).split())


def _line_key(line: str) -> str:
    return _SPACES.sub(" ", normalise_text(line)).strip()


def strip_boilerplate(texts: list[str], background: Sequence[str] = ()) -> list[str]:
    """Drop lines repeated across many texts and speaker labels (see the module docstring).

    Repeats are counted over ``texts`` and ``background`` together: a week's unclassified
    contacts are few, so the weekly step passes all that week's texts as the background.
    """
    split = [text.splitlines() for text in texts]
    counts: Counter[str] = Counter()
    for text in (*texts, *background):
        counts.update({_line_key(line) for line in text.splitlines()})
    limit = max(BOILERPLATE_MIN_TEXTS, BOILERPLATE_SHARE * (len(texts) + len(background)))
    cleaned = []
    for lines in split:
        kept = [_SPEAKER.sub("", line) for line in lines if counts[_line_key(line)] < limit]
        cleaned.append("\n".join(kept))
    return cleaned


def _features(texts: list[str]) -> tuple[csr_matrix, TfidfVectorizer, csr_matrix]:
    """(word + character TF-IDF, the word vectoriser, its word matrix)."""
    common = {"preprocessor": normalise_text, "sublinear_tf": True, "dtype": np.float32}
    min_df = 2 if len(texts) >= 20 else 1
    words = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=min_df,
        stop_words=_STOP_WORDS,
        **common,  # type: ignore[arg-type]
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=min_df,
        max_features=200_000,
        **common,  # type: ignore[arg-type]
    )
    try:
        word_matrix = words.fit_transform(texts)
        char_matrix = chars.fit_transform(texts)
    except ValueError as exc:
        raise DiscoveryError(f"the {len(texts)} texts hold no usable words: {exc}") from exc
    return hstack([word_matrix, char_matrix]).tocsr(), words, word_matrix.tocsr()


def _embed(
    features: csr_matrix, seed: int, texts: list[str], model: TrainedModel | None
) -> np.ndarray:
    dims = max(1, min(DIMENSIONS, features.shape[1] - 1, features.shape[0] - 1))
    reduced = normalize(TruncatedSVD(n_components=dims, random_state=seed).fit_transform(features))
    if model is None:
        return reduced.astype(np.float64)
    features_in_model = features_of(model.pipeline, texts)
    scores = linear_scores(model.pipeline, features_in_model)
    guide = GUIDE_WEIGHT * normalize(scores - scores.mean(axis=0))
    return normalize(np.hstack([reduced, guide])).astype(np.float64)


def _dense_labels(embedding: np.ndarray, min_cluster_size: int, seed: int) -> np.ndarray:
    """HDBSCAN labels for every row (-1 = noise); rows beyond ``MAX_FIT_ROWS`` get -1 here."""
    n = embedding.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    fit_rows = np.arange(n)
    if n > MAX_FIT_ROWS:
        rng = np.random.default_rng(seed)
        fit_rows = np.sort(rng.choice(n, MAX_FIT_ROWS, replace=False))
    if len(fit_rows) < max(min_cluster_size, 2):
        return labels
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        model = HDBSCAN(
            min_cluster_size=max(min_cluster_size, 2),
            min_samples=min(min_cluster_size, max(MIN_SAMPLES, len(fit_rows) // 200)),
            copy=True,
        )
    labels[fit_rows] = model.fit_predict(embedding[fit_rows])
    return labels


def _centroids(embedding: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    return normalize(np.vstack([embedding[labels == i].mean(axis=0) for i in range(k)]))


def _attach(
    embedding: np.ndarray, word_matrix: csr_matrix, labels: np.ndarray, k: int
) -> np.ndarray:
    """Give each unplaced row to the nearest centroid when similar enough and sharing a word.

    The shared word guards against texts the embedding represents badly (few known words):
    their short projections point anywhere once normalised.
    """
    if k == 0:
        return labels
    unplaced = np.flatnonzero(labels < 0)
    if unplaced.size == 0:
        return labels
    similarity = embedding[unplaced] @ _centroids(embedding, labels, k).T
    best = similarity.argmax(axis=1)
    rows = np.arange(len(best))
    word_centroids = np.vstack(
        [np.asarray(word_matrix[labels == i].mean(axis=0)).ravel() for i in range(k)]
    )
    overlap = np.asarray(word_matrix[unplaced] @ word_centroids.T)
    close = (similarity[rows, best] >= ATTACH_SIMILARITY) & (overlap[rows, best] > 0)
    out = labels.copy()
    out[unplaced[close]] = best[close]
    return out


def _describe(
    cluster_rows: np.ndarray,
    embedding: np.ndarray,
    word_matrix: csr_matrix,
    vocabulary: np.ndarray,
    overall_mean: np.ndarray,
    texts: list[str],
    representable: np.ndarray,
) -> tuple[tuple[str, ...], tuple[str, ...], float, dict[str, float]]:
    """(label terms, representative texts, cohesion, matching profile) of one cluster."""
    centroid = normalize(embedding[cluster_rows].mean(axis=0, keepdims=True))[0]
    similarity = embedding[cluster_rows] @ centroid
    cohesion = float(similarity.mean())
    mean_tfidf = np.asarray(word_matrix[cluster_rows].mean(axis=0)).ravel()
    distinct = mean_tfidf - overall_mean
    terms: list[str] = []
    for index in np.argsort(-distinct, kind="stable"):
        if distinct[index] <= 0 or len(terms) == LABEL_TERMS:
            break
        term = str(vocabulary[index])
        if any(term in kept or kept in term for kept in terms):
            continue  # "food" next to "food waste" says nothing new
        terms.append(term)
    representatives: list[str] = []
    seen: set[str] = set()
    for position in np.argsort(-similarity, kind="stable"):
        if not representable[cluster_rows[position]]:
            continue
        text = texts[cluster_rows[position]].strip()
        key = normalise_text(text).strip()
        if key in seen:
            continue
        seen.add(key)
        representatives.append(text)
        if len(representatives) == REPRESENTATIVES:
            break
    top = np.argsort(-mean_tfidf, kind="stable")[:PROFILE_TERMS]
    norm = math.sqrt(float((mean_tfidf[top] ** 2).sum())) or 1.0
    profile = {
        str(vocabulary[i]): round(float(mean_tfidf[i]) / norm, 6) for i in top if mean_tfidf[i] > 0
    }
    return tuple(terms), tuple(representatives), round(cohesion, 4), profile


def own_members(min_cluster_size: int) -> int:
    """The fewest of its own texts a cluster formed with ``context`` needs to be kept."""
    return max(2, min_cluster_size // 3)


_Described = tuple[np.ndarray, tuple[str, ...], tuple[str, ...], float, dict[str, float]]


def _usable_texts(
    every: Sequence[str | None], background: Sequence[str]
) -> tuple[list[int], list[str]]:
    """Positions of the texts with words once cleaned, and those cleaned texts."""
    present = [i for i, text in enumerate(every) if isinstance(text, str)]
    stripped = strip_boilerplate([str(every[i]) for i in present], background)
    positions = [i for i, text in zip(present, stripped, strict=True) if _usable(text)]
    cleaned = {i: text for i, text in zip(present, stripped, strict=True)}
    return positions, [cleaned[i] for i in positions]


def _cluster_labels(
    embedding: np.ndarray, word_matrix: csr_matrix, min_cluster_size: int, seed: int
) -> tuple[np.ndarray, int]:
    """(each row's cluster, -1 = noise, after attaching; number of HDBSCAN clusters)."""
    labels = _dense_labels(embedding, min_cluster_size, seed)
    k = int(labels.max()) + 1
    labels = _attach(embedding, word_matrix, labels, k)
    labels[np.diff(word_matrix.indptr) == 0] = -1  # no word shared with any other text
    return labels, k


def _describe_kept(
    labels: np.ndarray,
    k: int,
    is_own: np.ndarray,
    min_cluster_size: int,
    embedding: np.ndarray,
    word_matrix: csr_matrix,
    words: TfidfVectorizer,
    texts: list[str],
    representable: np.ndarray,
) -> list[_Described]:
    """(own rows, terms, representatives, cohesion, profile) of the clusters kept, in order."""
    vocabulary = words.get_feature_names_out()
    overall_mean = np.asarray(word_matrix.mean(axis=0)).ravel()
    described = []
    for i in range(k):
        rows = np.flatnonzero(labels == i)
        if rows.size < min_cluster_size:
            continue
        rows = rows[is_own[rows]]
        if rows.size < own_members(min_cluster_size):
            continue
        terms, reps, cohesion, profile = _describe(
            rows, embedding, word_matrix, vocabulary, overall_mean, texts, representable
        )
        described.append((rows, terms, reps, cohesion, profile))
    described.sort(key=lambda item: (-len(item[0]), item[1]))
    return described


def _numbered_clusters(
    described: list[_Described], positions: list[int], assignments: list[int | None]
) -> list[Cluster]:
    """Clusters numbered 0.. in ``described`` order; fills ``assignments`` with their ids."""
    clusters = []
    for cluster_id, (rows, terms, reps, cohesion, profile) in enumerate(described):
        members = tuple(positions[r] for r in rows)
        for member in members:
            assignments[member] = cluster_id
        clusters.append(
            Cluster(
                cluster_id=cluster_id,
                size=len(members),
                label=", ".join(terms) or "(no distinctive words)",
                terms=terms,
                representatives=reps,
                cohesion=cohesion,
                profile=profile,
                members=members,
            )
        )
    return clusters


def discover(
    texts: Sequence[str | None],
    *,
    min_cluster_size: int = MIN_CLUSTER_SIZE,
    seed: int = 0,
    model: TrainedModel | None = None,
    representable: Sequence[bool] | None = None,
    background: Sequence[str] = (),
    context: Sequence[str | None] = (),
) -> Discovery:
    """Cluster ``texts``; clusters are numbered 0.. by size (largest first), then by label.

    ``model`` (optional) is the topic model whose decision scores guide the embedding.
    ``representable`` (optional, one flag per text) says which texts may be shown as a
    cluster's representatives (e.g. not those of contacts with vulnerability markers).
    ``background`` (optional) is more texts of the same sources, used only to recognise
    boilerplate lines. Representatives are shown as cleaned (boilerplate lines and speaker
    labels removed).

    ``context`` (optional) is earlier texts of the same kind (the weekly step passes the
    weeks before): they are clustered with ``texts``, so that a theme too thin in one week
    still forms, but are never assigned, described or shown. A cluster is then kept when it
    has at least ``min_cluster_size`` texts in all and ``own_members(min_cluster_size)`` of
    ``texts``.

    Empty texts, and texts with no word once redaction placeholders are removed, are noise.
    Raises :class:`DiscoveryError` when ``min_cluster_size`` is below 2.
    """
    if min_cluster_size < 2:
        raise DiscoveryError(f"min_cluster_size must be at least 2, got {min_cluster_size}")
    started = time.perf_counter()
    own = len(texts)
    positions, usable = _usable_texts([*texts, *context], background)
    assignments: list[int | None] = [None] * own
    if len(positions) < max(MIN_TEXTS, min_cluster_size):
        log.info("discovery: %d usable texts, too few to cluster", len(positions))
        return Discovery([], assignments, round(time.perf_counter() - started, 3))
    is_own = np.array(positions) < own
    allowed = is_own & np.array(
        [representable is None or i >= own or bool(representable[i]) for i in positions]
    )
    features, words, word_matrix = _features(usable)
    embedding = _embed(features, seed, usable, model)
    labels, k = _cluster_labels(embedding, word_matrix, min_cluster_size, seed)
    described = _describe_kept(
        labels, k, is_own, min_cluster_size, embedding, word_matrix, words, usable, allowed
    )
    clusters = _numbered_clusters(described, positions, assignments)
    result = Discovery(clusters, assignments, round(time.perf_counter() - started, 3))
    log.info(
        "discovery: %d texts -> %d clusters, %.1f%% noise, %.1f s",
        len(texts),
        len(clusters),
        100 * result.noise_share,
        result.seconds,
    )
    return result


def profile_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two cluster profiles (unit-length term weights)."""
    if len(b) < len(a):
        a, b = b, a
    return float(sum(weight * b.get(term, 0.0) for term, weight in a.items()))
