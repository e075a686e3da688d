"""``contact-topics governance``: what a council's DPO and governance board sign off.

contact-topics governance audit [--since YYYY-MM-DD]         the audit log (ops.audit_log)
contact-topics governance erase --caller-id ID [--dry-run]   erase one person's data
contact-topics governance subject-access --caller-id ID --output FILE
contact-topics governance retention [--dry-run]              apply the retention periods
contact-topics governance atrs [--output FILE.md] [--json FILE] [--config governance.yaml]
contact-topics governance model-card [--model-dir DIR]       the model card of a model
contact-topics governance dpia [--output FILE.md] [--config governance.yaml]   DPIA inputs

Commands that change the work directory (erase, subject-access, retention) hold its lock, so
they are refused at once ("busy") while a run holds it. See docs/governance.md.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipelines.orchestration import workdir_lock
from pipelines.settings import Settings

log = logging.getLogger(__name__)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(workdir=args.workdir)


def cmd_audit(args: argparse.Namespace) -> int:
    from pipelines.governance.audit import format_audit, read_audit

    since = date.fromisoformat(args.since) if args.since else None
    print(format_audit(read_audit(_settings(args), since)))
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from pipelines.governance.erasure import erase

    settings = _settings(args)
    with workdir_lock(settings.workdir):
        report = erase(settings, args.caller_id, dry_run=args.dry_run)
    print(("dry run: " if args.dry_run else "") + report.describe())
    return 0


def cmd_subject_access(args: argparse.Namespace) -> int:
    from pipelines.governance.subject_access import subject_access

    settings = _settings(args)
    with workdir_lock(settings.workdir):
        counts = subject_access(settings, args.caller_id, Path(args.output))
    if counts["rows"] == 0:
        print(f"no stored rows for that caller id; wrote an empty export to {args.output}")
    else:
        print(f"wrote {counts['rows']} row(s) for {counts['contacts']} contact(s) to {args.output}")
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from pipelines.governance.retention import apply_retention

    settings = _settings(args)
    with workdir_lock(settings.workdir):
        report = apply_retention(settings, dry_run=args.dry_run)
    print(report.describe())
    return 0


def cmd_atrs(args: argparse.Namespace) -> int:
    from pipelines.governance.atrs import write_atrs

    settings = _settings(args)
    config = Path(args.config) if args.config else None
    written = write_atrs(
        settings,
        config,
        Path(args.output) if args.output else None,
        Path(args.json) if args.json else None,
    )
    if written.markdown_path is None and written.json_path is None:
        print(written.markdown)
    for path in (written.markdown_path, written.json_path):
        if path is not None:
            print(f"wrote {path}")
    print(f"fields for the council to complete: {len(written.to_complete)}")
    return 0


def cmd_model_card(args: argparse.Namespace) -> int:
    from pipelines.governance.model_card import model_card_text

    settings = _settings(args)
    print(model_card_text(settings, Path(args.model_dir) if args.model_dir else None))
    return 0


def cmd_dpia(args: argparse.Namespace) -> int:
    from pipelines.governance.dpia import write_dpia

    settings = _settings(args)
    output = Path(args.output) if args.output else None
    text, left = write_dpia(settings, Path(args.config) if args.config else None, output)
    print(f"wrote {output}" if output else text)
    print(f"items left for the council: {left}")
    return 0


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    with_workdir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Add ``governance`` and its sub-commands."""
    group = subparsers.add_parser(
        "governance", help="audit log, erasure, subject access, retention, ATRS, model card"
    )
    actions = group.add_subparsers(dest="governance_command", required=True)

    audit = with_workdir(actions.add_parser("audit", help="print the audit log"))
    audit.add_argument("--since", help="only rows logged on or after this date (YYYY-MM-DD)")
    audit.set_defaults(func=cmd_audit)

    erase = with_workdir(actions.add_parser("erase", help="erase one person's data"))
    erase.add_argument(
        "--caller-id", required=True, help="as the source holds it: phone, e-mail or CRM id"
    )
    erase.add_argument("--dry-run", action="store_true", help="count, change nothing")
    erase.set_defaults(func=cmd_erase)

    access = with_workdir(
        actions.add_parser("subject-access", help="export what is held about one person")
    )
    access.add_argument("--caller-id", required=True)
    access.add_argument("--output", required=True, help="a .json file (or .csv of contacts)")
    access.set_defaults(func=cmd_subject_access)

    retention = with_workdir(actions.add_parser("retention", help="apply the retention periods"))
    retention.add_argument("--dry-run", action="store_true", help="list, remove nothing")
    retention.set_defaults(func=cmd_retention)

    atrs = with_workdir(actions.add_parser("atrs", help="write the ATRS v3.0 record"))
    atrs.add_argument("--output", help="Markdown file (default: print it)")
    atrs.add_argument("--json", help="also write the record as JSON")
    atrs.add_argument("--config", help="governance.yaml (default: <workdir>/governance.yaml)")
    atrs.set_defaults(func=cmd_atrs)

    card = with_workdir(actions.add_parser("model-card", help="print a model's model card"))
    card.add_argument("--model-dir", help="a model folder (default: the current model)")
    card.set_defaults(func=cmd_model_card)

    dpia = with_workdir(actions.add_parser("dpia", help="write the facts a DPIA needs"))
    dpia.add_argument("--output", help="Markdown file (default: print it)")
    dpia.add_argument("--config", help="governance.yaml (default: <workdir>/governance.yaml)")
    dpia.set_defaults(func=cmd_dpia)
