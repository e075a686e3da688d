"""Measure discovery against known labels: the Banking77 held-out-intents protocol.

Protocol (docs/discovery.md): choose ``n_heldout`` intents at random (``seed``); split the
texts of the other intents 80/20, train the topic classifier on the 80%; run discovery on the
texts of the held-out intents plus the in-scope 20% texts the classifier leaves ``unclassified``
(what discovery meets in production). Score on the held-out part: NMI and ARI against the true
intents (noise counted as one more label), and how many held-out intents come out as their own
cluster (a cluster whose texts are at least ``purity`` that intent, holding at least half of it).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.model_selection import train_test_split

from pipelines.contract import UNCLASSIFIED
from pipelines.discovery.cluster import MIN_CLUSTER_SIZE, Discovery, discover
from pipelines.topics import predict, train_model

log = logging.getLogger(__name__)


@dataclass
class HeldOutScore:
    heldout_intents: list[str]
    texts_clustered: int
    heldout_texts: int
    clusters: int
    nmi: float
    ari: float
    intents_recovered: int
    noise_share: float
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.intents_recovered}/{len(self.heldout_intents)} held-out intents recovered, "
            f"NMI {self.nmi:.3f}, ARI {self.ari:.3f}, {self.clusters} clusters from "
            f"{self.texts_clustered} texts ({self.heldout_texts} held-out), "
            f"noise {self.noise_share:.1%}, discovery {self.seconds:.1f} s"
        )


def recovered_intents(truth: list[str], result: Discovery, purity: float = 0.7) -> set[str]:
    """Intents with a cluster at least ``purity`` pure that holds at least half of the intent."""
    totals = Counter(truth)
    found = set()
    for cluster in result.clusters:
        counts = Counter(truth[m] for m in cluster.members)
        intent, hits = counts.most_common(1)[0]
        if hits / cluster.size >= purity and hits >= totals[intent] / 2:
            found.add(intent)
    return found


def score_heldout(
    texts: list[str],
    labels: list[str],
    *,
    n_heldout: int = 17,
    seed: int = 0,
    min_cluster_size: int = MIN_CLUSTER_SIZE,
    purity: float = 0.7,
) -> HeldOutScore:
    """Run the held-out protocol on labelled ``texts`` (see the module docstring)."""
    intents = sorted(set(labels))
    rng = np.random.default_rng(seed)
    heldout = sorted(rng.choice(intents, n_heldout, replace=False).tolist())
    is_heldout = np.isin(np.asarray(labels, dtype=object), heldout)
    in_texts = [t for t, h in zip(texts, is_heldout, strict=True) if not h]
    in_labels = [lab for lab, h in zip(labels, is_heldout, strict=True) if not h]
    train_x, test_x, train_y, test_y = train_test_split(
        in_texts, in_labels, test_size=0.2, stratify=in_labels, random_state=seed
    )
    model = train_model(train_x, train_y, seed=seed)
    left = predict(model, test_x).topic == UNCLASSIFIED
    pool = [t for t, h in zip(texts, is_heldout, strict=True) if h]
    truth = [lab for lab, h in zip(labels, is_heldout, strict=True) if h]
    pool += [t for t, u in zip(test_x, left, strict=True) if u]
    truth += [f"in_scope:{y}" for y, u in zip(test_y, left, strict=True) if u]
    result = discover(pool, min_cluster_size=min_cluster_size, seed=seed, model=model)
    part = [i for i, label in enumerate(truth) if label in heldout]
    assigned = [-1 if result.assignments[i] is None else result.assignments[i] for i in part]
    heldout_truth = [truth[i] for i in part]
    return HeldOutScore(
        heldout_intents=heldout,
        texts_clustered=len(pool),
        heldout_texts=len(part),
        clusters=len(result.clusters),
        nmi=float(normalized_mutual_info_score(heldout_truth, assigned)),
        ari=float(adjusted_rand_score(heldout_truth, assigned)),
        intents_recovered=len(recovered_intents(truth, result, purity) & set(heldout)),
        noise_share=result.noise_share,
        seconds=result.seconds,
    )


def score_banking77(path: Path, **kwargs: object) -> HeldOutScore:
    """:func:`score_heldout` on Banking77's ``train.csv`` (columns ``text``, ``category``)."""
    frame = pl.read_csv(path)
    return score_heldout(
        frame.get_column("text").to_list(),
        frame.get_column("category").to_list(),
        **kwargs,  # type: ignore[arg-type]
    )
