"""Sub-commands for topic discovery and taxonomy promotion (plugged into ``pipelines.cli.main``).

contact-topics discover --input FILE --text-column COL --output-dir DIR
                        [--model-dir DIR] [--all] [--min-cluster-size N] [--seed S]
contact-topics discover --weekly [--rebuild]           the pipeline's step on the warehouse
contact-topics taxonomy promote CLUSTER_ID --topic-id ID --name NAME
                        [--service-area S] [--description D] [--by WHO] [--taxonomy-file F]
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

import polars as pl

from pipelines.discovery import MIN_CLUSTER_SIZE
from pipelines.settings import Settings

log = logging.getLogger(__name__)
REPRESENTATIVE_SEPARATOR = " | "


def _read_input(path: Path, text_column: str) -> pl.DataFrame:
    from pipelines.topics import LabelledFileError, check_utf8, format_of

    file_format = format_of(path)
    if not path.is_file():
        raise LabelledFileError(f"{path}: no such file")
    if file_format == "parquet":
        frame = pl.read_parquet(path)
    else:
        check_utf8(path)
        reader = pl.read_csv if file_format == "csv" else pl.read_ndjson
        kwargs = {"infer_schema": False} if file_format == "csv" else {}
        frame = reader(path, **kwargs)  # type: ignore[operator]
    if text_column not in frame.columns:
        raise LabelledFileError(
            f"{path}: no column {text_column!r}; the columns are {', '.join(frame.columns)}"
        )
    return frame.with_columns(pl.col(text_column).cast(pl.Utf8))


def cmd_discover(args: argparse.Namespace) -> int:
    if args.weekly:
        from pipelines.discovery import discover_weekly

        settings = Settings.from_env(workdir=args.workdir)
        report = discover_weekly(
            settings, min_cluster_size=args.min_cluster_size, seed=args.seed, rebuild=args.rebuild
        )
        print(
            f"processed {len(report.weeks_processed)} week(s): {report.clusters} clusters, "
            f"{report.new_themes} new themes (published.emerging_topics after 'contact-topics run')"
        )
        return 0
    if not (args.input and args.text_column and args.output_dir):
        log.error("discover needs --input, --text-column and --output-dir (or --weekly)")
        return 2
    from pipelines.contract import UNCLASSIFIED
    from pipelines.discovery import discover
    from pipelines.topics import load_model, predict

    frame = _read_input(Path(args.input), args.text_column)
    texts = frame.get_column(args.text_column).to_list()
    model = load_model(Path(args.model_dir)) if args.model_dir else None
    chosen = list(range(len(texts)))
    if model is not None:
        topics = predict(model, texts).topic
        frame = frame.with_columns(pl.Series("topic_id", list(topics), dtype=pl.Utf8))
        if not args.all:
            chosen = [i for i, topic in enumerate(topics) if topic == UNCLASSIFIED]
    result = discover(
        [texts[i] for i in chosen],
        min_cluster_size=args.min_cluster_size or MIN_CLUSTER_SIZE,
        seed=args.seed,
        model=model,
    )
    assignments: list[int | None] = [None] * len(texts)
    for row, cluster in zip(chosen, result.assignments, strict=True):
        assignments[row] = cluster
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    clusters = pl.DataFrame(
        {
            "cluster_id": [c.cluster_id for c in result.clusters],
            "size": [c.size for c in result.clusters],
            "label": [c.label for c in result.clusters],
            "representative_texts": [
                REPRESENTATIVE_SEPARATOR.join(" ".join(t.split()) for t in c.representatives)
                for c in result.clusters
            ],
            "cohesion": [c.cohesion for c in result.clusters],
        },
        schema={
            "cluster_id": pl.Int64,
            "size": pl.Int64,
            "label": pl.Utf8,
            "representative_texts": pl.Utf8,
            "cohesion": pl.Float64,
        },
    )
    clusters.write_csv(out / "clusters.csv")
    frame.with_columns(pl.Series("cluster_id", assignments, dtype=pl.Int64)).write_csv(
        out / "assignments.csv"
    )
    print(
        f"{len(chosen):,} of {len(texts):,} texts clustered: {len(result.clusters)} clusters, "
        f"{result.noise_share:.1%} noise, {result.seconds:.1f} s; wrote {out / 'clusters.csv'} "
        f"and {out / 'assignments.csv'}"
    )
    return 0


def cmd_promote(args: argparse.Namespace) -> int:
    from pipelines.discovery import promote_cluster

    settings = Settings.from_env(workdir=args.workdir)
    result = promote_cluster(
        settings,
        args.cluster_id,
        topic_id=args.topic_id,
        name=args.name,
        service_area=args.service_area,
        description=args.description,
        promoted_by=args.by,
        taxonomy_file=Path(args.taxonomy_file) if args.taxonomy_file else None,
    )
    print(
        f"added topic {result.topic.id!r} to {result.taxonomy_file} (from cluster "
        f"{args.cluster_id}, by {result.topic.promoted_by} at {result.topic.promoted_at}); "
        f"{result.contacts_labelled:,} contacts labelled for training "
        f"({result.contacts_already_reviewed:,} already had a reviewed label). "
        "Run 'contact-topics train' to retrain."
    )
    return 0


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    with_workdir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Add ``discover`` and ``taxonomy promote``."""
    disc = with_workdir(
        subparsers.add_parser("discover", help="cluster texts into themes the taxonomy lacks")
    )
    disc.add_argument("--input", help="CSV, JSON Lines or Parquet file of texts")
    disc.add_argument("--text-column", help="the column holding the texts")
    disc.add_argument("--output-dir", help="folder for clusters.csv and assignments.csv")
    disc.add_argument(
        "--model-dir", help="topic model: cluster only the texts it leaves unclassified"
    )
    disc.add_argument("--all", action="store_true", help="with --model-dir: cluster every text")
    disc.add_argument(
        "--min-cluster-size",
        type=int,
        help=f"smallest cluster (default {MIN_CLUSTER_SIZE}; with --weekly: "
        "$CONTACT_TOPICS_DISCOVERY_MIN_CLUSTER_SIZE)",
    )
    disc.add_argument("--seed", type=int, default=0)
    disc.add_argument("--weekly", action="store_true", help="run the weekly step on the warehouse")
    disc.add_argument("--rebuild", action="store_true", help="with --weekly: redo every week")
    disc.set_defaults(func=cmd_discover)

    taxonomy = subparsers.add_parser("taxonomy", help="change the topic taxonomy")
    actions = taxonomy.add_subparsers(dest="taxonomy_command", required=True)
    promote = with_workdir(
        actions.add_parser("promote", help="add a discovered cluster to the taxonomy")
    )
    promote.add_argument("cluster_id", help="a cluster id from published.emerging_topics")
    promote.add_argument("--topic-id", required=True, help="new topic id (snake_case)")
    promote.add_argument("--name", required=True, help="topic name shown to service managers")
    promote.add_argument("--service-area", default="Emerging topics")
    promote.add_argument("--description")
    promote.add_argument("--by", help="who promotes it (default: the login name)")
    promote.add_argument(
        "--taxonomy-file", help="taxonomy to add it to (default: $CONTACT_TOPICS_TAXONOMY_FILE)"
    )
    promote.set_defaults(func=cmd_promote)
