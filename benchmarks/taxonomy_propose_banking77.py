"""Measure ``taxonomy propose`` blind on Banking77, and its speed and memory.

    .venv/bin/python benchmarks/taxonomy_propose_banking77.py [--banking77 PATH]
        [--split dev|test|both] [--speed N ...] [--reference]

Banking77's public copy here is one file (train.csv, 10,003 texts, 77 intents). It is split once,
stratified by intent with seed 20, into a *dev* half (settings were chosen on it) and a *test*
half (never looked at while choosing): the figures in docs/taxonomy.md are the test half's.
Propose is told nothing of the intents or their number (min 5, max 150 topics).

Scores (unassigned texts counted as one more label): NMI and ARI against the intents, clusters
proposed, unassigned share, intents recovered (a proposed topic at least 70% one intent, holding
at least half of that intent's texts). ``--reference`` adds k-means at the true k (77) on the
same features. ``--speed N`` times propose on N texts (Banking77 repeated with seeded random
words appended) and reports wall-clock and CPU seconds and the peak resident memory of the run.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from pipelines.discovery.propose import Proposal, propose_taxonomy
from pipelines.discovery.propose_eval import banking77_halves, generated_contacts, recovered

DEFAULT_BANKING77 = Path(__file__).resolve().parents[2] / "shared" / "data" / "banking77"
log = logging.getLogger("benchmark")


def score(truth: list[str], proposal: Proposal) -> str:
    assigned = ["(unassigned)" if a is None else a for a in proposal.assignments]
    nmi = normalized_mutual_info_score(truth, assigned)
    ari = adjusted_rand_score(truth, assigned)
    hits = recovered(truth, proposal.assignments)
    intents = len(set(truth))
    return (
        f"NMI {nmi:.3f}, ARI {ari:.3f}, {len(proposal.topics)} topics proposed "
        f"(k={proposal.chosen_k}), {hits}/{intents} intents recovered ({hits / intents:.0%}), "
        f"unassigned {proposal.unassigned_share:.1%}, {proposal.seconds:.1f} s"
    )


def reference(texts: list[str], truth: list[str], seed: int = 0) -> str:
    """k-means at the true number of intents on propose's own features (a reference)."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    from pipelines.discovery.cluster import _features
    from pipelines.discovery.propose import DIMENSIONS

    features = _features([t or "" for t in texts])[0]
    embedding = normalize(TruncatedSVD(DIMENSIONS, random_state=seed).fit_transform(features))
    k = len(set(truth))
    labels = KMeans(k, n_init=2, random_state=seed).fit_predict(embedding)
    return (
        f"k-means at the true k={k}: NMI {normalized_mutual_info_score(truth, labels):.3f}, "
        f"ARI {adjusted_rand_score(truth, labels):.3f}"
    )


def speed(path: Path, n_texts: int, seed: int = 0) -> str:
    base = pl.read_csv(path).get_column("text").to_list()
    rng = np.random.default_rng(seed)
    filler = ["please", "today", "now", "again", "still", "really", "asap", "urgent", "thanks"]
    texts = [f"{base[i % len(base)]} {' '.join(rng.choice(filler, 2))}" for i in range(n_texts)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    proposal = propose_taxonomy(texts, seed=seed)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (
        f"{n_texts:,} texts on {os.cpu_count()} shared cores: {seconds:.1f} s wall-clock, "
        f"{cpu:.1f} s CPU (all threads), "
        f"{len(proposal.topics)} topics, unassigned {proposal.unassigned_share:.1%}, "
        f"peak RSS {peak / 1024:.0f} MiB (was {before / 1024:.0f} MiB before the run)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=".venv/bin/python " + sys.argv[0])
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77 / "train.csv")
    parser.add_argument("--split", choices=["dev", "test", "both", "none"], default="test")
    parser.add_argument("--speed", type=int, nargs="*", default=[])
    parser.add_argument("--reference", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--generated", type=int, metavar="PER_WEEK", help="also score generated contacts: 4 weeks"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    if not args.banking77.is_file():
        log.error("no Banking77 file at %s", args.banking77)
        return 2
    halves = banking77_halves(args.banking77)
    for name in ("dev", "test") if args.split == "both" else [args.split]:
        if name == "none":
            break
        texts, truth = halves[name]
        proposal = propose_taxonomy(texts, seed=args.seed)
        print(f"banking77 {name} half ({len(texts):,} texts): {score(truth, proposal)}")
        if args.reference:
            print(f"banking77 {name} half: {reference(texts, truth, args.seed)}")
    if args.generated:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            frame = generated_contacts(Path(tmp), weeks=4, per_week=args.generated, seed=3)
        truth = frame.get_column("topic_id").to_list()
        proposal = propose_taxonomy(frame.get_column("text").to_list(), seed=args.seed)
        print(f"generated contacts ({frame.height:,}): {score(truth, proposal)}")
        if args.reference:
            print(f"generated: {reference(frame.get_column('text').to_list(), truth, args.seed)}")
    for n in args.speed:
        print(f"speed: {speed(args.banking77, n, args.seed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
