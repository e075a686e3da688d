"""``contact-topics validate``: run a Great Expectations checkpoint by hand, or create the project.

contact-topics validate --init                       create missing suites and checkpoints
contact-topics validate raw_contacts [--where SQL]   the raw checkpoint on the warehouse
contact-topics validate published                    the published checkpoint
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pipelines.quality import suites as specs


def cmd_validate(args: argparse.Namespace) -> int:
    from pipelines.quality import ensure_project, validate_published, validate_raw
    from pipelines.settings import Settings
    from pipelines.warehouse import connect

    if args.init:
        created = ensure_project(args.project_dir)
        print("created: " + ", ".join(created) if created else "nothing to create")
    if not args.checkpoint:
        if args.init:
            return 0
        print("contact-topics validate: give a checkpoint name or --init")
        return 2
    settings = Settings.from_env(workdir=args.workdir)
    warehouse = args.warehouse or settings.warehouse_path
    con = connect(warehouse, read_only=True)
    try:
        if args.checkpoint == specs.RAW_CHECKPOINT:
            report = validate_raw(
                con,
                where=args.where,
                project_dir=args.project_dir,
                min_contact_date=settings.min_contact_date,
            )
        else:
            report = validate_published(con, project_dir=args.project_dir)
    finally:
        con.close()
    print(report.summary())
    return 0 if report.success else 1


def register(subparsers, with_workdir: Callable) -> None:  # type: ignore[no-untyped-def]
    """Add ``validate`` to the command line (``pipelines.cli.main.CLI_PLUGINS``)."""
    parser = with_workdir(
        subparsers.add_parser(
            "validate", help="run a Great Expectations checkpoint, or create missing suites"
        )
    )
    parser.add_argument("checkpoint", nargs="?", choices=sorted(specs.CHECKPOINTS))
    parser.add_argument("--init", action="store_true", help="create missing GE project files")
    parser.add_argument("--project-dir", type=Path, default=None)
    parser.add_argument("--warehouse", type=Path, help="DuckDB file (default: from settings)")
    parser.add_argument("--where", help="SQL filter on raw.contacts (raw_contacts only)")
    parser.set_defaults(func=cmd_validate)
