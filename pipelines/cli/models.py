"""Model sub-commands of ``contact-topics``: train, classify, evaluate, topic-terms, import-reviews.

    contact-topics train --input FILE --text-column COL --label-column COL --model-dir DIR
                         [--seed N]
    contact-topics train [--workdir DIR] [--seed N] [--force]   from the warehouse; promoted if
                                                                not worse than the current model
    contact-topics classify --model-dir DIR --input FILE --text-column COL --output FILE
                            [--explain] [--threshold T]
    contact-topics evaluate --model-dir DIR --input FILE --text-column COL --label-column COL
                            [--json]
    contact-topics topic-terms --model-dir DIR [--topic ID] [--terms N]
    contact-topics import-reviews FILE [--workdir DIR]

FILE is CSV, JSON Lines (.jsonl/.ndjson) or Parquet, chosen by its suffix. ``--model-dir`` is a
model folder (holding ``model.json``) or a models folder holding ``current``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
from tqdm import tqdm

from pipelines.contract import UNCLASSIFIED
from pipelines.topics import (
    CURRENT_POINTER,
    TOP_TERMS_PER_TOPIC,
    BatchWriter,
    LabelledFileError,
    TrainedModel,
    current_model_folder,
    evaluate_model,
    explain_texts,
    iter_batches,
    load_model,
    predict,
    read_labelled,
    topic_terms,
    train_from_file,
)

log = logging.getLogger("contact_topics")
CLASSIFY_BATCH_ROWS = 50_000
OUTPUT_COLUMNS = ("topic", "confidence", "explanation")


def _model(model_dir: str) -> TrainedModel:
    folder = Path(model_dir)
    if (folder / CURRENT_POINTER).is_file():
        folder = current_model_folder(folder)
    return load_model(folder)


def _summary(model: TrainedModel) -> str:
    metrics = model.metrics
    return (
        f"model {model.version}: {len(model.labels)} topics, {model.n_train:,} texts; held-out "
        f"accuracy {metrics.get('accuracy', float('nan')):.3f}, macro-F1 "
        f"{metrics.get('macro_f1', float('nan')):.3f}, threshold {model.threshold:.3f}"
    )


def cmd_train(args: argparse.Namespace) -> int:
    if args.input is None:
        from pipelines.settings import Settings
        from pipelines.topics import train_from_warehouse

        if args.text_column or args.label_column or args.model_dir:
            log.error("--text-column, --label-column and --model-dir go with --input")
            return 2
        settings = Settings.from_env(workdir=args.workdir)
        result = train_from_warehouse(settings, seed=args.seed, force=args.force)
        print(_summary(result.model))
        verdict = "promoted to" if result.decision.promoted else "NOT promoted to"
        print(f"{verdict} {settings.models_dir / 'current'}: {result.decision.reason}")
        return 0
    if not (args.text_column and args.label_column and args.model_dir):
        log.error("--input needs --text-column, --label-column and --model-dir")
        return 2
    from pipelines.privacy import load_extra_patterns
    from pipelines.settings import Settings

    settings = Settings.from_env(workdir=args.workdir)
    patterns = load_extra_patterns(settings.redaction_patterns_file)
    model = train_from_file(  # redacts the texts first; writes model_card.md and an audit row
        Path(args.input),
        args.text_column,
        args.label_column,
        Path(args.model_dir),
        args.seed,
        extra_patterns=patterns,
        settings=settings,
    )
    if model.dropped_labels:
        print(f"left out (fewer than 2 examples): {', '.join(sorted(model.dropped_labels))}")
    print(_summary(model))
    print(f"written to {args.model_dir}; recorded in {settings.warehouse_path} (ops.audit_log)")
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    model = _model(args.model_dir)
    added = OUTPUT_COLUMNS if args.explain else OUTPUT_COLUMNS[:2]
    writer = BatchWriter(Path(args.output))
    counts = {"rows": 0, "unclassified": 0}
    progress = tqdm(unit=" rows", disable=not sys.stderr.isatty(), desc="classify")
    try:
        for batch in iter_batches(Path(args.input), args.text_column, args.batch_rows):
            clash = [column for column in added if column in batch.columns]
            if clash:
                raise LabelledFileError(
                    f"{args.input}: already has column(s) {', '.join(clash)}, which classify "
                    "adds; rename them"
                )
            texts = batch.get_column(args.text_column).cast(pl.Utf8).to_list()
            result = predict(model, texts, args.threshold)
            columns = [
                pl.Series("topic", list(result.topic), dtype=pl.Utf8),
                pl.Series("confidence", result.confidence, dtype=pl.Float64),
            ]
            if args.explain:
                explanation = explain_texts(model.pipeline, texts, list(result.topic))
                columns.append(pl.Series("explanation", explanation, dtype=pl.Utf8))
            writer.write(batch.with_columns(columns))
            counts["rows"] += batch.height
            counts[UNCLASSIFIED] += int((result.topic == UNCLASSIFIED).sum())
            progress.update(batch.height)
    except BaseException:
        writer.abort()
        raise
    finally:
        progress.close()
    writer.close()
    print(
        f"classified {counts['rows']:,} rows with model {model.version}: "
        f"{counts['unclassified']:,} unclassified; written to {args.output}"
    )
    return 0


def format_evaluation(report: dict, model: TrainedModel) -> str:
    """The evaluation figures as a few lines of text for a person."""
    lines = [
        f"model {model.version} on {report['n']:,} labelled texts",
        f"accuracy          {report['accuracy']:.3f}",
        f"macro-F1          {report['macro_f1']:.3f}",
        f"unclassified      {report['unclassified_rate']:.1%} (threshold {model.threshold:.3f})",
    ]
    if report.get("accuracy_when_classified") is not None:
        lines.append(f"accuracy when classified {report['accuracy_when_classified']:.3f}")
    if report["unknown_labels"]:
        lines.append(f"labels the model does not know: {', '.join(report['unknown_labels'])}")
    if report["top_confused_pairs"]:
        lines.append("most confused (true -> predicted: count):")
        lines += [
            f"  {pair['true']} -> {pair['predicted']}: {pair['count']}"
            for pair in report["top_confused_pairs"]
        ]
    return "\n".join(lines)


def cmd_evaluate(args: argparse.Namespace) -> int:
    model = _model(args.model_dir)
    texts, labels = read_labelled(Path(args.input), args.text_column, args.label_column)
    pairs = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab is not None]
    if len(pairs) < len(texts):
        log.warning("%s: %d row(s) without a label left out", args.input, len(texts) - len(pairs))
    if not pairs:
        raise LabelledFileError(f"{args.input}: no row has a label in {args.label_column!r}")
    report = evaluate_model(model, [t for t, _ in pairs], [lab for _, lab in pairs])
    report["model_version"] = model.version
    report["threshold"] = model.threshold
    print(json.dumps(report, indent=2) if args.json else format_evaluation(report, model))
    return 0


def cmd_topic_terms(args: argparse.Namespace) -> int:
    model = _model(args.model_dir)
    terms = topic_terms(model.pipeline, args.terms)
    if args.topic is not None:
        if args.topic not in terms:
            raise LabelledFileError(f"model {model.version} has no topic {args.topic!r}")
        terms = {args.topic: terms[args.topic]}
    for topic, words in terms.items():
        print(f"{topic}: {', '.join(words)}")
    return 0


def cmd_import_reviews(args: argparse.Namespace) -> int:
    from pipelines.settings import Settings
    from pipelines.topics import import_reviews

    stored = import_reviews(Settings.from_env(workdir=args.workdir), Path(args.file))
    print(f"stored {stored:,} reviewed label(s) in ml.reviewed_topics")
    return 0


def register(subparsers: argparse._SubParsersAction, with_workdir: Callable) -> None:
    """Add the model sub-commands to the ``contact-topics`` parser."""
    train = with_workdir(subparsers.add_parser("train", help="train a topic model"))
    train.add_argument(
        "--input", help="labelled CSV/JSONL/Parquet (default: the warehouse's labelled contacts)"
    )
    train.add_argument("--text-column")
    train.add_argument("--label-column")
    train.add_argument("--model-dir", help="folder for the model (with --input)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument(
        "--force", action="store_true", help="(warehouse) promote even if worse than the current"
    )
    train.set_defaults(func=cmd_train)

    classify = subparsers.add_parser("classify", help="add topic and confidence to a file")
    for name in ("--model-dir", "--input", "--text-column", "--output"):
        classify.add_argument(name, required=True)
    classify.add_argument("--explain", action="store_true", help="add the top terms per row")
    classify.add_argument("--threshold", type=float, help="override the model's threshold")
    classify.add_argument("--batch-rows", type=int, default=CLASSIFY_BATCH_ROWS)
    classify.set_defaults(func=cmd_classify)

    evaluate = subparsers.add_parser("evaluate", help="score a model on a labelled file")
    for name in ("--model-dir", "--input", "--text-column", "--label-column"):
        evaluate.add_argument(name, required=True)
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.set_defaults(func=cmd_evaluate)

    terms = subparsers.add_parser("topic-terms", help="the words that push towards each topic")
    terms.add_argument("--model-dir", required=True)
    terms.add_argument("--topic", help="only this topic")
    terms.add_argument("--terms", type=int, default=TOP_TERMS_PER_TOPIC)
    terms.set_defaults(func=cmd_topic_terms)

    reviews = with_workdir(
        subparsers.add_parser("import-reviews", help="load analysts' topic corrections (CSV)")
    )
    reviews.add_argument(
        "file", help="CSV: source_system, contact_id, topic_id[, reviewed_by, note]"
    )
    reviews.set_defaults(func=cmd_import_reviews)
