"""``contact-topics taxonomy propose``: a first taxonomy from unlabelled texts (cold start).

contact-topics taxonomy propose --input FILE --text-column C --output-dir DIR
                                [--min-topics N] [--max-topics M] [--seed S]

Plugged into the ``taxonomy`` command that ``pipelines.cli.discovery`` adds (so it must be
registered after it in ``pipelines.cli.main.CLI_PLUGINS``).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def cmd_propose(args: argparse.Namespace) -> int:
    from pipelines.cli.discovery import _read_input
    from pipelines.discovery.proposal_files import write_proposal
    from pipelines.discovery.propose import propose_taxonomy
    from pipelines.privacy import load_extra_patterns
    from pipelines.settings import Settings

    settings = Settings.from_env()
    source = Path(args.input)
    frame = _read_input(source, args.text_column)
    if args.text_column in ("row", "proposed_topic_id", "proposed_topic_name"):
        raise ValueError(f"--text-column {args.text_column!r} clashes with a column written")
    proposal = propose_taxonomy(
        frame.get_column(args.text_column).to_list(),
        min_topics=args.min_topics,
        max_topics=args.max_topics,
        seed=args.seed,
        extra_patterns=load_extra_patterns(settings.redaction_patterns_file),
    )
    paths = write_proposal(
        proposal,
        Path(args.output_dir),
        source=str(source),
        text_column=args.text_column,
        seed=args.seed,
    )
    unassigned = sum(1 for a in proposal.assignments if a is None)
    print(
        f"{len(proposal.assignments):,} texts: {len(proposal.topics)} topics proposed "
        f"(k={proposal.chosen_k}: {int(proposal.k_choice['dense_groups'])} dense groups in a "
        f"sample of {int(proposal.k_choice['sample_texts']):,}), {unassigned:,} unassigned "
        f"({proposal.unassigned_share:.1%}), {proposal.seconds:.1f} s"
    )
    for reason, count in proposal.unassigned.items():
        print(f"  unassigned {reason}: {count:,}")
    merges = sum(1 for t in proposal.topics if t.merge_candidates)
    print(f"  {merges} topics marked as merge candidates")
    for note in proposal.notes:
        print(f"  note: {note}")
    for name, path in paths.items():
        print(f"  {name:<12} {path}")
    return 0


def _taxonomy_actions(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    taxonomy = subparsers.choices.get("taxonomy")
    if taxonomy is None:
        raise RuntimeError("register pipelines.cli.taxonomy after pipelines.cli.discovery")
    for action in taxonomy._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the 'taxonomy' command has no sub-commands")


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    with_workdir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Add ``taxonomy propose``."""
    from pipelines.discovery.propose import DEFAULT_MAX_TOPICS, DEFAULT_MIN_TOPICS

    propose = _taxonomy_actions(subparsers).add_parser(
        "propose", help="propose a first taxonomy from unlabelled texts"
    )
    propose.add_argument("--input", required=True, help="CSV, JSON Lines or Parquet file")
    propose.add_argument("--text-column", required=True, help="the column holding the texts")
    propose.add_argument(
        "--output-dir", required=True, help="folder for taxonomy.yaml, assignments.csv, review.html"
    )
    propose.add_argument("--min-topics", type=int, default=DEFAULT_MIN_TOPICS)
    propose.add_argument("--max-topics", type=int, default=DEFAULT_MAX_TOPICS)
    propose.add_argument("--seed", type=int, default=0)
    propose.set_defaults(func=cmd_propose)
