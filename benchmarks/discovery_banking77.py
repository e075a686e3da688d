"""Measure discovery: speed on 50,000 texts and the Banking77 held-out protocol over seeds.

    .venv/bin/python benchmarks/discovery_banking77.py [--banking77 PATH] [--texts N] [--seeds 0 1]

Speed input: Banking77's texts repeated, each copy with a few seeded random words appended so
no two texts are identical. Figures go to the log and to docs/discovery.md by hand.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.discovery.cluster import discover
from pipelines.discovery.evaluate import score_banking77

DEFAULT_BANKING77 = Path(__file__).resolve().parents[2] / "shared" / "data" / "banking77"


def speed(path: Path, n_texts: int, seed: int = 0) -> str:
    base = pl.read_csv(path).get_column("text").to_list()
    rng = np.random.default_rng(seed)
    filler = ["please", "today", "now", "again", "still", "really", "asap", "urgent", "thanks"]
    texts = [f"{base[i % len(base)]} {' '.join(rng.choice(filler, 2))}" for i in range(n_texts)]
    started = time.perf_counter()
    result = discover(texts, seed=seed)
    seconds = time.perf_counter() - started
    return (
        f"{n_texts:,} texts on {os.cpu_count()} cores: {seconds:.1f} s, "
        f"{len(result.clusters)} clusters, noise {result.noise_share:.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=".venv/bin/python benchmarks/discovery_banking77.py")
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77 / "train.csv")
    parser.add_argument("--texts", type=int, default=50_000)
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    for seed in args.seeds:
        print(f"banking77 seed {seed}: {score_banking77(args.banking77, seed=seed).summary()}")
    print(f"speed: {speed(args.banking77, args.texts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
