"""Held-out accuracy of the topic classifier by the vocabulary's minimum document frequency.

    .venv/bin/python benchmarks/classifier_vocabulary.py [--data ../shared/data/banking77/train.csv]
        [--min-contacts 1 2 3 5] [--generator-weeks 6] [--generator-per-week 1500]

An n-gram enters the model only when it is in at least ``min_ngram_contacts`` training texts
(``pipelines.topics.model.MIN_NGRAM_CONTACTS``, issue 14). For each value this trains
``train_model`` (stratified 80/20 held-out split, seed 0) on

- banking77's training file (10,003 real customer-service queries, 77 intents), and
- the generator's contacts (their texts redacted as ingest does, labelled with the generator's
  true topic; seed 7),

and prints, as JSON, held-out accuracy and macro-F1, the vocabulary sizes and the size of
``model.joblib``. Before issue 14 the model used ``min_df`` 1 for words and 2 for characters;
``--legacy`` adds that configuration too. Figures go into docs/classifier.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.topics import model as topic_model
from pipelines.topics.model import save_model, train_model

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "banking77" / "train.csv"
TEXT_COLUMNS = {".csv": "Agent Notes", ".jsonl": "transcript", ".parquet": "description"}
ID_COLUMNS = {".csv": "Call ID", ".jsonl": "chat_id", ".parquet": "case_ref"}


def generator_data(weeks: int, per_week: int, seed: int) -> tuple[list[str], list[str]]:
    """(redacted text, true topic) for the generator's contacts with text."""
    from pipelines.generator import generate
    from pipelines.privacy.redact import redact_series

    with tempfile.TemporaryDirectory() as tmp:
        landing, truth = Path(tmp) / "landing", Path(tmp) / "truth"
        generate(landing, weeks=weeks, per_week=per_week, seed=seed, start=date(2026, 1, 5),
                 truth_dir=truth)  # fmt: skip
        topics = pl.read_csv(truth / "ground_truth.csv", infer_schema=False).select(
            "contact_id", "topic_id"
        )
        frames = []
        for path in sorted(landing.iterdir()):
            if path.suffix == ".csv":
                raw = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True)
            elif path.suffix == ".jsonl":
                raw = pl.read_ndjson(path, infer_schema_length=None)
            elif path.suffix == ".parquet":
                raw = pl.read_parquet(path)
            else:
                continue
            columns = [ID_COLUMNS[path.suffix], TEXT_COLUMNS[path.suffix]]
            if not set(columns) <= set(raw.columns):
                continue
            frames.append(
                raw.select(
                    pl.col(columns[0]).cast(pl.Utf8).alias("contact_id"),
                    pl.col(columns[1]).cast(pl.Utf8).alias("text"),
                )
            )
    data = (
        pl.concat(frames)
        .drop_nulls()
        .unique("contact_id", keep="last", maintain_order=True)
        .join(topics.unique("contact_id"), on="contact_id")
    )
    redacted, _ = redact_series(data.get_column("text"))
    return redacted.to_list(), data.get_column("topic_id").to_list()


def measure(texts: list[str], labels: list[str], min_contacts: int | None) -> dict[str, Any]:
    """Train with ``min_contacts`` (None: the pre-issue-14 word 1 / character 2 setting)."""
    if min_contacts is None:
        original = topic_model.build_pipeline

        def legacy(seed: int = 0, min_ngram_contacts: int = 1) -> Any:
            pipeline = original(seed, 1)
            pipeline[0].transformer_list[1][1].set_params(min_df=2)
            return pipeline

        topic_model.build_pipeline = legacy  # type: ignore[assignment]
        try:
            model = train_model(texts, labels, seed=0, min_ngram_contacts=1)
        finally:
            topic_model.build_pipeline = original  # type: ignore[assignment]
    else:
        model = train_model(texts, labels, seed=0, min_ngram_contacts=min_contacts)
    word, char = (step for _, step in model.pipeline[0].transformer_list)
    with tempfile.TemporaryDirectory() as tmp:
        save_model(model, Path(tmp))
        size = (Path(tmp) / "model.joblib").stat().st_size
    return {
        "min_ngram_contacts": "legacy (word 1, char 2)" if min_contacts is None else min_contacts,
        "texts": len(texts),
        "heldout_accuracy": round(model.metrics["accuracy"], 4),
        "heldout_macro_f1": round(model.metrics["macro_f1"], 4),
        "unclassified_rate": round(model.metrics["unclassified_rate"], 4),
        "word_terms": len(word.vocabulary_),
        "char_terms": len(char.vocabulary_),
        "model_joblib_mb": round(size / 1e6, 2),
        "train_seconds": model.metrics["train_seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-contacts", type=int, nargs="+", default=[1, 2, 3, 5])
    parser.add_argument("--legacy", action="store_true")
    parser.add_argument("--generator-weeks", type=int, default=6)
    parser.add_argument("--generator-per-week", type=int, default=1500)
    parser.add_argument("--skip-banking77", action="store_true")
    args = parser.parse_args()
    settings: list[int | None] = ([None] if args.legacy else []) + list(args.min_contacts)
    results: dict[str, list[dict[str, Any]]] = {"banking77": [], "generator": []}
    if not args.skip_banking77:
        frame = pl.read_csv(args.data)
        texts, labels = frame.get_column("text").to_list(), frame.get_column("category").to_list()
        for value in settings:
            results["banking77"].append(measure(texts, labels, value))
            print(json.dumps(results["banking77"][-1]), flush=True)
    texts, labels = generator_data(args.generator_weeks, args.generator_per_week, seed=7)
    for value in settings:
        results["generator"].append(measure(texts, labels, value))
        print(json.dumps(results["generator"][-1]), flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
