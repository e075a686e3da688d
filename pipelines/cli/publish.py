"""``contact-topics publish``: write the published files and report again."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from pipelines.publish import publish
from pipelines.settings import Settings


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish the warehouse's tables again (e.g. after changing the publishing settings)."""
    report = publish(Settings.from_env(workdir=args.workdir))
    print("\n".join(report.locations()))
    return 0


def register(subparsers, with_workdir: Callable) -> None:  # type: ignore[no-untyped-def]
    """Add ``publish`` to the command line (``pipelines.cli.main.CLI_PLUGINS``)."""
    parser = with_workdir(
        subparsers.add_parser("publish", help="write the published files and report again")
    )
    parser.set_defaults(func=cmd_publish)
