"""``contact-topics bot export``: the top automation candidates as bot intents.

contact-topics bot export --format {lex_v2,rasa,csv} [--top N] --output DIR [--workdir DIR]
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
DEFAULT_TOP = 10


def cmd_bot_export(args: argparse.Namespace) -> int:
    from pipelines.export import FORMATS, BotExportError, load_bot_intents, write_bot_export
    from pipelines.settings import Settings

    if args.format not in FORMATS:
        raise BotExportError(f"unsupported format {args.format!r}; supported: {', '.join(FORMATS)}")
    settings = Settings.from_env(workdir=args.workdir)
    intents, left_out = load_bot_intents(
        settings.warehouse_path, top=args.top, taxonomy_file=settings.taxonomy_file
    )
    path = write_bot_export(intents, Path(args.output), args.format)
    utterances = sum(len(i.utterances) for i in intents)
    print(
        f"{len(intents)} intents ({utterances} utterances) written to {path} and validated; "
        f"handover notes in {Path(args.output) / 'handover.md'}"
    )
    for topic_id, reason in left_out.items():
        print(f"  left out {topic_id}: {reason}")
    return 0


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    with_workdir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Add ``bot export``."""
    bot = subparsers.add_parser("bot", help="export automation candidates to a bot platform")
    actions = bot.add_subparsers(dest="bot_command", required=True)
    export = with_workdir(
        actions.add_parser("export", help="the top automation candidates as bot intents")
    )
    export.add_argument(
        "--format", required=True, help="lex_v2 (Amazon Lex V2 import zip), rasa or csv"
    )
    export.add_argument("--top", type=int, default=DEFAULT_TOP, help="how many candidates")
    export.add_argument("--output", required=True, help="folder to write to")
    export.set_defaults(func=cmd_bot_export)
